//! My visits: what is still on the phone (draft, waiting, needs attention), what the server
//! acknowledged (with receipts), and my households not visited this month.
use super::super::model::{Method, VisitView};
use crate::households::model::OfflineHousehold;
use crate::i18n::{tr, use_i18n, Msg};
use crate::ledger::model::ItemRow;
use crate::ledger::pages::ItemLine;
use crate::offline::engine::{use_outbox, Reopen, SyncState};
use crate::offline::model::{
    LocalStatus, MetaEntry, OutboxEntry, SentEntry, VisitForm, DRAFT_KEY, META_ITEMS,
};
use crate::offline::store::{self, Store};
use crate::offline::ui::SyncPanel;
use crate::ui::layout::{RequireRole, EVERYONE};
use crate::ui::time;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn MyVisitsPage() -> impl IntoView {
    view! {
        <RequireRole roles=EVERYONE>
            <MyVisits />
        </RequireRole>
    }
}

/// Everything the phone holds, read in one go.
#[derive(Clone, Default)]
struct PhoneData {
    households: Vec<OfflineHousehold>,
    visits: Vec<VisitView>,
    sent: Vec<SentEntry>,
    outbox: Vec<OutboxEntry>,
    draft: Option<VisitForm>,
    items: Vec<ItemRow>,
    /// An offline pack has been filed on this phone (the first comes with the first sync).
    packed: bool,
}

#[derive(Clone, PartialEq)]
enum Shown {
    Draft,
    Waiting,
    Attention(Msg),
    Sent(String),
    /// The server holds another version under this id; the office reviews it.
    Conflict,
}

impl Shown {
    fn code(&self) -> &'static str {
        match self {
            Shown::Draft => "draft",
            Shown::Waiting => "waiting",
            Shown::Attention(_) => "attention",
            Shown::Sent(_) => "sent",
            Shown::Conflict => "conflict",
        }
    }
}

#[derive(Clone)]
struct Item {
    id: String,
    household_id: Option<i64>,
    head_name: String,
    when: Option<DateTime<Utc>>,
    method: Option<Method>,
    content: String,
    cadre: Option<String>,
    shown: Shown,
    entry: Option<OutboxEntry>,
}

impl PhoneData {
    async fn read() -> Self {
        let items: Option<MetaEntry> = store::get(Store::Meta, META_ITEMS).await.ok().flatten();
        PhoneData {
            households: store::all(Store::Households).await.unwrap_or_default(),
            visits: store::all(Store::Visits).await.unwrap_or_default(),
            sent: store::all(Store::Sent).await.unwrap_or_default(),
            outbox: store::all(Store::Outbox).await.unwrap_or_default(),
            draft: store::get(Store::Drafts, DRAFT_KEY).await.ok().flatten(),
            packed: items.is_some(),
            items: items
                .and_then(|m| serde_json::from_str(&m.value).ok())
                .unwrap_or_default(),
        }
    }

    /// The head's name, or what to say when the household is no longer on this phone
    /// (reassigned since the last sync): never a bare number.
    fn head_name(&self, id: i64, l: crate::i18n::Locale) -> String {
        self.households
            .iter()
            .find(|h| h.id == id)
            .map(|h| h.head_name.clone())
            .unwrap_or_else(|| Msg::VisitHouseholdNotOnPhone.text(l).to_string())
    }

