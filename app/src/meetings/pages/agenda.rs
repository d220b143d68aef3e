//! The meeting itself: the agenda (feedback to triage by category, items to assign, overdue
//! and due soon), a form on each, and the decisions taken so far.
use super::super::api::{get_agenda, DecideItem, TriageFeedback};
use super::super::model::*;
use crate::feedback::model::{Category, FeedbackRow};
use crate::i18n::{tr, use_i18n, Msg};
use crate::ledger::model::{ItemRow, Kind};
use crate::ledger::pages::ItemLine;
use crate::ui::form::{
    action_error, FormError, IdScope, PersonSelect, SelectField, TextAreaField, TextField,
};
use crate::ui::layout::{Fresh, Loading, RequireRole, LEADERSHIP};
use crate::ui::time;
use chrono::NaiveDate;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn MeetingPage() -> impl IntoView {
    view! {
        <RequireRole roles=LEADERSHIP>
            <Meeting />
        </RequireRole>
    }
}

/// Bumped by any form on the page when it succeeds: the agenda reloads.
#[derive(Clone, Copy)]
struct Refresh(RwSignal<u32>);

#[component]
fn Meeting() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let refresh = Refresh(RwSignal::new(0));
    provide_context(refresh);
    let agenda = Resource::new(move || (id(), refresh.0.get()), |(id, _)| get_agenda(id));
    let i18n = use_i18n();
    view! {
        <p>
            <a href="/meetings">{tr(Msg::MeetingsTitle)}</a>
        </p>
        <Transition fallback=Loading>
            <Fresh value=Signal::derive(move || agenda.get()) let:r>
                {match r {
                    Ok(a) => view! { <AgendaView a /> }.into_any(),
                    Err(e) => view! { <p class="banner error">{e.message(i18n.get())}</p> }.into_any(),
                }}
            </Fresh>
        </Transition>
    }
}

