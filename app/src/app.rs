//! The document shell, the router and the signed-in user shared by every page.
use crate::auth::api::{me, Login, Logout};
use crate::auth::context::Auth;
use crate::i18n::{provide_i18n, tr, Msg};
use crate::ui::layout::{BottomNav, TopBar};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Html, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, LazyRoute, SsrMode};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::ui::csp::hand_nonce_to_layer();
    // A plain page (sign-in opened cold, the diary in a browser without this build's app):
    // its own small script instead of the app's, which fetches what the pages after it
    // hydrate with: the field kit (the home page after sign-in, a household's page from the
    // diary), the sync engine (`offline/engine.rs`'s split point), which starts with the
    // app, and the English texts (`i18n/catalogue.rs`'s) for a page in English.
    // A page that paints first (the visit form in a browser without this build's app) asks
    // for the app's files after its first paint instead of in `<head>`.
    #[cfg(feature = "ssr")]
    let (plain, paint_first) = {
        use crate::ui::plain::{decide, paint_first, script, Cold, Served};
        let cold = Cold {
            plain: COLD_PLAIN_PAGES,
            paint_first: COLD_PAINT_FIRST_PAGES,
        };
        match decide(&options, PLAIN_PAGES, cold) {
            Served::Plain => {
                let mut next = vec![field_kit::SPLIT, "sync_engine"];
                if crate::i18n::initial_locale() == crate::i18n::Locale::En {
                    next.push("english_texts");
                }
                (Some(script(&options, &next, OFFLINE_PAGES)), None)
            }
            Served::App {
                paint_first: true, ..
            } => (None, paint_first(&options)),
            Served::App { .. } => (None, None),
        }
    };
    #[cfg(not(feature = "ssr"))]
    let (plain, paint_first): (Option<AnyView>, Option<AnyView>) = (None, None);
    let app = plain.is_none().then(|| match paint_first {
        Some(scripts) => scripts,
        None => view! { <HydrationScripts options=options.clone() /> }.into_any(),
    });
    view! {
        <!DOCTYPE html>
        // `lang` comes from the reader's language (`<Html>` in `App`), written once.
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#b3261e" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <HashedStylesheet options=options.clone() id="leptos" />
                {app}
                <MetaTags />
            </head>
            <body>
                <App />
                {plain}
            </body>
        </html>
    }
}

/// Pages other than sign-in and the visit diary live in WASM chunks (`cargo leptos
/// --split`), fetched when first opened: a phone's first load is the frame, sign-in and the
/// visit diary, not the office's screens. Several pages share one split point (a group):
/// every split point multiplies the chunks shared between them, and past a hundred chunks
/// cargo-leptos 0.3.8 mixes up `chunk_13` and `chunk_130` when it hashes names
/// (`scripts/check-split.mjs` guards against that). A group's view picks its page by the
/// route pattern the router matched.
///
/// Each group is a module (`field_kit::Route` is its route; `field_kit` names its chunk,
/// `split_field_kit.*.wasm`, and its key in the split manifest). Its split point is
/// fallible, as `#[lazy_route]`'s is not: where no service worker controls the page and
/// the chunk cannot be fetched (no signal on a first visit, WeChat's browser without
/// workers), `#[lazy_route]` panics and the whole app stops; here a page opened in the app
/// says it needs a connection once (`PageNotFetched`) and the rest of the app goes on, and
/// a page the server rendered keeps its HTML and hydrates when the chunk arrives.
/// A page must start all its resources at its top: one created inside already-resolved
/// content does not survive asynchronous hydration (tachys 0.2.19).
macro_rules! lazy_group {
    ($($chunk:ident { $($pattern:tt => $page:path,)* })*) => {$(
        pub(crate) mod $chunk {
            use super::*;

            /// The split point's name: its chunk's and its key in the split manifest (read
            /// for the field kit only, by `shell`).
            #[allow(dead_code)]
            pub const SPLIT: &str = stringify!($chunk);

            pub struct Route;

            impl LazyRoute for Route {
                fn data() -> Self {
                    Route
                }

                async fn view(_: Self) -> AnyView {
                    #[cfg(feature = "hydrate")]
                    return match page().await {
                        Ok(view) => view,
                        Err(_) => view! { <crate::ui::layout::PageNotFetched fetch /> }.into_any(),
                    };
                    // Named for a preload of its chunk, as `#[lazy]` does (leptos 0.8.23 writes
                    // none: it reads the split manifest outside any owner; checked with curl).
                    #[cfg(not(feature = "hydrate"))]
                    {
                        leptos::prefetch_lazy_fn_on_server(stringify!($chunk));
                        choose()
                    }
                }

                async fn preload() {
                    // While the server's HTML of this page hydrates, the router waits here and
                    // then hydrates the page at once: it cannot be swapped for PageNotFetched
                    // (a hydration error stops the app). So the fetch is tried again, at
                    // widening intervals, until it arrives; meanwhile the server's page shows.
                    #[cfg(feature = "hydrate")]
                    {
                        let hydrating = Owner::current_shared_context()
                            .is_some_and(|c| c.during_hydration());
                        let mut wait_ms = 1_000;
                        while fetch().await.is_err() && hydrating {
                            crate::ui::layout::pause(wait_ms).await;
                            wait_ms = (wait_ms * 2).min(30_000);
                        }
                    }
                }
            }

            /// The group's page for the router's path, in its chunk (`fetch` fetches the
            /// chunk alone).
            #[cfg(feature = "hydrate")]
            #[leptos::wasm_split::wasm_split(
                $chunk,
                wasm_split_path = ::leptos::wasm_split,
                preload(fetch),
                fallible
            )]
            pub fn page() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
                Ok(choose())
            }

            fn choose() -> AnyView {
                let path = leptos_router::hooks::use_location().pathname.get_untracked();
                $(if route_matches($pattern, &path) {
                    return $page().into_any();
                })*
                crate::ui::layout::NotFound().into_any()
            }
        }
    )*};
}

