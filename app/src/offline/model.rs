//! What the phone keeps: the draft being written, the outbox, receipts. These are the schema
//! of the phone's IndexedDB; every field added later needs a serde default.
use crate::economy::model::{TripDraft, TripLevel};
use crate::environment::model::CleanupDraft;
use crate::error::FieldError;
use crate::feedback::model::{FeedbackDraft, FeedbackFields};
use crate::households::model::OfflineHousehold;
use crate::i18n::Msg;
use crate::organisation::model::{MeetingDraft, MeetingKind, TrainingDraft};
use crate::photos::model::PhotoRef;
use crate::records::model::WorkKind;
use crate::safety::model::{FindingDraft, PublicityDraft, ScreenKind, ScreeningDraft};
use crate::servicepack::model::{PurchaseDraft, PurchaseUpdateDraft};
use crate::visits::model::{
    FieldChange, Gps, HouseholdField, Method, VisitDraft, CLOCK_TOLERANCE_MINUTES,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The key of the one draft slot: a cadre writes one visit at a time.
pub const DRAFT_KEY: &str = "visit";

/// The visit form as typed, saved on every change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitForm {
    pub id: String,
    /// The record's UUIDv7, made when the draft starts and kept through every retry.
    pub record_id: String,
    pub household_id: Option<i64>,
    /// A `datetime-local` value in Beijing time.
    pub visited_at: String,
    pub method: String,
    pub content: String,
    pub process: String,
    pub outcome: String,
    pub problems: String,
    pub follow_up: bool,
    pub gps: Option<Gps>,
    /// Household facts as the cadre corrected them, by field code.
    #[serde(default)]
    pub changes: BTreeMap<String, String>,
    /// A ledger kind's code, or empty: the problems raised go into the ledger.
    #[serde(default)]
    pub ledger: String,
    /// A `FormReturn` code, or empty while not answered.
    #[serde(default)]
    pub feedback_form: String,
    #[serde(default)]
    pub no_form_reason: String,
    #[serde(default)]
    pub card_given: bool,
    /// The photos attached (their bytes are in the phone's photo store).
    #[serde(default)]
    pub photos: Vec<PhotoRef>,
}

impl VisitForm {
    pub fn new(record_id: String, now: DateTime<Utc>) -> Self {
        VisitForm {
            id: DRAFT_KEY.into(),
            record_id,
            household_id: None,
            visited_at: crate::ui::time::input_value(now),
            method: "home".into(),
            content: String::new(),
            process: String::new(),
            outcome: String::new(),
            problems: String::new(),
            follow_up: false,
            gps: None,
            changes: BTreeMap::new(),
            ledger: String::new(),
            feedback_form: String::new(),
            no_form_reason: String::new(),
            card_given: false,
            photos: Vec::new(),
        }
    }

    /// A refused record back in the form, to be corrected and sent again under its id.
    pub fn from_draft(d: &VisitDraft) -> Self {
        let visited_at = DateTime::parse_from_rfc3339(&d.visited_at)
            .map(|t| crate::ui::time::input_value(t.with_timezone(&Utc)))
            .unwrap_or_default();
        VisitForm {
            id: DRAFT_KEY.into(),
            record_id: d.id.clone(),
            household_id: Some(d.household_id),
            visited_at,
            method: d.method.clone(),
            content: d.content.clone(),
            process: d.process.clone(),
            outcome: d.outcome.clone(),
            problems: d.problems.clone(),
            follow_up: d.follow_up,
            gps: d.gps,
            changes: d
                .changes
                .iter()
                .map(|c| (c.field.clone(), c.value.clone()))
                .collect(),
            ledger: d.ledger.clone().unwrap_or_default(),
            feedback_form: d.feedback_form.clone(),
            no_form_reason: d.no_form_reason.clone(),
            card_given: d.card_given,
            photos: d.photos.clone(),
        }
    }

    /// Nothing typed yet: no reason to keep it or to refuse a logout over it.
    pub fn is_blank(&self) -> bool {
        self.household_id.is_none()
            && self.photos.is_empty()
            && [&self.content, &self.process, &self.outcome, &self.problems]
                .iter()
                .all(|s| s.trim().is_empty())
    }