#[component]
fn AgendaView(a: Agenda) -> impl IntoView {
    let m = a.meeting.clone();
    let people = a.people.clone();
    let today = a.today;
    let feedback_count: usize = a.feedback.iter().map(|(_, f)| f.len()).sum();
    view! {
        <section class="card">
            <h1>{m.title.clone()}</h1>
            <p class="muted">
                {m.held_on.to_string()}
                {(!m.attendees.is_empty()).then(|| view! { " · " {m.attendees.clone()} })}
            </p>
            <a class="button" href=format!("/meetings/{}/minutes", m.id) data-testid="minutes-link">
                {tr(Msg::MinutesPrint)}
            </a>
        </section>
        <h2>{tr(Msg::AgendaFeedback)} " " <span class="count">{feedback_count}</span></h2>
        {(feedback_count == 0).then(|| view! { <p class="muted">{tr(Msg::AgendaNothing)}</p> })}
        {a.feedback
            .into_iter()
            .map(|(category, rows)| {
                let people = people.clone();
                view! {
                    <h3 class="group-head">{tr(category.label())} " " <span class="count">{rows.len()}</span></h3>
                    {rows
                        .into_iter()
                        .map(|f| view! { <TriageCard meeting=m.id f people=people.clone() today /> })
                        .collect_view()}
                }
            })
            .collect_view()}
        <ItemsSection title=Msg::AgendaUnassigned rows=a.unassigned meeting=m.id people=people.clone() today />
        <ItemsSection title=Msg::AgendaOverdue rows=a.overdue meeting=m.id people=people.clone() today />
        <ItemsSection title=Msg::AgendaSoon rows=a.soon meeting=m.id people=people.clone() today />
        <section class="card">
            <h2>{tr(Msg::MeetingDecisions)} " " <span class="count">{a.decisions.len()}</span></h2>
            <ol class="timeline" data-testid="decisions">
                {a.decisions
                    .into_iter()
                    .map(|d| {
                        view! {
                            <li>
                                <p class="muted small">{time::minute(d.at)} " · " {d.author.clone()}</p>
                                <p>
                                    {d.item.clone().map(|(id, kind, title)| view! {
                                        <a href=format!("/ledger/{id}")>{tr(kind.label())} {tr(Msg::LabelEnd)} {title}</a>
                                    })}
                                    {d.owner.clone().map(|o| view! { " · " {o} })}
                                    {d.deadline.map(|x| view! { " · " {x.to_string()} })}
                                </p>
                                <p class="pre">{d.decision.clone()}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}

/// Bumps the page's refresh when `ok` turns true.
fn refresh_on_success(ok: impl Fn() -> bool + Send + Sync + 'static) {
    let refresh = expect_context::<Refresh>();
    Effect::new(move |_| {
        if ok() {
            refresh.0.update(|n| *n += 1);
        }
    });
}

/// One feedback item: classify, choose the ledger kind, owner and deadline, record the decision.
#[component]
fn TriageCard(
    meeting: i64,
    f: FeedbackRow,
    people: Vec<(i64, String)>,
    today: NaiveDate,
) -> impl IntoView {
    provide_context(IdScope(format!("{}-", f.id)));
    let triage = ServerAction::<TriageFeedback>::new();
    let error = action_error(triage);
    refresh_on_success(move || matches!(triage.value().get(), Some(Ok(_))));
    let categories: Vec<(String, Msg)> = Category::ALL
        .into_iter()
        .map(|c| (c.code().to_string(), c.label()))
        .collect();
    let kinds: Vec<(String, Msg)> = Kind::ALL
        .into_iter()
        .map(|k| (k.code().to_string(), k.label()))
        .collect();
    let week = (today + chrono::Duration::days(14)).to_string();
    view! {
        <article class="card triage" data-testid="triage-card" data-receipt=f.receipt.clone()>
            <p class="muted small">
                {f.receipt.clone()} " · " {time::minute(f.received_at)} " · " {tr(f.channel.label())}
                {f.household.clone().map(|h| view! { " · " {h} })}
            </p>
            <p class="pre">{f.excerpt.clone()}</p>
            <a href=format!("/feedback/{}", f.id)>{tr(Msg::AgendaOpenFeedback)}</a>
            <details class="edit">
                <summary data-testid="triage-open">{tr(Msg::AgendaTriage)}</summary>
                <ActionForm action=triage>
                    <input type="hidden" name="meeting" value=meeting />
                    <input type="hidden" name="form[feedback]" value=f.id.clone() />
                    <SelectField label=Msg::FeedbackCategory name="form[category]" options=categories selected=f.category.code() error />
                    <SelectField label=Msg::LedgerKind name="form[kind]" options=kinds selected=Kind::ProxyService.code() error />
                    <PersonSelect label=Msg::LedgerOwner name="form[owner]" people error blank=Msg::AgendaChooseOwner />
                    <TextField label=Msg::LedgerDeadline name="form[deadline]" kind="date" value=week error />
                    <TextAreaField label=Msg::MinutesDecision name="form[decision]" error />
                    <FormError error=Signal::derive(move || error.get().filter(|e| {
                        !["owner", "deadline", "kind", "category", "decision"].iter().any(|f| e.field(f).is_some())
                    })) />
                    <button type="submit" class="primary" data-testid="triage-submit">
                        {tr(Msg::AgendaAssign)}
                    </button>
                </ActionForm>
            </details>
        </article>
    }
}

#[component]
fn ItemsSection(
    title: Msg,
    rows: Vec<ItemRow>,
    meeting: i64,
    people: Vec<(i64, String)>,
    today: NaiveDate,
) -> impl IntoView {
    let n = rows.len();
    view! {
        <h2>{tr(title)} " " <span class="count">{n}</span></h2>
        {(n == 0).then(|| view! { <p class="muted">{tr(Msg::AgendaNothing)}</p> })}
        {rows
            .into_iter()
            .map(|r| view! { <DecideCard meeting r people=people.clone() today /> })
            .collect_view()}
    }
}

/// One ledger item: a decision, with a new owner and deadline when the meeting gives one.
#[component]
fn DecideCard(
    meeting: i64,
    r: ItemRow,
    people: Vec<(i64, String)>,
    today: NaiveDate,
) -> impl IntoView {
    provide_context(IdScope(format!("{}-", r.id)));
    let decide = ServerAction::<DecideItem>::new();
    let error = action_error(decide);
    refresh_on_success(move || matches!(decide.value().get(), Some(Ok(_))));
    let id = r.id.clone();
    view! {
        <div class="card decide" data-testid="decide-card">
            <ul class="list">
                <ItemLine r today />
            </ul>
            <details class="edit">
                <summary>{tr(Msg::AgendaDecide)}</summary>
                <ActionForm action=decide>
                    <input type="hidden" name="meeting" value=meeting />
                    <input type="hidden" name="form[item]" value=id />
                    <TextAreaField label=Msg::MinutesDecision name="form[decision]" error />
                    <PersonSelect label=Msg::LedgerOwner name="form[owner]" people error blank=Msg::AgendaKeepOwner />
                    <TextField label=Msg::LedgerDeadline name="form[deadline]" kind="date" error hint=Msg::AgendaDeadlineHint />
                    <FormError error=Signal::derive(move || error.get().filter(|e| {
                        !["owner", "deadline", "decision"].iter().any(|f| e.field(f).is_some())
                    })) />
                    <button type="submit" class="primary">{tr(Msg::AgendaRecord)}</button>
                </ActionForm>
            </details>
        </div>
    }
}
