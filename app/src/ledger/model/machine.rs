//! The status machine: the kinds of item, their states, the steps between them and who may
//! take which (DESIGN.md §2), checked the same on the phone and the server.
use crate::i18n::Msg;

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
