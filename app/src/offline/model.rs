//! What the phone keeps: the draft being written, the outbox, receipts. These are the schema
//! of the phone's IndexedDB; every field added later needs a serde default.
use crate::error::FieldError;
use crate::feedback::model::{FeedbackDraft, FeedbackFields};
use crate::households::model::OfflineHousehold;
use crate::i18n::Msg;
use crate::visits::model::{
    FieldChange, Gps, HouseholdField, Method, VisitDraft, CLOCK_TOLERANCE_MINUTES,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The key of the one draft slot: a cadre writes one visit at a time.
pub const DRAFT_KEY: &str = "visit";

/// The visit form as typed, saved on every change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitForm {
    pub id: String,
    /// The record's UUIDv7, made when the draft starts and kept through every retry.
    pub record_id: String,
    pub household_id: Option<i64>,
    /// A `datetime-local` value in Beijing time.
    pub visited_at: String,
    pub method: String,
    pub content: String,
    pub process: String,
    pub outcome: String,
    pub problems: String,
    pub follow_up: bool,
    pub gps: Option<Gps>,
    /// Household facts as the cadre corrected them, by field code.
    #[serde(default)]
    pub changes: BTreeMap<String, String>,
    /// A ledger kind's code, or empty: the problems raised go into the ledger.
    #[serde(default)]
    pub ledger: String,
    /// A `FormReturn` code, or empty while not answered.
    #[serde(default)]
    pub feedback_form: String,
    #[serde(default)]
    pub no_form_reason: String,
    #[serde(default)]
    pub card_given: bool,
}

impl VisitForm {
    pub fn new(record_id: String, now: DateTime<Utc>) -> Self {
        VisitForm {
            id: DRAFT_KEY.into(),
            record_id,
            household_id: None,
            visited_at: crate::ui::time::input_value(now),
            method: "home".into(),
            content: String::new(),
            process: String::new(),
            outcome: String::new(),
            problems: String::new(),
            follow_up: false,
            gps: None,
            changes: BTreeMap::new(),
            ledger: String::new(),
            feedback_form: String::new(),
            no_form_reason: String::new(),
            card_given: false,
        }
    }

    /// A refused record back in the form, to be corrected and sent again under its id.
    pub fn from_draft(d: &VisitDraft) -> Self {
        let visited_at = DateTime::parse_from_rfc3339(&d.visited_at)
            .map(|t| crate::ui::time::input_value(t.with_timezone(&Utc)))
            .unwrap_or_default();
        VisitForm {
            id: DRAFT_KEY.into(),
            record_id: d.id.clone(),
            household_id: Some(d.household_id),
            visited_at,
            method: d.method.clone(),
            content: d.content.clone(),
            process: d.process.clone(),
            outcome: d.outcome.clone(),
            problems: d.problems.clone(),
            follow_up: d.follow_up,
            gps: d.gps,
            changes: d
                .changes
                .iter()
                .map(|c| (c.field.clone(), c.value.clone()))
                .collect(),
            ledger: d.ledger.clone().unwrap_or_default(),
            feedback_form: d.feedback_form.clone(),
            no_form_reason: d.no_form_reason.clone(),
            card_given: d.card_given,
        }
    }

    /// Nothing typed yet: no reason to keep it or to refuse a logout over it.
    pub fn is_blank(&self) -> bool {
        self.household_id.is_none()
            && [&self.content, &self.process, &self.outcome, &self.problems]
                .iter()
                .all(|s| s.trim().is_empty())
    }

    /// The record to send, or the first reason it cannot be sent yet. The server checks it
    /// again with the same `VisitDraft::parse`.
    pub fn to_draft(&self, household: Option<&OfflineHousehold>) -> Result<VisitDraft, Msg> {
        let h = household.ok_or(Msg::ValChooseHousehold)?;
        let visited_at = crate::ui::time::from_input(&self.visited_at).ok_or(Msg::ValVisitTime)?;
        let changes = HouseholdField::ALL
            .into_iter()
            .filter_map(|f| {
                let value = self.changes.get(f.code())?;
                let base = f.value_of(h);
                (value.trim() != base.trim()).then(|| FieldChange {
                    field: f.code().into(),
                    base,
                    value: value.clone(),
                })
            })
            .collect();
        let draft = VisitDraft {
            id: self.record_id.clone(),
            household_id: h.id,
            visited_at,
            method: self.method.clone(),
            content: self.content.clone(),
            process: self.process.clone(),
            outcome: self.outcome.clone(),
            problems: self.problems.clone(),
            follow_up: self.follow_up,
            gps: self.gps,
            changes,
            ledger: (!self.ledger.is_empty()).then(|| self.ledger.clone()),
            feedback_form: self.feedback_form.clone(),
            no_form_reason: self.no_form_reason.clone(),
            card_given: self.card_given,
        };
        let checked = draft.parse()?;
        // Asked of every home visit made with this form (三(一)2 五); the server accepts a
        // record without it, from phones that never asked.
        if checked.method == Method::Home && checked.feedback_form.is_none() {
            return Err(Msg::ValFormAnswer);
        }
        // A time typed into the future is a slip of the finger: caught on the phone against
        // its own clock. The server keeps whatever comes (a wrong clock is not a wrong diary).
        if checked.visited_at > Utc::now() + chrono::Duration::minutes(CLOCK_TOLERANCE_MINUTES) {
            return Err(Msg::ValVisitTime);
        }
        Ok(draft)
    }
}

