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

/// The reception's matter as a ledger item of `kind`, once: a second tap finds the first.
#[server(prefix = "/api", endpoint = "receptions/to_ledger")]
pub async fn reception_to_ledger(id: String, kind: String) -> Result<String, AppError> {
    crate::error::respond(ssr::to_ledger(id, kind)).await
}

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
