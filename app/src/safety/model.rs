//! Screening rounds (排查) and publicity sessions (宣传) as the phone sends and the village
//! page shows them.
use crate::i18n::Msg;
use crate::model::VisitId;
use crate::model::{optional, required};
use crate::records::model::{count, record_day, Envelope};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::code_enum! {
    /// What a round looks for.
    pub enum ScreenKind {
        /// 矛盾纠纷.
        Disputes = "dispute" => ScreenDisputes,
        /// 安全隐患.
        Hazards = "hazard" => ScreenHazards,
        /// Both at once (the plan's usual round).
        Both = "both" => ScreenBoth,
    }
}

crate::code_enum! {
    /// What a finding is; it becomes a 台账 item of the same kind.
    pub enum FindingKind {
        Dispute = "dispute" => FindingDispute,
        Hazard = "hazard" => FindingHazard,
    }
}

impl FindingKind {
    pub fn ledger_kind(self) -> crate::ledger::model::Kind {
        match self {
            FindingKind::Dispute => crate::ledger::model::Kind::Dispute,
            FindingKind::Hazard => crate::ledger::model::Kind::Hazard,
        }
    }
}

crate::code_enum! {
    /// A publicity session's subject (安全生产、水路交通安全、护林防火、法律法规、环境卫生).
    pub enum PublicityTopic {
        Production = "production" => TopicProduction,
        Traffic = "traffic" => TopicTraffic,
        Fire = "fire" => TopicFire,
        Law = "law" => TopicLaw,
        Hygiene = "hygiene" => TopicHygiene,
    }
}

/// The most findings one round holds.
pub const MAX_FINDINGS: usize = 30;

/// One finding as written on the phone; `to_ledger` (ticked by default) makes it a 台账 item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingDraft {
    pub kind: String,
    #[serde(default)]
    pub place: String,
    pub detail: String,
    #[serde(default = "yes")]
    pub to_ledger: bool,
}

fn yes() -> bool {
    true
}

/// A screening round as the phone sends it (`POST /api/sync/screenings`, schema 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreeningDraft {
    pub id: String,
    /// Photos (issue 20), all on the server before the record is pushed; left out when
    /// none, so a record without photos hashes as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<crate::photos::model::PhotoRef>,
    pub village_id: i64,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    pub kind: String,
    /// Who took part: the team, the town's cadres (镇驻村干部), the village's (村组干部).
    #[serde(default)]
    pub team: String,
    #[serde(default)]
    pub town_cadres: String,
    #[serde(default)]
    pub village_cadres: String,
    /// The groups, places or households covered.
    pub places: String,
    #[serde(default)]
    pub note: String,
    /// Empty: nothing found, which is a record too.
    #[serde(default)]
    pub findings: Vec<FindingDraft>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    pub place: String,
    pub detail: String,
    pub to_ledger: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screening {
    pub kind: ScreenKind,
    pub team: String,
    pub town_cadres: String,
    pub village_cadres: String,
    pub places: String,
    pub note: String,
    pub findings: Vec<Finding>,
}

impl ScreeningDraft {
    /// The first reason it cannot be stored; the phone checks with the same function.
    pub fn check(&self, today: NaiveDate) -> Result<(Envelope, Screening), Msg> {
        let id = VisitId::parse(&self.id)?;
        let on = record_day(&self.held_on, today)?;
        let kind = ScreenKind::parse(&self.kind).ok_or(Msg::ValChoice)?;
        let places = required(&self.places, 500)?;
        let text = |raw: &str| optional(raw, 500).map(Option::unwrap_or_default);
        let (team, town_cadres, village_cadres) = (
            text(&self.team)?,
            text(&self.town_cadres)?,
            text(&self.village_cadres)?,
        );
        // 联村工作队要与镇驻村干部、村组干部一道: a round names who took part.
        if [&team, &town_cadres, &village_cadres]
            .iter()
            .all(|s| s.is_empty())
        {
            return Err(Msg::ValScreeningWho);
        }
        if self.findings.len() > MAX_FINDINGS {
            return Err(Msg::ValTooLong);
        }
        let findings = self
            .findings
            .iter()
            .map(|f| {
                Ok(Finding {
                    kind: FindingKind::parse(&f.kind).ok_or(Msg::ValChoice)?,
                    place: optional(&f.place, 60)?.unwrap_or_default(),
                    detail: required(&f.detail, 1000).map_err(|_| Msg::ValFindingDetail)?,
                    to_ledger: f.to_ledger,
                })
            })
            .collect::<Result<Vec<_>, Msg>>()?;
        Ok((
            Envelope::village(id, self.village_id, on),
            Screening {
                kind,
                team,
                town_cadres,
                village_cadres,
                places,
                note: text(&self.note)?,
                findings,
            },
        ))
    }
}

