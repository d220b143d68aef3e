//! The living environment's records and forms.
use crate::error::FieldError;
use crate::i18n::Msg;
use crate::model::VisitId;
use crate::model::{optional, required};
use crate::records::model::{count, form_village, parse_day, record_day, Envelope};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A clean-up (环境卫生集中整治) as the phone sends it (`POST /api/sync/cleanups`, schema 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CleanupDraft {
    pub id: String,
    /// Photos (issue 20), all on the server before the record is pushed; left out when
    /// none, so a record without photos hashes as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<crate::photos::model::PhotoRef>,
    pub village_id: i64,
    pub held_on: String,
    /// Where: roads, ditches, fields (田间地头), the square.
    pub area: String,
    /// The bureau's militia unit (民兵应急连) there.
    pub militia: i64,
    pub villagers: i64,
    /// What was done.
    pub work: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleanup {
    pub area: String,
    pub militia: i64,
    pub villagers: i64,
    pub work: String,
}

impl CleanupDraft {
    pub fn check(&self, today: NaiveDate) -> Result<(Envelope, Cleanup), Msg> {
        let id = VisitId::parse(&self.id)?;
        let on = record_day(&self.held_on, today)?;
        let area = required(&self.area, 200)?;
        let max = crate::organisation::model::MAX_HEADCOUNT;
        let militia = count(&self.militia.to_string(), max)?;
        let villagers = count(&self.villagers.to_string(), max)?;
        if militia + villagers == 0 {
            return Err(Msg::ValNobodyPresent);
        }
        let work = required(&self.work, 1000)?;
        Ok((
            Envelope::village(id, self.village_id, on),
            Cleanup {
                area,
                militia,
                villagers,
                work,
            },
        ))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CleanupRow {
    pub id: String,
    pub held_on: NaiveDate,
    pub area: String,
    pub militia: i64,
    pub villagers: i64,
    pub work: String,
    pub recorded_by: String,
}

crate::code_enum! {
    /// The three parts of the programme (绿化、美化、亮化).
    pub enum Programme {
        Greening = "greening" => ProgrammeGreening,
        Beautifying = "beautifying" => ProgrammeBeautifying,
        Lighting = "lighting" => ProgrammeLighting,
    }
}

/// A milestone of the three-year programme, as the office or the team enters it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneForm {
    pub village: String,
    pub category: String,
    pub title: String,
    /// The day it falls due (may be years ahead).
    pub due_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMilestone {
    pub village: i64,
    pub category: Programme,
    pub title: String,
    pub due_on: NaiveDate,
}

impl MilestoneForm {
    pub fn parse(&self) -> Result<NewMilestone, Vec<FieldError>> {
        let mut errors = Vec::new();
        let village = form_village(&self.village, &mut errors);
        let category = Programme::parse(&self.category);
        if category.is_none() {
            errors.push(FieldError::new("category", Msg::ValChoice));
        }
        let title = FieldError::text(&mut errors, "title", required(&self.title, 200).map(Some));
        let due_on = parse_day(&self.due_on).unwrap_or_else(|m| {
            errors.push(FieldError::new("due_on", m));
            NaiveDate::MIN
        });
        match category {
            Some(category) if errors.is_empty() => Ok(NewMilestone {
                village,
                category,
                title,
                due_on,
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneRow {
    pub id: i64,
    pub category: Programme,
    pub title: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
    pub note: String,
}

crate::code_enum! {
    /// A household's works (改水、改厕、改灶, 危房改造, clean energy).
    pub enum HouseWork {
        Water = "water" => HouseWater,
        Toilet = "toilet" => HouseToilet,
        Stove = "stove" => HouseStove,
        House = "house" => HouseRepair,
        Solar = "solar" => HouseSolar,
        Biogas = "biogas" => HouseBiogas,
    }
}

crate::code_enum! {
    /// Where a household's work stands.
    pub enum WorkStatus {
        Planned = "planned" => WorkPlanned,
        InProgress = "in_progress" => WorkInProgress,
        Done = "done" => WorkDone,
    }
}

/// A household's work, set by the household's cadre, the office or a leader (one row per
/// kind, updated as it goes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseWorkForm {
    pub household: String,
    pub kind: String,
    pub status: String,
    #[serde(default)]
    pub started_on: String,
    /// Required once done.
    #[serde(default)]
    pub done_on: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseWorkEdit {
    pub household: i64,
    pub kind: HouseWork,
    pub status: WorkStatus,
    pub started_on: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub note: String,
}

impl HouseWorkForm {
    pub fn parse(&self, today: NaiveDate) -> Result<HouseWorkEdit, Vec<FieldError>> {
        let mut errors = Vec::new();
        let household = crate::normalize::identifier(&self.household)
            .parse::<i64>()
            .unwrap_or_else(|_| {
                errors.push(FieldError::new("household", Msg::ValChoice));
                0
            });
        let kind = HouseWork::parse(&self.kind);
        if kind.is_none() {
            errors.push(FieldError::new("kind", Msg::ValChoice));
        }
        let status = WorkStatus::parse(&self.status);
        if status.is_none() {
            errors.push(FieldError::new("status", Msg::ValChoice));
        }
        let mut day = |field: &str, raw: &str| {
            if raw.trim().is_empty() {
                return None;
            }
            record_day(raw, today)
                .map_err(|m| errors.push(FieldError::new(field, m)))
                .ok()
        };
        let started_on = day("started_on", &self.started_on);
        let done_on = day("done_on", &self.done_on);
        if status == Some(WorkStatus::Done) && done_on.is_none() && self.done_on.trim().is_empty() {
            errors.push(FieldError::new("done_on", Msg::ValDoneOn));
        }
        if let (Some(s), Some(d)) = (started_on, done_on) {
            if d < s {
                errors.push(FieldError::new("done_on", Msg::ValDoneBeforeStart));
            }
        }
        let note = FieldError::text(&mut errors, "note", optional(&self.note, 500));
        match (kind, status) {
            (Some(kind), Some(status)) if errors.is_empty() => Ok(HouseWorkEdit {
                household,
                kind,
                status,
                started_on,
                // A done day belongs to a done work only.
                done_on: done_on.filter(|_| status == WorkStatus::Done),
                note,
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseWorkRow {
    pub household_id: i64,
    pub kind: HouseWork,
    pub status: WorkStatus,
    pub started_on: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub note: String,
}

/// How many households of a village have each work, by status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkCount {
    pub kind: HouseWork,
    pub planned: i64,
    pub in_progress: i64,
    pub done: i64,
}

/// A new version of the 村规民约 or of the sanitation crew.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRow {
    pub version: i64,
    /// The rules' text, or the crew's members (one per line).
    pub body: String,
    /// The crew's routine (empty for the rules).
    pub routine: String,
    /// Adopted (the rules) or in place (the crew) from.
    pub since: NaiveDate,
    pub by: String,
    pub created_at: DateTime<Utc>,
}

/// A village's living environment, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VillageEnvironment {
    pub cleanups: Vec<CleanupRow>,
    pub milestones: Vec<MilestoneRow>,
    pub works: Vec<WorkCount>,
    /// The 村规民约, newest version first.
    pub rules: Vec<VersionRow>,
    /// The sanitation crew, newest first.
    pub crews: Vec<VersionRow>,
}

/// Checks a new version's texts and day: (body, routine, since).
pub fn parse_version(
    body: &str,
    routine: Option<&str>,
    since: &str,
    today: NaiveDate,
) -> Result<(String, String, NaiveDate), Vec<FieldError>> {
    let mut errors = Vec::new();
    let body = FieldError::text(&mut errors, "body", required(body, 20_000).map(Some));
    let routine = match routine {
        Some(r) => FieldError::text(&mut errors, "routine", required(r, 2000).map(Some)),
        None => String::new(),
    };
    let since = record_day(since, today).unwrap_or_else(|m| {
        errors.push(FieldError::new("since", m));
        today
    });
    if errors.is_empty() {
        Ok((body, routine, since))
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_done_work_needs_its_day_and_a_milestone_may_be_years_ahead() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let mut f = HouseWorkForm {
            household: "7".into(),
            kind: "toilet".into(),
            status: "done".into(),
            ..Default::default()
        };
        let e = f.parse(today).unwrap_err();
        assert_eq!(e[0].field, "done_on");
        f.done_on = "２０２６年11月3日".into();
        f.started_on = "2026-11-05".into();
        assert_eq!(f.parse(today).unwrap_err()[0].msg, Msg::ValDoneBeforeStart);
        f.started_on = "2026-10-01".into();
        let ok = f.parse(today).unwrap();
        assert_eq!(ok.done_on, NaiveDate::from_ymd_opt(2026, 11, 3));
        f.status = "in_progress".into();
        assert_eq!(f.parse(today).unwrap().done_on, None);

        let m = MilestoneForm {
            village: "1".into(),
            category: "lighting".into(),
            title: "主干道路灯".into(),
            due_on: "2028-06-30".into(),
        };
        assert_eq!(
            m.parse().unwrap().due_on,
            NaiveDate::from_ymd_opt(2028, 6, 30).unwrap()
        );
    }

    #[test]
    fn a_cleanup_needs_someone_and_what_was_done() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let mut d = CleanupDraft {
            id: "01936f0e-1c2a-7b3c-8d4e-5f60718293a4".into(),
            photos: Vec::new(),
            village_id: 2,
            held_on: "2026-11-07".into(),
            area: "村主干道、沟渠".into(),
            militia: 0,
            villagers: 0,
            work: "清理垃圾".into(),
        };
        assert_eq!(d.check(today).unwrap_err(), Msg::ValNobodyPresent);
        d.militia = 12;
        assert!(d.check(today).is_ok());
    }
}
