//! Feedback types: the nine categories, the form as typed, the checked record, the receipt.
use crate::error::FieldError;
use crate::i18n::Msg;
use crate::model::VisitId;
use crate::model::{optional, required, Phone};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::code_enum! {
    by_name:
    /// The nine categories of the programme's feedback form (DESIGN.md §2).
    pub enum Category {
        Income = "income" => CatIncome,
        Construction = "construction" => CatConstruction,
        SocialSecurity = "social_security" => CatSocialSecurity,
        EducationHealth = "education_health" => CatEducationHealth,
        Environment = "environment" => CatEnvironment,
        Culture = "culture" => CatCulture,
        Relief = "relief" => CatRelief,
        PublicOrder = "public_order" => CatPublicOrder,
        /// 干部作风: never shown to the cadre it concerns.
        Conduct = "conduct" => CatConduct,
    }
}

crate::code_enum! {
    by_name:
    /// How the feedback reached the programme.
    pub enum Channel {
        /// The liaison card's QR code.
        Card = "card" => ChannelCard,
        /// Written down by a cadre on a visit.
        Cadre = "cadre" => ChannelCadre,
        /// Taken at a service-day reception.
        Reception = "reception" => ChannelReception,
    }
}

crate::code_enum! {
    by_name:
    pub enum Status {
        New = "new" => FbStatusNew,
        Accepted = "accepted" => FbStatusAccepted,
        InProgress = "in_progress" => FbStatusInProgress,
        Resolved = "resolved" => FbStatusResolved,
    }
}

impl Status {
    /// The status a reply to an item in this status offers: the step it implies.
    pub fn after_reply(self) -> Status {
        match self {
            Status::New => Status::Accepted,
            Status::Accepted => Status::InProgress,
            other => other,
        }
    }
}

pub const CONTENT_MAX: usize = 2000;
const NAME_MAX: usize = 30;

/// The form as typed, by a villager on a card page or by a cadre.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FeedbackFields {
    pub category: String,
    pub content: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
}

/// Checked feedback: only this is stored. Name and phone may be left out (anonymous).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackBody {
    pub category: Category,
    pub content: String,
    pub name: Option<String>,
    pub phone: Option<Phone>,
}

impl FeedbackFields {
    /// Every field's error at once, so the form can show them all beside their fields.
    pub fn check(&self) -> Result<FeedbackBody, Vec<FieldError>> {
        let mut errors = Vec::new();
        let category = Category::parse(&self.category);
        if category.is_none() {
            errors.push(FieldError::new("category", Msg::ValChooseCategory));
        }
        let content = required(&self.content, CONTENT_MAX)
            .map_err(|m| errors.push(FieldError::new("content", m)))
            .ok();
        let name = optional(&crate::normalize::person_name(&self.name), NAME_MAX)
            .map_err(|m| errors.push(FieldError::new("name", m)))
            .ok()
            .flatten();
        let phone = if self.phone.trim().is_empty() {
            None
        } else {
            Phone::parse(&self.phone)
                .map_err(|m| errors.push(FieldError::new("phone", m)))
                .ok()
        };
        match (category, content) {
            (Some(category), Some(content)) if errors.is_empty() => Ok(FeedbackBody {
                category,
                content,
                name,
                phone,
            }),
            _ => Err(errors),
        }
    }
}

/// The payload version of cadre-captured feedback; new fields always get defaults.
pub const FEEDBACK_SCHEMA: u32 = 1;

/// Feedback a cadre wrote down, as the phone sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackDraft {
    /// The phone's UUIDv7, kept through every retry.
    pub id: String,
    pub category: String,
    pub content: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    /// `cadre` (on a visit) or `reception` (a service day).
    pub channel: String,
    #[serde(default)]
    pub household_id: Option<i64>,
    /// RFC 3339 time on the phone.
    pub submitted_at: String,
}

/// Checked cadre-captured feedback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Captured {
    pub id: VisitId,
    pub body: FeedbackBody,
    pub channel: Channel,
    pub household_id: Option<i64>,
    pub submitted_at: DateTime<Utc>,
}

