//! The document shell, the router and the signed-in user shared by every page.
use crate::auth::api::{me, Login, Logout};
use crate::auth::context::Auth;
use crate::i18n::{provide_i18n, tr, Msg};
use crate::ui::layout::{BottomNav, TopBar};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Html, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{lazy_route, path, Lazy, LazyRoute, SsrMode};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::ui::csp::hand_nonce_to_layer();
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#b3261e" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
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
                <Routes fallback=crate::ui::layout::NotFound>
                    <Route path=path!("/login") view=crate::auth::pages::LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/me") view={Lazy::<MeRoute>::new()} ssr=SsrMode::Async />
                    <Route
                        path=path!("/households")
                        view={Lazy::<HouseholdListRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/households/import")
                        view={Lazy::<OfficeRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/households/clashes")
                        view={Lazy::<OfficeRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/households/:id")
                        view={Lazy::<HouseholdRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/visits") view=crate::visits::pages::MyVisitsPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/visits/new")
                        view=crate::visits::pages::VisitFormPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/visits/household")
                        view=crate::visits::pages::OfflineHouseholdPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/cards") view={Lazy::<OfficeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/cards/print") view={Lazy::<OfficeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/feedback") view={Lazy::<FeedbackListRoute>::new()} ssr=SsrMode::Async />
                    <Route
                        path=path!("/feedback/new")
                        view={Lazy::<FeedbackCaptureRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/feedback/:id")
                        view={Lazy::<FeedbackDetailRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/villages") view={Lazy::<OfficeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/villages/:id") view={Lazy::<WorkRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/organisation/new") view={Lazy::<WorkRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/service-pack") view={Lazy::<WorkRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/users") view={Lazy::<OfficeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/users/:id") view={Lazy::<OfficeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/ledger") view={Lazy::<WorkRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/ledger/new") view={Lazy::<WorkRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/ledger/:id") view={Lazy::<WorkRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/meetings") view={Lazy::<WorkRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id") view={Lazy::<WorkRoute>::new()} ssr=SsrMode::Async />
                    <Route
                        path=path!("/meetings/:id/minutes")
                        view={Lazy::<WorkRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/receptions") view={Lazy::<WorkRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/pairing") view={Lazy::<WorkRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/obligations") view={Lazy::<WorkRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/roster") view={Lazy::<WorkRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/results") view={Lazy::<WorkRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/summary") view={Lazy::<WorkRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/summary/report") view={Lazy::<WorkRoute>::new()} ssr=SsrMode::Async />
                </Routes>
            </main>
            <BottomNav />
        </Router>
    }
}

/// Pages other than sign-in and the two offline routes live in WASM chunks of their own
/// (`cargo leptos --split`), fetched when first opened: a phone's first load is the frame,
/// sign-in and the visit diary, not the office's screens. (Splitting every page made over a
/// hundred chunks, and cargo-leptos 0.3.8 then mixes up `chunk_13` and `chunk_130` when it
/// hashes names; `scripts/check-split.mjs` guards against that.)
/// A page must start all its resources at its top: one created inside already-resolved
/// content does not survive asynchronous hydration (tachys 0.2.19).
macro_rules! lazy_pages {
    ($($route:ident => $page:path;)*) => {$(
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> AnyView {
                let _ = this;
                $page().into_any()
            }
        }
    )*};
}

lazy_pages! {
    HomeRoute => crate::ui::home::HomePage;
    MeRoute => crate::auth::pages::MePage;
    HouseholdRoute => crate::households::pages::HouseholdPage;
    HouseholdListRoute => crate::households::pages::HouseholdListPage;
    FeedbackListRoute => crate::feedback::pages::FeedbackListPage;
    FeedbackCaptureRoute => crate::feedback::pages::FeedbackCapturePage;
    FeedbackDetailRoute => crate::feedback::pages::FeedbackDetailPage;
}

/// Several pages behind one split point: every split point multiplies the chunks shared
/// between them, and past a hundred chunks cargo-leptos 0.3.8 garbles their names (above).
/// The group's view picks its page by the route pattern the router matched.
macro_rules! lazy_group {
    ($($route:ident { $($pattern:literal => $page:path,)* })*) => {$(
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> AnyView {
                let _ = this;
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
    let (mut p, mut q) = (pattern.split('/'), path.trim_end_matches('/').split('/'));
    loop {
        match (p.next(), q.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if (a.starts_with(':') && !b.is_empty()) || a == b => {}
            _ => return false,
        }
    }
}

lazy_group! {
    OfficeRoute {
        "/households/import" => crate::households::pages::ImportPage,
        "/households/clashes" => crate::households::pages::ClashesPage,
        "/villages" => crate::villages::pages::VillagesPage,
        "/users" => crate::users::pages::UsersPage,
        "/users/:id" => crate::users::pages::UserPage,
        "/cards" => crate::cards::pages::CardsPage,
        "/cards/print" => crate::cards::pages::CardPrintPage,
    }
    WorkRoute {
        "/ledger" => crate::ledger::pages::LedgerPage,
        "/ledger/new" => crate::ledger::pages::NewItemPage,
        "/ledger/:id" => crate::ledger::pages::ItemPage,
        "/receptions" => crate::receptions::pages::ReceptionsPage,
        "/pairing" => crate::pairing::pages::PairingPage,
        "/obligations" => crate::obligations::pages::ObligationsPage,
        "/roster" => crate::teams::pages::RosterPage,
        "/results" => crate::results::pages::ResultsPage,
        "/villages/:id" => crate::organisation::pages::VillagePage,
        "/organisation/new" => crate::organisation::pages::WorkCapturePage,
        "/service-pack" => crate::servicepack::pages::ServicePackPage,
        "/meetings" => crate::meetings::pages::MeetingsPage,
        "/meetings/:id" => crate::meetings::pages::MeetingPage,
        "/meetings/:id/minutes" => crate::meetings::pages::MinutesPage,
        "/summary" => crate::summary::pages::SummaryPage,
        "/summary/report" => crate::summary::pages::ReportPage,
    }
}

#[cfg(test)]
mod tests {
    use super::route_matches;

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
    }
}
