//! The villager's side (DESIGN.md §3): `/c/{token}` (the card page with the feedback form),
//! `/c/{token}/vcard`, `/c/{token}/qr.svg`, and `/r/{code}` (a receipt's status). Plain
//! server-rendered HTML with its style inline: one request, a few kilobytes, no WASM, and
//! complete without JavaScript (a small inline script only keeps a half-typed form).
use super::model::*;
use crate::feedback::model::{Category, FeedbackFields, ReceiptCode, Status};
use crate::i18n::{Locale, LANG_COOKIE};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, RawQuery};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use chrono::Datelike;
use std::fmt::Write;
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

/// Text of these pages only: they are rendered on the server, so it stays out of the WASM.
fn tx(l: Locale, zh: &'static str, en: &'static str) -> &'static str {
    match l {
        Locale::Zh => zh,
        Locale::En => en,
    }
}

use crate::ui::esc;

/// `?lang=` first (links carry it), then the app's language cookie, else Chinese.
pub(crate) fn locale(query: Option<&str>, headers: &HeaderMap) -> Locale {
    param(query, "lang")
        .and_then(|l| Locale::from_code(&l))
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

const CSS: &str = include_str!("public.css");
/// Keeps a half-typed form in this browser and guards against a double tap.
const FORM_JS: &str = include_str!("public.js");
/// On the receipt: the form was sent, its saved copy can go.
const SENT_JS: &str = "try{localStorage.removeItem('shugen-feedback')}catch(e){}";

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

/// The document around a page's sections.
/// `path` is the page's own address: the language link points there.
fn document(l: Locale, title: &str, path: &str, body: &str, script: Option<&str>) -> String {
    let lang_href = format!("{path}?lang={}", other_lang(l));
    let other = match l {
        Locale::Zh => "English",
        Locale::En => "中文",
    };
    let script = script
        .map(|s| format!("<script>{s}</script>"))
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{title}</title><style>{CSS}</style></head>\
         <body><main><header><div class=\"bar\"><p>{app}</p><a class=\"lang\" href=\"{lang_href}\">{other}</a></div>\
         <h1>{title}</h1></header>{body}<footer>{app}</footer></main>{script}</body></html>",
        lang = l.html_lang(),
        title = esc(title),
        app = tx(l, "树根 · 联村为民", "Shugen · village liaison"),
    )
}

fn other_lang(l: Locale) -> &'static str {
    match l {
        Locale::Zh => "en",
        Locale::En => "zh",
    }
}

fn tel(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

/// The bureau's, leadership's and town's numbers, those that are set.
fn contact_list(l: Locale, c: &Contacts) -> String {
    let mut out = String::from("<ul class=\"contacts\">");
    let mut line = |who: String, phone: &str| {
        if !phone.is_empty() {
            let _ = write!(
                out,
                "<li><span>{}</span><a href=\"{}\">{}</a></li>",
                esc(&who),
                tel(phone),
                esc(phone)
            );
        }
    };
    let bureau = if c.bureau.is_empty() {
        tx(l, "局", "Bureau").to_string()
    } else {
        c.bureau.clone()
    };
    line(
        format!("{bureau}{}", tx(l, "领导小组办公室", " liaison office")),
        &c.office_phone,
    );
    line(
        format!(
            "{}{}",
            tx(l, "局领导 ", "Bureau leadership: "),
            c.leader_name
        ),
        &c.leader_phone,
    );
    line(
        format!("{}{}", c.town, tx(l, "人民政府", " town government")),
        &c.town_phone,
    );
    out.push_str("</ul>");
    out
}

fn weekday(l: Locale, d: chrono::NaiveDate) -> &'static str {
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let i = d.weekday().num_days_from_monday() as usize;
    match l {
        Locale::Zh => ZH[i],
        Locale::En => EN[i],
    }
}

