//! The office's list of household facts two devices disagree on, settled by choosing one.
use super::model::FieldClash;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "households/clashes")]
pub async fn list_clashes() -> Result<Vec<FieldClash>, AppError> {
    crate::error::respond(ssr::list()).await
}

#[server(prefix = "/api", endpoint = "households/clashes/count")]
pub async fn count_clashes() -> Result<i64, AppError> {
    crate::error::respond(ssr::count()).await
}

/// Settles a clash: `choice` is `kept` or `other`.
#[server(prefix = "/api", endpoint = "households/clashes/resolve")]
pub async fn resolve_clash(id: i64, choice: String) -> Result<(), AppError> {
    crate::error::respond(ssr::resolve(id, choice)).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::db::{self, Stamp};
    use super::super::model::FieldClash;
    use crate::auth::session::require;
    use crate::error::AppError;
    use crate::i18n::Msg;
    use crate::model::Role;
    use crate::state::app_state;

    pub async fn list() -> Result<Vec<FieldClash>, AppError> {
        let state = app_state()?;
        require(&[Role::Admin]).await?;
        Ok(db::open_clashes(state.db.read()).await?)
    }

    pub async fn count() -> Result<i64, AppError> {
        let state = app_state()?;
        require(&[Role::Admin]).await?;
        Ok(db::open_clash_count(state.db.read()).await?)
    }

    pub async fn resolve(id: i64, choice: String) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin]).await?;
        let now = crate::db::now();
        let mut tx = state.db.begin().await?;
        let clash = db::open_clash(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let chosen = match choice.as_str() {
            "kept" => clash.kept.value,
            "other" => clash.other.value,
            _ => return Err(AppError::invalid("choice", Msg::ValChoice)),
        };
        // The office's choice is stamped "now": a phone's older observation cannot undo it.
        let stamp = Stamp {
            device_time: now,
            device: "office".into(),
            cadre_id: Some(user.id),
        };
        db::set_field(
            &mut tx,
            clash.household_id,
            clash.field,
            &chosen,
            &stamp,
            now,
        )
        .await?;
        db::close_clash(&mut tx, id, user.id, &chosen, now).await?;
        tx.commit().await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "household.clash.resolve",
            &format!(
                "household:{} field:{}",
                clash.household_id,
                clash.field.code()
            ),
            "ok",
        )
        .await;
        Ok(())
    }
}
