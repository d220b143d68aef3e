//! The HTTP layers around every route: same-origin check on writes, body limits, timeouts,
//! compression, security and caching headers, and the health check.
use app::db::Db;
use app::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use http::header::{self, HeaderName, HeaderValue};
use http::{Method, StatusCode};
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::timeout::TimeoutLayer;

/// Form posts and server-function calls are small; only the spreadsheet import is big.
const BODY_LIMIT: usize = 256 * 1024;
const IMPORT_BODY_LIMIT: usize = 9 * 1024 * 1024;
const IMPORT_PATH: &str = "/api/households/import";
/// A batch of up to 200 visits from a phone's outbox.
const SYNC_BODY_LIMIT: usize = 2 * 1024 * 1024;
/// One part of a photo's upload (the phone sends at most `CHUNK_BYTES`).
const PHOTO_BODY_LIMIT: usize = app::photos::model::CHUNK_BYTES + 4 * 1024;
/// A villager's feedback form: 2,000 Chinese characters are 18 KB percent-encoded.
const PUBLIC_BODY_LIMIT: usize = 32 * 1024;

pub fn stack(state: AppState) -> impl FnOnce(Router) -> Router {
    move |router| {
        router
            // A panic anywhere below is a 500 with our error body, not a dropped connection.
            .layer(CatchPanicLayer::custom(panicked))
            .layer(from_fn(server_fn_status))
            .layer(from_fn(multipart_boundary))
            .layer(from_fn(strip_nul))
            .layer(from_fn(body_limit))
            .layer(from_fn_with_state(state, same_origin))
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                Duration::from_secs(30),
            ))
            .layer(from_fn(security_headers))
            // Only dynamic responses are compressed here (assets are precompressed at build):
            // the fastest level keeps a page cheap to serve at a small cost in bytes.
            .layer(
                CompressionLayer::new()
                    .br(true)
                    .gzip(true)
                    .quality(CompressionLevel::Fastest),
            )
    }
}

pub async fn healthz(db: &Db) -> Response {
    if db.ping().await {
        (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], "ok").into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CACHE_CONTROL, "no-store")],
            "database unavailable",
        )
            .into_response()
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// Every request that can change something must come from our own pages (DESIGN.md §5):
/// the Origin header must be ours; without it, Sec-Fetch-Site must say same-origin; without
/// both, the Referer must be ours. Anything else is refused before it reaches a handler.
async fn same_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let text = |name: HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let host = text(header::HOST).unwrap_or("");
    let ours = |origin: &str| match &state.config.public_origin {
        Some(public) => origin == public,
        None => origin
            .split_once("://")
            .is_some_and(|(scheme, rest)| matches!(scheme, "http" | "https") && rest == host),
    };
    let allowed = if let Some(origin) = text(header::ORIGIN) {
        ours(origin)
    } else if let Some(site) = text(HeaderName::from_static("sec-fetch-site")) {
        matches!(site, "same-origin" | "none")
    } else if let Some(referer) = text(header::REFERER) {
        referer
            .match_indices('/')
            .nth(2)
            .map(|(i, _)| &referer[..i])
            .is_some_and(ours)
    } else {
        false
    };
    if allowed {
        next.run(req).await
    } else {
        tracing::warn!(path = %req.uri().path(), "refused a cross-origin request");
        plain(
            StatusCode::FORBIDDEN,
            "跨站请求已被拒绝。Cross-site request refused.",
        )
    }
}

async fn body_limit(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let limit = if path == IMPORT_PATH {
        IMPORT_BODY_LIMIT
    } else if path.starts_with("/api/sync/") {
        SYNC_BODY_LIMIT
    } else if path.starts_with(app::photos::model::PHOTOS_PATH) && path.ends_with("/upload") {
        PHOTO_BODY_LIMIT
    } else if path.starts_with("/c/") {
        PUBLIC_BODY_LIMIT
    } else {
        BODY_LIMIT
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        // A villager gets a page in their language; the app's own calls, a short text.
        let mut res = if path.starts_with("/c/") {
            app::cards::public::too_large(req.headers(), path)
        } else {
            plain(
                StatusCode::PAYLOAD_TOO_LARGE,
                "提交的内容太大。The request is too large.",
            )
        };
        // The unread body makes the connection unusable: tell the client not to reuse it.
        res.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return res;
    }
    // A body without a length is cut off at the limit while it streams.
    let req = req.map(|b| Body::new(http_body_util::Limited::new(b, limit)));
    next.run(req).await
}