fn service_days(l: Locale) -> String {
    let (a, b) = next_service_days(crate::ui::time::today());
    let day = |d: chrono::NaiveDate| match l {
        Locale::Zh => format!("{}月{}日（{}）", d.month(), d.day(), weekday(l, d)),
        Locale::En => format!("{} {}/{}", weekday(l, d), d.day(), d.month()),
    };
    format!(
        "<section><h3>{}</h3><p>{}</p><p class=\"hint\">{}{}{}{}</p></section>",
        tx(l, "便民服务日", "Service days"),
        tx(
            l,
            "每月6日、7日，联村干部在村服务，当面办事、接待来访。",
            "The 6th and 7th of every month: your liaison cadre is in the village to help in person."
        ),
        tx(l, "下一次：", "Next: "),
        day(a),
        tx(l, "、", ", "),
        day(b)
    )
}

/// What the villager typed, and what was wrong with it.
#[derive(Default)]
struct FormState {
    key: String,
    fields: FeedbackFields,
    errors: Vec<crate::error::FieldError>,
}

impl FormState {
    fn fresh() -> Self {
        FormState {
            key: new_key(),
            ..Default::default()
        }
    }

    fn error(&self, l: Locale, field: &str) -> String {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| format!("<p class=\"err\" id=\"e-{field}\">{}</p>", e.msg.text(l)))
            .unwrap_or_default()
    }

    /// ` autofocus` on the first field (in the form's order) the server refused: the browser
    /// takes the villager straight to it, script or not.
    fn focus(&self, field: &str) -> &'static str {
        let first = ["category", "content", "name", "phone"]
            .into_iter()
            .find(|f| self.errors.iter().any(|e| e.field == *f));
        if first == Some(field) {
            " autofocus"
        } else {
            ""
        }
    }

    fn class(&self, field: &str) -> &'static str {
        if self.errors.iter().any(|e| e.field == field) {
            " class=\"invalid\""
        } else {
            ""
        }
    }
}

/// A form key: random, so a form resubmitted from the browser's history is recognised.
fn new_key() -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn feedback_form(l: Locale, token: &str, f: &FormState) -> String {
    let mut options = format!(
        "<option value=\"\">{}</option>",
        tx(l, "请选择类别", "Choose a category")
    );
    for c in Category::ALL {
        let sel = if f.fields.category == c.code() {
            " selected"
        } else {
            ""
        };
        let _ = write!(
            options,
            "<option value=\"{}\"{sel}>{}</option>",
            c.code(),
            c.label().text(l)
        );
    }
    format!(
        "<section id=\"feedback\"><h3>{title}</h3><p class=\"hint\">{intro}</p>\
         <form id=\"fb\" method=\"post\" action=\"/c/{token}/feedback\" accept-charset=\"utf-8\">\
         <input type=\"hidden\" name=\"key\" value=\"{key}\"><input type=\"hidden\" name=\"lang\" value=\"{lang}\">\
         <div{cc}><label for=\"category\">{cat}</label><select id=\"category\" name=\"category\" required{cf}>{options}</select>{ce}</div>\
         <div{tc}><label for=\"content\">{content_l}</label><textarea id=\"content\" name=\"content\" maxlength=\"2000\" required{tf}>{content}</textarea>{te}</div>\
         <div{nc}><label for=\"name\">{name_l}</label><input id=\"name\" name=\"name\" autocomplete=\"name\" value=\"{name}\"{nf}>{ne}</div>\
         <div{pc}><label for=\"phone\">{phone_l}</label><input id=\"phone\" name=\"phone\" type=\"tel\" inputmode=\"tel\" autocomplete=\"tel\" value=\"{phone}\"{pf}>{pe}</div>\
         <p class=\"hint\">{anon}</p>\
         <div class=\"hp\" aria-hidden=\"true\"><label for=\"website\">Website</label><input id=\"website\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></div>\
         <button type=\"submit\" class=\"btn call\" data-busy=\"{busy}\">{send}</button></form></section>",
        title = tx(l, "意见反馈", "Send feedback"),
        intro = tx(
            l,
            "有困难、有意见、有建议，都可以告诉我们。提交后会得到回执码，凭它查询办理进度。",
            "Tell us about a problem, a complaint or an idea. You get a receipt code to follow it up."
        ),
        key = esc(&f.key),
        lang = l.code(),
        cc = f.class("category"),
        cf = f.focus("category"),
        tf = f.focus("content"),
        nf = f.focus("name"),
        pf = f.focus("phone"),
        ce = f.error(l, "category"),
        cat = tx(l, "类别", "Category"),
        tc = f.class("content"),
        te = f.error(l, "content"),
        content_l = tx(l, "反映的问题或建议", "What would you like to tell us?"),
        content = esc(&f.fields.content),
        nc = f.class("name"),
        ne = f.error(l, "name"),
        name_l = tx(l, "您的称呼（可不填）", "Your name (optional)"),
        name = esc(&f.fields.name),
        pc = f.class("phone"),
        pe = f.error(l, "phone"),
        phone_l = tx(l, "联系电话（可不填）", "Phone (optional)"),
        phone = esc(&f.fields.phone),
        anon = tx(
            l,
            "可以匿名反映。留下电话，我们可以回电告诉您结果。",
            "You may stay anonymous. Leave a number if you would like a call back."
        ),
        busy = tx(l, "正在提交…", "Sending…"),
        send = tx(l, "提交反馈", "Send"),
    )
}

