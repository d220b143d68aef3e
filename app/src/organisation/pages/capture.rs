//! `/organisation/new`: a branch meeting, a training or a report trip, written in the village
//! with no signal. As the visit form: the draft is saved on every change, submitting puts the
//! record in the outbox under its own UUIDv7, and it goes up when the phone is online. The
//! villages and their teams come from the offline pack.
use super::super::model::MeetingKind;
use crate::economy::model::TripLevel;
use crate::error::FieldError;
use crate::i18n::{tr, use_i18n, Msg};
use crate::offline::engine::use_outbox;
use crate::offline::model::{
    LocalStatus, MetaEntry, SentWork, WorkEntry, WorkForm, META_VILLAGES, WHAT_TRAINING, WHAT_TRIP,
    WORK_DRAFT_KEY,
};
use crate::offline::store::{self, Batch, Store};
use crate::teams::model::WorkVillage;
use crate::ui::form::FieldMsg;
use crate::ui::layout::{RequireRole, EVERYONE};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn WorkCapturePage() -> impl IntoView {
    view! {
        <RequireRole roles=EVERYONE>
            <Capture />
        </RequireRole>
    }
}

#[derive(Clone, Copy)]
struct State {
    /// Feeds the inputs: set on load and after a submit only, so typing never re-renders.
    shown: RwSignal<Option<WorkForm>>,
    form: RwSignal<Option<WorkForm>>,
    villages: RwSignal<Vec<WorkVillage>>,
    errors: RwSignal<Vec<FieldError>>,
    /// What the form writes now (a meeting kind's code, training or trip), and for which
    /// village: memos, so that typing elsewhere never re-renders the fields that hang on them.
    what: Memo<String>,
    village: Memo<Option<i64>>,
}