/// Where a record on the phone stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LocalStatus {
    /// In the outbox, to be pushed.
    Waiting,
    /// Refused by the server: set aside with its reason, never blocking the rest.
    Attention(Msg),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub id: String,
    pub head_name: String,
    pub draft: VisitDraft,
    pub status: LocalStatus,
}

/// A record the server has acknowledged; kept to show its receipt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentEntry {
    pub id: String,
    pub household_id: i64,
    pub head_name: String,
    pub visited_at: String,
    pub method: String,
    pub content: String,
    /// None when the server already held another version (a conflict for the office).
    pub receipt: Option<String>,
    pub received_at: Option<DateTime<Utc>>,
}

/// The key of the feedback form's draft slot.
pub const FEEDBACK_DRAFT_KEY: &str = "feedback";

/// Feedback a cadre is writing down, saved on every change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackForm {
    pub id: String,
    pub record_id: String,
    pub household_id: Option<i64>,
    /// `cadre` (on a visit) or `reception` (a service day).
    pub channel: String,
    pub fields: FeedbackFields,
}

impl FeedbackForm {
    /// A waiting record back in the form, under its own id.
    pub fn from_draft(d: &crate::feedback::model::FeedbackDraft) -> Self {
        FeedbackForm {
            id: FEEDBACK_DRAFT_KEY.into(),
            record_id: d.id.clone(),
            household_id: d.household_id,
            channel: d.channel.clone(),
            fields: crate::feedback::model::FeedbackFields {
                category: d.category.clone(),
                content: d.content.clone(),
                name: d.name.clone(),
                phone: d.phone.clone(),
            },
        }
    }

    pub fn new(record_id: String) -> Self {
        FeedbackForm {
            id: FEEDBACK_DRAFT_KEY.into(),
            record_id,
            household_id: None,
            channel: "cadre".into(),
            fields: FeedbackFields::default(),
        }
    }

    pub fn is_blank(&self) -> bool {
        self.fields.content.trim().is_empty()
            && self.fields.name.trim().is_empty()
            && self.fields.phone.trim().is_empty()
    }

    /// The record to send, or every field's error; the server checks it again the same way.
    pub fn to_draft(&self, now: DateTime<Utc>) -> Result<FeedbackDraft, Vec<FieldError>> {
        self.fields.check()?;
        Ok(FeedbackDraft {
            id: self.record_id.clone(),
            category: self.fields.category.clone(),
            content: self.fields.content.clone(),
            name: self.fields.name.clone(),
            phone: self.fields.phone.clone(),
            channel: self.channel.clone(),
            household_id: self.household_id,
            submitted_at: now.to_rfc3339(),
        })
    }
}

/// Feedback in the outbox. It shares the store with visits; its `feedback` field (where a
/// visit has `draft`) is what tells the two kinds of row apart when they are read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackEntry {
    pub id: String,
    /// The household's head, or empty.
    pub label: String,
    pub feedback: FeedbackDraft,
    pub status: LocalStatus,
}

/// Feedback the server has acknowledged, kept a while to show its receipt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentFeedback {
    pub id: String,
    pub label: String,
    pub category: String,
    pub content: String,
    pub sent_feedback: bool,
    pub receipt: Option<String>,
    pub received_at: Option<DateTime<Utc>>,
}

/// How long a sent feedback's receipt stays on the phone.
pub const SENT_FEEDBACK_DAYS: i64 = 30;

/// A small setting kept on the phone (device id, signed-in user).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetaEntry {
    pub id: String,
    pub value: String,
}

pub const META_DEVICE: &str = "device";
pub const META_USER: &str = "user";
/// The cadre's open ledger items from the last pack, as JSON: read, never edited, offline.
pub const META_ITEMS: &str = "items";

#[cfg(test)]
mod tests {
    use super::*;

    fn household() -> OfflineHousehold {
        OfflineHousehold {
            id: 7,
            head_name: "王大山".into(),
            village: "民智村".into(),
            group: "一组".into(),
            phone: String::new(),
            population: 4,
            economy: "一般".into(),
            income_sources: String::new(),
            family_planning: String::new(),
            social_relations: String::new(),
            tags: vec![],
            difficulties: vec![],
            members: vec![],
        }
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-27T02:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_form_becomes_a_draft_with_only_changed_facts() {
        let mut f = VisitForm::new("01936f0e-1c2a-7b3c-8d4e-5f60718293a4".into(), now());
        assert!(f.is_blank());
        assert_eq!(f.to_draft(None), Err(Msg::ValChooseHousehold));
        f.household_id = Some(7);
        assert_eq!(f.to_draft(Some(&household())), Err(Msg::ValRequired));
        f.content = "了解冬季取暖".into();
        f.changes.insert("population".into(), "4".into());
        f.changes.insert("economy".into(), "较好".into());
        // A home visit says whether the feedback form came back; a phone call need not.
        assert_eq!(f.to_draft(Some(&household())), Err(Msg::ValFormAnswer));
        f.method = "phone".into();
        assert!(f.to_draft(Some(&household())).is_ok());
        f.method = "home".into();
        f.feedback_form = "no".into();
        assert_eq!(f.to_draft(Some(&household())), Err(Msg::ValFormReason));
        f.feedback_form = "yes".into();
        let d = f.to_draft(Some(&household())).unwrap();
        assert_eq!(d.feedback_form, "yes");
        assert_eq!(d.visited_at, "2026-11-27T10:00:00+08:00");
        assert_eq!(d.changes.len(), 1);
        assert_eq!(d.changes[0].base, "一般");
        assert_eq!(d.changes[0].value, "较好");
    }
}
