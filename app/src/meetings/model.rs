//! Meeting types, shared by the server and the browser.
use crate::error::FieldError;
use crate::feedback::model::{Category, FeedbackRow};
use crate::i18n::Msg;
use crate::ledger::model::{ItemRow, Kind, TEXT_MAX};
use crate::model::{optional, required};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingForm {
    pub held_on: String,
    pub title: String,
    #[serde(default)]
    pub attendees: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMeeting {
    pub held_on: NaiveDate,
    pub title: String,
    pub attendees: String,
}

impl MeetingForm {
    pub fn parse(&self) -> Result<NewMeeting, Vec<FieldError>> {
        let mut errors = Vec::new();
        let held_on = NaiveDate::parse_from_str(self.held_on.trim(), "%Y-%m-%d")
            .map_err(|_| errors.push(FieldError::new("held_on", Msg::ValDate)))
            .ok();
        let title = required(&self.title, 60)
            .map_err(|m| errors.push(FieldError::new("title", m)))
            .unwrap_or_default();
        let attendees = optional(&self.attendees, 500)
            .map_err(|m| errors.push(FieldError::new("attendees", m)))
            .ok()
            .flatten()
            .unwrap_or_default();
        match held_on {
            Some(held_on) if errors.is_empty() => Ok(NewMeeting {
                held_on,
                title,
                attendees,
            }),
            _ => Err(errors),
        }
    }
}

/// The default title: "2026年11月调度会".
pub fn default_title(day: NaiveDate, l: crate::i18n::Locale) -> String {
    use chrono::Datelike;
    Msg::MeetingDefaultTitle.fmt(l, &[&day.year().to_string(), &day.month().to_string()])
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRow {
    pub id: i64,
    pub held_on: NaiveDate,
    pub title: String,
    pub attendees: String,
    pub decisions: i64,
}

/// One decision, as the minutes print it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub at: DateTime<Utc>,
    pub author: String,
    pub decision: String,
    /// The feedback's receipt and category, when the decision triaged feedback.
    pub feedback: Option<(String, Category)>,
    /// The ledger item decided on (or made from the feedback): id, kind, title.
    pub item: Option<(String, Kind, String)>,
    pub owner: Option<String>,
    pub deadline: Option<NaiveDate>,
}

/// Everything the meeting screen shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agenda {
    pub meeting: MeetingRow,
    /// Untriaged feedback, grouped by category in `Category::ALL` order.
    pub feedback: Vec<(Category, Vec<FeedbackRow>)>,
    pub unassigned: Vec<ItemRow>,
    pub overdue: Vec<ItemRow>,
    pub soon: Vec<ItemRow>,
    pub decisions: Vec<Decision>,
    pub people: Vec<(i64, String)>,
    pub today: NaiveDate,
}

/// A feedback item triaged at the meeting: its category (possibly corrected), the ledger kind,
/// owner, deadline and the decision's words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriageForm {
    pub feedback: String,
    pub category: String,
    pub kind: String,
    pub owner: String,
    pub deadline: String,
    #[serde(default)]
    pub decision: String,
}

/// A decision on a ledger item: words, and a new owner and deadline when given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecideForm {
    pub item: String,
    pub decision: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub deadline: String,
}

pub fn parse_decision(raw: &str) -> Result<String, Msg> {
    required(raw, TEXT_MAX)
}
