//! One ledger item: what, where, who, by when; its whole log; the steps this user may take.
use super::super::api::{get_item, list_people, AddItemPhotos, NoteItem, StepItem};
use super::super::model::*;
use super::list::DueTag;
use crate::i18n::{tr, use_i18n, Msg};
use crate::ui::form::{action_error, FormError, PersonSelect, TextAreaField, TextField};
use crate::ui::layout::{Loading, RequireRole, EVERYONE};
use crate::ui::time;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ItemPage() -> impl IntoView {
    view! {
        <RequireRole roles=EVERYONE>
            <ItemView />
        </RequireRole>
    }
}

#[component]
fn ItemView() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let step = ServerAction::<StepItem>::new();
    let note = ServerAction::<NoteItem>::new();
    let photos = ServerAction::<AddItemPhotos>::new();
    let item = Resource::new(
        move || {
            (
                id(),
                step.version().get(),
                note.version().get(),
                photos.version().get(),
            )
        },
        |(id, _, _, _)| get_item(id),
    );
    let i18n = use_i18n();
    view! {
        <p>
            <a href="/ledger">{tr(Msg::LedgerTitle)}</a>
        </p>
        <Transition fallback=Loading>
            {move || {
                item.get()
                    .map(|r| match r {
                        Ok(d) => view! { <Detail d step note photos /> }.into_any(),
                        Err(e) => view! { <p class="banner error">{e.message(i18n.get())}</p> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn Detail(
    d: ItemDetail,
    step: ServerAction<StepItem>,
    note: ServerAction<NoteItem>,
    photos: ServerAction<AddItemPhotos>,
) -> impl IntoView {
    let r = d.row.clone();
    let due = r.due(d.today);
    let fact = |label: Msg, value: Option<String>| {
        value.map(|v| {
            view! {
                <div class="fact">
                    <dt>{tr(label)}</dt>
                    <dd>{v}</dd>
                </div>
            }
        })
    };
    let id = r.id.clone();
    view! {
        <section class="card">
            <p class="muted">
                <span class="tag">{tr(r.kind.label())}</span>
                " "
                {tr(r.source.label())}
            </p>
            <h1 data-testid="item-title">{r.title.clone()}</h1>
            <p>
                <span class=format!("tag status-{}", r.status.code()) data-testid="item-status">
                    {tr(r.status.label())}
                </span>
                " "
                <DueTag due />
            </p>
            {(!d.detail.is_empty()).then(|| view! { <p class="pre">{d.detail.clone()}</p> })}
            {(r.status == Status::New && !d.steps.contains(&Step::Assign))
                .then(|| view! { <p class="hint">{tr(Msg::LedgerAwaitsMeeting)}</p> })}
            <dl class="facts">
                {r.household_id.map(|h| view! {
                    <div class="fact">
                        <dt>{tr(Msg::FeedbackHousehold)}</dt>
                        <dd><a href=format!("/households/{h}")>{r.household.clone().unwrap_or_default()}</a></dd>
                    </div>
                })}
                {fact(Msg::LedgerVillage, r.village.clone())}
                {d.difficulty.map(|df| view! {
                    <div class="fact">
                        <dt>{tr(Msg::LedgerDifficulty)}</dt>
                        <dd>{tr(df.label())}</dd>
                    </div>
                })}
                {fact(Msg::LedgerOwner, r.owner.clone())}
                {fact(Msg::LedgerDeadline, r.deadline.map(|d| d.to_string()))}
            </dl>
        </section>
        {(!d.steps.is_empty()).then(|| view! { <Steps id=id.clone() kind=r.kind steps=d.steps.clone() step /> })}
        {d.may_note.then(|| view! { <NoteForm id=id.clone() note /> })}
        {d.may_note.then(|| view! { <ItemPhotos id=id.clone() add=photos /> })}
        <section class="card">
            <h2>{tr(Msg::LedgerLog)}</h2>
            <ol class="timeline" data-testid="item-log">
                {d.events.into_iter().map(|e| view! { <EventLine e /> }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn EventLine(e: Event) -> impl IntoView {
    let label = e.label();
    view! {
        <li>
            <p class="muted small">{time::minute(e.at)} " · " {e.actor.clone()}</p>
            <p>
                <strong>{tr(label)}</strong>
                " → "
                {tr(e.status.label())}
                {(matches!(e.step.as_str(), "assign" | "handover"))
                    .then(|| {
                        view! {
                            " · " {tr(Msg::LedgerOwner)} {tr(Msg::LabelEnd)} {e.owner.clone().unwrap_or_default()}
                            " · " {tr(Msg::LedgerDeadline)} {tr(Msg::LabelEnd)}
                            {e.deadline.map(|d| d.to_string()).unwrap_or_default()}
                        }
                    })}
                {e.confirmation.map(|c| view! { " · " {tr(c.label())} })}
            </p>
            {(!e.note.is_empty()).then(|| view! { <p class="pre">{e.note.clone()}</p> })}
            <crate::photos::pages::Thumbs photos=e.photos.clone() />
        </li>
    }
}

/// A button per step on offer; the chosen step's form below them.
#[component]
fn Steps(id: String, kind: Kind, steps: Vec<Step>, step: ServerAction<StepItem>) -> impl IntoView {
    let chosen = RwSignal::new(None::<Step>);
    let error = action_error(step);
    // A finished step closes its form; the page reloads the item.
    Effect::new(move |_| {
        if let Some(Ok(())) = step.value().get() {
            chosen.set(None);
        }
    });
    let assign = steps.contains(&Step::Assign);
    let people = Resource::new(
        move || assign,
        |assign| async move {
            if assign {
                list_people().await
            } else {
                Ok(Vec::new())
            }
        },
    );
    view! {
        <section class="card">
            <h2>{tr(Msg::LedgerActions)}</h2>
            <div class="actions">
                {steps
                    .into_iter()
                    .map(|s| {
                        view! {
                            <button
                                type="button"
                                class:primary=move || chosen.get() == Some(s)
                                data-testid=format!("step-{}", s.code())
                                on:click=move |_| chosen.set(Some(s))
                            >
                                {tr(s.label())}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            {move || {
                chosen.get().map(|s| {
                    let id = id.clone();
                    view! {
                        <ActionForm action=step>
                            <input type="hidden" name="id" value=id />
                            <input type="hidden" name="form[step]" value=s.code() />
                            {(s == Step::Assign)
                                .then(|| {
                                    view! {
                                        <Suspense fallback=|| ()>
                                            {move || people.get().and_then(|r| r.ok()).map(|p| view! {
                                                <PersonSelect label=Msg::LedgerOwner name="form[owner]" people=p error />
                                            })}
                                        </Suspense>
                                        <TextField label=Msg::LedgerDeadline name="form[deadline]" kind="date" error />
                                    }
                                })}
                            {(s == Step::Close && kind.villager_facing())
                                .then(|| view! { <ConfirmChoice error /> })}
                            <TextAreaField label=note_label(s) name="form[note]" error />
                            <FormError error=Signal::derive(move || {
                                error.get().filter(|e| e.field("note").is_none() && e.field("owner").is_none()
                                    && e.field("deadline").is_none() && e.field("confirmation").is_none())
                            }) />
                            <button type="submit" class="primary" data-testid="step-submit">
                                {tr(s.label())}
                            </button>
                        </ActionForm>
                    }
                })
            }}
        </section>
    }
}

fn note_label(s: Step) -> Msg {
    match s {
        Step::Resolve => Msg::LedgerProof,
        Step::Close => Msg::LedgerCloseNote,
        Step::Reopen => Msg::LedgerReopenReason,
        Step::Assign | Step::Start => Msg::LedgerStepNote,
    }
}

/// How the villager confirmed it: face to face or by a call-back.
#[component]
fn ConfirmChoice(error: Signal<Option<crate::error::AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let msg = move || error.get().and_then(|e| e.field("confirmation"));
    view! {
        <fieldset class="checks" class:invalid=move || msg().is_some()>
            <legend>{tr(Msg::LedgerConfirmation)}</legend>
            {Confirmation::ALL
                .into_iter()
                .map(|c| {
                    view! {
                        <label class="check">
                            <input type="radio" name="form[confirmation]" value=c.code() data-testid=format!("confirm-{}", c.code()) />
                            <span>{tr(c.label())}</span>
                        </label>
                    }
                })
                .collect_view()}
            <p class="field-error" data-testid="error-confirmation">{move || msg().map(|m| m.text(i18n.get()))}</p>
        </fieldset>
    }
}

#[component]
fn NoteForm(id: String, note: ServerAction<NoteItem>) -> impl IntoView {
    let error = action_error(note);
    let i18n = use_i18n();
    let msg = move || error.get().and_then(|e| e.field("note"));
    view! {
        <section class="card">
            <details class="edit">
                <summary>{tr(Msg::LedgerAddNote)}</summary>
                <ActionForm action=note>
                    <input type="hidden" name="id" value=id />
                    <div class="field" class:invalid=move || msg().is_some()>
                        <label for="f-progress">{tr(Msg::LedgerProgress)}</label>
                        <textarea id="f-progress" name="note" rows="3"></textarea>
                        <p class="field-error">{move || msg().map(|m| m.text(i18n.get()))}</p>
                    </div>
                    <button type="submit">{tr(Msg::LedgerAddNote)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

/// Photos for the item's log (proof of the work, the hazard itself): taken or picked, kept on
/// the phone until sent, uploaded, then logged in one entry.
#[component]
fn ItemPhotos(id: String, add: ServerAction<AddItemPhotos>) -> impl IntoView {
    use crate::offline::photo_store::{drop_photos, upload_photo};
    use crate::photos::model::PhotoRef;
    use leptos::task::spawn_local;
    let photos = RwSignal::new(Vec::<PhotoRef>::new());
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Msg>);
    let id = StoredValue::new(id);
    // What the last dispatch carried: only those leave the list and the phone once logged
    // (photos added while it was under way stay).
    let dispatched = StoredValue::new(Vec::<String>::new());
    Effect::new(move |_| match add.value().get() {
        Some(Ok(())) => {
            let sent = dispatched.get_value();
            photos.update(|ps| ps.retain(|p| !sent.contains(&p.id)));
            note.set(String::new());
            spawn_local(async move {
                let _ = drop_photos(&sent).await;
            });
        }
        Some(Err(e)) => problem.set(Some(
            e.field("photos")
                .or_else(|| e.field("note"))
                .unwrap_or(Msg::ErrInternal),
        )),
        None => {}
    });
    let send = move |_| {
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            for p in photos.get_untracked() {
                if let Some(m) = upload_photo(&p.id).await.problem() {
                    problem.set(Some(m));
                    busy.set(false);
                    return;
                }
            }
            let list = photos.get_untracked();
            dispatched.set_value(list.iter().map(|p| p.id.clone()).collect());
            add.dispatch(AddItemPhotos {
                id: id.get_value(),
                photos: list,
                note: note.get_untracked(),
            });
            busy.set(false);
        });
    };
    view! {
        <section class="card" data-testid="item-photos">
            <p class="hint">{tr(Msg::LedgerPhotosHint)}</p>
            <crate::photos::pages::PhotoPicker
                photos=photos.into()
                set=Callback::new(move |v| photos.set(v))
                owner=Signal::derive(move || id.get_value())
            />
            {move || {
                (!photos.with(Vec::is_empty))
                    .then(|| {
                        view! {
                            <div class="field">
                                <label for="lp-note">{tr(Msg::LedgerPhotosNote)}</label>
                                <input
                                    id="lp-note"
                                    type="text"
                                    prop:value=note
                                    on:input=move |ev| note.set(event_target_value(&ev))
                                />
                            </div>
                            <button
                                type="button"
                                class="primary"
                                data-testid="item-photos-send"
                                disabled=move || busy.get() || add.pending().get()
                                on:click=send
                            >
                                {tr(Msg::LedgerPhotosSend)}
                            </button>
                        }
                    })
            }}
            <crate::ui::form::FieldMsg msg=move || problem.get() />
        </section>
    }
}
