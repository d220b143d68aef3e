//! The economy's records. Money is whole fen ([`Fen`]), shown as yuan with two decimals.
use crate::error::FieldError;
use crate::i18n::Msg;
use crate::model::VisitId;
use crate::model::{optional, required, Fen};
use crate::records::model::{form_village, record_day, Envelope};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

crate::code_enum! {
    /// Where a project stands.
    pub enum ProjectStatus {
        /// 谋划中.
        Planning = "planning" => ProjectPlanning,
        /// 已申报.
        Applied = "applied" => ProjectApplied,
        /// 已批复: counts toward "1–2 projects a year" from its approval day.
        Approved = "approved" => ProjectApproved,
        /// 资金到位.
        Funded = "funded" => ProjectFunded,
        /// 未获批.
        Refused = "refused" => ProjectRefused,
    }
}

impl ProjectStatus {
    /// Approved (and perhaps funded since): has an approval day.
    pub fn approved(self) -> bool {
        matches!(self, ProjectStatus::Approved | ProjectStatus::Funded)
    }
}

crate::code_enum! {
    /// The level of the department a report trip went to (省市县有关部门).
    pub enum TripLevel {
        Province = "province" => LevelProvince,
        City = "city" => LevelCity,
        County = "county" => LevelCounty,
    }
}

/// A 衔接汇报 trip as the phone sends it (`POST /api/sync/report-trips`, schema 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TripDraft {
    pub id: String,
    /// Photos (issue 20), all on the server before the record is pushed; left out when
    /// none, so a record without photos hashes as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<crate::photos::model::PhotoRef>,
    pub village_id: i64,
    /// `YYYY-MM-DD`.
    pub trip_on: String,
    pub level: String,
    pub department: String,
    #[serde(default)]
    pub purpose: String,
    pub outcome: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trip {
    pub level: TripLevel,
    pub department: String,
    pub purpose: String,
    pub outcome: String,
}

impl TripDraft {
    pub fn check(&self, today: NaiveDate) -> Result<(Envelope, Trip), Msg> {
        let id = VisitId::parse(&self.id)?;
        let on = record_day(&self.trip_on, today)?;
        let level = TripLevel::parse(&self.level).ok_or(Msg::ValChoice)?;
        let department = required(&self.department, 60)?;
        let purpose = optional(&self.purpose, 500)?.unwrap_or_default();
        let outcome = required(&self.outcome, 1000)?;
        Ok((
            Envelope::village(id, self.village_id, on),
            Trip {
                level,
                department,
                purpose,
                outcome,
            },
        ))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TripRow {
    pub id: String,
    pub trip_on: NaiveDate,
    pub level: TripLevel,
    pub department: String,
    pub purpose: String,
    pub outcome: String,
    pub recorded_by: String,
}

/// A new version of the village development plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanForm {
    pub village: String,
    /// 发展目标.
    pub goal: String,
    /// 发展思路.
    #[serde(default)]
    pub approach: String,
    /// 基层组织建设规划.
    #[serde(default)]
    pub organisation: String,
    /// 特色产业发展规划.
    #[serde(default)]
    pub industry: String,
    /// 环境管理整治规划.
    #[serde(default)]
    pub environment: String,
    /// 民生民本改善规划.
    #[serde(default)]
    pub livelihood: String,
    /// 集体经济发展规划.
    #[serde(default)]
    pub collective: String,
}

/// A checked plan: the form's texts, trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub goal: String,
    pub approach: String,
    pub organisation: String,
    pub industry: String,
    pub environment: String,
    pub livelihood: String,
    pub collective: String,
}

