//! `/results`: the year's village results (创好工作业绩) and each person's assessment
//! (补助和奖励), printable on A4; the office and leaders record results, a leader decides.
use super::api::*;
use super::model::*;
use crate::i18n::{tr, trf, use_i18n, Msg};
use crate::model::Role;
use crate::ui::form::{
    action_error, not_field, FormError, PersonSelect, SelectField, TextAreaField, TextField,
};
use crate::ui::layout::{Fresh, Loading, PrintBar, RequireRole, LEADERSHIP};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ResultsPage() -> impl IntoView {
    view! {
        <RequireRole roles=LEADERSHIP>
            <Results />
        </RequireRole>
    }
}

#[component]
fn Results() -> impl IntoView {
    let query = use_query_map();
    let add = ServerAction::<AddResult>::new();
    let decide = ServerAction::<Decide>::new();
    let data = Resource::new(
        move || {
            let year = query.get().get("year").and_then(|y| y.parse::<i32>().ok());
            (year, add.version().get(), decide.version().get())
        },
        |(year, _, _)| get_results(year),
    );
    let leader = crate::auth::context::use_auth()
        .user()
        .is_some_and(|u| u.role == Role::Leader);
    let i18n = use_i18n();
    let decide_error = action_error(decide);
    view! {
        <PrintBar back=Signal::derive(|| "/".to_string()) label=Msg::NavHome />
        <FormError error=decide_error />
        // Inside a Transition: a resource read outside one deadlocks the server's render.
        <Transition fallback=Loading>
            <Fresh value=Signal::derive(move || data.get()) let:r>
                {match r {
                    Ok(v) => view! { <ResultsView v add decide leader /> }.into_any(),
                    Err(e) => view! { <p class="banner error">{e.message(i18n.get_untracked())}</p> }.into_any(),
                }}
            </Fresh>
        </Transition>
    }
}

#[component]
fn ResultsView(
    v: ResultsView,
    add: ServerAction<AddResult>,
    decide: ServerAction<Decide>,
    leader: bool,
) -> impl IntoView {
    let year = v.year;
    let results = view! {
        <h1>{trf(Msg::ResultsTitle, vec![year.to_string()])}</h1>
        <form method="get" class="row no-print">
            <label for="r-year">{tr(Msg::ResultsYear)}</label>
            <input id="r-year" type="number" name="year" inputmode="numeric" value=year />
            <button type="submit">{tr(Msg::ObligationsShow)}</button>
        </form>
        <section class="card" data-testid="village-results">
            <h2>{tr(Msg::ResultsVillages)}</h2>
            {v.results.is_empty().then(|| view! { <p class="muted">{tr(Msg::ResultsNone)}</p> })}
            <ul class="list">
                {v.results.into_iter().map(|r| view! {
                    <li class="item" data-testid="village-result">
                        <span class="item-title">
                            <span class="tag">{tr(r.area.label())}</span> " " {r.village.clone()} " · " {r.highlight.clone()}
                        </span>
                        <span class="item-sub">{r.achieved_on.to_string()}</span>
                        {(!r.before.is_empty() || !r.after.is_empty()).then(|| view! {
                            <p>{tr(Msg::ResultsBefore)} {tr(Msg::LabelEnd)} {r.before.clone()} " → " {tr(Msg::ResultsAfter)} {tr(Msg::LabelEnd)} {r.after.clone()}</p>
                        })}
                        {(!r.evidence.is_empty()).then(|| view! { <p class="muted small">{tr(Msg::ResultsEvidence)} {tr(Msg::LabelEnd)} {r.evidence.clone()}</p> })}
                    </li>
                }).collect_view()}
            </ul>
            <AddResultForm add villages=v.villages today=v.today.to_string() />
        </section>
    }
    .into_any();
    let people = view! {
        <section class="card" data-testid="assessments">
            <h2>{tr(Msg::ResultsAssessment)}</h2>
            <p class="hint">{tr(Msg::ResultsAssessmentHint)}</p>
            <ul class="list">
                {v.people.into_iter().map(|a| view! { <AssessmentLine a year decide leader /> }).collect_view()}
            </ul>
            <p class="sign">{tr(Msg::ResultsSign)}</p>
        </section>
    }
    .into_any();
    view! { {results} {people} }
}

