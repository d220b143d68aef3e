//! The outbox as the cadre sees it: the badge in the top bar, the sync panel, the prompt
//! that a new version is ready.
use super::engine::{use_outbox, SyncState};
use crate::i18n::{tr, use_i18n, Msg};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// How many records wait on this phone; nothing when none do.
#[component]
pub fn SyncBadge() -> impl IntoView {
    let outbox = use_outbox();
    let i18n = use_i18n();
    move || {
        let n = outbox.waiting.get() + outbox.attention.get();
        (n > 0).then(|| {
            view! {
                <a class="sync-badge" href="/visits" data-testid="sync-badge">
                    {move || Msg::SyncBadge.fmt(i18n.get(), &[&n.to_string()])}
                </a>
            }
        })
    }
}

/// Offered, never forced: the page reloads only when the cadre taps it, and drafts are
/// already saved on the phone by then.
#[component]
pub fn UpdatePrompt() -> impl IntoView {
    let outbox = use_outbox();
    move || {
        outbox.update_ready.get().then(|| {
            view! {
                <div class="banner ok update" role="status" data-testid="update-ready">
                    <span>{tr(Msg::UpdateReady)}</span>
                    <button type="button" on:click=move |_| spawn_local(super::store::apply_update())>
                        {tr(Msg::UpdateApply)}
                    </button>
                </div>
            }
        })
    }
}

#[component]
pub fn SyncPanel() -> impl IntoView {
    let outbox = use_outbox();
    let i18n = use_i18n();
    let status = move || {
        let l = i18n.get();
        match outbox.state.get() {
            SyncState::Syncing => Msg::SyncRunning.text(l).to_string(),
            SyncState::Offline => Msg::SyncOffline.text(l).to_string(),
            SyncState::SignedOut => Msg::SyncSignedOut.text(l).to_string(),
            SyncState::Local(m) => m.text(l).to_string(),
            SyncState::Failed(e) => e.message(l),
            SyncState::Idle => match outbox.last_ok.get() {
                Some(t) => Msg::SyncLast.fmt(l, &[&crate::ui::time::minute(t)]),
                None => String::new(),
            },
        }
    };
    let state_code = move || match outbox.state.get() {
        SyncState::Idle => "idle",
        SyncState::Syncing => "syncing",
        _ => "failed",
    };
    let storage = move || {
        outbox.storage.get().map(|s| {
            let msg = match s.as_str() {
                "granted" => Msg::StorageGranted,
                "denied" => Msg::StorageDenied,
                _ => Msg::StorageUnsupported,
            };
            view! { <p class="muted small" data-testid="storage">{tr(msg)}</p> }
        })
    };
    // The phone's clock against the server's at the last sync; the right time now is the
    // phone's time corrected by what was measured.
    let clock = move || {
        outbox.clock_skew.get().map(|minutes| {
            let l = i18n.get();
            let right = chrono::Utc::now() - chrono::Duration::minutes(minutes);
            let (msg, off) = if minutes > 0 {
                (Msg::ClockAhead, minutes)
            } else {
                (Msg::ClockBehind, -minutes)
            };
            view! {
                <p class="banner notice" role="alert" data-testid="clock-warning">
                    {msg.fmt(l, &[&off.to_string(), &crate::ui::time::minute(right)])}
                </p>
            }
        })
    };
    // Known only in the browser: set after hydration so the server's HTML stays the same.
    let ios = RwSignal::new(false);
    Effect::new(move |_| ios.set(super::store::ios_browser_tab()));
    let ios_notice = move || {
        ios.get().then(|| {
            view! {
                <p class="banner notice" role="note" data-testid="ios-add-to-home">
                    {tr(Msg::IosAddToHome)}
                </p>
            }
        })
    };
    view! {
        <section
            class="card sync"
            data-testid="sync-panel"
            data-waiting=move || outbox.waiting.get()
            data-attention=move || outbox.attention.get()
            data-runs=move || outbox.runs.get()
            data-state=state_code
        >
            <h2>{tr(Msg::SyncTitle)}</h2>
            <p class="sync-counts">
                <strong data-testid="waiting-count">{move || outbox.waiting.get()}</strong>
                " "
                {tr(Msg::SyncWaiting)}
                {move || {
                    let n = outbox.attention.get();
                    (n > 0)
                        .then(|| {
                            view! {
                                " · "
                                <strong class="warn">{n}</strong>
                                " "
                                {tr(Msg::SyncAttention)}
                            }
                        })
                }}
            </p>
            <p class="muted" role="status">
                {status}
            </p>
            {clock}
            {ios_notice}
            {storage}
            <crate::photos::pages::PhotoSpace />
            <button
                type="button"
                class="primary"
                data-testid="sync-now"
                disabled=move || outbox.state.get() == SyncState::Syncing
                on:click=move |_| outbox.sync_now()
            >
                {tr(Msg::SyncNow)}
            </button>
        </section>
    }
}

/// The two buttons of a record still on the phone, waiting or set aside (`attention`): back
/// into its form (`reopen`, then to `form`'s page) to change it, or withdrawn after a
/// confirmation. Neither while a push is carrying it; why not goes to `refused`.
#[component]
pub fn WaitingButtons<F, Fut>(
    id: String,
    attention: bool,
    form: &'static str,
    refused: RwSignal<Option<Msg>>,
    reopen: F,
) -> impl IntoView
where
    F: Fn() -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = Result<super::engine::Reopen, super::store::LocalError>>
        + 'static,
{
    let outbox = use_outbox();
    let id = StoredValue::new(id);
    let edit = move |_| {
        spawn_local(async move {
            match reopen().await {
                Ok(super::engine::Reopen::Done) => {
                    let _ = window().location().set_href(form);
                }
                Ok(other) => refused.set(other.refusal()),
                Err(e) => refused.set(Some(e.msg())),
            }
        });
    };
    let withdraw = move |_| {
        let ask = if attention {
            Msg::VisitDiscardConfirm
        } else {
            Msg::VisitWithdrawConfirm
        };
        if window().confirm_with_message(tr(ask)()).unwrap_or(false) {
            spawn_local(async move {
                match outbox.discard(id.get_value()).await {
                    Ok(r) => refused.set(r.refusal()),
                    Err(e) => refused.set(Some(e.msg())),
                }
            });
        }
    };
    view! {
        <span class="row">
            <button type="button" on:click=edit data-testid="edit-waiting">
                {tr(if attention { Msg::VisitCorrect } else { Msg::VisitEdit })}
            </button>
            <button type="button" class="danger" on:click=withdraw data-testid="withdraw-waiting">
                {tr(if attention { Msg::VisitDiscard } else { Msg::VisitWithdraw })}
            </button>
        </span>
    }
}
