//! One entry of the audit trail as the office reads it.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An entry: when (UTC), who (name and role, none for the system or a villager), the action's
/// code, the object it touched and how it ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub user: Option<String>,
    pub role: Option<String>,
    pub action: String,
    pub object: String,
    pub result: String,
}
