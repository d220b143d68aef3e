//! The append-only audit trail: who did what to which object, and how it ended. Values of
//! personal fields never go in here, only the fact. Entries form a hash chain (`db::verify`).
pub mod api;
#[cfg(feature = "ssr")]
mod db;
pub mod model;

#[cfg(feature = "ssr")]
pub use db::Chain;

#[cfg(feature = "ssr")]
use crate::auth::model::CurrentUser;
#[cfg(feature = "ssr")]
use crate::db::Db;

#[cfg(feature = "ssr")]
pub async fn record(db: &Db, who: Option<&CurrentUser>, action: &str, object: &str, result: &str) {
    let (user_id, role) = match who {
        Some(u) => (Some(u.id), Some(u.role.code())),
        None => (None, None),
    };
    if let Err(e) = db::insert(db.write(), user_id, role, action, object, result).await {
        tracing::error!(error = ?e, action, "writing the audit log");
    }
}

/// Walks the whole chain: intact (with its head hash to write down) or the first broken entry.
#[cfg(feature = "ssr")]
pub async fn verify(db: &Db) -> sqlx::Result<Chain> {
    db::verify(db.read()).await
}
