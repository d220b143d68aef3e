//! `/obligations`: the compliance grid (obligation × village or person × month, printable on
//! A4) with the rules it judges by, which the office adjusts; and the home page's "due soon".
use super::api::{compliance_grid, due_soon, UpdateRule};
use super::model::*;
use crate::i18n::{tr, trf, use_i18n, Msg};
use crate::model::Role;
use crate::ui::form::{action_error, not_field, FormError, TextField};
use crate::ui::layout::{Fresh, Loading, PrintBar, RequireRole, LEADERSHIP};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ObligationsPage() -> impl IntoView {
    view! {
        <RequireRole roles=LEADERSHIP>
            <Obligations />
        </RequireRole>
    }
}

fn state_class(s: State) -> &'static str {
    match s {
        State::Done => "ob ob-done",
        State::Due => "ob ob-due",
        State::Overdue => "ob ob-overdue",
        State::Missed => "ob ob-missed",
    }
}

/// One instance: its state, and how far along (have/need) unless done.
#[component]
fn CellView(cell: Option<Cell>) -> impl IntoView {
    match cell {
        None => view! { <td class="ob-none">"—"</td> }.into_any(),
        Some(c) => view! {
            <td>
                <span class=state_class(c.state) data-testid="ob-cell" data-state=c.state.code()>
                    {tr(c.state.label())}
                </span>
                {(c.state != State::Done || c.upto.is_some()).then(|| view! {
                    <small class="muted">" " {trf(Msg::ObligationsTally, vec![c.have.to_string(), c.target()])}</small>
                })}
            </td>
        }
        .into_any(),
    }
}

#[component]
fn Obligations() -> impl IntoView {
    let query = use_query_map();
    let update = ServerAction::<UpdateRule>::new();
    let grid = Resource::new(
        move || {
            let q = query.get();
            (q.get("month"), q.get("months"), update.version().get())
        },
        |(month, months, _)| compliance_grid(month, months.and_then(|m| m.parse().ok())),
    );
    let office = crate::auth::context::use_auth()
        .user()
        .is_some_and(|u| u.role == Role::Admin);
    let i18n = use_i18n();
    view! {
        <PrintBar back=Signal::derive(|| "/".to_string()) label=Msg::NavHome />
        <h1>{tr(Msg::ObligationsTitle)}</h1>
        <p class="hint">{tr(Msg::ObligationsHint)}</p>
        <form method="get" class="row no-print" data-testid="ob-filter">
            <label for="ob-month">{tr(Msg::ObligationsMonth)}</label>
            <input id="ob-month" type="month" name="month" prop:value=move || query.get().get("month").unwrap_or_default() />
            <button type="submit">{tr(Msg::ObligationsShow)}</button>
        </form>
        <Transition fallback=Loading>
            {move || grid.get().map(|r| match r {
                Ok(g) => view! { <GridView g /> }.into_any(),
                Err(e) => view! { <p class="banner error">{e.message(i18n.get())}</p> }.into_any(),
            })}
        </Transition>
        {office.then(|| view! { <Rules update grid /> })}
    }
}

