//! `GET /export/{dataset}.{xlsx|csv}?month=&village=`: households, visits, ledger items and
//! feedback as ledger spreadsheets. Rows stream from the database into the response (CSV) or
//! into `rust_xlsxwriter`'s temporary files on a blocking thread (XLSX, zipped into the
//! response once the last row is in), so a large export holds one row at a time in memory
//! and never stalls other requests. Only the office and leaders export; ID numbers are always masked;
//! leaders get villagers' phone numbers and feedback names masked (they read results; the
//! office calls people back); every export is written to the audit log.
mod datasets;
mod sink;

use super::db;
use super::model::*;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::model::Role;
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Router};
use datasets::Job;
use sink::{Sink, Stop};
use std::io;
use tokio::sync::mpsc;

pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/export/{file}", get(export))
}

fn plain(status: StatusCode, text: String) -> Response {
    let mut r = (status, text).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

fn refusal(e: &AppError, l: Locale) -> Response {
    let text = match e {
        AppError::Invalid(fields) => fields
            .first()
            .map_or_else(|| e.message(l), |f| f.msg.text(l).to_string()),
        e => e.message(l),
    };
    let status = match e {
        AppError::Invalid(_) => StatusCode::BAD_REQUEST,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    plain(status, text)
}

async fn export(
    Extension(state): Extension<AppState>,
    Path(file): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Response {
    let l = crate::cards::public::locale(q.as_deref(), &headers);
    let user = match exporter(&state, &headers, &file, l).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let Some((dataset, format)) = Format::split(&file) else {
        return refusal(&AppError::NotFound, l);
    };
    let param = |name| crate::cards::public::param(q.as_deref(), name).unwrap_or_default();
    let (filter, village_name) = match scope(&state, &param("month"), &param("village")).await {
        Ok(x) => x,
        Err(e) => return refusal(&e, l),
    };
    let masked = user.role != Role::Admin;
    crate::audit::record(
        &state.db,
        Some(&user),
        "export",
        &format!("{file}?{}", filter.query()),
        if masked { "ok masked" } else { "ok" },
    )
    .await;
    let note = note(&user, dataset, &filter, village_name.as_deref(), masked);
    let (body_tx, body_rx) = mpsc::channel::<io::Result<Bytes>>(8);
    let sink = match format {
        Format::Csv => Sink::csv(body_tx, dataset.columns()),
        Format::Xlsx => Sink::xlsx(body_tx, dataset.columns(), dataset.title(), note),
    };
    let job = Job {
        state,
        filter,
        masked,
        me: user.id,
    };
    tokio::spawn(async move {
        match job.run(dataset, sink).await {
            Err(Stop::Db(e)) => tracing::error!(error = ?e, "export failed"),
            Err(Stop::App(e)) => tracing::error!(error = ?e, "export failed"),
            _ => {}
        }
    });
    download(body_rx, dataset, format, &filter)
}

/// The signed-in office or leader; anyone else gets their answer (login, or a refusal that
/// is itself audited).
async fn exporter(
    state: &AppState,
    headers: &HeaderMap,
    file: &str,
    l: Locale,
) -> Result<CurrentUser, Response> {
    let user = match crate::auth::session::cookie_value(headers) {
        Some(id) => crate::auth::session::user_of_session(state, &id).await,
        None => Ok(None),
    };
    match user {
        Ok(Some(u)) if u.is(&[Role::Admin, Role::Leader]) => Ok(u),
        Ok(Some(u)) => {
            crate::audit::record(&state.db, Some(&u), "export", file, "forbidden").await;
            Err(plain(
                StatusCode::FORBIDDEN,
                Msg::ErrExportRole.text(l).into(),
            ))
        }
        Ok(None) => Err(Redirect::to("/login").into_response()),
        Err(e) => Err(refusal(&e, l)),
    }
}

/// The month and village asked for, the village's name, or why not.
async fn scope(
    state: &AppState,
    month: &str,
    village: &str,
) -> Result<(Filter, Option<String>), AppError> {
    let filter = Filter::parse(month, village, crate::db::now())?;
    let name = match filter.village {
        None => None,
        Some(id) => Some(
            db::villages(state.db.read())
                .await?
                .into_iter()
                .find(|v| v.0 == id)
                .ok_or_else(|| AppError::invalid("village", Msg::ValChoice))?
                .1,
        ),
    };
    Ok((filter, name))
}

/// The response: the rows as they come, named for what and when.
fn download(
    rx: mpsc::Receiver<io::Result<Bytes>>,
    dataset: Dataset,
    format: Format,
    filter: &Filter,
) -> Response {
    let name = if dataset.monthly() {
        format!("shugen-{}-{}", dataset.code(), filter.month.code())
    } else {
        format!("shugen-{}-{}", dataset.code(), crate::ui::time::today())
    };
    let mime = match format {
        Format::Csv => "text/csv; charset=utf-8",
        Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };
    // Fused: the compression layer may poll once more after the end.
    let stream =
        futures_util::StreamExt::fuse(futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|chunk| (chunk, rx))
        }));
    let mut r = Response::new(Body::from_stream(stream));
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) =
        HeaderValue::from_str(&format!("attachment; filename=\"{name}.{}\"", format.ext()))
    {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The second row of every sheet: what it covers, who exported it when, what is masked.
fn note(
    user: &CurrentUser,
    dataset: Dataset,
    filter: &Filter,
    village: Option<&str>,
    masked: bool,
) -> String {
    let period = if dataset.monthly() {
        filter.month.label(true)
    } else {
        format!("截至{}", crate::ui::time::today())
    };
    format!(
        "{period} · {} · 导出：{} {} · 身份证号已脱敏{}",
        village.unwrap_or("全部村"),
        user.name,
        crate::ui::time::minute(crate::db::now()),
        if masked {
            "，联系电话和反映人姓名已脱敏"
        } else {
            ""
        }
    )
}
