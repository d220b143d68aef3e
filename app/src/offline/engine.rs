//! The sync engine (DESIGN.md §3–4): pushes the outbox in batches, files each receipt, sets
//! refused records aside without stopping, backs off while the server is out of reach, and
//! refreshes the offline pack. Runs on start, on `online`, on a timer while anything waits,
//! and on demand. The answer of the request is the truth; `navigator.onLine` is not consulted.
use super::model::*;
use super::photo_store::{drop_photos, prune_photos, upload_photo, Upload};
use super::store::{self, Batch, LocalError, Store};
use crate::economy::api::push_trips;
use crate::environment::api::push_cleanups;
use crate::error::AppError;
use crate::feedback::api::push_feedback;
use crate::feedback::model::{FeedbackBatch, FEEDBACK_SCHEMA};
use crate::i18n::Msg;
use crate::organisation::api::{push_meetings, push_trainings};
use crate::records::model::{WorkBatch, WORK_SCHEMA};
use crate::safety::api::{push_publicity, push_screenings};
use crate::servicepack::api::{push_purchase_updates, push_purchases};
use crate::visits::api::{fetch_offline_pack, push_visits};
use crate::visits::model::{
    batch_len, Outcome, RecordResult, SyncBatch, CLOCK_TOLERANCE_MINUTES, MAX_BATCH,
    MAX_BATCH_BYTES, SYNC_SCHEMA,
};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use server_fn::error::ServerFnErrorErr;
use std::collections::{HashMap, HashSet, VecDeque};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub enum SyncState {
    Idle,
    Syncing,
    /// The server could not be reached; records wait on the phone.
    Offline,
    /// The session ended; records wait until the cadre signs in again.
    SignedOut,
    Failed(AppError),
    /// The phone's own storage failed, for this reason.
    Local(crate::i18n::Msg),
}

/// What came of taking a record back off the outbox (to correct or to withdraw it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reopen {
    Done,
    /// A push is under way; try again in a moment.
    Sending,
    /// The server has it already: a correction is a follow-up note now.
    Sent,
    /// A started diary is in the form; finish or clear it first.
    DraftInTheWay,
}

impl Reopen {
    /// What to tell the user, when it did not happen.
    pub fn refusal(self) -> Option<crate::i18n::Msg> {
        use crate::i18n::Msg;
        match self {
            Reopen::Done => None,
            Reopen::Sending => Some(Msg::OutboxBusy),
            Reopen::Sent => Some(Msg::OutboxAlreadySent),
            Reopen::DraftInTheWay => Some(Msg::VisitDraftInTheWay),
        }
    }
}

/// What is on the phone and not yet on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsent {
    pub outbox: usize,
    pub drafts: usize,
}

impl Unsent {
    pub fn total(self) -> usize {
        self.outbox + self.drafts
    }
}

#[derive(Clone, Copy)]
pub struct Outbox {
    pub waiting: RwSignal<usize>,
    pub attention: RwSignal<usize>,
    pub state: RwSignal<SyncState>,
    pub last_ok: RwSignal<Option<DateTime<Utc>>>,
    /// Bumped whenever records on the phone change, so lists read them again.
    pub changed: RwSignal<u64>,
    /// What the browser answered to the request for persistent storage.
    pub storage: RwSignal<Option<String>>,
    /// A new version is installed and waits for the user's go-ahead.
    pub update_ready: RwSignal<bool>,
    /// Finished sync runs, successful or not: tests and the benchmark wait on it.
    pub runs: RwSignal<u64>,
    /// Minutes the phone's clock is ahead of the server's (behind when negative), when more
    /// than the tolerance; measured at every sync.
    pub clock_skew: RwSignal<Option<i64>>,
    running: StoredValue<bool>,
    /// Asked for while a run was under way: run once more right after it.
    again: StoredValue<bool>,
    failures: StoredValue<u32>,
    /// Records per push now: `MAX_BATCH`, halved after a push fails, doubled back after one
    /// is answered.
    batch_cap: StoredValue<usize>,
    /// This run has found records to send (the pages hear of it once, when the run ends).
    sent_this_run: StoredValue<bool>,
    timer: StoredValue<Option<TimeoutHandle>>,
    user: StoredValue<Option<i64>>,
    listening: StoredValue<bool>,
}

pub fn provide_outbox() -> Outbox {
    let o = Outbox {
        waiting: RwSignal::new(0),
        attention: RwSignal::new(0),
        state: RwSignal::new(SyncState::Idle),
        last_ok: RwSignal::new(None),
        changed: RwSignal::new(0),
        storage: RwSignal::new(None),
        update_ready: RwSignal::new(false),
        runs: RwSignal::new(0),
        clock_skew: RwSignal::new(None),
        running: StoredValue::new(false),
        again: StoredValue::new(false),
        failures: StoredValue::new(0),
        batch_cap: StoredValue::new(MAX_BATCH),
        sent_this_run: StoredValue::new(false),
        timer: StoredValue::new(None),
        user: StoredValue::new(None),
        listening: StoredValue::new(false),
    };
    provide_context(o);
    o
}

