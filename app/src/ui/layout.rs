//! The frame around every page: a top bar with the language switch, a bottom navigation
//! sized for thumbs, and the guards that keep pages to their roles.
use crate::auth::context::use_auth;
use crate::i18n::{texts_loaded, tr, use_i18n, Locale, Msg};
use crate::model::Role;
use leptos::prelude::*;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_location;

#[component]
pub fn TopBar() -> impl IntoView {
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">
                    "根"
                </span>
                <span>{tr(Msg::AppName)}</span>
            </a>
            <span class="topbar-end">
                <crate::offline::ui::SyncBadge />
                <LangSwitch />
            </span>
        </header>
    }
}

/// Switches between 中文 and English; the button names the other language in itself. A page
/// in English whose English texts could not be fetched (no network, no worker's copy) draws
/// its own texts in Chinese: the button then offers English, and tapping it tries again.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    // Known only in the browser: set after hydration so the server's HTML stays the same
    // (hydration keeps the server's text), and again after every switch.
    let english = RwSignal::new(true);
    Effect::new(move |_| {
        i18n.locale.track();
        english.set(texts_loaded(Locale::En));
    });
    let other = move || match i18n.get() {
        Locale::En if english.get() => Locale::Zh,
        _ => Locale::En,
    };
    view! {
        <button
            type="button"
            class="lang"
            data-testid="lang-switch"
            // For a page served plain (sign-in opened cold), whose own script switches.
            data-lang=move || other().code()
            on:click=move |_| i18n.set(other())
        >
            {move || other().native_name()}
        </button>
    }
}

impl Locale {
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Zh => "中文",
            Locale::En => "English",
        }
    }
}

#[component]
pub fn BottomNav() -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    // The office and leaders see on the 反馈 tab how many items wait to be accepted, fresh
    // at every page they open; a cadre's phone asks nothing (it may be offline). Asked in the
    // browser only, after hydration: a resource here, in the frame, would be created in a
    // different order than on the server whenever a lazy page loads first, and hydrate with
    // another resource's value.
    let waiting = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        let office = auth.user().is_some_and(|u| u.role != Role::Cadre);
        location.pathname.track();
        // Not before the page has hydrated: a count that arrived earlier would meet the
        // server's badge-less HTML in the middle of hydration.
        if office && page_hydrated() {
            leptos::task::spawn_local(async move {
                waiting.set(crate::feedback::api::waiting_feedback().await.ok());
            });
        }
    });
    view! {
        <Transition>
            {move || {
                let user = auth.user()?;
                if location.pathname.get() == "/login" {
                    return None;
                }
                let mut items = vec![("/", Msg::NavHome), ("/households", Msg::NavHouseholds)];
                if user.role != Role::Admin {
                    items.push(("/visits", Msg::NavVisits));
                }
                items.push(("/ledger", Msg::NavLedger));
                items.push(("/feedback", Msg::NavFeedback));
                if user.role == Role::Admin {
                    // Villages, cards, import and clashes are on the home page.
                    items.push(("/users", Msg::NavUsers));
                }
                items.push(("/me", Msg::NavMe));
                Some(
                    view! {
                        <nav class="bottomnav" aria-label=tr(Msg::NavLabel)>
                            {items
                                .into_iter()
                                .map(|(href, label)| {
                                    // The mark is the label's first character, so it follows the language.
                                    let text = tr(label);
                                    let icon = move || text().chars().next().unwrap_or(' ');
                                    // The same element on the server and in the browser, whatever the
                                    // count: only its attributes change, so hydration never meets a
                                    // node it did not expect (the count arrives at its own time).
                                    let badge = (href == "/feedback").then(|| {
                                        let count = move || waiting.get().filter(|n| *n > 0);
                                        view! {
                                            <span
                                                class="nav-badge"
                                                data-testid="nav-waiting"
                                                data-count=move || count().map(|n| n.to_string())
                                            ></span>
                                        }
                                    });
                                    view! {
                                        <A href=href exact=href == "/">
                                            <span class="icon" aria-hidden="true">
                                                {icon}
                                                {badge}
                                            </span>
                                            <span>{tr(label)}</span>
                                        </A>
                                    }
                                })
                                .collect_view()}
                        </nav>
                    },
                )
            }}
        </Transition>
    }
}

/// One tab of a list's filter row, with its count; `alert` marks a count that needs action.
#[component]
pub fn Tab(
    href: String,
    label: Msg,
    count: i64,
    on: bool,
    #[prop(optional)] alert: bool,
) -> impl IntoView {
    view! {
        <a class="tab" class:on=on class:alert=alert aria-current=on.then_some("page") href=href>
            {tr(label)}
            " "
            <span class="count">{count}</span>
        </a>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="muted">{tr(Msg::Loading)}</p> }
}

/// No page has this path: the router's fallback (`data-testid="no-page"`, which the route
/// table's end-to-end test looks for; a missing record is the page's own message).
#[component]
pub fn NotFound() -> impl IntoView {
    view! { <Refusal msg=Msg::ErrNotFound status=404 testid="no-page" /> }
}

