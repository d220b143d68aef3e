//! The service pack's material and 代购 records.
use crate::error::FieldError;
use crate::i18n::Msg;
use crate::model::VisitId;
use crate::model::{optional, required, Fen};
use crate::records::model::{record_day, Envelope};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

crate::code_enum! {
    /// What a piece of material is (惠农政策、科技致富信息、法律法规宣传资料).
    pub enum MaterialKind {
        Policy = "policy" => MaterialPolicy,
        Technology = "technology" => MaterialTechnology,
        Law = "law" => MaterialLaw,
    }
}

/// A piece of the library, as the phones keep it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Material {
    pub id: i64,
    pub kind: MaterialKind,
    pub title: String,
    pub body: String,
    /// An attachment's address (http or https), or empty.
    pub link: String,
    pub active: bool,
    pub updated_at: DateTime<Utc>,
}

/// The office's form for a new piece (`id` empty) or a change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaterialForm {
    #[serde(default)]
    pub id: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub link: String,
    /// "on" while the phones carry it; withdrawn material stays in the office's list.
    #[serde(default)]
    pub active: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialEdit {
    pub id: Option<i64>,
    pub kind: MaterialKind,
    pub title: String,
    pub body: String,
    pub link: String,
    pub active: bool,
}

impl MaterialForm {
    pub fn parse(&self) -> Result<MaterialEdit, Vec<FieldError>> {
        let mut errors = Vec::new();
        let id = match self.id.trim() {
            "" => None,
            raw => raw.parse::<i64>().ok().or_else(|| {
                errors.push(FieldError::new("id", Msg::ValChoice));
                None
            }),
        };
        let kind = MaterialKind::parse(&self.kind);
        if kind.is_none() {
            errors.push(FieldError::new("kind", Msg::ValChoice));
        }
        let title = FieldError::text(&mut errors, "title", required(&self.title, 100).map(Some));
        let body = FieldError::text(&mut errors, "body", required(&self.body, 20_000).map(Some));
        let link = FieldError::text(&mut errors, "link", optional(&self.link, 500));
        if !(link.is_empty() || link.starts_with("https://") || link.starts_with("http://")) {
            errors.push(FieldError::new("link", Msg::ValLink));
        }
        match kind {
            Some(kind) if errors.is_empty() => Ok(MaterialEdit {
                id,
                kind,
                title,
                body,
                link,
                active: self.active.trim() == "on",
            }),
            _ => Err(errors),
        }
    }
}

crate::code_enum! {
    /// Who paid for a 代购.
    pub enum PaidBy {
        /// 群众自付 (the cadre is repaid).
        Villager = "villager" => PaidVillager,
        /// 干部垫付.
        Cadre = "cadre" => PaidCadre,
        /// 单位资助.
        Bureau = "bureau" => PaidBureau,
    }
}

crate::code_enum! {
    /// Where a 代购 stands.
    pub enum PurchaseStatus {
        Asked = "asked" => PurchaseAsked,
        /// Handed over, the villager's confirmation still to come.
        Delivered = "delivered" => PurchaseDelivered,
        /// Delivered and confirmed by the villager: closed.
        Closed = "closed" => PurchaseClosed,
    }
}

/// A 代购 asked for, as the phone sends it (`POST /api/sync/purchases`, schema 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PurchaseDraft {
    pub id: String,
    /// Photos (issue 20), all on the server before the record is pushed; left out when
    /// none, so a record without photos hashes as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<crate::photos::model::PhotoRef>,
    pub household_id: i64,
    pub asked_on: String,
    pub item: String,
    pub quantity: String,
    /// Yuan as typed (`12.3`, `１２.３０`, `1,200`).
    pub estimate: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purchase {
    pub household: i64,
    pub item: String,
    pub quantity: String,
    pub estimate: Fen,
    pub note: String,
}

impl PurchaseDraft {
    pub fn check(&self, today: NaiveDate) -> Result<(Envelope, Purchase), Msg> {
        let id = VisitId::parse(&self.id)?;
        let on = record_day(&self.asked_on, today)?;
        Ok((
            Envelope::household(id, self.household_id, on),
            Purchase {
                household: self.household_id,
                item: required(&self.item, 100)?,
                quantity: required(&self.quantity, 40)?,
                estimate: Fen::parse_yuan(&self.estimate)?,
                note: optional(&self.note, 500)?.unwrap_or_default(),
            },
        ))
    }
}

