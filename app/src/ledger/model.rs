//! Ledger types and the status machine, checked the same on the phone and the server.
use crate::error::FieldError;
use crate::households::model::Difficulty;
use crate::i18n::Msg;
use crate::model::{optional, required};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

crate::code_enum! {
    by_name:
    /// The six kinds of DESIGN.md §2.
    pub enum Kind {
        /// 信访
        Petition = "petition" => KindPetition,
        /// 矛盾纠纷
        Dispute = "dispute" => KindDispute,
        /// 安全隐患
        Hazard = "hazard" => KindHazard,
        /// 民事代办
        ProxyService = "proxy_service" => KindProxyService,
        /// 承诺事项
        Commitment = "commitment" => KindCommitment,
        /// 帮扶计划
        HelpPlan = "help_plan" => KindHelpPlan,
    }
}

impl Kind {
    /// Whether closing needs the villager's confirmation or a call-back on record: every
    /// kind that was promised or done for a villager. A hazard is closed on inspection.
    pub fn villager_facing(self) -> bool {
        !matches!(self, Kind::Hazard)
    }
}

crate::code_enum! {
    by_name:
    pub enum Status {
        /// 新建: recorded, no owner yet.
        New = "new" => LedgerStatusNew,
        /// 已交办: an owner and a deadline.
        Assigned = "assigned" => LedgerStatusAssigned,
        /// 办理中
        InProgress = "in_progress" => LedgerStatusInProgress,
        /// 已办结: done, the owner says; waits for confirmation.
        Resolved = "resolved" => LedgerStatusResolved,
        /// 已销号: confirmed and closed.
        Closed = "closed" => LedgerStatusClosed,
    }
}

impl Status {
    /// Still someone's work: counts towards overdue.
    pub fn open(self) -> bool {
        !matches!(self, Status::Resolved | Status::Closed)
    }
}

crate::code_enum! {
    by_name:
    /// What someone does to an item. Each step also goes into the item's append-only log.
    pub enum Step {
        /// Give it an owner and a deadline (again: hand it to someone else).
        Assign = "assign" => StepAssign,
        /// The owner starts on it.
        Start = "start" => StepStart,
        /// The owner reports it done, with a note of what was done.
        Resolve = "resolve" => StepResolve,
        /// Confirmed (by the villager, for villager-facing kinds) and closed.
        Close = "close" => StepClose,
        /// Not done after all: back to work, with the reason.
        Reopen = "reopen" => StepReopen,
    }
}

/// The status after `step`, or why the step is not allowed from `from`.
pub fn next(from: Status, step: Step) -> Result<Status, Msg> {
    use Status::*;
    use Step::*;
    match (from, step) {
        (New | Assigned, Assign) => Ok(Assigned),
        // An item in progress may change hands; it stays in progress.
        (InProgress, Assign) => Ok(InProgress),
        (Assigned, Start) => Ok(InProgress),
        (InProgress, Resolve) => Ok(Resolved),
        (Resolved, Close) => Ok(Closed),
        (Resolved | Closed, Reopen) => Ok(InProgress),
        (New, Start | Resolve) => Err(Msg::LedgerNeedsOwner),
        (Resolved | Closed, Assign | Start | Resolve) => Err(Msg::LedgerAlreadyDone),
        (New | Assigned | InProgress, Close) => Err(Msg::LedgerNotResolved),
        (New | Assigned | InProgress, Reopen) => Err(Msg::LedgerNotDone),
        (Assigned, Resolve) => Err(Msg::LedgerNotStarted),
        (InProgress, Start) => Err(Msg::LedgerAlreadyStarted),
        (Closed, Close) => Err(Msg::LedgerAlreadyDone),
    }
}

impl Kind {
    /// Promised to a place or a family: it must say which.
    pub fn needs_place(self) -> bool {
        matches!(self, Kind::Commitment | Kind::HelpPlan)
    }
}