    /// The record to send, or the first reason it cannot be sent yet. The server checks it
    /// again with the same `VisitDraft::parse`.
    pub fn to_draft(&self, household: Option<&OfflineHousehold>) -> Result<VisitDraft, Msg> {
        let h = household.ok_or(Msg::ValChooseHousehold)?;
        let visited_at = crate::ui::time::from_input(&self.visited_at).ok_or(Msg::ValVisitTime)?;
        let changes = HouseholdField::ALL
            .into_iter()
            .filter_map(|f| {
                let value = self.changes.get(f.code())?;
                let base = f.value_of(h);
                (value.trim() != base.trim()).then(|| FieldChange {
                    field: f.code().into(),
                    base,
                    value: value.clone(),
                })
            })
            .collect();
        let draft = VisitDraft {
            id: self.record_id.clone(),
            household_id: h.id,
            visited_at,
            method: self.method.clone(),
            content: self.content.clone(),
            process: self.process.clone(),
            outcome: self.outcome.clone(),
            problems: self.problems.clone(),
            follow_up: self.follow_up,
            gps: self.gps,
            changes,
            ledger: (!self.ledger.is_empty()).then(|| self.ledger.clone()),
            feedback_form: self.feedback_form.clone(),
            no_form_reason: self.no_form_reason.clone(),
            card_given: self.card_given,
            photos: self.photos.clone(),
        };
        let checked = draft.parse()?;
        // Asked of every home visit made with this form (三(一)2 五); the server accepts a
        // record without it, from phones that never asked.
        if checked.method == Method::Home && checked.feedback_form.is_none() {
            return Err(Msg::ValFormAnswer);
        }
        // A time typed into the future is a slip of the finger: caught on the phone against
        // its own clock. The server keeps whatever comes (a wrong clock is not a wrong diary).
        if checked.visited_at > Utc::now() + chrono::Duration::minutes(CLOCK_TOLERANCE_MINUTES) {
            return Err(Msg::ValVisitTime);
        }
        Ok(draft)
    }
}

/// Where a record on the phone stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LocalStatus {
    /// In the outbox, to be pushed.
    Waiting,
    /// Refused by the server: set aside with its reason, never blocking the rest.
    Attention(Msg),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub id: String,
    pub head_name: String,
    pub draft: VisitDraft,
    pub status: LocalStatus,
}

/// A record the server has acknowledged; kept to show its receipt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentEntry {
    pub id: String,
    pub household_id: i64,
    pub head_name: String,
    pub visited_at: String,
    pub method: String,
    pub content: String,
    /// None when the server already held another version (a conflict for the office).
    pub receipt: Option<String>,
    pub received_at: Option<DateTime<Utc>>,
}

/// The key of the feedback form's draft slot.
pub const FEEDBACK_DRAFT_KEY: &str = "feedback";

/// Feedback a cadre is writing down, saved on every change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackForm {
    pub id: String,
    pub record_id: String,
    pub household_id: Option<i64>,
    /// `cadre` (on a visit) or `reception` (a service day).
    pub channel: String,
    pub fields: FeedbackFields,
}

impl FeedbackForm {
    /// A waiting record back in the form, under its own id.
    pub fn from_draft(d: &crate::feedback::model::FeedbackDraft) -> Self {
        FeedbackForm {
            id: FEEDBACK_DRAFT_KEY.into(),
            record_id: d.id.clone(),
            household_id: d.household_id,
            channel: d.channel.clone(),
            fields: crate::feedback::model::FeedbackFields {
                category: d.category.clone(),
                content: d.content.clone(),
                name: d.name.clone(),
                phone: d.phone.clone(),
            },
        }
    }

    pub fn new(record_id: String) -> Self {
        FeedbackForm {
            id: FEEDBACK_DRAFT_KEY.into(),
            record_id,
            household_id: None,
            channel: "cadre".into(),
            fields: FeedbackFields::default(),
        }
    }

    pub fn is_blank(&self) -> bool {
        self.fields.content.trim().is_empty()
            && self.fields.name.trim().is_empty()
            && self.fields.phone.trim().is_empty()
    }