/// A publicity session as the phone sends it (`POST /api/sync/publicity`, schema 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicityDraft {
    pub id: String,
    /// Photos (issue 20), all on the server before the record is pushed; left out when
    /// none, so a record without photos hashes as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<crate::photos::model::PhotoRef>,
    pub village_id: i64,
    pub held_on: String,
    pub topic: String,
    pub place: String,
    pub audience: i64,
    /// 横幅、手册、资料 used.
    #[serde(default)]
    pub material: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publicity {
    pub topic: PublicityTopic,
    pub place: String,
    pub audience: i64,
    pub material: String,
}

impl PublicityDraft {
    pub fn check(&self, today: NaiveDate) -> Result<(Envelope, Publicity), Msg> {
        let id = VisitId::parse(&self.id)?;
        let on = record_day(&self.held_on, today)?;
        let topic = PublicityTopic::parse(&self.topic).ok_or(Msg::ValChoice)?;
        let place = required(&self.place, 60)?;
        let audience = count(
            &self.audience.to_string(),
            crate::organisation::model::MAX_HEADCOUNT,
        )?;
        if audience == 0 {
            return Err(Msg::ValNobodyPresent);
        }
        Ok((
            Envelope::village(id, self.village_id, on),
            Publicity {
                topic,
                place,
                audience,
                material: optional(&self.material, 500)?.unwrap_or_default(),
            },
        ))
    }
}

/// A stored finding: its 台账 item once it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingRow {
    pub n: i64,
    pub kind: FindingKind,
    pub place: String,
    pub detail: String,
    pub ledger_item: Option<String>,
}

/// A stored round, as the village page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningRow {
    pub id: String,
    pub held_on: NaiveDate,
    pub kind: ScreenKind,
    pub team: String,
    pub town_cadres: String,
    pub village_cadres: String,
    pub places: String,
    pub note: String,
    pub recorded_by: String,
    pub findings: Vec<FindingRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicityRow {
    pub id: String,
    pub held_on: NaiveDate,
    pub topic: PublicityTopic,
    pub place: String,
    pub audience: i64,
    pub material: String,
    pub recorded_by: String,
}

/// A village's safety work, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VillageSafety {
    pub screenings: Vec<ScreeningRow>,
    pub publicity: Vec<PublicityRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round() -> ScreeningDraft {
        ScreeningDraft {
            id: "01936f0e-1c2a-7b3c-8d4e-5f60718293a4".into(),
            photos: Vec::new(),
            village_id: 1,
            held_on: "2026-11-06".into(),
            kind: "both".into(),
            team: "李明".into(),
            town_cadres: String::new(),
            village_cadres: String::new(),
            places: "一组、二组".into(),
            note: String::new(),
            findings: vec![],
        }
    }

    #[test]
    fn a_round_names_who_took_part_and_may_find_nothing() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let (_, r) = round().check(today).unwrap();
        assert!(r.findings.is_empty());
        let mut nobody = round();
        nobody.team = " ".into();
        assert_eq!(nobody.check(today), Err(Msg::ValScreeningWho));
        let mut blank = round();
        blank.findings.push(FindingDraft {
            kind: "hazard".into(),
            place: String::new(),
            detail: "  ".into(),
            to_ledger: true,
        });
        assert_eq!(blank.check(today), Err(Msg::ValFindingDetail));
        let mut odd = round();
        odd.findings.push(FindingDraft {
            kind: "flood".into(),
            place: String::new(),
            detail: "x".into(),
            to_ledger: true,
        });
        assert_eq!(odd.check(today), Err(Msg::ValChoice));
    }

    #[test]
    fn a_finding_is_for_the_ledger_unless_unticked() {
        let f: FindingDraft =
            serde_json::from_str(r#"{"kind":"dispute","detail":"宅基地边界"}"#).unwrap();
        assert!(f.to_ledger);
    }
}
