//! `/organisation/new`: a branch meeting, a training or a report trip, written in the village
//! with no signal. As the visit form: the draft is saved on every change, submitting puts the
//! record in the outbox under its own UUIDv7, and it goes up when the phone is online. The
//! villages and their teams come from the offline pack.
use super::super::model::MeetingKind;
use crate::economy::model::TripLevel;
use crate::error::FieldError;
use crate::households::model::OfflineHousehold;
use crate::i18n::{tr, use_i18n, Msg};
use crate::offline::engine::use_outbox;
use crate::offline::model::{
    LocalStatus, MetaEntry, SentWork, WorkDraft, WorkEntry, WorkForm, META_PURCHASES,
    META_VILLAGES, WHAT_TRAINING, WHAT_TRIP, WORK_DRAFT_KEY,
};
use crate::offline::store::{self, Batch, Store};
use crate::records::model::WorkKind;
use crate::safety::model::{FindingDraft, FindingKind, PublicityTopic, ScreenKind};
use crate::servicepack::model::{PaidBy, PurchaseRow};
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
    /// The cadre's households and the 代购 still open (the pack's, and those waiting here):
    /// (id, household, label).
    households: RwSignal<Vec<OfflineHousehold>>,
    purchases: RwSignal<Vec<(String, i64, String)>>,
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
        households: RwSignal::new(Vec::new()),
        purchases: RwSignal::new(Vec::new()),
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
            let hs: Vec<OfflineHousehold> = store::all(Store::Households).await.unwrap_or_default();
            let packed: Vec<PurchaseRow> = store::get::<MetaEntry>(Store::Meta, META_PURCHASES)
                .await
                .ok()
                .flatten()
                .and_then(|m| serde_json::from_str(&m.value).ok())
                .unwrap_or_default();
            let waiting: Vec<WorkEntry> = store::all(Store::Outbox).await.unwrap_or_default();
            let mut open: Vec<(String, i64, String)> = packed
                .into_iter()
                .map(|p| (p.id, p.household_id, format!("{} × {}", p.item, p.quantity)))
                .collect();
            open.extend(waiting.into_iter().filter_map(|e| match e.work {
                WorkDraft::Purchase(p) => {
                    Some((p.id, p.household_id, format!("{} × {}", p.item, p.quantity)))
                }
                _ => None,
            }));
            s.households.set(hs);
            s.purchases.set(open);
            loaded.set(true);
        });
    });
    // Filled from the phone's draft below: what was typed before the app comes after it.
    let typed = crate::ui::typed::TypedBeforeApp::hold();
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
            // Typed before the app into the fields the server drew (a new form's kind's), which
            // the draft's kind may not have: then those fields again (the draft's others stay
            // in it, shown when its kind is chosen again), so nothing typed loses its place.
            if !typed.fits().await {
                let drawn = WorkForm::new(String::new(), crate::ui::time::today()).what;
                s.edit(|f| f.what = drawn);
                s.shown.set(s.form.get_untracked());
            }
            typed.replay().await;
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
                // A household's record is labelled by its household, a village's by the village.
                let label = if WorkForm::for_household(&f.what) {
                    let head = s.households.with_untracked(|hs| {
                        hs.iter()
                            .find(|h| Some(h.id) == f.household_id)
                            .map(|h| h.head_name.clone())
                            .unwrap_or_default()
                    });
                    let item = match &work {
                        WorkDraft::Purchase(p) => p.item.clone(),
                        _ => s.purchases.with_untracked(|ps| {
                            ps.iter()
                                .find(|p| p.0 == f.purchase_id)
                                .map(|p| p.2.clone())
                                .unwrap_or_default()
                        }),
                    };
                    format!("{head} · {item}")
                } else {
                    s.villages.with_untracked(|vs| {
                        vs.iter()
                            .find(|v| Some(v.id) == f.village_id)
                            .map(|v| v.name.clone())
                            .unwrap_or_default()
                    })
                };
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
                            next.household_id = f.household_id;
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
        for k in [
            WorkKind::Screening,
            WorkKind::Publicity,
            WorkKind::Cleanup,
            WorkKind::Purchase,
            WorkKind::PurchaseUpdate,
        ] {
            v.push((k.code().into(), k.label()));
        }
        v
    };
    let household_kind = Memo::new(move |_| WorkForm::for_household(&s.what.get()));
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
                <div class="field" class:invalid=move || s.error("village")().is_some() class:hidden=move || household_kind.get()>
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
                    let kind = WorkKind::parse(&what);
                    if what == WHAT_TRAINING {
                        view! { <TrainingFields s /> }.into_any()
                    } else if kind == Some(WorkKind::Screening) {
                        view! { <ScreeningFields s /> }.into_any()
                    } else if kind == Some(WorkKind::Publicity) {
                        view! { <PublicityFields s /> }.into_any()
                    } else if kind == Some(WorkKind::Cleanup) {
                        view! { <CleanupFields s /> }.into_any()
                    } else if kind == Some(WorkKind::Purchase) {
                        view! { <HouseholdChoice s /> <PurchaseFields s /> }.into_any()
                    } else if kind == Some(WorkKind::PurchaseUpdate) {
                        view! { <HouseholdChoice s /> <UpdateFields s /> }.into_any()
                    } else if what == WHAT_TRIP {
                        view! { <TripFields s /> }.into_any()
                    } else {
                        view! { <MeetingFields s /> }.into_any()
                    }
                }}
                <crate::photos::pages::PhotoPicker
                    photos=Signal::derive(move || {
                        s.form.with(|f| f.as_ref().map(|f| f.photos.clone()).unwrap_or_default())
                    })
                    set=Callback::new(move |v| s.edit(|f| f.photos = v))
                    owner=Signal::derive(move || {
                        s.form.with(|f| f.as_ref().map(|f| f.record_id.clone()).unwrap_or_default())
                    })
                />
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