    /// The record to send, or every field's error; the server checks it again the same way.
    pub fn to_draft(&self, now: DateTime<Utc>) -> Result<FeedbackDraft, Vec<FieldError>> {
        self.fields.check()?;
        Ok(FeedbackDraft {
            id: self.record_id.clone(),
            category: self.fields.category.clone(),
            content: self.fields.content.clone(),
            name: self.fields.name.clone(),
            phone: self.fields.phone.clone(),
            channel: self.channel.clone(),
            household_id: self.household_id,
            submitted_at: now.to_rfc3339(),
        })
    }
}

/// Feedback in the outbox. It shares the store with visits; its `feedback` field (where a
/// visit has `draft`) is what tells the two kinds of row apart when they are read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackEntry {
    pub id: String,
    /// The household's head, or empty.
    pub label: String,
    pub feedback: FeedbackDraft,
    pub status: LocalStatus,
}

/// Feedback the server has acknowledged, kept a while to show its receipt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentFeedback {
    pub id: String,
    pub label: String,
    pub category: String,
    pub content: String,
    pub sent_feedback: bool,
    pub receipt: Option<String>,
    pub received_at: Option<DateTime<Utc>>,
}

/// How long a sent feedback's receipt stays on the phone.
pub const SENT_FEEDBACK_DAYS: i64 = 30;

/// The key of the village-record form's draft slot.
pub const WORK_DRAFT_KEY: &str = "work";

/// What the village-record form writes: a branch meeting of some kind, a training, or a trip.
pub const WHAT_TRAINING: &str = "training";
pub const WHAT_TRIP: &str = "report_trip";

/// A record of the four helps being written in the village (三会一课, 教育培训, 衔接汇报), saved on
/// every change. One form for the three kinds: `what` is a meeting kind's code, or
/// [`WHAT_TRAINING`] or [`WHAT_TRIP`]; the fields of the other kinds stay as typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkForm {
    pub id: String,
    pub record_id: String,
    pub what: String,
    pub village_id: Option<i64>,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub present: String,
    #[serde(default)]
    pub absent: String,
    #[serde(default)]
    pub team_present: Vec<i64>,
    #[serde(default)]
    pub leader_attended: bool,
    #[serde(default)]
    pub by_team: bool,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub attendees: String,
    #[serde(default)]
    pub headcount: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub outcome: String,
    /// 排查: what the round looks for, with whom, where, and what it found.
    #[serde(default)]
    pub screen_kind: String,
    #[serde(default)]
    pub town_cadres: String,
    #[serde(default)]
    pub village_cadres: String,
    #[serde(default)]
    pub places: String,
    #[serde(default)]
    pub findings: Vec<FindingDraft>,
    /// 宣传: the subject's code; `place`, `headcount` and `material` serve too.
    #[serde(default)]
    pub publicity_topic: String,
    #[serde(default)]
    pub material: String,
    /// 环境整治: where, who, what.
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub militia: String,
    #[serde(default)]
    pub villagers: String,
    #[serde(default)]
    pub work: String,
    /// 代购: the household, and the purchase an update is for.
    #[serde(default)]
    pub household_id: Option<i64>,
    #[serde(default)]
    pub item: String,
    #[serde(default)]
    pub quantity: String,
    #[serde(default)]
    pub estimate: String,
    #[serde(default)]
    pub purchase_id: String,
    #[serde(default)]
    pub delivered: bool,
    #[serde(default)]
    pub actual: String,
    #[serde(default)]
    pub paid_by: String,
    #[serde(default)]
    pub confirmed_by: String,
    #[serde(default)]
    pub note: String,
    /// The photos attached, whatever the kind (their bytes are in the phone's photo store).
    #[serde(default)]
    pub photos: Vec<PhotoRef>,
}

/// A village record ready to send, of one of its kinds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkDraft {
    Meeting(MeetingDraft),
    Training(TrainingDraft),
    Trip(TripDraft),
    Screening(ScreeningDraft),
    Publicity(PublicityDraft),
    Cleanup(CleanupDraft),
    Purchase(PurchaseDraft),
    PurchaseUpdate(PurchaseUpdateDraft),
}

