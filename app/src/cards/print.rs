//! Whether a card's words fit the card they are printed on, at 8 (2 × 4) or 10 (2 × 5) an A4
//! page, and at which size of type.
//!
//! The printed card is a fixed box (style/main.css, "Liaison cards", print): header, QR code
//! beside the holder, the duties and promise, then the service days, phone lines and URL pinned
//! to its foot. Only the duties and promise may grow, inside their own box that clips, so nothing
//! ever crosses a cut line. This estimate picks the largest of three type sizes at which that
//! box holds all its words; when even the smallest cannot, the card is `clipped` and the print
//! page names it before anyone prints (the card's own page, behind its QR, shows every word).
//!
//! Widths are estimated, so they err wide: a Chinese character is 1 em, anything else 0.62 em
//! (digits and Latin letters are about 0.55 em in the sans fonts printers get), and a line is
//! taken as 96 % full. The Playwright sheet test checks the estimate against Chromium's own
//! layout: a card not marked clipped never overflows its box.
use super::model::{CardView, Contacts};
use crate::i18n::{Locale, Msg};

/// The type sizes (pt) the duties and promise may take, largest first. The CSS classes
/// `fit-0`… `fit-2` set the same sizes.
pub const FIT_PT: [f64; 3] = [8.0, 7.0, 6.0];

/// How a card's words fit: `step` indexes [`FIT_PT`]; `clipped` when even the smallest size
/// leaves words outside the box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fit {
    pub step: usize,
    pub clipped: bool,
}

// The print layout's measures (mm), as the CSS sets them.
const MM_PER_PT: f64 = 0.3528;
const LINE_HEIGHT: f64 = 1.3;
const SHEET_MM: (f64, f64) = (194.0, 281.0);
const PADDING_MM: (f64, f64) = (3.5, 2.5);
const BORDER_MM: f64 = 0.2;
const GAP_MM: f64 = 0.8;
const HEAD_RULE_MM: f64 = 1.4;
const QR_GAP_MM: f64 = 3.0;
const HEAD_PT: f64 = 8.0;
const NAME_PT: f64 = 11.0;
const PHONE_PT: f64 = 9.0;
const WHO_PT: f64 = 7.5;
const FOOT_PT: f64 = 6.5;

/// The QR code's side (mm): smaller on the smaller card, still well above what a phone reads.
pub fn qr_mm(per: usize) -> f64 {
    if per == 10 {
        20.0
    } else {
        24.0
    }
}

fn em(c: char) -> f64 {
    // CJK, full-width forms and their punctuation all sit at U+2E80 and above.
    if c as u32 >= 0x2E80 {
        1.0
    } else {
        0.62
    }
}

/// Lines `text` takes in a box `width` mm wide at `pt`; each line break starts a line.
fn lines(text: &str, width: f64, pt: f64) -> f64 {
    let per_line = width / (pt * MM_PER_PT) * 0.96;
    text.split('\n')
        .map(|piece| {
            let ems: f64 = piece.chars().map(em).sum();
            (ems / per_line).ceil().max(1.0)
        })
        .sum()
}

fn height(text: &str, width: f64, pt: f64) -> f64 {
    lines(text, width, pt) * pt * MM_PER_PT * LINE_HEIGHT
}

