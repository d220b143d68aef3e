//! Account management: office only.
// The account forms post flat fields (existing clients and plain HTML forms), one argument
// each; server_fn's generated constructors take them all.
#![allow(clippy::too_many_arguments)]
use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "users/list")]
pub async fn list_users() -> Result<Vec<UserView>, AppError> {
    crate::error::respond(async {
        let state = ssr::office().await?;
        Ok(super::db::list(state.db.read()).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "users/get")]
pub async fn get_user(id: i64) -> Result<UserView, AppError> {
    crate::error::respond(async move {
        let state = ssr::office().await?;
        super::db::get(state.db.read(), id)
            .await?
            .ok_or(AppError::NotFound)
    })
    .await
}

/// A new account. `post` is a [`Post`] code (left out: guessed from role and title);
/// `duties` the 岗位职责 printed on the card.
#[server(prefix = "/api", endpoint = "users/create")]
pub async fn create_user(
    phone: String,
    name: String,
    title: String,
    unit: String,
    role: String,
    password: String,
    post: Option<String>,
    duties: Option<String>,
) -> Result<i64, AppError> {
    let form = ProfileForm {
        phone,
        name,
        title,
        unit,
        role,
        post: post.unwrap_or_default(),
        duties: duties.unwrap_or_default(),
    };
    crate::error::respond(ssr::create(form, password)).await
}

#[server(prefix = "/api", endpoint = "users/update")]
pub async fn update_user(
    id: i64,
    phone: String,
    name: String,
    title: String,
    unit: String,
    role: String,
    post: Option<String>,
    duties: Option<String>,
) -> Result<(), AppError> {
    let form = ProfileForm {
        phone,
        name,
        title,
        unit,
        role,
        post: post.clone().unwrap_or_default(),
        duties: duties.clone().unwrap_or_default(),
    };
    crate::error::respond(ssr::update(id, form, post.is_none(), duties.is_none())).await
}

#[server(prefix = "/api", endpoint = "users/set_active")]
pub async fn set_user_active(id: i64, active: bool) -> Result<(), AppError> {
    crate::error::respond(ssr::set_active(id, active)).await
}

#[server(prefix = "/api", endpoint = "users/reset_password")]
pub async fn reset_password(id: i64, password: String) -> Result<(), AppError> {
    crate::error::respond(ssr::reset_password(id, password)).await
}

/// Changes the caller's own password: the current one first (a wrong one counts toward the
/// lockout, as a sign-in does), the new one twice. Every other session of the account ends;
/// this one stays. How many ended.
#[server(prefix = "/api", endpoint = "users/change_password")]
pub async fn change_password(current: String, new: String, again: String) -> Result<u64, AppError> {
    crate::error::respond(ssr::change_password(current, new, again)).await
}

/// A departing cadre's households, open ledger items, pairings and cards to a successor, in
/// one transaction; every item's log and every ended pairing keep the history.
#[server(prefix = "/api", endpoint = "users/handover")]
pub async fn hand_over(from: i64, to: String) -> Result<Handover, AppError> {
    crate::error::respond(ssr::hand_over(from, to)).await
}

#[cfg(feature = "ssr")]
pub use ssr::{all, create_account, find};

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::db;
    use super::super::model::*;
    use crate::auth::model::CurrentUser;
    use crate::auth::password;
    use crate::auth::session::require;
    use crate::db::is_unique_violation;
    use crate::error::{internal, AppError};
    use crate::i18n::Msg;
    use crate::model::{NewPassword, Role};
    use crate::state::{app_state, AppState};

    pub async fn office() -> Result<AppState, AppError> {
        let state = app_state()?;
        require(&[Role::Admin]).await?;
        Ok(state)
    }

    async fn office_user() -> Result<(AppState, CurrentUser), AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin]).await?;
        Ok((state, user))
    }

    /// Every account, for other capabilities' rosters and grids (no role check: the
    /// caller's).
    pub async fn all(state: &AppState) -> Result<Vec<UserView>, AppError> {
        Ok(db::list(state.db.read()).await?)
    }

    /// An account by id, for other capabilities' checks (a card's holder, a successor).
    pub async fn find(state: &AppState, id: i64) -> Result<Option<UserView>, AppError> {
        Ok(db::get(state.db.read(), id).await?)
    }

    fn phone_taken(e: sqlx::Error) -> AppError {
        if is_unique_violation(&e) {
            AppError::invalid("phone", Msg::ValPhoneTaken)
        } else {
            e.into()
        }
    }

    /// Creates an account; used by the office screen and by `shugen user add`.
    pub async fn create_account(
        state: &AppState,
        profile: &Profile,
        password: NewPassword,
    ) -> Result<i64, AppError> {
        let hash = password::off_thread(&state.hashing, move || password::hash(password.expose()))
            .await
            .and_then(|r| r)
            .map_err(internal("hashing a new password"))?;
        db::insert(state.db.write(), profile, &hash, crate::db::now())
            .await
            .map_err(phone_taken)
    }

    pub async fn create(form: ProfileForm, password: String) -> Result<i64, AppError> {
        let (state, user) = office_user().await?;
        let (profile, password) = parse_new_user(&form, &password)?;
        let id = create_account(&state, &profile, password).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "user.create",
            &format!("user:{id}"),
            "ok",
        )
        .await;
        Ok(id)
    }

    /// `keep_post`, `keep_duties`: the request left them out (an older page, a script), so
    /// the stored ones stay rather than being guessed or emptied.
    pub async fn update(
        id: i64,
        mut form: ProfileForm,
        keep_post: bool,
        keep_duties: bool,
    ) -> Result<(), AppError> {
        let (state, user) = office_user().await?;
        if keep_post || keep_duties {
            let stored = db::get(state.db.read(), id)
                .await?
                .ok_or(AppError::NotFound)?;
            if keep_post {
                form.post = stored.post.code().to_string();
            }
            if keep_duties {
                form.duties = stored.duties;
            }
        }
        let profile = Profile::parse(&form)?;
        if id == user.id && profile.role != Role::Admin {
            // The office must not lock itself out of its own screens.
            return Err(AppError::invalid("role", Msg::ValOwnRole));
        }
        if !db::update(state.db.write(), id, &profile)
            .await
            .map_err(phone_taken)?
        {
            return Err(AppError::NotFound);
        }
        // Names, posts, phones and duties show on card pages.
        crate::cards::api::changed(&state).await;
        crate::audit::record(
            &state.db,
            Some(&user),
            "user.update",
            &format!("user:{id}"),
            "ok",
        )
        .await;
        Ok(())
    }

    pub async fn set_active(id: i64, active: bool) -> Result<(), AppError> {
        let (state, user) = office_user().await?;
        if id == user.id && !active {
            return Err(AppError::invalid("active", Msg::ValOwnRole));
        }
        if !active && !db::rectifying_teams(state.db.read(), id).await?.is_empty() {
            return Err(AppError::invalid("active", Msg::TeamStaysWhileRectifying));
        }
        if !db::set_active(state.db.write(), id, active).await? {
            return Err(AppError::NotFound);
        }
        let action = if active {
            "user.activate"
        } else {
            "user.deactivate"
        };
        crate::audit::record(&state.db, Some(&user), action, &format!("user:{id}"), "ok").await;
        Ok(())
    }

    pub async fn reset_password(id: i64, password: String) -> Result<(), AppError> {
        let (state, user) = office_user().await?;
        let password =
            NewPassword::parse(&password).map_err(|m| AppError::invalid("password", m))?;
        let hash = password::off_thread(&state.hashing, move || password::hash(password.expose()))
            .await
            .and_then(|r| r)
            .map_err(internal("hashing a reset password"))?;
        if !db::set_password(state.db.write(), id, &hash).await? {
            return Err(AppError::NotFound);
        }
        crate::audit::record(
            &state.db,
            Some(&user),
            "user.reset_password",
            &format!("user:{id}"),
            "ok",
        )
        .await;
        Ok(())
    }

    pub async fn change_password(
        current: String,
        new: String,
        again: String,
    ) -> Result<u64, AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin, Role::Leader, Role::Cadre]).await?;
        crate::auth::session::confirm_password(&user, current)
            .await
            .map_err(|e| match e.field("password") {
                Some(m) => AppError::invalid("current", m),
                None => e,
            })?;
        let password = NewPassword::parse(&new).map_err(|m| AppError::invalid("new", m))?;
        if new != again {
            return Err(AppError::invalid("again", Msg::ValPasswordsDiffer));
        }
        let keep = crate::auth::session::current_session_hash().ok_or(AppError::Unauthenticated)?;
        let hash = password::off_thread(&state.hashing, move || password::hash(password.expose()))
            .await
            .and_then(|r| r)
            .map_err(internal("hashing a changed password"))?;
        let ended = db::set_own_password(state.db.write(), user.id, &hash, &keep).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "user.change_password",
            "",
            &format!("ok {ended}"),
        )
        .await;
        Ok(ended)
    }

    pub async fn hand_over(from: i64, to: String) -> Result<Handover, AppError> {
        let (state, user) = office_user().await?;
        let to: i64 = to
            .trim()
            .parse()
            .map_err(|_| AppError::invalid("to", Msg::ValChoice))?;
        let successor = db::get(state.db.read(), to).await?;
        let ok = successor
            .as_ref()
            .is_some_and(|u| u.active && u.role != Role::Admin && u.id != from);
        let Some(successor) = successor.filter(|_| ok) else {
            return Err(AppError::invalid("to", Msg::ValSuccessor));
        };
        db::get(state.db.read(), from)
            .await?
            .ok_or(AppError::NotFound)?;
        if !db::rectifying_teams(state.db.read(), from)
            .await?
            .is_empty()
        {
            return Err(AppError::invalid("to", Msg::TeamStaysWhileRectifying));
        }
        let now = crate::db::now();
        let note = Msg::HandoverNote.fmt(crate::i18n::Locale::Zh, &[&successor.name]);
        let mut tx = state.db.begin().await?;
        let report = Handover {
            households: crate::households::api::hand_over(&mut tx, from, to, now).await?,
            items: crate::ledger::api::hand_over(&mut tx, user.id, from, to, now).await?,
            pairings: crate::pairing::api::hand_over(&mut tx, from, to, &note, now).await?,
            cards: crate::cards::api::hand_over(&mut tx, from, to).await?,
        };
        tx.commit().await?;
        crate::cards::api::changed(&state).await;
        crate::audit::record(
            &state.db,
            Some(&user),
            "user.handover",
            &format!("user:{from}->user:{to}"),
            &format!(
                "{} households, {} items, {} pairings, {} cards",
                report.households, report.items, report.pairings, report.cards
            ),
        )
        .await;
        Ok(report)
    }
}
