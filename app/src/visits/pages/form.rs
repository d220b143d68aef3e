//! The visit diary form (民情日记). Works with no signal: households come from the phone's
//! copy, every change is saved as a draft, and submitting puts the record in the outbox.
use super::super::model::{FormReturn, HouseholdField, Method, VisitView};
use crate::households::model::OfflineHousehold;
use crate::i18n::{tr, use_i18n, Msg};
use crate::ledger::model::Kind;
use crate::offline::engine::use_outbox;
use crate::offline::model::{LocalStatus, OutboxEntry, SentEntry, VisitForm, DRAFT_KEY};
use crate::offline::store::{self, Batch, Store};
use crate::ui::form::FieldMsg;
use crate::ui::layout::{RequireRole, EVERYONE};
use leptos::prelude::*;
use leptos::task::spawn_local;

const METHODS: [Method; 4] = [
    Method::Home,
    Method::Phone,
    Method::Reception,
    Method::ServiceDay,
];

/// The visit just saved, for the banner that follows it to the server.
#[derive(Clone)]
struct Queued {
    name: String,
    id: String,
    /// It asked for a ledger item from its problems.
    ledger: bool,
}

#[component]
pub fn VisitFormPage() -> impl IntoView {
    view! {
        <RequireRole roles=EVERYONE>
            <VisitFormView />
        </RequireRole>
    }
}

/// The form's state: `shown` feeds the inputs (set on load and reset only, so typing never
/// re-renders a field), `form` follows every keystroke.
#[derive(Clone, Copy)]
struct FormState {
    shown: RwSignal<Option<VisitForm>>,
    form: RwSignal<Option<VisitForm>>,
    households: RwSignal<Vec<OfflineHousehold>>,
    error: RwSignal<Option<(&'static str, Msg)>>,
    /// Draft saves started and finished: "saved" shows when they meet.
    saves: RwSignal<(u64, u64)>,
}

impl FormState {
    fn edit(self, f: impl FnOnce(&mut VisitForm)) {
        self.form.update(|o| {
            if let Some(v) = o {
                f(v)
            }
        });
        let Some(snapshot) = self.form.get_untracked() else {
            return;
        };
        // A field's error goes once the field is right (another field's problem waits for
        // the next tap on save, not to jump at the cadre mid-sentence).
        if let Some((field, _)) = self.error.get_untracked() {
            let h = self.selected_untracked();
            let still = snapshot
                .to_draft(h.as_ref())
                .err()
                .filter(|m| field_of(*m) == field);
            self.error.set(still.map(|m| (field, m)));
        }
        self.saves.update(|(started, _)| *started += 1);
        let n = self.saves.get_untracked().0;
        // IndexedDB runs these in the order they start, so the last keystroke lands last.
        spawn_local(async move {
            if Batch::new()
                .put(Store::Drafts, &snapshot)
                .commit()
                .await
                .is_ok()
            {
                self.saves.update(|(_, done)| *done = (*done).max(n));
            }
        });
    }

    /// Picks (or drops) the household; corrections typed for another household go.
    fn pick(self, id: Option<i64>) {
        self.shown.update(|o| {
            if let Some(f) = o {
                f.household_id = id;
                f.changes.clear();
            }
        });
        self.edit(|f| {
            f.household_id = id;
            f.changes.clear();
        });
    }

    fn shown_text(self, f: fn(&VisitForm) -> String) -> impl Fn() -> String + Copy {
        move || self.shown.with(|o| o.as_ref().map(f).unwrap_or_default())
    }

    fn error_for(self, field: &'static str) -> impl Fn() -> Option<Msg> + Copy {
        move || {
            self.error
                .get()
                .filter(|(f, _)| *f == field)
                .map(|(_, m)| m)
        }
    }

    fn selected_untracked(self) -> Option<OfflineHousehold> {
        let id = self
            .form
            .with_untracked(|f| f.as_ref().and_then(|f| f.household_id))?;
        self.households
            .with_untracked(|hs| hs.iter().find(|h| h.id == id).cloned())
    }