impl WorkDraft {
    pub fn id(&self) -> &str {
        match self {
            WorkDraft::Meeting(m) => &m.id,
            WorkDraft::Training(t) => &t.id,
            WorkDraft::Trip(t) => &t.id,
            WorkDraft::Screening(r) => &r.id,
            WorkDraft::Publicity(p) => &p.id,
            WorkDraft::Cleanup(c) => &c.id,
            WorkDraft::Purchase(p) => &p.id,
            WorkDraft::PurchaseUpdate(u) => &u.id,
        }
    }

    /// The photos it names.
    pub fn photos(&self) -> &[PhotoRef] {
        match self {
            WorkDraft::Meeting(m) => &m.photos,
            WorkDraft::Training(t) => &t.photos,
            WorkDraft::Trip(t) => &t.photos,
            WorkDraft::Screening(r) => &r.photos,
            WorkDraft::Publicity(p) => &p.photos,
            WorkDraft::Cleanup(c) => &c.photos,
            WorkDraft::Purchase(p) => &p.photos,
            WorkDraft::PurchaseUpdate(u) => &u.photos,
        }
    }

    /// What the phone's list calls it: the meeting's kind, or training, or trip.
    pub fn label(&self) -> Msg {
        match self {
            WorkDraft::Meeting(m) => {
                MeetingKind::parse(&m.kind).map_or(Msg::WorkBranchMeeting, |k| k.label())
            }
            WorkDraft::Training(_) => Msg::WorkTraining,
            WorkDraft::Trip(_) => Msg::WorkReportTrip,
            WorkDraft::Screening(_) => Msg::WorkScreening,
            WorkDraft::Publicity(_) => Msg::WorkPublicity,
            WorkDraft::Cleanup(_) => Msg::WorkCleanup,
            WorkDraft::Purchase(_) => Msg::WorkPurchase,
            WorkDraft::PurchaseUpdate(_) => Msg::WorkPurchaseUpdate,
        }
    }

    /// Its topic, department or subject, for the phone's list.
    pub fn title(&self) -> &str {
        match self {
            WorkDraft::Meeting(m) => &m.topic,
            WorkDraft::Training(t) => &t.topic,
            WorkDraft::Trip(t) => &t.department,
            WorkDraft::Screening(r) => &r.places,
            WorkDraft::Publicity(p) => &p.place,
            WorkDraft::Cleanup(c) => &c.area,
            WorkDraft::Purchase(p) => &p.item,
            WorkDraft::PurchaseUpdate(u) => &u.confirmed_by,
        }
    }

    /// The first reason the server would refuse it, by the same checks.
    pub fn check(&self, today: NaiveDate) -> Result<(), Msg> {
        match self {
            WorkDraft::Meeting(m) => m.check(today).map(|_| ()),
            WorkDraft::Training(t) => t.check(today).map(|_| ()),
            WorkDraft::Trip(t) => t.check(today).map(|_| ()),
            WorkDraft::Screening(r) => r.check(today).map(|_| ()),
            WorkDraft::Publicity(p) => p.check(today).map(|_| ()),
            WorkDraft::Cleanup(c) => c.check(today).map(|_| ()),
            WorkDraft::Purchase(p) => p.check(today).map(|_| ()),
            WorkDraft::PurchaseUpdate(u) => u.check(today).map(|_| ()),
        }
    }
}

impl WorkForm {
    pub fn new(record_id: String, today: NaiveDate) -> Self {
        WorkForm {
            id: WORK_DRAFT_KEY.into(),
            record_id,
            what: MeetingKind::Congress.code().into(),
            village_id: None,
            held_on: today.to_string(),
            place: String::new(),
            topic: String::new(),
            present: String::new(),
            absent: "0".into(),
            team_present: Vec::new(),
            leader_attended: false,
            by_team: false,
            comment: String::new(),
            attendees: String::new(),
            headcount: String::new(),
            level: TripLevel::County.code().into(),
            department: String::new(),
            purpose: String::new(),
            outcome: String::new(),
            screen_kind: ScreenKind::Both.code().into(),
            town_cadres: String::new(),
            village_cadres: String::new(),
            places: String::new(),
            findings: Vec::new(),
            publicity_topic: crate::safety::model::PublicityTopic::Production
                .code()
                .into(),
            material: String::new(),
            area: String::new(),
            militia: String::new(),
            villagers: String::new(),
            work: String::new(),
            household_id: None,
            item: String::new(),
            quantity: String::new(),
            estimate: String::new(),
            purchase_id: String::new(),
            delivered: true,
            actual: String::new(),
            paid_by: crate::servicepack::model::PaidBy::Villager.code().into(),
            confirmed_by: String::new(),
            note: String::new(),
            photos: Vec::new(),
        }
    }