/// How `c`'s words fit its card at `per` cards a page, with `contacts` and `url` in its foot,
/// in locale `l` (the labels are part of the text).
pub fn fit(c: &CardView, contacts: &Contacts, url: &str, per: usize, l: Locale) -> Fit {
    let rows = if per == 10 { 5.0 } else { 4.0 };
    let width = SHEET_MM.0 / 2.0 - 2.0 * (PADDING_MM.0 + BORDER_MM);
    let card_h = SHEET_MM.1 / rows - 2.0 * (PADDING_MM.1 + BORDER_MM);
    let t = |m: Msg| m.text(l);

    let head = height(
        &format!("{}  {}", t(Msg::CardsTitle), contacts.bureau),
        width,
        HEAD_PT,
    ) + HEAD_RULE_MM;
    let who_w = width - qr_mm(per) - QR_GAP_MM;
    let who = height(&c.cadre, who_w, NAME_PT)
        + height(&c.title, who_w, WHO_PT)
        + height(&c.phone, who_w, PHONE_PT)
        + height(t(Msg::CardScan), who_w, WHO_PT);
    let main = who.max(qr_mm(per));
    let phones: Vec<String> = [
        (Msg::CardLineOffice, &contacts.office_phone),
        (Msg::CardLineTown, &contacts.town_phone),
    ]
    .into_iter()
    .filter(|(_, p)| !p.is_empty())
    .map(|(m, p)| format!("{} {p}", t(m)))
    .collect();
    let days = format!(
        "{} · {}",
        t(Msg::CardServiceDays),
        Msg::CardReplyDays.fmt(l, &[&contacts.reply_days().to_string()])
    );
    let foot = height(&days, width, FOOT_PT)
        + if phones.is_empty() {
            0.0
        } else {
            // Flex items 3 mm apart, wrapping: as one line with two ems between.
            height(&phones.join("  "), width, FOOT_PT)
        }
        + height(url, width, FOOT_PT);
    // Half a millimetre kept back for rounding in the browser's layout.
    let room = card_h - head - main - foot - 3.0 * GAP_MM - 0.5;

    let label = |m: Msg| format!("{}{}", t(m), t(Msg::LabelEnd));
    let paragraphs: Vec<String> = [(Msg::CardDuties, &c.duties), (Msg::CardPromise, &c.promise)]
        .into_iter()
        .filter(|(_, s)| !s.is_empty())
        .map(|(m, s)| format!("{}{s}", label(m)))
        .collect();
    let need = |pt: f64| -> f64 {
        paragraphs.iter().map(|p| height(p, width, pt)).sum::<f64>()
            + GAP_MM * paragraphs.len().saturating_sub(1) as f64
    };
    match FIT_PT.iter().position(|&pt| need(pt) <= room) {
        Some(step) => Fit {
            step,
            clipped: false,
        },
        None => Fit {
            step: FIT_PT.len() - 1,
            clipped: true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(duties: &str, promise: &str) -> CardView {
        CardView {
            id: 1,
            token: "23456789abcd".into(),
            cadre_id: 1,
            cadre: "王芳".into(),
            title: "联村工作队员".into(),
            unit: String::new(),
            phone: "13800000102".into(),
            post: crate::users::model::Post::Liaison,
            duties: duties.into(),
            promise: promise.into(),
            active: true,
            issued_at: chrono::Utc::now(),
            printed_at: None,
        }
    }

    fn contacts() -> Contacts {
        Contacts {
            bureau: "县自然资源局".into(),
            office_phone: "0745-1234567".into(),
            town_phone: "0745-7654321".into(),
            ..Default::default()
        }
    }

    const URL: &str = "https://shugen.example.gov.cn/c/23456789abcd";

    #[test]
    fn the_demo_card_prints_at_full_size_on_both_sheets() {
        let c = card(
            "联系民智村，负责民情收集、政策宣传和矛盾调解",
            "有求必应，三日内答复，一周内办结或说明原因",
        );
        for per in [8, 10] {
            assert_eq!(
                fit(&c, &contacts(), URL, per, Locale::Zh),
                Fit {
                    step: 0,
                    clipped: false
                },
                "{per} a page"
            );
        }
    }

    #[test]
    fn the_longest_bureau_name_leaves_room_for_the_demo_words() {
        let c = card(
            "联系民智村，负责民情收集、政策宣传和矛盾调解",
            "有求必应，三日内答复，一周内办结或说明原因",
        );
        let long = Contacts {
            bureau: "局".repeat(super::super::model::BUREAU_MAX),
            ..contacts()
        };
        assert!(!fit(&c, &long, URL, 10, Locale::Zh).clipped);
    }

    #[test]
    fn longer_words_take_smaller_type_before_anything_is_clipped() {
        let c = card(&"负责民情收集政策宣传".repeat(20), &"三日内答复".repeat(8));
        let f = fit(&c, &contacts(), URL, 8, Locale::Zh);
        assert!(f.step > 0 && !f.clipped, "{f:?}");
        // The smaller card has less room: the same words need smaller type or are clipped.
        let g = fit(&c, &contacts(), URL, 10, Locale::Zh);
        assert!(g.step > f.step || g.clipped, "{g:?}");
    }

    #[test]
    fn the_longest_words_the_fields_allow_are_told_not_dropped() {
        let max = "字".repeat(super::super::model::TEXT_MAX);
        let c = card(&max, &max);
        for per in [8, 10] {
            assert!(fit(&c, &contacts(), URL, per, Locale::Zh).clipped, "{per}");
        }
        // Line breaks count as lines: forty short lines do not fit either.
        let c = card(&"一\n".repeat(40), "");
        assert!(fit(&c, &contacts(), URL, 8, Locale::Zh).clipped);
    }
}
