//! The ledger's lists. The office and leaders see everything, overdue grouped by owner; a
//! cadre what they own or raised.
use super::super::api::list_items;
use super::super::model::*;
use crate::auth::context::use_auth;
use crate::i18n::{tr, use_i18n, Msg};
use crate::model::Role;
use crate::ui::layout::{Loading, RequireRole, Tab, EVERYONE};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LedgerPage() -> impl IntoView {
    view! {
        <RequireRole roles=EVERYONE>
            <Ledger />
        </RequireRole>
    }
}

#[component]
fn Ledger() -> impl IntoView {
    let query = use_query_map();
    let cadre = use_auth().user().is_some_and(|u| u.role == Role::Cadre);
    let fallback = if cadre { ListView::Mine } else { ListView::All };
    let view = move || {
        query
            .with(|q| q.get("view"))
            .map_or(fallback, |v| ListView::from_query(&v))
    };
    let list = Resource::new(move || view().code().to_string(), list_items);
    let i18n = use_i18n();
    view! {
        <div class="row between">
            <h1>{tr(Msg::LedgerTitle)}</h1>
            <a class="button primary" href="/ledger/new" data-testid="new-item">
                {tr(Msg::LedgerNew)}
            </a>
        </div>
        <Transition fallback=Loading>
            {move || {
                list.get()
                    .map(|r| match r {
                        Ok(l) => view! { <Lists l current=view() cadre /> }.into_any(),
                        Err(e) => view! { <p class="banner error">{e.message(i18n.get())}</p> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn Lists(l: LedgerList, current: ListView, cadre: bool) -> impl IntoView {
    let today = l.today;
    let empty = l.rows.is_empty();
    // Leadership chases overdue work by owner.
    let by_owner = !cadre && current == ListView::Overdue;
    let rows = l.rows;
    view! {
        <nav class="tabs" aria-label=tr(Msg::LedgerTitle)>
            {l.counts
                .into_iter()
                .map(|(v, n)| {
                    view! {
                        <Tab
                            href=format!("/ledger?view={}", v.code())
                            label=v.label()
                            count=n
                            on=v == current
                            alert={v == ListView::Overdue && n > 0}
                        />
                    }
                })
                .collect_view()}
        </nav>
        {empty.then(|| view! { <p class="muted">{tr(Msg::LedgerNone)}</p> })}
        {if by_owner {
            let mut groups: Vec<(String, Vec<ItemRow>)> = Vec::new();
            for r in rows {
                let owner = r.owner.clone().unwrap_or_default();
                match groups.iter_mut().find(|(o, _)| *o == owner) {
                    Some((_, g)) => g.push(r),
                    None => groups.push((owner, vec![r])),
                }
            }
            groups
                .into_iter()
                .map(|(owner, g)| {
                    view! {
                        <h2 class="group-head">{owner} " " <span class="count">{g.len()}</span></h2>
                        <ul class="list" data-testid="ledger-list">
                            {g.into_iter().map(|r| view! { <ItemLine r today /> }).collect_view()}
                        </ul>
                    }
                })
                .collect_view()
                .into_any()
        } else {
            view! {
                <ul class="list" data-testid="ledger-list">
                    {rows.into_iter().map(|r| view! { <ItemLine r today /> }).collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}

/// One item in a list: kind, title, where, owner, deadline (highlighted when near or past).
#[component]
pub fn ItemLine(r: ItemRow, today: NaiveDate) -> impl IntoView {
    let due = r.due(today);
    let place = [r.village.clone(), r.household.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li>
            <a
                class="item"
                class:overdue=matches!(due, Due::Overdue(_))
                class:soon=matches!(due, Due::Soon(_))
                href=format!("/ledger/{}", r.id)
            >
                <span class="item-title">
                    <span class="tag">{tr(r.kind.label())}</span>
                    " "
                    {r.title.clone()}
                </span>
                <span class="item-sub">
                    {place}
                    {r.owner.clone().map(|o| view! { " · " {tr(Msg::LedgerOwner)} {tr(Msg::LabelEnd)} {o} })}
                    {r.deadline.map(|d| view! { " · " {tr(Msg::LedgerDeadline)} {tr(Msg::LabelEnd)} {d.to_string()} })}
                </span>
                <span>
                    <span class=format!("tag status-{}", r.status.code())>{tr(r.status.label())}</span>
                    " "
                    <DueTag due />
                </span>
            </a>
        </li>
    }
}

/// "逾期 3 天" / "2 天内到期" / "今天到期".
#[component]
pub fn DueTag(due: Due) -> impl IntoView {
    let i18n = use_i18n();
    match due {
        Due::Overdue(n) => Some(
            view! {
                <span class="tag due-overdue" data-testid="due">
                    {move || Msg::DueOverdue.fmt(i18n.get(), &[&n.to_string()])}
                </span>
            }
            .into_any(),
        ),
        Due::Soon(0) => Some(
            view! { <span class="tag due-soon" data-testid="due">{tr(Msg::DueToday)}</span> }
                .into_any(),
        ),
        Due::Soon(n) => Some(
            view! {
                <span class="tag due-soon" data-testid="due">
                    {move || Msg::DueSoon.fmt(i18n.get(), &[&n.to_string()])}
                </span>
            }
            .into_any(),
        ),
        Due::Later | Due::None => None,
    }
}
