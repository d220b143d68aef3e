//! Shugen (树根): the village-liaison app. One folder per capability (see DESIGN.md §1).
#![recursion_limit = "256"]

pub mod app;
pub mod audit;
pub mod auth;
pub mod cards;
pub mod economy;
pub mod environment;
pub mod error;
pub mod feedback;
pub mod households;
pub mod i18n;
mod layering;
pub mod ledger;
pub mod meetings;
pub mod model;
pub mod normalize;
pub mod obligations;
pub mod offline;
pub mod organisation;
pub mod pairing;
pub mod photos;
pub mod receptions;
pub mod records;
pub mod results;
pub mod safety;
pub mod servicepack;
pub mod summary;
pub mod teams;
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
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else {
            return;
        };
        crate::i18n::load_initial().await;
        // What the reader typed into the server's HTML so far, and from now on until it is
        // given back: hydrating resets the fields (`ui/typed.rs`).
        crate::ui::typed::keep();
        let _ = body.set_attribute("data-hydrating", "true");
        // Asynchronous hydration waits for a lazily loaded page's WASM chunk first.
        leptos::mount::hydrate_from_async(body.clone(), App)
            .await
            .forget();
        crate::ui::typed::hydrated().await;
        // Only now is every part of the page interactive: styles and the end-to-end tests
        // wait for this mark.
        let _ = body.remove_attribute("data-hydrating");
        let _ = body.set_attribute("data-hydrated", "true");
        crate::ui::layout::mark_hydrated();
    });
}