/// Whether `path` fits `pattern`, whose `:name` segments match any one segment.
fn route_matches(pattern: &str, path: &str) -> bool {
    let (pattern, path) = (pattern.trim_end_matches('/'), path.trim_end_matches('/'));
    let (mut p, mut q) = (pattern.split('/'), path.split('/'));
    loop {
        match (p.next(), q.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if (a.starts_with(':') && !b.is_empty()) || a == b => {}
            _ => return false,
        }
    }
}

/// The one table of pages: each path is written once, with its page and how it loads
/// (`plain`: in the first download, and served without the app's scripts when opened cold;
/// `eager`: in the first download, `(offline, plain_when_cold)` ones served as `plain` ones are
/// until the browser has been sent the app, `(offline, paint_first_when_cold)` ones until then
/// served with the app asked for after their first paint; `grouped`: in the group's lazy
/// chunk, a group of one page being a chunk of its own) and whether it opens with no network
/// (`(offline)`: a path, not a pattern, since the service worker fetches it as written). It
/// makes `app_routes` (the router's `<Routes>`), the lazy routes, `PLAIN_PAGES`,
/// `COLD_PLAIN_PAGES`, `COLD_PAINT_FIRST_PAGES`, `OFFLINE_PAGES`, and `ROUTE_PATTERNS` in the
/// router's order for the tests below;
/// `end2end/tests/routes.spec.ts` reads this table and opens every page.
///
/// The router takes the first route whose pattern fits, in this order: plain, eager, grouped.
/// `no_route_hides_a_later_one` fails when an earlier pattern fits a later path (say
/// `/households/:id` before `/households/import`): a literal path cannot follow a pattern of
/// an earlier section that fits it, so one of the two moves section.
macro_rules! route_table {
    (
        plain { $($p_path:tt => $p_page:path,)* }
        eager { $($e_path:tt $(($e_offline:ident $(, $e_cold:ident)?))? => $e_page:path,)* }
        grouped { $($group:ident { $($g_path:tt $(($g_offline:ident))? => $g_page:path,)* })* }
    ) => {
        fn app_routes() -> impl IntoView {
            view! {
                <Routes fallback=crate::ui::layout::NotFound>
                    $(<Route path=path!($p_path) view={$p_page} ssr=SsrMode::Async />)*
                    $(<Route path=path!($e_path) view={$e_page} ssr=SsrMode::Async />)*
                    $($(
                        <Route path=path!($g_path) view={Lazy::<$group::Route>::new()} ssr=SsrMode::Async />
                    )*)*
                </Routes>
            }
        }

        /// The pages marked `(offline)`: the service worker stores their HTML at install
        /// and serves it with no network (`server/src/sw.rs`).
        pub const OFFLINE_PAGES: &[&str] = &[
            $($(route_table!(@marked $e_offline $e_path),)?)*
            $($($(route_table!(@marked $g_offline $g_path),)?)*)*
        ];

        /// The `plain` pages: opened cold, the server sends their HTML without the app's
        /// scripts (`shell`).
        pub const PLAIN_PAGES: &[&str] = &[$($p_path,)*];

        /// The eager pages marked `plain_when_cold`: served plain as the `plain` pages are
        /// when the browser has not been sent this build's app (`ui/plain.rs`).
        pub const COLD_PLAIN_PAGES: &[&str] =
            route_table!(@pick plain_when_cold [] $($($(($e_cold $e_path))?)?)*);

        /// The eager pages marked `paint_first_when_cold`: served with the app, its files
        /// asked for after the first paint, when the browser has not been sent this build's
        /// app (`ui/plain.rs`'s `paint_first`).
        pub const COLD_PAINT_FIRST_PAGES: &[&str] =
            route_table!(@pick paint_first_when_cold [] $($($(($e_cold $e_path))?)?)*);

        /// Every page with a `_when_cold` marker (for the tests: building them, a marker not
        /// known here does not compile).
        #[cfg(test)]
        const COLD_PAGES: &[&str] = &[$($($(route_table!(@cold $e_cold $e_path),)?)?)*];

        #[cfg(test)]
        const ROUTE_PATTERNS: &[&str] = &[$($p_path,)* $($e_path,)* $($($g_path,)*)*];

        lazy_group! { $($group { $($g_path => $g_page,)* })* }
    };
    (@marked offline $path:tt) => {
        $path
    };
    (@cold plain_when_cold $path:tt) => {
        $path
    };
    (@cold paint_first_when_cold $path:tt) => {
        $path
    };
    // The paths marked `$want`, gathered one `($marker $path)` at a time.
    (@pick plain_when_cold [$($kept:tt)*] (plain_when_cold $path:tt) $($rest:tt)*) => {
        route_table!(@pick plain_when_cold [$($kept)* $path,] $($rest)*)
    };
    (@pick paint_first_when_cold [$($kept:tt)*] (paint_first_when_cold $path:tt) $($rest:tt)*) => {
        route_table!(@pick paint_first_when_cold [$($kept)* $path,] $($rest)*)
    };
    (@pick $want:ident [$($kept:tt)*] ($marker:ident $path:tt) $($rest:tt)*) => {
        route_table!(@pick $want [$($kept)*] $($rest)*)
    };
    (@pick $want:ident [$($kept:tt)*]) => {
        &[$($kept)*]
    };
}

