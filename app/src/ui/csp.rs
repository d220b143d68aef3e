//! A per-response nonce for the hydration scripts, and the CSP header that allows only them.
use leptos::nonce::{provide_nonce, use_nonce};
use leptos::prelude::*;

pub fn provide_nonce_and_header() {
    provide_nonce();
    let Some(nonce) = use_nonce() else { return };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let (Some(opts), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&policy),
    ) {
        opts.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}
