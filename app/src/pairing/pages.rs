//! The pairing screen: the quota check (who falls short), the office's pairing form, and each
//! poor household's cadres and five difficulties with their help plans.
use super::api::{get_pairing, EndPairing, PairHousehold};
use super::model::*;
use crate::auth::context::use_auth;
use crate::i18n::{tr, trf, use_i18n, Msg};
use crate::model::Role;
use crate::ui::form::{action_error, FormError, PersonSelect};
use crate::ui::layout::{Fresh, Loading, RequireRole, EVERYONE};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn PairingPage() -> impl IntoView {
    view! {
        <RequireRole roles=EVERYONE>
            <Pairing />
        </RequireRole>
    }
}

#[component]
fn Pairing() -> impl IntoView {
    let pair = ServerAction::<PairHousehold>::new();
    let end = ServerAction::<EndPairing>::new();
    let data = Resource::new(
        move || (pair.version().get(), end.version().get()),
        |_| get_pairing(),
    );
    let office = use_auth().user().is_some_and(|u| u.role == Role::Admin);
    let i18n = use_i18n();
    view! {
        <h1>{tr(Msg::PairingTitle)}</h1>
        <p class="hint">{tr(Msg::PairingRule)}</p>
        <Transition fallback=Loading>
            <Fresh value=Signal::derive(move || data.get()) let:r>
                {match r {
                    Ok(v) => view! { <PairingBody v office pair end /> }.into_any(),
                    Err(e) => view! { <p class="banner error">{e.message(i18n.get())}</p> }.into_any(),
                }}
            </Fresh>
        </Transition>
    }
}

#[component]
fn PairingBody(
    v: PairingView,
    office: bool,
    pair: ServerAction<PairHousehold>,
    end: ServerAction<EndPairing>,
) -> impl IntoView {
    let short = v.short().len();
    let households: Vec<(i64, String)> = v
        .households
        .iter()
        .map(|h| (h.id, format!("{} · {}", h.head_name, h.village)))
        .collect();
    let error = action_error(pair);
    view! {
        <section class="card">
            <h2>{tr(Msg::PairingQuota)}</h2>
            <p
                class={if short > 0 { "banner error" } else { "banner ok" }}
                data-testid="quota-summary"
            >
                {if short > 0 {
                    trf(Msg::PairingShort, vec![short.to_string()]).into_any()
                } else {
                    tr(Msg::PairingAllMet).into_any()
                }}
            </p>
            <ul class="list" data-testid="quota">
                {v.quota
                    .into_iter()
                    .map(|q| {
                        let s = q.short();
                        view! {
                            <li class="item" class:overdue={s > 0} data-testid="quota-row" data-short=s>
                                <span class="item-title">{q.name.clone()} " · " {q.title.clone()}</span>
                                <span class="item-sub">
                                    {tr(q.tier.label())} " · "
                                    {trf(Msg::PairingCount, vec![q.paired.to_string(), q.tier.quota().to_string()])}
                                </span>
                                {(s > 0).then(|| view! {
                                    <span class="tag due-overdue">{trf(Msg::PairingShortBy, vec![s.to_string()])}</span>
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        {office.then(|| view! {
            <section class="card">
                <h2>{tr(Msg::PairingNew)}</h2>
                <ActionForm action=pair>
                    <PersonSelect label=Msg::PairingCadre name="cadre" people=v.people.clone() error />
                    <PersonSelect label=Msg::PairingHousehold name="household" people=households error />
                    <label class="check">
                        <input type="checkbox" name="assign" value="on" checked data-testid="pair-assign" />
                        <span>{tr(Msg::PairingAlsoAssign)}</span>
                    </label>
                    <FormError error=Signal::derive(move || {
                        error.get().filter(|e| e.field("cadre").is_none() && e.field("household").is_none())
                    }) />
                    <button type="submit" class="primary" data-testid="pair">{tr(Msg::PairingPair)}</button>
                </ActionForm>
            </section>
        })}
        <h2>{tr(Msg::PairingHouseholds)}</h2>
        {v.households.is_empty().then(|| view! { <p class="muted">{tr(Msg::PairingNone)}</p> })}
        {v.households.into_iter().map(|h| view! { <PoorCard h office end /> }).collect_view()}
    }
}

#[component]
fn PoorCard(h: PoorHousehold, office: bool, end: ServerAction<EndPairing>) -> impl IntoView {
    let (done, all) = h.solved();
    let hid = h.id;
    view! {
        <article class="card" data-testid="poor-household">
            <h3>
                <a href=format!("/households/{hid}")>{h.head_name.clone()}</a>
                " · "
                {h.village.clone()}
            </h3>
            <p class="muted">
                {tr(Msg::PairingCadres)} {tr(Msg::LabelEnd)}
                {if h.cadres.is_empty() {
                    view! { <span class="tag due-overdue">{tr(Msg::PairingUnpaired)}</span> }.into_any()
                } else {
                    h.cadres
                        .iter()
                        .map(|(pid, name)| {
                            let pid = *pid;
                            view! {
                                <span class="tag">{name.clone()}</span>
                                {office.then(|| view! {
                                    <button type="button" class="link" on:click=move |_| { end.dispatch(EndPairing { id: pid }); }>
                                        {tr(Msg::PairingEnd)}
                                    </button>
                                })}
                                " "
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </p>
            <p class="small">{trf(Msg::PairingSolved, vec![done.to_string(), all.to_string()])}</p>
            <ul class="chips">
                {h.difficulties
                    .into_iter()
                    .map(|(d, plan)| {
                        let (href, state) = match plan {
                            Plan::None => (
                                format!("/ledger/new?kind=help_plan&household={hid}&difficulty={}", d.code()),
                                view! { <span class="tag due-soon">{tr(Msg::PairingNoPlan)}</span> }.into_any(),
                            ),
                            Plan::Item(id, status) => (
                                format!("/ledger/{id}"),
                                view! { <span class=format!("tag status-{}", status.code())>{tr(status.label())}</span> }.into_any(),
                            ),
                        };
                        view! {
                            <li>
                                <a class="chip" href=href>{tr(d.label())} " " {state}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </article>
    }
}
