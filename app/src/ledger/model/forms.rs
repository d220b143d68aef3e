//! The ledger's forms as posted, and the checked steps and items they become.
use super::machine::*;
use crate::error::FieldError;
use crate::households::model::Difficulty;
use crate::i18n::Msg;
use crate::model::{optional, required};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 100;
pub const TEXT_MAX: usize = 2000;
/// Due within this many days: highlighted.
/// An item's title from a longer text (a visit's problems, a villager's words): its first
/// line, cut to `TITLE_MAX` characters; the whole text goes in the details.
pub fn title_of(text: &str) -> String {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    first.chars().take(TITLE_MAX).collect()
}

/// A deadline as the date input gives it; not before `today`.
pub fn parse_deadline(raw: &str, today: NaiveDate) -> Result<NaiveDate, Msg> {
    let d = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| Msg::ValDeadline)?;
    if d < today {
        return Err(Msg::ValDeadlinePast);
    }
    Ok(d)
}

/// One step as asked for on the item's page, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Assign {
        owner: i64,
        deadline: NaiveDate,
        note: String,
    },
    Start {
        note: String,
    },
    /// `note`: what was done, the proof of delivery.
    Resolve {
        note: String,
    },
    Close {
        confirmation: Option<Confirmation>,
        note: String,
    },
    Reopen {
        reason: String,
    },
}

impl Action {
    pub fn step(&self) -> Step {
        match self {
            Action::Assign { .. } => Step::Assign,
            Action::Start { .. } => Step::Start,
            Action::Resolve { .. } => Step::Resolve,
            Action::Close { .. } => Step::Close,
            Action::Reopen { .. } => Step::Reopen,
        }
    }

    pub fn note(&self) -> &str {
        match self {
            Action::Assign { note, .. }
            | Action::Start { note }
            | Action::Resolve { note }
            | Action::Close { note, .. } => note,
            Action::Reopen { reason } => reason,
        }
    }

    /// Parses the step form's fields for an item of `kind`. Every field's error at once.
    pub fn parse(f: &StepForm, kind: Kind, today: NaiveDate) -> Result<Action, Vec<FieldError>> {
        let Some(step) = Step::parse(&f.step) else {
            return Err(vec![FieldError::new("step", Msg::ValChoice)]);
        };
        let mut errors = Vec::new();
        let mut note = |r: Result<String, Msg>| match r {
            Ok(v) => Some(v),
            Err(m) => {
                errors.push(FieldError::new("note", m));
                None
            }
        };
        let optional_note = |raw: &str| optional(raw, TEXT_MAX).map(Option::unwrap_or_default);
        let required_note = |raw: &str, why: Msg| {
            required(raw, TEXT_MAX).map_err(|m| if m == Msg::ValRequired { why } else { m })
        };
        let action = match step {
            Step::Assign => {
                let text = note(optional_note(&f.note));
                let owner = f.owner.trim().parse::<i64>().ok().filter(|o| *o > 0);
                if owner.is_none() {
                    errors.push(FieldError::new("owner", Msg::ValLedgerOwner));
                }
                let deadline = match parse_deadline(&f.deadline, today) {
                    Ok(d) => Some(d),
                    Err(m) => {
                        errors.push(FieldError::new("deadline", m));
                        None
                    }
                };
                match (owner, deadline, text) {
                    (Some(owner), Some(deadline), Some(note)) => Some(Action::Assign {
                        owner,
                        deadline,
                        note,
                    }),
                    _ => None,
                }
            }
            Step::Start => note(optional_note(&f.note)).map(|note| Action::Start { note }),
            Step::Resolve => note(required_note(&f.note, Msg::ValLedgerProof))
                .map(|note| Action::Resolve { note }),
            Step::Close => {
                let text = note(required_note(&f.note, Msg::ValLedgerCloseNote));
                let confirmation = Confirmation::parse(&f.confirmation);
                if kind.villager_facing() && confirmation.is_none() {
                    errors.push(FieldError::new("confirmation", Msg::ValLedgerConfirm));
                }
                text.map(|note| Action::Close { confirmation, note })
            }
            Step::Reopen => note(required_note(&f.note, Msg::ValLedgerReason))
                .map(|reason| Action::Reopen { reason }),
        };
        match action {
            Some(a) if errors.is_empty() => Ok(a),
            _ => Err(errors),
        }
    }
}

/// The step form as posted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepForm {
    pub step: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub deadline: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub confirmation: String,
}

/// A new item as typed on the "新建台账事项" form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemForm {
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub detail: String,
    #[serde(default)]
    pub household: String,
    #[serde(default)]
    pub village: String,
    #[serde(default)]
    pub difficulty: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub deadline: String,
}

/// A checked new item. `owner` and `deadline` come together or not at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewItem {
    pub kind: Kind,
    pub title: String,
    pub detail: String,
    pub household_id: Option<i64>,
    pub village_id: Option<i64>,
    pub difficulty: Option<Difficulty>,
    pub assign: Option<(i64, NaiveDate)>,
}

impl ItemForm {
    pub fn parse(&self, today: NaiveDate) -> Result<NewItem, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = Kind::parse(&self.kind);
        if kind.is_none() {
            errors.push(FieldError::new("kind", Msg::ValChoice));
        }
        let title = required(&self.title, TITLE_MAX)
            .map_err(|m| errors.push(FieldError::new("title", m)))
            .unwrap_or_default();
        let detail = optional(&self.detail, TEXT_MAX)
            .map_err(|m| errors.push(FieldError::new("detail", m)))
            .ok()
            .flatten()
            .unwrap_or_default();
        let id = |raw: &str| raw.trim().parse::<i64>().ok().filter(|v| *v > 0);
        let household_id = id(&self.household);
        let village_id = id(&self.village);
        if kind.is_some_and(Kind::needs_place) && household_id.is_none() && village_id.is_none() {
            // Beside the village choice: a household's item comes from its page.
            errors.push(FieldError::new("village", Msg::ValLedgerPlace));
        }
        let difficulty = match self.difficulty.trim() {
            "" => None,
            d => {
                let parsed = Difficulty::parse(d);
                if parsed.is_none() {
                    errors.push(FieldError::new("difficulty", Msg::ValChoice));
                }
                parsed
            }
        };
        let owner = id(&self.owner);
        let assign = match (owner, self.deadline.trim()) {
            (None, "") => None,
            (Some(o), d) => match parse_deadline(d, today) {
                Ok(d) => Some((o, d)),
                Err(m) => {
                    errors.push(FieldError::new("deadline", m));
                    None
                }
            },
            (None, _) => {
                errors.push(FieldError::new("owner", Msg::ValLedgerOwner));
                None
            }
        };
        match kind {
            Some(kind) if errors.is_empty() => Ok(NewItem {
                kind,
                title,
                detail,
                household_id,
                village_id,
                difficulty,
                assign,
            }),
            _ => Err(errors),
        }
    }
}