/// A delivery or the villager's confirmation of a 代购, as the phone sends it
/// (`POST /api/sync/purchase-updates`, schema 1). Both at once is the usual case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PurchaseUpdateDraft {
    pub id: String,
    /// Photos (issue 20), all on the server before the record is pushed; left out when
    /// none, so a record without photos hashes as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<crate::photos::model::PhotoRef>,
    pub purchase_id: String,
    pub household_id: i64,
    /// The day of the delivery or the confirmation.
    pub on: String,
    #[serde(default)]
    pub delivered: bool,
    /// Yuan actually paid, as typed; required with a delivery.
    #[serde(default)]
    pub actual: String,
    #[serde(default)]
    pub paid_by: String,
    /// The name of the villager who confirmed receipt; empty when not (yet) confirmed.
    #[serde(default)]
    pub confirmed_by: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseUpdate {
    pub purchase: String,
    pub household: i64,
    pub delivered: bool,
    pub actual: Option<Fen>,
    pub paid_by: Option<PaidBy>,
    pub confirmed_by: Option<String>,
    pub note: String,
}

impl PurchaseUpdateDraft {
    pub fn check(&self, today: NaiveDate) -> Result<(Envelope, PurchaseUpdate), Msg> {
        let id = VisitId::parse(&self.id)?;
        let purchase = VisitId::parse(&self.purchase_id)?;
        let on = record_day(&self.on, today)?;
        let confirmed_by = optional(&self.confirmed_by, 40)?;
        if !self.delivered && confirmed_by.is_none() {
            return Err(Msg::ValPurchaseNothing);
        }
        let (actual, paid_by) = if self.delivered {
            let actual = Fen::parse_yuan(&self.actual)?;
            let paid = PaidBy::parse(&self.paid_by).ok_or(Msg::ValChoice)?;
            (Some(actual), Some(paid))
        } else {
            (None, None)
        };
        Ok((
            Envelope::household(id, self.household_id, on),
            PurchaseUpdate {
                purchase: purchase.as_str().to_string(),
                household: self.household_id,
                delivered: self.delivered,
                actual,
                paid_by,
                confirmed_by,
                note: optional(&self.note, 500)?.unwrap_or_default(),
            },
        ))
    }
}

/// A 代购 as the household page, the phone and the office read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseRow {
    pub id: String,
    pub household_id: i64,
    pub household: String,
    pub asked_on: NaiveDate,
    pub item: String,
    pub quantity: String,
    pub estimate: Fen,
    pub delivered_on: Option<NaiveDate>,
    pub actual: Option<Fen>,
    pub paid_by: Option<PaidBy>,
    pub confirmed_by: Option<String>,
    pub confirmed_on: Option<NaiveDate>,
    pub status: PurchaseStatus,
    pub recorded_by: String,
}

/// Where a 代购 stands from its delivery and confirmation.
pub fn status_of(delivered: bool, confirmed: bool) -> PurchaseStatus {
    match (delivered, confirmed) {
        (true, true) => PurchaseStatus::Closed,
        (true, false) => PurchaseStatus::Delivered,
        _ => PurchaseStatus::Asked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_delivers_with_its_cost_or_confirms() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let mut u = PurchaseUpdateDraft {
            id: "01936f0e-1c2a-7b3c-8d4e-5f60718293a5".into(),
            photos: Vec::new(),
            purchase_id: "01936f0e-1c2a-7b3c-8d4e-5f60718293a4".into(),
            household_id: 7,
            on: "2026-11-07".into(),
            delivered: false,
            actual: String::new(),
            paid_by: String::new(),
            confirmed_by: String::new(),
            note: String::new(),
        };
        assert_eq!(u.check(today).unwrap_err(), Msg::ValPurchaseNothing);
        u.delivered = true;
        u.actual = "１２.３".into();
        assert_eq!(u.check(today).unwrap_err(), Msg::ValChoice);
        u.paid_by = "cadre".into();
        let (_, c) = u.check(today).unwrap();
        assert_eq!(c.actual, Some(Fen(1230)));
        assert_eq!(c.confirmed_by, None);
        assert_eq!(status_of(true, false), PurchaseStatus::Delivered);
        assert_eq!(status_of(true, true), PurchaseStatus::Closed);
        let m = MaterialForm {
            kind: "law".into(),
            title: "人民调解法".into(),
            body: "第一条".into(),
            link: "javascript:alert(1)".into(),
            ..Default::default()
        };
        assert_eq!(m.parse().unwrap_err()[0].msg, Msg::ValLink);
    }
}
