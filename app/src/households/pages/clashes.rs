//! The office settles facts two devices disagree on: both values, both device times, who.
use super::super::clashes::{list_clashes, ResolveClash};
use super::super::model::{ClashSide, FieldClash};
use crate::i18n::{tr, use_i18n, Msg};
use crate::ui::form::FormError;
use crate::ui::layout::{Fresh, Loading, RequireRole, OFFICE};
use crate::ui::time;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn ClashesPage() -> impl IntoView {
    view! {
        <RequireRole roles=OFFICE>
            <Clashes />
        </RequireRole>
    }
}

#[component]
fn Clashes() -> impl IntoView {
    let resolve = ServerAction::<ResolveClash>::new();
    let clashes = Resource::new(move || resolve.version().get(), |_| list_clashes());
    let visits = Resource::new(|| (), |_| crate::visits::api::list_visit_conflicts());
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h1>{tr(Msg::ClashesTitle)}</h1>
            <p class="muted">{tr(Msg::ClashesHelp)}</p>
            <FormError error=Signal::derive(move || resolve.value().get().and_then(|r| r.err())) />
        </section>
        <Suspense fallback=Loading>
            <Fresh value=Signal::derive(move || clashes.get()) let:r>
                {match r {
                        Err(e) => view! { <p class="banner error">{e.message(i18n.get())}</p> }.into_any(),
                        Ok(list) if list.is_empty() => {
                            view! {
                                <p class="card muted" data-testid="no-clashes">
                                    {tr(Msg::ClashesNone)}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(list) => {
                            list.into_iter()
                                .map(|c| view! { <ClashCard c resolve /> })
                                .collect_view()
                                .into_any()
                        }
                    }}
            </Fresh>
        </Suspense>
        <section class="card">
            <h2>{tr(Msg::VisitConflictsTitle)}</h2>
            <p class="muted">{tr(Msg::VisitConflictsHelp)}</p>
        </section>
        <Suspense fallback=Loading>
            {move || visits.get().map(|r| match r {
                Err(e) => view! { <p class="banner error">{e.message(i18n.get())}</p> }.into_any(),
                Ok(list) if list.is_empty() => view! {
                    <p class="card muted" data-testid="no-visit-conflicts">{tr(Msg::VisitConflictsNone)}</p>
                }.into_any(),
                Ok(list) => list.into_iter().map(|c| view! { <VisitConflictCard c /> }).collect_view().into_any(),
            })}
        </Suspense>
    }
}

/// A visit that came twice with different words: both versions, side by side.
#[component]
fn VisitConflictCard(c: crate::visits::model::VisitConflict) -> impl IntoView {
    let v = c.stored;
    let second_time = time::from_rfc3339(&c.second_visited_at)
        .map(time::minute)
        .unwrap_or(c.second_visited_at.clone());
    view! {
        <section class="card clash" data-testid="visit-conflict">
            <h2>
                <a href=format!("/households/{}", v.household_id)>{c.household.clone()}</a>
                " · " {tr(Msg::VisitConflictKind)}
            </h2>
            <div class="choices">
                <div class="choice">
                    <p class="muted small">
                        {tr(Msg::VisitConflictStored)} " · " {v.cadre.clone()} " · " {time::minute(v.visited_at)}
                        " · " {v.receipt.clone()}
                    </p>
                    <p class="pre">{v.content.clone()}</p>
                    {(!v.outcome.is_empty()).then(|| view! { <p class="pre">{v.outcome.clone()}</p> })}
                    {(!v.problems.is_empty()).then(|| view! { <p class="pre">{v.problems.clone()}</p> })}
                </div>
                <div class="choice">
                    <p class="muted small">
                        {tr(Msg::VisitConflictSecond)} " · " {c.cadre.clone()} " · " {second_time}
                        " · " {tr(Msg::VisitConflictArrived)} {time::minute(c.received_at)}
                    </p>
                    <p class="pre">{c.second_content.clone()}</p>
                    {(!c.second_outcome.is_empty()).then(|| view! { <p class="pre">{c.second_outcome.clone()}</p> })}
                    {(!c.second_problems.is_empty()).then(|| view! { <p class="pre">{c.second_problems.clone()}</p> })}
                </div>
            </div>
        </section>
    }
}

#[component]
fn ClashCard(c: FieldClash, resolve: ServerAction<ResolveClash>) -> impl IntoView {
    // The later device time is what the household shows until the office decides.
    let other_in_use = c.other.device_time > c.kept.device_time;
    view! {
        <section class="card clash" data-testid="clash">
            <h2>
                <a href=format!("/households/{}", c.household_id)>{c.head_name.clone()}</a>
                " · " {tr(c.field.label())}
            </h2>
            <p class="muted small">{c.village.clone()}</p>
            <div class="choices">
                <Choice id=c.id side=c.kept choice="kept" in_use=!other_in_use resolve />
                <Choice id=c.id side=c.other choice="other" in_use=other_in_use resolve />
            </div>
        </section>
    }
}

#[component]
fn Choice(
    id: i64,
    side: ClashSide,
    choice: &'static str,
    in_use: bool,
    resolve: ServerAction<ResolveClash>,
) -> impl IntoView {
    let value = if side.value.is_empty() {
        "—".to_string()
    } else {
        side.value
    };
    view! {
        <ActionForm action=resolve attr:class="choice">
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="choice" value=choice />
            <p class="choice-value">{value}</p>
            {in_use.then(|| view! { <span class="tag tag-poor">{tr(Msg::ClashInUse)}</span> })}
            <p class="item-sub small">{time::minute(side.device_time)} " · " {side.cadre}</p>
            <button type="submit" data-testid=format!("choose-{choice}")>
                {tr(Msg::ClashChoose)}
            </button>
        </ActionForm>
    }
}
