//! The organisation's records and the 四议两公开 state machine.
use crate::error::FieldError;
use crate::i18n::Msg;
use crate::model::VisitId;
use crate::model::{optional, required, Fen};
use crate::records::model::{count, form_village, record_day, Envelope};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::code_enum! {
    /// A meeting of the branch's organisational life (三会一课 and the 组织生活会).
    pub enum MeetingKind {
        /// 支部党员大会.
        Congress = "congress" => MeetingCongress,
        /// 支部委员会.
        Committee = "committee" => MeetingCommittee,
        /// 党小组会.
        Group = "group" => MeetingGroup,
        /// 党课.
        Lesson = "lesson" => MeetingLesson,
        /// 组织生活会 (half-yearly; the team leader takes part and comments).
        Life = "life" => MeetingLife,
    }
}

crate::code_enum! {
    /// A post in the village's two committees (村支两委).
    pub enum CommitteePost {
        Secretary = "secretary" => PostSecretary,
        DeputySecretary = "deputy_secretary" => PostDeputySecretary,
        BranchMember = "branch_member" => PostBranchMember,
        Director = "director" => PostVillageDirector,
        DeputyDirector = "deputy_director" => PostDeputyDirector,
        CommitteeMember = "committee_member" => PostCommitteeMember,
    }
}

crate::code_enum! {
    /// A step of 四议两公开, in the order the procedure takes them.
    pub enum Step {
        /// 党支部提议.
        Propose = "propose" => DecStepPropose,
        /// 两委会商议.
        Discuss = "discuss" => DecStepDiscuss,
        /// 党员大会审议.
        Review = "review" => DecStepReview,
        /// 村民代表会议或村民会议决议.
        Resolve = "resolve" => DecStepResolve,
        /// 决议公开.
        Announce = "announce" => DecStepAnnounce,
        /// 实施结果公开.
        Report = "report" => DecStepReport,
    }
}

crate::code_enum! {
    /// Where the venue's money came from (上争外引、部门扶持、能人捐助).
    pub enum FundSource {
        Higher = "higher" => FundHigher,
        Outside = "outside" => FundOutside,
        Department = "department" => FundDepartment,
        Donor = "donor" => FundDonor,
    }
}

impl Step {
    /// The step that may come after those done (`done`, in the order they were taken), or
    /// None when the procedure is complete.
    pub fn next(done: &[Step]) -> Option<Step> {
        Step::ALL.get(done.len()).copied()
    }

    /// Whether `step` may be recorded on `on` after the steps `done` (with their days), on
    /// `today`: only the next step, not before the last step's day, not in the future.
    /// The refusal names what is wrong.
    pub fn check(
        done: &[(Step, NaiveDate)],
        step: Step,
        on: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), Msg> {
        let taken: Vec<Step> = done.iter().map(|d| d.0).collect();
        if taken.contains(&step) {
            return Err(Msg::DecisionStepDone);
        }
        match Step::next(&taken) {
            None => return Err(Msg::DecisionComplete),
            Some(next) if next != step => return Err(Msg::DecisionOutOfOrder),
            Some(_) => {}
        }
        if on > today {
            return Err(Msg::ValDayAhead);
        }
        if done.last().is_some_and(|(_, d)| on < *d) {
            return Err(Msg::DecisionBeforePrevious);
        }
        Ok(())
    }
}

/// A branch meeting as the phone sends it (`POST /api/sync/branch-meetings`, schema 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingDraft {
    /// The phone's UUIDv7, kept through every retry.
    pub id: String,
    /// Photos (issue 20), all on the server before the record is pushed; left out when
    /// none, so a record without photos hashes as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<crate::photos::model::PhotoRef>,
    pub village_id: i64,
    pub kind: String,
    /// `YYYY-MM-DD`, the day it was held.
    pub held_on: String,
    pub place: String,
    pub topic: String,
    pub present: i64,
    pub absent: i64,
    /// The liaison team's members there (user ids).
    #[serde(default)]
    pub team_present: Vec<i64>,
    /// 组织生活会: the team leader took part.
    #[serde(default)]
    pub leader_attended: bool,
    /// 党课: the team gave it.
    #[serde(default)]
    pub by_team: bool,
    /// The team leader's 点评 (组织生活会), or notes.
    #[serde(default)]
    pub comment: String,
}

