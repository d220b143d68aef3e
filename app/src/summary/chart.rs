//! Charts as SVG text, drawn on the server: they read the same on a 360 px phone (the view
//! box is phone-sized and scales) and on paper (fills and strokes, no CSS needed). Every chart
//! is shown with its numbers as a table beside it; the chart only makes them quick to read.
use std::fmt::Write;

use crate::ui::esc;

const WIDTH: f64 = 340.0;
const INK: &str = "#1d1b1a";
const MUTED: &str = "#5f5a56";
const GRID: &str = "#e3ddd8";
/// Series colours that stay apart in greyscale print: dark red, mid blue, light amber.
pub const COLOURS: [&str; 3] = ["#b3261e", "#3b6fb6", "#d9a400"];

/// One bar of a horizontal bar chart: its label, its length, the text at its end.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

/// Horizontal bars, one row each, scaled to `max` (for percentages, 100).
pub fn hbars(title: &str, bars: &[Bar], max: f64, colour: &str) -> String {
    const ROW: f64 = 30.0;
    const LABEL: f64 = 92.0;
    const BAR_END: f64 = 282.0;
    let height = ROW * bars.len().max(1) as f64 + 6.0;
    let mut s = open(title, height);
    let max = if max > 0.0 { max } else { 1.0 };
    for (i, b) in bars.iter().enumerate() {
        let y = 3.0 + ROW * i as f64;
        let w = ((b.value / max).clamp(0.0, 1.0) * (BAR_END - LABEL)).max(0.0);
        let _ = write!(
            s,
            r#"<text x="{x}" y="{ty}" font-size="13" text-anchor="end" fill="{INK}">{label}</text><rect x="{LABEL}" y="{ry}" width="{bw:.1}" height="{BAR_END_GAP}" fill="{GRID}"/><rect x="{LABEL}" y="{ry}" width="{w:.1}" height="{BAR_END_GAP}" fill="{colour}"/><text x="{vx:.1}" y="{ty}" font-size="13" fill="{INK}">{text}</text>"#,
            x = LABEL - 6.0,
            ty = y + 19.0,
            label = esc(&clip(&b.label, 7)),
            ry = y + 6.0,
            bw = BAR_END - LABEL,
            BAR_END_GAP = 18,
            vx = BAR_END + 4.0,
            text = esc(&b.text),
        );
    }
    s.push_str("</svg>");
    s
}

/// Grouped columns over labelled periods (the twelve months), with a legend.
pub fn columns(title: &str, labels: &[String], series: &[(String, Vec<i64>)]) -> String {
    const HEIGHT: f64 = 210.0;
    const LEFT: f64 = 34.0;
    const TOP: f64 = 30.0;
    const BOTTOM: f64 = 180.0;
    let mut s = open(title, HEIGHT);
    let max = series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let top = nice_ceiling(max);
    for (i, (name, _)) in series.iter().enumerate() {
        let x = LEFT + 100.0 * i as f64;
        let _ = write!(
            s,
            r#"<rect x="{x}" y="6" width="12" height="12" fill="{c}"/><text x="{tx}" y="17" font-size="12" fill="{INK}">{n}</text>"#,
            c = COLOURS[i % COLOURS.len()],
            tx = x + 16.0,
            n = esc(name),
        );
    }
    // A middle line only where it falls on a whole number.
    let fracs: &[f64] = if top % 2 == 0 {
        &[0.0, 0.5, 1.0]
    } else {
        &[0.0, 1.0]
    };
    for &frac in fracs {
        let y = BOTTOM - (BOTTOM - TOP) * frac;
        let _ = write!(
            s,
            r#"<line x1="{LEFT}" y1="{y}" x2="{WIDTH}" y2="{y}" stroke="{GRID}"/><text x="{lx}" y="{ty}" font-size="11" text-anchor="end" fill="{MUTED}">{v}</text>"#,
            lx = LEFT - 4.0,
            ty = y + 4.0,
            v = (top as f64 * frac).round() as i64,
        );
    }
    let n = labels.len().max(1) as f64;
    let slot = (WIDTH - LEFT) / n;
    let bar = (slot - 4.0) / series.len().max(1) as f64;
    for (i, label) in labels.iter().enumerate() {
        let x0 = LEFT + slot * i as f64 + 2.0;
        for (k, (_, values)) in series.iter().enumerate() {
            let v = values.get(i).copied().unwrap_or(0);
            let h = (BOTTOM - TOP) * v as f64 / top as f64;
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{c}"/>"#,
                x = x0 + bar * k as f64,
                y = BOTTOM - h,
                w = (bar - 0.5).max(1.0),
                c = COLOURS[k % COLOURS.len()],
            );
        }
        let _ = write!(
            s,
            r#"<text x="{x:.1}" y="{y}" font-size="11" text-anchor="middle" fill="{MUTED}">{t}</text>"#,
            x = x0 + (slot - 4.0) / 2.0,
            y = BOTTOM + 16.0,
            t = esc(label),
        );
    }
    s.push_str("</svg>");
    s
}

fn open(title: &str, height: f64) -> String {
    format!(
        r#"<svg class="chart" role="img" aria-label="{t}" viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = esc(title),
    )
}

/// A long label keeps its first characters and an ellipsis: the table has it in full.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// The axis top: 1, 2 or 5 times a power of ten, at least `v`.
pub fn nice_ceiling(v: i64) -> i64 {
    let mut p = 1i64;
    loop {
        for m in [1, 2, 5] {
            if m * p >= v {
                return m * p;
            }
        }
        p = p.saturating_mul(10);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_tops_are_round() {
        assert_eq!(nice_ceiling(1), 1);
        assert_eq!(nice_ceiling(3), 5);
        assert_eq!(nice_ceiling(7), 10);
        assert_eq!(nice_ceiling(11), 20);
        assert_eq!(nice_ceiling(8_431), 10_000);
    }

    #[test]
    fn bars_escape_their_text_and_scale_to_the_maximum() {
        let svg = hbars(
            "a<b",
            &[
                Bar {
                    label: "<script>".into(),
                    value: 50.0,
                    text: "50%".into(),
                },
                Bar {
                    label: "民智村".into(),
                    value: 150.0,
                    text: "150%".into(),
                },
            ],
            100.0,
            COLOURS[0],
        );
        assert!(!svg.contains("<script>"));
        assert!(
            svg.contains("&lt;scrip…"),
            "escaped, and clipped to seven characters"
        );
        assert!(svg.contains(r#"aria-label="a&lt;b""#));
        // Half of the 190-unit track, and a value over the maximum stops at the end.
        assert!(svg.contains(r##"width="95.0" height="18" fill="#b3261e""##));
        assert!(svg.contains(r##"width="190.0" height="18" fill="#b3261e""##));
    }

    #[test]
    fn columns_draw_one_bar_per_value_and_a_label_per_period() {
        let labels: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
        let svg = columns(
            "trend",
            &labels,
            &[
                ("走访".into(), (1..=12).collect()),
                ("反馈".into(), vec![0; 12]),
            ],
        );
        assert_eq!(
            svg.matches("<rect").count(),
            2 + 24,
            "legend swatches and bars"
        );
        assert!(svg.contains(">12月<"));
        assert!(svg.ends_with("</svg>"));
    }
}