fn lookup_form(l: Locale) -> String {
    format!(
        "<section><h3>{}</h3><form method=\"get\" action=\"/r\"><input type=\"hidden\" name=\"lang\" value=\"{}\">\
         <label for=\"code\">{}</label><input id=\"code\" name=\"code\" autocomplete=\"off\" autocapitalize=\"characters\" placeholder=\"7K3M-9QXD\">\
         <button type=\"submit\" class=\"btn\">{}</button></form></section>",
        tx(l, "查询办理进度", "Check progress"),
        l.code(),
        tx(l, "回执码", "Receipt code"),
        tx(l, "查询", "Look up"),
    )
}

/// 班子成员: the bureau's and the town's leaders with their phones and duties (三(一)2 三).
/// Written with Leptos `view!` rendered to HTML, which escapes every text (the rest of this
/// file moves over to it with issue 22).
fn leadership(l: Locale, lines: &[LeaderLine]) -> String {
    use leptos::prelude::*;
    if lines.is_empty() {
        return String::new();
    }
    let group = |bureau: bool, title: &'static str| {
        let rows: Vec<LeaderLine> = lines
            .iter()
            .filter(|x| x.bureau == bureau)
            .cloned()
            .collect();
        (!rows.is_empty()).then(|| {
            view! {
                <h4>{title}</h4>
                <ul class="contacts leaders">
                    {rows
                        .into_iter()
                        .map(|x| {
                            let href = tel(&x.phone);
                            view! {
                                <li data-testid="leader">
                                    <span>
                                        <b>{x.name}</b>
                                        " "
                                        {x.post}
                                        {(!x.duties.is_empty()).then(|| view! { <br /> <small>{x.duties}</small> })}
                                    </span>
                                    <a href=href>{x.phone}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })
    };
    view! {
        <section data-testid="leadership">
            <h3>{tx(l, "班子成员联系方式", "Leadership contacts")}</h3>
            {group(true, tx(l, "局班子成员", "Bureau leadership"))}
            {group(false, tx(l, "镇班子成员", "Town leadership"))}
        </section>
    }
    .to_html()
}

fn card_page(
    l: Locale,
    card: &CardView,
    contacts: &Contacts,
    form: &FormState,
    banner: Option<String>,
) -> String {
    let token = esc(&card.token);
    let mut body = banner.unwrap_or_default();
    // The post (岗位) unless the title already says it.
    let post = card.post.label().text(l);
    let post = if card.title.contains(post) { "" } else { post };
    let subtitle = [post, card.title.as_str(), card.unit.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| esc(s))
        .collect::<Vec<_>>()
        .join(" · ");
    let _ = write!(
        body,
        "<section class=\"who\"><p class=\"hint\">{role}</p><h2 data-testid=\"cadre\">{name}</h2><p class=\"muted\">{subtitle}</p>\
         <a class=\"btn call\" href=\"{tel}\">{call} {phone}</a>\
         <a class=\"btn\" href=\"/c/{token}/vcard\">{save}</a>\
         <a class=\"btn\" href=\"#feedback\" data-testid=\"jump-feedback\">{jump}</a>\
         <p class=\"hint\" id=\"wechat\" hidden data-testid=\"wechat-hint\">{wechat}</p></section>",
        role = tx(l, "您的联村干部", "Your liaison cadre"),
        jump = tx(l, "我要反映问题", "Send feedback"),
        wechat = tx(
            l,
            "在微信里可能无法直接保存联系人：请点右上角“···”，选“在浏览器打开”后再保存；也可以长按上面的号码复制。拨打电话和提交反馈在微信里都能用。",
            "WeChat may not save contacts: tap “···” at the top right and choose “Open in browser”, then save; or press and hold the number above to copy it. Calling and sending feedback work in WeChat."
        ),
        name = esc(&card.cadre),
        tel = tel(&card.phone),
        call = tx(l, "拨打", "Call"),
        phone = esc(&card.phone),
        save = tx(l, "保存到通讯录", "Add to contacts"),
    );
    {
        body.push_str("<section>");
        if !card.duties.is_empty() {
            let _ = write!(
                body,
                "<h3>{}</h3><p>{}</p>",
                tx(l, "工作职责", "Duties"),
                esc(&card.duties)
            );
        }
        // The reply time is the office's one setting, the same on every card and receipt.
        let _ = write!(
            body,
            "<h3>{}</h3><p>{}</p><p data-testid=\"reply-days\">{}</p>",
            tx(l, "服务承诺", "Our promise"),
            esc(&card.promise),
            crate::i18n::Msg::CardReplyDays.fmt(l, &[&contacts.reply_days().to_string()])
        );
        body.push_str("</section>");
    }
    body.push_str(&service_days(l));
    body.push_str(&leadership(l, &contacts.leadership));
    let _ = write!(
        body,
        "<section><h3>{}</h3>{}</section>",
        tx(l, "其他联系方式", "Other contacts"),
        contact_list(l, contacts)
    );
    body.push_str(&feedback_form(l, &token, form));
    body.push_str(&lookup_form(l));
    let title = format!("{} · {}", tx(l, "便民联系卡", "Liaison card"), card.cadre);
    document(l, &title, &format!("/c/{token}"), &body, Some(FORM_JS))
}

/// For a revoked or unknown card: not a dead end, the bureau's numbers instead.
fn stopped_page(l: Locale, contacts: &Contacts, path: &str) -> Response {
    Notice {
        status: StatusCode::OK,
        title: tx(l, "便民联系卡", "Liaison card"),
        heading: tx(l, "此联系卡已停用", "This card is no longer in use"),
        text: tx(
            l,
            "联村干部可能已调整。有事请拨打下面的电话，我们会安排新的联村干部与您联系。",
            "Your liaison cadre may have changed. Please call one of the numbers below and we will put you in touch.",
        ),
        after: format!(
            "<section><h3>{}</h3>{}</section>{}",
            tx(l, "联系我们", "Contact us"),
            contact_list(l, contacts),
            lookup_form(l)
        ),
        path,
    }
    .render(l)
}

/// A page that says one thing: a heading, a sentence, and what may follow them.
struct Notice<'a> {
    status: StatusCode,
    title: &'static str,
    heading: &'static str,
    text: &'static str,
    after: String,
    path: &'a str,
}

impl Notice<'_> {
    fn render(self, l: Locale) -> Response {
        let body = format!(
            "<section><h2>{}</h2><p>{}</p></section>{}",
            self.heading, self.text, self.after
        );
        html(self.status, document(l, self.title, self.path, &body, None))
    }
}

fn server_error(l: Locale, path: &str) -> Response {
    Notice {
        status: StatusCode::SERVICE_UNAVAILABLE,
        title: tx(l, "便民联系卡", "Liaison card"),
        heading: tx(l, "系统繁忙", "Something went wrong"),
        text: tx(
            l,
            "请稍后再试。您填写的内容仍在上一页。",
            "Please try again in a moment. What you typed is still on the previous page.",
        ),
        after: String::new(),
        path,
    }
    .render(l)
}

#[derive(Clone)]
enum Found {
    Active(Box<CardView>, Contacts),
    Stopped(Contacts),
}

/// Card pages are read far more often than cards change (every scan of every printed card):
/// what a token shows is kept a few seconds and dropped at once when the office changes a
/// card or the contact lines. A cadre's profile edit shows within `CACHE_FOR`.
#[derive(Default)]
pub struct CardCache {
    entries: std::sync::RwLock<std::collections::HashMap<String, (std::time::Instant, Found)>>,
    /// Bumped by every `clear`: a read that began before a change is not cached after it.
    generation: std::sync::atomic::AtomicU64,
}

const CACHE_FOR: std::time::Duration = std::time::Duration::from_secs(10);
/// Unknown tokens are cached too; this bounds what random ones can fill.
const CACHE_MAX: usize = 10_000;

impl CardCache {
    pub fn clear(&self) {
        let mut map = self.entries.write().unwrap_or_else(|p| p.into_inner());
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        map.clear();
    }

    fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn get(&self, token: &str) -> Option<Found> {
        let map = self.entries.read().unwrap_or_else(|p| p.into_inner());
        map.get(token)
            .filter(|(at, _)| at.elapsed() < CACHE_FOR)
            .map(|(_, f)| f.clone())
    }

    fn put(&self, token: &str, found: &Found, read_at: u64) {
        let mut map = self.entries.write().unwrap_or_else(|p| p.into_inner());
        if self.generation() != read_at {
            return;
        }
        if map.len() >= CACHE_MAX {
            map.clear();
        }
        map.insert(
            token.to_string(),
            (std::time::Instant::now(), found.clone()),
        );
    }
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
    let l = Locale::from_code(&get("lang")).unwrap_or(cookie_l);
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
        return Notice {
            status: StatusCode::OK,
            title: tx(l, "意见反馈", "Feedback"),
            heading: tx(l, "感谢您的反馈", "Thank you for your feedback"),
            text: "",
            after: String::new(),
            path: &path,
        }
        .render(l);
    }
    let checked = match form.fields.check() {
        Ok(b) => b,
        Err(errors) => {
            form.errors = errors;
            let banner = format!(
                "<p class=\"banner\" role=\"alert\">{}</p>",
                tx(
                    l,
                    "请按提示修改后再提交。",
                    "Please correct the marked fields and send again."
                )
            );
            return html(
                StatusCode::UNPROCESSABLE_ENTITY,
                card_page(l, &card, &contacts, &form, Some(banner)),
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
    Notice {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        title: tx(l, "意见反馈", "Feedback"),
        heading: tx(l, "内容太长了", "That is too long"),
        text: tx(
            l,
            "请返回上一页，把内容缩短到 2000 字以内再提交；也可以分几次提交。",
            "Please go back, shorten it to 2,000 characters and send it again, or send it in parts.",
        ),
        after: String::new(),
        path: &card_path(path.trim_start_matches("/c/").split('/').next().unwrap_or("")),
    }
    .render(l)
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
    let banner = format!(
        "<p class=\"banner\" role=\"alert\" data-testid=\"throttled\">{}{minutes}{}{}</p>",
        tx(
            l,
            "提交太频繁了，请",
            "Too many forms from this connection. Please try again in "
        ),
        tx(l, "分钟后再试，或直接拨打 ", " minutes, or call "),
        esc(&card.phone)
    );
    html(
        StatusCode::TOO_MANY_REQUESTS,
        card_page(l, card, contacts, form, Some(banner)),
    )
}

fn bad_request(l: Locale, path: &str) -> Response {
    Notice {
        status: StatusCode::BAD_REQUEST,
        title: tx(l, "意见反馈", "Feedback"),
        heading: tx(l, "提交的内容无法识别", "The form could not be read"),
        text: tx(
            l,
            "请返回上一页，重新填写后提交。",
            "Please go back, fill the form in again and send it.",
        ),
        after: String::new(),
        path,
    }
    .render(l)
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
    Notice {
        status: StatusCode::NOT_FOUND,
        title: tx(l, "查询办理进度", "Check progress"),
        heading: tx(l, "没有找到这个回执码", "No feedback has this receipt code"),
        text: tx(
            l,
            "请核对回执码（8位字母和数字）后再查询。",
            "Please check the code (8 letters and digits) and try again.",
        ),
        after: lookup_form(l),
        path: "/r",
    }
    .render(l)
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
    let mut body = String::new();
    if new {
        let _ = write!(
            body,
            "<p class=\"banner ok\" role=\"status\">{}</p>",
            tx(
                l,
                "提交成功！请记下或截图保存回执码，凭它查询办理进度。",
                "Sent! Write down or screenshot the receipt code to follow your feedback up."
            )
        );
    }
    let mut steps = String::new();
    for s in Status::ALL {
        let on = if s == status.status {
            " class=\"on\""
        } else {
            ""
        };
        let _ = write!(steps, "<li{on}>{}</li>", s.label().text(l));
    }
    let _ = write!(
        body,
        "<section><p class=\"hint\">{code_l}</p><p class=\"code\" data-testid=\"receipt\">{code}</p>\
         <dl><dt>{cat_l}</dt><dd>{cat}</dd><dt>{time_l}</dt><dd>{time}</dd><dt>{status_l}</dt>\
         <dd data-testid=\"status\">{status}</dd></dl><ol class=\"steps\">{steps}</ol></section>",
        code_l = tx(l, "回执码", "Receipt code"),
        code = esc(&status.receipt),
        cat_l = tx(l, "类别", "Category"),
        cat = status.category.label().text(l),
        time_l = tx(l, "提交时间", "Sent"),
        time = crate::ui::time::minute(status.received_at),
        status_l = tx(l, "办理状态", "Status"),
        status = status.status.label().text(l),
    );
    let _ = write!(body, "<section><h3>{}</h3>", tx(l, "答复", "Replies"));
    if status.replies.is_empty() {
        let _ = write!(
            body,
            "<p class=\"hint\" data-testid=\"reply-days\">{} {}</p>",
            tx(l, "暂无答复。", "No reply yet."),
            tx(
                l,
                "受理后{0}个工作日内答复；需要研究的事项在每月调度会研究，办理结果会在这里公布。",
                "You will be answered within {0} working days of acceptance; matters that need study go to the monthly meeting, and the outcome appears here."
            )
            .replace("{0}", &reply_days.to_string())
        );
    }
    for r in &status.replies {
        let _ = write!(
            body,
            "<div class=\"reply\"><p class=\"hint\">{} · {}</p><p>{}</p></div>",
            crate::ui::time::minute(r.at),
            r.status.label().text(l),
            esc(&r.body)
        );
    }
    body.push_str("</section>");
    if let Some(t) = &status.card_token {
        let _ = write!(
            body,
            "<section><a class=\"btn\" href=\"/c/{}?lang={}\">{}</a></section>",
            esc(t),
            l.code(),
            tx(l, "返回联系卡", "Back to the card")
        );
    }
    let path = format!("/r/{}", code.as_str());
    html(
        StatusCode::OK,
        document(
            l,
            tx(l, "意见反馈回执", "Feedback receipt"),
            &path,
            &body,
            new.then_some(SENT_JS),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

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
