//! Visit types: the draft as a phone sends it, and the checked visit.
use crate::i18n::Msg;
use crate::ledger::model::Kind;
use crate::model::{optional, required};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The payload version this build writes. Older versions stay accepted: a phone with an old
/// cached build must still sync after a deploy. New fields therefore always have defaults.
/// Schema 2 added the device id and proposed household changes.
pub const SYNC_SCHEMA: u32 = 3;
/// Records per push; the phone splits its outbox into batches of this size.
pub const MAX_BATCH: usize = 200;
/// Bytes of records per push: half the server's 2 MiB sync body limit, so a batch of long
/// diaries (2,000 characters in each of four fields) never meets the limit.
pub const MAX_BATCH_BYTES: usize = 1024 * 1024;

/// How many of the next records (their sizes in bytes, oldest first) go in one push: at most
/// `max_count`, together at most `max_bytes`, and at least one, so the queue always moves. A
/// first record over `max_bytes` on its own answers `None`: it can never be sent, and is set
/// aside so that it blocks nothing behind it.
pub fn batch_len(sizes: &[usize], max_count: usize, max_bytes: usize) -> Option<usize> {
    if sizes.first().is_some_and(|s| *s > max_bytes) {
        return None;
    }
    let mut total = 0;
    let n = sizes
        .iter()
        .take(max_count.max(1))
        .take_while(|s| {
            total += **s;
            total <= max_bytes
        })
        .count();
    Some(n.max(usize::from(!sizes.is_empty())))
}

crate::code_enum! {
    by_name:
    pub enum Method {
        /// 入户走访
        Home = "home" => MethodHome,
        /// 电话
        Phone = "phone" => MethodPhone,
        /// 接访
        Reception = "reception" => MethodReception,
        /// 服务日
        ServiceDay = "service_day" => MethodServiceDay,
    }
}

pub use crate::model::VisitId;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Gps {
    pub lat: f64,
    pub lon: f64,
    pub accuracy_m: f64,
}

/// A visit as the phone sends it. Every field added after schema 1 must have a default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VisitDraft {
    pub id: String,
    pub household_id: i64,
    /// RFC 3339 time on the device when the visit happened.
    pub visited_at: String,
    pub method: String,
    pub content: String,
    #[serde(default)]
    pub process: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub problems: String,
    #[serde(default)]
    pub follow_up: bool,
    #[serde(default)]
    pub gps: Option<Gps>,
    /// Schema 2: household facts seen differently during the visit.
    #[serde(default)]
    pub changes: Vec<FieldChange>,
    /// A ledger kind's code: the problems raised become a ledger item of that kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger: Option<String>,
    /// Schema 3: a [`FormReturn`] code, or empty when not said.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub feedback_form: String,
    /// Schema 3: why no feedback form came back (needed with `"no"`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub no_form_reason: String,
    /// Schema 3: 联系卡已发放 at this visit.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub card_given: bool,
    /// Photos taken at the visit, uploaded before the record is pushed (left out when none,
    /// so a record without photos hashes as before).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<crate::photos::model::PhotoRef>,
}

crate::code_enum! {
    /// Whether a home visit brought back a 意见反馈表 (三(一)2 五: every visit must, or say
    /// why not).
    pub enum FormReturn {
        Brought = "yes" => FormBrought,
        NotBrought = "no" => FormNotBrought,
    }
}

pub use crate::households::model::{HouseholdField, FACT_MAX};

/// A change as the phone sends it: `base` is the value the phone showed, `value` the new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub base: String,
    pub value: String,
}

/// A checked proposed change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposedChange {
    pub field: HouseholdField,
    pub base: String,
    pub value: String,
}

/// A checked visit: only these are stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    pub id: VisitId,
    pub household_id: i64,
    pub visited_at: DateTime<Utc>,
    pub method: Method,
    pub content: String,
    pub process: String,
    pub outcome: String,
    pub problems: String,
    pub follow_up: bool,
    pub gps: Option<Gps>,
    /// Left out when empty, so a schema-1 record hashes as it did before schema 2 existed
    /// and its retry after a deploy is still a duplicate, not a conflict.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<ProposedChange>,
    /// Left out when none, for the same reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger: Option<Kind>,
    /// Schema 3, left out when not said (so older records hash as before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback_form: Option<FormReturn>,
    /// Why no form came back; empty unless `feedback_form` is `NotBrought`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub no_form_reason: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub card_given: bool,
    /// Left out when none, so a visit without photos hashes as before they existed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<crate::photos::model::Photo>,
}

const TEXT_MAX: usize = 2000;

