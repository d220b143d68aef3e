//! Charts as SVG, drawn on the server with Leptos `view!` (every label escaped): they read the
//! same on a 360 px phone (the view box is phone-sized and scales) and on paper (fills and
//! strokes, no CSS needed). Every chart is shown with its numbers as a table beside it; the
//! chart only makes them quick to read.
use leptos::prelude::*;

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

/// A length in the view box, as SVG attributes carry it (one decimal).
fn at(v: f64) -> String {
    format!("{v:.1}")
}

/// Horizontal bars, one row each, scaled to `max` (for percentages, 100).
pub fn hbars(title: &str, bars: Vec<Bar>, max: f64, colour: &'static str) -> AnyView {
    const ROW: f64 = 30.0;
    const LABEL: f64 = 92.0;
    const BAR_END: f64 = 282.0;
    const THICK: &str = "18";
    let height = ROW * bars.len().max(1) as f64 + 6.0;
    let max = if max > 0.0 { max } else { 1.0 };
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            let y = 3.0 + ROW * i as f64;
            let w = ((b.value / max).clamp(0.0, 1.0) * (BAR_END - LABEL)).max(0.0);
            view! {
                <text x=at(LABEL - 6.0) y=at(y + 19.0) font-size="13" text-anchor="end" fill=INK>
                    {clip(&b.label, 7)}
                </text>
                <rect x=at(LABEL) y=at(y + 6.0) width=at(BAR_END - LABEL) height=THICK fill=GRID />
                <rect x=at(LABEL) y=at(y + 6.0) width=at(w) height=THICK fill=colour />
                <text x=at(BAR_END + 4.0) y=at(y + 19.0) font-size="13" fill=INK>
                    {b.text}
                </text>
            }
        })
        .collect_view();
    frame(title, height, rows)
}

/// Grouped columns over labelled periods (the twelve months), with a legend.
pub fn columns(title: &str, labels: &[String], series: &[(String, Vec<i64>)]) -> AnyView {
    const HEIGHT: f64 = 210.0;
    const LEFT: f64 = 34.0;
    const TOP: f64 = 30.0;
    const BOTTOM: f64 = 180.0;
    let max = series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let top = nice_ceiling(max);
    let legend = series
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            let x = LEFT + 100.0 * i as f64;
            view! {
                <rect x=at(x) y="6" width="12" height="12" fill=COLOURS[i % COLOURS.len()] />
                <text x=at(x + 16.0) y="17" font-size="12" fill=INK>
                    {name.clone()}
                </text>
            }
        })
        .collect_view();
    // A middle line only where it falls on a whole number.
    let fracs: &[f64] = if top % 2 == 0 {
        &[0.0, 0.5, 1.0]
    } else {
        &[0.0, 1.0]
    };
    let grid = fracs
        .iter()
        .map(|&frac| {
            let y = BOTTOM - (BOTTOM - TOP) * frac;
            view! {
                <line x1=at(LEFT) y1=at(y) x2=at(WIDTH) y2=at(y) stroke=GRID />
                <text x=at(LEFT - 4.0) y=at(y + 4.0) font-size="11" text-anchor="end" fill=MUTED>
                    {(top as f64 * frac).round() as i64}
                </text>
            }
        })
        .collect_view();
    let n = labels.len().max(1) as f64;
    let slot = (WIDTH - LEFT) / n;
    let bar = (slot - 4.0) / series.len().max(1) as f64;
    let periods = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let x0 = LEFT + slot * i as f64 + 2.0;
            let bars = series
                .iter()
                .enumerate()
                .map(|(k, (_, values))| {
                    let v = values.get(i).copied().unwrap_or(0);
                    let h = (BOTTOM - TOP) * v as f64 / top as f64;
                    view! {
                        <rect
                            x=at(x0 + bar * k as f64)
                            y=at(BOTTOM - h)
                            width=at((bar - 0.5).max(1.0))
                            height=at(h)
                            fill=COLOURS[k % COLOURS.len()]
                        />
                    }
                })
                .collect_view();
            view! {
                {bars}
                <text
                    x=at(x0 + (slot - 4.0) / 2.0)
                    y=at(BOTTOM + 16.0)
                    font-size="11"
                    text-anchor="middle"
                    fill=MUTED
                >
                    {label.clone()}
                </text>
            }
        })
        .collect_view();
    frame(title, HEIGHT, (legend, grid, periods))
}

/// The `<svg>` around a chart's marks, named for screen readers by its title.
fn frame(title: &str, height: f64, marks: impl IntoView + 'static) -> AnyView {
    view! {
        <svg
            class="chart"
            role="img"
            aria-label=title.to_string()
            viewBox=format!("0 0 {WIDTH} {height}")
            width="100%"
            preserveAspectRatio="xMinYMin meet"
            xmlns="http://www.w3.org/2000/svg"
        >
            <title>{title.to_string()}</title>
            {marks}
        </svg>
    }
    .into_any()
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
            vec![
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
        )
        .to_html();
        assert!(!svg.contains("<script>"));
        assert!(
            svg.contains("&lt;scrip…"),
            "escaped, and clipped to seven characters"
        );
        assert!(svg.contains(r#"aria-label="a&lt;b""#));
        // Half of the 190-unit track, and a value over the maximum stops at the end.
        assert!(svg.contains(r##"width="95.0" height="18" fill="#b3261e""##));
        assert!(svg.contains(r##"width="190.0" height="18" fill="#b3261e""##));
        assert_eq!(svg.matches("<title>a&lt;b</title>").count(), 1, "{svg}");
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
        )
        .to_html();
        assert_eq!(
            svg.matches("<rect").count(),
            2 + 24,
            "legend swatches and bars"
        );
        assert!(svg.contains(">12月<"));
        assert!(svg.ends_with("</svg>"));
    }
}
