//! `GET /export/{dataset}.{xlsx|csv}?month=&village=`: households, visits, ledger items and
//! feedback as ledger spreadsheets. Rows stream from the database into the response (XLSX
//! compressed on a blocking thread), so a large export holds one row at a time and never
//! stalls other requests. Only the office and leaders export; ID numbers are always masked;
//! leaders get villagers' phone numbers and feedback names masked (they read results; the
//! office calls people back); every export is written to the audit log.
use super::db;
use super::model::*;
use super::sheet::{Cell, Column};
use super::xlsx::Workbook;
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
use futures_util::TryStreamExt;
use std::io::{self, Write};
use tokio::sync::mpsc;

pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/export/{file}", get(export))
}

const fn c(header: &'static str, width: u8) -> Column {
    Column { header, width }
}

const HOUSEHOLDS: &[Column] = &[
    c("村", 10),
    c("村民小组", 9),
    c("户主", 10),
    c("家庭人口", 8),
    c("联系电话", 14),
    c("经济状况", 10),
    c("收入来源", 18),
    c("计划生育", 12),
    c("社会关系", 18),
    c("困难户", 7),
    c("困难类型", 14),
    c("标签", 12),
    c("家庭成员（姓名/关系/出生年/身份证号）", 44),
    c("联系干部", 12),
];
const VISITS: &[Column] = &[
    c("村", 10),
    c("村民小组", 9),
    c("户主", 10),
    c("走访干部", 10),
    c("走访时间", 17),
    c("走访方式", 9),
    c("走访内容", 30),
    c("走访过程", 24),
    c("走访结果", 24),
    c("反映的问题", 28),
    c("需跟进", 7),
    c("上传时间", 17),
    c("照片", 6),
];
const ITEMS: &[Column] = &[
    c("类别", 10),
    c("事项", 28),
    c("详细情况", 36),
    c("村", 10),
    c("农户", 10),
    c("来源", 10),
    c("包案人", 10),
    c("完成时限", 12),
    c("状态", 9),
    c("登记时间", 17),
    c("最近更新", 17),
];
const FEEDBACK: &[Column] = &[
    c("类别", 10),
    c("回执码", 11),
    c("收到时间", 17),
    c("反映内容", 40),
    c("反映人", 9),
    c("联系电话", 14),
    c("渠道", 10),
    c("所涉干部", 10),
    c("村", 10),
    c("状态", 9),
];

const COMPLIANCE: &[Column] = &[
    c("事项", 26),
    c("方案条款", 14),
    c("对象", 12),
    c("截止日", 12),
    c("状态", 9),
    c("已有", 7),
    c("应有", 7),
];

const VILLAGE_WORK: &[Column] = &[
    c("村", 10),
    c("类别", 14),
    c("日期", 12),
    c("事项", 28),
    c("详细情况", 44),
    c("金额（元）", 14),
    c("记录人", 10),
    c("照片", 6),
];

impl Dataset {
    fn columns(self) -> &'static [Column] {
        match self {
            Dataset::Households => HOUSEHOLDS,
            Dataset::Visits => VISITS,
            Dataset::Ledger => ITEMS,
            Dataset::Feedback => FEEDBACK,
            Dataset::Compliance => COMPLIANCE,
            Dataset::VillageWork => VILLAGE_WORK,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Dataset::Households => "农户花名册",
            Dataset::Visits => "民情日记",
            Dataset::Ledger => "民情台账",
            Dataset::Feedback => "群众意见反馈",
            Dataset::Compliance => "履职情况",
            Dataset::VillageWork => "四帮扶工作台账",
        }
    }

    /// Whether the month filters it: visits, feedback and the obligations are monthly; the
    /// household register and the running ledger are exported as they stand.
    fn monthly(self) -> bool {
        matches!(
            self,
            Dataset::Visits | Dataset::Feedback | Dataset::Compliance
        )
    }
}