    fn selected(self) -> Option<OfflineHousehold> {
        let id = self
            .form
            .with(|f| f.as_ref().and_then(|f| f.household_id))?;
        self.households
            .with(|hs| hs.iter().find(|h| h.id == id).cloned())
    }
}

/// Which field a refusal belongs beside.
fn field_of(m: Msg) -> &'static str {
    match m {
        Msg::ValChooseHousehold => "household",
        Msg::ValVisitTime => "visited_at",
        Msg::ValChoice => "method",
        Msg::ValRequired => "content",
        Msg::ValPopulation | Msg::ValPhone => "changes",
        Msg::ValLedgerNeedsProblem => "ledger",
        Msg::ValFormAnswer | Msg::ValFormReason => "feedback_form",
        _ => "form",
    }
}

#[component]
fn VisitFormView() -> impl IntoView {
    let outbox = use_outbox();
    let i18n = use_i18n();
    let s = FormState {
        shown: RwSignal::new(None),
        form: RwSignal::new(None),
        households: RwSignal::new(Vec::new()),
        error: RwSignal::new(None),
        saves: RwSignal::new((0, 0)),
    };
    let queued = RwSignal::new(None::<Queued>);
    // What became of the last saved visit: None while it waits on the phone, then the
    // server's receipt (None inside when the server kept it as a second version).
    let answer = RwSignal::new(None::<Option<String>>);
    Effect::new(move |_| {
        outbox.changed.track();
        outbox.runs.track();
        let Some(q) = queued.get() else { return };
        if answer.get_untracked().is_some() {
            return;
        }
        // The phone's receipt, or, once the pack lists the visit (its receipt then leaves
        // the phone's own list), the server's copy.
        spawn_local(async move {
            if let Ok(Some(sent)) = store::get::<SentEntry>(Store::Sent, &q.id).await {
                answer.set(Some(sent.receipt));
            } else if let Ok(Some(v)) = store::get::<VisitView>(Store::Visits, &q.id).await {
                answer.set(Some(Some(v.receipt)));
            }
        });
    });
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
            let f = match store::get::<VisitForm>(Store::Drafts, DRAFT_KEY).await {
                Ok(Some(f)) => f,
                _ => {
                    let mut f = VisitForm::new(store::new_id(), chrono::Utc::now());
                    f.household_id = store::household_in_query();
                    // A correction to a sent entry starts by naming it; the original stays.
                    if let Some(receipt) = store::amends_in_query() {
                        f.content = Msg::VisitAmendPrefix.fmt(i18n.get_untracked(), &[&receipt]);
                    }
                    f
                }
            };
            s.shown.set(Some(f.clone()));
            s.form.set(Some(f));
            typed.replay().await;
        });
    });
    let saved = move || {
        let (started, done) = s.saves.get();
        started > 0 && started == done
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(f) = s.form.get_untracked() else {
            return;
        };
        let h = s.selected();
        match f.to_draft(h.as_ref()) {
            Err(m) => s.error.set(Some((field_of(m), m))),
            Ok(draft) => {
                let head_name = h.map(|h| h.head_name).unwrap_or_default();
                let saved = Queued {
                    name: head_name.clone(),
                    id: draft.id.clone(),
                    ledger: draft.ledger.is_some(),
                };
                let entry = OutboxEntry {
                    id: draft.id.clone(),
                    head_name: head_name.clone(),
                    draft,
                    status: LocalStatus::Waiting,
                };
                spawn_local(async move {
                    match outbox.enqueue(entry).await {
                        Ok(()) => {
                            let next = VisitForm::new(store::new_id(), chrono::Utc::now());
                            s.shown.set(Some(next.clone()));
                            s.form.set(Some(next));
                            s.error.set(None);
                            s.saves.set((0, 0));
                            answer.set(None);
                            queued.set(Some(saved));
                            window().scroll_to_with_x_and_y(0.0, 0.0);
                        }
                        Err(e) => s.error.set(Some(("form", e.msg()))),
                    }
                });
            }
        }
    };
    view! {
        <section class="card">
            <h1>{tr(Msg::VisitNewTitle)}</h1>
            {move || {
                queued
                    .get()
                    .map(|q| {
                        // What actually happened, and stays true: waiting on the phone, sent
                        // with its receipt, or kept by the server beside another version.
                        let text = move || {
                            let l = i18n.get();
                            let (said, ledger) = match answer.get() {
                                None => (
                                    Msg::VisitQueued.fmt(l, &[&q.name]),
                                    Msg::VisitLedgerWillBe,
                                ),
                                Some(Some(r)) => (
                                    Msg::VisitSent.fmt(l, &[&q.name, &r]),
                                    Msg::VisitLedgerRaised,
                                ),
                                Some(None) => (
                                    Msg::VisitSentConflict.fmt(l, &[&q.name]),
                                    Msg::VisitLedgerOffice,
                                ),
                            };
                            if q.ledger {
                                format!("{said}{}", ledger.text(l))
                            } else {
                                said
                            }
                        };
                        let state = move || match answer.get() {
                            None => "waiting",
                            Some(Some(_)) => "sent",
                            Some(None) => "conflict",
                        };
                        view! {
                            <p class="banner ok" role="status" data-testid="queued" data-state=state>
                                {text}
                                " "
                                <a href="/visits">{tr(Msg::VisitsMine)}</a>
                            </p>
                        }
                    })
            }}
            <form class="visit-form" on:submit=submit novalidate>
                {view! {
                <HouseholdPicker s />
                <div class="field" class:invalid=move || s.error_for("visited_at")().is_some()>
                    <label for="f-visited_at">{tr(Msg::VisitTime)}</label>
                    <input
                        id="f-visited_at"
                        type="datetime-local"
                        prop:value=s.shown_text(|f| f.visited_at.clone())
                        on:input=move |ev| s.edit(|f| f.visited_at = event_target_value(&ev))
                    />
                    <FieldMsg msg=s.error_for("visited_at") />
                </div>
                <div class="field">
                    <label for="f-method">{tr(Msg::VisitMethod)}</label>
                    <select
                        id="f-method"
                        prop:value=s.shown_text(|f| f.method.clone())
                        on:change=move |ev| s.edit(|f| f.method = event_target_value(&ev))
                    >
                        {METHODS
                            .into_iter()
                            .map(|m| view! { <option value=m.code()>{tr(m.label())}</option> })
                            .collect_view()}
                    </select>
                </div>
                <TextArea s label=Msg::VisitContent name="content" get=|f| f.content.clone() set=|f, v| f.content = v />
                <TextArea s label=Msg::VisitProcess name="process" get=|f| f.process.clone() set=|f, v| f.process = v />
                <TextArea s label=Msg::VisitOutcome name="outcome" get=|f| f.outcome.clone() set=|f, v| f.outcome = v />
                <TextArea s label=Msg::VisitProblems name="problems" get=|f| f.problems.clone() set=|f, v| f.problems = v />
                }.into_any()}
                // Erased in parts: one nested view type for the whole form made its server
                // render deep enough to overflow a debug build's worker stack.
                {view! {
                <div class="field" class:invalid=move || s.error_for("ledger")().is_some()>
                    <label for="f-ledger">{tr(Msg::VisitToLedger)}</label>
                    <select
                        id="f-ledger"
                        data-testid="ledger-kind"
                        prop:value=s.shown_text(|f| f.ledger.clone())
                        on:change=move |ev| s.edit(|f| f.ledger = event_target_value(&ev))
                    >
                        <option value="">{tr(Msg::VisitNoLedger)}</option>
                        {Kind::ALL
                            .into_iter()
                            .filter(|k| *k != Kind::HelpPlan)
                            .map(|k| view! { <option value=k.code()>{tr(k.label())}</option> })
                            .collect_view()}
                    </select>
                    <p class="hint">{tr(Msg::VisitToLedgerHint)}</p>
                    <FieldMsg msg=s.error_for("ledger") />
                </div>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="follow-up"
                        prop:checked=move || s.shown.with(|o| o.as_ref().is_some_and(|f| f.follow_up))
                        on:change=move |ev| s.edit(|f| f.follow_up = event_target_checked(&ev))
                    />
                    <span>{tr(Msg::FollowUp)}</span>
                </label>
                <FeedbackFormAnswer s />
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="card-given"
                        prop:checked=move || s.shown.with(|o| o.as_ref().is_some_and(|f| f.card_given))
                        on:change=move |ev| s.edit(|f| f.card_given = event_target_checked(&ev))
                    />
                    <span>{tr(Msg::VisitCardGiven)}</span>
                </label>
                <FactChanges s />
                <Location s />
                <crate::photos::pages::PhotoPicker
                    photos=Signal::derive(move || {
                        s.form.with(|f| f.as_ref().map(|f| f.photos.clone()).unwrap_or_default())
                    })
                    set=Callback::new(move |v| s.edit(|f| f.photos = v))
                    owner=Signal::derive(move || {
                        s.form.with(|f| f.as_ref().map(|f| f.record_id.clone()).unwrap_or_default())
                    })
                />
                }.into_any()}
                <FieldMsg msg=s.error_for("form") />
                <p class="muted small" data-testid="draft-status">
                    {move || saved().then(|| tr(Msg::DraftSaved)())}
                </p>
                <button type="submit" class="primary" data-testid="submit-visit">
                    {tr(Msg::VisitSubmit)}
                </button>
            </form>
        </section>
    }
}