    /// A waiting record back in the form, under its own id.
    pub fn from_draft(d: &WorkDraft) -> Self {
        let mut f = WorkForm::new(d.id().to_string(), NaiveDate::MIN);
        f.photos = d.photos().to_vec();
        match d {
            WorkDraft::Meeting(m) => {
                f.what = m.kind.clone();
                f.village_id = Some(m.village_id);
                f.held_on = m.held_on.clone();
                f.place = m.place.clone();
                f.topic = m.topic.clone();
                f.present = m.present.to_string();
                f.absent = m.absent.to_string();
                f.team_present = m.team_present.clone();
                f.leader_attended = m.leader_attended;
                f.by_team = m.by_team;
                f.comment = m.comment.clone();
            }
            WorkDraft::Training(t) => {
                f.what = WHAT_TRAINING.into();
                f.village_id = Some(t.village_id);
                f.held_on = t.held_on.clone();
                f.topic = t.topic.clone();
                f.attendees = t.attendees.clone();
                f.headcount = t.headcount.to_string();
            }
            WorkDraft::Trip(t) => {
                f.what = WHAT_TRIP.into();
                f.village_id = Some(t.village_id);
                f.held_on = t.trip_on.clone();
                f.level = t.level.clone();
                f.department = t.department.clone();
                f.purpose = t.purpose.clone();
                f.outcome = t.outcome.clone();
            }
            WorkDraft::Screening(r) => {
                f.what = WorkKind::Screening.code().into();
                f.village_id = Some(r.village_id);
                f.held_on = r.held_on.clone();
                f.screen_kind = r.kind.clone();
                f.attendees = r.team.clone();
                f.town_cadres = r.town_cadres.clone();
                f.village_cadres = r.village_cadres.clone();
                f.places = r.places.clone();
                f.note = r.note.clone();
                f.findings = r.findings.clone();
            }
            WorkDraft::Publicity(p) => {
                f.what = WorkKind::Publicity.code().into();
                f.village_id = Some(p.village_id);
                f.held_on = p.held_on.clone();
                f.publicity_topic = p.topic.clone();
                f.place = p.place.clone();
                f.headcount = p.audience.to_string();
                f.material = p.material.clone();
            }
            WorkDraft::Cleanup(c) => {
                f.what = WorkKind::Cleanup.code().into();
                f.village_id = Some(c.village_id);
                f.held_on = c.held_on.clone();
                f.area = c.area.clone();
                f.militia = c.militia.to_string();
                f.villagers = c.villagers.to_string();
                f.work = c.work.clone();
            }
            WorkDraft::Purchase(p) => {
                f.what = WorkKind::Purchase.code().into();
                f.household_id = Some(p.household_id);
                f.held_on = p.asked_on.clone();
                f.item = p.item.clone();
                f.quantity = p.quantity.clone();
                f.estimate = p.estimate.clone();
                f.note = p.note.clone();
            }
            WorkDraft::PurchaseUpdate(u) => {
                f.what = WorkKind::PurchaseUpdate.code().into();
                f.household_id = Some(u.household_id);
                f.purchase_id = u.purchase_id.clone();
                f.held_on = u.on.clone();
                f.delivered = u.delivered;
                f.actual = u.actual.clone();
                f.paid_by = u.paid_by.clone();
                f.confirmed_by = u.confirmed_by.clone();
                f.note = u.note.clone();
            }
        }
        f
    }

    /// Whether the form writes about a household (代购) rather than a village.
    pub fn for_household(what: &str) -> bool {
        what == WorkKind::Purchase.code() || what == WorkKind::PurchaseUpdate.code()
    }