impl VisitDraft {
    /// Checks the draft. The visit keeps the time the phone gave
    /// it, however wrong the phone's clock: a diary is never refused for its time alone (the
    /// server's receipt time is kept beside it, and [`VisitView::clock_off`] shows a clash).
    pub fn parse(&self) -> Result<Visit, Msg> {
        let id = VisitId::parse(&self.id)?;
        let visited_at = DateTime::parse_from_rfc3339(self.visited_at.trim())
            .map_err(|_| Msg::ValVisitTime)?
            .with_timezone(&Utc);
        let method = Method::parse(self.method.trim()).ok_or(Msg::ValChoice)?;
        let content = required(&self.content, TEXT_MAX)?;
        let text = |s: &str| optional(s, TEXT_MAX).map(Option::unwrap_or_default);
        if let Some(g) = &self.gps {
            let ok = (-90.0..=90.0).contains(&g.lat)
                && (-180.0..=180.0).contains(&g.lon)
                && g.accuracy_m > 0.0
                && g.accuracy_m < 100_000.0;
            if !ok {
                return Err(Msg::ValGps);
            }
        }
        let mut changes: Vec<ProposedChange> = Vec::with_capacity(self.changes.len());
        for c in &self.changes {
            let field = HouseholdField::parse(c.field.trim()).ok_or(Msg::ValChoice)?;
            if changes.iter().any(|p| p.field == field) {
                return Err(Msg::ValChoice);
            }
            let base = c.base.trim();
            if base.chars().count() > FACT_MAX {
                return Err(Msg::ValTooLong);
            }
            let value = field.normalise(&c.value)?;
            if value != base {
                changes.push(ProposedChange {
                    field,
                    base: base.to_string(),
                    value,
                });
            }
        }
        let problems = text(&self.problems)?;
        let ledger = match self.ledger.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => Some(Kind::parse(code).ok_or(Msg::ValChoice)?),
        };
        if ledger.is_some() && problems.is_empty() {
            return Err(Msg::ValLedgerNeedsProblem);
        }
        // Not said is accepted (a phone from before schema 3 must never lose its diary); the
        // obligations calendar counts it as a form missing. The phone's form asks for it.
        let feedback_form = match self.feedback_form.trim() {
            "" => None,
            code => Some(FormReturn::parse(code).ok_or(Msg::ValChoice)?),
        };
        let photos = crate::photos::model::check(&self.photos)?;
        let no_form_reason = match feedback_form {
            Some(FormReturn::NotBrought) => {
                required(&self.no_form_reason, 200).map_err(|_| Msg::ValFormReason)?
            }
            _ => String::new(),
        };
        Ok(Visit {
            id,
            household_id: self.household_id,
            visited_at,
            method,
            content,
            process: text(&self.process)?,
            outcome: text(&self.outcome)?,
            problems,
            follow_up: self.follow_up || ledger.is_some(),
            gps: self.gps,
            changes,
            ledger,
            feedback_form,
            no_form_reason,
            card_given: self.card_given,
            photos,
        })
    }
}

/// One push from a phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncBatch {
    pub schema: u32,
    /// Schema 2: a random id the phone made once; tells two phones of one cadre apart.
    #[serde(default)]
    pub device: String,
    pub visits: Vec<VisitDraft>,
}

/// What became of one record (DESIGN.md §3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    Accepted {
        receipt: String,
        received_at: DateTime<Utc>,
    },
    /// Already stored with the same content: the original receipt again.
    Duplicate {
        receipt: String,
        received_at: DateTime<Utc>,
    },
    /// Already stored with different content: nothing overwritten, kept for review.
    Conflict,
    /// Failed validation: the phone sets it aside with this reason and goes on.
    Rejected { reason: Msg },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordResult {
    pub id: String,
    pub outcome: Outcome,
}

/// Everything a phone keeps for working offline: its cadre's households and their recent
/// visits. Nothing outside that scope, and no ID numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfflinePack {
    pub schema: u32,
    pub generated_at: DateTime<Utc>,
    pub households: Vec<crate::households::model::OfflineHousehold>,
    pub visits: Vec<VisitView>,
    /// The cadre's open ledger items, to read in the field.
    #[serde(default)]
    pub items: Vec<crate::ledger::model::ItemRow>,
    /// The villages the cadre records the four helps' work for, with their teams.
    #[serde(default)]
    pub villages: Vec<crate::teams::model::WorkVillage>,
    /// The service pack's material (科技服务包), to read with no signal.
    #[serde(default)]
    pub materials: Vec<crate::servicepack::model::Material>,
    /// The open 代购 of the cadre's households.
    #[serde(default)]
    pub purchases: Vec<crate::servicepack::model::PurchaseRow>,
}

/// How far back the phone's copy of visits reaches.
pub const PACK_VISIT_DAYS: i64 = 180;
/// …and at most this many of each household's latest visits, so the pack cannot grow without
/// bound with a busy household (measured under `make load`).
pub const PACK_VISITS_PER_HOUSEHOLD: i64 = 20;

