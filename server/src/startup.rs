//! Builds the application: database, state, router and layers; binds and serves.
use crate::config::Config;
use crate::layers;
use anyhow::Context;
use app::db::Db;
use app::state::{AppState, Settings};
use app::{shell, App};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;

pub fn leptos_options(config: &Config) -> anyhow::Result<LeptosOptions> {
    let mut options = get_configuration(None)
        .context("reading LEPTOS_* settings")?
        .leptos_options;
    // The build always hashes asset names (Cargo.toml), whoever starts the binary.
    options.output_name = "shugen".into();
    options.hash_files = true;
    options.site_addr = config
        .site_addr
        .parse()
        .with_context(|| format!("LEPTOS_SITE_ADDR {} is not host:port", config.site_addr))?;
    Ok(options)
}

pub async fn serve(config: Config) -> anyhow::Result<()> {
    let options = leptos_options(&config)?;
    let db = Db::connect(&config.database_url).await?;
    match app::photos::api::purge_abandoned(&db).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(photos = n, "forgot uploads no record named"),
        Err(e) => tracing::warn!(error = %e, "could not forget abandoned uploads"),
    }
    let data_key = config.load_data_key()?;
    let listener = tokio::net::TcpListener::bind(options.site_addr)
        .await
        .with_context(|| format!("binding {}", options.site_addr))?;
    let local = listener.local_addr()?;
    let settings = Settings {
        secure_cookies: config
            .public_origin
            .as_deref()
            .is_some_and(|o| o.starts_with("https://")),
        public_origin: config.public_origin.clone(),
        feedback_limit: config.feedback_limit,
        client_ip_header: config.client_ip_header.clone(),
    };
    let state = AppState::new(db, settings, data_key, options.clone());
    tokio::spawn(app::cards::api::follow_changes(state.clone()));
    let router = router(state);
    // Tests and scripts read this line to learn the port when LEPTOS_SITE_ADDR ends in :0.
    println!("shugen listening on http://{local}");
    tracing::info!(%local, "listening");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("serving")
}

pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let routes = generate_route_list(App);
    let context_state = state.clone();
    let fallback_state = state.clone();
    let health_state = state.clone();
    // Made once; leaked because it lives as long as the process and is served as is.
    let worker: &'static str = match crate::sw::script(std::path::Path::new(&*options.site_root)) {
        Ok(s) => Box::leak(s.into_boxed_str()),
        Err(e) => {
            tracing::warn!(error = %e, "no service worker: the site root could not be read");
            ""
        }
    };
    let router = Router::new()
        .route(
            "/sw.js",
            get(move || async move { crate::sw::response(worker) }),
        )
        .route(
            "/healthz",
            get(move || {
                let db = health_state.db.clone();
                async move { layers::healthz(&db).await }
            }),
        )
        // The villager's pages: plain HTML, no Leptos shell, no WASM (DESIGN.md §3).
        .merge(app::cards::public::routes())
        .merge(app::summary::export::routes())
        .merge(app::photos::api::routes())
        .leptos_routes_with_context(
            &options,
            routes,
            move || provide_context(context_state.clone()),
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler_with_context(
            move || provide_context(fallback_state.clone()),
            shell,
        ))
        .with_state(options)
        .layer(axum::Extension(state.clone()));
    layers::stack(state)(router)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