route_table! {
    // In the first download: the frame, sign-in, and the visit diary with its form, the pages
    // a phone opens cold. Everything else is in chunks fetched when first opened; the service
    // worker stores every chunk, so `(offline)` pages open with no network all the same. Few
    // groups: the split makes a shared chunk for each set of split points that share code
    // (with a split point per page, the diary alone needed 134 of them); and a page moved out
    // of the first download costs its own cold load what it shares with the others (the form
    // in the field kit: 588 KB instead of 473). Issue 22's note has the measurements.
    //
    // Sign-in is in the first download for the app to open it (after a sign-out), but opened
    // cold it comes as HTML and CSS alone, no WASM: it draws at once on a slow link and a
    // cheap phone, and once drawn fetches the app for the page after it (`ui/plain.rs`).
    plain {
        "/login" => crate::auth::pages::LoginPage,
    }
    eager {
        // The diary is the app's start page (the manifest's `start_url`): opened in a browser
        // not yet sent this build's app (its first open, the first after an update, a browser
        // whose cookies were cleared) the server draws it from its own records and the app
        // comes after it (`ui/plain.rs`). The markers go in this order.
        "/visits" (offline, plain_when_cold) => crate::visits::pages::MyVisitsPage,
        // The form, opened in such a browser, is the app's page, but asks for the app's files
        // once it has painted: a cadre sees it at once, and what is typed before the app has
        // come is kept (`ui/typed.rs`).
        "/visits/new" (offline, paint_first_when_cold) => crate::visits::pages::VisitFormPage,
    }
    grouped {
        // A cadre's field kit: the home page after sign-in, the other pages used in villages
        // (they share the drafts, the outbox and the photos with the form) and the cadre's own.
        field_kit {
            "/" => crate::ui::home::HomePage,
            "/visits/household" (offline) => crate::visits::pages::OfflineHouseholdPage,
            "/feedback/new" (offline) => crate::feedback::pages::FeedbackCapturePage,
            "/me" => crate::auth::pages::MePage,
        }
        office {
            "/households/import" => crate::households::pages::ImportPage,
            "/households/clashes" => crate::households::pages::ClashesPage,
            "/villages" => crate::villages::pages::VillagesPage,
            "/users" => crate::users::pages::UsersPage,
            "/users/:id" => crate::users::pages::UserPage,
            "/cards" => crate::cards::pages::CardsPage,
            "/cards/print" => crate::cards::pages::CardPrintPage,
        }
        work {
            "/ledger" => crate::ledger::pages::LedgerPage,
            "/ledger/new" => crate::ledger::pages::NewItemPage,
            "/ledger/:id" => crate::ledger::pages::ItemPage,
            "/receptions" => crate::receptions::pages::ReceptionsPage,
            "/pairing" => crate::pairing::pages::PairingPage,
            "/obligations" => crate::obligations::pages::ObligationsPage,
            "/roster" => crate::teams::pages::RosterPage,
            "/results" => crate::results::pages::ResultsPage,
            "/villages/:id" => crate::organisation::pages::VillagePage,
            "/organisation/new" (offline) => crate::organisation::pages::WorkCapturePage,
            "/service-pack" (offline) => crate::servicepack::pages::ServicePackPage,
            "/meetings" => crate::meetings::pages::MeetingsPage,
            "/meetings/:id" => crate::meetings::pages::MeetingPage,
            "/meetings/:id/minutes" => crate::meetings::pages::MinutesPage,
            "/summary" => crate::summary::pages::SummaryPage,
            "/summary/report" => crate::summary::pages::ReportPage,
        }
        // Households and the villagers' feedback, as read and triaged.
        records {
            "/households" => crate::households::pages::HouseholdListPage,
            "/households/:id" => crate::households::pages::HouseholdPage,
            "/feedback" => crate::feedback::pages::FeedbackListPage,
            "/feedback/:id" => crate::feedback::pages::FeedbackDetailPage,
        }
    }
}