/// 意见反馈表: brought back, or not and why (a home visit must answer).
#[component]
fn FeedbackFormAnswer(s: FormState) -> impl IntoView {
    let answer = move || {
        s.form.with(|o| {
            o.as_ref()
                .map(|f| f.feedback_form.clone())
                .unwrap_or_default()
        })
    };
    let choice = move |code: &'static str, label: Msg| {
        view! {
            <label class="check">
                <input
                    type="radio"
                    name="feedback_form"
                    value=code
                    data-testid=format!("form-{code}")
                    prop:checked=move || s.shown.with(|o| o.as_ref().is_some_and(|f| f.feedback_form == code))
                    on:change=move |_| s.edit(|f| f.feedback_form = code.to_string())
                />
                <span>{tr(label)}</span>
            </label>
        }
    };
    view! {
        <fieldset class="checks" class:invalid=move || s.error_for("feedback_form")().is_some()>
            <legend>{tr(Msg::VisitFeedbackForm)}</legend>
            {FormReturn::ALL.iter().map(|f| choice(f.code(), f.label())).collect_view()}
            <Show when=move || answer() == FormReturn::NotBrought.code()>
                <TextArea s label=Msg::VisitNoFormReason name="no_form_reason" get=|f| f.no_form_reason.clone() set=|f, v| f.no_form_reason = v />
            </Show>
            <FieldMsg msg=s.error_for("feedback_form") />
        </fieldset>
    }
}