pub fn use_outbox() -> Outbox {
    expect_context::<Outbox>()
}

/// The sync engine's work, in a WASM chunk of its own (issue 22): pushing, filing and the
/// offline pack are most of the engine's code and none of it is needed to sign in or to
/// draw a page, so it is fetched at the first sync after sign-in or after a page load, once
/// the page is interactive. Where a service worker controls the page it serves its stored
/// copy with no network; where none does (a first visit, a failed install) and the chunk
/// cannot be fetched, the run ends `Offline` and the next one tries again (a fallible split
/// point: `#[leptos::lazy]` would stop the whole app). `Err` with the state the run ended in.
#[cfg(feature = "hydrate")]
#[leptos::wasm_split::wasm_split(
    sync_engine,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    return_wrapper(let run = _; { run.await } -> Result<(), SyncState>)
)]
fn engine(
    o: Outbox,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), SyncState>>>> {
    Box::pin(o.exchange())
}

#[cfg(not(feature = "hydrate"))]
async fn engine(o: Outbox) -> Result<(), SyncState> {
    o.exchange().await
}

/// The engine's chunk could not be fetched: as good as no network.
impl From<leptos::wasm_split::SplitLoaderError> for SyncState {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        SyncState::Offline
    }
}

/// A pushed batch and the server's answers, not yet written on the phone.
struct Filing<E> {
    batch: Vec<E>,
    answers: Vec<RecordResult>,
}

impl<E> Default for Filing<E> {
    fn default() -> Self {
        Filing {
            batch: Vec::new(),
            answers: Vec::new(),
        }
    }
}

impl<E: Queued> Filing<E> {
    /// Files every answer in one transaction (a receipt kept and the record off the outbox,
    /// or the record set aside with the server's reason), then lets go of the photos the
    /// server now holds. An answer about none of the batch is the server's fault: stop
    /// rather than send the same records again and again.
    async fn write(self) -> Result<(), SyncState> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let sent: HashMap<&str, &E> = self.batch.iter().map(|e| (e.id(), e)).collect();
        let mut ops = Batch::new();
        let mut delivered: Vec<String> = Vec::new();
        let mut filed = 0;
        for r in self.answers {
            let Some(e) = sent.get(r.id.as_str()) else {
                continue;
            };
            filed += 1;
            ops = match r.outcome {
                Outcome::Accepted {
                    receipt,
                    received_at,
                }
                | Outcome::Duplicate {
                    receipt,
                    received_at,
                } => {
                    delivered.extend(e.photo_ids());
                    ops.delete(Store::Outbox, e.id())
                        .put(Store::Sent, &e.sent(Some(receipt), Some(received_at)))
                }
                Outcome::Conflict => ops
                    .delete(Store::Outbox, e.id())
                    .put(Store::Sent, &e.sent(None, None)),
                Outcome::Rejected { reason } => {
                    let mut e = (*e).clone();
                    e.set_aside(reason);
                    ops.put(Store::Outbox, &e)
                }
            };
        }
        if filed == 0 {
            return Err(SyncState::Failed(AppError::Internal));
        }
        // Relaxed: the answers are the server's, and a filing the phone loses to a crash
        // leaves the records in the outbox as they were saved, to be sent again and answered
        // as before (an accepted record as a duplicate with the same receipt). A strict
        // commit waits for the disk every batch.
        ops.relaxed().commit().await.map_err(local)?;
        let _ = drop_photos(&delivered).await;
        Ok(())
    }
}

fn local(e: LocalError) -> SyncState {
    SyncState::Local(e.msg())
}

/// A push refused for what was sent, not for who sent it or the server's own failure.
fn refused_whole(e: &AppError) -> bool {
    matches!(
        e,
        AppError::Invalid(_)
            | AppError::ServerFn(
                ServerFnErrorErr::Args(_)
                    | ServerFnErrorErr::MissingArg(_)
                    | ServerFnErrorErr::Deserialization(_)
                    | ServerFnErrorErr::Response(_)
            )
    )
}

fn failed(e: AppError) -> SyncState {
    match e {
        AppError::ServerFn(ServerFnErrorErr::Request(_)) => SyncState::Offline,
        AppError::Unauthenticated => SyncState::SignedOut,
        e => SyncState::Failed(e),
    }
}

