//! Session cookies: a random id in an HttpOnly cookie, its SHA-256 in the database.
use super::db;
use super::model::{session_policy, CurrentUser};
use crate::error::AppError;
use crate::state::{app_state, AppState};
use base64::Engine;
use chrono::Duration;
use http::header::{COOKIE, SET_COOKIE};
use http::HeaderValue;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const COOKIE_NAME: &str = "shugen_session";

pub fn hash_id(id: &str) -> String {
    let digest = Sha256::digest(id.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
}

fn new_id() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The session id from the request's cookies, if any.
pub fn cookie_value(headers: &http::HeaderMap) -> Option<String> {
    named_cookie(headers, COOKIE_NAME)
}

/// The value of the request's cookie `name`, if any (the first, when sent twice).
pub fn named_cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn set_cookie(state: &AppState, opts: Option<ResponseOptions>, value: &str, max_age_secs: i64) {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{COOKIE_NAME}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    );
    if let (Some(opts), Ok(v)) = (opts, HeaderValue::from_str(&cookie)) {
        opts.append_header(SET_COOKIE, v);
    }
}

/// Starts a fresh session (a new id on every login) and sets its cookie.
pub async fn start(state: &AppState, user: &CurrentUser) -> Result<(), AppError> {
    let response = use_context::<ResponseOptions>();
    let id = new_id();
    let policy = session_policy(user.role);
    let now = crate::db::now();
    let expires = now + Duration::hours(policy.absolute_hours);
    db::create_session(state.db.write(), &hash_id(&id), user.id, now, expires).await?;
    set_cookie(state, response, &id, policy.absolute_hours * 3600);
    Ok(())
}

/// The hash (as stored) of this request's session id, when it carries one.
pub fn current_session_hash() -> Option<String> {
    session_id().map(|id| hash_id(&id))
}

fn session_id() -> Option<String> {
    use_context::<http::request::Parts>().and_then(|p| cookie_value(&p.headers))
}

/// The signed-in user, or `None`. Expired or idle sessions are deleted on sight.
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    // Contexts are read before the first await: a render may drop its owner mid-flight.
    let state = app_state()?;
    match session_id() {
        Some(id) => user_of_session(&state, &id).await,
        None => Ok(None),
    }
}

/// The user behind a session cookie's value, for plain axum routes (exports) as well as
/// server functions.
pub async fn user_of_session(state: &AppState, id: &str) -> Result<Option<CurrentUser>, AppError> {
    let id_hash = hash_id(id);
    let Some(row) = db::session_user(state.db.read(), &id_hash).await? else {
        return Ok(None);
    };
    let policy = session_policy(row.user.role);
    let now = crate::db::now();
    let idle_limit = row.last_seen_at + Duration::hours(policy.idle_hours);
    if now >= row.expires_at || now >= idle_limit {
        db::delete_session(state.db.write(), &id_hash).await?;
        return Ok(None);
    }
    // Writing on every request would serialise all reads behind the writer; a minute's
    // precision is plenty for an idle timeout counted in hours.
    if now - row.last_seen_at > Duration::minutes(1) {
        db::touch_session(state.db.write(), &id_hash, now).await?;
    }
    Ok(Some(row.user))
}

/// "Log out my other sessions": every session of the caller but this one ends now (a lost
/// phone, a shared office PC). Returns how many ended.
pub async fn end_others() -> Result<(CurrentUser, u64), AppError> {
    let state = app_state()?;
    let id = session_id().ok_or(AppError::Unauthenticated)?;
    let user = user_of_session(&state, &id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let ended = db::delete_other_sessions(state.db.write(), user.id, &hash_id(&id)).await?;
    Ok((user, ended))
}

pub async fn end() -> Result<(), AppError> {
    let state = app_state()?;
    let response = use_context::<ResponseOptions>();
    if let Some(id) = session_id() {
        db::delete_session(state.db.write(), &hash_id(&id)).await?;
    }
    set_cookie(&state, response, "", 0);
    Ok(())
}

/// The signed-in user types their password again before something sensitive (unmasking an ID
/// number). A wrong one counts against the same lockout as signing in, so a session left open
/// on a shared computer cannot be used to guess the password.
pub async fn confirm_password(user: &CurrentUser, password: String) -> Result<(), AppError> {
    use crate::i18n::Msg;
    let state = app_state()?;
    if password.is_empty() {
        return Err(AppError::invalid("password", Msg::ValRequired));
    }
    let (phone, stored) = db::password_of(state.db.read(), user.id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let key = format!("phone:{phone}");
    if let Some(minutes) = state
        .throttle
        .check(&[(&key, super::throttle::ACCOUNT_LIMIT)])
        .await?
    {
        return Err(AppError::Throttled { minutes });
    }
    let ok = super::password::off_thread(&state.hashing, move || {
        super::password::verify(&password, &stored)
    })
    .await
    .map_err(crate::error::internal("verifying a password"))?;
    if ok {
        state.throttle.succeed(&key).await?;
        Ok(())
    } else {
        state.throttle.fail(&[&key]).await?;
        Err(AppError::invalid("password", Msg::ValWrongPassword))
    }
}

/// The caller, who must hold one of `roles`: 401 when signed out, 403 otherwise.
pub async fn require(roles: &[crate::model::Role]) -> Result<CurrentUser, AppError> {
    let user = current_user().await?.ok_or(AppError::Unauthenticated)?;
    if user.is(roles) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}
