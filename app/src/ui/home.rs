//! The home page: what each role needs first.
use crate::auth::context::use_auth;
use crate::auth::model::CurrentUser;
use crate::households::api::count_households;
use crate::i18n::{tr, trf, Msg};
use crate::ledger::api::ledger_counts;
use crate::model::Role;
use crate::receptions::pages::ServiceDayBanner;
use crate::ui::layout::{RequireRole, EVERYONE};
use chrono::Datelike;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <RequireRole roles=EVERYONE>
            <Home />
        </RequireRole>
    }
}

#[component]
fn Home() -> impl IntoView {
    let auth = use_auth();
    let user: Option<CurrentUser> = auth.user();
    let Some(user) = user else {
        return ().into_any();
    };
    let count = Resource::new(|| (), |_| count_households());
    let ledger = Resource::new(|| (), |_| ledger_counts());
    let waiting = Resource::new(|| (), |_| crate::feedback::api::waiting_feedback());
    // The programme runs on Beijing time wherever the server is.
    let today = crate::ui::time::today();
    let (sixth, seventh) = crate::cards::model::next_service_days(today);
    let day = if today > sixth { seventh } else { sixth };
    // Formatted by hand: chrono's strftime machinery would add tens of KB to the WASM.
    let service = format!("{:02}-{:02}", day.month(), day.day());
    let count_label = match user.role {
        Role::Cadre => Msg::HomeMyHouseholds,
        _ => Msg::HomeAllHouseholds,
    };
    let role = user.role;
    // Once the phone learns the session ended, no greeting as if signed in: the sign-in
    // card above says what happened.
    let outbox = crate::offline::engine::use_outbox();
    let signed_in = move || outbox.state.get() != crate::offline::engine::SyncState::SignedOut;
    let (name, title) = (user.name.clone(), user.title.clone());
    view! {
        <Show when=signed_in>
            <section class="card hello" data-testid="hello">
                <h1>{trf(Msg::HomeHello, vec![name.clone()])}</h1>
                <p class="muted">{tr(role.label())} " · " {title.clone()}</p>
            </section>
        </Show>
        <section class="stats">
            <a class="stat" href="/households" data-testid="household-count">
                <Suspense fallback=|| "…">
                    <strong>{move || count.get().and_then(|r| r.ok()).map(|n| n.to_string())}</strong>
                </Suspense>
                <span>{tr(count_label)}</span>
            </a>
            <div class="stat">
                <strong>{service}</strong>
                <span>{tr(Msg::HomeNextServiceDay)}</span>
            </div>
            {(role != Role::Cadre).then(|| view! {
                <Suspense fallback=|| ()>
                    {move || waiting.get().and_then(|r| r.ok()).map(|n| view! {
                        <a class="stat" class:alert={n > 0} href="/feedback?status=new" data-testid="waiting-feedback">
                            <strong>{n}</strong>
                            <span>{tr(Msg::HomeWaitingFeedback)}</span>
                        </a>
                    })}
                </Suspense>
            })}
        </section>
        <ServiceDayBanner />
        <crate::obligations::pages::DueSoon />
        <crate::organisation::pages::VillagesCard />
        <section class="stats" data-testid="ledger-counts">
            <Suspense fallback=|| ()>
                {move || ledger.get().and_then(|r| r.ok()).map(|c| {
                    let (open_label, open_view) = if role == Role::Cadre {
                        (Msg::HomeMyOpen, "mine")
                    } else {
                        (Msg::LedgerUnassigned, "new")
                    };
                    view! {
                        <a class="stat" href=format!("/ledger?view={open_view}")>
                            <strong>{c.open}</strong>
                            <span>{tr(open_label)}</span>
                        </a>
                        <a class="stat" class:alert={c.overdue > 0} href="/ledger?view=overdue" data-testid="overdue-count">
                            <strong>{c.overdue}</strong>
                            <span>{tr(Msg::LedgerOverdue)}</span>
                        </a>
                        <a class="stat" class:warn={c.soon > 0} href="/ledger?view=soon">
                            <strong>{c.soon}</strong>
                            <span>{tr(Msg::LedgerSoon)}</span>
                        </a>
                    }
                })}
            </Suspense>
        </section>
        <section class="card">
            <h2>{tr(Msg::HomeActions)}</h2>
            <div class="actions">
                {(role != Role::Admin)
                    .then(|| {
                        view! {
                            <a class="button primary" href="/visits/new" data-testid="write-visit">
                                {tr(Msg::VisitNewTitle)}
                            </a>
                            <a class="button" href="/visits">
                                {tr(Msg::VisitsMine)}
                            </a>
                            <a class="button" href="/feedback/new">
                                {tr(Msg::FeedbackCapture)}
                            </a>
                            <a class="button" href="/organisation/new" data-testid="record-work">
                                {tr(Msg::VwRecord)}
                            </a>
                            <a class="button" href="/service-pack" data-testid="open-pack">
                                {tr(Msg::SpTitle)}
                            </a>
                        }
                    })}
                {(role != Role::Cadre)
                    .then(|| {
                        view! {
                            <a class="button primary" href="/summary" data-testid="open-summary">
                                {tr(Msg::SummaryTitle)}
                            </a>
                        }
                    })}
                <a class="button" href="/ledger">
                    {tr(Msg::LedgerTitle)}
                </a>
                {(role != Role::Cadre)
                    .then(|| view! {
                        <a class="button" href="/meetings">{tr(Msg::MeetingsTitle)}</a>
                        <a class="button" href="/obligations" data-testid="open-obligations">{tr(Msg::ObligationsTitle)}</a>
                        <a class="button" href="/results" data-testid="open-results">{tr(Msg::ResultsOpen)}</a>
                    })}
                <a class="button" href="/receptions">
                    {tr(Msg::ReceptionsTitle)}
                </a>
                <a class="button" href="/pairing">
                    {tr(Msg::PairingTitle)}
                </a>
                <a class="button" href="/roster" data-testid="open-roster">
                    {tr(Msg::RosterTitle)}
                </a>
                <a class="button" href="/households">
                    {tr(if role == Role::Cadre { Msg::HomeMyHouseholds } else { Msg::NavHouseholds })}
                </a>
                {(role == Role::Admin)
                    .then(|| {
                        view! {
                            <a class="button" href="/households/import">
                                {tr(Msg::ImportTitle)}
                            </a>
                            <a class="button" href="/users">
                                {tr(Msg::UsersTitle)}
                            </a>
                            <a class="button" href="/villages">
                                {tr(Msg::VillagesTitle)}
                            </a>
                            <a class="button" href="/households/clashes">
                                {tr(Msg::ClashesTitle)}
                            </a>
                            <a class="button" href="/cards">
                                {tr(Msg::CardsTitle)}
                            </a>
                        }
                    })}
            </div>
        </section>
    }
    .into_any()
}
