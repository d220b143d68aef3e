//! Pairing types and the quota rule.
use crate::households::model::Difficulty;
use crate::i18n::Msg;
use crate::ledger::model::Status;
use crate::model::Role;
use serde::{Deserialize, Serialize};

/// The posts the plan sets a pairing quota for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tier {
    /// 局长: at least two households.
    Director,
    /// 班子成员 (the bureau's other leaders): at least one.
    Team,
    /// 股室负责人: at least one.
    UnitHead,
    /// 联村工作队员: at least one.
    Liaison,
}

impl Tier {
    pub fn quota(self) -> i64 {
        match self {
            Tier::Director => 2,
            Tier::Team | Tier::UnitHead | Tier::Liaison => 1,
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Tier::Director => Msg::TierDirector,
            Tier::Team => Msg::TierTeam,
            Tier::UnitHead => Msg::TierUnitHead,
            Tier::Liaison => Msg::TierLiaison,
        }
    }

    /// The post read from an account: the office runs the programme and pairs with no one;
    /// a leader titled 局长 (not 副局长) is the director; other leaders are the team; a cadre
    /// whose title names a unit's head (股长, 主任, 负责人) is a unit head; other cadres are
    /// liaison-team members.
    pub fn of(role: Role, title: &str) -> Option<Tier> {
        let t = title.trim();
        match role {
            Role::Admin => None,
            Role::Leader if t.contains("局长") && !t.contains("副局长") => {
                Some(Tier::Director)
            }
            Role::Leader => Some(Tier::Team),
            Role::Cadre if ["股长", "主任", "负责人"].iter().any(|w| t.contains(w)) => {
                Some(Tier::UnitHead)
            }
            Role::Cadre => Some(Tier::Liaison),
        }
    }
}

/// One person's line of the quota check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaRow {
    pub user_id: i64,
    pub name: String,
    pub title: String,
    pub tier: Tier,
    pub paired: i64,
}

impl QuotaRow {
    /// How many households short of the quota (0 when met).
    pub fn short(&self) -> i64 {
        (self.tier.quota() - self.paired).max(0)
    }
}

/// Where one of a household's difficulties stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Plan {
    /// No help-plan item yet.
    None,
    /// The latest help-plan item for it: id and status.
    Item(String, Status),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoorHousehold {
    pub id: i64,
    pub head_name: String,
    pub village: String,
    /// Current pairings: pairing id, cadre's name.
    pub cadres: Vec<(i64, String)>,
    pub difficulties: Vec<(Difficulty, Plan)>,
}

impl PoorHousehold {
    /// Difficulties whose help plan is closed, of all it has.
    pub fn solved(&self) -> (usize, usize) {
        let done = self
            .difficulties
            .iter()
            .filter(|(_, p)| matches!(p, Plan::Item(_, Status::Closed)))
            .count();
        (done, self.difficulties.len())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingView {
    pub quota: Vec<QuotaRow>,
    pub households: Vec<PoorHousehold>,
    /// Who may be paired (office's form): id, name · title.
    pub people: Vec<(i64, String)>,
}

impl PairingView {
    pub fn short(&self) -> Vec<&QuotaRow> {
        self.quota.iter().filter(|q| q.short() > 0).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_and_quotas() {
        assert_eq!(Tier::of(Role::Leader, "局长"), Some(Tier::Director));
        assert_eq!(
            Tier::of(Role::Leader, "党组书记、局长"),
            Some(Tier::Director)
        );
        assert_eq!(Tier::of(Role::Leader, "副局长"), Some(Tier::Team));
        assert_eq!(Tier::of(Role::Cadre, "办公室主任"), Some(Tier::UnitHead));
        assert_eq!(Tier::of(Role::Cadre, "联村工作队员"), Some(Tier::Liaison));
        assert_eq!(Tier::of(Role::Admin, "局长"), None);
        assert_eq!(Tier::Director.quota(), 2);
        let row = |tier, paired| QuotaRow {
            user_id: 1,
            name: String::new(),
            title: String::new(),
            tier,
            paired,
        };
        assert_eq!(row(Tier::Director, 1).short(), 1);
        assert_eq!(row(Tier::Director, 3).short(), 0);
        assert_eq!(row(Tier::Liaison, 0).short(), 1);
    }
}