    /// Nothing typed yet.
    pub fn is_blank(&self) -> bool {
        [
            &self.place,
            &self.topic,
            &self.comment,
            &self.attendees,
            &self.department,
            &self.purpose,
            &self.outcome,
            &self.places,
            &self.area,
            &self.work,
            &self.item,
            &self.confirmed_by,
            &self.note,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
            && self.findings.is_empty()
            && self.photos.is_empty()
    }

    /// The record to send, or every field's problem; the server checks it again with the
    /// same `check`.
    pub fn to_draft(&self, today: NaiveDate) -> Result<WorkDraft, Vec<FieldError>> {
        use crate::model::{optional, required};
        use crate::records::model::{count, record_day};
        let mut errors = Vec::new();
        let mut field = |name: &str, r: Result<(), Msg>| {
            if let Err(m) = r {
                errors.push(FieldError::new(name, m));
            }
        };
        let village_id = self.village_id.unwrap_or(0);
        let household_id = self.household_id.unwrap_or(0);
        if WorkForm::for_household(&self.what) {
            field(
                "household",
                self.household_id.map(|_| ()).ok_or(Msg::WfChooseHousehold),
            );
        } else {
            field(
                "village",
                self.village_id.map(|_| ()).ok_or(Msg::WfChooseVillage),
            );
        }
        field("held_on", record_day(&self.held_on, today).map(|_| ()));
        let num = |raw: &str| count(raw, crate::organisation::model::MAX_HEADCOUNT);
        let money = |raw: &str| crate::model::Fen::parse_yuan(raw).map(|_| ());
        let id = self.record_id.clone();
        let on = self.held_on.trim().to_string();
        let what = WorkKind::parse(&self.what);
        let draft = if what == Some(WorkKind::Screening) {
            field("places", required(&self.places, 500).map(|_| ()));
            for (i, f) in self.findings.iter().enumerate() {
                if f.detail.trim().is_empty() {
                    errors.push(FieldError::new(
                        &format!("finding{i}"),
                        Msg::ValFindingDetail,
                    ));
                }
            }
            WorkDraft::Screening(ScreeningDraft {
                id,
                photos: self.photos.clone(),
                village_id,
                held_on: on,
                kind: self.screen_kind.clone(),
                team: self.attendees.clone(),
                town_cadres: self.town_cadres.clone(),
                village_cadres: self.village_cadres.clone(),
                places: self.places.clone(),
                note: self.note.clone(),
                findings: self.findings.clone(),
            })
        } else if what == Some(WorkKind::Publicity) {
            field("place", required(&self.place, 60).map(|_| ()));
            field("headcount", num(&self.headcount).map(|_| ()));
            WorkDraft::Publicity(PublicityDraft {
                id,
                photos: self.photos.clone(),
                village_id,
                held_on: on,
                topic: self.publicity_topic.clone(),
                place: self.place.clone(),
                audience: num(&self.headcount).unwrap_or(0),
                material: self.material.clone(),
            })
        } else if what == Some(WorkKind::Cleanup) {
            field("area", required(&self.area, 200).map(|_| ()));
            field("militia", num(&self.militia).map(|_| ()));
            field("villagers", num(&self.villagers).map(|_| ()));
            field("work", required(&self.work, 1000).map(|_| ()));
            WorkDraft::Cleanup(CleanupDraft {
                id,
                photos: self.photos.clone(),
                village_id,
                held_on: on,
                area: self.area.clone(),
                militia: num(&self.militia).unwrap_or(0),
                villagers: num(&self.villagers).unwrap_or(0),
                work: self.work.clone(),
            })
        } else if what == Some(WorkKind::Purchase) {
            field("item", required(&self.item, 100).map(|_| ()));
            field("quantity", required(&self.quantity, 40).map(|_| ()));
            field("estimate", money(&self.estimate));
            WorkDraft::Purchase(PurchaseDraft {
                id,
                photos: self.photos.clone(),
                household_id,
                asked_on: on,
                item: self.item.clone(),
                quantity: self.quantity.clone(),
                estimate: self.estimate.clone(),
                note: self.note.clone(),
            })
        } else if what == Some(WorkKind::PurchaseUpdate) {
            field(
                "purchase",
                (!self.purchase_id.is_empty())
                    .then_some(())
                    .ok_or(Msg::WfChoosePurchase),
            );
            if self.delivered {
                field("actual", money(&self.actual));
            }
            WorkDraft::PurchaseUpdate(PurchaseUpdateDraft {
                id,
                photos: self.photos.clone(),
                purchase_id: self.purchase_id.clone(),
                household_id,
                on,
                delivered: self.delivered,
                actual: if self.delivered {
                    self.actual.clone()
                } else {
                    String::new()
                },
                paid_by: self.paid_by.clone(),
                confirmed_by: self.confirmed_by.clone(),
                note: self.note.clone(),
            })
        } else if self.what == WHAT_TRAINING {
            field("topic", required(&self.topic, 200).map(|_| ()));
            field("attendees", required(&self.attendees, 1000).map(|_| ()));
            field("headcount", num(&self.headcount).map(|_| ()));
            WorkDraft::Training(TrainingDraft {
                id: self.record_id.clone(),
                photos: self.photos.clone(),
                village_id,
                held_on: self.held_on.trim().to_string(),
                topic: self.topic.clone(),
                attendees: self.attendees.clone(),
                headcount: num(&self.headcount).unwrap_or(0),
            })
        } else if self.what == WHAT_TRIP {
            field("department", required(&self.department, 60).map(|_| ()));
            field("purpose", optional(&self.purpose, 500).map(|_| ()));
            field("outcome", required(&self.outcome, 1000).map(|_| ()));
            WorkDraft::Trip(TripDraft {
                id: self.record_id.clone(),
                photos: self.photos.clone(),
                village_id,
                trip_on: self.held_on.trim().to_string(),
                level: self.level.clone(),
                department: self.department.clone(),
                purpose: self.purpose.clone(),
                outcome: self.outcome.clone(),
            })
        } else {
            field("place", required(&self.place, 60).map(|_| ()));
            field("topic", required(&self.topic, 200).map(|_| ()));
            field("present", num(&self.present).map(|_| ()));
            field("absent", num(&self.absent).map(|_| ()));
            field("comment", optional(&self.comment, 2000).map(|_| ()));
            WorkDraft::Meeting(MeetingDraft {
                id: self.record_id.clone(),
                photos: self.photos.clone(),
                village_id,
                kind: self.what.clone(),
                held_on: self.held_on.trim().to_string(),
                place: self.place.clone(),
                topic: self.topic.clone(),
                present: num(&self.present).unwrap_or(0),
                absent: num(&self.absent).unwrap_or(0),
                team_present: self.team_present.clone(),
                leader_attended: self.leader_attended,
                by_team: self.by_team,
                comment: self.comment.clone(),
            })
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        // What no single field shows (a meeting with nobody present, a life meeting's comment).
        match draft.check(today) {
            Ok(()) => Ok(draft),
            Err(Msg::ValNobodyPresent) => {
                let name = if self.what == WHAT_TRAINING || what == Some(WorkKind::Publicity) {
                    "headcount"
                } else if what == Some(WorkKind::Cleanup) {
                    "militia"
                } else {
                    "present"
                };
                Err(vec![FieldError::new(name, Msg::ValNobodyPresent)])
            }
            Err(Msg::ValLifeComment) => Err(vec![FieldError::new("comment", Msg::ValLifeComment)]),
            Err(Msg::ValScreeningWho) => {
                Err(vec![FieldError::new("attendees", Msg::ValScreeningWho)])
            }
            Err(Msg::ValPurchaseNothing) => Err(vec![FieldError::new(
                "confirmed_by",
                Msg::ValPurchaseNothing,
            )]),
            Err(m) => Err(vec![FieldError::new("form", m)]),
        }
    }
}

/// A village record in the outbox. Its `work` field (where a visit has `draft` and feedback
/// `feedback`) tells the kinds of row apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkEntry {
    pub id: String,
    /// The village's name.
    pub label: String,
    pub work: WorkDraft,
    pub status: LocalStatus,
}

/// A village record the server has acknowledged, kept a month to show its receipt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentWork {
    pub id: String,
    pub label: String,
    pub what: Msg,
    pub title: String,
    pub sent_work: bool,
    pub receipt: Option<String>,
    pub received_at: Option<DateTime<Utc>>,
}

