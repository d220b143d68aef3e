//! Pairing types and the quota rule.
use crate::households::model::Difficulty;
use crate::ledger::model::Status;
use crate::users::model::Post;
use serde::{Deserialize, Serialize};

crate::code_enum! {
    by_name:
    /// The posts the plan sets a pairing quota for.
    pub enum Tier {
        /// 局长: at least two households.
        Director = "director" => TierDirector,
        /// 班子成员 (the bureau's other leaders): at least one.
        Team = "team" => TierTeam,
        /// 股室负责人: at least one.
        UnitHead = "unit_head" => TierUnitHead,
        /// 联村工作队员: at least one.
        Liaison = "liaison" => TierLiaison,
    }
}

impl Tier {
    pub fn quota(self) -> i64 {
        match self {
            Tier::Director => 2,
            Tier::Team | Tier::UnitHead | Tier::Liaison => 1,
        }
    }

    /// The quota the office's post for a person sets (三(一)2 二): the office staff pair
    /// with no one. Read from the post, never the free-text title, and never the role: a
    /// director whose account is a cadre's still owes two households.
    pub fn of(post: Post) -> Option<Tier> {
        match post {
            Post::Director => Some(Tier::Director),
            Post::Deputy | Post::Discipline => Some(Tier::Team),
            Post::UnitHead => Some(Tier::UnitHead),
            Post::Liaison => Some(Tier::Liaison),
            Post::Office => None,
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
        // Quota by post (三(一)2 二): 局长 2, every other post 1, the office none.
        let quotas: Vec<_> = Post::ALL
            .iter()
            .map(|p| (p.code(), Tier::of(*p).map(Tier::quota)))
            .collect();
        assert_eq!(
            quotas,
            [
                ("director", Some(2)),
                ("deputy", Some(1)),
                ("discipline", Some(1)),
                ("unit_head", Some(1)),
                ("liaison", Some(1)),
                ("office", None)
            ]
        );
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
