//! The minutes (会议纪要) of one meeting, laid out for A4.
use super::super::api::get_minutes;
use super::super::model::Decision;
use crate::i18n::{tr, trf, use_i18n, Msg};
use crate::ui::layout::{Loading, PrintBar, RequireRole, LEADERSHIP};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn MinutesPage() -> impl IntoView {
    view! {
        <RequireRole roles=LEADERSHIP>
            <Minutes />
        </RequireRole>
    }
}

#[component]
fn Minutes() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let minutes = Resource::new(id, get_minutes);
    let i18n = use_i18n();
    view! {
        <Suspense fallback=Loading>
            {move || {
                minutes
                    .get()
                    .map(|r| match r {
                        Ok((m, decisions)) => {
                            let back = format!("/meetings/{}", m.id);
                            let n = decisions.len();
                            view! {
                                <PrintBar back=back label=Msg::MeetingBack />
                                <article class="minutes" data-testid="minutes">
                                    <h1>{m.title.clone()} {tr(Msg::MinutesSuffix)}</h1>
                                    <p>{tr(Msg::MeetingDate)} {tr(Msg::LabelEnd)} {m.held_on.to_string()}</p>
                                    <p>{tr(Msg::MeetingAttendees)} {tr(Msg::LabelEnd)} {m.attendees.clone()}</p>
                                    <p>{trf(Msg::MeetingDecisionCount, vec![n.to_string()])}</p>
                                    <table class="minutes-table">
                                        <thead>
                                            <tr>
                                                <th>{tr(Msg::MinutesNo)}</th>
                                                <th>{tr(Msg::MinutesMatter)}</th>
                                                <th>{tr(Msg::MinutesDecision)}</th>
                                                <th>{tr(Msg::LedgerOwner)}</th>
                                                <th>{tr(Msg::LedgerDeadline)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {decisions
                                                .into_iter()
                                                .enumerate()
                                                .map(|(i, d)| view! { <DecisionRow n=i + 1 d /> })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </article>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <p class="banner error">{e.message(i18n.get())}</p> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn DecisionRow(n: usize, d: Decision) -> impl IntoView {
    view! {
        <tr>
            <td>{n}</td>
            <td>
                {d.feedback.clone().map(|(receipt, category)| view! {
                    <span class="tag">{tr(category.label())}</span> " " {receipt} <br />
                })}
                {d.item.clone().map(|(_, kind, title)| view! { {tr(kind.label())} {tr(Msg::LabelEnd)} {title} })}
            </td>
            <td class="pre">{d.decision.clone()}</td>
            <td>{d.owner.clone().unwrap_or_default()}</td>
            <td>{d.deadline.map(|x| x.to_string()).unwrap_or_default()}</td>
        </tr>
    }
}
