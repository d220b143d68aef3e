//! The office's card screens: issue, revoke, reissue, hand over, print; the contact lines.
use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "cards/list")]
pub async fn list_cards() -> Result<Vec<CardView>, AppError> {
    crate::error::respond(async {
        let (state, _) = ssr::office().await?;
        Ok(super::db::list(state.db.read()).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "cards/issue")]
pub async fn issue_card(cadre: i64, duties: String, promise: String) -> Result<i64, AppError> {
    crate::error::respond(ssr::issue_for(cadre, duties, promise)).await
}

#[server(prefix = "/api", endpoint = "cards/update")]
pub async fn update_card(id: i64, duties: String, promise: String) -> Result<(), AppError> {
    crate::error::respond(ssr::update(id, duties, promise)).await
}

#[server(prefix = "/api", endpoint = "cards/revoke")]
pub async fn revoke_card(id: i64) -> Result<(), AppError> {
    crate::error::respond(ssr::revoke(id)).await
}

/// A lost or damaged card: the old token stops working, a new one is issued with its text.
#[server(prefix = "/api", endpoint = "cards/reissue")]
pub async fn reissue_card(id: i64) -> Result<i64, AppError> {
    crate::error::respond(ssr::reissue(id)).await
}

/// A departing cadre's cards go to the successor; the printed tokens stay valid.
#[server(prefix = "/api", endpoint = "cards/transfer")]
pub async fn transfer_cards(from: i64, to: i64) -> Result<u64, AppError> {
    crate::error::respond(ssr::transfer(from, to)).await
}

#[server(prefix = "/api", endpoint = "cards/contacts")]
pub async fn get_contacts() -> Result<Contacts, AppError> {
    crate::error::respond(async {
        let (state, _) = ssr::office().await?;
        Ok(super::db::contacts(state.db.read()).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "cards/save_contacts")]
pub async fn save_contacts(form: Contacts) -> Result<(), AppError> {
    crate::error::respond(ssr::save_contacts(form)).await
}

/// Every active card with what it prints.
#[server(prefix = "/api", endpoint = "cards/sheet")]
pub async fn print_sheet() -> Result<CardSheet, AppError> {
    crate::error::respond(ssr::sheet()).await
}

#[server(prefix = "/api", endpoint = "cards/printed")]
pub async fn mark_printed() -> Result<u64, AppError> {
    crate::error::respond(ssr::printed()).await
}

#[cfg(feature = "ssr")]
pub use ssr::{changed, follow_changes, hand_over, issue, public_origin, reply_days};

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::db;
    use super::super::model::*;
    use crate::auth::model::CurrentUser;
    use crate::auth::session::require;
    use crate::db::is_unique_violation;
    use crate::error::AppError;
    use crate::i18n::Msg;
    use crate::model::Role;
    use crate::state::{app_state, AppState};

    /// What card pages show has changed (a card, a cadre's name or post, the contact lines):
    /// this server's cache is dropped and the others sharing the database are told.
    pub async fn changed(state: &AppState) {
        state.card_cache.clear();
        if let Err(e) = db::announce_change(&state.db).await {
            tracing::warn!(error = %e, "could not announce a card change");
        }
    }

    /// For the life of the server: drops the card cache when another server changed a card.
    pub async fn follow_changes(state: AppState) {
        let cache = state.card_cache.clone();
        db::follow_changes(state.db.clone(), move || cache.clear()).await;
    }

    pub async fn office() -> Result<(AppState, CurrentUser), AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin]).await?;
        Ok((state, user))
    }

    /// Every change to a card ends here: the public pages stop showing the old card at once,
    /// and the change is audited.
    async fn card_changed(state: &AppState, user: &CurrentUser, action: &str, card: i64) {
        changed(state).await;
        crate::audit::record(&state.db, Some(user), action, &format!("card:{card}"), "ok").await;
    }

    /// The origin printed into QR codes: the configured one, else the one this request
    /// came to (a single-machine setup without SHUGEN_PUBLIC_ORIGIN).
    pub fn public_origin(state: &AppState, host: Option<&str>) -> String {
        match (&state.config.public_origin, host) {
            (Some(o), _) => o.clone(),
            (None, Some(h)) => format!("http://{h}"),
            (None, None) => "http://localhost".into(),
        }
    }

    fn request_host() -> Option<String> {
        leptos::prelude::use_context::<http::request::Parts>().and_then(|p| {
            p.headers
                .get(http::header::HOST)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        })
    }

    /// A card holder must be an active cadre or leader.
    async fn holder(state: &AppState, id: i64, field: &str) -> Result<(), AppError> {
        if db::may_hold(state.db.read(), id).await? {
            Ok(())
        } else {
            Err(AppError::invalid(field, Msg::ValCardHolder))
        }
    }

    /// Issues a card with a fresh token. Also used by the demo seed.
    pub async fn issue(
        state: &AppState,
        cadre: i64,
        duties: &str,
        promise: &str,
    ) -> Result<i64, AppError> {
        // 59 random bits: a clash is all but impossible, and the UNIQUE key catches it anyway.
        for _ in 0..3 {
            let token = CardToken::generate();
            match db::insert(
                state.db.write(),
                &token,
                cadre,
                duties,
                promise,
                crate::db::now(),
            )
            .await
            {
                Ok(id) => return Ok(id),
                Err(e) if is_unique_violation(&e) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(AppError::Internal)
    }

    pub async fn issue_for(cadre: i64, duties: String, promise: String) -> Result<i64, AppError> {
        let (state, user) = office().await?;
        holder(&state, cadre, "cadre").await?;
        let (duties, mut promise) = card_text(&duties, &promise).map_err(AppError::Invalid)?;
        if promise.is_empty() {
            promise = db::contacts(state.db.read()).await?.promise;
        }
        let id = issue(&state, cadre, &duties, &promise).await?;
        card_changed(&state, &user, "card.issue", id).await;
        Ok(id)
    }

    pub async fn update(id: i64, duties: String, promise: String) -> Result<(), AppError> {
        let (state, user) = office().await?;
        let (duties, promise) = card_text(&duties, &promise).map_err(AppError::Invalid)?;
        if !db::update_text(state.db.write(), id, &duties, &promise).await? {
            return Err(AppError::NotFound);
        }
        card_changed(&state, &user, "card.update", id).await;
        Ok(())
    }

    pub async fn revoke(id: i64) -> Result<(), AppError> {
        let (state, user) = office().await?;
        if !db::revoke(state.db.write(), id, crate::db::now()).await? {
            return Err(AppError::NotFound);
        }
        card_changed(&state, &user, "card.revoke", id).await;
        Ok(())
    }

    pub async fn reissue(id: i64) -> Result<i64, AppError> {
        let (state, user) = office().await?;
        let old = db::get(state.db.read(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !old.active || !db::revoke(state.db.write(), id, crate::db::now()).await? {
            return Err(AppError::NotFound);
        }
        changed(&state).await;
        let new = issue(&state, old.cadre_id, &old.duties, &old.promise).await?;
        card_changed(&state, &user, "card.revoke", id).await;
        card_changed(&state, &user, "card.issue", new).await;
        Ok(new)
    }

    pub async fn transfer(from: i64, to: i64) -> Result<u64, AppError> {
        let (state, user) = office().await?;
        if from == to {
            return Err(AppError::invalid("to", Msg::ValCardHolder));
        }
        holder(&state, to, "to").await?;
        let mut tx = state.db.begin().await?;
        let moved = db::transfer(&mut tx, from, to).await?;
        tx.commit().await?;
        changed(&state).await;
        crate::audit::record(
            &state.db,
            Some(&user),
            "card.transfer",
            &format!("user:{from}->user:{to}"),
            &format!("{moved} cards"),
        )
        .await;
        Ok(moved)
    }

    /// Moves a departing holder's active cards, tokens unchanged, inside the caller's
    /// transaction; the caller clears the page cache once it commits.
    pub async fn hand_over(tx: &mut crate::db::Tx, from: i64, to: i64) -> Result<u64, AppError> {
        Ok(db::transfer(tx, from, to).await?)
    }

    /// The office's promised reply time (working days), for the inbox to hold it to.
    pub async fn reply_days(state: &AppState) -> Result<u32, AppError> {
        Ok(db::contacts(state.db.read()).await?.reply_days())
    }

    pub async fn save_contacts(form: Contacts) -> Result<(), AppError> {
        let (state, user) = office().await?;
        let c = form.parse().map_err(AppError::Invalid)?;
        db::set_contacts(state.db.write(), &c, crate::db::now()).await?;
        changed(&state).await;
        crate::audit::record(&state.db, Some(&user), "settings.contacts", "", "ok").await;
        Ok(())
    }

    /// Printed addresses are for ever: without a configured public origin the QR codes
    /// would carry whatever address this browser used (a LAN IP, localhost), so printing is
    /// refused, with the reason.
    fn printable_origin(state: &AppState) -> Result<(), AppError> {
        match state.config.public_origin {
            Some(_) => Ok(()),
            None => Err(AppError::invalid("origin", Msg::CardsNoOrigin)),
        }
    }

    pub async fn sheet() -> Result<CardSheet, AppError> {
        let host = request_host();
        let (state, _) = office().await?;
        printable_origin(&state)?;
        Ok(CardSheet {
            contacts: db::contacts(state.db.read()).await?,
            origin: public_origin(&state, host.as_deref()),
            cards: db::active(state.db.read()).await?,
        })
    }

    pub async fn printed() -> Result<u64, AppError> {
        let (state, user) = office().await?;
        printable_origin(&state)?;
        let n = db::mark_printed(state.db.write(), crate::db::now()).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "card.print",
            "",
            &format!("{n} cards"),
        )
        .await;
        Ok(n)
    }
}