    /// Newest first: the draft, the outbox, receipts kept on the phone, then the server's;
    /// unsent before sent, at most 100.
    fn items(&self, l: crate::i18n::Locale) -> Vec<Item> {
        /// Where a row comes from: rows are ranked by (sent, time) first and only the 100
        /// kept are built (after a long trip the outbox holds thousands of records, each
        /// copied whole into its row before).
        #[derive(Clone, Copy)]
        enum Source {
            Draft,
            Outbox(usize),
            Sent(usize),
            Pack(usize),
        }
        let draft = self.draft.as_ref().filter(|d| !d.is_blank());
        let mut rows: Vec<(bool, Option<DateTime<Utc>>, Source)> = Vec::new();
        if let Some(d) = draft {
            let when = time::from_input(&d.visited_at).and_then(|t| time::from_rfc3339(&t));
            rows.push((false, when, Source::Draft));
        }
        for (i, e) in self.outbox.iter().enumerate() {
            rows.push((
                false,
                time::from_rfc3339(&e.draft.visited_at),
                Source::Outbox(i),
            ));
        }
        for (i, s) in self.sent.iter().enumerate() {
            rows.push((true, time::from_rfc3339(&s.visited_at), Source::Sent(i)));
        }
        // A set: testing each of the pack's visits against every receipt on the phone took
        // (visits × receipts) per read, and a read follows every second of a long sync.
        let receipts: std::collections::HashSet<&str> =
            self.sent.iter().map(|s| s.id.as_str()).collect();
        for (i, v) in self.visits.iter().enumerate() {
            if !receipts.contains(v.id.as_str()) {
                rows.push((true, Some(v.visited_at), Source::Pack(i)));
            }
        }
        // Unsent first, then by visit time (a stable sort: ties keep the order above).
        rows.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        rows.truncate(100);
        rows.into_iter()
            .filter_map(|(_, when, from)| {
                Some(match from {
                    Source::Draft => {
                        let d = draft?;
                        Item {
                            id: d.record_id.clone(),
                            household_id: d.household_id,
                            head_name: d
                                .household_id
                                .map(|h| self.head_name(h, l))
                                .unwrap_or_default(),
                            when,
                            method: Method::parse(&d.method),
                            content: d.content.clone(),
                            cadre: None,
                            shown: Shown::Draft,
                            entry: None,
                        }
                    }
                    Source::Outbox(i) => {
                        let e = &self.outbox[i];
                        Item {
                            id: e.id.clone(),
                            household_id: Some(e.draft.household_id),
                            head_name: e.head_name.clone(),
                            when,
                            method: Method::parse(&e.draft.method),
                            content: e.draft.content.clone(),
                            cadre: None,
                            shown: match &e.status {
                                LocalStatus::Waiting => Shown::Waiting,
                                LocalStatus::Attention(m) => Shown::Attention(*m),
                            },
                            entry: Some(e.clone()),
                        }
                    }
                    Source::Sent(i) => {
                        let s = &self.sent[i];
                        Item {
                            id: s.id.clone(),
                            household_id: Some(s.household_id),
                            head_name: s.head_name.clone(),
                            when,
                            method: Method::parse(&s.method),
                            content: s.content.clone(),
                            cadre: None,
                            shown: s.receipt.clone().map_or(Shown::Conflict, Shown::Sent),
                            entry: None,
                        }
                    }
                    Source::Pack(i) => {
                        let v = &self.visits[i];
                        Item {
                            id: v.id.clone(),
                            household_id: Some(v.household_id),
                            head_name: self.head_name(v.household_id, l),
                            when,
                            method: Some(v.method),
                            content: v.content.clone(),
                            cadre: Some(v.cadre.clone()),
                            shown: Shown::Sent(v.receipt.clone()),
                            entry: None,
                        }
                    }
                })
            })
            .collect()
    }

    /// My households with no visit this (Beijing) month, counting those still on the phone.
    fn not_visited(&self, now: DateTime<Utc>) -> Vec<OfflineHousehold> {
        let month = time::month_of(now);
        let this_month = |t: Option<DateTime<Utc>>| t.is_some_and(|t| time::month_of(t) == month);
        // The households visited, gathered once: asking every record for every household took
        // (households × records) date readings per read, and a read follows every second of
        // a long sync (10,000 queued visits, issue 23).
        let visited: std::collections::HashSet<i64> = self
            .visits
            .iter()
            .filter(|v| this_month(Some(v.visited_at)))
            .map(|v| v.household_id)
            .chain(
                self.sent
                    .iter()
                    .filter(|s| this_month(time::from_rfc3339(&s.visited_at)))
                    .map(|s| s.household_id),
            )
            .chain(
                self.outbox
                    .iter()
                    .filter(|e| this_month(time::from_rfc3339(&e.draft.visited_at)))
                    .map(|e| e.draft.household_id),
            )
            .collect();
        self.households
            .iter()
            .filter(|h| !visited.contains(&h.id))
            .cloned()
            .collect()
    }
}

