//! Feedback a cadre writes down on a visit or at a service-day reception. Works with no
//! signal, like the visit form: the draft is saved on every change and the record goes
//! through the phone's outbox.
use super::super::model::{Category, FeedbackFields};
use crate::error::FieldError;
use crate::households::model::OfflineHousehold;
use crate::i18n::{tr, use_i18n, Msg};
use crate::offline::engine::use_outbox;
use crate::offline::model::{
    FeedbackEntry, FeedbackForm, LocalStatus, SentFeedback, FEEDBACK_DRAFT_KEY,
};
use crate::offline::store::{self, Batch, Store};
use crate::ui::form::FieldMsg;
use crate::ui::layout::{RequireRole, EVERYONE};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn FeedbackCapturePage() -> impl IntoView {
    view! {
        <RequireRole roles=EVERYONE>
            <Capture />
        </RequireRole>
    }
}

#[derive(Clone, Copy)]
struct State {
    /// Feeds the inputs: set on load and after a submit only, so typing never re-renders.
    shown: RwSignal<Option<FeedbackForm>>,
    form: RwSignal<Option<FeedbackForm>>,
    households: RwSignal<Vec<OfflineHousehold>>,
    errors: RwSignal<Vec<FieldError>>,
}

impl State {
    fn edit(self, f: impl FnOnce(&mut FeedbackForm)) {
        self.form.update(|o| {
            if let Some(v) = o {
                f(v)
            }
        });
        if let Some(snapshot) = self.form.get_untracked() {
            spawn_local(async move {
                let _ = Batch::new().put(Store::Drafts, &snapshot).commit().await;
            });
        }
    }

    fn shown(self, f: fn(&FeedbackForm) -> String) -> impl Fn() -> String + Copy {
        move || self.shown.with(|o| o.as_ref().map(f).unwrap_or_default())
    }

    fn error(self, field: &'static str) -> impl Fn() -> Option<Msg> + Copy {
        move || {
            self.errors
                .with(|e| e.iter().find(|e| e.field == field).map(|e| e.msg))
        }
    }
}