/// Waits `ms` milliseconds (a browser timer); at once on the server.
pub async fn pause(ms: i32) {
    #[cfg(feature = "hydrate")]
    {
        let timer = js_sys::Promise::new(&mut |resolve, _| {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(timer).await;
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ms;
}

/// In place of a lazily loaded page whose chunk could not be fetched (no signal, and no
/// service worker holding it: a first visit, a browser without workers): says that the
/// page needs a connection once (`data-testid="page-not-fetched"`). "Try again" fetches the
/// chunk (`fetch`, the group's fallible preload) and reloads the page when it has arrived,
/// or says the server is still out of reach; the link leads to the diary, which is in the
/// first download and works offline.
#[component]
pub fn PageNotFetched<F, Fut>(fetch: F) -> impl IntoView
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(), leptos::wasm_split::SplitLoaderError>> + 'static,
{
    let (busy, failed) = (RwSignal::new(false), RwSignal::new(false));
    let retry = move |_| {
        busy.set(true);
        failed.set(false);
        leptos::task::spawn_local(async move {
            if fetch().await.is_ok() {
                let _ = window().location().reload();
            } else {
                busy.set(false);
                failed.set(true);
            }
        });
    };
    view! {
        <section class="card" data-testid="page-not-fetched">
            <h1>{tr(Msg::PageNotFetched)}</h1>
            <p class="muted">{tr(Msg::PageNotFetchedHint)}</p>
            <Show when=move || failed.get()>
                <p class="banner error" role="alert">
                    {tr(Msg::ErrOffline)}
                </p>
            </Show>
            <div class="actions">
                <button
                    class="primary"
                    on:click=retry
                    disabled=move || busy.get()
                    aria-busy=move || busy.get().to_string()
                >
                    {tr(Msg::PageRetry)}
                </button>
                <a class="button" href="/visits">
                    {tr(Msg::VisitsMine)}
                </a>
            </div>
        </section>
    }
}

#[component]
pub fn Forbidden() -> impl IntoView {
    view! { <Refusal msg=Msg::ErrForbidden status=403 testid="forbidden" /> }
}

/// A page that says no, with the HTTP status to match when rendered on the server.
#[component]
fn Refusal(msg: Msg, status: u16, testid: &'static str) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(o), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        o.set_status(code);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
    view! {
        <section class="card" data-testid=testid>
            <h1>{tr(msg)}</h1>
            <a class="button" href="/">
                {tr(Msg::NavHome)}
            </a>
        </section>
    }
}

/// Renders `children` for a signed-in user with one of `roles`; sends anyone signed out to
/// the login page and shows everyone else a refusal (403 on the server).
#[component]
pub fn RequireRole(roles: &'static [Role], children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=Loading>
            {move || {
                auth.me
                    .get()
                    .map(|r| match r {
                        Ok(Some(u)) if u.is(roles) => children.read_value()().into_any(),
                        Ok(Some(_)) => view! { <Forbidden /> }.into_any(),
                        _ => view! { <Redirect path="/login" /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

pub const EVERYONE: &[Role] = &[Role::Admin, Role::Leader, Role::Cadre];
pub const OFFICE: &[Role] = &[Role::Admin];
/// Those who run the dispatch meeting.
pub const LEADERSHIP: &[Role] = &[Role::Admin, Role::Leader];

/// Opens the browser's print dialog (minutes, the monthly report).
fn print() {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().print();
    }
}

/// A printable page's bar: the way back and a print button; neither prints.
#[component]
pub fn PrintBar(#[prop(into)] back: Signal<String>, label: Msg) -> impl IntoView {
    view! {
        <div class="no-print row between">
            <a href=move || back.get()>{tr(label)}</a>
            <button type="button" class="primary" data-testid="print" on:click=|_| print()>
                {tr(Msg::PrintNow)}
            </button>
        </div>
    }
}

/// Shows the latest value of `value` (a resource's, usually) through `children`, building new
/// DOM for every value that arrives instead of patching the old.
///
/// Patching reuses row N's DOM for whatever is row N after a reload, and with it what was typed
/// and which `<details>` was open: at the 调度会 the next feedback item's form opened already
/// filled with the previous item's owner and decision. Every page with a form per row reloads
/// through this, so each row's form starts from that row's own values.
#[component]
pub fn Fresh<T, V, F>(#[prop(into)] value: Signal<Option<T>>, children: F) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Send + Clone + 'static,
{
    // A new key for every value: `For` drops the old row and builds the new one from scratch.
    let arrivals = StoredValue::new(0_u64);
    view! {
        <For
            each=move || {
                let v = value.get();
                arrivals.update_value(|n| *n += 1);
                v.map(|v| (arrivals.get_value(), v))
            }
            key=|(n, _)| *n
            children=move |(_, v)| children(v)
        />
    }
}

#[cfg(feature = "hydrate")]
thread_local! {
    static HYDRATED: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

/// True (and reactive) once the whole page has hydrated, in the browser; never on the server.
/// Counts that arrive on their own time wait for it, so hydration never meets them.
pub fn page_hydrated() -> bool {
    #[cfg(feature = "hydrate")]
    return HYDRATED.with(|s| s.get());
    #[cfg(not(feature = "hydrate"))]
    false
}

/// Called once by `hydrate()` when the page has hydrated.
#[cfg(feature = "hydrate")]
pub fn mark_hydrated() {
    HYDRATED.with(|s| s.set(true));
}