crate::code_enum! {
    by_name:
    /// Where an item came from.
    pub enum Source {
        Direct = "direct" => SourceDirect,
        Visit = "visit" => SourceVisit,
        Feedback = "feedback" => SourceFeedback,
        Reception = "reception" => SourceReception,
        /// A finding of a 矛盾纠纷、安全隐患排查 round (its source id: `<round>/<n>`).
        Screening = "screening" => SourceScreening,
    }
}

crate::code_enum! {
    by_name:
    /// How the villager confirmed that a villager-facing item was done.
    pub enum Confirmation {
        /// 群众当面确认
        Villager = "villager" => ConfirmVillager,
        /// 电话回访
        Callback = "callback" => ConfirmCallback,
    }
}

/// Who may take which steps on an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// Office and leaders: triage, assign, close and reopen anything.
    Office,
    /// The item's owner: works it, reports it done, closes it with the villager's word.
    Owner,
    /// Anyone else: may look (if they may see it at all), not act.
    Other,
}

impl Actor {
    pub fn may(self, step: Step) -> bool {
        match self {
            Actor::Office => true,
            Actor::Owner => step != Step::Assign,
            Actor::Other => false,
        }
    }
}

/// The steps `actor` may take now, in the order the screen offers them.
pub fn offered(actor: Actor, status: Status) -> Vec<Step> {
    Step::ALL
        .into_iter()
        .filter(|s| actor.may(*s) && next(status, *s).is_ok())
        .collect()
}

