//! A household as the phone holds it (`/visits/household?household=ID`): the six facts, the
//! members, the visits on and off the phone, and the way to write the next diary entry. An
//! offline route (DESIGN.md §4): the server renders the shell, the page fills from IndexedDB,
//! so it opens in the village with no signal.
use super::super::model::VisitView;
use crate::households::model::OfflineHousehold;
use crate::households::pages::{FactList, TagList};
use crate::i18n::{tr, Msg};
use crate::offline::engine::use_outbox;
use crate::offline::model::{
    MetaEntry, OutboxEntry, SentEntry, WorkDraft, WorkEntry, META_ITEMS, META_PURCHASES,
};
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
    /// What is still open for the household, to see before the visit day (进村前了解群众的
    /// 需要).
    needs: Vec<Need>,
}

/// One open thing: its kind, what it is, where it stands or its deadline.
#[derive(Clone)]
struct Need {
    kind: Msg,
    what: String,
    state: Option<Msg>,
    deadline: Option<chrono::NaiveDate>,
}

/// A JSON list the last sync left in the phone's settings (`[]` when none).
async fn meta_list<T: serde::de::DeserializeOwned>(key: &str) -> Vec<T> {
    store::get::<MetaEntry>(Store::Meta, key)
        .await
        .ok()
        .flatten()
        .and_then(|m| serde_json::from_str(&m.value).ok())
        .unwrap_or_default()
}

/// The household's open 代购 (the pack's and those still on the phone) and open 台账 items.
async fn needs_of(id: i64) -> Vec<Need> {
    use crate::ledger::model::{ItemRow, Status};
    use crate::servicepack::model::PurchaseRow;
    let mut needs = Vec::new();
    let packed: Vec<PurchaseRow> = meta_list(META_PURCHASES).await;
    let waiting: Vec<WorkEntry> = store::all(Store::Outbox).await.unwrap_or_default();
    // A delivery or confirmation written here but not yet sent is shown with the purchase.
    let updated = |p: &str| {
        waiting
            .iter()
            .any(|e| matches!(&e.work, WorkDraft::PurchaseUpdate(u) if u.purchase_id == p))
    };
    for p in packed.iter().filter(|p| p.household_id == id) {
        let state = if updated(&p.id) {
            Msg::StatusWaiting
        } else {
            p.status.label()
        };
        needs.push(Need {
            kind: Msg::WorkPurchase,
            what: format!("{} × {}", p.item, p.quantity),
            state: Some(state),
            deadline: None,
        });
    }
    for e in &waiting {
        if let WorkDraft::Purchase(p) = &e.work {
            if p.household_id == id {
                needs.push(Need {
                    kind: Msg::WorkPurchase,
                    what: format!("{} × {}", p.item, p.quantity),
                    state: Some(Msg::StatusWaiting),
                    deadline: None,
                });
            }
        }
    }
    let items: Vec<ItemRow> = meta_list(META_ITEMS).await;
    for i in items
        .iter()
        .filter(|i| i.household_id == Some(id) && i.status != Status::Closed)
    {
        needs.push(Need {
            kind: Msg::NeedsLedger,
            what: i.title.clone(),
            state: None,
            deadline: i.deadline,
        });
    }
    needs
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
        needs: needs_of(id).await,
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
            Some(household) => view! {
                <HouseholdView household visits=h.visits />
                <Needs needs=h.needs />
            }
            .into_any(),
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

/// What is open for the household: 代购 not yet closed and 台账 items, read from the phone.
#[component]
fn Needs(needs: Vec<Need>) -> impl IntoView {
    view! {
        <section class="card" data-testid="household-needs">
            <h2>{tr(Msg::NeedsTitle)}</h2>
            {needs.is_empty().then(|| view! { <p class="muted">{tr(Msg::NeedsNone)}</p> })}
            <ul class="plain">
                {needs
                    .into_iter()
                    .map(|n| view! {
                        <li data-testid="need">
                            <span class="tag">{tr(n.kind)}</span> " " {n.what}
                            {n.state.map(|m| view! { " · " <small class="muted">{tr(m)}</small> })}
                            {n.deadline.map(|d| view! { " · " <small class="muted">{tr(Msg::NeedsDeadline)} " " {d.to_string()}</small> })}
                        </li>
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
