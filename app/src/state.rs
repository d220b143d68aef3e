//! What every server function reaches through context: one `AppState`, one accessor.
use crate::auth::throttle::Throttle;
use crate::db::Db;
use crate::households::crypto::DataKey;
use leptos::prelude::*;
use std::sync::Arc;
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Settings>,
    pub data_key: Arc<DataKey>,
    pub throttle: Arc<Throttle>,
    /// Anonymous feedback per client address (the card pages' form).
    pub feedback_throttle: Arc<Throttle>,
    /// Caps concurrent password hashes: each takes 19 MiB and a core for ~50 ms.
    pub hashing: Arc<Semaphore>,
    pub leptos_options: LeptosOptions,
}

#[derive(Clone, Debug)]
pub struct Settings {
    /// The configured public origin, if any; otherwise requests are checked against Host.
    pub public_origin: Option<String>,
    /// Cookies get `Secure` when the public origin is https.
    pub secure_cookies: bool,
    /// Feedback forms one address may send per 15 minutes.
    pub feedback_limit: u32,
}

impl AppState {
    pub fn new(db: Db, config: Settings, data_key: DataKey, leptos_options: LeptosOptions) -> Self {
        AppState {
            db,
            config: Arc::new(config),
            data_key: Arc::new(data_key),
            throttle: Arc::new(Throttle::default()),
            feedback_throttle: Arc::new(Throttle::default()),
            hashing: Arc::new(Semaphore::new(2)),
            leptos_options,
        }
    }
}

/// The state for the current request. Every server function is served with it in context.
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    use_context::<AppState>().ok_or_else(|| {
        let path = use_context::<http::request::Parts>().map(|p| p.uri.to_string());
        tracing::error!(?path, "AppState missing from context");
        crate::error::AppError::Internal
    })
}