impl FeedbackDraft {
    /// The first reason it cannot be stored, as the sync answer names one. The phone's time
    /// is kept however wrong its clock (the server's receipt time is stored beside it).
    pub fn parse(&self) -> Result<Captured, Msg> {
        let id = VisitId::parse(&self.id)?;
        let fields = FeedbackFields {
            category: self.category.clone(),
            content: self.content.clone(),
            name: self.name.clone(),
            phone: self.phone.clone(),
        };
        let body = fields.check().map_err(|e| e[0].msg)?;
        let channel = match Channel::parse(&self.channel) {
            Some(c @ (Channel::Cadre | Channel::Reception)) => c,
            _ => return Err(Msg::ValChoice),
        };
        let submitted_at = DateTime::parse_from_rfc3339(self.submitted_at.trim())
            .map_err(|_| Msg::ValVisitTime)?
            .with_timezone(&Utc);
        Ok(Captured {
            id,
            body,
            channel,
            household_id: self.household_id,
            submitted_at,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackBatch {
    pub schema: u32,
    #[serde(default)]
    pub device: String,
    pub items: Vec<FeedbackDraft>,
}

/// Symbols a villager can read out over the phone without ambiguity.
pub const RECEIPT_ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
pub const RECEIPT_LEN: usize = 8;

/// The code a villager keeps to look their feedback up: `7K3M-9QXD`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReceiptCode(String);

impl ReceiptCode {
    /// Case, width, spaces and dashes do not matter ([`crate::normalize::identifier`]).
    pub fn parse(raw: &str) -> Option<Self> {
        let s = crate::normalize::identifier(raw);
        (s.len() == RECEIPT_LEN && s.bytes().all(|b| RECEIPT_ALPHABET.contains(&b)))
            .then_some(Self(s))
    }

    #[cfg(feature = "ssr")]
    pub fn generate() -> Self {
        use rand::Rng;
        let mut rng = rand::rngs::OsRng;
        Self(
            (0..RECEIPT_LEN)
                .map(|_| RECEIPT_ALPHABET[rng.gen_range(0..RECEIPT_ALPHABET.len())] as char)
                .collect(),
        )
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Grouped for reading: `7K3M-9QXD`.
    pub fn display(&self) -> String {
        format!("{}-{}", &self.0[..4], &self.0[4..])
    }
}

/// A reply of the office's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    pub author: String,
    pub status: Status,
    pub body: String,
    pub public: bool,
    pub at: DateTime<Utc>,
}

/// One line of the inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackRow {
    pub id: String,
    pub receipt: String,
    pub category: Category,
    pub channel: Channel,
    pub status: Status,
    pub excerpt: String,
    pub cadre: Option<String>,
    pub household: Option<String>,
    pub received_at: DateTime<Utc>,
}

/// One item in full, for those who may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackDetail {
    pub row: FeedbackRow,
    pub content: String,
    pub name: String,
    pub phone: String,
    pub household_id: Option<i64>,
    pub submitted_at: DateTime<Utc>,
    pub replies: Vec<Reply>,
}

/// What the public receipt page shows: no name, phone or text of the villager's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicStatus {
    pub receipt: String,
    pub category: Category,
    pub status: Status,
    pub received_at: DateTime<Utc>,
    pub card_token: Option<String>,
    pub replies: Vec<Reply>,
}

/// Counts by status for the inbox tabs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Inbox {
    pub rows: Vec<FeedbackRow>,
    /// Items per status under the other filters: the tabs' counts.
    pub counts: Vec<(Status, i64)>,
    /// The office's promised reply time in working days (the cards' setting).
    #[serde(default)]
    pub reply_days: u32,
    /// Today in Beijing, by the server's clock.
    #[serde(default)]
    pub today: Option<chrono::NaiveDate>,
}

/// Working days (Monday to Friday) after `from` up to and including `to`. Public holidays and
/// the weekends worked in their place are not known here, so around them this is a day or
/// two off, on the side of the office.
pub fn working_days_after(from: chrono::NaiveDate, to: chrono::NaiveDate) -> i64 {
    use chrono::Datelike;
    let days = (to - from).num_days().max(0);
    let (weeks, rest) = (days / 7, days % 7);
    let mut n = weeks * 5;
    let mut d = from + chrono::Duration::days(weeks * 7);
    for _ in 0..rest {
        d += chrono::Duration::days(1);
        if d.weekday().num_days_from_monday() < 5 {
            n += 1;
        }
    }
    n
}

impl FeedbackRow {
    /// Still waiting to be accepted past the promised reply time.
    pub fn late(&self, reply_days: u32, today: chrono::NaiveDate) -> bool {
        let received = crate::ui::time::date_of(self.received_at);
        self.status == Status::New && working_days_after(received, today) > i64::from(reply_days)
    }
}

/// What the inbox is narrowed to, as the query string carries it (`/feedback?status=new&
/// category=security&village=2&from=2026-11-01&to=2026-11-30&q=路灯`); every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxQuery {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub village: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub q: String,
}