/// A stored visit as a timeline shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitView {
    pub id: String,
    pub household_id: i64,
    pub cadre: String,
    pub visited_at: DateTime<Utc>,
    pub method: Method,
    pub content: String,
    pub outcome: String,
    pub problems: String,
    pub follow_up: bool,
    pub receipt: String,
    /// When the server stored it (absent from packs made before it was sent along).
    #[serde(default)]
    pub received_at: Option<DateTime<Utc>>,
    /// Its photos (the household's timeline only; never in the offline pack).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<crate::photos::model::PhotoView>,
}

/// A visit sent twice with different words: the stored version and the second one, which
/// is kept beside it and never overwrites it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitConflict {
    pub stored: VisitView,
    /// The household's head, by name.
    pub household: String,
    /// Who sent the second version, and when it arrived.
    pub cadre: String,
    pub received_at: DateTime<Utc>,
    /// The second version's own time as the phone wrote it (RFC 3339), and its words.
    pub second_visited_at: String,
    pub second_content: String,
    pub second_outcome: String,
    pub second_problems: String,
}

/// How far a phone's clock may be off before the phone, and the record, say so.
pub const CLOCK_TOLERANCE_MINUTES: i64 = 10;

impl VisitView {
    /// The phone's clock was wrong when this was written: it claims a time after the server
    /// received it, or one before the programme's records could exist.
    pub fn clock_off(&self) -> bool {
        self.received_at.is_some_and(|r| {
            self.visited_at > r + Duration::minutes(CLOCK_TOLERANCE_MINUTES)
                || self.visited_at < r - Duration::days(366 * 5)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> VisitDraft {
        VisitDraft {
            id: "01936f0e-1c2a-7b3c-8d4e-5f60718293a4".into(),
            household_id: 1,
            visited_at: "2026-11-20T09:30:00+08:00".into(),
            method: "home".into(),
            content: "了解春耕准备".into(),
            process: String::new(),
            outcome: String::new(),
            problems: String::new(),
            follow_up: false,
            gps: None,
            changes: Vec::new(),
            ledger: None,
            ..Default::default()
        }
    }

    #[test]
    fn a_good_draft_parses() {
        let v = draft().parse().unwrap();
        assert_eq!(v.method, Method::Home);
        assert_eq!(v.visited_at.to_rfc3339(), "2026-11-20T01:30:00+00:00");
    }

    #[test]
    fn the_feedback_form_is_brought_or_explained() {
        // Not said (a phone from before schema 3): accepted, and hashed as before it existed.
        let old = draft().parse().unwrap();
        assert_eq!(old.feedback_form, None);
        let json = serde_json::to_string(&old).unwrap();
        assert!(
            !json.contains("feedback_form") && !json.contains("card_given"),
            "{json}"
        );
        let with = |code: &str, reason: &str| {
            let mut d = draft();
            d.feedback_form = code.into();
            d.no_form_reason = reason.into();
            d.card_given = true;
            d.parse()
        };
        let v = with("yes", "left over").unwrap();
        assert_eq!(v.feedback_form, Some(FormReturn::Brought));
        assert_eq!(
            v.no_form_reason, "",
            "a reason with a form brought back is not kept"
        );
        assert!(v.card_given);
        assert_eq!(with("no", "  ").unwrap_err(), Msg::ValFormReason);
        let v = with("no", "户主外出务工，家中无人").unwrap();
        assert_eq!(v.feedback_form, Some(FormReturn::NotBrought));
        assert_eq!(with("maybe", "").unwrap_err(), Msg::ValChoice);
    }

    #[test]
    fn record_ids_must_be_uuid_v7() {
        assert!(VisitId::parse("01936F0E-1C2A-7B3C-8D4E-5F60718293A4").is_ok());
        // Version 4, wrong variant, wrong shape.
        assert_eq!(
            VisitId::parse("01936f0e-1c2a-4b3c-8d4e-5f60718293a4"),
            Err(Msg::ValRecordId)
        );
        assert_eq!(
            VisitId::parse("01936f0e-1c2a-7b3c-0d4e-5f60718293a4"),
            Err(Msg::ValRecordId)
        );
        assert_eq!(
            VisitId::parse("01936f0e1c2a7b3c8d4e5f60718293a4"),
            Err(Msg::ValRecordId)
        );
    }

    #[test]
    fn bad_drafts_name_their_reason() {
        let mut d = draft();
        d.content = " ".into();
        assert_eq!(d.parse(), Err(Msg::ValRequired));
        let mut d = draft();
        // A wrong phone clock is kept, not refused.
        d.visited_at = "2099-01-01T00:00:00Z".into();
        assert!(d.parse().is_ok());
        d.visited_at = "yesterday".into();
        assert_eq!(d.parse(), Err(Msg::ValVisitTime));
        let mut d = draft();
        d.method = "fax".into();
        assert_eq!(d.parse(), Err(Msg::ValChoice));
        let mut d = draft();
        d.gps = Some(Gps {
            lat: 95.0,
            lon: 0.0,
            accuracy_m: 5.0,
        });
        assert_eq!(d.parse(), Err(Msg::ValGps));
    }

    #[test]
    fn proposed_changes_are_checked_and_normalised() {
        let change = |field: &str, base: &str, value: &str| FieldChange {
            field: field.into(),
            base: base.into(),
            value: value.into(),
        };
        let mut d = draft();
        d.changes = vec![
            change("population", "4", " 5 "),
            change("economy", "一般", "一般"),
            change("phone", "", "138 0000 0001"),
        ];
        let v = d.parse().unwrap();
        // The unchanged field is dropped; the others come out in stored form.
        assert_eq!(v.changes.len(), 2);
        assert_eq!(v.changes[0].value, "5");
        assert_eq!(v.changes[1].value, "13800000001");
        d.changes = vec![change("population", "4", "0")];
        assert_eq!(d.parse(), Err(Msg::ValPopulation));
        d.changes = vec![change("id_number", "", "x")];
        assert_eq!(d.parse(), Err(Msg::ValChoice));
        d.changes = vec![change("economy", "", "a"), change("economy", "", "b")];
        assert_eq!(d.parse(), Err(Msg::ValChoice));
    }

    #[test]
    fn a_visit_without_changes_hashes_as_schema_one_did() {
        let v = draft().parse().unwrap();
        let json = serde_json::to_string(&v).unwrap();
        assert!(!json.contains("changes") && !json.contains("ledger"));
    }

    #[test]
    fn problems_go_to_the_ledger_only_when_there_are_some() {
        let mut d = draft();
        d.ledger = Some("dispute".into());
        assert_eq!(d.parse(), Err(Msg::ValLedgerNeedsProblem));
        d.problems = "宅基地边界纠纷".into();
        let v = d.parse().unwrap();
        assert_eq!(v.ledger, Some(Kind::Dispute));
        assert!(v.follow_up, "a problem sent to the ledger is followed up");
        d.ledger = Some("gossip".into());
        assert_eq!(d.parse(), Err(Msg::ValChoice));
    }

    #[test]
    fn schema_one_payloads_without_optional_fields_still_decode() {
        let json = r#"{"id":"01936f0e-1c2a-7b3c-8d4e-5f60718293a4","household_id":1,
            "visited_at":"2026-11-20T09:30:00+08:00","method":"phone","content":"电话回访"}"#;
        let d: VisitDraft = serde_json::from_str(json).unwrap();
        assert!(d.parse().is_ok());
    }

    #[test]
    fn batches_are_capped_by_count_and_bytes() {
        // The queue of issue 15: 150 diaries of 20 KB, then short ones.
        let mut sizes = vec![20_000; 150];
        sizes.extend([500; 100]);
        let first = batch_len(&sizes, MAX_BATCH, MAX_BATCH_BYTES).unwrap();
        assert_eq!(first, 52);
        assert!(first * 20_000 <= MAX_BATCH_BYTES);
        assert_eq!(
            batch_len(&[500; 300], MAX_BATCH, MAX_BATCH_BYTES),
            Some(200)
        );
        assert_eq!(batch_len(&[500; 300], 7, MAX_BATCH_BYTES), Some(7));
        assert_eq!(batch_len(&[], MAX_BATCH, MAX_BATCH_BYTES), Some(0));
        assert_eq!(batch_len(&[10, 5], MAX_BATCH, 12), Some(1));
        assert_eq!(batch_len(&[13, 5], MAX_BATCH, 12), None);
    }

    #[test]
    fn a_wrong_phone_clock_shows_on_the_record() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let mut v = VisitView {
            id: String::new(),
            household_id: 1,
            cadre: String::new(),
            visited_at: at("2026-11-20T09:00:00Z"),
            method: Method::Home,
            content: String::new(),
            outcome: String::new(),
            problems: String::new(),
            follow_up: false,
            receipt: String::new(),
            received_at: Some(at("2026-11-20T09:05:00Z")),
            photos: Vec::new(),
        };
        assert!(!v.clock_off());
        // Synced a week later: a right clock.
        v.received_at = Some(at("2026-11-27T09:00:00Z"));
        assert!(!v.clock_off());
        v.visited_at = at("2026-11-27T09:11:00Z");
        assert!(v.clock_off(), "eleven minutes after the server had it");
        v.visited_at = at("2000-01-01T00:00:00Z");
        assert!(v.clock_off(), "a clock reset to its factory date");
        v.received_at = None;
        assert!(!v.clock_off());
    }
}
