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
    /// What the public card pages show, briefly (cards::cache).
    pub card_cache: Arc<crate::cards::cache::CardCache>,
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
    /// Behind a reverse proxy every peer is the proxy: this header (set by the proxy, e.g.
    /// `X-Real-IP`) then names the client, for the per-address limits.
    pub client_ip_header: Option<http::HeaderName>,
}

impl Settings {
    /// The client's address for throttling: the proxy's header when one is configured and
    /// present, else the connection's peer.
    pub fn client_ip(&self, headers: &http::HeaderMap, peer: std::net::IpAddr) -> String {
        self.client_ip_header
            .as_ref()
            .and_then(|h| headers.get(h))
            .and_then(|v| v.to_str().ok())
            // A list grows to the right, each proxy appending what it saw: the last entry is
            // the one our proxy wrote, the first is whatever the client claimed.
            .map(|v| v.rsplit(',').next().unwrap_or(v).trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| peer.to_string())
    }
}

impl AppState {
    pub fn new(db: Db, config: Settings, data_key: DataKey, leptos_options: LeptosOptions) -> Self {
        AppState {
            db: db.clone(),
            config: Arc::new(config),
            data_key: Arc::new(data_key),
            throttle: Arc::new(Throttle::new(db.clone(), "login")),
            feedback_throttle: Arc::new(Throttle::new(db.clone(), "feedback")),
            card_cache: Arc::default(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_is_the_peer_unless_a_proxy_header_is_configured() {
        let peer: std::net::IpAddr = [127, 0, 0, 1].into();
        let mut s = Settings {
            public_origin: None,
            secure_cookies: false,
            feedback_limit: 20,
            client_ip_header: None,
        };
        let mut h = http::HeaderMap::new();
        h.insert("x-real-ip", "10.1.2.3".parse().unwrap());
        assert_eq!(
            s.client_ip(&h, peer),
            "127.0.0.1",
            "an unconfigured header is not trusted"
        );
        s.client_ip_header = Some(http::HeaderName::from_static("x-real-ip"));
        assert_eq!(s.client_ip(&h, peer), "10.1.2.3");
        h.insert("x-real-ip", "10.9.9.9, 10.1.2.3".parse().unwrap());
        assert_eq!(
            s.client_ip(&h, peer),
            "10.1.2.3",
            "not the client's own claim"
        );
        assert_eq!(s.client_ip(&http::HeaderMap::new(), peer), "127.0.0.1");
    }
}
