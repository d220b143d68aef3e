//! The village page's living-environment sections (三(二)4): clean-ups, the three-year
//! programme's milestones, the households' works counted, the 村规民约 and the sanitation
//! crew; and the household page's works. The forms do not print.
use super::api::*;
use super::model::*;
use crate::i18n::{tr, Msg};
use crate::ui::form::{
    action_error, not_field, FormError, IdScope, SelectField, TextAreaField, TextField,
};
use leptos::context::Provider;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The environment's forms on the village page; the page reloads when any of them ran.
#[derive(Clone, Copy)]
pub struct Actions {
    milestone: ServerAction<AddMilestone>,
    done: ServerAction<FinishMilestone>,
    rules: ServerAction<SaveRules>,
    crew: ServerAction<SaveCrew>,
}

impl Actions {
    pub fn new() -> Self {
        Actions {
            milestone: ServerAction::new(),
            done: ServerAction::new(),
            rules: ServerAction::new(),
            crew: ServerAction::new(),
        }
    }

    /// Tracked: changes whenever one of the forms has run.
    pub fn versions(self) -> (usize, usize, usize, usize) {
        (
            self.milestone.version().get(),
            self.done.version().get(),
            self.rules.version().get(),
            self.crew.version().get(),
        )
    }
}

impl Default for Actions {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn EnvironmentSections(v: VillageEnvironment, village: i64, a: Actions) -> impl IntoView {
    let cleanups = view! { <Cleanups v=v.clone() /> }.into_any();
    let programme = view! { <Programme v=v.clone() village a /> }.into_any();
    let works = view! { <Works v=v.clone() /> }.into_any();
    let rules = view! { <Rules v village a /> }.into_any();
    view! { {cleanups} {programme} {works} {rules} }
}

#[component]
fn Cleanups(v: VillageEnvironment) -> impl IntoView {
    let empty = v.cleanups.is_empty();
    view! {
        <section class="card" data-testid="cleanups">
            <h2>{tr(Msg::EnCleanups)}</h2>
            {empty.then(|| view! { <p class="muted">{tr(Msg::VwEmpty)}</p> })}
            <table class="table numbers">
                <thead><tr>
                    <th>{tr(Msg::WfHeldOn)}</th><th>{tr(Msg::EnArea)}</th>
                    <th class="num">{tr(Msg::EnMilitia)}</th><th class="num">{tr(Msg::EnVillagers)}</th>
                    <th>{tr(Msg::EnWork)}</th>
                </tr></thead>
                <tbody>
                    {v.cleanups.into_iter().map(|c| view! {
                        <tr>
                            <td>{c.held_on.to_string()}</td>
                            <td class="wrap">{c.area}</td>
                            <td class="num">{c.militia}</td>
                            <td class="num">{c.villagers}</td>
                            <td class="wrap">{c.work} " · " <small class="muted">{c.recorded_by}</small></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn Programme(v: VillageEnvironment, village: i64, a: Actions) -> impl IntoView {
    let err = action_error(a.milestone);
    let done_err = action_error(a.done);
    let today = crate::ui::time::today().to_string();
    let categories: Vec<(String, Msg)> = super::model::Programme::ALL
        .iter()
        .map(|c| (c.code().to_string(), c.label()))
        .collect();
    view! {
        <section class="card" data-testid="programme">
            <h2>{tr(Msg::EnProgramme)}</h2>
            <p class="hint">{tr(Msg::EnProgrammeHint)}</p>
            <FormError error=done_err />
            <ul class="list">
                {v.milestones.into_iter().map(|m| {
                    let today = today.clone();
                    view! {
                        <li class="item" data-testid="milestone">
                            <span class="item-title">{tr(m.category.label())} " · " {m.title.clone()}</span>
                            <span class="item-sub">
                                {tr(Msg::EnDueOn)} " " {m.due_on.to_string()}
                                {m.done_on.map(|d| format!(" · ✓ {d} {}", m.note))}
                            </span>
                            {m.done_on.is_none().then(|| view! {
                                <Provider value=IdScope(format!("m{}", m.id))>
                                    <ActionForm action=a.done attr:class="inline no-print">
                                        <input type="hidden" name="id" value=m.id />
                                        <input type="date" name="done_on" value=today aria-label=move || tr(Msg::EnDoneOn)() />
                                        <button type="submit" class="secondary small">{tr(Msg::EnMarkDone)}</button>
                                    </ActionForm>
                                </Provider>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <details class="no-print">
                <summary>{tr(Msg::EnAddMilestone)}</summary>
                <ActionForm action=a.milestone>
                    <input type="hidden" name="milestone[village]" value=village />
                    <SelectField label=Msg::EnCategory name="milestone[category]" error=err options=categories />
                    <TextField label=Msg::EnMilestoneTitle name="milestone[title]" error=err required=true />
                    <TextField label=Msg::EnDueOn name="milestone[due_on]" kind="date" error=err />
                    <FormError error=not_field(err) />
                    <button type="submit">{tr(Msg::Save)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
fn Works(v: VillageEnvironment) -> impl IntoView {
    view! {
        <section class="card" data-testid="house-works">
            <h2>{tr(Msg::EnWorks)}</h2>
            <p class="hint">{tr(Msg::EnWorksHint)}</p>
            <table class="table numbers">
                <thead><tr>
                    <th>{tr(Msg::EnWorkKind)}</th>
                    <th class="num">{tr(Msg::WorkPlanned)}</th>
                    <th class="num">{tr(Msg::WorkInProgress)}</th>
                    <th class="num">{tr(Msg::WorkDone)}</th>
                </tr></thead>
                <tbody>
                    {v.works.into_iter().map(|w| view! {
                        <tr>
                            <td>{tr(w.kind.label())}</td>
                            <td class="num">{w.planned}</td>
                            <td class="num">{w.in_progress}</td>
                            <td class="num">{w.done}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn Rules(v: VillageEnvironment, village: i64, a: Actions) -> impl IntoView {
    let rules_err = action_error(a.rules);
    let crew_err = action_error(a.crew);
    let today = crate::ui::time::today().to_string();
    let rules = v.rules.first().cloned();
    let crew = v.crews.first().cloned();
    let rules_versions = v.rules.len();
    let crew_since = today.clone();
    view! {
        <section class="card" data-testid="village-rules">
            <h2>{tr(Msg::EnRules)}</h2>
            {match rules.clone() {
                Some(r) => view! {
                    <p class="small muted">
                        {crate::i18n::trf(Msg::EnVersion, vec![r.version.to_string(), r.since.to_string(), r.by.clone()])}
                        {(rules_versions > 1).then(|| format!(" · {rules_versions}"))}
                    </p>
                    <p class="prose">{r.body}</p>
                }.into_any(),
                None => view! { <p class="muted">{tr(Msg::VwEmpty)}</p> }.into_any(),
            }}
            <details class="no-print">
                <summary>{tr(Msg::EnNewRules)}</summary>
                <ActionForm action=a.rules>
                    <input type="hidden" name="village" value=village />
                    <TextAreaField label=Msg::EnRules name="body" value=rules.map(|r| r.body).unwrap_or_default() error=rules_err />
                    <TextField label=Msg::EnAdoptedOn name="since" kind="date" value=today.clone() error=rules_err />
                    <FormError error=not_field(rules_err) />
                    <button type="submit">{tr(Msg::Save)}</button>
                </ActionForm>
            </details>
        </section>
        <section class="card" data-testid="sanitation-crew">
            <h2>{tr(Msg::EnCrew)}</h2>
            {match crew.clone() {
                Some(c) => view! {
                    <p class="small muted">{crate::i18n::trf(Msg::EnVersion, vec![c.version.to_string(), c.since.to_string(), c.by.clone()])}</p>
                    <dl class="facts">
                        <dt>{tr(Msg::EnCrewMembers)}</dt><dd class="prose">{c.body}</dd>
                        <dt>{tr(Msg::EnRoutine)}</dt><dd class="prose">{c.routine}</dd>
                    </dl>
                }.into_any(),
                None => view! { <p class="muted">{tr(Msg::VwEmpty)}</p> }.into_any(),
            }}
            <details class="no-print">
                <summary>{tr(Msg::EnSetCrew)}</summary>
                <Provider value=IdScope("crew".into())>
                    <ActionForm action=a.crew>
                        <input type="hidden" name="village" value=village />
                        <TextAreaField label=Msg::EnCrewMembers name="body" value=crew.clone().map(|c| c.body).unwrap_or_default() error=crew_err />
                        <TextAreaField label=Msg::EnRoutine name="routine" value=crew.map(|c| c.routine).unwrap_or_default() error=crew_err />
                        <TextField label=Msg::EnSince name="since" kind="date" value=crew_since.clone() error=crew_err />
                        <FormError error=not_field(crew_err) />
                        <button type="submit">{tr(Msg::Save)}</button>
                    </ActionForm>
                </Provider>
            </details>
        </section>
    }
}

/// A household's works as the household page reads them.
pub type HouseWorks = Resource<Result<Vec<HouseWorkRow>, crate::error::AppError>>;

/// The household page's works (改水、改厕、改灶, 危房改造, 太阳能, 沼气): where each stands, and
/// the form that sets one (the household's cadres, the office, leaders).
#[component]
pub fn HouseWorksSection(
    household: i64,
    works: HouseWorks,
    set: ServerAction<SetHouseWork>,
) -> impl IntoView {
    let err = action_error(set);
    let kinds: Vec<(String, Msg)> = HouseWork::ALL
        .iter()
        .map(|k| (k.code().to_string(), k.label()))
        .collect();
    let statuses: Vec<(String, Msg)> = WorkStatus::ALL
        .iter()
        .map(|k| (k.code().to_string(), k.label()))
        .collect();
    view! {
        <section class="card" data-testid="household-works">
            <h2>{tr(Msg::EnWorks)}</h2>
            <Suspense>
                {move || works.get().and_then(|r| r.ok()).map(|ws| {
                    if ws.is_empty() {
                        view! { <p class="muted">{tr(Msg::VwEmpty)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="plain">
                                {ws.into_iter().map(|w| view! {
                                    <li data-testid="house-work">
                                        <strong>{tr(w.kind.label())}</strong> " · " {tr(w.status.label())}
                                        {w.started_on.map(|d| format!(" · {d}"))}
                                        {w.done_on.map(|d| format!(" → {d}"))}
                                        {(!w.note.is_empty()).then(|| format!(" · {}", w.note))}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                })}
            </Suspense>
            <details class="no-print">
                <summary>{tr(Msg::EnSetWork)}</summary>
                <Provider value=IdScope("house-work".into())>
                    <ActionForm action=set>
                        <input type="hidden" name="work[household]" value=household />
                        <SelectField label=Msg::EnWorkKind name="work[kind]" error=err options=kinds />
                        <SelectField label=Msg::EnStatus name="work[status]" error=err options=statuses />
                        <TextField label=Msg::EnStartedOn name="work[started_on]" kind="date" error=err />
                        <TextField label=Msg::EnDoneOn name="work[done_on]" kind="date" error=err />
                        <TextField label=Msg::SfNote name="work[note]" error=err />
                        <FormError error=not_field(err) />
                        <button type="submit">{tr(Msg::Save)}</button>
                    </ActionForm>
                </Provider>
            </details>
        </section>
    }
}