impl State {
    fn edit(self, f: impl FnOnce(&mut WorkForm)) {
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
    let form = RwSignal::new(None::<WorkForm>);
    let s = State {
        shown: RwSignal::new(None),
        form,
        villages: RwSignal::new(Vec::new()),
        errors: RwSignal::new(Vec::new()),
        what: Memo::new(move |_| {
            form.with(|f| f.as_ref().map(|f| f.what.clone()).unwrap_or_default())
        }),
        village: Memo::new(move |_| form.with(|f| f.as_ref().and_then(|f| f.village_id))),
    };
    let queued = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    // The villages arrive with the pack: read again whenever the phone's data changes.
    Effect::new(move |_| {
        outbox.changed.track();
        spawn_local(async move {
            let vs: Vec<WorkVillage> = store::get::<MetaEntry>(Store::Meta, META_VILLAGES)
                .await
                .ok()
                .flatten()
                .and_then(|m| serde_json::from_str(&m.value).ok())
                .unwrap_or_default();
            s.villages.set(vs);
            loaded.set(true);
        });
    });
    Effect::new(move |_| {
        spawn_local(async move {
            let mut f = match store::get::<WorkForm>(Store::Drafts, WORK_DRAFT_KEY).await {
                Ok(Some(f)) => f,
                _ => WorkForm::new(store::new_id(), crate::ui::time::today()),
            };
            // A village page's link names its village, unless a started record is in the form.
            if let (true, Some(v)) = (f.is_blank(), store::village_in_query()) {
                f.village_id = Some(v);
            }
            s.shown.set(Some(f.clone()));
            s.form.set(Some(f));
        });
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(f) = s.form.get_untracked() else {
            return;
        };
        match f.to_draft(crate::ui::time::today()) {
            Err(errors) => s.errors.set(errors),
            Ok(work) => {
                let label = s.villages.with_untracked(|vs| {
                    vs.iter()
                        .find(|v| Some(v.id) == f.village_id)
                        .map(|v| v.name.clone())
                        .unwrap_or_default()
                });
                let entry = WorkEntry {
                    id: work.id().to_string(),
                    label,
                    work,
                    status: LocalStatus::Waiting,
                };
                spawn_local(async move {
                    match outbox.enqueue_work(entry).await {
                        Ok(()) => {
                            // The next record starts where this one was: same village and kind.
                            let mut next = WorkForm::new(store::new_id(), crate::ui::time::today());
                            next.village_id = f.village_id;
                            next.what = f.what.clone();
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
    let shown = move |f: fn(&WorkForm) -> String| {
        move || s.shown.with(|o| o.as_ref().map(f).unwrap_or_default())
    };
    let kind_choices = {
        let mut v: Vec<(String, Msg)> = MeetingKind::ALL
            .iter()
            .map(|k| (k.code().to_string(), k.label()))
            .collect();
        v.push((WHAT_TRAINING.into(), Msg::WorkTraining));
        v.push((WHAT_TRIP.into(), Msg::WorkReportTrip));
        v
    };
    view! {
        <section class="card">
            <h1>{tr(Msg::WfTitle)}</h1>
            <p class="hint">{tr(Msg::WfHint)}</p>
            {move || queued.get().then(|| view! {
                <p class="banner ok" role="status" data-testid="queued">{tr(Msg::WfQueued)}</p>
            })}
            {move || (loaded.get() && s.villages.with(Vec::is_empty)).then(|| view! {
                <p class="banner notice" role="status" data-testid="no-villages">{tr(Msg::WfNoVillages)}</p>
            })}
            <form class="visit-form" on:submit=submit novalidate>
                <div class="field" class:invalid=move || s.error("village")().is_some()>
                    <label for="w-village">{tr(Msg::WfVillage)}</label>
                    <select
                        id="w-village"
                        prop:value=move || {
                            // Read after the options exist, whichever of the two came first.
                            s.villages.track();
                            s.village.get().map(|v| v.to_string()).unwrap_or_default()
                        }
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            s.edit(|f| {
                                f.village_id = v.parse().ok();
                                f.team_present.clear();
                            });
                            // The fields that hang on the village show what the form holds.
                            s.shown.set(s.form.get_untracked());
                        }
                    >
                        <option value="">{tr(Msg::WfChooseVillage)}</option>
                        {move || s.villages.get().into_iter().map(|v| view! {
                            <option value=v.id.to_string()>{v.name}</option>
                        }).collect_view()}
                    </select>
                    <FieldMsg msg=s.error("village") />
                </div>
                <div class="field">
                    <label for="w-what">{tr(Msg::WfWhat)}</label>
                    <select
                        id="w-what"
                        prop:value=shown(|f| f.what.clone())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            s.edit(|f| f.what = v);
                            s.errors.set(Vec::new());
                            // The new kind's fields show what was typed in them, not the load's.
                            s.shown.set(s.form.get_untracked());
                        }
                    >
                        {kind_choices.into_iter().map(|(code, label)| view! {
                            <option value=code>{tr(label)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Text s label=Msg::WfHeldOn name="held_on" kind="date" get=|f| f.held_on.clone() set=|f, v| f.held_on = v />
                {move || {
                    let what = s.what.get();
                    if what == WHAT_TRAINING {
                        view! { <TrainingFields s /> }.into_any()
                    } else if what == WHAT_TRIP {
                        view! { <TripFields s /> }.into_any()
                    } else {
                        view! { <MeetingFields s /> }.into_any()
                    }
                }}
                <FieldMsg msg=s.error("form") />
                <button type="submit" class="primary" data-testid="submit-work">
                    {tr(Msg::WfSave)}
                </button>
            </form>
        </section>
        <OnPhone />
    }
}

#[component]
fn MeetingFields(s: State) -> impl IntoView {
    let what = s.what.get_untracked();
    let life = what == MeetingKind::Life.code();
    let lesson = what == MeetingKind::Lesson.code();
    let team = move || {
        let village = s.village.get();
        s.villages.with(|vs| {
            vs.iter()
                .find(|v| Some(v.id) == village)
                .map(|v| v.team.clone())
                .unwrap_or_default()
        })
    };
    let checked = move |id: i64| {
        s.shown
            .with(|o| o.as_ref().is_some_and(|f| f.team_present.contains(&id)))
    };
    view! {
        <Text s label=Msg::WfPlace name="place" kind="text" get=|f| f.place.clone() set=|f, v| f.place = v />
        <Text s label=Msg::WfTopic name="topic" kind="text" get=|f| f.topic.clone() set=|f, v| f.topic = v />
        <div class="row">
            <Text s label=Msg::VwPresent name="present" kind="number" get=|f| f.present.clone() set=|f, v| f.present = v />
            <Text s label=Msg::VwAbsent name="absent" kind="number" get=|f| f.absent.clone() set=|f, v| f.absent = v />
        </div>
        <fieldset class="field">
            <legend>{tr(Msg::VwTeamPresent)}</legend>
            {move || team().into_iter().map(|(id, name, _)| view! {
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || checked(id)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            s.edit(|f| {
                                f.team_present.retain(|x| *x != id);
                                if on {
                                    f.team_present.push(id);
                                }
                            })
                        }
                    />
                    <span>{name}</span>
                </label>
            }).collect_view()}
        </fieldset>
        {life.then(|| view! {
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="leader-attended"
                    prop:checked=move || s.shown.with(|o| o.as_ref().is_some_and(|f| f.leader_attended))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        s.edit(|f| f.leader_attended = on)
                    }
                />
                <span>{tr(Msg::VwLeaderAttended)}</span>
            </label>
        })}
        {lesson.then(|| view! {
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || s.shown.with(|o| o.as_ref().is_some_and(|f| f.by_team))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        s.edit(|f| f.by_team = on)
                    }
                />
                <span>{tr(Msg::VwByTeam)}</span>
            </label>
        })}
        <Text s label=Msg::VwComment name="comment" kind="area" get=|f| f.comment.clone() set=|f, v| f.comment = v />
    }
}

#[component]
fn TrainingFields(s: State) -> impl IntoView {
    view! {
        <Text s label=Msg::WfTopic name="topic" kind="text" get=|f| f.topic.clone() set=|f, v| f.topic = v />
        <Text s label=Msg::WfAttendees name="attendees" kind="area" get=|f| f.attendees.clone() set=|f, v| f.attendees = v />
        <Text s label=Msg::WfHeadcount name="headcount" kind="number" get=|f| f.headcount.clone() set=|f, v| f.headcount = v />
    }
}

#[component]
fn TripFields(s: State) -> impl IntoView {
    view! {
        <div class="field">
            <label for="w-level">{tr(Msg::VwLevel)}</label>
            <select
                id="w-level"
                prop:value=move || s.shown.with(|o| o.as_ref().map(|f| f.level.clone()).unwrap_or_default())
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    s.edit(|f| f.level = v)
                }
            >
                {TripLevel::ALL.iter().map(|l| view! { <option value=l.code()>{tr(l.label())}</option> }).collect_view()}
            </select>
        </div>
        <Text s label=Msg::VwDepartment name="department" kind="text" get=|f| f.department.clone() set=|f, v| f.department = v />
        <Text s label=Msg::VwPurpose name="purpose" kind="area" get=|f| f.purpose.clone() set=|f, v| f.purpose = v />
        <Text s label=Msg::VwOutcome name="outcome" kind="area" get=|f| f.outcome.clone() set=|f, v| f.outcome = v />
    }
}

/// A text, number, date or multi-line field bound to one field of the form.
#[component]
fn Text(
    s: State,
    label: Msg,
    name: &'static str,
    kind: &'static str,
    get: fn(&WorkForm) -> String,
    set: fn(&mut WorkForm, String),
) -> impl IntoView {
    let id = format!("w-{name}");
    let error = s.error(name);
    let value = move || s.shown.with(|o| o.as_ref().map(get).unwrap_or_default());
    let input = move |ev| {
        let v = event_target_value(&ev);
        s.edit(|f| set(f, v))
    };
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            <label for=id.clone()>{tr(label)}</label>
            {match kind {
                "area" => view! { <textarea id=id name=name rows="3" prop:value=value on:input=input></textarea> }.into_any(),
                "number" => view! { <input id=id name=name inputmode="numeric" prop:value=value on:input=input /> }.into_any(),
                "date" => view! { <input id=id name=name type="date" prop:value=value on:input=input /> }.into_any(),
                _ => view! { <input id=id name=name prop:value=value on:input=input /> }.into_any(),
            }}
            <FieldMsg msg=error />
        </div>
    }
}

/// This phone's village records: waiting, needing attention, or sent with their receipts.
#[component]
fn OnPhone() -> impl IntoView {
    let outbox = use_outbox();
    let rows = RwSignal::new((Vec::<WorkEntry>::new(), Vec::<SentWork>::new()));
    Effect::new(move |_| {
        outbox.changed.track();
        spawn_local(async move {
            let waiting: Vec<WorkEntry> = store::all(Store::Outbox).await.unwrap_or_default();
            let mut sent: Vec<SentWork> = store::all(Store::Sent).await.unwrap_or_default();
            sent.sort_by(|a, b| b.id.cmp(&a.id));
            rows.set((waiting, sent));
        });
    });
    let i18n = use_i18n();
    let refused = RwSignal::new(None::<Msg>);
    view! {
        <section class="card">
            <h2>{tr(Msg::WfOnPhone)}</h2>
            {move || refused.get().map(|m| view! { <p class="hint" role="status">{tr(m)}</p> })}
            <ul class="list" data-testid="work-on-phone">
                {move || {
                    let (waiting, sent) = rows.get();
                    let waiting = waiting.into_iter().map(|e| {
                        let attention = e.status != LocalStatus::Waiting;
                        let (class, text) = match &e.status {
                            LocalStatus::Waiting => ("status-waiting", Msg::StatusWaiting.text(i18n.get()).to_string()),
                            LocalStatus::Attention(m) => ("status-attention", m.text(i18n.get()).to_string()),
                        };
                        let entry = StoredValue::new(e.clone());
                        view! {
                            <li class="item" data-state=if attention { "attention" } else { "waiting" } data-testid="work-waiting">
                                <span class="item-title">{e.work.title().to_string()}</span>
                                <span class="item-sub">{e.label.clone()} " · " {tr(e.work.label())}</span>
                                <span class=format!("tag {class}")>{text}</span>
                                <crate::offline::ui::WaitingButtons
                                    id=e.id.clone()
                                    attention
                                    form="/organisation/new"
                                    refused
                                    reopen=move || outbox.reopen_work(entry.get_value())
                                />
                            </li>
                        }.into_any()
                    });
                    let sent = sent.into_iter().map(|e| view! {
                        <li class="item" data-state="sent" data-testid="work-sent">
                            <span class="item-title">{e.title.clone()}</span>
                            <span class="item-sub">{e.label.clone()} " · " {tr(e.what)}</span>
                            <span class="tag status-sent" data-testid="work-receipt">
                                {tr(Msg::StatusSent)} " " {e.receipt.clone().unwrap_or_default()}
                            </span>
                        </li>
                    }.into_any());
                    waiting.chain(sent).collect_view()
                }}
            </ul>
        </section>
    }
}