#[component]
fn MyVisits() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if crate::ui::plain::served() {
        return view! {
            <Heading />
            <ServerLists />
        }
        .into_any();
    }
    let outbox = use_outbox();
    let i18n = use_i18n();
    let data = RwSignal::new(None::<PhoneData>);
    // One read at a time: news that comes while one runs is read once after it, not by a
    // read of its own (each reads every receipt on the phone: thousands after a long trip).
    let (reading, again) = (StoredValue::new(false), StoredValue::new(false));
    Effect::new(move |_| {
        outbox.changed.track();
        if reading.get_value() {
            again.set_value(true);
            return;
        }
        reading.set_value(true);
        // The page may be gone when a read returns (the cadre moved on): then nothing is
        // left to update, and asking a disposed value would panic.
        spawn_local(async move {
            loop {
                let read = PhoneData::read().await;
                if data.try_set(Some(read)).is_some() || !again.try_get_value().unwrap_or(false) {
                    break;
                }
                again.try_set_value(false);
            }
            reading.try_set_value(false);
        });
    });
    // A phone's first open: its households come with the first sync. The lists wait for it
    // in one place at the foot of the page, so they do not appear empty and then push each
    // other down under the cadre's thumb; they wait until this page's first run has ended,
    // and longer only if it went through (it has filed the pack; the read that follows
    // brings it). Settled once: later runs neither bring the placeholder back nor redraw
    // the lists (the state changes twice a run).
    let first_run_failed = Memo::new(move |prev: Option<&Option<bool>>| {
        if let Some(Some(settled)) = prev {
            return Some(*settled);
        }
        (outbox.runs.get() > 0).then(|| outbox.state.get_untracked() != SyncState::Idle)
    });
    view! {
        <Heading />
        <SyncPanel />
        {move || {
            data.get()
                .map(|d| {
                    if !d.packed && first_run_failed.get() != Some(true) {
                        return view! {
                            <p class="card muted" data-testid="first-pack">
                                {tr(Msg::VisitsFirstPack)}
                            </p>
                        }
                            .into_any();
                    }
                    let not_visited = d.not_visited(Utc::now());
                    let items = d.items(i18n.get());
                    let has_households = !d.households.is_empty();
                    let open = d.items.clone();
                    view! {
                        <MyItems items=open />
                        <NotVisited list=not_visited has_households />
                        <VisitList items />
                    }
                        .into_any()
                })
        }}
    }
    .into_any()
}

#[component]
fn Heading() -> impl IntoView {
    view! {
        <section class="card">
            <div class="row between">
                <h1>{tr(Msg::VisitsMine)}</h1>
                <a class="button primary" href="/visits/new" data-testid="new-visit">
                    {tr(Msg::VisitNewShort)}
                </a>
            </div>
        </section>
    }
}

/// The diary served plain (`ui/plain.rs`): the server's records drawn as the app draws the
/// phone's copy of them after a sync, without the sync panel (nothing here could sync).
/// What waits on the phone only the app can read: `plain.js` shows `data-unsent` when the
/// phone holds any and opens the page again as the app once its files are here.
#[cfg(feature = "ssr")]
#[component]
fn ServerLists() -> impl IntoView {
    let i18n = use_i18n();
    let lists = Suspend::new(async move {
        let l = i18n.get_untracked();
        match crate::visits::api::server_lists().await {
            Ok(crate::visits::api::PackLists {
                households,
                visits,
                items,
            }) => {
                let d = PhoneData {
                    households,
                    visits,
                    items,
                    packed: true,
                    ..Default::default()
                };
                view! {
                    <MyItems items=d.items.clone() />
                    <NotVisited list=d.not_visited(Utc::now()) has_households=!d.households.is_empty() />
                    <VisitList items=d.items(l) />
                }
                    .into_any()
            }
            Err(e) => view! { <p class="banner error">{e.message(l)}</p> }.into_any(),
        }
    });
    view! {
        <p class="card hint" role="status" hidden data-unsent="" data-testid="plain-unsent">
            {tr(Msg::VisitsPlainUnsent)}
        </p>
        <Suspense>{lists}</Suspense>
    }
}

