//! Results (创好工作业绩, 三(一)1 五) and the yearly assessment (补助和奖励, 四): a village's
//! achievements with their evidence, and per person a year's figures computed from the
//! records, on which the leading group decides.
use crate::error::FieldError;
use crate::i18n::Msg;
use crate::model::{optional, required};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

crate::code_enum! {
    /// Where a result was made (三(一)1 五).
    pub enum Area {
        Industry = "industry" => AreaIndustry,
        Infrastructure = "infrastructure" => AreaInfrastructure,
        Living = "living" => AreaLiving,
        Appearance = "appearance" => AreaAppearance,
        Other = "other" => AreaOther,
    }
}

crate::code_enum! {
    pub enum Decision {
        Reward = "reward" => DecisionReward,
        None = "none" => DecisionNone,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VillageResult {
    pub id: i64,
    pub village: String,
    pub achieved_on: NaiveDate,
    pub area: Area,
    pub highlight: String,
    pub before: String,
    pub after: String,
    pub evidence: String,
}

/// A result as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultForm {
    pub village: String,
    pub achieved_on: String,
    pub area: String,
    pub highlight: String,
    #[serde(default)]
    pub before: String,
    #[serde(default)]
    pub after: String,
    #[serde(default)]
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewResult {
    pub village_id: i64,
    pub achieved_on: NaiveDate,
    pub area: Area,
    pub highlight: String,
    pub before: String,
    pub after: String,
    pub evidence: String,
}

impl ResultForm {
    /// Every field's problem at once; the day no later than `today`.
    pub fn parse(&self, today: NaiveDate) -> Result<NewResult, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut text =
            |field: &str, r: Result<Option<String>, Msg>| FieldError::text(&mut errors, field, r);
        let highlight = text("highlight", required(&self.highlight, 200).map(Some));
        let before = text("before", optional(&self.before, 500));
        let after = text("after", optional(&self.after, 500));
        let evidence = text("evidence", optional(&self.evidence, 1000));
        let village_id = crate::normalize::identifier(&self.village)
            .parse::<i64>()
            .ok();
        if village_id.is_none() {
            errors.push(FieldError::new("village", Msg::ValChoice));
        }
        let area = Area::parse(&self.area);
        if area.is_none() {
            errors.push(FieldError::new("area", Msg::ValChoice));
        }
        let achieved_on = NaiveDate::parse_from_str(self.achieved_on.trim(), "%Y-%m-%d")
            .ok()
            .filter(|d| *d <= today);
        if achieved_on.is_none() {
            errors.push(FieldError::new("achieved_on", Msg::ValDate));
        }
        match (village_id, area, achieved_on) {
            (Some(village_id), Some(area), Some(achieved_on)) if errors.is_empty() => {
                Ok(NewResult {
                    village_id,
                    achieved_on,
                    area,
                    highlight,
                    before,
                    after,
                    evidence,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A person's year, computed from the records (never typed in).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Visits they recorded (民情日记).
    pub visits: i64,
    /// Months every assigned household was visited, of the months they had households.
    pub coverage_done: i64,
    pub coverage_months: i64,
    /// Person-scoped obligation instances done, of all (coverage, feedback forms…).
    pub obligations_done: i64,
    pub obligations_total: i64,
    /// Ledger items they owned closed in the year, and of those by the deadline.
    pub items_closed: i64,
    pub items_on_time: i64,
    /// Replies they wrote to villagers' feedback.
    pub feedback_replies: i64,
    /// Poor households paired now, and their post's quota (None: no quota).
    pub paired: i64,
    pub quota: Option<i64>,
}

impl Figures {
    pub fn quota_met(&self) -> Option<bool> {
        self.quota.map(|q| self.paired >= q)
    }
}

/// The decision standing for a person's year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decided {
    pub decision: Decision,
    pub reason: String,
    pub by: String,
    pub at: DateTime<Utc>,
    /// The figures the decision was made on (the record may differ later, as late diaries
    /// arrive).
    pub figures: Figures,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub user_id: i64,
    pub name: String,
    pub post: crate::users::model::Post,
    pub figures: Figures,
    pub decided: Option<Decided>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsView {
    pub year: i32,
    pub today: NaiveDate,
    pub results: Vec<VillageResult>,
    pub people: Vec<Assessment>,
    pub villages: Vec<(i64, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_names_every_problem_and_refuses_days_to_come() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let errs = ResultForm {
            achieved_on: "2026-12-02".into(),
            ..Default::default()
        }
        .parse(today)
        .unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["highlight", "village", "area", "achieved_on"]);
        let ok = ResultForm {
            village: "１".into(),
            achieved_on: "2026-11-20".into(),
            area: "industry".into(),
            highlight: "油茶基地扩种200亩".into(),
            before: "年产值30万元".into(),
            after: "年产值55万元".into(),
            evidence: "村委会台账".into(),
        };
        assert_eq!(ok.parse(today).unwrap().area, Area::Industry);
        let f = Figures {
            paired: 1,
            quota: Some(2),
            ..Default::default()
        };
        assert_eq!(f.quota_met(), Some(false));
        assert_eq!(Figures::default().quota_met(), None);
    }
}