#[component]
fn TextArea(
    s: FormState,
    label: Msg,
    name: &'static str,
    get: fn(&VisitForm) -> String,
    set: fn(&mut VisitForm, String),
) -> impl IntoView {
    let id = format!("f-{name}");
    let error = s.error_for(name);
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            <label for=id.clone()>{tr(label)}</label>
            <textarea
                id=id
                name=name
                rows="3"
                prop:value=s.shown_text(get)
                on:input=move |ev| s.edit(|f| set(f, event_target_value(&ev)))
            ></textarea>
            <FieldMsg msg=error />
        </div>
    }
}

/// Chooses one of my households from the phone's copy: type to narrow, tap to pick.
#[component]
fn HouseholdPicker(s: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let selected = Memo::new(move |_| s.form.with(|f| f.as_ref().and_then(|f| f.household_id)));
    let matches = move || {
        let q = query.get();
        let q = q.trim();
        s.households.with(|hs| {
            hs.iter()
                .filter(|h| {
                    q.is_empty()
                        || h.head_name.contains(q)
                        || h.village.contains(q)
                        || h.group.contains(q)
                        || h.phone.contains(q)
                })
                .take(30)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <fieldset class="picker" class:invalid=move || s.error_for("household")().is_some()>
            <legend>{tr(Msg::VisitHousehold)}</legend>
            {move || match selected.get() {
                Some(id) => {
                    let h = s.households.with(|hs| hs.iter().find(|h| h.id == id).cloned());
                    let label = h
                        .map(|h| format!("{} · {}{}", h.head_name, h.village, h.group))
                        // Not on the phone (reassigned since the last sync): no bare number.
                        .unwrap_or_else(|| Msg::VisitHouseholdNotOnPhone.text(i18n.get_untracked()).to_string());
                    view! {
                        <div class="row between picked">
                            <strong data-testid="picked">{label}</strong>
                            <button type="button" class="link" on:click=move |_| s.pick(None)>
                                {tr(Msg::VisitChangeHousehold)}
                            </button>
                        </div>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <input
                            type="search"
                            data-testid="household-search"
                            placeholder=tr(Msg::VisitSearchHousehold)
                            on:input=move |ev| query.set(event_target_value(&ev))
                        />
                        <ul class="list choose">
                            {move || {
                                let found = matches();
                                if found.is_empty() {
                                    view! { <li class="muted">{tr(Msg::VisitNoHouseholds)}</li> }.into_any()
                                } else {
                                    found
                                        .into_iter()
                                        .map(|h| {
                                            let id = h.id;
                                            view! {
                                                <li>
                                                    <button
                                                        type="button"
                                                        class="item choose-household"
                                                        data-id=id
                                                        on:click=move |_| s.pick(Some(id))
                                                    >
                                                        <span class="item-title">{h.head_name}</span>
                                                        <span class="item-sub">{h.village} {h.group}</span>
                                                    </button>
                                                </li>
                                            }
                                        })
                                        .collect_view()
                                        .into_any()
                                }
                            }}
                        </ul>
                    }
                        .into_any()
                }
            }}
            <FieldMsg msg=s.error_for("household") />
        </fieldset>
    }
}

/// Facts found different during the visit, proposed to the server field by field.
#[component]
fn FactChanges(s: FormState) -> impl IntoView {
    let household = Memo::new(move |_| s.selected());
    move || {
        household.get().map(|h| {
            view! {
                <details class="edit changes">
                    <summary>{tr(Msg::VisitChanges)}</summary>
                    <p class="hint">{tr(Msg::VisitChangesHint)}</p>
                    {HouseholdField::ALL
                        .into_iter()
                        .map(|field| {
                            let base = field.value_of(&h);
                            let id = format!("f-change-{}", field.code());
                            let shown = move || {
                                s.shown.with(|o| {
                                    o.as_ref().and_then(|f| f.changes.get(field.code()).cloned())
                                })
                            };
                            let value = move || shown().unwrap_or_else(|| base.clone());
                            view! {
                                <div class="field">
                                    <label for=id.clone()>{tr(field.label())}</label>
                                    <input
                                        id=id
                                        inputmode=(field == HouseholdField::Population
                                            || field == HouseholdField::Phone)
                                            .then_some("numeric")
                                        prop:value=value
                                        on:input=move |ev| {
                                            let v = event_target_value(&ev);
                                            s.edit(|f| {
                                                f.changes.insert(field.code().to_string(), v);
                                            })
                                        }
                                    />
                                </div>
                            }
                        })
                        .collect_view()}
                    <FieldMsg msg=s.error_for("changes") />
                </details>
            }
        })
    }
}

/// The position, only when the cadre taps for it, with its accuracy.
#[component]
fn Location(s: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let failed = RwSignal::new(false);
    let gps = move || s.form.with(|f| f.as_ref().and_then(|f| f.gps));
    let locate = move |_| {
        failed.set(false);
        spawn_local(async move {
            match store::locate().await {
                Ok(g) => s.edit(|f| f.gps = Some(g)),
                Err(_) => failed.set(true),
            }
        });
    };
    view! {
        <div class="field location">
            <span class="label">{tr(Msg::VisitLocation)}</span>
            {move || match gps() {
                Some(g) => {
                    view! {
                        <p class="row between">
                            <span>
                                {move || {
                                    Msg::VisitLocated
                                        .fmt(i18n.get(), &[&(g.accuracy_m.round() as i64).to_string()])
                                }}
                            </span>
                            <button type="button" class="link" on:click=move |_| s.edit(|f| f.gps = None)>
                                {tr(Msg::VisitLocationClear)}
                            </button>
                        </p>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <button type="button" on:click=locate>
                            {tr(Msg::VisitLocate)}
                        </button>
                    }
                        .into_any()
                }
            }}
            {move || failed.get().then(|| view! { <p class="field-error">{tr(Msg::VisitLocateFailed)}</p> })}
        </div>
    }
}
