//! Card types: the printed token, the programme's contact lines and the card as shown.
use crate::i18n::Msg;
use crate::model::{optional, Phone};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// No 0/o, 1/l/i: a token copied by hand from a damaged card still reads back.
pub const TOKEN_ALPHABET: &[u8; 31] = b"23456789abcdefghjkmnpqrstuvwxyz";
/// 12 of 31 symbols: 59 bits, above the 50 DESIGN.md §3 asks, and short enough for a small QR.
pub const TOKEN_LEN: usize = 12;

/// The random part of a card's printed URL `{origin}/c/{token}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CardToken(String);

impl CardToken {
    /// Accepts what a QR scanner or a person might hand back: any case, stray spaces.
    pub fn parse(raw: &str) -> Option<Self> {
        let s = raw.trim().to_ascii_lowercase();
        (s.len() == TOKEN_LEN && s.bytes().all(|b| TOKEN_ALPHABET.contains(&b))).then_some(Self(s))
    }

    /// A fresh token from the operating system's generator, each symbol drawn uniformly.
    #[cfg(feature = "ssr")]
    pub fn generate() -> Self {
        use rand::Rng;
        let mut rng = rand::rngs::OsRng;
        let s = (0..TOKEN_LEN)
            .map(|_| TOKEN_ALPHABET[rng.gen_range(0..TOKEN_ALPHABET.len())] as char)
            .collect();
        Self(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn url(&self, origin: &str) -> String {
        format!("{}/c/{}", origin.trim_end_matches('/'), self.0)
    }
}

/// The lines every card and public page print besides the cadre's own.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Contacts {
    /// The bureau, e.g. 县自然资源局.
    pub bureau: String,
    /// The leading group's office (领导小组办公室) phone.
    pub office_phone: String,
    /// The leadership's contact: who and their number.
    pub leader_name: String,
    pub leader_phone: String,
    /// The town (乡镇) the villages belong to, and its number.
    pub town: String,
    pub town_phone: String,
    /// The service promise a new card starts with.
    pub promise: String,
    /// Working days (工作日) from acceptance to the first answer: what every card, card page
    /// and receipt promise, and what the inbox holds the office to. Digits as typed; read with
    /// [`Contacts::reply_days`].
    #[serde(default)]
    pub reply_days: String,
    /// The bureau's leadership (班子成员) and the town's, as the card page lists them (三(一)2
    /// 三): read from the accounts' posts and the town leadership, never saved with the rest,
    /// and never sent (the office's contacts form posts these fields back as they came).
    #[serde(skip)]
    pub leadership: Vec<LeaderLine>,
}

/// One leader on the card page: the bureau's (from the accounts with a leadership post) or
/// the town's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaderLine {
    pub bureau: bool,
    pub name: String,
    /// The post as villagers know it: the title (党组书记、局长), else the post's name.
    pub post: String,
    pub phone: String,
    pub duties: String,
}

/// The reply time when the office has set none.
pub const DEFAULT_REPLY_DAYS: u32 = 3;
const REPLY_DAYS_MAX: u32 = 30;

fn parse_reply_days(raw: &str) -> Result<u32, Msg> {
    let s = crate::normalize::identifier(raw);
    if s.is_empty() {
        return Ok(DEFAULT_REPLY_DAYS);
    }
    match s.parse::<u32>() {
        Ok(n) if (1..=REPLY_DAYS_MAX).contains(&n) => Ok(n),
        _ => Err(Msg::ValReplyDays),
    }
}

const LINE_MAX: usize = 60;
/// The bureau heads every printed card: the longest real county bureau names run to about 20
/// characters, and 30 still leaves the smallest card room for its words.
pub const BUREAU_MAX: usize = 30;
pub const TEXT_MAX: usize = 300;

/// A landline or mobile as people write them: digits, spaces, hyphens, an optional +.
pub fn contact_phone(raw: &str) -> Result<String, Msg> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(String::new());
    }
    if let Ok(p) = Phone::parse(s) {
        return Ok(p.as_str().to_string());
    }
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let shape = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'));
    if shape && (7..=15).contains(&digits) {
        Ok(s.to_string())
    } else {
        Err(Msg::ValPhone)
    }
}

impl Contacts {
    /// The promised reply time in working days (1–30; 3 when unset).
    pub fn reply_days(&self) -> u32 {
        parse_reply_days(&self.reply_days).unwrap_or(DEFAULT_REPLY_DAYS)
    }

