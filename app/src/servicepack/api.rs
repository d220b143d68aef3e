//! The service pack's server functions: the library (every signed-in user reads it, the
//! office curates it) and 代购 (pushed from the phones; read by who may see the household).
use super::model::*;
use crate::error::AppError;
use crate::records::model::WorkBatch;
use crate::visits::model::RecordResult;
use leptos::prelude::*;
use server_fn::codec::Json;

/// Pushes 代购 asked for, from the phone's outbox; answers per record.
#[server(prefix = "/api", endpoint = "sync/purchases", input = Json)]
pub async fn push_purchases(
    batch: WorkBatch<PurchaseDraft>,
) -> Result<Vec<RecordResult>, AppError> {
    crate::error::respond(crate::records::api::push(batch)).await
}

/// Pushes 代购 deliveries and confirmations, from the phone's outbox (after the purchases).
#[server(prefix = "/api", endpoint = "sync/purchase-updates", input = Json)]
pub async fn push_purchase_updates(
    batch: WorkBatch<PurchaseUpdateDraft>,
) -> Result<Vec<RecordResult>, AppError> {
    crate::error::respond(crate::records::api::push(batch)).await
}

/// The library: the office sees withdrawn pieces too; everyone else what the phones carry.
#[server(prefix = "/api", endpoint = "servicepack/materials")]
pub async fn list_materials() -> Result<Vec<Material>, AppError> {
    crate::error::respond(ssr::list()).await
}

/// The office adds or changes a piece of the library. Answers its id.
#[server(prefix = "/api", endpoint = "servicepack/material_save")]
pub async fn save_material(material: MaterialForm) -> Result<i64, AppError> {
    crate::error::respond(ssr::save(material)).await
}

/// A household's 代购, oldest first.
#[server(prefix = "/api", endpoint = "servicepack/purchases")]
pub async fn household_purchases(household: i64) -> Result<Vec<PurchaseRow>, AppError> {
    crate::error::respond(ssr::of_household(household)).await
}

#[cfg(feature = "ssr")]
pub use ssr::{carried, open_purchases};

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::db;
    use super::super::model::*;
    use crate::auth::session::require;
    use crate::db::Tx;
    use crate::error::AppError;
    use crate::i18n::Msg;
    use crate::model::Role;
    use crate::records::model::WorkKind;
    use crate::state::{app_state, AppState};

    const ALL: &[Role] = &[Role::Admin, Role::Leader, Role::Cadre];

    crate::work_record!(PurchaseDraft => Purchase, WorkKind::Purchase, db::insert_purchase);
    crate::work_record!(PurchaseUpdateDraft => PurchaseUpdate, WorkKind::PurchaseUpdate,
        store: store_update, admit: admit_update);

    async fn store_update(
        tx: &mut Tx,
        s: &crate::records::model::Stored<'_>,
        u: &PurchaseUpdate,
    ) -> Result<(), AppError> {
        Ok(db::insert_update(tx, s.id, u).await?)
    }

    /// An update names a purchase of the same household, delivers it once, and confirms
    /// only what has been (or is now) delivered, once.
    async fn admit_update(tx: &mut Tx, u: &PurchaseUpdate) -> Result<Option<Msg>, AppError> {
        let Some((household, delivered, confirmed)) = db::purchase_state(tx, &u.purchase).await?
        else {
            return Ok(Some(Msg::ValPurchaseUnknown));
        };
        Ok(if household != u.household {
            Some(Msg::ValPurchaseUnknown)
        } else if u.delivered && delivered {
            Some(Msg::ValPurchaseDelivered)
        } else if u.confirmed_by.is_some() && confirmed {
            Some(Msg::ValPurchaseClosed)
        } else if u.confirmed_by.is_some() && !(delivered || u.delivered) {
            Some(Msg::ValPurchaseNotDelivered)
        } else {
            None
        })
    }

    pub async fn list() -> Result<Vec<Material>, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        Ok(db::materials(state.db.read(), user.role != Role::Admin).await?)
    }

    pub async fn save(form: MaterialForm) -> Result<i64, AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin]).await?;
        let m = form.parse().map_err(AppError::Invalid)?;
        let id = db::save_material(state.db.write(), &m, user.id, crate::db::now())
            .await?
            .ok_or(AppError::NotFound)?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "material.save",
            &format!("material:{id} active:{}", m.active),
            "ok",
        )
        .await;
        Ok(id)
    }

    pub async fn of_household(household: i64) -> Result<Vec<PurchaseRow>, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        if crate::households::api::village_of(&state, household)
            .await?
            .is_none()
            || !crate::households::api::may_see(&state, &user, household).await?
        {
            return Err(crate::records::api::missing(&user));
        }
        Ok(db::purchases(state.db.read(), &[household]).await?)
    }

    /// What the phones carry: the library's active pieces.
    pub async fn carried(state: &AppState) -> Result<Vec<Material>, AppError> {
        Ok(db::materials(state.db.read(), true).await?)
    }

    /// The 代购 of `households` not yet closed, for the phone's pack.
    pub async fn open_purchases(
        state: &AppState,
        households: &[i64],
    ) -> Result<Vec<PurchaseRow>, AppError> {
        let mut all = db::purchases(state.db.read(), households).await?;
        all.retain(|p| p.status != PurchaseStatus::Closed);
        Ok(all)
    }
}