impl Outbox {
    /// Called in the browser once someone is signed in.
    pub fn start(self, user: i64) {
        if self.user.get_value() == Some(user) {
            return;
        }
        self.user.set_value(Some(user));
        if !self.listening.get_value() {
            self.listening.set_value(true);
            store::on_online(move || {
                self.failures.set_value(0);
                spawn_local(self.sync());
            });
            store::register_worker(move || self.update_ready.set(true));
        }
        spawn_local(async move {
            // At once, in the main module: another user's records must leave the phone
            // before this user's pages read it, whatever becomes of the engine's chunk.
            self.adopt(user).await;
            if let Ok(s) = store::request_persistence().await {
                self.storage.set(Some(s));
            }
            self.sync().await;
        });
    }

    /// One run's exchange with the server, in the engine's chunk: the outbox pushed, then
    /// the offline pack fetched and filed, and the photos of records now on the server
    /// dropped (after a push that went through, whatever became of the pack: a phone whose
    /// storage is full needs the room). `Err` with the state the run ended in.
    async fn exchange(self) -> Result<(), SyncState> {
        let device = self.device().await;
        self.push_all(&device).await?;
        let pack = self.refresh_pack(device).await;
        prune_photos().await;
        pack
    }

    /// The phone holds one user's data: another user's goes, unless some of it is unsent.
    async fn adopt(self, user: i64) {
        let me = user.to_string();
        let before: Option<MetaEntry> = store::get(Store::Meta, META_USER).await.ok().flatten();
        // Only a store that says "nothing unsent": one that cannot be read is not empty.
        if before.as_ref().is_some_and(|m| m.value != me)
            && self.unsent_parts().await.is_ok_and(|u| u.total() == 0)
        {
            let _ = store::wipe().await;
            // The pages read the phone again: the other user's records are gone.
            self.changed.update(|n| *n += 1);
        }
        let _ = Batch::new()
            .put(
                Store::Meta,
                &MetaEntry {
                    id: META_USER.into(),
                    value: me,
                },
            )
            .commit()
            .await;
        self.recount().await;
    }

    /// Sync now, whatever the back-off says (the button).
    pub fn sync_now(self) {
        self.failures.set_value(0);
        spawn_local(self.sync());
    }

    pub async fn sync(self) {
        if self.running.get_value() {
            self.again.set_value(true);
            return;
        }
        self.running.set_value(true);
        self.state.set(SyncState::Syncing);
        self.sent_this_run.set_value(false);
        let result = engine(self).await;
        // The pages hear once of what the run sent: when the pack is filed (it changes the
        // lists too, and is filed only when the run succeeds), or now when there is none.
        let told = result.is_ok();
        if self.sent_this_run.get_value() && !told {
            self.changed.update(|n| *n += 1);
        }
        self.running.set_value(false);
        self.recount().await;
        let delay = match result {
            Ok(()) => {
                self.failures.set_value(0);
                self.last_ok.set(Some(Utc::now()));
                self.state.set(SyncState::Idle);
                5
            }
            Err(state) => {
                self.state.set(state);
                let n = self.failures.get_value();
                self.failures.set_value(n + 1);
                (5u64 << n.min(6)).min(300)
            }
        };
        self.runs.update(|n| *n += 1);
        if self.again.get_value() {
            self.again.set_value(false);
            spawn_local(self.sync());
        } else {
            self.schedule(delay);
        }
    }

    /// While anything waits, try again after `secs` (5 s doubling to 5 min on failures).
    fn schedule(self, secs: u64) {
        if let Some(h) = self.timer.get_value() {
            h.clear();
        }
        self.timer.set_value(None);
        if self.waiting.get_untracked() == 0 {
            return;
        }
        let run = move || spawn_local(self.sync());
        if let Ok(h) = set_timeout_with_handle(run, Duration::from_secs(secs)) {
            self.timer.set_value(Some(h));
        }
    }

    async fn device(self) -> String {
        if let Ok(Some(m)) = store::get::<MetaEntry>(Store::Meta, META_DEVICE).await {
            return m.value;
        }
        let id = store::new_id();
        let row = MetaEntry {
            id: META_DEVICE.into(),
            value: id.clone(),
        };
        let _ = Batch::new().put(Store::Meta, &row).commit().await;
        id
    }