fn zh(m: Msg) -> String {
    m.text(Locale::Zh).to_string()
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
        Format::Xlsx => Sink::xlsx(body_tx, dataset, note),
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

struct Job {
    state: AppState,
    filter: Filter,
    masked: bool,
    me: i64,
}

/// The client went away, or the database failed: either way the export stops.
#[derive(Debug)]
enum Stop {
    Gone,
    Db(sqlx::Error),
    /// A read through another capability failed.
    App(AppError),
}

impl From<AppError> for Stop {
    fn from(e: AppError) -> Self {
        Stop::App(e)
    }
}

impl From<sqlx::Error> for Stop {
    fn from(e: sqlx::Error) -> Self {
        Stop::Db(e)
    }
}

impl Job {
    async fn run(self, dataset: Dataset, mut sink: Sink) -> Result<(), Stop> {
        let result = match dataset {
            Dataset::Households => self.households(&mut sink).await,
            Dataset::Visits => self.visits(&mut sink).await,
            Dataset::Ledger => self.items(&mut sink).await,
            Dataset::Feedback => self.feedback(&mut sink).await,
            Dataset::Compliance => self.compliance(&mut sink).await,
            Dataset::VillageWork => self.village_work(&mut sink).await,
        };
        match result {
            Ok(()) => sink.finish().await,
            Err(e) => {
                sink.fail().await;
                Err(e)
            }
        }
    }

    fn phone(&self, p: &str) -> Cell {
        Cell::text(if self.masked {
            mask_phone(p)
        } else {
            p.to_string()
        })
    }

    /// The four helps' records as they stand, a sheet per register (两委班子, 三会一课 …).
    async fn village_work(&self, sink: &mut Sink) -> Result<(), Stop> {
        let villages: Vec<(i64, String)> = crate::villages::api::all(&self.state)
            .await?
            .into_iter()
            .filter(|v| self.filter.village.is_none_or(|id| id == v.id))
            .map(|v| (v.id, v.name))
            .collect();
        let mut lines = crate::organisation::api::ledger_lines(&self.state, &villages).await?;
        lines.extend(crate::economy::api::ledger_lines(&self.state, &villages).await?);
        lines.extend(crate::safety::api::ledger_lines(&self.state, &villages).await?);
        lines.extend(crate::environment::api::ledger_lines(&self.state, &villages).await?);
        let photos = crate::photos::api::counts(&self.state).await?;
        for l in lines {
            let n = photos.get(&l.record).copied().unwrap_or(0);
            let cells = vec![
                Cell::text(l.village),
                Cell::text(l.kind),
                Cell::opt_date(l.on),
                Cell::text(l.subject),
                Cell::text(l.detail),
                l.amount_fen
                    .map_or(Cell::Empty, |f| Cell::text(crate::model::Fen(f).yuan())),
                Cell::text(l.by),
                Cell::Int(n),
            ];
            sink.row(l.sheet, cells).await?;
        }
        Ok(())
    }

    /// The month's obligation instances, a sheet per obligation.
    async fn compliance(&self, sink: &mut Sink) -> Result<(), Stop> {
        use crate::obligations::model::Scope;
        let instances = crate::obligations::api::month_instances(
            &self.state,
            self.filter.month.last_day(),
            self.filter.village,
        )
        .await?;
        for (row, cell) in instances {
            let subject = match row.subject.scope {
                Scope::Bureau => "全局".to_string(),
                _ => row.subject.name,
            };
            let cells = vec![
                Cell::text(&row.title),
                Cell::text(row.clause),
                Cell::text(subject),
                Cell::Date(cell.due),
                Cell::text(zh(cell.state.label())),
                Cell::Int(cell.have),
                // A range ("1–2") is text; a plain count stays a number.
                match cell.upto {
                    Some(_) => Cell::text(cell.target()),
                    None => Cell::Int(cell.need),
                },
            ];
            sink.row(&row.title, cells).await?;
        }
        Ok(())
    }

    async fn households(&self, sink: &mut Sink) -> Result<(), Stop> {
        let pool = self.state.db.read();
        let mut cadres: std::collections::HashMap<i64, Vec<String>> = Default::default();
        for (h, name) in db::household_cadres(pool).await? {
            cadres.entry(h).or_default().push(name);
        }
        let mut members: std::collections::HashMap<i64, Vec<String>> = Default::default();
        for (h, name, relation, year, id) in db::members(pool).await? {
            let year = year.map(|y| y.to_string()).unwrap_or_default();
            members.entry(h).or_default().push(format!(
                "{name}/{relation}/{year}/{}",
                id.unwrap_or_default()
            ));
        }
        let mut rows = db::households(pool, self.filter.village);
        while let Some(h) = rows.try_next().await? {
            let difficulties: Vec<&str> = h
                .difficulties
                .split(',')
                .filter_map(crate::households::model::Difficulty::parse)
                .map(|d| d.label().text(Locale::Zh))
                .collect();
            let mut tags = Vec::new();
            if h.notable {
                tags.push("社会贤达");
            }
            if h.key_petitioner {
                tags.push("重点信访");
            }
            let cells = vec![
                Cell::text(&h.village),
                Cell::text(h.grp),
                Cell::text(h.head_name),
                Cell::Int(h.population),
                self.phone(&h.phone),
                Cell::text(h.economy),
                Cell::text(h.income_sources),
                Cell::text(h.family_planning),
                Cell::text(h.social_relations),
                Cell::yes_no(h.poor),
                Cell::text(difficulties.join("、")),
                Cell::text(tags.join("、")),
                Cell::text(members.remove(&h.id).unwrap_or_default().join("；")),
                Cell::text(cadres.remove(&h.id).unwrap_or_default().join("、")),
            ];
            sink.row(&h.village, cells).await?;
        }
        Ok(())
    }

    async fn visits(&self, sink: &mut Sink) -> Result<(), Stop> {
        let (from, to) = self.filter.month.bounds();
        let photos = crate::photos::api::counts(&self.state).await?;
        let mut rows = db::visits(self.state.db.read(), from, to, self.filter.village);
        while let Some(v) = rows.try_next().await? {
            let method = crate::visits::model::Method::parse(&v.method)
                .map_or(v.method.clone(), |m| zh(m.label()));
            let cells = vec![
                Cell::text(&v.village),
                Cell::text(v.grp),
                Cell::text(v.head_name),
                Cell::text(v.cadre),
                Cell::Time(v.visited_at),
                Cell::text(method),
                Cell::text(v.content),
                Cell::text(v.process),
                Cell::text(v.outcome),
                Cell::text(v.problems),
                Cell::yes_no(v.follow_up),
                Cell::Time(v.received_at),
                Cell::Int(photos.get(&v.id).copied().unwrap_or(0)),
            ];
            sink.row(&v.village, cells).await?;
        }
        Ok(())
    }

    async fn items(&self, sink: &mut Sink) -> Result<(), Stop> {
        use crate::ledger::model::{Kind, Source, Status};
        let mut rows = db::items(self.state.db.read(), self.filter.village);
        while let Some(i) = rows.try_next().await? {
            let kind = Kind::parse(&i.kind).map_or(i.kind.clone(), |k| zh(k.label()));
            let cells = vec![
                Cell::text(&kind),
                Cell::text(i.title),
                Cell::text(i.detail),
                Cell::text(i.village.unwrap_or_default()),
                Cell::text(i.head_name.unwrap_or_default()),
                Cell::text(Source::parse(&i.source).map_or(i.source, |s| zh(s.label()))),
                Cell::text(i.owner.unwrap_or_default()),
                Cell::opt_date(i.deadline),
                Cell::text(Status::parse(&i.status).map_or(i.status, |s| zh(s.label()))),
                Cell::Time(i.created_at),
                Cell::Time(i.updated_at),
            ];
            sink.row(&kind, cells).await?;
        }
        Ok(())
    }

    async fn feedback(&self, sink: &mut Sink) -> Result<(), Stop> {
        use crate::feedback::model::{Category, Channel, Status};
        let (from, to) = self.filter.month.bounds();
        // Only leaders export masked; their own conduct complaints stay out, as in their inbox.
        let hide = self.masked.then_some(self.me);
        let mut rows = db::feedback_rows(self.state.db.read(), from, to, self.filter.village, hide);
        while let Some(f) = rows.try_next().await? {
            let category =
                Category::parse(&f.category).map_or(f.category.clone(), |c| zh(c.label()));
            let name = if self.masked {
                mask_name(&f.name)
            } else {
                f.name.clone()
            };
            let cells = vec![
                Cell::text(&category),
                Cell::text(f.receipt),
                Cell::Time(f.received_at),
                Cell::text(f.content),
                Cell::text(name),
                self.phone(&f.phone),
                Cell::text(Channel::parse(&f.channel).map_or(f.channel, |c| zh(c.label()))),
                Cell::text(f.cadre.unwrap_or_default()),
                Cell::text(f.village.unwrap_or_default()),
                Cell::text(Status::parse(&f.status).map_or(f.status, |s| zh(s.label()))),
            ];
            sink.row(&category, cells).await?;
        }
        Ok(())
    }
}

/// `张三` → `张*`: the surname stays, so a leader can tell items apart without identifying
/// the villager.
fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let rest = chars.count();
            format!("{first}{}", "*".repeat(rest.max(1)))
        }
    }
}

