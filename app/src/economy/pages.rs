//! The economy's sections of the village page (`/villages/:id`): the development plan with
//! its versions, projects and funds ("1–2 a year"), report trips, the collective's income.
use super::api::*;
use super::model::*;
use crate::i18n::{tr, trf, use_i18n, Msg};
use crate::ui::form::{
    action_error, not_field, FormError, IdScope, SelectField, TextAreaField, TextField,
};
use leptos::context::Provider;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The economy's forms on the village page; the page reloads its data when any of them ran.
#[derive(Clone, Copy)]
pub struct Actions {
    plan: ServerAction<SavePlan>,
    project_add: ServerAction<AddProject>,
    project_update: ServerAction<UpdateProject>,
    income: ServerAction<SaveIncome>,
}

impl Actions {
    pub fn new() -> Self {
        Actions {
            plan: ServerAction::new(),
            project_add: ServerAction::new(),
            project_update: ServerAction::new(),
            income: ServerAction::new(),
        }
    }

    /// Tracked: changes whenever one of the forms has run.
    pub fn versions(self) -> (usize, usize, usize, usize) {
        (
            self.plan.version().get(),
            self.project_add.version().get(),
            self.project_update.version().get(),
            self.income.version().get(),
        )
    }
}

impl Default for Actions {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn EconomySections(v: VillageEconomy, village: i64, a: Actions) -> impl IntoView {
    let plan = view! { <PlanSection v=v.clone() village a /> }.into_any();
    let projects = view! { <Projects v=v.clone() village a /> }.into_any();
    let trips = view! { <Trips v=v.clone() /> }.into_any();
    let income = view! { <Income v village a /> }.into_any();
    view! { {plan} {projects} {trips} {income} }
}

/// A part of the development plan: its label, its form field, and how to read it.
type PlanPart = (Msg, &'static str, fn(&Plan) -> String);

/// The plan's parts in the plan's order (三(二)2 一): goal and approach, then the four areas
/// and the collective economy's plan.
const PLAN_PARTS: [PlanPart; 7] = [
    (Msg::VwGoal, "plan[goal]", |p| p.goal.clone()),
    (Msg::VwApproach, "plan[approach]", |p| p.approach.clone()),
    (Msg::VwPlanOrganisation, "plan[organisation]", |p| {
        p.organisation.clone()
    }),
    (Msg::VwPlanIndustry, "plan[industry]", |p| {
        p.industry.clone()
    }),
    (Msg::VwPlanEnvironment, "plan[environment]", |p| {
        p.environment.clone()
    }),
    (Msg::VwPlanLivelihood, "plan[livelihood]", |p| {
        p.livelihood.clone()
    }),
    (Msg::VwPlanCollective, "plan[collective]", |p| {
        p.collective.clone()
    }),
];

#[component]
fn PlanSection(v: VillageEconomy, village: i64, a: Actions) -> impl IntoView {
    let err = action_error(a.plan);
    let l = use_i18n().get_untracked();
    let current = v.plan.clone().map(|p| p.plan);
    view! {
        <section class="card" data-testid="plan">
            <h2>{tr(Msg::VwPlan)}</h2>
            {match &v.plan {
                None => view! { <p class="muted">{tr(Msg::VwPlanNone)}</p> }.into_any(),
                Some(p) => view! {
                    <p class="hint">{trf(Msg::VwPlanVersion, vec![
                        p.version.to_string(),
                        crate::ui::time::date_of(p.created_at).to_string(),
                        p.by.clone(),
                    ])}</p>
                    <dl class="facts">
                        {PLAN_PARTS.iter().filter(|(_, _, f)| !f(&p.plan).is_empty()).map(|(label, _, f)| view! {
                            <dt>{tr(*label)}</dt>
                            <dd class="prewrap">{f(&p.plan)}</dd>
                        }).collect_view()}
                    </dl>
                }.into_any(),
            }}
            {(v.plan_versions.len() > 1).then(|| view! {
                <details>
                    <summary>{tr(Msg::VwHistory)}</summary>
                    <ul class="plain small">
                        {v.plan_versions.iter().skip(1).map(|p| view! {
                            <li>
                                {Msg::VwPlanVersion.fmt(l, &[&p.version.to_string(), &crate::ui::time::date_of(p.created_at).to_string(), &p.by])}
                                ": " {p.plan.goal.clone()}
                            </li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
            <details class="no-print">
                <summary>{tr(Msg::VwPlanSave)}</summary>
                <ActionForm action=a.plan>
                    <input type="hidden" name="plan[village]" value=village />
                    {PLAN_PARTS.iter().map(|(label, name, f)| {
                        let value = current.as_ref().map(f).unwrap_or_default();
                        view! { <TextAreaField label=*label name=*name value error=err /> }
                    }).collect_view()}
                    <FormError error=not_field(err) />
                    <button type="submit" class="primary">{tr(Msg::VwPlanSave)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

fn statuses() -> Vec<(String, Msg)> {
    ProjectStatus::ALL
        .iter()
        .map(|s| (s.code().to_string(), s.label()))
        .collect()
}

#[component]
fn Projects(v: VillageEconomy, village: i64, a: Actions) -> impl IntoView {
    let err = action_error(a.project_add);
    let upd_err = action_error(a.project_update);
    let (applied, approved, received) = v.totals();
    view! {
            <section class="card" data-testid="projects">
                <h2>{tr(Msg::VwProjects)}</h2>
                <p data-testid="projects-year">{trf(Msg::VwProjectsYear, vec![v.approved_this_year.to_string()])}</p>
                <ul class="list">
                    {v.projects.iter().map(|p| view! {
                        <li class="item" data-testid="project-row">
                            <span class="item-title">{p.name.clone()} " · " {tr(p.status.label())}</span>
                            <span class="item-sub">
                                {p.funder.clone()}
                                {p.approved_on.map(|d| view! { " · " {tr(Msg::VwApprovedOn)} " " {d.to_string()} })}
                            </span>
                            <span class="item-sub num-line">
                                {tr(Msg::VwApplied)} " " {p.applied.yuan()} " · " {tr(Msg::VwApproved)} " "
                                {p.approved.yuan()} " · " {tr(Msg::VwReceived)} " " {p.received.yuan()}
                            </span>
                        </li>
                    }).collect_view()}
                </ul>
                {v.projects.is_empty().then(|| view! { <p class="muted">{tr(Msg::VwEmpty)}</p> })}
                <p class="num-line">
                    <strong>{tr(Msg::VwTotal)}</strong> " · " {tr(Msg::VwApplied)} " " {applied.yuan()} " · "
                    {tr(Msg::VwApproved)} " " {approved.yuan()} " · " {tr(Msg::VwReceived)} " "
                    <span data-testid="received-total">{received.yuan()}</span>
                </p>
                {v.projects.clone().into_iter().map(|p| {
                    view! {
    <Provider value=IdScope(format!("prj{}-", p.id))>
                        <details class="no-print">
                            <summary>{tr(Msg::VwProjectUpdate)} " · " {p.name.clone()}</summary>
                            <ActionForm action=a.project_update>
                                <input type="hidden" name="id" value=p.id />
                                <input type="hidden" name="project[village]" value=village />
                                <TextField label=Msg::VwProject name="project[name]" value=p.name.clone() error=upd_err />
                                <TextField label=Msg::VwFunder name="project[funder]" value=p.funder.clone() error=upd_err />
                                <SelectField label=Msg::VwStatus name="project[status]" error=upd_err options=statuses() selected=p.status.code() />
                                <TextField label=Msg::VwApprovedOn name="project[approved_on]" kind="date" value=p.approved_on.map(|d| d.to_string()).unwrap_or_default() error=upd_err />
                                <TextField label=Msg::VwApplied name="project[applied]" inputmode="decimal" value=p.applied.input() error=upd_err />
                                <TextField label=Msg::VwApproved name="project[approved]" inputmode="decimal" value=p.approved.input() error=upd_err />
                                <TextField label=Msg::VwReceived name="project[received]" inputmode="decimal" value=p.received.input() error=upd_err />
                                <TextAreaField label=Msg::VwNote name="project[note]" value=p.note.clone() error=upd_err />
                                <FormError error=not_field(upd_err) />
                                <button type="submit">{tr(Msg::Save)}</button>
                            </ActionForm>
                        </details>
                    </Provider>
    }
                }).collect_view()}
                <details class="no-print">
                    <summary>{tr(Msg::VwProjectAdd)}</summary>
                    <ActionForm action=a.project_add>
                        <input type="hidden" name="project[village]" value=village />
                        <TextField label=Msg::VwProject name="project[name]" error=err required=true />
                        <TextField label=Msg::VwFunder name="project[funder]" error=err required=true />
                        <SelectField label=Msg::VwStatus name="project[status]" error=err options=statuses() />
                        <TextField label=Msg::VwApprovedOn name="project[approved_on]" kind="date" error=err />
                        <TextField label=Msg::VwApplied name="project[applied]" inputmode="decimal" error=err />
                        <TextField label=Msg::VwApproved name="project[approved]" inputmode="decimal" error=err />
                        <TextField label=Msg::VwReceived name="project[received]" inputmode="decimal" error=err />
                        <TextAreaField label=Msg::VwNote name="project[note]" error=err />
                        <FormError error=not_field(err) />
                        <button type="submit" class="primary">{tr(Msg::Save)}</button>
                    </ActionForm>
                </details>
            </section>
        }
}

#[component]
fn Trips(v: VillageEconomy) -> impl IntoView {
    view! {
        <section class="card" data-testid="trips">
            <h2>{tr(Msg::VwTrips)}</h2>
            {v.trips.is_empty().then(|| view! { <p class="muted">{tr(Msg::VwEmpty)}</p> })}
            <ul class="list">
                {v.trips.iter().map(|t| view! {
                    <li class="item">
                        <span class="item-title">{t.department.clone()} " · " {tr(t.level.label())}</span>
                        <span class="item-sub">{t.trip_on.to_string()} " · " {t.purpose.clone()}</span>
                        <span class="item-sub">{tr(Msg::VwOutcome)} ": " {t.outcome.clone()}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Income(v: VillageEconomy, village: i64, a: Actions) -> impl IntoView {
    let err = action_error(a.income);
    view! {
        <section class="card" data-testid="collective">
            <h2>{tr(Msg::VwCollective)}</h2>
            <table class="table">
                <thead><tr><th>{tr(Msg::VwYear)}</th><th class="num">{tr(Msg::VwIncome)}</th><th>{tr(Msg::VwNote)}</th></tr></thead>
                <tbody>
                    {v.incomes.iter().map(|i| view! {
                        <tr><td>{i.year}</td><td class="num">{i.income.yuan()}</td><td>{i.note.clone()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            {v.incomes.is_empty().then(|| view! { <p class="muted">{tr(Msg::VwEmpty)}</p> })}
            <details class="no-print">
                <summary>{tr(Msg::VwCollective)}</summary>
                <ActionForm action=a.income>
                    <input type="hidden" name="income[village]" value=village />
                    <TextField label=Msg::VwYear name="income[year]" inputmode="numeric" error=err />
                    <TextField label=Msg::VwIncome name="income[income]" inputmode="decimal" error=err />
                    <TextField label=Msg::VwNote name="income[note]" error=err />
                    <FormError error=not_field(err) />
                    <button type="submit">{tr(Msg::Save)}</button>
                </ActionForm>
            </details>
        </section>
    }
}
