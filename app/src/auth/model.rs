use crate::model::Role;
use serde::{Deserialize, Serialize};

/// The signed-in user as the app sees them: no hash, no session id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub role: Role,
    /// The account's phone (its login): signing in again after a session ends is offered
    /// for this account only.
    #[serde(default)]
    pub phone: String,
}

impl CurrentUser {
    pub fn is(&self, roles: &[Role]) -> bool {
        roles.contains(&self.role)
    }
}

/// Session lifetimes differ by role (DESIGN.md §5): a cadre's phone must still sync after
/// weeks in the field; office and leader sessions are short.
pub fn session_policy(role: Role) -> SessionPolicy {
    match role {
        Role::Cadre => SessionPolicy {
            idle_hours: 30 * 24,
            absolute_hours: 90 * 24,
        },
        Role::Admin | Role::Leader => SessionPolicy {
            idle_hours: 2,
            absolute_hours: 12,
        },
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    pub idle_hours: i64,
    pub absolute_hours: i64,
}
