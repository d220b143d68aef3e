//! Who is signed in, as every page sees it: the `Auth` context the app provides at its root
//! and pages read through `use_auth`. Lives with auth, below the pages, so no page imports
//! the app that imports it.
use super::api::{Login, Logout};
use super::model::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;

/// Who is signed in, and the actions that change it. Pages read it through `use_auth`.
#[derive(Clone, Copy)]
pub struct Auth {
    pub me: Resource<Result<Option<CurrentUser>, AppError>>,
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

impl Auth {
    /// The signed-in user once `me` has loaded (inside a `Suspense`).
    pub fn user(&self) -> Option<CurrentUser> {
        self.me.get().and_then(|r| r.ok()).flatten()
    }
}