/// A checked branch meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub kind: MeetingKind,
    pub place: String,
    pub topic: String,
    pub present: i64,
    pub absent: i64,
    pub team_present: Vec<i64>,
    pub leader_attended: bool,
    pub by_team: bool,
    pub comment: String,
}

/// The most people a village meeting or training counts.
pub const MAX_HEADCOUNT: i64 = 9_999;

impl MeetingDraft {
    /// The first reason it cannot be stored; the phone checks with the same function.
    pub fn check(&self, today: NaiveDate) -> Result<(Envelope, Meeting), Msg> {
        let id = VisitId::parse(&self.id)?;
        let kind = MeetingKind::parse(&self.kind).ok_or(Msg::ValChoice)?;
        let on = record_day(&self.held_on, today)?;
        let place = required(&self.place, 60)?;
        let topic = required(&self.topic, 200)?;
        let present = count(&self.present.to_string(), MAX_HEADCOUNT)?;
        let absent = count(&self.absent.to_string(), MAX_HEADCOUNT)?;
        if present == 0 {
            return Err(Msg::ValNobodyPresent);
        }
        let comment = optional(&self.comment, 2000)?.unwrap_or_default();
        let mut team_present = self.team_present.clone();
        team_present.sort_unstable();
        team_present.dedup();
        if team_present.len() > 50 {
            return Err(Msg::ValTooLong);
        }
        // The 组织生活会's point is the leader's 点评: attended without a comment is incomplete.
        if kind == MeetingKind::Life && self.leader_attended && comment.is_empty() {
            return Err(Msg::ValLifeComment);
        }
        Ok((
            Envelope::village(id, self.village_id, on),
            Meeting {
                kind,
                place,
                topic,
                present,
                absent,
                team_present,
                leader_attended: kind == MeetingKind::Life && self.leader_attended,
                by_team: kind == MeetingKind::Lesson && self.by_team,
                comment,
            },
        ))
    }
}

/// A training of the two committees as the phone sends it (`POST /api/sync/trainings`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingDraft {
    pub id: String,
    /// Photos (issue 20), all on the server before the record is pushed; left out when
    /// none, so a record without photos hashes as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<crate::photos::model::PhotoRef>,
    pub village_id: i64,
    pub held_on: String,
    pub topic: String,
    /// Who attended, as written (names).
    pub attendees: String,
    pub headcount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Training {
    pub topic: String,
    pub attendees: String,
    pub headcount: i64,
}

impl TrainingDraft {
    pub fn check(&self, today: NaiveDate) -> Result<(Envelope, Training), Msg> {
        let id = VisitId::parse(&self.id)?;
        let on = record_day(&self.held_on, today)?;
        let topic = required(&self.topic, 200)?;
        let attendees = required(&self.attendees, 1000)?;
        let headcount = count(&self.headcount.to_string(), MAX_HEADCOUNT)?;
        if headcount == 0 {
            return Err(Msg::ValNobodyPresent);
        }
        Ok((
            Envelope::village(id, self.village_id, on),
            Training {
                topic,
                attendees,
                headcount,
            },
        ))
    }
}

/// A stored branch meeting, as the village page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRow {
    pub id: String,
    pub kind: MeetingKind,
    pub held_on: NaiveDate,
    pub place: String,
    pub topic: String,
    pub present: i64,
    pub absent: i64,
    /// Names of the team members there.
    pub team_present: Vec<String>,
    pub leader_attended: bool,
    pub by_team: bool,
    pub comment: String,
    pub recorded_by: String,
}

