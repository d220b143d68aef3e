//! Sign in, sign out, who am I.
use super::model::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;

/// Signs in and goes to the home page; with `again` (the user id whose session ended) it
/// signs that account in where the user is, and refuses any other, so records waiting on the
/// phone are only ever sent by the account that wrote them.
#[server(prefix = "/api", endpoint = "auth/login")]
pub async fn login(
    phone: String,
    password: String,
    #[server(default)] again: Option<i64>,
) -> Result<(), AppError> {
    crate::error::respond(ssr::login(phone, password, again)).await
}

#[server(prefix = "/api", endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    crate::error::respond(async {
        let state = crate::state::app_state()?;
        let user = super::session::current_user().await?;
        super::session::end().await?;
        crate::audit::record(&state.db, user.as_ref(), "logout", "", "ok").await;
        leptos_axum::redirect("/login");
        Ok(())
    })
    .await
}

/// Ends the caller's sessions on every other device; how many ended.
#[server(prefix = "/api", endpoint = "auth/logout_others")]
pub async fn logout_others() -> Result<u64, AppError> {
    crate::error::respond(async {
        let state = crate::state::app_state()?;
        let (user, ended) = super::session::end_others().await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "logout_others",
            "",
            &format!("ok {ended}"),
        )
        .await;
        Ok(ended)
    })
    .await
}

#[server(prefix = "/api", endpoint = "auth/me")]
pub async fn me() -> Result<Option<CurrentUser>, AppError> {
    crate::error::respond(super::session::current_user()).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::{db, password, session, throttle};
    use crate::error::{internal, AppError};
    use crate::model::Phone;
    use crate::state::app_state;
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;

    #[tracing::instrument(skip_all)]
    pub async fn login(
        phone: String,
        password: String,
        again: Option<i64>,
    ) -> Result<(), AppError> {
        let state = app_state()?;
        let phone = Phone::parse(&phone).map_err(|m| AppError::invalid("phone", m))?;
        if password.is_empty() {
            return Err(AppError::invalid("password", crate::i18n::Msg::ValRequired));
        }
        let headers = leptos::prelude::use_context::<http::request::Parts>()
            .map(|p| p.headers)
            .unwrap_or_default();
        let ip = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
            .await
            .map(|ConnectInfo(addr)| state.config.client_ip(&headers, addr.ip()))
            .unwrap_or_default();
        let account_key = format!("phone:{phone}");
        let ip_key = format!("ip:{ip}");
        // The address's limit holds back only accounts that have failed themselves: thirty
        // cadres behind one training-room address never lock each other out, and a correct
        // password on a clean account gets in. Only an address far past what any room of
        // people produces (a spray over every account) holds back everyone.
        let ip_limit = if state.throttle.failures(&account_key).await? > 0 {
            throttle::IP_LIMIT
        } else {
            throttle::IP_CEILING
        };
        let wait = state
            .throttle
            .check(&[(&account_key, throttle::ACCOUNT_LIMIT), (&ip_key, ip_limit)])
            .await?;
        if let Some(minutes) = wait {
            crate::audit::record(&state.db, None, "login", &account_key, "throttled").await;
            return Err(AppError::Throttled { minutes });
        }
        let creds = db::credentials_by_phone(state.db.read(), phone.as_str()).await?;
        let stored = creds
            .as_ref()
            .map(|c| c.hash.clone())
            .unwrap_or_else(password::dummy);
        let ok = password::off_thread(&state.hashing, move || password::verify(&password, &stored))
            .await
            .map_err(internal("verifying a password"))?;
        match creds {
            Some(c) if ok && c.active && again.is_some_and(|id| id != c.user.id) => {
                // The right password of another account: no session for it here.
                state.throttle.succeed(&account_key).await?;
                Err(AppError::invalid(
                    "phone",
                    crate::i18n::Msg::ValSignInSameAccount,
                ))
            }
            Some(c) if ok && c.active => {
                state.throttle.succeed(&account_key).await?;
                session::start(&state, &c.user).await?;
                crate::audit::record(&state.db, Some(&c.user), "login", "", "ok").await;
                if again.is_none() {
                    leptos_axum::redirect("/");
                }
                Ok(())
            }
            _ => {
                state.throttle.fail(&[&account_key, &ip_key]).await?;
                crate::audit::record(&state.db, None, "login", &account_key, "failed").await;
                Err(AppError::BadCredentials)
            }
        }
    }
}
