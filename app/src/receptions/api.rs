//! Receptions' server functions. Everyone records receptions; a cadre sees their own.
use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "receptions/list")]
pub async fn list_receptions() -> Result<Vec<ReceptionRow>, AppError> {
    crate::error::respond(ssr::list()).await
}

#[server(prefix = "/api", endpoint = "receptions/create")]
pub async fn create_reception(form: ReceptionForm) -> Result<String, AppError> {
    crate::error::respond(ssr::create(form)).await
}

/// Records a service day (便民服务日) in a village, whoever came or not; a repeat of the same
/// village and day keeps the first. The day's id.
#[server(prefix = "/api", endpoint = "receptions/service_day")]
pub async fn record_service_day(day: ServiceDayForm) -> Result<i64, AppError> {
    crate::error::respond(ssr::record_service_day(day)).await
}

/// Service days of the last 62 days, newest first (the reception form offers them).
#[server(prefix = "/api", endpoint = "receptions/service_days")]
pub async fn list_service_days() -> Result<Vec<ServiceDayRow>, AppError> {
    crate::error::respond(ssr::list_service_days()).await
}

/// The reception's matter as a ledger item of `kind`, once: a second tap finds the first.
#[server(prefix = "/api", endpoint = "receptions/to_ledger")]
pub async fn reception_to_ledger(id: String, kind: String) -> Result<String, AppError> {
    crate::error::respond(ssr::to_ledger(id, kind)).await
}

#[cfg(feature = "ssr")]
pub use ssr::service_days_between;

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::db;
    use super::super::model::*;
    use crate::auth::session::require;
    use crate::error::AppError;
    use crate::i18n::Msg;
    use crate::ledger::api::{self as ledger, ItemSource};
    use crate::ledger::model::{title_of, Kind, NewItem, Source};
    use crate::model::Role;
    use crate::state::app_state;

    const ALL: &[Role] = &[Role::Admin, Role::Leader, Role::Cadre];

    pub async fn list() -> Result<Vec<ReceptionRow>, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let mine = (user.role == Role::Cadre).then_some(user.id);
        let mut rows = db::list(state.db.read(), mine).await?;
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let made = ledger::made_from(&state, Source::Reception, &ids).await?;
        for r in &mut rows {
            r.item = made
                .iter()
                .find(|(s, _)| *s == r.id)
                .map(|(_, i)| i.clone());
        }
        Ok(rows)
    }

    pub async fn create(form: ReceptionForm) -> Result<String, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let r = form
            .parse(crate::ui::time::today())
            .map_err(AppError::Invalid)?;
        if let Some(day) = r.service_day {
            // The reception belongs to that day or to none.
            if db::service_day_date(state.db.read(), day).await? != Some(r.held_on) {
                return Err(AppError::invalid("service_day", Msg::ValServiceDayDate));
            }
        }
        let id = ledger::new_id();
        db::insert(state.db.write(), &id, &r, user.id, crate::db::now()).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "reception.create",
            &format!("reception:{id}"),
            "ok",
        )
        .await;
        Ok(id)
    }

    pub async fn record_service_day(form: ServiceDayForm) -> Result<i64, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let d = form
            .parse(crate::ui::time::today())
            .map_err(AppError::Invalid)?;
        if !crate::villages::api::exists(&state, d.village_id).await? {
            return Err(AppError::invalid("village", Msg::ValChoice));
        }
        let id = db::insert_service_day(state.db.write(), &d, user.id, crate::db::now()).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "service_day.record",
            &format!("service_day:{id} village:{} {}", d.village_id, d.held_on),
            "ok",
        )
        .await;
        Ok(id)
    }

    pub async fn list_service_days() -> Result<Vec<ServiceDayRow>, AppError> {
        let state = app_state()?;
        require(ALL).await?;
        let since = crate::ui::time::today() - chrono::Duration::days(62);
        Ok(db::service_days(state.db.read(), since).await?)
    }

    /// Service days held in `[from, to]` as (village id, day), for the obligations calendar.
    pub async fn service_days_between(
        state: &crate::state::AppState,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<(i64, chrono::NaiveDate)>, AppError> {
        Ok(db::service_days_between(state.db.read(), from, to).await?)
    }

    pub async fn to_ledger(id: String, kind: String) -> Result<String, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let kind = Kind::parse(&kind).ok_or_else(|| AppError::invalid("kind", Msg::ValChoice))?;
        let mut tx = state.db.begin().await?;
        let r = db::for_item(&mut tx, id.trim())
            .await?
            .filter(|r| user.role != Role::Cadre || r.cadre == user.id)
            .ok_or(AppError::NotFound)?;
        // Who came stays with the matter: the owner calls them back before closing it.
        let detail = format!("{}：{}", r.who, r.matter);
        let item = NewItem {
            kind,
            title: title_of(&r.matter),
            detail,
            household_id: None,
            village_id: None,
            difficulty: None,
            assign: None,
        };
        let from = ItemSource {
            source: Source::Reception,
            source_id: Some(id.trim()),
        };
        let made = ledger::create_in(
            &mut tx,
            r.cadre,
            &ledger::new_id(),
            &item,
            from,
            crate::db::now(),
        )
        .await?;
        let item_id = match made {
            Some(i) => i,
            None => ledger::made_by(&mut tx, Source::Reception, id.trim())
                .await?
                .ok_or(AppError::Internal)?,
        };
        tx.commit().await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "reception.to_ledger",
            &format!("reception:{} item:{item_id}", id.trim()),
            "ok",
        )
        .await;
        Ok(item_id)
    }
}
