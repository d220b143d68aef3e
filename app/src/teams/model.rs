//! The programme's people in their places (三(一)1 一, 四): the leading group (领导小组), each
//! village's liaison team (联村工作队) with its 第一书记, and the town's leadership printed on
//! the card. Every change ends a row and starts another, so the history stays.
use crate::error::FieldError;
use crate::i18n::Msg;
use crate::model::{optional, required, Phone};
use crate::users::model::Post;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::code_enum! {
    /// A seat in the leading group (四): the director heads it, the discipline inspector and
    /// the other leaders are deputies, unit heads members; a leader runs its office and one
    /// person the daily work.
    pub enum Seat {
        Head = "head" => SeatHead,
        DeputyHead = "deputy_head" => SeatDeputyHead,
        Member = "member" => SeatMember,
        OfficeHead = "office_head" => SeatOfficeHead,
        Daily = "daily" => SeatDaily,
    }
}

crate::code_enum! {
    /// A part in a village's liaison team.
    pub enum Part {
        Captain = "captain" => PartCaptain,
        Member = "member" => PartMember,
    }
}

/// One person's seat in the leading group, current or past.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterLine {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub phone: String,
    pub post: Post,
    pub seat: Seat,
    pub duties: String,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
}

/// One person's place in a village's team, current or past.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamLine {
    pub id: i64,
    pub village_id: i64,
    pub user_id: i64,
    pub name: String,
    pub phone: String,
    pub part: Part,
    pub first_secretary: bool,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VillageTeam {
    pub village_id: i64,
    pub village: String,
    /// 整顿中: its team is not withdrawn, its members not moved (三(二)1 一).
    pub rectifying: bool,
    pub current: Vec<TeamLine>,
    pub past: Vec<TeamLine>,
}

/// A village someone may record work for, with its liaison team now (user id, name, whether
/// captain): the phone's reference data for the four helps' records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkVillage {
    pub id: i64,
    pub name: String,
    pub team: Vec<(i64, String, bool)>,
}

/// A member of the town's leadership (镇班子成员), as the card lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TownLeader {
    pub id: i64,
    pub town: String,
    pub name: String,
    pub post: String,
    pub phone: String,
    pub duties: String,
}

/// Everything the structure page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Structure {
    pub today: NaiveDate,
    /// Current seats, in seat order.
    pub roster: Vec<RosterLine>,
    /// Seats held before, newest end first.
    pub roster_past: Vec<RosterLine>,
    pub teams: Vec<VillageTeam>,
    pub town: Vec<TownLeader>,
    /// Active accounts who may take a seat or join a team: (id, name, post).
    pub people: Vec<(i64, String, Post)>,
}

fn day(field: &str, raw: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let d = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
    if d.is_none() {
        errors.push(FieldError::new(field, Msg::ValDate));
    }
    d
}

fn id(field: &str, raw: &str, errors: &mut Vec<FieldError>) -> Option<i64> {
    let n = crate::normalize::identifier(raw).parse::<i64>().ok();
    if n.is_none() {
        errors.push(FieldError::new(field, Msg::ValChoice));
    }
    n
}

/// A seat given to a person from a day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatForm {
    pub user: String,
    pub seat: String,
    #[serde(default)]
    pub duties: String,
    pub started_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSeat {
    pub user: i64,
    pub seat: Seat,
    pub duties: String,
    pub started_on: NaiveDate,
}

impl SeatForm {
    pub fn parse(&self) -> Result<NewSeat, Vec<FieldError>> {
        let mut errors = Vec::new();
        let user = id("user", &self.user, &mut errors);
        let seat = Seat::parse(&self.seat);
        if seat.is_none() {
            errors.push(FieldError::new("seat", Msg::ValChoice));
        }
        let duties = optional(&self.duties, 200)
            .map_err(|m| errors.push(FieldError::new("duties", m)))
            .ok()
            .flatten()
            .unwrap_or_default();
        let started_on = day("started_on", &self.started_on, &mut errors);
        match (user, seat, started_on) {
            (Some(user), Some(seat), Some(started_on)) if errors.is_empty() => Ok(NewSeat {
                user,
                seat,
                duties,
                started_on,
            }),
            _ => Err(errors),
        }
    }
}

/// A person joining a village's team (or changing part: the old row ends, a new one starts).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinForm {
    pub village: String,
    pub user: String,
    pub part: String,
    /// A checkbox: appointed 第一书记 (the village's previous one steps down from it).
    #[serde(default)]
    pub first_secretary: Option<String>,
    pub started_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    pub village: i64,
    pub user: i64,
    pub part: Part,
    pub first_secretary: bool,
    pub started_on: NaiveDate,
}

impl JoinForm {
    pub fn parse(&self) -> Result<NewMember, Vec<FieldError>> {
        let mut errors = Vec::new();
        let village = id("village", &self.village, &mut errors);
        let user = id("user", &self.user, &mut errors);
        let part = Part::parse(&self.part);
        if part.is_none() {
            errors.push(FieldError::new("part", Msg::ValChoice));
        }
        let started_on = day("started_on", &self.started_on, &mut errors);
        match (village, user, part, started_on) {
            (Some(village), Some(user), Some(part), Some(started_on)) if errors.is_empty() => {
                Ok(NewMember {
                    village,
                    user,
                    part,
                    first_secretary: self.first_secretary.is_some(),
                    started_on,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A member of the town's leadership, as the office types them in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TownLeaderForm {
    pub town: String,
    pub name: String,
    pub post: String,
    pub phone: String,
    #[serde(default)]
    pub duties: String,
}

impl TownLeaderForm {
    /// Every field's problem at once; the phone as typed or pasted (full-width, +86…).
    pub fn parse(&self) -> Result<TownLeader, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut text =
            |field: &str, r: Result<Option<String>, Msg>| FieldError::text(&mut errors, field, r);
        let town = text("town", required(&self.town, 30).map(Some));
        let name = text("name", required(&self.name, 20).map(Some));
        let post = text("post", required(&self.post, 30).map(Some));
        let duties = text("duties", optional(&self.duties, 200));
        let phone = match Phone::parse(&self.phone) {
            Ok(p) => p.as_str().to_string(),
            Err(m) => {
                errors.push(FieldError::new("phone", m));
                String::new()
            }
        };
        if errors.is_empty() {
            Ok(TownLeader {
                id: 0,
                town,
                name,
                post,
                phone,
                duties,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_name_every_problem() {
        let errs = SeatForm::default().parse().unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["user", "seat", "started_on"]);
        let ok = SeatForm {
            user: "３".into(),
            seat: "head".into(),
            duties: "全面负责".into(),
            started_on: "2026-01-01".into(),
        };
        assert_eq!(ok.parse().unwrap().seat, Seat::Head);
        let j = JoinForm {
            village: "1".into(),
            user: "6".into(),
            part: "member".into(),
            first_secretary: Some("on".into()),
            started_on: "2026-03-01".into(),
        };
        let m = j.parse().unwrap();
        assert!(m.first_secretary && m.part == Part::Member);
        let t = TownLeaderForm {
            town: "麻江镇".into(),
            name: "何书记".into(),
            post: "党委书记".into(),
            phone: "＋86 138-0000-0201".into(),
            duties: String::new(),
        };
        assert_eq!(t.parse().unwrap().phone, "13800000201");
    }
}