    async fn push_all(self, device: &str) -> Result<(), SyncState> {
        let d = device.to_string();
        let device = device.to_string();
        self.push_kind(all, move |rows: Vec<OutboxEntry>| {
            push_visits(SyncBatch {
                schema: SYNC_SCHEMA,
                device: d.clone(),
                visits: rows.into_iter().map(|e| e.draft).collect(),
            })
        })
        .await?;
        let d = device.clone();
        self.push_kind(all, move |rows: Vec<FeedbackEntry>| {
            push_feedback(FeedbackBatch {
                schema: FEEDBACK_SCHEMA,
                device: d.clone(),
                items: rows.into_iter().map(|e| e.feedback).collect(),
            })
        })
        .await?;
        // The four helps' records, one endpoint per kind; purchases before their updates.
        // A kind the server refuses does not hold the others back; no network stops them all.
        macro_rules! push_work {
            ($variant:ident, $push:path) => {{
                let d = device.clone();
                let r = self
                    .push_kind(
                        |e: &WorkEntry| matches!(e.work, WorkDraft::$variant(_)),
                        move |rows: Vec<WorkEntry>| {
                            $push(work_batch(&d, rows, |w| match w {
                                WorkDraft::$variant(x) => Some(x),
                                _ => None,
                            }))
                        },
                    )
                    .await;
                if matches!(r, Err(SyncState::Offline | SyncState::SignedOut)) {
                    return r;
                }
                r
            }};
        }
        let results = [
            push_work!(Meeting, push_meetings),
            push_work!(Training, push_trainings),
            push_work!(Trip, push_trips),
            push_work!(Screening, push_screenings),
            push_work!(Publicity, push_publicity),
            push_work!(Cleanup, push_cleanups),
            push_work!(Purchase, push_purchases),
            push_work!(PurchaseUpdate, push_purchase_updates),
        ];
        results.into_iter().collect()
    }

    /// Pushes one kind of record (the outbox rows that read as `E` and pass `keep`), oldest
    /// first in batches, and files every answer. The pages hear of the filed batches at most
    /// once a second while it runs (each hearing re-reads and redraws the phone's lists: per
    /// batch, that grew with the queue), at once if it fails, and else once when the whole
    /// run ends (`sync`). (Ten kinds heard after every run, each hearing reading 10,000
    /// receipts, cost a long sync seconds: issue 23.)
    async fn push_kind<E, F, Fut>(self, keep: fn(&E) -> bool, push: F) -> Result<(), SyncState>
    where
        E: Queued,
        F: Fn(Vec<E>) -> Fut,
        Fut: std::future::Future<Output = Result<Vec<RecordResult>, AppError>>,
    {
        let mut pushed = false;
        let mut filing = Filing::<E>::default();
        let result = self
            .push_batches(keep, push, &mut pushed, &mut filing)
            .await;
        // However the run ended, what the server answered is filed.
        let result = filing.write().await.and(result);
        if pushed {
            self.sent_this_run.set_value(true);
        }
        if result.is_err() {
            self.changed.update(|n| *n += 1);
        }
        result
    }

    /// The loop of `push_kind`. Each batch's answers are filed while the next batch is on
    /// the wire (`filing` holds them until then; the caller writes what is left): the phone's
    /// writing and the server's work overlap instead of taking turns.
    async fn push_batches<E, F, Fut>(
        self,
        keep: fn(&E) -> bool,
        push: F,
        pushed: &mut bool,
        filing: &mut Filing<E>,
    ) -> Result<(), SyncState>
    where
        E: Queued,
        F: Fn(Vec<E>) -> Fut,
        Fut: std::future::Future<Output = Result<Vec<RecordResult>, AppError>>,
    {
        let mut told = Utc::now();
        // The outbox is read once and worked through, oldest first; it is read again when
        // that list is done (records submitted meanwhile go then). This page takes nothing
        // back off the outbox while a run is under way (`may_take_back`), so the list stays
        // true; a record another tab takes back meanwhile may still go, as it was saved.
        // (Reading and measuring the whole outbox for every batch made a batch cost twice as
        // much with 10,000 records queued as with 1,000: issue 23.)
        let mut queue: VecDeque<E> = VecDeque::new();
        loop {
            if queue.is_empty() {
                // Filed first, so the last batch does not read as waiting again.
                std::mem::take(filing).write().await?;
                let mut waiting: Vec<E> = store::all::<E>(Store::Outbox)
                    .await
                    .map_err(local)?
                    .into_iter()
                    .filter(|e| *e.status() == LocalStatus::Waiting && keep(e))
                    .collect();
                if waiting.is_empty() {
                    return Ok(());
                }
                *pushed = true;
                // UUIDv7 sorts by creation time: the oldest go first.
                waiting.sort_by(|a, b| a.id().cmp(b.id()));
                queue = waiting.into();
            }
            let cap = self.batch_cap.get_value();
            let sizes: Vec<usize> = queue
                .iter()
                .take(cap.max(1))
                .map(Queued::payload_len)
                .collect();
            let Some(n) = batch_len(&sizes, cap, MAX_BATCH_BYTES) else {
                // One record too large for any batch waits aside with its reason; the rest go on.
                if let Some(e) = queue.pop_front() {
                    self.set_aside(e, Msg::SyncTooLarge).await?;
                }
                continue;
            };
            let waiting: Vec<E> = queue.iter().take(n).cloned().collect();
            // A record goes only with all its photos on the server (whole, hash checked).
            if let Some((i, reason)) = self.upload_photos(&waiting).await? {
                if let Some(e) = queue.remove(i) {
                    self.set_aside(e, reason).await?;
                }
                continue;
            }
            // The batch before is filed while this one is on the wire.
            let (answer, filed) =
                futures_util::future::join(push(waiting.clone()), std::mem::take(filing).write())
                    .await;
            filed?;
            if Utc::now() - told >= chrono::Duration::seconds(1) {
                told = Utc::now();
                self.changed.update(|n| *n += 1);
            }
            match answer {
                Ok(answers) => {
                    // Answered: let the batches grow back after a split.
                    self.batch_cap.set_value((cap * 2).min(MAX_BATCH));
                    // Filed while the next batch is on the wire. Filed or not, the batch
                    // leaves the list: a record the answer skipped is still in the outbox,
                    // waiting for the next read.
                    queue.drain(..n.min(queue.len()));
                    *filing = Filing {
                        batch: waiting,
                        answers,
                    };
                }
                Err(e) => match failed(e) {
                    // No network, or signed out: everything waits as it is.
                    state @ (SyncState::Offline | SyncState::SignedOut) => return Err(state),
                    // The server answered but took the batch as a whole badly (a timeout, a
                    // proxy's limit, a record it cannot read): again in halves, so a slow
                    // link still moves the queue and one bad record is found ...
                    _ if n > 1 => self.batch_cap.set_value(n / 2),
                    // ... and set aside, so it blocks nothing behind it. A server error is
                    // the server's fault: then everything waits for it to mend.
                    SyncState::Failed(e) if refused_whole(&e) => {
                        if let Some(e) = queue.pop_front() {
                            self.set_aside(e, Msg::SyncRefused).await?;
                        }
                    }
                    state => return Err(state),
                },
            }
        }
    }