/// A small setting kept on the phone (device id, signed-in user).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetaEntry {
    pub id: String,
    pub value: String,
}

pub const META_DEVICE: &str = "device";
pub const META_USER: &str = "user";
/// The cadre's open ledger items from the last pack, as JSON: read, never edited, offline.
pub const META_ITEMS: &str = "items";
/// The villages the cadre records work for, with their teams, from the last pack, as JSON.
pub const META_VILLAGES: &str = "villages";
/// The service pack's material from the last pack, as JSON: read with no signal.
pub const META_MATERIALS: &str = "materials";
/// The open 代购 of the cadre's households from the last pack, as JSON.
pub const META_PURCHASES: &str = "purchases";

#[cfg(test)]
mod tests {
    use super::*;

    fn household() -> OfflineHousehold {
        OfflineHousehold {
            id: 7,
            head_name: "王大山".into(),
            village: "民智村".into(),
            group: "一组".into(),
            phone: String::new(),
            population: 4,
            economy: "一般".into(),
            income_sources: String::new(),
            family_planning: String::new(),
            social_relations: String::new(),
            tags: vec![],
            difficulties: vec![],
            members: vec![],
        }
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-27T02:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_form_becomes_a_draft_with_only_changed_facts() {
        let mut f = VisitForm::new("01936f0e-1c2a-7b3c-8d4e-5f60718293a4".into(), now());
        assert!(f.is_blank());
        assert_eq!(f.to_draft(None), Err(Msg::ValChooseHousehold));
        f.household_id = Some(7);
        assert_eq!(f.to_draft(Some(&household())), Err(Msg::ValRequired));
        f.content = "了解冬季取暖".into();
        f.changes.insert("population".into(), "4".into());
        f.changes.insert("economy".into(), "较好".into());
        // A home visit says whether the feedback form came back; a phone call need not.
        assert_eq!(f.to_draft(Some(&household())), Err(Msg::ValFormAnswer));
        f.method = "phone".into();
        assert!(f.to_draft(Some(&household())).is_ok());
        f.method = "home".into();
        f.feedback_form = "no".into();
        assert_eq!(f.to_draft(Some(&household())), Err(Msg::ValFormReason));
        f.feedback_form = "yes".into();
        let d = f.to_draft(Some(&household())).unwrap();
        assert_eq!(d.feedback_form, "yes");
        assert_eq!(d.visited_at, "2026-11-27T10:00:00+08:00");
        assert_eq!(d.changes.len(), 1);
        assert_eq!(d.changes[0].base, "一般");
        assert_eq!(d.changes[0].value, "较好");
    }

    #[test]
    fn a_village_record_names_each_fields_problem_then_becomes_its_kind() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let mut f = WorkForm::new("01936f0e-1c2a-7b3c-8d4e-5f60718293a4".into(), today);
        assert!(f.is_blank());
        let errors = f.to_draft(today).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["village", "place", "topic", "present"]);
        f.village_id = Some(1);
        f.what = "life".into();
        f.place = "村活动室".into();
        f.topic = "组织生活会".into();
        f.present = "２１".into();
        f.leader_attended = true;
        // The leader was there: his comments are asked for, beside their field.
        assert_eq!(
            f.to_draft(today).unwrap_err(),
            vec![FieldError::new("comment", Msg::ValLifeComment)]
        );
        f.comment = "点评到位".into();
        match f.to_draft(today).unwrap() {
            WorkDraft::Meeting(m) => {
                assert_eq!((m.present, m.absent, m.kind.as_str()), (21, 0, "life"))
            }
            other => panic!("{other:?}"),
        }
        // The same form writes a trip: its own fields are asked for, the meeting's ignored.
        f.what = WHAT_TRIP.into();
        let errors = f.to_draft(today).unwrap_err();
        assert_eq!(
            errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
            ["department", "outcome"]
        );
        f.department = "县发改局".into();
        f.outcome = "纳入项目库".into();
        let trip = f.to_draft(today).unwrap();
        assert_eq!(trip.label(), Msg::WorkReportTrip);
        // Sent back to the form, it comes back the same.
        let again = WorkForm::from_draft(&trip);
        assert_eq!(again.to_draft(today).unwrap(), trip);
    }
}
