//! The village page's safety sections (三(二)3): screening rounds with their findings (each
//! linked to its 台账 item, or one tap to make it) and publicity sessions.
use super::api::*;
use super::model::*;
use crate::i18n::{tr, Msg};
use crate::ui::form::{action_error, FormError};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn SafetySections(v: VillageSafety, to_ledger: ServerAction<FindingToLedger>) -> impl IntoView {
    let err = action_error(to_ledger);
    let n_rounds = v.screenings.len();
    let rounds = v
        .screenings
        .into_iter()
        .map(|r| {
            let round = r.id.clone();
            let who = [r.team.as_str(), r.town_cadres.as_str(), r.village_cadres.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("、");
            let findings = r.findings.into_iter().map(|f| {
                let round = round.clone();
                view! {
                    <li data-testid="finding-row">
                        <span class="tag">{tr(f.kind.label())}</span> " "
                        {(!f.place.is_empty()).then(|| format!("{}：", f.place))}
                        {f.detail.clone()} " "
                        {match f.ledger_item {
                            Some(item) => view! {
                                <a href=format!("/ledger/{item}") class="small">{tr(Msg::SfInLedger)}</a>
                            }.into_any(),
                            None => view! {
                                <ActionForm action=to_ledger attr:class="inline no-print">
                                    <input type="hidden" name="round" value=round />
                                    <input type="hidden" name="n" value=f.n />
                                    <button type="submit" class="secondary small">{tr(Msg::SfMakeItem)}</button>
                                </ActionForm>
                            }.into_any(),
                        }}
                    </li>
                }
            }).collect_view();
            view! {
                <li class="item" data-testid="screening-row">
                    <span class="item-title">{r.held_on.to_string()} " · " {tr(r.kind.label())} " · " {r.places.clone()}</span>
                    <span class="item-sub">{who} " · " {r.recorded_by.clone()}</span>
                    <ul class="plain small">{findings}</ul>
                    {(!r.note.is_empty()).then(|| view! { <p class="small">{r.note.clone()}</p> })}
                </li>
            }
            .into_any()
        })
        .collect_view();
    let empty = |n: usize| (n == 0).then(|| view! { <p class="muted">{tr(Msg::VwEmpty)}</p> });
    let n_sessions = v.publicity.len();
    let publicity = v
        .publicity
        .into_iter()
        .map(|p| {
            view! {
                <tr>
                    <td>{p.held_on.to_string()}</td>
                    <td class="wrap">{tr(p.topic.label())} " · " {p.place.clone()}</td>
                    <td class="num">{p.audience}</td>
                    <td class="wrap">{p.material.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="screenings">
            <h2>{tr(Msg::SfScreenings)}</h2>
            <FormError error=err />
            {empty(n_rounds)}
            <ul class="list">{rounds}</ul>
        </section>
        <section class="card" data-testid="publicity">
            <h2>{tr(Msg::SfPublicity)}</h2>
            {empty(n_sessions)}
            <table class="table numbers">
                <thead><tr>
                    <th>{tr(Msg::WfHeldOn)}</th><th>{tr(Msg::SfTopic)}</th>
                    <th class="num">{tr(Msg::SfAudience)}</th><th>{tr(Msg::SfMaterial)}</th>
                </tr></thead>
                <tbody>{publicity}</tbody>
            </table>
        </section>
    }
}