    /// Sends the photos of `records`, each from where the server stands: `None` once the
    /// server holds them all; the first record whose photo it will not take (or the phone
    /// lost), with the reason, to set aside. No network, a lost session or a failing server
    /// stop the run as a push would. A photo found damaged on the way is sent once more.
    async fn upload_photos<E: Queued>(
        self,
        records: &[E],
    ) -> Result<Option<(usize, Msg)>, SyncState> {
        for (i, e) in records.iter().enumerate() {
            for id in e.photo_ids() {
                let mut outcome = upload_photo(&id).await;
                if outcome == Upload::Refused(Msg::ValPhotoDamaged) {
                    outcome = upload_photo(&id).await;
                }
                match outcome {
                    Upload::Stored => {}
                    Upload::Unreachable => return Err(SyncState::Offline),
                    Upload::Status(401) => return Err(SyncState::SignedOut),
                    // The server's own failure holds everything, as for a push.
                    Upload::Status(s) if !(400..500).contains(&s) => {
                        return Err(SyncState::Failed(AppError::Internal))
                    }
                    // Refused for what was sent (a reason, a proxy's size limit) or lost on the
                    // phone: this record waits aside with why, the rest go on.
                    refused => {
                        let reason = match refused {
                            Upload::Status(404) => Msg::ValPhotoChanged,
                            Upload::Status(_) => Msg::SyncRefused,
                            other => other.problem().unwrap_or(Msg::SyncRefused),
                        };
                        return Ok(Some((i, reason)));
                    }
                }
            }
        }
        Ok(None)
    }

    /// One record out of the queue and aside, with the reason the cadre will read.
    async fn set_aside<E: Queued>(self, mut e: E, reason: Msg) -> Result<(), SyncState> {
        e.set_aside(reason);
        Batch::new()
            .put(Store::Outbox, &e)
            .commit()
            .await
            .map_err(local)?;
        self.changed.update(|n| *n += 1);
        Ok(())
    }