/// A choice bound to one field of the form, from `(code, label)` pairs.
#[component]
fn Choice(
    s: State,
    label: Msg,
    name: &'static str,
    choices: Vec<(&'static str, Msg)>,
    get: fn(&WorkForm) -> String,
    set: fn(&mut WorkForm, String),
) -> impl IntoView {
    let id = format!("w-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{tr(label)}</label>
            <select
                id=id
                prop:value=move || s.shown.with(|o| o.as_ref().map(get).unwrap_or_default())
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    s.edit(|f| set(f, v))
                }
            >
                {choices.into_iter().map(|(code, l)| view! { <option value=code>{tr(l)}</option> }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn ScreeningFields(s: State) -> impl IntoView {
    let kinds = ScreenKind::ALL
        .iter()
        .map(|k| (k.code(), k.label()))
        .collect();
    let findings = move || {
        s.shown
            .with(|o| o.as_ref().map(|f| f.findings.len()).unwrap_or(0))
    };
    // Adding or removing a finding redraws the list from what the form holds.
    let redraw = move || s.shown.set(s.form.get_untracked());
    let add = move |_| {
        s.edit(|f| {
            f.findings.push(FindingDraft {
                kind: FindingKind::Hazard.code().into(),
                place: String::new(),
                detail: String::new(),
                to_ledger: true,
            })
        });
        redraw();
    };
    view! {
        <Choice s label=Msg::SfKind name="screen_kind" choices=kinds get=|f| f.screen_kind.clone() set=|f, v| f.screen_kind = v />
        <Text s label=Msg::SfTeam name="attendees" kind="text" get=|f| f.attendees.clone() set=|f, v| f.attendees = v />
        <Text s label=Msg::SfTownCadres name="town_cadres" kind="text" get=|f| f.town_cadres.clone() set=|f, v| f.town_cadres = v />
        <Text s label=Msg::SfVillageCadres name="village_cadres" kind="text" get=|f| f.village_cadres.clone() set=|f, v| f.village_cadres = v />
        <Text s label=Msg::SfPlaces name="places" kind="text" get=|f| f.places.clone() set=|f, v| f.places = v />
        <fieldset class="field">
            <legend>{tr(Msg::SfFindings)}</legend>
            <p class="hint">{tr(Msg::SfFindingsHint)}</p>
            {move || (0..findings()).map(|i| view! { <FindingFields s i redraw /> }).collect_view()}
            <button type="button" class="secondary" data-testid="add-finding" on:click=add>{tr(Msg::SfAddFinding)}</button>
        </fieldset>
        <Text s label=Msg::SfNote name="note" kind="area" get=|f| f.note.clone() set=|f, v| f.note = v />
    }
}

#[component]
fn FindingFields(
    s: State,
    i: usize,
    redraw: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let get = move |pick: fn(&FindingDraft) -> String| {
        move || {
            s.shown.with(|o| {
                o.as_ref()
                    .and_then(|f| f.findings.get(i))
                    .map(pick)
                    .unwrap_or_default()
            })
        }
    };
    let set = move |put: fn(&mut FindingDraft, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            s.edit(|f| {
                if let Some(x) = f.findings.get_mut(i) {
                    put(x, v)
                }
            })
        }
    };
    let error = move || {
        let key = format!("finding{i}");
        s.errors
            .with(|e| e.iter().find(|e| e.field == key).map(|e| e.msg))
    };
    let to_ledger = move || {
        s.shown.with(|o| {
            o.as_ref()
                .and_then(|f| f.findings.get(i))
                .is_some_and(|x| x.to_ledger)
        })
    };
    view! {
        <div class="finding" data-testid="finding" class:invalid=move || error().is_some()>
            <div class="row">
                <select
                    aria-label=move || tr(Msg::SfFindingKind)()
                    prop:value=get(|x| x.kind.clone())
                    on:change=set(|x, v| x.kind = v)
                >
                    {FindingKind::ALL.iter().map(|k| view! { <option value=k.code()>{tr(k.label())}</option> }).collect_view()}
                </select>
                <input
                    aria-label=move || tr(Msg::SfFindingPlace)()
                    placeholder=move || tr(Msg::SfFindingPlace)()
                    prop:value=get(|x| x.place.clone())
                    on:input=set(|x, v| x.place = v)
                />
            </div>
            <textarea
                rows="2"
                aria-label=move || tr(Msg::SfFindingDetail)()
                placeholder=move || tr(Msg::SfFindingDetail)()
                prop:value=get(|x| x.detail.clone())
                on:input=set(|x, v| x.detail = v)
            ></textarea>
            <FieldMsg msg=error />
            <div class="row">
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=to_ledger
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            s.edit(|f| {
                                if let Some(x) = f.findings.get_mut(i) {
                                    x.to_ledger = on
                                }
                            })
                        }
                    />
                    <span>{tr(Msg::SfToLedger)}</span>
                </label>
                <button
                    type="button"
                    class="link"
                    on:click=move |_| {
                        s.edit(|f| {
                            if i < f.findings.len() {
                                f.findings.remove(i);
                            }
                        });
                        redraw();
                    }
                >
                    {tr(Msg::SfRemoveFinding)}
                </button>
            </div>
        </div>
    }
}

#[component]
fn PublicityFields(s: State) -> impl IntoView {
    let topics = PublicityTopic::ALL
        .iter()
        .map(|k| (k.code(), k.label()))
        .collect();
    view! {
        <Choice s label=Msg::SfTopic name="publicity_topic" choices=topics get=|f| f.publicity_topic.clone() set=|f, v| f.publicity_topic = v />
        <Text s label=Msg::WfPlace name="place" kind="text" get=|f| f.place.clone() set=|f, v| f.place = v />
        <Text s label=Msg::SfAudience name="headcount" kind="number" get=|f| f.headcount.clone() set=|f, v| f.headcount = v />
        <Text s label=Msg::SfMaterial name="material" kind="text" get=|f| f.material.clone() set=|f, v| f.material = v />
    }
}

#[component]
fn CleanupFields(s: State) -> impl IntoView {
    view! {
        <Text s label=Msg::EnArea name="area" kind="text" get=|f| f.area.clone() set=|f, v| f.area = v />
        <div class="row">
            <Text s label=Msg::EnMilitia name="militia" kind="number" get=|f| f.militia.clone() set=|f, v| f.militia = v />
            <Text s label=Msg::EnVillagers name="villagers" kind="number" get=|f| f.villagers.clone() set=|f, v| f.villagers = v />
        </div>
        <Text s label=Msg::EnWork name="work" kind="area" get=|f| f.work.clone() set=|f, v| f.work = v />
    }
}

/// The household a 代购 is for: the cadre's households from the pack.
#[component]
fn HouseholdChoice(s: State) -> impl IntoView {
    let error = s.error("household");
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            <label for="w-household">{tr(Msg::WfHousehold)}</label>
            <select
                id="w-household"
                prop:value=move || {
                    s.households.track();
                    s.shown.with(|o| o.as_ref().and_then(|f| f.household_id).map(|h| h.to_string()).unwrap_or_default())
                }
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    s.edit(|f| {
                        f.household_id = v.parse().ok();
                        f.purchase_id.clear();
                    });
                    s.shown.set(s.form.get_untracked());
                }
            >
                <option value="">{tr(Msg::WfChooseHousehold)}</option>
                {move || s.households.get().into_iter().map(|h| view! {
                    <option value=h.id.to_string()>{format!("{} · {} {}", h.head_name, h.village, h.group)}</option>
                }).collect_view()}
            </select>
            <FieldMsg msg=error />
        </div>
    }
}

