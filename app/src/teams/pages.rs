//! `/roster`: the leading group (printable on A4), each village's liaison team with its
//! history, and the town's leadership the card lists. The office keeps them; a leader
//! confirms a departure from a team of a village under rectification.
use super::api::*;
use super::model::*;
use crate::i18n::{tr, use_i18n, Msg};
use crate::model::Role;
use crate::ui::form::{action_error, not_field, FormError, PersonSelect, SelectField, TextField};
use crate::ui::layout::{Fresh, Loading, PrintBar, RequireRole, EVERYONE};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn RosterPage() -> impl IntoView {
    view! {
        <RequireRole roles=EVERYONE>
            <Roster />
        </RequireRole>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    seat: ServerAction<SeatMember>,
    unseat: ServerAction<UnseatMember>,
    join: ServerAction<JoinTeam>,
    leave: ServerAction<LeaveTeam>,
    town_add: ServerAction<AddTownLeader>,
    town_remove: ServerAction<RemoveTownLeader>,
    rectifying: ServerAction<crate::villages::api::SetRectifying>,
}

#[component]
fn Roster() -> impl IntoView {
    let a = Actions {
        seat: ServerAction::new(),
        unseat: ServerAction::new(),
        join: ServerAction::new(),
        leave: ServerAction::new(),
        town_add: ServerAction::new(),
        town_remove: ServerAction::new(),
        rectifying: ServerAction::new(),
    };
    let data = Resource::new(
        move || {
            (
                a.seat.version().get(),
                a.unseat.version().get(),
                a.join.version().get(),
                a.leave.version().get(),
                a.town_add.version().get(),
                a.town_remove.version().get(),
                a.rectifying.version().get(),
            )
        },
        |_| get_structure(),
    );
    let role = crate::auth::context::use_auth().user().map(|u| u.role);
    let office = role == Some(Role::Admin);
    let leader = role == Some(Role::Leader);
    let i18n = use_i18n();
    let errors = [
        action_error(a.unseat),
        action_error(a.leave),
        action_error(a.town_remove),
        action_error(a.rectifying),
    ];
    view! {
        <PrintBar back=Signal::derive(|| "/".to_string()) label=Msg::NavHome />
        <h1>{tr(Msg::RosterTitle)}</h1>
        {errors.into_iter().map(|e| view! { <FormError error=e /> }).collect_view()}
        // Read inside a Transition: a resource read outside one deadlocked the server's
        // asynchronous render.
        <Transition fallback=Loading>
            <Fresh value=Signal::derive(move || data.get()) let:r>
                {match r {
                    Ok(s) => view! { <StructureView s a office leader /> }.into_any(),
                    Err(e) => view! { <p class="banner error">{e.message(i18n.get_untracked())}</p> }.into_any(),
                }}
            </Fresh>
        </Transition>
    }
}

#[component]
fn StructureView(s: Structure, a: Actions, office: bool, leader: bool) -> impl IntoView {
    // "name · post" in the reader's language, for the seat and team forms' choices.
    let l = use_i18n().get_untracked();
    let people: Vec<(i64, String)> = s
        .people
        .iter()
        .map(|(id, name, post)| (*id, format!("{name} · {}", post.label().text(l))))
        .collect();
    let today = s.today.to_string();
    // Each section erased on its own: one nested view type for the whole page made its server
    // render deep enough to overflow a debug build's worker stack.
    let group = view! {
        <section class="card roster" data-testid="leading-group">
            <h2>{tr(Msg::RosterGroup)}</h2>
            <p class="hint">{tr(Msg::RosterGroupHint)}</p>
            <table class="table">
                <thead>
                    <tr>
                        <th>{tr(Msg::RosterSeat)}</th>
                        <th>{tr(Msg::FieldName)}</th>
                        <th>{tr(Msg::UserDuties)}</th>
                    </tr>
                </thead>
                <tbody>
                    {s.roster.iter().map(|r| {
                        let id = r.id;
                        view! {
                            <tr data-testid="roster-row">
                                <td>{tr(r.seat.label())}</td>
                                <td>
                                    {r.name.clone()} <br /> <small class="muted">{tr(r.post.label())} " · " {r.phone.clone()}</small>
                                </td>
                                <td>
                                    {r.duties.clone()}
                                    {office.then(|| view! {
                                        <button type="button" class="link no-print" on:click=move |_| { a.unseat.dispatch(UnseatMember { id }); }>
                                            {tr(Msg::RosterUnseat)}
                                        </button>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {s.roster.is_empty().then(|| view! { <p class="muted">{tr(Msg::RosterEmpty)}</p> })}
            {(!s.roster_past.is_empty()).then(|| view! {
                <details class="no-print">
                    <summary>{tr(Msg::RosterHistory)}</summary>
                    <ul class="plain">
                        {s.roster_past.iter().map(|r| view! {
                            <li class="muted small">
                                {tr(r.seat.label())} " · " {r.name.clone()} " · " {r.started_on.to_string()} " — "
                                {r.ended_on.map(|d| d.to_string()).unwrap_or_default()}
                            </li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
            {office.then(|| view! { <SeatAdd a people=people.clone() today=today.clone() /> })}
        </section>
    }
    .into_any();
    let teams = s
        .teams
        .into_iter()
        .map(|t| {
            view! { <TeamCard t a office leader people=people.clone() today=today.clone() /> }
                .into_any()
        })
        .collect_view();
    let town = view! {
        <section class="card" data-testid="town-leaders">
            <h2>{tr(Msg::TownLeadersTitle)}</h2>
            <ul class="list">
                {s.town.iter().map(|t| {
                    let id = t.id;
                    view! {
                        <li class="item" data-testid="town-leader">
                            <span class="item-title">{t.town.clone()} " · " {t.post.clone()} " " {t.name.clone()}</span>
                            <span class="item-sub">{t.phone.clone()} " " {t.duties.clone()}</span>
                            {office.then(|| view! {
                                <button type="button" class="link no-print" on:click=move |_| { a.town_remove.dispatch(RemoveTownLeader { id }); }>
                                    {tr(Msg::Remove)}
                                </button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {office.then(|| view! { <TownForm a /> })}
        </section>
    }
    .into_any();
    view! {
        {group}
        <h2>{tr(Msg::TeamsTitle)}</h2>
        {teams}
        {town}
    }
}

fn part_label(l: &TeamLine) -> Vec<Msg> {
    let mut v = vec![l.part.label()];
    if l.first_secretary {
        v.push(Msg::TeamFirstSecretary);
    }
    v
}

#[component]
fn TeamCard(
    t: VillageTeam,
    a: Actions,
    office: bool,
    leader: bool,
    people: Vec<(i64, String)>,
    today: String,
) -> impl IntoView {
    let village = t.village_id;
    let rectifying = t.rectifying;
    // Who may take someone off this team: the office or a leader, except while 整顿中, when
    // only a leader (with a reason). Only a leader ends the rectification.
    let may_release = if rectifying { leader } else { office || leader };
    let may_toggle = if rectifying { leader } else { office || leader };
    view! {
        <section class="card team" data-testid="team" data-village=t.village.clone() data-rectifying=rectifying.to_string()>
            <h3>
                {t.village.clone()}
                {rectifying.then(|| view! { " " <span class="tag due-overdue">{tr(Msg::VillageRectifying)}</span> })}
            </h3>
            {rectifying.then(|| view! { <p class="hint">{tr(Msg::TeamRectifyingHint)}</p> })}
            <ul class="list">
                {t.current.iter().map(|m| {
                    let id = m.id;
                    let parts = part_label(m);
                    view! {
                        <li class="item" data-testid="team-member">
                            <span class="item-title">
                                {m.name.clone()} " · "
                                {parts.into_iter().map(|p| view! { <span class="tag">{tr(p)}</span> " " }).collect_view()}
                            </span>
                            <span class="item-sub">{m.phone.clone()} " · " {m.started_on.to_string()}</span>
                            {may_release.then(|| view! { <LeaveForm id a rectifying /> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {t.current.is_empty().then(|| view! { <p class="muted">{tr(Msg::TeamEmpty)}</p> })}
            {(!t.past.is_empty()).then(|| view! {
                <details class="no-print">
                    <summary>{tr(Msg::RosterHistory)}</summary>
                    <ul class="plain">
                        {t.past.iter().map(|m| view! {
                            <li class="muted small">
                                {m.name.clone()} " · " {tr(m.part.label())} " · " {m.started_on.to_string()} " — "
                                {m.ended_on.map(|d| d.to_string()).unwrap_or_default()}
                                {(!m.end_reason.is_empty()).then(|| view! { " · " {m.end_reason.clone()} })}
                            </li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
            {office.then(|| view! {
                <details class="no-print">
                    <summary>{tr(Msg::TeamJoin)}</summary>
                    <JoinAdd village a people today />
                </details>
            })}
            {may_toggle.then(|| view! {
                <button
                    type="button"
                    class="no-print"
                    data-testid="toggle-rectifying"
                    on:click=move |_| { a.rectifying.dispatch(crate::villages::api::SetRectifying { village, on: !rectifying }); }
                >
                    {tr(if rectifying { Msg::VillageRectified } else { Msg::VillageMarkRectifying })}
                </button>
            })}
        </section>
    }
}

#[component]
fn LeaveForm(id: i64, a: Actions, rectifying: bool) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let field = format!("reason-{id}");
    view! {
        <details class="no-print leave">
            <summary>{tr(if rectifying { Msg::TeamReleaseConfirm } else { Msg::TeamLeave })}</summary>
            <label for=field.clone()>{tr(Msg::TeamLeaveReason)}</label>
            <input id=field type="text" data-testid="leave-reason" on:input=move |ev| reason.set(event_target_value(&ev)) />
            <button
                type="button"
                class="primary"
                data-testid="leave"
                on:click=move |_| { a.leave.dispatch(LeaveTeam { id, reason: reason.get_untracked() }); }
            >
                {tr(Msg::Save)}
            </button>
        </details>
    }
}

#[component]
fn SeatAdd(a: Actions, people: Vec<(i64, String)>, today: String) -> impl IntoView {
    let error = action_error(a.seat);
    let seats: Vec<(String, Msg)> = Seat::ALL
        .iter()
        .map(|s| (s.code().to_string(), s.label()))
        .collect();
    view! {
        <details class="no-print">
            <summary>{tr(Msg::RosterSeatAdd)}</summary>
            <ActionForm action=a.seat>
                <PersonSelect label=Msg::FieldName name="form[user]" people error />
                <SelectField label=Msg::RosterSeat name="form[seat]" options=seats error />
                <TextField label=Msg::UserDuties name="form[duties]" error />
                <TextField label=Msg::RosterSince name="form[started_on]" kind="date" value=today error />
                <FormError error=not_field(error) />
                <button type="submit" class="primary">{tr(Msg::Save)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn JoinAdd(village: i64, a: Actions, people: Vec<(i64, String)>, today: String) -> impl IntoView {
    let error = action_error(a.join);
    let parts: Vec<(String, Msg)> = Part::ALL
        .iter()
        .map(|p| (p.code().to_string(), p.label()))
        .collect();
    view! {
        <ActionForm action=a.join>
            <input type="hidden" name="form[village]" value=village />
            <PersonSelect label=Msg::FieldName name="form[user]" people error />
            <SelectField label=Msg::TeamPart name="form[part]" options=parts selected="member" error />
            <label class="check">
                <input type="checkbox" name="form[first_secretary]" value="on" />
                <span>{tr(Msg::TeamFirstSecretary)}</span>
            </label>
            <TextField label=Msg::RosterSince name="form[started_on]" kind="date" value=today error />
            <FormError error=not_field(error) />
            <button type="submit" class="primary">{tr(Msg::Save)}</button>
        </ActionForm>
    }
}

#[component]
fn TownForm(a: Actions) -> impl IntoView {
    let error = action_error(a.town_add);
    view! {
        <details class="no-print">
            <summary>{tr(Msg::TownLeaderAdd)}</summary>
            <ActionForm action=a.town_add>
                <TextField label=Msg::TownLeaderTown name="form[town]" error />
                <TextField label=Msg::FieldName name="form[name]" error />
                <TextField label=Msg::TownLeaderPost name="form[post]" error />
                <TextField label=Msg::FieldPhone name="form[phone]" kind="tel" inputmode="tel" error />
                <TextField label=Msg::UserDuties name="form[duties]" error />
                <FormError error=not_field(error) />
                <button type="submit" class="primary">{tr(Msg::Save)}</button>
            </ActionForm>
        </details>
    }
}