/// An [`InboxQuery`] checked: days are Beijing dates, both ends included; `q` matches the
/// words, the receipt code and the household's name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxFilter {
    pub status: Option<Status>,
    pub category: Option<Category>,
    pub village: Option<i64>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    pub q: String,
}

/// The longest search text kept; more is cut, not refused (a search box is not a record).
const SEARCH_MAX: usize = 50;

impl InboxQuery {
    /// The checked filter, or the field that is not one of its choices or not a date.
    pub fn parse(&self) -> Result<InboxFilter, FieldError> {
        fn choice<T>(
            field: &str,
            raw: &str,
            parse: impl Fn(&str) -> Option<T>,
        ) -> Result<Option<T>, FieldError> {
            match raw.trim() {
                "" => Ok(None),
                s => parse(s)
                    .map(Some)
                    .ok_or_else(|| FieldError::new(field, Msg::ValChoice)),
            }
        }
        let date = |field: &str, raw: &str| {
            choice(field, raw, |s| {
                chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
            })
            .map_err(|_| FieldError::new(field, Msg::ValDate))
        };
        let q: String = self
            .q
            .trim()
            .chars()
            .map(crate::normalize::half_width)
            .take(SEARCH_MAX)
            .collect();
        Ok(InboxFilter {
            status: choice("status", &self.status, Status::parse)?,
            category: choice("category", &self.category, Category::parse)?,
            village: choice("village", &self.village, |s| s.parse::<i64>().ok())?,
            from: date("from", &self.from)?,
            to: date("to", &self.to)?,
            q: q.trim().to_string(),
        })
    }

    /// True when anything but the status narrows the list.
    pub fn narrowed(&self) -> bool {
        [&self.category, &self.village, &self.from, &self.to, &self.q]
            .iter()
            .any(|v| !v.trim().is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> FeedbackFields {
        FeedbackFields {
            category: "environment".into(),
            content: "村口垃圾站需要清运".into(),
            name: String::new(),
            phone: String::new(),
        }
    }

    #[test]
    fn working_days_skip_weekends() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // Friday 2026-11-27 to Monday 2026-11-30: one working day (the Monday).
        assert_eq!(working_days_after(d("2026-11-27"), d("2026-11-30")), 1);
        assert_eq!(working_days_after(d("2026-11-30"), d("2026-11-30")), 0);
        // Two weeks and a day from a Monday: ten and the Tuesday.
        assert_eq!(working_days_after(d("2026-11-02"), d("2026-11-17")), 11);
        assert_eq!(working_days_after(d("2026-11-30"), d("2026-11-01")), 0);
    }

    #[test]
    fn anonymous_feedback_is_fine_and_every_error_is_named() {
        let b = fields().check().unwrap();
        assert_eq!(b.category, Category::Environment);
        assert_eq!((b.name, b.phone), (None, None));
        let bad = FeedbackFields {
            category: "weather".into(),
            content: "  ".into(),
            name: "名".repeat(31),
            phone: "12345".into(),
        };
        let errs = bad.check().unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["category", "content", "name", "phone"]);
    }

    #[test]
    fn receipt_codes_read_back_however_typed() {
        let c = ReceiptCode::generate();
        assert_eq!(c.display().len(), 9);
        assert_eq!(
            ReceiptCode::parse(&c.display().to_lowercase()),
            Some(c.clone())
        );
        assert_eq!(
            ReceiptCode::parse(" 7k3m 9qxd "),
            ReceiptCode::parse("7K3M-9QXD")
        );
        assert_eq!(
            ReceiptCode::parse("７ｋ３ｍ－９ｑｘｄ"),
            ReceiptCode::parse("7K3M-9QXD")
        );
        assert_eq!(ReceiptCode::parse("7K3M-9QX0"), None);
        assert_eq!(ReceiptCode::parse("7K3M"), None);
    }

    #[test]
    fn captured_feedback_needs_a_phone_id_and_a_cadre_channel() {
        let now = Utc::now();
        let mut d = FeedbackDraft {
            id: "01936f0e-1c2a-7b3c-8d4e-5f60718293a4".into(),
            category: "environment".into(),
            content: "村口垃圾站需要清运".into(),
            name: String::new(),
            phone: String::new(),
            channel: "cadre".into(),
            household_id: Some(3),
            submitted_at: now.to_rfc3339(),
        };
        assert_eq!(d.parse().unwrap().channel, Channel::Cadre);
        d.channel = "card".into();
        assert_eq!(d.parse(), Err(Msg::ValChoice));
        d.channel = "reception".into();
        d.id = "not-a-uuid".into();
        assert_eq!(d.parse(), Err(Msg::ValRecordId));
    }
}
