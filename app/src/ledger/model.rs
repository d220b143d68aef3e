//! Ledger types and the status machine, checked the same on the phone and the server.
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// The six kinds of DESIGN.md §2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// 信访
    Petition,
    /// 矛盾纠纷
    Dispute,
    /// 安全隐患
    Hazard,
    /// 民事代办
    ProxyService,
    /// 承诺事项
    Commitment,
    /// 帮扶计划
    HelpPlan,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Petition,
        Kind::Dispute,
        Kind::Hazard,
        Kind::ProxyService,
        Kind::Commitment,
        Kind::HelpPlan,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Petition => "petition",
            Kind::Dispute => "dispute",
            Kind::Hazard => "hazard",
            Kind::ProxyService => "proxy_service",
            Kind::Commitment => "commitment",
            Kind::HelpPlan => "help_plan",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// Whether closing needs the villager's confirmation or a call-back on record: every
    /// kind that was promised or done for a villager. A hazard is closed on inspection.
    pub fn villager_facing(self) -> bool {
        !matches!(self, Kind::Hazard)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// 新建: recorded, no owner yet.
    New,
    /// 已交办: an owner and a deadline.
    Assigned,
    /// 办理中
    InProgress,
    /// 已办结: done, the owner says; waits for confirmation.
    Resolved,
    /// 已销号: confirmed and closed.
    Closed,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::New,
        Status::Assigned,
        Status::InProgress,
        Status::Resolved,
        Status::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Assigned => "assigned",
            Status::InProgress => "in_progress",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    /// Still someone's work: counts towards overdue.
    pub fn open(self) -> bool {
        !matches!(self, Status::Resolved | Status::Closed)
    }
}

/// What someone does to an item. Each step also goes into the item's append-only log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// Give it an owner and a deadline (again: hand it to someone else).
    Assign,
    /// The owner starts on it.
    Start,
    /// The owner reports it done, with a note of what was done.
    Resolve,
    /// Confirmed (by the villager, for villager-facing kinds) and closed.
    Close,
    /// Not done after all: back to work, with the reason.
    Reopen,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Assign,
        Step::Start,
        Step::Resolve,
        Step::Close,
        Step::Reopen,
    ];
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
}