/// Where rows go: CSV text straight into the body, or XLSX through a blocking thread.
enum Sink {
    Csv {
        out: mpsc::Sender<io::Result<Bytes>>,
        /// Records written by the `csv` crate, going out in chunks.
        buf: Vec<u8>,
    },
    Xlsx {
        work: mpsc::Sender<Work>,
        group: Option<String>,
        done: tokio::task::JoinHandle<()>,
    },
}

enum Work {
    Sheet(String),
    Row(Vec<Cell>),
    /// The rows stopped early: end the file broken, not as a complete-looking workbook.
    Abort,
}

const CHUNK: usize = 64 * 1024;

impl Sink {
    fn csv(out: mpsc::Sender<io::Result<Bytes>>, columns: &'static [Column]) -> Sink {
        // The BOM tells Excel the file is UTF-8: without it Chinese opens garbled.
        let mut buf = "\u{FEFF}".as_bytes().to_vec();
        let head: Vec<Cell> = columns.iter().map(|c| Cell::text(c.header)).collect();
        // Writing into memory cannot fail.
        let _ = csv_record(&mut buf, &head);
        Sink::Csv { out, buf }
    }

    fn xlsx(out: mpsc::Sender<io::Result<Bytes>>, dataset: Dataset, note: String) -> Sink {
        let (work, mut rx) = mpsc::channel::<Work>(256);
        let done = tokio::task::spawn_blocking(move || {
            let writer = ChannelWriter {
                out: out.clone(),
                buf: Vec::with_capacity(CHUNK),
            };
            let result = (|| -> zip::result::ZipResult<()> {
                let mut book =
                    Workbook::new(writer, dataset.columns(), dataset.title().into(), note)?;
                while let Some(w) = rx.blocking_recv() {
                    match w {
                        Work::Sheet(name) => book.sheet(&name)?,
                        Work::Row(cells) => book.row(&cells)?,
                        Work::Abort => {
                            return Err(io::Error::other("export aborted").into());
                        }
                    }
                }
                let mut writer = book.finish(dataset.title())?;
                writer.flush()?;
                Ok(())
            })();
            if let Err(e) = result {
                tracing::warn!(error = ?e, "xlsx export ended early");
                let _ = out.blocking_send(Err(io::Error::other("export failed")));
            }
        });
        Sink::Xlsx {
            work,
            group: None,
            done,
        }
    }