#[component]
fn GridView(g: Grid) -> impl IntoView {
    if g.rows.is_empty() {
        return view! { <p class="muted">{tr(Msg::ObligationsNone)}</p> }.into_any();
    }
    let months = g.months.clone();
    // One table per obligation: its subjects down, the months across.
    let mut groups: Vec<(String, String, Vec<GridRow>)> = Vec::new();
    for r in g.rows {
        match groups.iter_mut().find(|(code, _, _)| *code == r.code) {
            Some(group) => group.2.push(r),
            None => groups.push((r.code.clone(), r.title.clone(), vec![r])),
        }
    }
    view! {
        {groups
            .into_iter()
            .map(|(code, title, rows)| {
                let clause = rows.first().map(|r| r.clause.clone()).unwrap_or_default();
                let rule = g.rules_in_force.iter().find(|r| r.code == code).cloned();
                view! {
                    <section class="card ob-group" data-testid="ob-group" data-code=code>
                        <h2>{title}</h2>
                        <p class="muted small">
                            {clause}
                            {rule.map(|r| view! { " · " <RuleLine r /> })}
                        </p>
                        <table class="table ob-table">
                            <thead>
                                <tr>
                                    <th></th>
                                    {months.iter().map(|m| view! { <th>{m.month_key()}</th> }).collect_view()}
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|r| {
                                        let name = match r.subject.scope {
                                            Scope::Bureau => tr(Msg::ScopeBureau)().to_string(),
                                            _ => r.subject.name.clone(),
                                        };
                                        view! {
                                            <tr data-testid="ob-row" data-subject=name.clone()>
                                                <th scope="row">{name.clone()}</th>
                                                {r.cells.into_iter().map(|cell| view! { <CellView cell /> }).collect_view()}
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </section>
                }
            })
            .collect_view()}
    }
    .into_any()
}

/// "每月，第6至7日，至少2次，7日前".
#[component]
fn RuleLine(r: Rule) -> impl IntoView {
    let target = match r.max_count {
        Some(m) if m > r.min_count => format!("{}–{m}", r.min_count),
        _ => r.min_count.to_string(),
    };
    let (line, args) = match r.period {
        Period::Month => (
            Msg::ObligationsRuleLine,
            vec![
                String::new(),
                r.window_from.to_string(),
                r.window_to.to_string(),
                target,
                r.due_day.to_string(),
            ],
        ),
        _ => (
            Msg::ObligationsRuleLineLong,
            vec![
                String::new(),
                target,
                r.due_month.to_string(),
                r.due_day.to_string(),
            ],
        ),
    };
    let i18n = use_i18n();
    move || {
        let l = i18n.get();
        let mut a = args.clone();
        a[0] = r.period.label().text(l).to_string();
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        line.fmt(l, &refs)
    }
}

/// The office's edit of each rule in force: the next version applies from this period.
#[component]
fn Rules(
    update: ServerAction<UpdateRule>,
    grid: Resource<Result<Grid, crate::error::AppError>>,
) -> impl IntoView {
    let error = action_error(update);
    view! {
        <section class="card no-print" data-testid="ob-rules">
            <h2>{tr(Msg::ObligationsRules)}</h2>
            <FormError error=not_field(error) />
            // Inside a Transition: a resource read outside one deadlocked the server's
            // asynchronous render.
            <Transition fallback=|| ()>
            <Fresh value=Signal::derive(move || grid.get().and_then(|r| r.ok()).map(|g| g.rules_in_force)) let:rules>
                {Vec::<Rule>::into_iter(rules)
                    .map(|r| {
                        let villages: Vec<String> = r.villages.iter().map(i64::to_string).collect();
                        let (code, code_attr) = (r.code.clone(), r.code.clone());
                        view! {
                            <details class="ob-rule" data-testid="ob-rule" data-code=code_attr>
                                <summary>{r.title.clone()}</summary>
                                <ActionForm action=update>
                                    <input type="hidden" name="form[code]" value=code />
                                    <TextField label=Msg::FieldTitle name="form[title]" value=r.title.clone() error />
                                    <div class="row">
                                        <TextField label=Msg::ObligationsWindowFrom name="form[window_from]" inputmode="numeric" value=r.window_from.to_string() error />
                                        <TextField label=Msg::ObligationsWindowTo name="form[window_to]" inputmode="numeric" value=r.window_to.to_string() error />
                                    </div>
                                    <div class="row">
                                        <TextField label=Msg::ObligationsDueDay name="form[due_day]" inputmode="numeric" value=r.due_day.to_string() error />
                                        <TextField label=Msg::ObligationsMinCount name="form[min_count]" inputmode="numeric" value=r.min_count.to_string() error />
                                    </div>
                                    {(r.period != Period::Month).then(|| view! {
                                        <TextField label=Msg::ObligationsDueMonth name="form[due_month]" inputmode="numeric" value=r.due_month.to_string() error />
                                    })}
                                    <TextField label=Msg::ObligationsMaxCount name="form[max_count]" inputmode="numeric" value=r.max_count.map(|m| m.to_string()).unwrap_or_default() error />
                                    <TextField label=Msg::ObligationsVillages name="form[villages]" value=villages.join(",") error />
                                    <label class="check">
                                        <input type="checkbox" name="form[active]" value="on" checked />
                                        <span>{tr(Msg::ObligationsActive)}</span>
                                    </label>
                                    <button type="submit" class="primary">{tr(Msg::ObligationsSaveRule)}</button>
                                </ActionForm>
                            </details>
                        }
                    })
                    .collect_view()}
            </Fresh>
            </Transition>
        </section>
    }
}

/// The home page's "due soon": what the obligations calendar says is open for the caller.
#[component]
pub fn DueSoon() -> impl IntoView {
    let due = Resource::new(|| (), |_| due_soon());
    let i18n = use_i18n();
    view! {
        <section class="card" data-testid="due-soon">
            <h2>{tr(Msg::HomeDueThisWeek)}</h2>
            <Suspense fallback=|| ()>
                {move || due.get().and_then(|r| r.ok()).map(|items| {
                    if items.is_empty() {
                        return view! { <p class="muted">{tr(Msg::HomeNothingDue)}</p> }.into_any();
                    }
                    view! {
                        <ul class="list">
                            {items.into_iter().map(|d| {
                                let who = match d.subject.scope {
                                    Scope::Person => String::new(),
                                    Scope::Bureau => tr(Msg::ScopeBureau)().to_string(),
                                    Scope::Village => d.subject.name.clone(),
                                };
                                let due = d.cell.due.format("%m-%d").to_string();
                                view! {
                                    <li class="item" data-testid="due-item" data-state=d.cell.state.code()>
                                        <span class="item-title">
                                            <span class=state_class(d.cell.state)>{tr(d.cell.state.label())}</span>
                                            " " {d.title.clone()}
                                        </span>
                                        <span class="item-sub">
                                            {(!who.is_empty()).then(|| view! { {who.clone()} " · " })}
                                            {move || Msg::ObligationsDueBy.fmt(i18n.get(), &[&due])}
                                            " · "
                                            {trf(Msg::ObligationsTally, vec![d.cell.have.to_string(), d.cell.target()])}
                                        </span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                })}
            </Suspense>
        </section>
    }
}