    async fn refresh_pack(self, device: String) -> Result<(), SyncState> {
        // What is still here after the push: set-aside records and a started draft.
        // Not said (None) when the phone cannot count them.
        let waiting = self
            .unsent_parts()
            .await
            .ok()
            .map(|u| u32::try_from(u.total()).unwrap_or(u32::MAX));
        let asked = Utc::now();
        let pack = fetch_offline_pack(device, waiting).await.map_err(failed)?;
        // The pack carries the server's time: a phone clock far off is told, not trusted.
        // Measured at the middle of the request, so a slow link does not look like a fast clock.
        let middle = asked + (Utc::now() - asked) / 2;
        let skew = (middle - pack.generated_at).num_minutes();
        self.clock_skew
            .set((skew.abs() > CLOCK_TOLERANCE_MINUTES).then_some(skew));
        let items = MetaEntry {
            id: META_ITEMS.into(),
            value: serde_json::to_string(&pack.items).unwrap_or_default(),
        };
        let meta = |id: &str, value: String| MetaEntry {
            id: id.into(),
            value,
        };
        let villages = meta(
            META_VILLAGES,
            serde_json::to_string(&pack.villages).unwrap_or_default(),
        );
        let materials = meta(
            META_MATERIALS,
            serde_json::to_string(&pack.materials).unwrap_or_default(),
        );
        let purchases = meta(
            META_PURCHASES,
            serde_json::to_string(&pack.purchases).unwrap_or_default(),
        );
        let mut ops = Batch::new()
            .clear(Store::Households)
            .clear(Store::Visits)
            .put(Store::Meta, &items)
            .put(Store::Meta, &villages)
            .put(Store::Meta, &materials)
            .put(Store::Meta, &purchases);
        for h in &pack.households {
            ops = ops.put(Store::Households, h);
        }
        // A receipt the server now lists in the pack needs no copy of its own; feedback and
        // village records' receipts stay a month. One read of the receipts for both (each
        // read is every receipt on the phone: thousands after a long trip).
        let old = Utc::now() - chrono::Duration::days(SENT_FEEDBACK_DAYS);
        let receipts: Vec<ReceiptKey> = store::all(Store::Sent).await.map_err(local)?;
        let mut visits: HashSet<String> = HashSet::new();
        for r in receipts {
            if r.household_id.is_some() {
                visits.insert(r.id);
            } else if r
                .received_at
                .or_else(|| store::id_time(&r.id))
                .is_some_and(|t| t < old)
            {
                ops = ops.delete(Store::Sent, r.id);
            }
        }
        for v in &pack.visits {
            if visits.contains(&v.id) {
                ops = ops.delete(Store::Sent, v.id.clone());
            }
            ops = ops.put(Store::Visits, v);
        }
        // Relaxed: the pack is the server's, fetched again at the next sync if a crash loses it.
        ops.relaxed().commit().await.map_err(local)?;
        self.changed.update(|n| *n += 1);
        Ok(())
    }

    pub async fn recount(self) {
        // Every kind of outbox row has a status; the status index counts the waiting ones
        // without reading a row (it ran after every submit and every sync over the whole
        // outbox). A row whose status is not "Waiting" (refused, or damaged) needs attention.
        if let Ok((total, waiting)) = store::outbox_counts().await {
            self.attention.set(total.saturating_sub(waiting));
            self.waiting.set(waiting);
        }
    }

    /// What wiping the phone would lose, by kind: the outbox's rows, whatever their kind and
    /// even one this build cannot read, and started drafts (a diary, a feedback form or a
    /// village record not yet submitted). An error when the phone's storage cannot say: sign-out and
    /// another user's sign-in wipe the phone only on a sure "nothing", never on a failed read.
    pub async fn unsent_parts(self) -> Result<Unsent, LocalError> {
        let outbox = store::count(Store::Outbox).await?;
        let draft = store::get::<VisitForm>(Store::Drafts, DRAFT_KEY)
            .await?
            .is_some_and(|d| !d.is_blank());
        let feedback = store::get::<FeedbackForm>(Store::Drafts, FEEDBACK_DRAFT_KEY)
            .await?
            .is_some_and(|d| !d.is_blank());
        let work = store::get::<WorkForm>(Store::Drafts, WORK_DRAFT_KEY)
            .await?
            .is_some_and(|d| !d.is_blank());
        Ok(Unsent {
            outbox,
            drafts: usize::from(draft) + usize::from(feedback) + usize::from(work),
        })
    }

    /// Logout: nothing of this user stays on the phone.
    pub async fn wipe(self) -> Result<(), LocalError> {
        store::wipe().await?;
        self.user.set_value(None);
        self.waiting.set(0);
        self.attention.set(0);
        self.changed.update(|n| *n += 1);
        Ok(())
    }

    /// Submit: the record goes to the outbox and the draft goes, in one transaction.
    pub async fn enqueue(self, entry: OutboxEntry) -> Result<(), LocalError> {
        self.enqueue_row(&entry, DRAFT_KEY).await
    }

    pub async fn enqueue_feedback(self, entry: FeedbackEntry) -> Result<(), LocalError> {
        self.enqueue_row(&entry, FEEDBACK_DRAFT_KEY).await
    }

    pub async fn enqueue_work(self, entry: WorkEntry) -> Result<(), LocalError> {
        self.enqueue_row(&entry, WORK_DRAFT_KEY).await
    }

    async fn enqueue_row<T: serde::Serialize>(
        self,
        row: &T,
        draft: &str,
    ) -> Result<(), LocalError> {
        Batch::new()
            .put(Store::Outbox, row)
            .delete(Store::Drafts, draft)
            .commit()
            .await?;
        self.recount().await;
        self.changed.update(|n| *n += 1);
        self.sync_now();
        Ok(())
    }