#[component]
fn PurchaseFields(s: State) -> impl IntoView {
    view! {
        <Text s label=Msg::SpItem name="item" kind="text" get=|f| f.item.clone() set=|f, v| f.item = v />
        <div class="row">
            <Text s label=Msg::SpQuantity name="quantity" kind="text" get=|f| f.quantity.clone() set=|f, v| f.quantity = v />
            <Text s label=Msg::SpEstimate name="estimate" kind="money" get=|f| f.estimate.clone() set=|f, v| f.estimate = v />
        </div>
        <Text s label=Msg::SfNote name="note" kind="area" get=|f| f.note.clone() set=|f, v| f.note = v />
    }
}

#[component]
fn UpdateFields(s: State) -> impl IntoView {
    let error = s.error("purchase");
    let household = Memo::new(move |_| s.shown.with(|o| o.as_ref().and_then(|f| f.household_id)));
    let delivered = move || s.shown.with(|o| o.as_ref().is_some_and(|f| f.delivered));
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            <label for="w-purchase">{tr(Msg::SpWhich)}</label>
            <select
                id="w-purchase"
                prop:value=move || {
                    s.purchases.track();
                    s.shown.with(|o| o.as_ref().map(|f| f.purchase_id.clone()).unwrap_or_default())
                }
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    s.edit(|f| f.purchase_id = v)
                }
            >
                <option value="">{tr(Msg::WfChoosePurchase)}</option>
                {move || {
                    let h = household.get();
                    s.purchases.get().into_iter().filter(|p| Some(p.1) == h).map(|(id, _, label)| view! {
                        <option value=id>{label}</option>
                    }).collect_view()
                }}
            </select>
            <FieldMsg msg=error />
        </div>
        <label class="check">
            <input
                type="checkbox"
                data-testid="delivered"
                prop:checked=delivered
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    s.edit(|f| f.delivered = on);
                    s.shown.set(s.form.get_untracked());
                }
            />
            <span>{tr(Msg::SpDelivered)}</span>
        </label>
        {move || delivered().then(|| view! {
            <div class="row">
                <Text s label=Msg::SpActual name="actual" kind="money" get=|f| f.actual.clone() set=|f, v| f.actual = v />
                <Choice s label=Msg::SpPaidBy name="paid_by" choices=PaidBy::ALL.iter().map(|k| (k.code(), k.label())).collect() get=|f| f.paid_by.clone() set=|f, v| f.paid_by = v />
            </div>
        })}
        <Text s label=Msg::SpConfirmedBy name="confirmed_by" kind="text" get=|f| f.confirmed_by.clone() set=|f, v| f.confirmed_by = v />
        <p class="hint">{tr(Msg::SpConfirmHint)}</p>
        <Text s label=Msg::SfNote name="note" kind="area" get=|f| f.note.clone() set=|f, v| f.note = v />
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
                "money" => view! { <input id=id name=name inputmode="decimal" prop:value=value on:input=input /> }.into_any(),
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