    /// The checked form, or each field's error.
    pub fn parse(self) -> Result<Self, Vec<crate::error::FieldError>> {
        use crate::error::FieldError;
        let mut errors = Vec::new();
        let mut text = |name: &str, v: &str, max: usize| match optional(v, max) {
            Ok(s) => s.unwrap_or_default(),
            Err(m) => {
                errors.push(FieldError::new(name, m));
                String::new()
            }
        };
        let bureau = text("bureau", &self.bureau, BUREAU_MAX);
        let leader_name = text("leader_name", &self.leader_name, LINE_MAX);
        let town = text("town", &self.town, LINE_MAX);
        let promise = text("promise", &self.promise, TEXT_MAX);
        let mut phone = |name: &str, v: &str| {
            contact_phone(v).unwrap_or_else(|m| {
                errors.push(FieldError::new(name, m));
                String::new()
            })
        };
        let office_phone = phone("office_phone", &self.office_phone);
        let leader_phone = phone("leader_phone", &self.leader_phone);
        let town_phone = phone("town_phone", &self.town_phone);
        let reply_days = match parse_reply_days(&self.reply_days) {
            Ok(n) => n.to_string(),
            Err(m) => {
                errors.push(FieldError::new("reply_days", m));
                String::new()
            }
        };
        if errors.is_empty() {
            Ok(Contacts {
                bureau,
                office_phone,
                leader_name,
                leader_phone,
                town,
                town_phone,
                promise,
                reply_days,
                leadership: Vec::new(),
            })
        } else {
            Err(errors)
        }
    }
}

/// What a card says besides the cadre's profile; checked the same in the browser and server.
pub fn card_text(
    duties: &str,
    promise: &str,
) -> Result<(String, String), Vec<crate::error::FieldError>> {
    use crate::error::FieldError;
    let d = optional(duties, TEXT_MAX).map_err(|m| FieldError::new("duties", m));
    let p = optional(promise, TEXT_MAX).map_err(|m| FieldError::new("promise", m));
    match (d, p) {
        (Ok(d), Ok(p)) => Ok((d.unwrap_or_default(), p.unwrap_or_default())),
        (d, p) => Err([d.err(), p.err()].into_iter().flatten().collect()),
    }
}

/// A card as the office lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardView {
    pub id: i64,
    pub token: String,
    pub cadre_id: i64,
    pub cadre: String,
    pub title: String,
    pub unit: String,
    pub phone: String,
    /// The holder's post in the programme (岗位), shown beside the title.
    #[serde(default = "default_post")]
    pub post: crate::users::model::Post,
    pub duties: String,
    pub promise: String,
    pub active: bool,
    pub issued_at: DateTime<Utc>,
    pub printed_at: Option<DateTime<Utc>>,
}

fn default_post() -> crate::users::model::Post {
    crate::users::model::Post::Liaison
}

/// Everything one printed card shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardSheet {
    pub contacts: Contacts,
    pub origin: String,
    pub cards: Vec<CardView>,
}

/// The fixed service days (便民服务日) are the 6th and 7th of every month: the next pair that
/// has not fully passed on `today`.
pub fn next_service_days(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let (y, m) = if today.day() <= 7 {
        (today.year(), today.month())
    } else if today.month() == 12 {
        (today.year() + 1, 1)
    } else {
        (today.year(), today.month() + 1)
    };
    let day = |d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(today);
    (day(6), day(7))
}

/// A vCard 3.0 (RFC 2426) a phone's contacts app imports: name, title, organisation, phone,
/// the card's address. Lines end in CRLF and are folded at 75 octets.
pub fn vcard(c: &CardView, contacts: &Contacts, url: &str) -> String {
    fn esc(s: &str) -> String {
        s.replace('\\', "\\\\")
            .replace(',', "\\,")
            .replace(';', "\\;")
            .replace('\n', "\\n")
            .replace('\r', "")
    }
    let org = if contacts.bureau.is_empty() {
        esc(&c.unit)
    } else {
        format!("{};{}", esc(&contacts.bureau), esc(&c.unit))
    };
    let mut lines = vec![
        "BEGIN:VCARD".to_string(),
        "VERSION:3.0".to_string(),
        // Chinese names are written family name first, as one string.
        format!("N:{};;;;", esc(&c.cadre)),
        format!("FN:{}", esc(&c.cadre)),
        format!("ORG:{org}"),
        format!("TITLE:{}", esc(&c.title)),
        format!("TEL;TYPE=CELL,VOICE:{}", esc(&c.phone)),
    ];
    if !c.duties.is_empty() {
        lines.push(format!("NOTE:{}", esc(&c.duties)));
    }
    lines.push(format!("URL:{url}"));
    lines.push("END:VCARD".to_string());
    lines.iter().map(|l| fold(l)).collect()
}

