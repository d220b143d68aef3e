//! Uploads in parts, the photos served to who may see their record, and what records call:
//! [`attach`] in a record's own transaction, the lists the pages show.
//!
//! The upload protocol (the phone's `photos.js` speaks it), under [`PHOTOS_PATH`]:
//! - `GET {id}/upload` → `200 {"received":n,"complete":b}`: where the upload stands (0 for a
//!   photo the server has never seen).
//! - `PUT {id}/upload?offset=n&size=s&sha256=h`, body the bytes from `n` (at most
//!   [`CHUNK_BYTES`]): `200` with the new progress; `409` with the progress when `n` is not
//!   where the upload stands (resume from there); `422` with the reason (`ValPhotoTooLarge`,
//!   `ValPhotoDamaged` when the whole does not hash to `h` — the upload is forgotten and starts
//!   again —, `ValPhotoUnreadable`, `ValPhotoChanged` for an id already used for other
//!   bytes); `404` for another user's upload. A photo already whole answers complete and
//!   writes nothing: a retry never makes a second copy.
//! - `GET {id}` and `GET {id}/thumb`: the photo and its thumbnail, `no-store`, to who may see
//!   the record it belongs to (its uploader before a record names it); `404` to anyone else.
use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

/// A village's photos of the last year, newest first (at most 60), for its page: who may see
/// the village's work.
#[server(prefix = "/api", endpoint = "photos/village")]
pub async fn village_photos(village: i64) -> Result<VillageAlbum, AppError> {
    crate::error::respond(ssr::village(village)).await
}

/// Chooses a photo for the monthly report, or takes it out (the office).
#[server(prefix = "/api", endpoint = "photos/choose")]
pub async fn choose_photo(id: String, chosen: bool) -> Result<(), AppError> {
    crate::error::respond(ssr::choose(id, chosen)).await
}

#[cfg(feature = "ssr")]
pub use ssr::{
    attach, chosen, counts, of_records, purge_abandoned, records_of, routes, totals, Owner,
};

// The handlers below answer early with a ready response (`Err(Response)`): the large `Err`
// is the answer itself, made once per request, not an error carried around.
#[cfg(feature = "ssr")]
#[allow(clippy::result_large_err)]
mod ssr {
    use super::super::db;
    use super::super::model::*;
    use crate::auth::model::CurrentUser;
    use crate::auth::session::require;
    use crate::db::Tx;
    use crate::error::AppError;
    use crate::i18n::Msg;
    use crate::model::Role;
    use crate::model::VisitId;
    use crate::state::{app_state, AppState};
    use axum::body::Bytes;
    use axum::extract::{Path, RawQuery};
    use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
    use axum::response::{IntoResponse, Response};
    use axum::routing::get;
    use axum::{Extension, Json, Router};
    use sha2::{Digest, Sha256};

    pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
        Router::new()
            .route(&format!("{PHOTOS_PATH}/{{id}}"), get(whole))
            .route(&format!("{PHOTOS_PATH}/{{id}}/thumb"), get(thumb))
            .route(
                &format!("{PHOTOS_PATH}/{{id}}/upload"),
                get(progress).put(put_part),
            )
    }

    fn error(e: AppError) -> Response {
        (e.status(), Json(e)).into_response()
    }

    fn refused(msg: Msg) -> Response {
        error(AppError::invalid("photo", msg))
    }

    async fn user(state: &AppState, headers: &HeaderMap) -> Result<CurrentUser, Response> {
        let found = match crate::auth::session::cookie_value(headers) {
            Some(id) => crate::auth::session::user_of_session(state, &id).await,
            None => Ok(None),
        };
        match found {
            Ok(Some(u)) => Ok(u),
            Ok(None) => Err(error(AppError::Unauthenticated)),
            Err(e) => Err(error(e)),
        }
    }

    /// Who asks (401 when nobody is signed in) and about which photo (404 for an id that
    /// cannot be one).
    async fn caller(
        state: &AppState,
        headers: &HeaderMap,
        raw: &str,
    ) -> Result<(CurrentUser, String), Response> {
        let user = user(state, headers).await?;
        let id = VisitId::parse(raw).map_err(|_| error(AppError::NotFound))?;
        Ok((user, id.as_str().to_string()))
    }

    fn answer(status: StatusCode, received: i64, complete: bool) -> Response {
        (status, Json(Progress { received, complete })).into_response()
    }

    async fn progress(
        Extension(state): Extension<AppState>,
        Path(raw): Path<String>,
        headers: HeaderMap,
    ) -> Response {
        let (user, id) = match caller(&state, &headers, &raw).await {
            Ok(c) => c,
            Err(r) => return r,
        };
        match db::find(state.db.read(), &id).await {
            Ok(None) => answer(StatusCode::OK, 0, false),
            Ok(Some(r)) if r.uploaded_by != user.id => error(AppError::NotFound),
            Ok(Some(r)) if r.stored => answer(StatusCode::OK, r.size, true),
            // Every byte came but the server stopped before checking them: check them now.
            Ok(Some(r)) if r.received == r.size => {
                match finish(&state, &id, r.size, &r.sha256).await {
                    Ok(()) => answer(StatusCode::OK, r.size, true),
                    Err(e) => e,
                }
            }
            Ok(Some(r)) => answer(StatusCode::OK, r.received, false),
            Err(e) => error(e.into()),
        }
    }

    #[derive(serde::Deserialize)]
    struct Part {
        offset: i64,
        size: i64,
        sha256: String,
    }

    async fn put_part(
        Extension(state): Extension<AppState>,
        Path(raw): Path<String>,
        RawQuery(q): RawQuery,
        headers: HeaderMap,
        body: Bytes,
    ) -> Response {
        let (user, id) = match caller(&state, &headers, &raw).await {
            Ok(c) => c,
            Err(r) => return r,
        };
        let Ok(part) = serde_urlencoded::from_str::<Part>(q.as_deref().unwrap_or_default()) else {
            return refused(Msg::ValPhoto);
        };
        if part.size > MAX_PHOTO_BYTES {
            return refused(Msg::ValPhotoTooLarge);
        }
        let len = body.len() as i64;
        let fits = part.offset >= 0
            && len > 0
            && part
                .offset
                .checked_add(len)
                .is_some_and(|end| end <= part.size);
        if !is_sha256(&part.sha256) || !fits || body.len() > CHUNK_BYTES {
            return refused(Msg::ValPhoto);
        }
        match store_part(&state, &user, &id, &part, &body).await {
            Ok(Ok(received)) if received == part.size => {
                match finish(&state, &id, part.size, &part.sha256).await {
                    Ok(()) => answer(StatusCode::OK, received, true),
                    Err(r) => r,
                }
            }
            Ok(Ok(received)) => answer(StatusCode::OK, received, false),
            Ok(Err(r)) => r,
            Err(e) => error(e),
        }
    }

    /// Stores one part in its own transaction: the bytes the upload now holds, or the answer
    /// that refuses the part.
    async fn store_part(
        state: &AppState,
        user: &CurrentUser,
        id: &str,
        part: &Part,
        body: &[u8],
    ) -> Result<Result<i64, Response>, AppError> {
        let mut tx = state.db.begin().await?;
        match db::find_tx(&mut tx, id).await? {
            None if part.offset != 0 => return Ok(Err(answer(StatusCode::CONFLICT, 0, false))),
            None => {
                db::start(
                    &mut tx,
                    id,
                    user.id,
                    part.size,
                    &part.sha256,
                    crate::db::now(),
                )
                .await?
            }
            Some(r) if r.uploaded_by != user.id => return Ok(Err(error(AppError::NotFound))),
            Some(r) if r.sha256 != part.sha256 || r.size != part.size => {
                return Ok(Err(refused(Msg::ValPhotoChanged)))
            }
            // A retry of a photo already whole: a duplicate, nothing is written.
            Some(r) if r.stored => return Ok(Err(answer(StatusCode::OK, r.size, true))),
            Some(r) if r.received != part.offset => {
                return Ok(Err(answer(StatusCode::CONFLICT, r.received, false)))
            }
            Some(_) => {}
        }
        if !db::add_part(&mut tx, id, part.offset, body).await? {
            let now = db::find_tx(&mut tx, id).await?.map_or(0, |r| r.received);
            return Ok(Err(answer(StatusCode::CONFLICT, now, false)));
        }
        tx.commit().await?;
        Ok(Ok(part.offset + body.len() as i64))
    }

    /// Joins a fully received upload, checks its hash, reads it as an image, makes the
    /// thumbnail and keeps it; an upload that fails is forgotten (the phone sends it again).
    /// One photo's bytes are held at a time.
    async fn finish(state: &AppState, id: &str, size: i64, sha256: &str) -> Result<(), Response> {
        let internal = |e: sqlx::Error| error(e.into());
        let bytes = db::joined(state.db.read(), id).await.map_err(internal)?;
        let sound = bytes.len() as i64 == size && format!("{:x}", Sha256::digest(&bytes)) == sha256;
        // Two decodes at a time, whatever the number of uploads finishing together: each may
        // take up to the decoder's limit in memory.
        static DECODES: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
        let permit = DECODES
            .acquire()
            .await
            .map_err(|_| error(AppError::Internal))?;
        let decoded = match sound {
            true => tokio::task::spawn_blocking(move || {
                let d = super::super::image::decode(&bytes);
                (bytes, d)
            })
            .await
            .ok(),
            false => None,
        };
        drop(permit);
        let mut tx = state.db.begin().await.map_err(internal)?;
        match db::find_tx(&mut tx, id).await.map_err(internal)? {
            // Another request (a second tab) finished it meanwhile: it is whole.
            Some(r) if r.stored => return Ok(()),
            Some(r) if r.received == r.size && r.sha256 == sha256 => {}
            // Forgotten and begun again meanwhile: what was read is not this upload.
            now => {
                let received = now.map_or(0, |r| r.received);
                return Err(answer(StatusCode::CONFLICT, received, false));
            }
        }
        let whole = match decoded {
            Some((bytes, Some(d))) => (bytes, d),
            other => {
                db::discard(&mut tx, id).await.map_err(internal)?;
                tx.commit().await.map_err(internal)?;
                return Err(refused(match other {
                    None if !sound => Msg::ValPhotoDamaged,
                    _ => Msg::ValPhotoUnreadable,
                }));
            }
        };
        let (bytes, d) = whole;
        let w = db::Whole {
            id,
            mime: d.mime,
            width: i64::from(d.width),
            height: i64::from(d.height),
            bytes: &bytes,
            thumb: &d.thumb,
            at: crate::db::now(),
        };
        db::complete(&mut tx, &w).await.map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(())
    }

    async fn whole(
        Extension(state): Extension<AppState>,
        Path(raw): Path<String>,
        headers: HeaderMap,
    ) -> Response {
        serve(state, raw, headers, false).await
    }

    async fn thumb(
        Extension(state): Extension<AppState>,
        Path(raw): Path<String>,
        headers: HeaderMap,
    ) -> Response {
        serve(state, raw, headers, true).await
    }

    /// Who may see a photo: who may see its record's household, else its village's work; its
    /// uploader before a record names it.
    async fn may_view(state: &AppState, user: &CurrentUser, r: &db::Row) -> Result<bool, AppError> {
        let Some(record) = &r.record_id else {
            return Ok(r.uploaded_by == user.id);
        };
        if r.record_kind.as_deref() == Some(LEDGER_STEP) {
            return ledger_visible(state, user, record).await;
        }
        if let Some(h) = r.household_id {
            return crate::households::api::may_see(state, user, h).await;
        }
        if let Some(v) = r.village_id {
            return crate::teams::api::serves(state, user, v).await;
        }
        Ok(user.role != Role::Cadre)
    }

    /// A ledger item's log photos: who may see the item (`<item>/<entry>`), by the ledger's
    /// rule — the office and leaders, its owner and who raised it.
    async fn ledger_visible(
        state: &AppState,
        user: &CurrentUser,
        record: &str,
    ) -> Result<bool, AppError> {
        let item = record.split('/').next().unwrap_or_default();
        Ok(match db::ledger_item_people(state.db.read(), item).await? {
            None => false,
            Some(_) if user.role != Role::Cadre => true,
            Some((owner, raised_by)) => owner == Some(user.id) || raised_by == user.id,
        })
    }

    async fn serve(state: AppState, raw: String, headers: HeaderMap, thumb: bool) -> Response {
        let (user, id) = match caller(&state, &headers, &raw).await {
            Ok(c) => c,
            Err(r) => return r,
        };
        let row = match db::find(state.db.read(), &id).await {
            Ok(Some(r)) if r.stored => r,
            Ok(_) => return error(AppError::NotFound),
            Err(e) => return error(e.into()),
        };
        // Another cadre learns nothing, not even that the photo exists.
        match may_view(&state, &user, &row).await {
            Ok(true) => {}
            Ok(false) => return error(AppError::NotFound),
            Err(e) => return error(e),
        }
        match db::bytes(state.db.read(), &id, thumb).await {
            Ok(Some((mime, bytes))) => {
                let mut res = bytes.into_response();
                let h = res.headers_mut();
                if let Ok(v) = HeaderValue::from_str(&mime) {
                    h.insert(header::CONTENT_TYPE, v);
                }
                h.insert(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("private, no-store"),
                );
                h.insert(
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("inline"),
                );
                res
            }
            Ok(None) => error(AppError::NotFound),
            Err(e) => error(e.into()),
        }
    }

    /// The record a photo belongs to.
    #[derive(Debug, Clone, Copy)]
    pub struct Owner<'a> {
        /// `visit`, a work kind's code, `ledger_step`.
        pub kind: &'a str,
        pub id: &'a str,
        pub village: Option<i64>,
        pub household: Option<i64>,
    }

    /// Names `photos` as the record `owner`'s, in the record's transaction: each must be whole
    /// on the server, uploaded by `by` with the same hash and size, and no other record's.
    /// Answers the reason when one is not (nothing changes then), so the record is refused
    /// and stays on the phone.
    pub async fn attach(
        tx: &mut Tx,
        by: i64,
        owner: Owner<'_>,
        photos: &[Photo],
    ) -> Result<Option<Msg>, AppError> {
        for p in photos {
            let Some(r) = db::find_tx(tx, p.id.as_str()).await? else {
                return Ok(Some(Msg::ValPhotoMissing));
            };
            if !r.stored || r.uploaded_by != by || r.sha256 != p.sha256 || r.size != p.size {
                return Ok(Some(Msg::ValPhotoMissing));
            }
            if r.record_id.as_deref().is_some_and(|x| x != owner.id) {
                return Ok(Some(Msg::ValPhotoChanged));
            }
        }
        for (n, p) in photos.iter().enumerate() {
            let link = db::Link {
                id: p.id.as_str(),
                record_kind: owner.kind,
                record_id: owner.id,
                village: owner.village,
                household: owner.household,
                position: n as i64,
                caption: &p.caption,
                taken_at: p.taken_at,
            };
            db::link(tx, &link).await?;
        }
        Ok(None)
    }

    /// The record each of `photos` belongs to, if any (in `tx`): a retry finds its photos
    /// already named.
    pub async fn records_of(
        tx: &mut Tx,
        photos: &[Photo],
    ) -> Result<Vec<Option<String>>, AppError> {
        let mut out = Vec::with_capacity(photos.len());
        for p in photos {
            out.push(
                db::find_tx(tx, p.id.as_str())
                    .await?
                    .and_then(|r| r.record_id),
            );
        }
        Ok(out)
    }

    /// The photos of the records `ids` (the caller has checked who may see them).
    pub async fn of_records(state: &AppState, ids: &[String]) -> Result<Vec<PhotoView>, AppError> {
        let mut out = Vec::new();
        // A few hundred binds at most per query, whatever the backend allows.
        for chunk in ids.chunks(200) {
            out.extend(db::of_records(state.db.read(), chunk).await?);
        }
        Ok(out)
    }

    /// Photos per record id (records with none are absent), for the exports.
    pub async fn counts(
        state: &AppState,
    ) -> Result<std::collections::HashMap<String, i64>, AppError> {
        Ok(db::counts(state.db.read()).await?.into_iter().collect())
    }

    /// The photos chosen for the report among those stored in `[from, to)`, by village id.
    pub async fn chosen(
        state: &AppState,
        from: chrono::DateTime<chrono::Utc>,
        to: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<(i64, PhotoView)>, AppError> {
        Ok(db::chosen(state.db.read(), from, to).await?)
    }

    /// Forgets uploads no record has named for [`ABANDONED_DAYS`]; how many went. Run at
    /// start-up.
    pub async fn purge_abandoned(db: &crate::db::Db) -> Result<u64, AppError> {
        let before = crate::db::now() - chrono::Duration::days(ABANDONED_DAYS);
        let mut tx = db.begin().await?;
        let n = db::purge_abandoned(&mut tx, before).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Photos stored, their bytes and their thumbnails' bytes.
    pub async fn totals(state: &AppState) -> Result<(i64, i64, i64), AppError> {
        Ok(db::totals(state.db.read()).await?)
    }

    pub async fn village(village: i64) -> Result<VillageAlbum, AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin, Role::Leader, Role::Cadre]).await?;
        // As for a village's work: its team, the office and leaders; a cadre elsewhere 403.
        if !crate::teams::api::serves(&state, &user, village).await? {
            return Err(match user.role {
                Role::Cadre => AppError::Forbidden,
                Role::Admin | Role::Leader => AppError::NotFound,
            });
        }
        let from = crate::db::now() - chrono::Duration::days(366);
        let mut photos = Vec::new();
        // A cadre on the team sees the village's work, but a household's photos only when they
        // may see the household, and a ledger item's only when it is theirs.
        for (p, household) in db::of_village(state.db.read(), village, from, 60).await? {
            let shown = match (user.role, household) {
                (Role::Admin | Role::Leader, _) => true,
                _ if p.record_kind == LEDGER_STEP => {
                    ledger_visible(&state, &user, &p.record_id).await?
                }
                (_, Some(h)) => crate::households::api::may_see(&state, &user, h).await?,
                (_, None) => true,
            };
            if shown {
                photos.push(p);
            }
        }
        Ok(VillageAlbum {
            photos,
            may_choose: user.role == Role::Admin,
        })
    }

    pub async fn choose(id: String, chosen: bool) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin]).await?;
        let id = VisitId::parse(&id).map_err(|m| AppError::invalid("photo", m))?;
        let mut tx = state.db.begin().await?;
        if !db::choose(&mut tx, id.as_str(), chosen).await? {
            return Err(AppError::NotFound);
        }
        tx.commit().await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "photo_report",
            id.as_str(),
            if chosen { "chosen" } else { "removed" },
        )
        .await;
        Ok(())
    }
}