impl PlanForm {
    pub fn parse(&self) -> Result<(i64, Plan), Vec<FieldError>> {
        let mut errors = Vec::new();
        let village = form_village(&self.village, &mut errors);
        let goal = FieldError::text(&mut errors, "goal", required(&self.goal, 1000).map(Some));
        let mut text =
            |field: &str, raw: &str| FieldError::text(&mut errors, field, optional(raw, 4000));
        let plan = Plan {
            goal,
            approach: text("approach", &self.approach),
            organisation: text("organisation", &self.organisation),
            industry: text("industry", &self.industry),
            environment: text("environment", &self.environment),
            livelihood: text("livelihood", &self.livelihood),
            collective: text("collective", &self.collective),
        };
        if errors.is_empty() {
            Ok((village, plan))
        } else {
            Err(errors)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRow {
    pub version: i64,
    pub plan: Plan,
    pub by: String,
    pub created_at: DateTime<Utc>,
}

/// A project as the office or the team enters or updates it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectForm {
    pub village: String,
    pub name: String,
    /// The funding body (资金来源单位).
    pub funder: String,
    /// Yuan as typed; empty is zero.
    #[serde(default)]
    pub applied: String,
    #[serde(default)]
    pub approved: String,
    #[serde(default)]
    pub received: String,
    pub status: String,
    /// Required once approved.
    #[serde(default)]
    pub approved_on: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectEdit {
    pub village: i64,
    pub name: String,
    pub funder: String,
    pub applied: Fen,
    pub approved: Fen,
    pub received: Fen,
    pub status: ProjectStatus,
    pub approved_on: Option<NaiveDate>,
    pub note: String,
}

impl ProjectForm {
    /// Every problem at once. An approved or funded project needs its approval day (which the
    /// yearly obligation counts); one not approved has none.
    pub fn parse(&self, today: NaiveDate) -> Result<ProjectEdit, Vec<FieldError>> {
        let mut errors = Vec::new();
        let village = form_village(&self.village, &mut errors);
        let name = FieldError::text(&mut errors, "name", required(&self.name, 100).map(Some));
        let funder = FieldError::text(&mut errors, "funder", required(&self.funder, 60).map(Some));
        let mut money = |field: &str, raw: &str| {
            Fen::parse_optional(raw).unwrap_or_else(|m| {
                errors.push(FieldError::new(field, m));
                Fen(0)
            })
        };
        let applied = money("applied", &self.applied);
        let approved = money("approved", &self.approved);
        let received = money("received", &self.received);
        let status = ProjectStatus::parse(&self.status);
        if status.is_none() {
            errors.push(FieldError::new("status", Msg::ValChoice));
        }
        let approved_on = match (
            status.is_some_and(ProjectStatus::approved),
            self.approved_on.trim(),
        ) {
            (true, "") => {
                errors.push(FieldError::new("approved_on", Msg::ValApprovedOn));
                None
            }
            (true, raw) => match record_day(raw, today) {
                Ok(d) => Some(d),
                Err(m) => {
                    errors.push(FieldError::new("approved_on", m));
                    None
                }
            },
            (false, _) => None,
        };
        let note = FieldError::text(&mut errors, "note", optional(&self.note, 1000));
        match (status, errors.is_empty()) {
            (Some(status), true) => Ok(ProjectEdit {
                village,
                name,
                funder,
                applied,
                approved,
                received,
                status,
                approved_on,
                note,
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectRow {
    pub id: i64,
    pub name: String,
    pub funder: String,
    pub applied: Fen,
    pub approved: Fen,
    pub received: Fen,
    pub status: ProjectStatus,
    pub approved_on: Option<NaiveDate>,
    pub note: String,
}

/// The collective's income for a year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeForm {
    pub village: String,
    pub year: String,
    pub income: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeRow {
    pub year: i32,
    pub income: Fen,
    pub note: String,
}

impl IncomeForm {
    /// The year 2016 to this one; the income required (zero is a real answer).
    pub fn parse(&self, today: NaiveDate) -> Result<(i64, IncomeRow), Vec<FieldError>> {
        use chrono::Datelike;
        let mut errors = Vec::new();
        let village = form_village(&self.village, &mut errors);
        let year = crate::normalize::identifier(&self.year)
            .parse::<i32>()
            .ok()
            .filter(|y| (2016..=today.year()).contains(y))
            .unwrap_or_else(|| {
                errors.push(FieldError::new("year", Msg::ValYear));
                0
            });
        let income = Fen::parse_yuan(&self.income).unwrap_or_else(|m| {
            errors.push(FieldError::new("income", m));
            Fen(0)
        });
        let note = FieldError::text(&mut errors, "note", optional(&self.note, 500));
        if errors.is_empty() {
            Ok((village, IncomeRow { year, income, note }))
        } else {
            Err(errors)
        }
    }
}

/// Everything the village page shows of the economy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VillageEconomy {
    /// The plan in force (the latest version), and how many versions there are.
    pub plan: Option<PlanRow>,
    pub plan_versions: Vec<PlanRow>,
    pub projects: Vec<ProjectRow>,
    pub trips: Vec<TripRow>,
    pub incomes: Vec<IncomeRow>,
    /// Projects approved this year (the plan asks 1–2).
    pub approved_this_year: i64,
}

impl VillageEconomy {
    /// Sums over the projects: (applied, approved, received).
    pub fn totals(&self) -> (Fen, Fen, Fen) {
        let sum = |f: fn(&ProjectRow) -> Fen| Fen(self.projects.iter().map(|p| f(p).0).sum());
        (sum(|p| p.applied), sum(|p| p.approved), sum(|p| p.received))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_approved_project_has_its_day_and_exact_money() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let f = ProjectForm {
            village: "1".into(),
            name: "村道硬化".into(),
            funder: "县交通运输局".into(),
            applied: "50万".into(),
            approved: "１２０，０００．５０".into(),
            received: String::new(),
            status: "approved".into(),
            approved_on: String::new(),
            note: String::new(),
        };
        let e = f.parse(today).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].field, "approved_on");
        let ok = ProjectForm {
            approved_on: "2026-06-18".into(),
            ..f.clone()
        }
        .parse(today)
        .unwrap();
        assert_eq!(ok.applied, Fen(50_000_000));
        assert_eq!(ok.approved, Fen(12_000_050));
        assert_eq!(ok.approved.yuan(), "120,000.50");
        assert_eq!(ok.received, Fen(0));
        // Not approved: no approval day kept, whatever was typed.
        let applied = ProjectForm {
            status: "applied".into(),
            approved_on: "2026-06-18".into(),
            ..f.clone()
        }
        .parse(today)
        .unwrap();
        assert_eq!(applied.approved_on, None);
        let bad = ProjectForm {
            applied: "1.234".into(),
            ..f
        }
        .parse(today)
        .unwrap_err();
        assert!(bad
            .iter()
            .any(|e| e.field == "applied" && e.msg == Msg::ValMoney));
    }

    #[test]
    fn a_trip_names_its_department_and_outcome() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let t = TripDraft {
            id: "01936f0e-1c2a-7b3c-8d4e-5f60718293a4".into(),
            photos: Vec::new(),
            village_id: 1,
            trip_on: "2026-11-28".into(),
            level: "city".into(),
            department: "市农业农村局".into(),
            purpose: "汇报茶叶基地项目".into(),
            outcome: "同意列入明年计划".into(),
        };
        assert!(t.check(today).is_ok());
        let bad = TripDraft {
            level: "town".into(),
            ..t.clone()
        };
        assert_eq!(bad.check(today), Err(Msg::ValChoice));
        let bad = TripDraft {
            outcome: " ".into(),
            ..t
        };
        assert_eq!(bad.check(today), Err(Msg::ValRequired));
    }
}