#[component]
fn Capture() -> impl IntoView {
    let outbox = use_outbox();
    let i18n = use_i18n();
    let s = State {
        shown: RwSignal::new(None),
        form: RwSignal::new(None),
        households: RwSignal::new(Vec::new()),
        errors: RwSignal::new(Vec::new()),
    };
    let queued = RwSignal::new(false);
    // Filled from the phone's draft below: what was typed before the app comes after it.
    let typed = crate::ui::typed::TypedBeforeApp::hold();
    Effect::new(move |_| {
        spawn_local(async move {
            let mut hs: Vec<OfflineHousehold> =
                store::all(Store::Households).await.unwrap_or_default();
            hs.sort_by(|a, b| {
                (&a.village, &a.group, &a.head_name).cmp(&(&b.village, &b.group, &b.head_name))
            });
            s.households.set(hs);
            let f = match store::get::<FeedbackForm>(Store::Drafts, FEEDBACK_DRAFT_KEY).await {
                Ok(Some(f)) => f,
                _ => {
                    let mut f = FeedbackForm::new(store::new_id());
                    f.household_id = store::household_in_query();
                    if let Some(receipt) = store::amends_in_query() {
                        f.fields.content =
                            Msg::VisitAmendPrefix.fmt(i18n.get_untracked(), &[&receipt]);
                    }
                    f
                }
            };
            s.shown.set(Some(f.clone()));
            s.form.set(Some(f));
            typed.replay().await;
        });
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(f) = s.form.get_untracked() else {
            return;
        };
        match f.to_draft(chrono::Utc::now()) {
            Err(errors) => s.errors.set(errors),
            Ok(draft) => {
                let label = f
                    .household_id
                    .and_then(|id| {
                        s.households.with_untracked(|hs| {
                            hs.iter().find(|h| h.id == id).map(|h| h.head_name.clone())
                        })
                    })
                    .unwrap_or_default();
                let entry = FeedbackEntry {
                    id: draft.id.clone(),
                    label,
                    feedback: draft,
                    status: LocalStatus::Waiting,
                };
                spawn_local(async move {
                    match outbox.enqueue_feedback(entry).await {
                        Ok(()) => {
                            let next = FeedbackForm::new(store::new_id());
                            s.shown.set(Some(next.clone()));
                            s.form.set(Some(next));
                            s.errors.set(Vec::new());
                            queued.set(true);
                            window().scroll_to_with_x_and_y(0.0, 0.0);
                        }
                        Err(e) => s.errors.set(vec![FieldError::new("form", e.msg())]),
                    }
                });
            }
        }
    };
    view! {
        <section class="card">
            <h1>{tr(Msg::FeedbackCapture)}</h1>
            {move || {
                queued
                    .get()
                    .then(|| {
                        view! {
                            <p class="banner ok" role="status" data-testid="queued">
                                {tr(Msg::FeedbackQueued)}
                            </p>
                        }
                    })
            }}
            <form class="visit-form" on:submit=submit novalidate>
                <div class="field">
                    <label for="f-household">{tr(Msg::FeedbackHousehold)}</label>
                    <select
                        id="f-household"
                        prop:value=s.shown(|f| f.household_id.map(|h| h.to_string()).unwrap_or_default())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            s.edit(|f| f.household_id = v.parse().ok())
                        }
                    >
                        <option value="">{tr(Msg::FeedbackNoHousehold)}</option>
                        {move || {
                            s.households
                                .get()
                                .into_iter()
                                .map(|h| {
                                    view! {
                                        <option value=h.id.to_string()>
                                            {format!("{} · {}{}", h.head_name, h.village, h.group)}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="field">
                    <label for="f-channel">{tr(Msg::FeedbackChannel)}</label>
                    <select
                        id="f-channel"
                        prop:value=s.shown(|f| f.channel.clone())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            s.edit(|f| f.channel = v)
                        }
                    >
                        <option value="cadre">{tr(Msg::ChannelCadre)}</option>
                        <option value="reception">{tr(Msg::ChannelReception)}</option>
                    </select>
                </div>
                <div class="field" class:invalid=move || s.error("category")().is_some()>
                    <label for="f-category">{tr(Msg::FeedbackCategory)}</label>
                    <select
                        id="f-category"
                        prop:value=s.shown(|f| f.fields.category.clone())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            s.edit(|f| f.fields.category = v)
                        }
                    >
                        <option value="">{tr(Msg::FeedbackChooseCategory)}</option>
                        {Category::ALL
                            .into_iter()
                            .map(|c| view! { <option value=c.code()>{tr(c.label())}</option> })
                            .collect_view()}
                    </select>
                    <FieldMsg msg=s.error("category") />
                </div>
                <Text s label=Msg::FeedbackContent name="content" area=true get=|f| f.content.clone() set=|f, v| f.content = v />
                <Text s label=Msg::FeedbackName name="name" area=false get=|f| f.name.clone() set=|f, v| f.name = v />
                <Text s label=Msg::FeedbackPhone name="phone" area=false get=|f| f.phone.clone() set=|f, v| f.phone = v />
                <FieldMsg msg=s.error("form") />
                <button type="submit" class="primary" data-testid="submit-feedback">
                    {tr(Msg::FeedbackSave)}
                </button>
            </form>
        </section>
        <OnPhone />
    }
}

#[component]
fn Text(
    s: State,
    label: Msg,
    name: &'static str,
    area: bool,
    get: fn(&FeedbackFields) -> String,
    set: fn(&mut FeedbackFields, String),
) -> impl IntoView {
    let id = format!("f-{name}");
    let error = s.error(name);
    let value = move || {
        s.shown
            .with(|o| o.as_ref().map(|f| get(&f.fields)).unwrap_or_default())
    };
    let input = move |ev| {
        let v = event_target_value(&ev);
        s.edit(|f| set(&mut f.fields, v))
    };
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            <label for=id.clone()>{tr(label)}</label>
            {if area {
                view! { <textarea id=id name=name rows="4" prop:value=value on:input=input></textarea> }.into_any()
            } else {
                view! { <input id=id name=name prop:value=value on:input=input /> }.into_any()
            }}
            <FieldMsg msg=error />
        </div>
    }
}

/// This phone's feedback: waiting, needing attention, or sent with its receipt.
#[component]
fn OnPhone() -> impl IntoView {
    let outbox = use_outbox();
    let rows = RwSignal::new((Vec::<FeedbackEntry>::new(), Vec::<SentFeedback>::new()));
    Effect::new(move |_| {
        outbox.changed.track();
        spawn_local(async move {
            let waiting: Vec<FeedbackEntry> = store::all(Store::Outbox).await.unwrap_or_default();
            let mut sent: Vec<SentFeedback> = store::all(Store::Sent).await.unwrap_or_default();
            sent.sort_by(|a, b| b.id.cmp(&a.id));
            rows.set((waiting, sent));
        });
    });
    let i18n = use_i18n();
    let refused = RwSignal::new(None::<Msg>);
    view! {
        <section class="card">
            <h2>{tr(Msg::FeedbackOnPhone)}</h2>
            {move || refused.get().map(|m| view! { <p class="hint" role="status" data-testid="fix-refused">{tr(m)}</p> })}
            <ul class="list" data-testid="feedback-on-phone">
                {move || {
                    let (waiting, sent) = rows.get();
                    let waiting = waiting.into_iter().map(|e| {
                        let (class, text) = match &e.status {
                            LocalStatus::Waiting => ("status-waiting", Msg::StatusWaiting.text(i18n.get()).to_string()),
                            LocalStatus::Attention(m) => ("status-attention", m.text(i18n.get()).to_string()),
                        };
                        let attention = e.status != LocalStatus::Waiting;
                        let entry = StoredValue::new(e.clone());
                        view! {
                            <li class="item" data-state=if attention { "attention" } else { "waiting" } data-testid="feedback-waiting">
                                <span class="item-title">{e.feedback.content.clone()}</span>
                                <span class="item-sub">{e.label.clone()}</span>
                                <span class=format!("tag {class}")>{text}</span>
                                <crate::offline::ui::WaitingButtons
                                    id=e.id.clone()
                                    attention
                                    form="/feedback/new"
                                    refused
                                    reopen=move || outbox.reopen_feedback(entry.get_value())
                                />
                            </li>
                        }
                    });
                    let sent = sent.into_iter().map(|e| {
                        let receipt = e.receipt.clone().unwrap_or_default();
                        // Sent stays as sent: a correction is a new item that names it.
                        let amend = (!receipt.is_empty())
                            .then(|| format!("/feedback/new?amends={receipt}"));
                        view! {
                            <li class="item" data-state="sent">
                                <span class="item-title">{e.content.clone()}</span>
                                <span class="item-sub">{e.label.clone()}</span>
                                <span class="tag status-sent" data-testid="feedback-receipt">
                                    {tr(Msg::StatusSent)} " " {receipt.clone()}
                                </span>
                                {amend.map(|href| view! {
                                    <a href=href rel="external" data-testid="amend">{tr(Msg::VisitAmend)}</a>
                                })}
                            </li>
                        }
                    });
                    waiting.map(|v| v.into_any()).chain(sent.map(|v| v.into_any())).collect_view()
                }}
            </ul>
        </section>
    }
}
