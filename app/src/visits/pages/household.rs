//! A household as the phone holds it (`/visits/household?household=ID`): the six facts, the
//! members, the visits on and off the phone, and the way to write the next diary entry. An
//! offline route (DESIGN.md §4): the server renders the shell, the page fills from IndexedDB,
//! so it opens in the village with no signal.
use super::super::model::VisitView;
use crate::households::model::OfflineHousehold;
use crate::households::pages::{FactList, TagList};
use crate::i18n::{tr, Msg};
use crate::offline::engine::use_outbox;
use crate::offline::model::{OutboxEntry, SentEntry};
use crate::offline::store::{self, Store};
use crate::ui::layout::{RequireRole, EVERYONE};
use crate::ui::time;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn OfflineHouseholdPage() -> impl IntoView {
    view! {
        <RequireRole roles=EVERYONE>
            <OfflineHousehold />
        </RequireRole>
    }
}

/// What the phone holds about one household.
#[derive(Clone)]
struct Held {
    household: Option<OfflineHousehold>,
    /// Newest first: (when, what, status text key, receipt).
    visits: Vec<(String, String, Msg, String)>,
}

async fn read(id: i64) -> Held {
    let households: Vec<OfflineHousehold> = store::all(Store::Households).await.unwrap_or_default();
    let outbox: Vec<OutboxEntry> = store::all(Store::Outbox).await.unwrap_or_default();
    let sent: Vec<SentEntry> = store::all(Store::Sent).await.unwrap_or_default();
    let server: Vec<VisitView> = store::all(Store::Visits).await.unwrap_or_default();
    let mut visits: Vec<(String, String, Msg, String)> = Vec::new();
    let minute = |s: &str| time::from_rfc3339(s).map(time::minute).unwrap_or_default();
    for e in outbox.iter().filter(|e| e.draft.household_id == id) {
        visits.push((
            minute(&e.draft.visited_at),
            e.draft.content.clone(),
            Msg::StatusWaiting,
            String::new(),
        ));
    }
    for s in sent.iter().filter(|s| s.household_id == id) {
        visits.push((
            minute(&s.visited_at),
            s.content.clone(),
            Msg::StatusSent,
            s.receipt.clone().unwrap_or_default(),
        ));
    }
    for v in server
        .iter()
        .filter(|v| v.household_id == id && !sent.iter().any(|s| s.id == v.id))
    {
        visits.push((
            time::minute(v.visited_at),
            v.content.clone(),
            Msg::StatusSent,
            v.receipt.clone(),
        ));
    }
    // `YYYY-MM-DD HH:MM` sorts as time does.
    visits.sort_by(|a, b| b.0.cmp(&a.0));
    Held {
        household: households.into_iter().find(|h| h.id == id),
        visits,
    }
}

#[component]
fn OfflineHousehold() -> impl IntoView {
    let outbox = use_outbox();
    let held = RwSignal::new(None::<Held>);
    // Read after hydration, and again whenever the phone's records change (a sync).
    Effect::new(move |_| {
        outbox.changed.track();
        let id = store::household_in_query().unwrap_or_default();
        spawn_local(async move { held.set(Some(read(id).await)) });
    });
    move || {
        held.get().map(|h| match h.household {
            None => view! {
                <section class="card" data-testid="household-not-on-phone">
                    <h1>{tr(Msg::VisitHouseholdNotOnPhone)}</h1>
                    <a class="button" href="/visits">{tr(Msg::VisitsMine)}</a>
                </section>
            }
            .into_any(),
            Some(household) => view! { <HouseholdView household visits=h.visits /> }.into_any(),
        })
    }
}

#[component]
fn HouseholdView(
    household: OfflineHousehold,
    visits: Vec<(String, String, Msg, String)>,
) -> impl IntoView {
    let h = household;
    let phone = h.phone.clone();
    view! {
        <section class="card" data-testid="offline-household">
            <h1>{h.head_name.clone()}</h1>
            <p class="muted">{format!("{} · {}", h.village, h.group)}</p>
            <TagList tags=h.tags.clone() />
            <a class="button primary" href=format!("/visits/new?household={}", h.id) data-testid="write-diary">
                {tr(Msg::VisitNewTitle)}
            </a>
            <a class="button" href=format!("/feedback/new?household={}", h.id)>
                {tr(Msg::FeedbackCapture)}
            </a>
            {(!phone.is_empty()).then(|| view! {
                <a class="button call" href=format!("tel:{phone}")>{tr(Msg::Call)} " " {phone.clone()}</a>
            })}
        </section>
        <section class="card">
            <h2>{tr(Msg::HouseholdFacts)}</h2>
            <FactList h=h.clone() />
            <p class="muted small">{tr(Msg::OfflineHouseholdHint)}</p>
        </section>
        <section class="card">
            <h2>{tr(Msg::FieldMembers)}</h2>
            <ul class="plain" data-testid="members">
                {h.members
                    .into_iter()
                    .map(|(name, relation, born)| view! {
                        <li>{name} " · " {relation} {born.map(|y| view! { " · " {y} })}</li>
                    })
                    .collect_view()}
            </ul>
        </section>
        <section class="card">
            <h2>{tr(Msg::VisitsTitle)}</h2>
            {visits.is_empty().then(|| view! { <p class="muted">{tr(Msg::VisitsNone)}</p> })}
            <ul class="timeline" data-testid="offline-household-visits">
                {visits
                    .into_iter()
                    .map(|(when, content, status, receipt)| view! {
                        <li>
                            <p class="item-sub">{tr(status)} " · " {when}
                                {(!receipt.is_empty()).then(|| view! { " · " {tr(Msg::VisitReceipt)} " " {receipt.clone()} })}
                            </p>
                            <p>{content}</p>
                        </li>
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
