//! `/villages/:id`: one village's four-helps work (三(二)1–2) on one printable page: its team,
//! two committees, trainings, branch meetings, appraisals, 四议两公开 decisions and venue, then
//! the economy's plan, projects, report trips and collective income. The forms are for the
//! office, leaders and the village's team; none of them prints.
use super::super::api::*;
use super::super::model::*;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, Msg};
use crate::ui::form::{
    action_error, not_field, FormError, IdScope, SelectField, TextAreaField, TextField,
};
use crate::ui::layout::{Fresh, Loading, PrintBar, RequireRole, EVERYONE};
use leptos::context::Provider;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn VillagePage() -> impl IntoView {
    view! {
        <RequireRole roles=EVERYONE>
            <Village />
        </RequireRole>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    committee_add: ServerAction<AddCommitteeMember>,
    committee_end: ServerAction<EndCommitteeMember>,
    appraisal: ServerAction<RecordAppraisal>,
    publish: ServerAction<PublishAppraisal>,
    decision: ServerAction<OpenDecision>,
    step: ServerAction<TakeStep>,
    venue: ServerAction<SaveVenue>,
    fund: ServerAction<AddFund>,
    progress: ServerAction<AddProgress>,
}

#[component]
fn Village() -> impl IntoView {
    let params = use_params_map();
    let id =
        params.with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let a = Actions {
        committee_add: ServerAction::new(),
        committee_end: ServerAction::new(),
        appraisal: ServerAction::new(),
        publish: ServerAction::new(),
        decision: ServerAction::new(),
        step: ServerAction::new(),
        venue: ServerAction::new(),
        fund: ServerAction::new(),
        progress: ServerAction::new(),
    };
    let e = crate::economy::pages::Actions::new();
    let env = crate::environment::pages::Actions::new();
    let to_ledger = ServerAction::<crate::safety::api::FindingToLedger>::new();
    let safety = Resource::new(
        move || to_ledger.version().get(),
        move |_| crate::safety::api::get_safety(id),
    );
    let environment = Resource::new(
        move || env.versions(),
        move |_| crate::environment::api::get_environment(id),
    );
    let org = Resource::new(
        move || {
            (
                a.committee_add.version().get(),
                a.committee_end.version().get(),
                a.appraisal.version().get(),
                a.publish.version().get(),
                a.decision.version().get(),
                a.step.version().get(),
                a.venue.version().get(),
                a.fund.version().get(),
                a.progress.version().get(),
            )
        },
        move |_| get_organisation(id),
    );
    let eco = Resource::new(
        move || e.versions(),
        move |_| crate::economy::api::get_economy(id),
    );
    let i18n = use_i18n();
    let errors = [
        action_error(a.committee_end),
        action_error(a.step),
        action_error(a.publish),
    ];
    view! {
        <PrintBar back=Signal::derive(|| "/".to_string()) label=Msg::NavHome />
        {errors.into_iter().map(|e| view! { <FormError error=e /> }).collect_view()}
        // Read inside a Transition: a resource read outside one deadlocked the server's
        // asynchronous render.
        <Transition fallback=Loading>
            <Fresh value=Signal::derive(move || org.get()) let:r>
                {match r {
                    Ok(o) => view! { <Organisation o a /> }.into_any(),
                    Err(e) => view! { <p class="banner error" data-testid="village-error">{e.message(i18n.get_untracked())}</p> }.into_any(),
                }}
            </Fresh>
        </Transition>
        <Transition fallback=Loading>
            <Fresh value=Signal::derive(move || eco.get()) let:r>
                {economy(r, id, e)}
            </Fresh>
        </Transition>
        <Transition fallback=Loading>
            <Fresh value=Signal::derive(move || safety.get()) let:r>
                {safety_view(r, to_ledger)}
            </Fresh>
        </Transition>
        <Transition fallback=Loading>
            <Fresh value=Signal::derive(move || environment.get()) let:r>
                {environment_view(r, id, env)}
            </Fresh>
        </Transition>
        <crate::photos::pages::VillagePhotos village=id label=photo_label />
    }
}

/// What the village's photos belong to: a village record's kind, a ledger item, a visit.
fn photo_label(kind: &str) -> Msg {
    match crate::records::model::WorkKind::parse(kind) {
        Some(k) => k.label(),
        None if kind == crate::ledger::model::PHOTO_KIND => Msg::PhotoOfLedger,
        None => Msg::PhotoOfVisit,
    }
}

fn economy(
    r: Result<crate::economy::model::VillageEconomy, AppError>,
    village: i64,
    a: crate::economy::pages::Actions,
) -> impl IntoView {
    r.ok()
        .map(|v| view! { <crate::economy::pages::EconomySections v village a /> })
}

fn safety_view(
    r: Result<crate::safety::model::VillageSafety, AppError>,
    to_ledger: ServerAction<crate::safety::api::FindingToLedger>,
) -> impl IntoView {
    r.ok()
        .map(|v| view! { <crate::safety::pages::SafetySections v to_ledger /> })
}

fn environment_view(
    r: Result<crate::environment::model::VillageEnvironment, AppError>,
    village: i64,
    a: crate::environment::pages::Actions,
) -> impl IntoView {
    r.ok()
        .map(|v| view! { <crate::environment::pages::EnvironmentSections v village a /> })
}

#[component]
fn Organisation(o: VillageOrganisation, a: Actions) -> impl IntoView {
    let id = o.village.id;
    // Each section erased on its own: one nested view type for the whole page would make its
    // server render deep enough to overflow a debug build's worker stack.
    let head = view! {
        <h1 data-testid="village-title">{o.village.name.clone()} " · " {tr(Msg::VwTitle)}</h1>
        <p class="hint">{tr(Msg::VwHint)}</p>
        {o.rectifying.then(|| view! { <p class="banner notice">{tr(Msg::VwRectifying)}</p> })}
        <p class="no-print">
            <a class="button primary" href=format!("/organisation/new?village={id}") rel="external" data-testid="record-work">
                {tr(Msg::VwRecord)}
            </a>
        </p>
        <section class="card">
            <h2>{tr(Msg::VwTeam)}</h2>
            {if o.village.team.is_empty() {
                view! { <p class="muted">{tr(Msg::VwEmpty)}</p> }.into_any()
            } else {
                view! {
                    <p>{o.village.team.iter().map(|(_, name, captain)| view! {
                        <span class="tag">{name.clone()} {captain.then(|| view! { " · " {tr(Msg::PartCaptain)} })}</span> " "
                    }).collect_view()}</p>
                }.into_any()
            }}
        </section>
    }
    .into_any();
    let committee = view! { <Committee o=o.clone() a /> }.into_any();
    let life = view! { <Life o=o.clone() /> }.into_any();
    let appraisals = view! { <Appraisals o=o.clone() a /> }.into_any();
    let decisions = view! { <Decisions o=o.clone() a /> }.into_any();
    let venue = view! { <VenueSection o a /> }.into_any();
    view! { {head} {committee} {life} {appraisals} {decisions} {venue} }
}

#[component]
fn Committee(o: VillageOrganisation, a: Actions) -> impl IntoView {
    let err = action_error(a.committee_add);
    let id = o.village.id;
    let i18n = use_i18n();
    let posts: Vec<(String, Msg)> = CommitteePost::ALL
        .iter()
        .map(|p| (p.code().to_string(), p.label()))
        .collect();
    view! {
        <section class="card" data-testid="committee">
            <h2>{tr(Msg::VwCommittee)}</h2>
            <ul class="list">
                {o.committee.iter().map(|c| {
                    let cid = c.id;
                    let end = move |_| {
                        let reason = window()
                            .prompt_with_message(Msg::VwEndReason.text(i18n.get_untracked()))
                            .ok()
                            .flatten();
                        if let Some(reason) = reason {
                            a.committee_end.dispatch(EndCommitteeMember { id: cid, reason });
                        }
                    };
                    view! {
                        <li class="item" data-testid="committee-row">
                            <span class="item-title">{tr(c.post.label())} " · " {c.name.clone()}</span>
                            <span class="item-sub">
                                {c.term.clone()} " " {tr(Msg::VwStartedOn)} " " {c.started_on.to_string()}
                            </span>
                            <button type="button" class="no-print" on:click=end>{tr(Msg::VwEnd)}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {o.committee.is_empty().then(|| view! { <p class="muted">{tr(Msg::VwEmpty)}</p> })}
            {(!o.committee_past.is_empty()).then(|| view! {
                <details>
                    <summary>{tr(Msg::VwHistory)}</summary>
                    <ul class="plain">
                        {o.committee_past.iter().map(|c| view! {
                            <li class="muted small">
                                {tr(c.post.label())} " · " {c.name.clone()} " · " {c.started_on.to_string()} " — "
                                {c.ended_on.map(|d| d.to_string()).unwrap_or_default()} " · " {c.end_reason.clone()}
                            </li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
            <details class="no-print">
                <summary>{tr(Msg::VwCommitteeAdd)}</summary>
                <ActionForm action=a.committee_add>
                    <input type="hidden" name="member[village]" value=id />
                    <TextField label=Msg::FieldName name="member[name]" error=err required=true />
                    <SelectField label=Msg::VwPost name="member[post]" error=err options=posts />
                    <TextField label=Msg::VwTerm name="member[term]" error=err />
                    <TextField label=Msg::VwStartedOn name="member[started_on]" kind="date" value=o.today.to_string() error=err />
                    <FormError error=not_field(err) />
                    <button type="submit" class="primary">{tr(Msg::Save)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

/// Trainings and branch meetings: recorded on the phone, listed here.
#[component]
fn Life(o: VillageOrganisation) -> impl IntoView {
    view! {
        <section class="card" data-testid="meetings">
            <h2>{tr(Msg::VwMeetings)}</h2>
            {o.meetings.is_empty().then(|| view! { <p class="muted">{tr(Msg::VwEmpty)}</p> })}
            <ul class="list">
                {o.meetings.iter().map(|m| view! {
                    <li class="item" data-testid="meeting-row">
                        <span class="item-title">{tr(m.kind.label())} " · " {m.topic.clone()}</span>
                        <span class="item-sub">
                            {m.held_on.to_string()} " · " {m.place.clone()} " · " {tr(Msg::VwPresent)} " " {m.present}
                            " · " {tr(Msg::VwAbsent)} " " {m.absent}
                        </span>
                        {(!m.team_present.is_empty()).then(|| view! {
                            <span class="item-sub">{tr(Msg::VwTeamPresent)} ": " {m.team_present.join("、")}</span>
                        })}
                        {m.leader_attended.then(|| view! { <span class="tag">{tr(Msg::VwLeaderAttended)}</span> })}
                        {m.by_team.then(|| view! { <span class="tag">{tr(Msg::VwByTeam)}</span> })}
                        {(!m.comment.is_empty()).then(|| view! { <span class="item-sub">{tr(Msg::VwComment)} ": " {m.comment.clone()}</span> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section class="card" data-testid="trainings">
            <h2>{tr(Msg::VwTrainings)}</h2>
            {o.trainings.is_empty().then(|| view! { <p class="muted">{tr(Msg::VwEmpty)}</p> })}
            <ul class="list">
                {o.trainings.iter().map(|t| view! {
                    <li class="item">
                        <span class="item-title">{t.topic.clone()}</span>
                        <span class="item-sub">{t.held_on.to_string()} " · " {t.headcount} " · " {t.attendees.clone()}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Appraisals(o: VillageOrganisation, a: Actions) -> impl IntoView {
    let err = action_error(a.appraisal);
    let publish_err = action_error(a.publish);
    let id = o.village.id;
    view! {
            <section class="card" data-testid="appraisals">
                <h2>{tr(Msg::VwAppraisals)}</h2>
                {o.appraisals.is_empty().then(|| view! { <p class="muted">{tr(Msg::VwEmpty)}</p> })}
                <ul class="list">
                    {o.appraisals.clone().into_iter().map(|r| {
                        let rid = r.id;
                        let today = o.today.to_string();
                        view! {
                            <li class="item" data-testid="appraisal-row">
                                <span class="item-title">
                                    {r.held_on.to_string()} " · " {tr(Msg::VwExcellent)} " " {r.excellent} " · "
                                    {tr(Msg::VwQualified)} " " {r.qualified} " · " {tr(Msg::VwBasic)} " " {r.basic} " · "
                                    {tr(Msg::VwUnqualified)} " " {r.unqualified}
                                </span>
                                <span class="item-sub">
                                    {match r.published_on {
                                        Some(d) => view! { {tr(Msg::VwPublishedOn)} ": " {d.to_string()} }.into_any(),
                                        None => view! { <span class="tag status-attention">{tr(Msg::VwUnpublished)}</span> }.into_any(),
                                    }}
                                </span>
                                {(!r.follow_up.is_empty()).then(|| view! { <span class="item-sub">{tr(Msg::VwFollowUp)} ": " {r.follow_up.clone()}</span> })}
                                {r.published_on.is_none().then(|| {
                                    view! {
    <Provider value=IdScope(format!("pub{rid}-"))>
                                        <details class="no-print">
                                            <summary>{tr(Msg::VwPublish)}</summary>
                                            <ActionForm action=a.publish>
                                                <input type="hidden" name="id" value=rid />
                                                <TextField label=Msg::VwPublishedOn name="published_on" kind="date" value=today error=publish_err />
                                                <TextAreaField label=Msg::VwFollowUp name="follow_up" value=r.follow_up.clone() error=publish_err />
                                                <button type="submit">{tr(Msg::Save)}</button>
                                            </ActionForm>
                                        </details>
                                    </Provider>
    }
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <details class="no-print">
                    <summary>{tr(Msg::VwAppraisals)}</summary>
                    <ActionForm action=a.appraisal>
                        <input type="hidden" name="appraisal[village]" value=id />
                        <TextField label=Msg::WfHeldOn name="appraisal[held_on]" kind="date" value=o.today.to_string() error=err />
                        <TextField label=Msg::VwExcellent name="appraisal[excellent]" inputmode="numeric" value="0" error=err />
                        <TextField label=Msg::VwQualified name="appraisal[qualified]" inputmode="numeric" value="0" error=err />
                        <TextField label=Msg::VwBasic name="appraisal[basic]" inputmode="numeric" value="0" error=err />
                        <TextField label=Msg::VwUnqualified name="appraisal[unqualified]" inputmode="numeric" value="0" error=err />
                        <TextField label=Msg::VwPublishedOn name="appraisal[published_on]" kind="date" error=err />
                        <TextAreaField label=Msg::VwFollowUp name="appraisal[follow_up]" error=err />
                        <FormError error=not_field(err) />
                        <button type="submit" class="primary">{tr(Msg::Save)}</button>
                    </ActionForm>
                </details>
            </section>
        }
}

#[component]
fn Decisions(o: VillageOrganisation, a: Actions) -> impl IntoView {
    let err = action_error(a.decision);
    let step_err = action_error(a.step);
    let i18n = use_i18n();
    let id = o.village.id;
    let today = o.today.to_string();
    view! {
            <section class="card" data-testid="decisions">
                <h2>{tr(Msg::VwDecisions)}</h2>
                {o.decisions.is_empty().then(|| view! { <p class="muted">{tr(Msg::VwEmpty)}</p> })}
                {o.decisions.clone().into_iter().map(|d| {
                    let did = d.id;
                    let next = d.next();
                    let today = today.clone();
                    view! {
    <Provider value=IdScope(format!("dec{did}-"))>
                        <article class="decision" data-testid="decision">
                            <h3>{d.title.clone()}</h3>
                            <ol class="steps">
                                {Step::ALL.iter().map(|s| {
                                    let done = d.steps.iter().find(|r| r.step == *s);
                                    view! {
                                        <li class:done=done.is_some() data-testid="decision-step" data-done=done.is_some().to_string()>
                                            <strong>{tr(s.label())}</strong>
                                            {done.map(|r| view! {
                                                " · " {r.done_on.to_string()} " · " {r.recorded_by.clone()}
                                                {(!r.note.is_empty()).then(|| view! { <br /> <small>{r.note.clone()}</small> })}
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                            {match next {
                                None => view! { <p class="tag status-sent">{tr(Msg::VwDecisionDone)}</p> }.into_any(),
                                Some(step) => view! {
                                    <ActionForm action=a.step attr:class="no-print">
                                        <input type="hidden" name="decision" value=did />
                                        <input type="hidden" name="step" value=step.code() />
                                        <p><strong data-testid="next-step">{move || { let l = i18n.get(); Msg::VwNextStep.fmt(l, &[step.label().text(l)]) }}</strong></p>
                                        <TextField label=Msg::WfHeldOn name="done_on" kind="date" value=today error=step_err />
                                        <TextAreaField label=Msg::VwNote name="note" error=step_err />
                                        <button type="submit" class="primary" data-testid="take-step">{tr(Msg::VwStepDone)}</button>
                                    </ActionForm>
                                }.into_any(),
                            }}
                        </article>
                    </Provider>
    }
                }).collect_view()}
                <details class="no-print">
                    <summary>{tr(Msg::VwDecisionOpen)}</summary>
                    <ActionForm action=a.decision>
                        <input type="hidden" name="village" value=id />
                        <TextField label=Msg::VwDecisionTitle name="title" error=err required=true />
                        <FormError error=not_field(err) />
                        <button type="submit" class="primary" data-testid="open-decision">{tr(Msg::Save)}</button>
                    </ActionForm>
                </details>
            </section>
        }
}

#[component]
fn VenueSection(o: VillageOrganisation, a: Actions) -> impl IntoView {
    let venue_err = action_error(a.venue);
    let fund_err = action_error(a.fund);
    let note_err = action_error(a.progress);
    let id = o.village.id;
    let (per_source, total) = o.fund_totals();
    let sources: Vec<(String, Msg)> = FundSource::ALL
        .iter()
        .map(|s| (s.code().to_string(), s.label()))
        .collect();
    view! {
        <section class="card" data-testid="venue">
            <h2>{tr(Msg::VwVenue)}</h2>
            <dl class="facts">
                <dt>{tr(Msg::VwCondition)}</dt>
                <dd>{if o.venue.condition.is_empty() { "—".to_string() } else { o.venue.condition.clone() }}</dd>
                <dt>{tr(Msg::VwPlanned)}</dt>
                <dd>{o.venue.planned.clone()}</dd>
            </dl>
            <h3>{tr(Msg::VwFunds)}</h3>
            <table class="table">
                <thead><tr><th>{tr(Msg::VwSource)}</th><th class="num">{tr(Msg::VwAmount)}</th></tr></thead>
                <tbody>
                    {per_source.into_iter().map(|(s, fen)| view! {
                        <tr><td>{tr(s.label())}</td><td class="num">{fen.yuan()}</td></tr>
                    }).collect_view()}
                    <tr><th>{tr(Msg::VwTotal)}</th><th class="num" data-testid="fund-total">{total.yuan()}</th></tr>
                </tbody>
            </table>
            <ul class="plain small">
                {o.funds.iter().map(|f| view! {
                    <li>
                        {f.received_on.to_string()} " · " {tr(f.source.label())} " · " {f.amount.yuan()}
                        {(!f.note.is_empty()).then(|| format!(" · {}", f.note))}
                    </li>
                }).collect_view()}
            </ul>
            <h3>{tr(Msg::VwProgress)}</h3>
            <ul class="plain">
                {o.progress.iter().map(|p| view! {
                    <li>{p.noted_on.to_string()} " · " {p.note.clone()} " · " <small class="muted">{p.by.clone()}</small></li>
                }).collect_view()}
            </ul>
            <details class="no-print">
                <summary>{tr(Msg::VwCondition)}</summary>
                <ActionForm action=a.venue>
                    <input type="hidden" name="village" value=id />
                    <TextAreaField label=Msg::VwCondition name="condition" value=o.venue.condition.clone() error=venue_err />
                    <TextAreaField label=Msg::VwPlanned name="planned" value=o.venue.planned.clone() error=venue_err />
                    <FormError error=not_field(venue_err) />
                    <button type="submit">{tr(Msg::Save)}</button>
                </ActionForm>
            </details>
            <details class="no-print">
                <summary>{tr(Msg::VwFunds)}</summary>
                <ActionForm action=a.fund>
                    <input type="hidden" name="fund[village]" value=id />
                    <SelectField label=Msg::VwSource name="fund[source]" error=fund_err options=sources />
                    <TextField label=Msg::VwAmount name="fund[amount]" inputmode="decimal" error=fund_err required=true />
                    <TextField label=Msg::VwReceivedOn name="fund[received_on]" kind="date" value=o.today.to_string() error=fund_err />
                    <TextField label=Msg::VwNote name="fund[note]" error=fund_err />
                    <FormError error=not_field(fund_err) />
                    <button type="submit">{tr(Msg::Save)}</button>
                </ActionForm>
            </details>
            <details class="no-print">
                <summary>{tr(Msg::VwProgress)}</summary>
                <ActionForm action=a.progress>
                    <input type="hidden" name="village" value=id />
                    <TextField label=Msg::WfHeldOn name="noted_on" kind="date" value=o.today.to_string() error=note_err />
                    <TextAreaField label=Msg::VwNote name="note" error=note_err />
                    <FormError error=not_field(note_err) />
                    <button type="submit">{tr(Msg::Save)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

/// The home page's list of the villages whose work the user may record, with links to their
/// pages.
#[component]
pub fn VillagesCard() -> impl IntoView {
    let villages = Resource::new(|| (), |_| work_villages());
    let i18n = use_i18n();
    view! {
        <Transition fallback=|| ()>
            {move || villages.get().map(|r: Result<Vec<crate::teams::model::WorkVillage>, AppError>| {
                let failed = r.as_ref().err().map(|e| e.message(i18n.get_untracked()));
                let vs = r.unwrap_or_default();
                view! {
                    <section class="card" data-testid="villages-card">
                        <h2>{tr(Msg::VwVillages)}</h2>
                        {match failed {
                            Some(text) => Some(view! { <p class="banner error">{text}</p> }.into_any()),
                            None => vs.is_empty().then(|| view! { <p class="muted">{tr(Msg::VwNone)}</p> }.into_any()),
                        }}
                        <ul class="list">
                            {vs.into_iter().map(|v| view! {
                                <li class="item">
                                    <a href=format!("/villages/{}", v.id) data-testid="village-link">
                                        <span class="item-title">{v.name}</span>
                                        <span class="item-sub">{tr(Msg::VwOpenVillage)}</span>
                                    </a>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                }
            })}
        </Transition>
    }
}