    /// A waiting or refused record back into the form to be corrected, keeping its id; or
    /// why not.
    pub async fn reopen(self, entry: OutboxEntry) -> Result<Reopen, LocalError> {
        let current: Option<VisitForm> = store::get(Store::Drafts, DRAFT_KEY).await?;
        let in_the_way = current.is_some_and(|d| !d.is_blank());
        let form = VisitForm::from_draft(&entry.draft);
        self.take_back(entry.id, in_the_way, &form).await
    }

    /// Waiting feedback back into its form, as [`Outbox::reopen`] does for a visit.
    pub async fn reopen_feedback(self, entry: FeedbackEntry) -> Result<Reopen, LocalError> {
        let current: Option<FeedbackForm> = store::get(Store::Drafts, FEEDBACK_DRAFT_KEY).await?;
        let in_the_way = current.is_some_and(|d| !d.is_blank());
        let form = FeedbackForm::from_draft(&entry.feedback);
        self.take_back(entry.id, in_the_way, &form).await
    }

    /// A waiting village record back into its form, as [`Outbox::reopen`] does for a visit.
    pub async fn reopen_work(self, entry: WorkEntry) -> Result<Reopen, LocalError> {
        let current: Option<WorkForm> = store::get(Store::Drafts, WORK_DRAFT_KEY).await?;
        let in_the_way = current.is_some_and(|d| !d.is_blank());
        let form = WorkForm::from_draft(&entry.work);
        self.take_back(entry.id, in_the_way, &form).await
    }

    /// Moves outbox row `id` into its form's draft slot (`form`, which names its slot), in one
    /// transaction; or why not.
    async fn take_back(
        self,
        id: String,
        draft_in_the_way: bool,
        form: &impl serde::Serialize,
    ) -> Result<Reopen, LocalError> {
        if let Some(refused) = self.may_take_back(&id, draft_in_the_way).await? {
            return Ok(refused);
        }
        Batch::new()
            .put(Store::Drafts, form)
            .delete(Store::Outbox, id)
            .commit()
            .await?;
        self.recount().await;
        self.changed.update(|n| *n += 1);
        Ok(Reopen::Done)
    }

    /// Why a record may not leave the outbox now, if it may not: a push may be carrying it
    /// (changed or withdrawn then, the server would keep the old version all the same), it
    /// has been sent already, or a started draft holds the form.
    async fn may_take_back(
        self,
        id: &str,
        draft_in_the_way: bool,
    ) -> Result<Option<Reopen>, LocalError> {
        let queued = store::get::<MetaLike>(Store::Outbox, id).await?.is_some();
        // Asked after the read, so a run that started while the phone was read counts.
        if self.running.get_value() {
            return Ok(Some(Reopen::Sending));
        }
        if !queued {
            return Ok(Some(Reopen::Sent));
        }
        Ok(draft_in_the_way.then_some(Reopen::DraftInTheWay))
    }

    /// Withdraws a record from the outbox (the caller has asked the user to confirm); or why
    /// not, as for [`Outbox::reopen`].
    pub async fn discard(self, id: String) -> Result<Reopen, LocalError> {
        if let Some(refused) = self.may_take_back(&id, false).await? {
            return Ok(refused);
        }
        Batch::new().delete(Store::Outbox, id).commit().await?;
        self.recount().await;
        self.changed.update(|n| *n += 1);
        Ok(Reopen::Done)
    }
}

/// A record kind the outbox holds and the engine pushes.
trait Queued: serde::Serialize + serde::de::DeserializeOwned + Clone {
    fn id(&self) -> &str;
    fn status(&self) -> &LocalStatus;
    fn set_aside(&mut self, reason: crate::i18n::Msg);
    /// The bytes it adds to a push (its JSON).
    fn payload_len(&self) -> usize;
    /// The ids of the photos it names.
    fn photo_ids(&self) -> Vec<String>;
    /// What stays on the phone once the server has it.
    fn sent(&self, receipt: Option<String>, at: Option<DateTime<Utc>>) -> impl serde::Serialize;
}

/// The bytes of `value` as JSON, counted as written: the text itself is never kept (every
/// batch measures up to `MAX_BATCH` records). `usize::MAX` if it cannot be written.
fn json_len<T: serde::Serialize>(value: &T) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, value).map_or(usize::MAX, |()| count.0)
}

/// What every kind of outbox row has alike: its id and its status.
macro_rules! row_status {
    () => {
        fn id(&self) -> &str {
            &self.id
        }
        fn status(&self) -> &LocalStatus {
            &self.status
        }
        fn set_aside(&mut self, reason: crate::i18n::Msg) {
            self.status = LocalStatus::Attention(reason);
        }
    };
}

