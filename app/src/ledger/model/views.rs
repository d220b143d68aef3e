//! What the ledger's pages show: an item's row, its log, its deadline's nearness, the lists.
use super::machine::*;
use crate::households::model::Difficulty;
use crate::i18n::Msg;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub const DUE_SOON_DAYS: i64 = 3;

/// How close an open item is to its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Due {
    /// Past the deadline by this many days.
    Overdue(i64),
    /// Due today (0) or within `DUE_SOON_DAYS`.
    Soon(i64),
    Later,
    /// Done, or no deadline yet.
    None,
}

pub fn due(status: Status, deadline: Option<NaiveDate>, today: NaiveDate) -> Due {
    match deadline {
        Some(d) if status.open() => {
            let days = (d - today).num_days();
            if days < 0 {
                Due::Overdue(-days)
            } else if days <= DUE_SOON_DAYS {
                Due::Soon(days)
            } else {
                Due::Later
            }
        }
        _ => Due::None,
    }
}

/// One line of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRow {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub status: Status,
    pub source: Source,
    pub household_id: Option<i64>,
    pub household: Option<String>,
    pub village: Option<String>,
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
}

impl ItemRow {
    pub fn due(&self, today: NaiveDate) -> Due {
        due(self.status, self.deadline, today)
    }
}

/// One entry of an item's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Its place in the log; its photos belong to `<item>/<id>`.
    #[serde(default)]
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    /// A `Step` code, or `create`, `note`, `handover`, `meeting`.
    pub step: String,
    pub status: Status,
    pub owner: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub note: String,
    pub confirmation: Option<Confirmation>,
    /// Photos added with this entry (proof of the work, the hazard itself).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<crate::photos::model::PhotoView>,
}

/// The record kind of photos added to an item's log (`photos.record_kind`).
pub const PHOTO_KIND: &str = crate::photos::model::LEDGER_STEP;

/// The record a log entry's photos belong to: `<item>/<event>`.
pub fn photo_record(item: &str, event: i64) -> String {
    format!("{item}/{event}")
}

impl Event {
    pub fn label(&self) -> Msg {
        match self.step.as_str() {
            "create" => Msg::EventCreate,
            "note" => Msg::EventNote,
            "handover" => Msg::EventHandover,
            "meeting" => Msg::EventMeeting,
            "photo" => Msg::EventPhotos,
            s => Step::parse(s).map(Step::label).unwrap_or(Msg::EventNote),
        }
    }
}

/// An item with its whole log and what this user may do with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemDetail {
    pub row: ItemRow,
    pub detail: String,
    pub difficulty: Option<Difficulty>,
    pub events: Vec<Event>,
    pub steps: Vec<Step>,
    pub may_note: bool,
    pub today: NaiveDate,
}

crate::code_enum! {
    by_name:
    /// Which list.
    pub enum ListView {
        /// Open items I own.
        Mine = "mine" => LedgerMine,
        /// Open items past their deadline (mine for a cadre, all for the office and leaders).
        Overdue = "overdue" => LedgerOverdue,
        /// Open items due within `DUE_SOON_DAYS`.
        Soon = "soon" => LedgerSoon,
        /// Not yet assigned (office and leaders; a cadre: those they raised).
        New = "new" => LedgerUnassigned,
        /// Everything I may see, newest first.
        All = "all" => LedgerAll,
    }
}

impl ListView {
    /// The list a `?view=` names; unknown or absent: mine.
    pub fn from_query(code: &str) -> Self {
        Self::parse(code).unwrap_or(ListView::Mine)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerList {
    pub rows: Vec<ItemRow>,
    pub today: NaiveDate,
    /// Counts per view, in `ListView::ALL` order.
    pub counts: Vec<(ListView, i64)>,
}

/// The home page's line: my open items, overdue and due soon.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyCounts {
    pub open: i64,
    pub overdue: i64,
    pub soon: i64,
}