pub const TITLE_MAX: usize = 100;
pub const TEXT_MAX: usize = 2000;
/// Due within this many days: highlighted.
pub const DUE_SOON_DAYS: i64 = 3;

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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every legal step, and where it leads.
    const LEGAL: &[(Status, Step, Status)] = &[
        (Status::New, Step::Assign, Status::Assigned),
        (Status::Assigned, Step::Assign, Status::Assigned),
        (Status::InProgress, Step::Assign, Status::InProgress),
        (Status::Assigned, Step::Start, Status::InProgress),
        (Status::InProgress, Step::Resolve, Status::Resolved),
        (Status::Resolved, Step::Close, Status::Closed),
        (Status::Resolved, Step::Reopen, Status::InProgress),
        (Status::Closed, Step::Reopen, Status::InProgress),
    ];

    #[test]
    fn every_legal_step_leads_where_it_should() {
        for (from, step, to) in LEGAL {
            assert_eq!(next(*from, *step), Ok(*to), "{from:?} --{step:?}-->");
        }
    }

    #[test]
    fn every_other_step_is_refused_with_a_translated_reason() {
        let mut refused = 0;
        for from in Status::ALL {
            for step in Step::ALL {
                if LEGAL.iter().any(|(f, s, _)| *f == from && *s == step) {
                    continue;
                }
                let reason =
                    next(from, step).expect_err(&format!("{from:?} --{step:?}--> must be refused"));
                assert!(reason.key().starts_with("Ledger"), "{reason:?}");
                assert!(!reason.text(crate::i18n::Locale::Zh).is_empty());
                refused += 1;
            }
        }
        // 5 statuses × 5 steps, less the 8 legal ones.
        assert_eq!(refused, 25 - LEGAL.len());
    }

    #[test]
    fn codes_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.code()), Some(k));
        }
        for s in Status::ALL {
            assert_eq!(Status::parse(s.code()), Some(s));
        }
        assert_eq!(Kind::parse("gossip"), None);
        assert!(!Status::Resolved.open() && Status::InProgress.open());
        assert!(Kind::Commitment.villager_facing() && !Kind::Hazard.villager_facing());
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn who_may_take_which_step() {
        assert_eq!(offered(Actor::Office, Status::New), vec![Step::Assign]);
        assert_eq!(offered(Actor::Owner, Status::New), Vec::<Step>::new());
        assert_eq!(offered(Actor::Owner, Status::Assigned), vec![Step::Start]);
        assert_eq!(
            offered(Actor::Office, Status::InProgress),
            vec![Step::Assign, Step::Resolve]
        );
        assert_eq!(
            offered(Actor::Owner, Status::Resolved),
            vec![Step::Close, Step::Reopen]
        );
        for s in Status::ALL {
            assert!(offered(Actor::Other, s).is_empty());
        }
    }

    #[test]
    fn closing_a_villagers_matter_needs_their_confirmation_and_a_note() {
        let today = day(2026, 11, 27);
        let close = |confirmation: &str, note: &str| StepForm {
            step: "close".into(),
            confirmation: confirmation.into(),
            note: note.into(),
            ..Default::default()
        };
        let errs = Action::parse(&close("", ""), Kind::Commitment, today).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["note", "confirmation"]);
        assert_eq!(errs[0].msg, Msg::ValLedgerCloseNote);
        assert!(Action::parse(&close("", "已修复"), Kind::Hazard, today).is_ok());
        assert_eq!(
            Action::parse(&close("callback", "电话回访满意"), Kind::Petition, today),
            Ok(Action::Close {
                confirmation: Some(Confirmation::Callback),
                note: "电话回访满意".into()
            })
        );
    }

    #[test]
    fn assigning_needs_an_owner_and_a_deadline_not_in_the_past() {
        let today = day(2026, 11, 27);
        let assign = |owner: &str, deadline: &str| StepForm {
            step: "assign".into(),
            owner: owner.into(),
            deadline: deadline.into(),
            ..Default::default()
        };
        let errs = Action::parse(&assign("", "2026-11-26"), Kind::Dispute, today).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[1].msg, Msg::ValDeadlinePast);
        assert!(Action::parse(&assign("7", "2026-11-27"), Kind::Dispute, today).is_ok());
        let resolve = StepForm {
            step: "resolve".into(),
            ..Default::default()
        };
        assert_eq!(
            Action::parse(&resolve, Kind::ProxyService, today).unwrap_err()[0].msg,
            Msg::ValLedgerProof
        );
        let bogus = StepForm {
            step: "delete".into(),
            ..Default::default()
        };
        assert!(Action::parse(&bogus, Kind::Dispute, today).is_err());
    }

    #[test]
    fn a_new_item_names_its_place_and_pairs_owner_with_deadline() {
        let today = day(2026, 11, 27);
        let mut f = ItemForm {
            kind: "commitment".into(),
            title: "修通组道".into(),
            ..Default::default()
        };
        let errs = f.parse(today).unwrap_err();
        assert_eq!(errs[0].msg, Msg::ValLedgerPlace);
        f.village = "3".into();
        assert_eq!(f.parse(today).unwrap().assign, None);
        f.deadline = "2026-12-31".into();
        assert_eq!(f.parse(today).unwrap_err()[0].field, "owner");
        f.owner = "12".into();
        assert_eq!(
            f.parse(today).unwrap().assign,
            Some((12, day(2026, 12, 31)))
        );
        f.kind = "gossip".into();
        assert_eq!(f.parse(today).unwrap_err()[0].field, "kind");
    }

    #[test]
    fn due_dates_read_as_overdue_soon_or_later() {
        let today = day(2026, 11, 27);
        let d = |s: Status, dl: NaiveDate| due(s, Some(dl), today);
        assert_eq!(d(Status::Assigned, day(2026, 11, 24)), Due::Overdue(3));
        assert_eq!(d(Status::InProgress, day(2026, 11, 27)), Due::Soon(0));
        assert_eq!(d(Status::InProgress, day(2026, 11, 30)), Due::Soon(3));
        assert_eq!(d(Status::InProgress, day(2026, 12, 1)), Due::Later);
        assert_eq!(d(Status::Resolved, day(2026, 11, 1)), Due::None);
        assert_eq!(due(Status::New, None, today), Due::None);
    }
}
