//! Reading the audit trail (the office only). Entries are never changed or deleted here.
pub use super::model::AuditEntry;
use crate::error::AppError;
use leptos::prelude::*;

/// The latest `limit` entries (at most 500), newest first.
#[server(prefix = "/api", endpoint = "audit/recent")]
pub async fn recent_audit(limit: u32) -> Result<Vec<AuditEntry>, AppError> {
    crate::error::respond(async move {
        let state = crate::state::app_state()?;
        crate::auth::session::require(&[crate::model::Role::Admin]).await?;
        Ok(super::db::recent(state.db.read(), i64::from(limit.min(500))).await?)
    })
    .await
}