impl Queued for OutboxEntry {
    row_status!();
    fn photo_ids(&self) -> Vec<String> {
        self.draft.photos.iter().map(|p| p.id.clone()).collect()
    }
    fn payload_len(&self) -> usize {
        json_len(&self.draft)
    }
    fn sent(
        &self,
        receipt: Option<String>,
        received_at: Option<DateTime<Utc>>,
    ) -> impl serde::Serialize {
        SentEntry {
            id: self.id.clone(),
            household_id: self.draft.household_id,
            head_name: self.head_name.clone(),
            visited_at: self.draft.visited_at.clone(),
            method: self.draft.method.clone(),
            content: self.draft.content.clone(),
            receipt,
            received_at,
        }
    }
}

impl Queued for FeedbackEntry {
    row_status!();
    fn photo_ids(&self) -> Vec<String> {
        Vec::new()
    }
    fn payload_len(&self) -> usize {
        json_len(&self.feedback)
    }
    fn sent(
        &self,
        receipt: Option<String>,
        received_at: Option<DateTime<Utc>>,
    ) -> impl serde::Serialize {
        SentFeedback {
            id: self.id.clone(),
            label: self.label.clone(),
            category: self.feedback.category.clone(),
            content: self.feedback.content.clone(),
            sent_feedback: true,
            receipt,
            received_at,
        }
    }
}

impl Queued for WorkEntry {
    row_status!();
    fn photo_ids(&self) -> Vec<String> {
        self.work.photos().iter().map(|p| p.id.clone()).collect()
    }
    fn payload_len(&self) -> usize {
        json_len(&self.work)
    }
    fn sent(
        &self,
        receipt: Option<String>,
        received_at: Option<DateTime<Utc>>,
    ) -> impl serde::Serialize {
        SentWork {
            id: self.id.clone(),
            label: self.label.clone(),
            what: self.work.label(),
            title: self.work.title().to_string(),
            sent_work: true,
            receipt,
            received_at,
        }
    }
}

/// The batch of one kind of village record from the outbox rows `rows`.
fn work_batch<T>(
    device: &str,
    rows: Vec<WorkEntry>,
    pick: fn(WorkDraft) -> Option<T>,
) -> WorkBatch<T> {
    WorkBatch {
        schema: WORK_SCHEMA,
        device: device.to_string(),
        items: rows.into_iter().filter_map(|e| pick(e.work)).collect(),
    }
}

/// Every row of a kind: the filter of a kind with one endpoint.
fn all<E>(_: &E) -> bool {
    true
}

/// A receipt of any kind, as far as the pack's refresh reads it: a visit's names its
/// household (`SentEntry`); feedback's and village records' do not.
#[derive(serde::Deserialize)]
struct ReceiptKey {
    id: String,
    #[serde(default)]
    household_id: Option<i64>,
    #[serde(default)]
    received_at: Option<DateTime<Utc>>,
}

/// Any row at all: only its key is read.
#[derive(serde::Deserialize)]
struct MetaLike {
    #[allow(dead_code)]
    id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_measured_as_the_json_it_is_sent_as() {
        let draft = crate::visits::model::VisitDraft {
            content: "入户走访：\"漏雨\"\n\u{1}".into(),
            ..Default::default()
        };
        assert_eq!(
            json_len(&draft),
            serde_json::to_string(&draft).unwrap().len()
        );
    }

    #[test]
    fn a_receipt_tells_a_visit_from_feedback_or_a_village_record() {
        let read = |row: &str| serde_json::from_str::<ReceiptKey>(row).unwrap();
        let visit = SentEntry {
            id: "v".into(),
            household_id: 7,
            head_name: "王".into(),
            visited_at: "2026-11-30T09:00:00Z".into(),
            method: "home".into(),
            content: "c".into(),
            receipt: None,
            received_at: None,
        };
        let feedback = SentFeedback {
            id: "f".into(),
            label: "l".into(),
            category: "c".into(),
            content: "c".into(),
            sent_feedback: true,
            receipt: Some("R".into()),
            received_at: Some(Utc::now()),
        };
        assert_eq!(
            read(&serde_json::to_string(&visit).unwrap()).household_id,
            Some(7)
        );
        let f = read(&serde_json::to_string(&feedback).unwrap());
        assert_eq!(
            (f.household_id, f.received_at),
            (None, feedback.received_at)
        );
        let work = SentWork {
            id: "w".into(),
            label: "l".into(),
            what: Msg::WorkTraining,
            title: "t".into(),
            sent_work: true,
            receipt: Some("R".into()),
            received_at: None,
        };
        let w = read(&serde_json::to_string(&work).unwrap());
        assert_eq!((w.id.as_str(), w.household_id), ("w", None));
    }
}