/// My open ledger items as of the last sync: readable in the village, worked on online.
#[component]
fn MyItems(items: Vec<ItemRow>) -> impl IntoView {
    let today = time::today();
    (!items.is_empty()).then(|| {
        let n = items.len();
        view! {
            <section class="card" data-testid="my-items">
                <h2>{tr(Msg::HomeMyOpen)} " " <span class="count">{n}</span></h2>
                <ul class="list">
                    {items.into_iter().map(|r| view! { <ItemLine r today /> }).collect_view()}
                </ul>
            </section>
        }
    })
}

#[component]
fn NotVisited(list: Vec<OfflineHousehold>, has_households: bool) -> impl IntoView {
    let i18n = use_i18n();
    let n = list.len();
    view! {
        <section class="card" data-testid="not-visited">
            <h2>{move || Msg::VisitsNotThisMonth.fmt(i18n.get(), &[&n.to_string()])}</h2>
            {(!has_households).then(|| view! { <p class="muted">{tr(Msg::VisitNoHouseholds)}</p> })}
            <ul class="list">
                {list
                    .into_iter()
                    .map(|h| {
                        view! {
                            <li>
                                <a class="item" href=format!("/visits/household?household={}", h.id)>
                                    <span class="item-title">{h.head_name}</span>
                                    <span class="item-sub">{h.village} {h.group}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn VisitList(items: Vec<Item>) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{tr(Msg::VisitsTitle)}</h2>
            {items.is_empty().then(|| view! { <p class="muted">{tr(Msg::VisitsNone)}</p> })}
            <ul class="timeline">
                {items.into_iter().map(|item| view! { <VisitRow item /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn VisitRow(item: Item) -> impl IntoView {
    let i18n = use_i18n();
    let code = item.shown.code();
    let status = item.shown.clone();
    let chip = move || {
        let l = i18n.get();
        match &status {
            Shown::Draft => Msg::StatusDraft.text(l).to_string(),
            Shown::Waiting => Msg::StatusWaiting.text(l).to_string(),
            Shown::Attention(_) => Msg::StatusAttention.text(l).to_string(),
            Shown::Sent(_) => Msg::StatusSent.text(l).to_string(),
            Shown::Conflict => Msg::StatusConflict.text(l).to_string(),
        }
    };
    let when = item.when.map(time::minute).unwrap_or_default();
    view! {
        <li data-testid="local-visit" data-status=code data-id=item.id.clone()>
            <p class="item-sub">
                <span class=format!("status status-{code}")>{chip}</span>
                " " {when}
                {item.method.map(|m| view! { " · " {tr(m.label())} })}
                {item.cadre.map(|c| view! { " · " {c} })}
            </p>
            <p>
                {match item.household_id {
                    Some(h) => view! {
                        <a href=format!("/visits/household?household={h}")><strong>{item.head_name}</strong></a>
                    }.into_any(),
                    None => view! { <strong>{item.head_name}</strong> }.into_any(),
                }}
                " "
                {item.content}
            </p>
            {match item.shown {
                Shown::Sent(receipt) => {
                    // Sent is kept as sent: a correction is a new diary entry that names it.
                    let amend = format!(
                        "/visits/new?household={}&amends={}",
                        item.household_id.unwrap_or_default(),
                        receipt
                    );
                    view! {
                        <p class="item-sub small">
                            {tr(Msg::VisitReceipt)} " " <span class="mono" data-testid="receipt">{receipt}</span>
                            " · "
                            <a href=amend data-testid="amend">{tr(Msg::VisitAmend)}</a>
                        </p>
                    }
                        .into_any()
                }
                Shown::Attention(reason) => {
                    view! { <Fix reason=Some(reason) entry=item.entry /> }.into_any()
                }
                Shown::Waiting => {
                    view! { <Fix reason=None entry=item.entry /> }.into_any()
                }
                Shown::Draft => {
                    view! {
                        <a class="button" href="/visits/new">
                            {tr(Msg::VisitContinue)}
                        </a>
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
        </li>
    }
}

/// A record still on the phone, waiting or refused (with its reason): back into the form to
/// change it, or withdrawn after a confirmation. Neither while a push is carrying it.
#[component]
fn Fix(reason: Option<Msg>, entry: Option<OutboxEntry>) -> impl IntoView {
    let outbox = use_outbox();
    let refused = RwSignal::new(None::<Msg>);
    let entry = StoredValue::new(entry);
    let waiting = reason.is_none();
    view! {
        {reason.map(|r| view! { <p class="field-error" role="alert">{tr(r)}</p> })}
        {move || refused.get().map(|m| view! { <p class="hint" role="status" data-testid="fix-refused">{tr(m)}</p> })}
        {entry.get_value().map(|e| view! {
            <crate::offline::ui::WaitingButtons
                id=e.id
                attention=!waiting
                form="/visits/new"
                refused
                reopen=move || async move {
                    match entry.get_value() {
                        Some(e) => outbox.reopen(e).await,
                        None => Ok(Reopen::Sent),
                    }
                }
            />
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visits::model::VisitDraft;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_780_000_000 + minute * 60, 0).unwrap()
    }

    fn waiting(n: i64) -> OutboxEntry {
        OutboxEntry {
            id: format!("out-{n}"),
            head_name: "王芳".into(),
            draft: VisitDraft {
                id: format!("out-{n}"),
                household_id: 1,
                visited_at: at(n).to_rfc3339(),
                method: "home".into(),
                content: "走访".into(),
                ..Default::default()
            },
            status: LocalStatus::Waiting,
        }
    }

    fn receipt(n: i64, receipt: Option<&str>) -> SentEntry {
        SentEntry {
            id: format!("v-{n}"),
            household_id: 1,
            head_name: "王芳".into(),
            visited_at: at(n).to_rfc3339(),
            method: "home".into(),
            content: "走访".into(),
            receipt: receipt.map(Into::into),
            received_at: None,
        }
    }

    fn listed(n: i64) -> VisitView {
        VisitView {
            id: format!("v-{n}"),
            household_id: 1,
            cadre: "李明".into(),
            visited_at: at(n),
            method: Method::Home,
            content: "走访".into(),
            outcome: String::new(),
            problems: String::new(),
            follow_up: false,
            receipt: format!("R{n}"),
            received_at: None,
            photos: Vec::new(),
        }
    }

    fn ids(items: &[Item]) -> Vec<&str> {
        items.iter().map(|i| i.id.as_str()).collect()
    }

    #[test]
    fn my_visits_lists_the_unsent_first_then_the_newest_and_a_receipt_once() {
        let phone = PhoneData {
            outbox: vec![waiting(1), waiting(30), waiting(5)],
            sent: vec![receipt(10, Some("R10")), receipt(40, None)],
            // v-10 is also on the phone's receipts: listed once.
            visits: vec![listed(10), listed(20), listed(50)],
            ..Default::default()
        };
        let items = phone.items(crate::i18n::Locale::Zh);
        assert_eq!(
            ids(&items),
            ["out-30", "out-5", "out-1", "v-50", "v-40", "v-20", "v-10"]
        );
        assert!(matches!(items[0].shown, Shown::Waiting));
        assert!(matches!(items[4].shown, Shown::Conflict));
        assert_eq!(items[3].cadre.as_deref(), Some("李明"));
        assert_eq!(
            items[2].entry.as_ref().map(|e| e.id.as_str()),
            Some("out-1")
        );
    }

    #[test]
    fn after_a_long_trip_my_visits_keeps_the_newest_hundred_waiting() {
        let phone = PhoneData {
            outbox: (0..10_000).map(waiting).collect(),
            visits: (0..50).map(|n| listed(20_000 + n)).collect(),
            ..Default::default()
        };
        let items = phone.items(crate::i18n::Locale::Zh);
        assert_eq!(items.len(), 100);
        assert_eq!(items[0].id, "out-9999");
        assert_eq!(items[99].id, "out-9900");
        assert!(items.iter().all(|i| matches!(i.shown, Shown::Waiting)));
    }
}
