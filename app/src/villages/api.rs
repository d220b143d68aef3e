use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "villages/list")]
pub async fn list_villages() -> Result<Vec<VillageView>, AppError> {
    crate::error::respond(async {
        use crate::model::Role;
        let state = crate::state::app_state()?;
        crate::auth::session::require(&[Role::Admin, Role::Leader, Role::Cadre]).await?;
        Ok(super::db::list(state.db.read()).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "villages/add")]
pub async fn add_village(name: String, town: String) -> Result<i64, AppError> {
    crate::error::respond(ssr::add_village(name, town)).await
}

#[server(prefix = "/api", endpoint = "villages/add_group")]
pub async fn add_group(village: i64, name: String) -> Result<i64, AppError> {
    crate::error::respond(ssr::add_group(village, name)).await
}

/// Marks a village 整顿中 (its organisation under rectification): the office or a leader. Only
/// a leader clears the mark (整顿完成): the office clearing it would free the team it protects.
#[server(prefix = "/api", endpoint = "villages/rectifying")]
pub async fn set_rectifying(village: i64, on: bool) -> Result<(), AppError> {
    crate::error::respond(ssr::set_rectifying(village, on)).await
}

#[cfg(feature = "ssr")]
pub use ssr::{all, exists, is_rectifying};

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::db;
    use crate::auth::session::require;
    use crate::db::is_unique_violation;
    use crate::error::AppError;
    use crate::i18n::Msg;
    use crate::model::{optional, required, Role};
    use crate::state::app_state;

    /// A duplicate name is the user's to fix, on the name field.
    fn name_taken(msg: Msg) -> impl FnOnce(sqlx::Error) -> AppError {
        move |e| {
            if is_unique_violation(&e) {
                AppError::invalid("name", msg)
            } else {
                e.into()
            }
        }
    }

    pub async fn add_village(name: String, town: String) -> Result<i64, AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin]).await?;
        let mut errs = Vec::new();
        let name = required(&name, 50)
            .map_err(|m| errs.push(crate::error::FieldError::new("name", m)))
            .unwrap_or_default();
        let town = optional(&town, 50)
            .map_err(|m| errs.push(crate::error::FieldError::new("town", m)))
            .unwrap_or_default()
            .unwrap_or_default();
        if !errs.is_empty() {
            return Err(AppError::Invalid(errs));
        }
        let id = db::insert_village(state.db.write(), &name, &town, crate::db::now())
            .await
            .map_err(name_taken(Msg::ValVillageExists))?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "village.add",
            &format!("village:{id}"),
            "ok",
        )
        .await;
        Ok(id)
    }

    pub async fn add_group(village: i64, name: String) -> Result<i64, AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin]).await?;
        let name = required(&name, 50).map_err(|m| AppError::invalid("name", m))?;
        if !db::village_exists(state.db.read(), village).await? {
            return Err(AppError::NotFound);
        }
        let id = db::insert_group(state.db.write(), village, &name, crate::db::now())
            .await
            .map_err(name_taken(Msg::ValGroupExists))?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "group.add",
            &format!("group:{id}"),
            "ok",
        )
        .await;
        Ok(id)
    }

    /// Whether the village exists, for other capabilities' checks.
    pub async fn exists(state: &crate::state::AppState, id: i64) -> Result<bool, AppError> {
        Ok(db::village_exists(state.db.read(), id).await?)
    }

    /// Every village with its groups, for other capabilities (no role check: the caller's).
    pub async fn all(
        state: &crate::state::AppState,
    ) -> Result<Vec<super::super::model::VillageView>, AppError> {
        Ok(db::list(state.db.read()).await?)
    }

    pub async fn is_rectifying(state: &crate::state::AppState, id: i64) -> Result<bool, AppError> {
        Ok(db::is_rectifying(state.db.read(), id).await?)
    }

    pub async fn set_rectifying(village: i64, on: bool) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin, Role::Leader]).await?;
        if !on && user.role != Role::Leader {
            return Err(AppError::invalid("on", Msg::VillageRectifiedByLeader));
        }
        if !db::set_rectifying(state.db.write(), village, on).await? {
            return Err(AppError::NotFound);
        }
        crate::audit::record(
            &state.db,
            Some(&user),
            if on {
                "village.rectifying"
            } else {
                "village.rectified"
            },
            &format!("village:{village}"),
            "ok",
        )
        .await;
        Ok(())
    }
}
