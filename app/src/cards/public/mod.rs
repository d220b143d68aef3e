//! The villager's side (DESIGN.md §3): `/c/{token}` (the card page with the feedback form),
//! `/c/{token}/vcard`, `/c/{token}/qr.svg`, and `/r/{code}` (a receipt's status). Plain
//! server-rendered HTML with its style inline: one request, a few kilobytes, no WASM, and
//! complete without JavaScript (a small inline script only keeps a half-typed form).
mod pages;

use super::cache::Found;
use super::model::*;
use crate::feedback::model::{FeedbackFields, ReceiptCode};
use crate::i18n::{Locale, Msg, LANG_COOKIE};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, RawQuery};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use pages::{card_page, new_key, notice, Banner, FormState, CSS, FORM_JS, SENT_JS};
use std::net::SocketAddr;
use std::sync::LazyLock;

/// The public routes; handlers find the state in an `Extension` the server adds.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/c/{token}", get(card))
        .route("/c/{token}/vcard", get(vcard_file))
        .route("/c/{token}/qr.svg", get(qr))
        .route("/c/{token}/feedback", post(submit))
        .route("/r", get(lookup))
        .route("/r/{code}", get(receipt))
}

/// `?lang=` first (links carry it), then the app's language cookie, else Chinese.
pub(crate) fn locale(query: Option<&str>, headers: &HeaderMap) -> Locale {
    param(query, "lang")
        .and_then(|l| Locale::parse(&l))
        .or_else(|| {
            headers
                .get(header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .filter(|c| c.contains(LANG_COOKIE))
                .map(Locale::from_cookie_header)
        })
        .unwrap_or_default()
}

pub(crate) fn param(query: Option<&str>, name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query?).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

fn sha256_b64(s: &str) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes()))
}

/// Inline style and scripts are allowed by their hashes, nothing else.
static POLICY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "default-src 'none'; style-src 'sha256-{}'; script-src 'sha256-{}' 'sha256-{}'; \
         img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        sha256_b64(CSS),
        sha256_b64(FORM_JS),
        sha256_b64(SENT_JS)
    )
});

fn html(status: StatusCode, body: String) -> Response {
    let mut res = (status, body).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

/// For a revoked or unknown card: not a dead end, the bureau's numbers instead.
fn stopped_page(l: Locale, contacts: &Contacts, path: &str) -> Response {
    let after = pages::contacts_and_lookup(l, contacts);
    html(
        StatusCode::OK,
        notice(
            l,
            Msg::CardLiaisonCard,
            Msg::CardThisCardIsNo,
            Some(Msg::CardYourLiaisonCadreMay),
            path,
            after,
        ),
    )
}

fn server_error(l: Locale, path: &str) -> Response {
    html(
        StatusCode::SERVICE_UNAVAILABLE,
        notice(
            l,
            Msg::CardLiaisonCard,
            Msg::CardSomethingWentWrong,
            Some(Msg::CardPleaseTryAgainIn),
            path,
            (),
        ),
    )
}

async fn find(state: &AppState, token: &str) -> Result<Found, sqlx::Error> {
    let parsed = CardToken::parse(token);
    let key = parsed.as_ref().map(|t| t.as_str()).unwrap_or("");
    if let Some(found) = state.card_cache.get(key) {
        return Ok(found);
    }
    let read_at = state.card_cache.generation();
    let pool = state.db.read();
    let card = match &parsed {
        Some(t) => super::db::by_token(pool, t).await?,
        None => None,
    };
    let contacts = super::db::contacts(pool).await?;
    let found = match card {
        Some(c) if c.active => Found::Active(Box::new(c), contacts),
        _ => Found::Stopped(contacts),
    };
    state.card_cache.put(key, &found, read_at);
    Ok(found)
}

async fn card(
    Extension(state): Extension<AppState>,
    Path(token): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Response {
    let l = locale(q.as_deref(), &headers);
    let path = card_path(&token);
    match find(&state, &token).await {
        Ok(Found::Active(c, contacts)) => html(
            StatusCode::OK,
            card_page(l, &c, &contacts, &FormState::fresh(), None),
        ),
        Ok(Found::Stopped(contacts)) => stopped_page(l, &contacts, &path),
        Err(e) => {
            tracing::error!(error = ?e, "reading a card");
            server_error(l, &path)
        }
    }
}

async fn vcard_file(
    Extension(state): Extension<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let l = locale(None, &headers);
    match find(&state, &token).await {
        Ok(Found::Active(c, contacts)) => {
            let origin = super::api::public_origin(&state, host(&headers));
            let url = CardToken::parse(&c.token)
                .map(|t| t.url(&origin))
                .unwrap_or_default();
            (
                [
                    (header::CONTENT_TYPE, "text/vcard; charset=utf-8"),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"contact.vcf\"",
                    ),
                ],
                vcard(&c, &contacts, &url),
            )
                .into_response()
        }
        Ok(Found::Stopped(contacts)) => stopped_page(l, &contacts, &card_path(&token)),
        Err(e) => {
            tracing::error!(error = ?e, "reading a card");
            server_error(l, &card_path(&token))
        }
    }
}

/// The card page's address as a link may carry it: only the token's own symbols.
fn card_path(token: &str) -> String {
    let t: String = token
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(32)
        .collect();
    format!("/c/{t}")
}

fn host(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::HOST).and_then(|v| v.to_str().ok())
}

