//! Shugen (树根): the village-liaison app. One folder per capability (see DESIGN.md §1).
#![recursion_limit = "256"]

pub mod app;
#[cfg(feature = "ssr")]
pub mod audit;
pub mod auth;
pub mod error;
pub mod households;
pub mod i18n;
pub mod model;
pub mod offline;
pub mod ui;
pub mod users;
pub mod villages;
pub mod visits;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod state;

pub use app::{shell, App};

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