fn error_response(error: app::error::AppError) -> Response {
    (
        error.status(),
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_string(&error).unwrap_or_default(),
    )
        .into_response()
}

fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    error_response(app::error::AppError::Internal)
}

/// Text never holds NUL (U+0000): no keyboard types it and PostgreSQL cannot store it. Like
/// the invisible characters `normalize` drops, it is taken out of form and JSON bodies and of
/// the query string before anything reads them, so both backends see the same text. Other
/// bodies (uploads, imports) pass as they are.
async fn strip_nul(req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    if let Some(query) = parts.uri.query().filter(|q| q.contains("%00")) {
        let query = app::normalize::without_form_nul(query.as_bytes());
        let clean = format!("{}?{}", parts.uri.path(), String::from_utf8_lossy(&query));
        if let Ok(uri) = clean.parse() {
            parts.uri = uri;
        }
    }
    let kind = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|ct| {
            ct.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    let json = match kind.as_deref() {
        Some("application/json") => true,
        Some("application/x-www-form-urlencoded") => false,
        _ => return next.run(Request::from_parts(parts, body)).await,
    };
    // The body is already cut at its limit (body_limit, outside this layer).
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(e) if is_too_large(&e) => {
            return plain(
                StatusCode::PAYLOAD_TOO_LARGE,
                "提交的内容太大。The request is too large.",
            )
        }
        Err(_) => {
            return plain(
                StatusCode::BAD_REQUEST,
                "请求没有完整收到。The request did not arrive whole.",
            )
        }
    };
    let clean = if json {
        app::normalize::without_json_nul(&bytes)
    } else {
        app::normalize::without_form_nul(&bytes)
    };
    if clean.len() != bytes.len() {
        parts
            .headers
            .insert(header::CONTENT_LENGTH, HeaderValue::from(clean.len()));
    }
    next.run(Request::from_parts(parts, Body::from(clean)))
        .await
}

/// True when a body was cut off by `body_limit`'s length limit.
fn is_too_large(e: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if s.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = s.source();
    }
    false
}

/// server_fn `expect`s a multipart boundary and panics without one: an upload that does not
/// say how its parts are separated is refused here, as an unreadable file.
async fn multipart_boundary(req: Request, next: Next) -> Response {
    if req.uri().path() == IMPORT_PATH {
        let readable = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| multer::parse_boundary(ct).is_ok());
        if !readable {
            return error_response(app::error::AppError::invalid(
                "file",
                app::i18n::Msg::ImportUnreadable,
            ));
        }
    }
    next.run(req).await
}

/// Server functions answer 500 for every error raised before their body runs (server_fn has
/// no hook for the status). The body is our `AppError`; give the response the status it names,
/// so a request whose arguments did not parse is a 400.
async fn server_fn_status(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !is_api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return plain(StatusCode::INTERNAL_SERVER_ERROR, "");
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = error.status();
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn set_default(headers: &mut http::HeaderMap, name: HeaderName, value: &'static str) {
    if !headers.contains_key(&name) {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

async fn security_headers(mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    // A rendered page leaves its script nonce here (app::ui::csp).
    let slot = app::ui::csp::CspSlot::default();
    req.extensions_mut().insert(slot.clone());
    // …and says whether it was served plain (app::ui::plain).
    let served = app::ui::plain::Slot::default();
    req.extensions_mut().insert(served.clone());
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    for (name, value) in served.headers() {
        if let Ok(value) = HeaderValue::from_str(&value) {
            h.append(HeaderName::from_static(name), value);
        }
    }
    if let Some(policy) = slot
        .nonce()
        .and_then(|n| HeaderValue::from_str(&app::ui::csp::page_policy(&n)).ok())
    {
        if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
            h.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    set_default(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set_default(h, header::X_FRAME_OPTIONS, "DENY");
    set_default(h, header::REFERRER_POLICY, "same-origin");
    set_default(
        h,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(self)",
    );
    // Everything but a rendered page (and the service worker) gets the strictest policy.
    set_default(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    let cache = if path.starts_with("/pkg/snippets/") {
        // wasm-bindgen's snippet files keep their names from build to build.
        "no-cache"
    } else if path.starts_with("/pkg/") {
        // Asset names carry a content hash: a new build gets new names.
        "public, max-age=31536000, immutable"
    } else if path.ends_with(".svg") || path.ends_with(".ico") || path.ends_with(".png") {
        "public, max-age=86400"
    } else {
        // Pages and server functions carry personal data: never store them.
        "no-store"
    };
    set_default(h, header::CACHE_CONTROL, cache);
    res
}