/// The QR code of the card's printed URL, as SVG (it prints sharp at any size).
async fn qr(
    Extension(state): Extension<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(t) = CardToken::parse(&token) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match super::db::by_token(state.db.read(), &t).await {
        Ok(Some(c)) if c.active => {}
        Ok(_) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "reading a card");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    let url = t.url(&super::api::public_origin(&state, host(&headers)));
    match qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build();
            ([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response()
        }
        Err(e) => {
            tracing::error!(error = ?e, "encoding a QR code");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn submit(
    Extension(state): Extension<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let pairs: Option<Vec<(String, String)>> = form_type
        .then(|| serde_urlencoded::from_bytes(&body).ok())
        .flatten();
    let cookie_l = locale(None, &headers);
    let path = card_path(&token);
    let Some(pairs) = pairs else {
        return bad_request(cookie_l, &path);
    };
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let l = Locale::parse(&get("lang")).unwrap_or(cookie_l);
    let (card, contacts) = match find(&state, &token).await {
        Ok(Found::Active(c, contacts)) => (c, contacts),
        Ok(Found::Stopped(contacts)) => return stopped_page(l, &contacts, &path),
        Err(e) => {
            tracing::error!(error = ?e, "reading a card");
            return server_error(l, &path);
        }
    };
    let key = get("key");
    let key_ok = (16..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric());
    let mut form = FormState {
        key: if key_ok { key.clone() } else { new_key() },
        fields: FeedbackFields {
            category: get("category"),
            content: get("content"),
            name: get("name"),
            phone: get("phone"),
        },
        errors: Vec::new(),
    };
    let ip = state.config.client_ip(&headers, peer.ip());
    let limits = FeedbackLimits::new(
        &ip,
        card.id,
        &form.fields.content,
        state.config.feedback_limit,
    );
    // A database that cannot count fails open here: storing the feedback fails the same way
    // a moment later, with the page that says so.
    let counted = |r: sqlx::Result<Option<u32>>| {
        r.unwrap_or_else(|e| {
            tracing::error!(error = %e, "feedback limits unreadable");
            None
        })
    };
    if let Some(minutes) = counted(state.feedback_throttle.check(&limits.keys()).await) {
        return throttled(l, &card, &contacts, &form, minutes);
    }
    // A filled hidden field is a robot: it is thanked and nothing is stored.
    if !get("website").trim().is_empty() {
        let _ = state.feedback_throttle.try_take(&limits.keys()).await;
        tracing::info!(ip = %peer.ip(), "feedback honeypot filled");
        return html(
            StatusCode::OK,
            notice(
                l,
                Msg::CardFeedback,
                Msg::CardThankYouForYour,
                None,
                &path,
                (),
            ),
        );
    }
    let checked = match form.fields.check() {
        Ok(b) => b,
        Err(errors) => {
            form.errors = errors;
            return html(
                StatusCode::UNPROCESSABLE_ENTITY,
                card_page(l, &card, &contacts, &form, Some(Banner::Invalid)),
            );
        }
    };
    if !key_ok {
        return bad_request(l, &path);
    }
    if let Some(minutes) = counted(state.feedback_throttle.try_take(&limits.keys()).await) {
        return throttled(l, &card, &contacts, &form, minutes);
    }
    match crate::feedback::api::submit_public(&state, &key, &checked, card.id, card.cadre_id).await
    {
        Ok(code) => {
            Redirect::to(&format!("/r/{}?new=1&lang={}", code.as_str(), l.code())).into_response()
        }
        Err(e) => {
            tracing::error!(error = ?e, "storing public feedback");
            server_error(l, &path)
        }
    }
}

/// The villagers' feedback limits, per 15 minutes: forms from one address (a flood guard set
/// by `SHUGEN_FEEDBACK_LIMIT`, far above a service day's forty villagers on one Wi-Fi), and
/// the same words on the same card from that address ([`SAME_TEXT_LIMIT`]): many people
/// share an address, but not what they write.
struct FeedbackLimits {
    address: String,
    same_text: String,
    limit: u32,
}

/// How often the same text may come from one address to one card in 15 minutes: a resend
/// after a lost answer reuses its form key and is no new item, so more is a stuck robot.
const SAME_TEXT_LIMIT: u32 = 3;

impl FeedbackLimits {
    /// `card` by its id: however its token's letters are cased in the URL, it is one card.
    fn new(ip: &str, card: i64, content: &str, limit: u32) -> Self {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        crate::normalize::name_key(content).hash(&mut h);
        FeedbackLimits {
            address: format!("feedback:{ip}"),
            same_text: format!("feedback:{ip}:{card}:{:x}", h.finish()),
            limit,
        }
    }

    fn keys(&self) -> [(&str, u32); 2] {
        [
            (self.address.as_str(), self.limit),
            (self.same_text.as_str(), SAME_TEXT_LIMIT),
        ]
    }
}

/// A post over the size limit, refused before it is read (by the server's body-limit layer).
pub fn too_large(headers: &HeaderMap, path: &str) -> Response {
    let l = locale(None, headers);
    let token = path
        .trim_start_matches("/c/")
        .split('/')
        .next()
        .unwrap_or("");
    html(
        StatusCode::PAYLOAD_TOO_LARGE,
        notice(
            l,
            Msg::CardFeedback,
            Msg::CardThatIsTooLong,
            Some(Msg::CardPleaseGoBackShorten),
            &card_path(token),
            (),
        ),
    )
}

/// Over the per-address limit: the card again, what was typed still in the form, and the
/// cadre's number for what cannot wait.
fn throttled(
    l: Locale,
    card: &CardView,
    contacts: &Contacts,
    form: &FormState,
    minutes: u32,
) -> Response {
    html(
        StatusCode::TOO_MANY_REQUESTS,
        card_page(l, card, contacts, form, Some(Banner::Throttled { minutes })),
    )
}

fn bad_request(l: Locale, path: &str) -> Response {
    html(
        StatusCode::BAD_REQUEST,
        notice(
            l,
            Msg::CardFeedback,
            Msg::CardTheFormCouldNot,
            Some(Msg::CardPleaseGoBackFill),
            path,
            (),
        ),
    )
}

/// The lookup form's target: `/r?code=…` goes to the code's own page.
async fn lookup(RawQuery(q): RawQuery, headers: HeaderMap) -> Response {
    let l = locale(q.as_deref(), &headers);
    let raw = param(q.as_deref(), "code").unwrap_or_default();
    match ReceiptCode::parse(&raw) {
        Some(code) => {
            Redirect::to(&format!("/r/{}?lang={}", code.as_str(), l.code())).into_response()
        }
        None => not_found_receipt(l),
    }
}

fn not_found_receipt(l: Locale) -> Response {
    html(
        StatusCode::NOT_FOUND,
        notice(
            l,
            Msg::CardCheckProgress,
            Msg::CardNoFeedbackHasThis,
            Some(Msg::CardPleaseCheckTheCode),
            "/r",
            pages::lookup_form(l),
        ),
    )
}

async fn receipt(
    Extension(state): Extension<AppState>,
    Path(code): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Response {
    let l = locale(q.as_deref(), &headers);
    let Some(code) = ReceiptCode::parse(&code) else {
        return not_found_receipt(l);
    };
    let status = match crate::feedback::api::public_status(&state, &code).await {
        Ok(Some(s)) => s,
        Ok(None) => return not_found_receipt(l),
        Err(e) => {
            tracing::error!(error = ?e, "reading a receipt");
            return server_error(l, "/r");
        }
    };
    let reply_days = match super::db::contacts(state.db.read()).await {
        Ok(c) => c.reply_days(),
        Err(e) => {
            tracing::error!(error = ?e, "reading the contacts");
            return server_error(l, "/r");
        }
    };
    let new = param(q.as_deref(), "new").is_some();
    let path = format!("/r/{}", code.as_str());
    html(
        StatusCode::OK,
        pages::receipt_page(l, &status, reply_days, new, &path),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_comes_from_the_query_then_the_cookie() {
        let mut h = HeaderMap::new();
        assert_eq!(locale(None, &h), Locale::Zh);
        h.insert(header::COOKIE, HeaderValue::from_static("lang=en"));
        assert_eq!(locale(None, &h), Locale::En);
        assert_eq!(locale(Some("lang=zh&x=1"), &h), Locale::Zh);
        assert_eq!(locale(Some("%%%"), &HeaderMap::new()), Locale::Zh);
    }
}