#[component]
fn AddResultForm(
    add: ServerAction<AddResult>,
    villages: Vec<(i64, String)>,
    today: String,
) -> impl IntoView {
    let error = action_error(add);
    let areas: Vec<(String, Msg)> = Area::ALL
        .iter()
        .map(|a| (a.code().to_string(), a.label()))
        .collect();
    view! {
        <details class="no-print">
            <summary>{tr(Msg::ResultsAdd)}</summary>
            <ActionForm action=add>
                <PersonSelect label=Msg::ServiceDayVillage name="form[village]" people=villages error />
                <SelectField label=Msg::ResultsArea name="form[area]" options=areas error />
                <TextField label=Msg::ResultsHighlight name="form[highlight]" error required=true />
                <TextField label=Msg::ResultsBefore name="form[before]" error />
                <TextField label=Msg::ResultsAfter name="form[after]" error />
                <TextAreaField label=Msg::ResultsEvidence name="form[evidence]" error />
                <TextField label=Msg::ResultsDay name="form[achieved_on]" kind="date" value=today error />
                <FormError error=not_field(error) />
                <button type="submit" class="primary" data-testid="save-result">{tr(Msg::Save)}</button>
            </ActionForm>
        </details>
    }
}

/// One person's year: the figures, the decision standing, and a leader's decision form.
#[component]
fn AssessmentLine(
    a: Assessment,
    year: i32,
    decide: ServerAction<Decide>,
    leader: bool,
) -> impl IntoView {
    let f = a.figures.clone();
    let quota = match (f.quota, f.quota_met()) {
        (Some(q), Some(met)) => format!("{}/{q}{}", f.paired, if met { " ✓" } else { "" }),
        _ => "—".to_string(),
    };
    let lines = vec![
        (Msg::ResultsVisits, f.visits.to_string()),
        (
            Msg::ResultsCoverage,
            format!("{}/{}", f.coverage_done, f.coverage_months),
        ),
        (
            Msg::ResultsObligations,
            format!("{}/{}", f.obligations_done, f.obligations_total),
        ),
        (
            Msg::ResultsItems,
            format!("{}/{}", f.items_on_time, f.items_closed),
        ),
        (Msg::ResultsReplies, f.feedback_replies.to_string()),
        (Msg::ResultsQuota, quota),
    ];
    let decision = RwSignal::new(String::from("reward"));
    let reason = RwSignal::new(String::new());
    let user = a.user_id;
    let field = format!("reason-{user}");
    view! {
        <li class="item assessment" data-testid="assessment" data-name=a.name.clone()>
            <span class="item-title">{a.name.clone()} " · " {tr(a.post.label())}</span>
            <dl class="figures">
                {lines.into_iter().map(|(label, value)| view! { <dt>{tr(label)}</dt> <dd>{value}</dd> }).collect_view()}
            </dl>
            {match a.decided.clone() {
                Some(d) => view! {
                    <p data-testid="decided" data-decision=d.decision.code()>
                        <b>{tr(d.decision.label())}</b> " · " {d.reason.clone()}
                        <br /> <small class="muted">{d.by.clone()} " " {crate::ui::time::minute(d.at)}</small>
                    </p>
                }.into_any(),
                None => view! { <p class="muted" data-testid="undecided">{tr(Msg::ResultsUndecided)}</p> }.into_any(),
            }}
            {leader.then(|| view! {
                <details class="no-print">
                    <summary>{tr(Msg::ResultsDecide)}</summary>
                    <div class="row">
                        {Decision::ALL.iter().map(|d| {
                            let code = d.code();
                            view! {
                                <label class="check">
                                    <input
                                        type="radio"
                                        name=format!("decision-{user}")
                                        value=code
                                        prop:checked=move || decision.get() == code
                                        on:change=move |_| decision.set(code.to_string())
                                    />
                                    <span>{tr(d.label())}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    <label for=field.clone()>{tr(Msg::TeamLeaveReason)}</label>
                    <input id=field type="text" data-testid="decide-reason" on:input=move |ev| reason.set(event_target_value(&ev)) />
                    <button
                        type="button"
                        class="primary"
                        data-testid="decide"
                        on:click=move |_| {
                            decide.dispatch(Decide {
                                user,
                                year,
                                decision: decision.get_untracked(),
                                reason: reason.get_untracked(),
                            });
                        }
                    >
                        {tr(Msg::Save)}
                    </button>
                </details>
            })}
        </li>
    }
}