/// RFC 2425 folding: at most 75 octets a line, never inside a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for ch in line.chars() {
        if width + ch.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += ch.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    #[test]
    fn tokens_are_long_random_and_from_the_alphabet() {
        // At least 50 bits by construction.
        assert!(TOKEN_LEN as f64 * (TOKEN_ALPHABET.len() as f64).log2() >= 50.0);
        let n = 20_000;
        let tokens: Vec<CardToken> = (0..n).map(|_| CardToken::generate()).collect();
        let distinct: HashSet<&str> = tokens.iter().map(|t| t.as_str()).collect();
        assert_eq!(distinct.len(), n, "no token repeats");
        let mut counts: HashMap<u8, usize> = HashMap::new();
        for t in &tokens {
            assert_eq!(t.as_str().len(), TOKEN_LEN);
            for b in t.as_str().bytes() {
                assert!(
                    TOKEN_ALPHABET.contains(&b),
                    "{} has {}",
                    t.as_str(),
                    b as char
                );
                *counts.entry(b).or_default() += 1;
            }
        }
        // Every symbol is used, and the measured entropy per symbol is close to log2(31):
        // a biased or truncated generator falls well short.
        assert_eq!(counts.len(), TOKEN_ALPHABET.len());
        let total = (n * TOKEN_LEN) as f64;
        let entropy: f64 = counts
            .values()
            .map(|&c| {
                let p = c as f64 / total;
                -p * p.log2()
            })
            .sum();
        assert!(entropy > 4.94, "entropy per symbol {entropy}");
        assert!(entropy * TOKEN_LEN as f64 >= 50.0);
    }

    #[test]
    fn tokens_parse_back() {
        let t = CardToken::generate();
        assert_eq!(
            CardToken::parse(&format!(" {} ", t.as_str().to_uppercase())),
            Some(t.clone())
        );
        assert_eq!(
            t.url("https://x.gov.cn/"),
            format!("https://x.gov.cn/c/{}", t.as_str())
        );
        for bad in [
            "",
            "abc",
            "abcdefghjkm0",
            "abcdefghjkmno",
            "abcdefghjk/m",
            "abcdefghjkm1",
        ] {
            assert_eq!(CardToken::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn service_days_are_the_sixth_and_seventh() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            next_service_days(d(2026, 11, 1)),
            (d(2026, 11, 6), d(2026, 11, 7))
        );
        assert_eq!(
            next_service_days(d(2026, 11, 7)),
            (d(2026, 11, 6), d(2026, 11, 7))
        );
        assert_eq!(
            next_service_days(d(2026, 11, 27)),
            (d(2026, 12, 6), d(2026, 12, 7))
        );
        assert_eq!(
            next_service_days(d(2026, 12, 8)),
            (d(2027, 1, 6), d(2027, 1, 7))
        );
    }

    #[test]
    fn contact_lines_are_checked() {
        assert_eq!(contact_phone("0731-8888 1234"), Ok("0731-8888 1234".into()));
        assert_eq!(contact_phone("138 0000 0001"), Ok("13800000001".into()));
        assert_eq!(contact_phone("call me"), Err(Msg::ValPhone));
        let bad = Contacts {
            office_phone: "12".into(),
            ..Contacts::default()
        };
        assert_eq!(bad.parse().unwrap_err()[0].field, "office_phone");
    }

    #[test]
    fn vcard_lines_are_escaped_and_folded() {
        let c = CardView {
            id: 1,
            token: "x".into(),
            cadre_id: 1,
            cadre: "李明".into(),
            title: "队长; 联村".into(),
            unit: "规划股".into(),
            phone: "13800000101".into(),
            post: crate::users::model::Post::Liaison,
            duties: "联系民智村，".repeat(10),
            promise: String::new(),
            active: true,
            issued_at: Utc::now(),
            printed_at: None,
        };
        let v = vcard(&c, &Contacts::default(), "https://x/c/abc");
        assert!(v.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n"));
        assert!(v.contains("TITLE:队长\\; 联村\r\n"));
        assert!(v.lines().all(|l| l.len() <= 75));
        assert!(v.ends_with("END:VCARD\r\n"));
    }
}