    async fn row(&mut self, group: &str, cells: Vec<Cell>) -> Result<(), Stop> {
        match self {
            Sink::Csv { out, buf } => {
                let _ = csv_record(buf, &cells);
                if buf.len() >= CHUNK {
                    let chunk = Bytes::from(std::mem::take(buf));
                    out.send(Ok(chunk)).await.map_err(|_| Stop::Gone)?;
                }
            }
            Sink::Xlsx { work, group: g, .. } => {
                if g.as_deref() != Some(group) {
                    *g = Some(group.to_string());
                    work.send(Work::Sheet(group.to_string()))
                        .await
                        .map_err(|_| Stop::Gone)?;
                }
                work.send(Work::Row(cells)).await.map_err(|_| Stop::Gone)?;
            }
        }
        Ok(())
    }

    async fn finish(self) -> Result<(), Stop> {
        match self {
            Sink::Csv { out, buf } => {
                if !buf.is_empty() {
                    out.send(Ok(Bytes::from(buf)))
                        .await
                        .map_err(|_| Stop::Gone)?;
                }
            }
            Sink::Xlsx { work, done, .. } => {
                drop(work);
                let _ = done.await;
            }
        }
        Ok(())
    }

    async fn fail(self) {
        match self {
            Sink::Csv { out, .. } => {
                let _ = out.send(Err(io::Error::other("export failed"))).await;
            }
            Sink::Xlsx { work, done, .. } => {
                let _ = work.send(Work::Abort).await;
                drop(work);
                let _ = done.await;
            }
        }
    }
}

/// One CSV record appended to `buf`, written by the `csv` crate (quoted as RFC 4180 needs,
/// CRLF line ends). Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a
/// tab or a carriage return first) gets a leading apostrophe: a villager's words must never
/// become a formula on the office PC.
fn csv_record(buf: &mut Vec<u8>, cells: &[Cell]) -> csv::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(1024)
        .from_writer(buf);
    w.write_record(cells.iter().map(|cell| match cell {
        Cell::Text(t) if t.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{t}"),
        Cell::Text(t) => t.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Date(d) => d.to_string(),
        Cell::Time(t) => crate::ui::time::minute(*t),
        Cell::Empty => String::new(),
    }))?;
    w.flush()?;
    Ok(())
}

/// The zip stream's output, in chunks, into the response body. A closed body (the client
/// went away) fails the write, which ends the blocking thread.
struct ChannelWriter {
    out: mpsc::Sender<io::Result<Bytes>>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.out
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_it_must_and_defuses_formulas() {
        let mut buf = Vec::new();
        csv_record(
            &mut buf,
            &[
                Cell::text("王\"五\""),
                Cell::text("a,b"),
                Cell::text("=HYPERLINK(\"x\")"),
                Cell::Int(3),
                Cell::Empty,
                Cell::text("两行\n文字"),
                Cell::text("\t=1+1"),
            ],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "\"王\"\"五\"\"\",\"a,b\",\"'=HYPERLINK(\"\"x\"\")\",3,,\"两行\n文字\",'\t=1+1\r\n"
        );
    }

    #[test]
    fn names_keep_only_the_surname() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳小红"), "欧***");
        assert_eq!(mask_name("李"), "李*");
        assert_eq!(mask_name(""), "");
    }
}