/// Where no service worker controls the page (a first visit until the worker has installed
/// and taken over, an install that failed, a browser without workers), fetches the field
/// kit's chunk (`field_kit`) once a sync run has reached the server, while there is signal
/// (not at sign-in: on a slow link the households come first): the pages a cadre uses in
/// villages must open in this tab with no network. `held` is true while a fetch is under
/// way or once one succeeded; a failed fetch (the signal dropped meanwhile) clears it, so
/// the next run that reaches the server tries again. Once fetched the chunk stays in memory.
/// `<body data-field-kit>` says how the last fetch went: `loaded` or `failed`. A controlling
/// worker has stored every chunk and serves them offline.
fn preload_field_kit(held: StoredValue<bool>) {
    #[cfg(feature = "hydrate")]
    if !held.get_value() && !crate::offline::store::worker_controls() {
        held.set_value(true);
        leptos::task::spawn_local(async move {
            let fetched = field_kit::fetch().await.is_ok();
            held.set_value(fetched);
            if let Some(body) = document().body() {
                let _ =
                    body.set_attribute("data-field-kit", if fetched { "loaded" } else { "failed" });
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = held;
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = provide_i18n();
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    // Asked again after a successful sign-in (a refused one changes nothing: asking then
    // would turn a typo in the sign-in-again card into a trip to the login page).
    let signed_in = Memo::new(move |prev: Option<&usize>| match login.value().get() {
        Some(Ok(())) => login.version().get(),
        _ => prev.copied().unwrap_or(0),
    });
    let me = Resource::new(move || (signed_in.get(), logout.version().get()), |_| me());
    provide_context(Auth { me, login, logout });
    let outbox = crate::offline::engine::provide_outbox();
    // In the browser, once someone is signed in: storage, service worker, first sync.
    Effect::new(move |_| {
        if let Some(Ok(Some(u))) = me.get() {
            outbox.start(u.id);
        }
    });
    let field_kit_held = StoredValue::new(false);
    Effect::new(move |_| {
        let reached = outbox.runs.get() > 0
            && outbox.state.get_untracked() != crate::offline::engine::SyncState::Offline;
        if reached {
            preload_field_kit(field_kit_held);
        }
    });

    // leptos_meta reads the title while it writes the response head, sometimes outside the
    // render's reactive arena, where reading any signal panics: the server gets plain text.
    #[cfg(feature = "ssr")]
    let title = leptos::text_prop::TextProp::from(Msg::AppName.text(i18n.get_untracked()));
    #[cfg(not(feature = "ssr"))]
    let title = leptos::text_prop::TextProp::from(tr(Msg::AppName));
    view! {
        <Html attr:lang=move || i18n.get().html_lang() />
        <Title text=title />
        <Meta name="description" content=tr(Msg::AppTagline) />
        <Router>
            <TopBar />
            <crate::offline::ui::UpdatePrompt />
            <crate::auth::pages::SignInAgain />
            <main class="page">
                {app_routes()}
            </main>
            <BottomNav />
        </Router>
    }
}

#[cfg(test)]
mod tests {
    use super::{
        route_matches, COLD_PAGES, COLD_PAINT_FIRST_PAGES, COLD_PLAIN_PAGES, OFFLINE_PAGES,
        PLAIN_PAGES, ROUTE_PATTERNS,
    };

    /// leptos_router 0.8 takes the first route that fits (`matching/nested/tuples.rs`): a
    /// pattern that fits a later one's path would hide that page behind it.
    #[test]
    fn no_route_hides_a_later_one() {
        // `route_matches` knows plain and `:name` segments: not `*rest` nor `:id?`.
        for p in ROUTE_PATTERNS {
            let plain =
                |s: &str| !s.contains(['*', '?']) && (s.starts_with(':') || !s.contains(':'));
            assert!(p.starts_with('/') && p.split('/').all(plain), "{p}");
        }
        for (i, earlier) in ROUTE_PATTERNS.iter().enumerate() {
            assert!(
                route_matches(earlier, earlier),
                "{earlier} does not fit itself"
            );
            for later in &ROUTE_PATTERNS[i + 1..] {
                assert!(!route_matches(earlier, later), "{earlier} hides {later}");
            }
        }
        assert!(route_matches("/households/:id", "/households/import"));
        assert!(ROUTE_PATTERNS.contains(&"/login") && ROUTE_PATTERNS.contains(&"/summary/report"));
    }

    /// The service worker fetches each offline page as written: a pattern would be a 404 and
    /// fail its install.
    #[test]
    fn the_offline_pages_are_routes_without_parameters() {
        assert_eq!(
            OFFLINE_PAGES,
            [
                "/visits",
                "/visits/new",
                "/visits/household",
                "/feedback/new",
                "/organisation/new",
                "/service-pack"
            ]
        );
        for page in OFFLINE_PAGES {
            assert!(
                ROUTE_PATTERNS.contains(page) && !page.contains(':'),
                "{page}"
            );
        }
    }

    /// The shell finds a plain page by the request's path as written: a pattern would never
    /// be served plain. Nor is an always-plain one stored for offline use: the worker's copy
    /// would carry no app. Sign-in is one (its first load is HTML and CSS); the diary is
    /// plain only in a browser without the app, and the worker's copy is the app's.
    #[test]
    fn the_plain_pages_are_paths() {
        assert_eq!(PLAIN_PAGES, ["/login"]);
        assert!(PLAIN_PAGES
            .iter()
            .all(|p| !p.contains(':') && !OFFLINE_PAGES.contains(p)));
        assert_eq!(COLD_PLAIN_PAGES, ["/visits"]);
        assert_eq!(COLD_PAINT_FIRST_PAGES, ["/visits/new"]);
        assert_eq!(
            COLD_PAGES.len(),
            COLD_PLAIN_PAGES.len() + COLD_PAINT_FIRST_PAGES.len()
        );
        assert!(COLD_PAGES
            .iter()
            .all(|p| ROUTE_PATTERNS.contains(p) && !p.contains(':') && !PLAIN_PAGES.contains(p)));
    }

    #[test]
    fn a_group_finds_its_page_by_pattern() {
        assert!(route_matches("/ledger", "/ledger"));
        assert!(route_matches("/ledger", "/ledger/"));
        assert!(route_matches("/ledger/new", "/ledger/new"));
        assert!(route_matches("/ledger/:id", "/ledger/0193-7abc"));
        assert!(!route_matches("/ledger/:id", "/ledger"));
        assert!(!route_matches("/meetings/:id", "/meetings/3/minutes"));
        assert!(route_matches(
            "/meetings/:id/minutes",
            "/meetings/3/minutes"
        ));
        assert!(!route_matches("/users", "/users/3"));
        assert!(route_matches("/", "/"));
        assert!(!route_matches("/", "/me"));
    }
}
