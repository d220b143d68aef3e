//! The page's script nonce and the CSP that allows only it. The security layer of the server
//! writes the header: it puts a `CspSlot` into each request, and the page puts its nonce there.
//! (Setting the header through `ResponseOptions` from the shell lost it on some lazily routed
//! pages under load; a slot read after rendering cannot be lost.)
use leptos::nonce::use_nonce;
use leptos::prelude::*;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct CspSlot(pub Arc<Mutex<Option<String>>>);

impl CspSlot {
    fn set(&self, nonce: String) {
        if let Ok(mut n) = self.0.lock() {
            *n = Some(nonce);
        }
    }

    pub fn nonce(&self) -> Option<String> {
        self.0.lock().ok().and_then(|n| n.clone())
    }
}

/// Called by the shell: hands the nonce leptos_axum made for this request to the layer.
pub fn hand_nonce_to_layer() {
    let Some(nonce) = use_nonce() else { return };
    let Some(slot) =
        use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<CspSlot>().cloned())
    else {
        return;
    };
    slot.set(nonce.to_string());
}

/// The policy of a rendered page: its own scripts and the one inline script with the nonce.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}