/// What the calendar reads of a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingFact {
    pub village: i64,
    pub kind: MeetingKind,
    pub held_on: NaiveDate,
    pub leader_attended: bool,
    pub commented: bool,
    pub by_team: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingRow {
    pub id: String,
    pub held_on: NaiveDate,
    pub topic: String,
    pub attendees: String,
    pub headcount: i64,
    pub recorded_by: String,
}

/// A member of the two committees, current or past.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeLine {
    pub id: i64,
    pub name: String,
    pub post: CommitteePost,
    pub term: String,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: String,
}

/// Someone taking a post in the two committees.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeForm {
    pub village: String,
    pub name: String,
    pub post: String,
    #[serde(default)]
    pub term: String,
    pub started_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCommitteeMember {
    pub village: i64,
    pub name: String,
    pub post: CommitteePost,
    pub term: String,
    pub started_on: NaiveDate,
}

/// A day typed in a form, no more than a day ahead of `today`.
pub fn form_day(
    field: &str,
    raw: &str,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> NaiveDate {
    record_day(raw, today).unwrap_or_else(|m| {
        errors.push(FieldError::new(field, m));
        today
    })
}

/// A count typed in a form.
pub fn form_count(field: &str, raw: &str, errors: &mut Vec<FieldError>) -> i64 {
    count(raw, MAX_HEADCOUNT).unwrap_or_else(|m| {
        errors.push(FieldError::new(field, m));
        0
    })
}

impl CommitteeForm {
    pub fn parse(&self, today: NaiveDate) -> Result<NewCommitteeMember, Vec<FieldError>> {
        let mut errors = Vec::new();
        let village = form_village(&self.village, &mut errors);
        let name = FieldError::text(&mut errors, "name", required(&self.name, 30).map(Some));
        let post = CommitteePost::parse(&self.post);
        if post.is_none() {
            errors.push(FieldError::new("post", Msg::ValChoice));
        }
        let term = FieldError::text(&mut errors, "term", optional(&self.term, 30));
        let started_on = form_day("started_on", &self.started_on, today, &mut errors);
        match (post, errors.is_empty()) {
            (Some(post), true) => Ok(NewCommitteeMember {
                village,
                name,
                post,
                term,
                started_on,
            }),
            _ => Err(errors),
        }
    }
}

/// 民主评议党员: its day, the ratings as counts, publication and follow-up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppraisalForm {
    pub village: String,
    pub held_on: String,
    pub excellent: String,
    pub qualified: String,
    pub basic: String,
    pub unqualified: String,
    /// When the result was made public; empty while not yet.
    #[serde(default)]
    pub published_on: String,
    /// What was done about members rated 不合格.
    #[serde(default)]
    pub follow_up: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAppraisal {
    pub village: i64,
    pub held_on: NaiveDate,
    pub excellent: i64,
    pub qualified: i64,
    pub basic: i64,
    pub unqualified: i64,
    pub published_on: Option<NaiveDate>,
    pub follow_up: String,
}

impl AppraisalForm {
    pub fn parse(&self, today: NaiveDate) -> Result<NewAppraisal, Vec<FieldError>> {
        let mut errors = Vec::new();
        let village = form_village(&self.village, &mut errors);
        let held_on = form_day("held_on", &self.held_on, today, &mut errors);
        let excellent = form_count("excellent", &self.excellent, &mut errors);
        let qualified = form_count("qualified", &self.qualified, &mut errors);
        let basic = form_count("basic", &self.basic, &mut errors);
        let unqualified = form_count("unqualified", &self.unqualified, &mut errors);
        if errors.is_empty() && excellent + qualified + basic + unqualified == 0 {
            errors.push(FieldError::new("qualified", Msg::ValNobodyPresent));
        }
        let published_on = match self.published_on.trim() {
            "" => None,
            raw => Some(form_day("published_on", raw, today, &mut errors)),
        };
        if published_on.is_some_and(|p| p < held_on) {
            errors.push(FieldError::new("published_on", Msg::ValPublishedBefore));
        }
        let follow_up = FieldError::text(&mut errors, "follow_up", optional(&self.follow_up, 2000));
        if errors.is_empty() {
            Ok(NewAppraisal {
                village,
                held_on,
                excellent,
                qualified,
                basic,
                unqualified,
                published_on,
                follow_up,
            })
        } else {
            Err(errors)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppraisalRow {
    pub id: i64,
    pub held_on: NaiveDate,
    pub excellent: i64,
    pub qualified: i64,
    pub basic: i64,
    pub unqualified: i64,
    pub published_on: Option<NaiveDate>,
    pub follow_up: String,
}

/// A decision and the steps it has taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRow {
    pub id: i64,
    pub title: String,
    pub steps: Vec<StepRow>,
}

impl DecisionRow {
    pub fn next(&self) -> Option<Step> {
        let done: Vec<Step> = self.steps.iter().map(|s| s.step).collect();
        Step::next(&done)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRow {
    pub step: Step,
    pub done_on: NaiveDate,
    pub note: String,
    pub recorded_by: String,
}

/// The venue (活动场所): its state and the work planned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Venue {
    pub condition: String,
    pub planned: String,
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Money for the venue from one source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundForm {
    pub village: String,
    pub source: String,
    /// Yuan as typed.
    pub amount: String,
    pub received_on: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFund {
    pub village: i64,
    pub source: FundSource,
    pub amount: Fen,
    pub received_on: NaiveDate,
    pub note: String,
}

impl FundForm {
    pub fn parse(&self, today: NaiveDate) -> Result<NewFund, Vec<FieldError>> {
        let mut errors = Vec::new();
        let village = form_village(&self.village, &mut errors);
        let source = FundSource::parse(&self.source);
        if source.is_none() {
            errors.push(FieldError::new("source", Msg::ValChoice));
        }
        let amount = Fen::parse_yuan(&self.amount).unwrap_or_else(|m| {
            errors.push(FieldError::new("amount", m));
            Fen(0)
        });
        if amount.0 == 0 && errors.is_empty() {
            errors.push(FieldError::new("amount", Msg::ValMoney));
        }
        let received_on = form_day("received_on", &self.received_on, today, &mut errors);
        let note = FieldError::text(&mut errors, "note", optional(&self.note, 200));
        match (source, errors.is_empty()) {
            (Some(source), true) => Ok(NewFund {
                village,
                source,
                amount,
                received_on,
                note,
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundRow {
    pub id: i64,
    pub source: FundSource,
    pub amount: Fen,
    pub received_on: NaiveDate,
    pub note: String,
}

/// A dated progress note (the venue's works).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRow {
    pub noted_on: NaiveDate,
    pub note: String,
    pub by: String,
}

/// Everything the village page shows of the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VillageOrganisation {
    pub village: crate::teams::model::WorkVillage,
    pub rectifying: bool,
    pub today: NaiveDate,
    pub committee: Vec<CommitteeLine>,
    pub committee_past: Vec<CommitteeLine>,
    pub trainings: Vec<TrainingRow>,
    pub meetings: Vec<MeetingRow>,
    pub appraisals: Vec<AppraisalRow>,
    pub decisions: Vec<DecisionRow>,
    pub venue: Venue,
    pub funds: Vec<FundRow>,
    pub progress: Vec<NoteRow>,
}

impl VillageOrganisation {
    /// Funds per source, in the order of [`FundSource::ALL`], and their total.
    pub fn fund_totals(&self) -> (Vec<(FundSource, Fen)>, Fen) {
        let per: Vec<(FundSource, Fen)> = FundSource::ALL
            .iter()
            .map(|s| {
                let sum = self
                    .funds
                    .iter()
                    .filter(|f| f.source == *s)
                    .map(|f| f.amount.0)
                    .sum();
                (*s, Fen(sum))
            })
            .collect();
        let total = Fen(per.iter().map(|p| p.1 .0).sum());
        (per, total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn four_deliberations_go_in_order_and_only_forward() {
        let today = d(11, 30);
        // Every legal step, from the start to the end.
        let mut done: Vec<(Step, NaiveDate)> = Vec::new();
        for (i, step) in Step::ALL.iter().enumerate() {
            let on = d(11, 1 + i as u32);
            // Every other step is refused here, each with its own reason.
            for other in Step::ALL.iter().filter(|s| *s != step) {
                let expected = if done.iter().any(|(s, _)| s == other) {
                    Msg::DecisionStepDone
                } else {
                    Msg::DecisionOutOfOrder
                };
                assert_eq!(
                    Step::check(&done, *other, on, today),
                    Err(expected),
                    "{other:?} at {i}"
                );
            }
            assert_eq!(Step::check(&done, *step, on, today), Ok(()));
            done.push((*step, on));
        }
        assert_eq!(
            Step::next(&done.iter().map(|s| s.0).collect::<Vec<_>>()),
            None
        );
        assert_eq!(
            Step::check(&done, Step::Report, today, today),
            Err(Msg::DecisionStepDone)
        );
        let all_but: Vec<(Step, NaiveDate)> = done[..5].to_vec();
        assert_eq!(
            Step::check(&all_but, Step::Report, d(11, 4), today),
            Err(Msg::DecisionBeforePrevious)
        );
        assert_eq!(
            Step::check(&all_but, Step::Report, d(12, 1), today),
            Err(Msg::ValDayAhead)
        );
        assert_eq!(Step::check(&all_but, Step::Report, d(11, 5), today), Ok(()));
        // The first step cannot be skipped.
        assert_eq!(
            Step::check(&[], Step::Discuss, d(11, 1), today),
            Err(Msg::DecisionOutOfOrder)
        );
    }

    fn meeting() -> MeetingDraft {
        MeetingDraft {
            id: "01936f0e-1c2a-7b3c-8d4e-5f60718293a4".into(),
            photos: Vec::new(),
            village_id: 1,
            kind: "life".into(),
            held_on: "2026-11-20".into(),
            place: "村活动室".into(),
            topic: "2026年下半年组织生活会".into(),
            present: 23,
            absent: 2,
            team_present: vec![5, 4, 5],
            leader_attended: true,
            by_team: true,
            comment: "查摆问题具体，整改措施可行".into(),
        }
    }

    #[test]
    fn a_meeting_checks_on_the_phone_as_on_the_server() {
        let today = d(11, 30);
        let (env, m) = meeting().check(today).unwrap();
        assert_eq!(env.on, d(11, 20));
        assert_eq!(m.team_present, vec![4, 5]);
        // by_team means something for a 党课 only.
        assert!(!m.by_team && m.leader_attended);
        let mut bad = meeting();
        bad.comment = " ".into();
        assert_eq!(bad.check(today), Err(Msg::ValLifeComment));
        bad = meeting();
        bad.present = 0;
        assert_eq!(bad.check(today), Err(Msg::ValNobodyPresent));
        bad = meeting();
        bad.kind = "party".into();
        assert_eq!(bad.check(today), Err(Msg::ValChoice));
        bad = meeting();
        bad.held_on = "2026-12-05".into();
        assert_eq!(bad.check(today), Err(Msg::ValDayAhead));
        bad = meeting();
        bad.id = "not-a-uuid".into();
        assert_eq!(bad.check(today), Err(Msg::ValRecordId));
    }

    #[test]
    fn an_appraisal_is_published_after_it_is_held() {
        let today = d(11, 30);
        let f = AppraisalForm {
            village: "1".into(),
            held_on: "2026-11-10".into(),
            excellent: "5".into(),
            qualified: "１８".into(),
            basic: "1".into(),
            unqualified: "1".into(),
            published_on: "2026-11-09".into(),
            follow_up: String::new(),
        };
        let e = f.parse(today).unwrap_err();
        assert_eq!(e[0].field, "published_on");
        let ok = AppraisalForm {
            published_on: String::new(),
            ..f
        }
        .parse(today)
        .unwrap();
        assert_eq!((ok.qualified, ok.published_on), (18, None));
    }
}
