//! The service-day screen: record a reception, see the latest, turn a matter into a ledger
//! item in one tap.
use super::api::{
    list_receptions, list_service_days, CreateReception, ReceptionToLedger, RecordServiceDay,
};
use super::model::*;
use crate::feedback::model::Category;
use crate::i18n::{tr, use_i18n, Msg};
use crate::ledger::model::Kind;
use crate::ui::form::{
    action_error, action_ok, not_field, FormError, PersonSelect, Saved, SelectField, TextAreaField,
    TextField,
};
use crate::ui::layout::{Loading, RequireRole, EVERYONE};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn ReceptionsPage() -> impl IntoView {
    view! {
        <RequireRole roles=EVERYONE>
            <Receptions />
        </RequireRole>
    }
}

#[component]
fn Receptions() -> impl IntoView {
    let create = ServerAction::<CreateReception>::new();
    let to_ledger = ServerAction::<ReceptionToLedger>::new();
    let record_day = ServerAction::<RecordServiceDay>::new();
    let list = Resource::new(move || create.version().get(), |_| list_receptions());
    let days = Resource::new(
        move || (record_day.version().get(), create.version().get()),
        |_| list_service_days(),
    );
    let villages = Resource::new(|| (), |_| crate::villages::api::list_villages());
    let error = action_error(create);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = to_ledger.value().get() {
            navigate(&format!("/ledger/{id}"), Default::default());
        }
    });
    let today = crate::ui::time::today();
    let categories: Vec<(String, Msg)> = Category::ALL
        .into_iter()
        .map(|c| (c.code().to_string(), c.label()))
        .collect();
    let i18n = use_i18n();
    // The form empties itself after each reception saved: the next villager is waiting.
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            if let Some(f) = form.get_untracked() {
                f.reset();
            }
        }
    });
    view! {
        <h1>{tr(Msg::ReceptionsTitle)}</h1>
        <ServiceDayBanner />
        <section class="card">
            <h2>{tr(Msg::ReceptionNew)}</h2>
            <ActionForm action=create node_ref=form>
                        <TextField label=Msg::ReceptionDay name="form[held_on]" kind="date" value=today.to_string() error />
                        <TextField label=Msg::ReceptionVisitor name="form[visitor_name]" error required=true />
                        <TextField label=Msg::ReceptionPhone name="form[visitor_phone]" kind="tel" inputmode="tel" error />
                        <TextField label=Msg::ReceptionVillage name="form[village]" error />
                        <SelectField label=Msg::FeedbackCategory name="form[category]" options=categories error />
                        <TextAreaField label=Msg::ReceptionMatter name="form[matter]" error />
                        <TextAreaField label=Msg::ReceptionAction name="form[action]" error />
                        <Transition fallback=|| ()>
                            {move || days.get().and_then(|r| r.ok()).map(|ds| {
                                // Today's service day, when there is exactly one: the usual case
                                // needs no choosing, and two villages' days are never guessed.
                                let mut todays = ds.iter().filter(|d| d.held_on == today);
                                let selected = match (todays.next(), todays.next()) {
                                    (Some(d), None) => Some(d.id),
                                    _ => None,
                                };
                                let choices = ds.iter().map(|d| (d.id, d.short())).collect::<Vec<_>>();
                                view! {
                                    <PersonSelect
                                        label=Msg::ReceptionServiceDay
                                        name="form[service_day]"
                                        people=choices
                                        blank=Msg::ReceptionNoServiceDay
                                        selected=selected.unwrap_or_default()
                                        error
                                    />
                                }
                            })}
                        </Transition>
                        <FormError error=not_field(error) />
                        <button type="submit" class="primary" data-testid="save-reception">
                            {tr(Msg::ReceptionSave)}
                        </button>
            </ActionForm>
        </section>
        <ServiceDays record=record_day days villages />
        <h2>{tr(Msg::ReceptionsLatest)}</h2>
        <FormError error=action_error(to_ledger) />
        <Transition fallback=Loading>
            {move || {
                list.get()
                    .map(|r| match r {
                        Ok(rows) => {
                            view! {
                                {rows.is_empty().then(|| view! { <p class="muted">{tr(Msg::ReceptionsNone)}</p> })}
                                <ul class="list" data-testid="receptions">
                                    {rows.into_iter().map(|r| view! { <ReceptionLine r to_ledger /> }).collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <p class="banner error">{e.message(i18n.get())}</p> }.into_any(),
                    })
            }}
        </Transition>
    }
}

/// 便民服务日 records: the form (a day nobody came is recorded too) and the last two months.
#[component]
fn ServiceDays(
    record: ServerAction<RecordServiceDay>,
    days: Resource<Result<Vec<ServiceDayRow>, crate::error::AppError>>,
    villages: Resource<Result<Vec<crate::villages::model::VillageView>, crate::error::AppError>>,
) -> impl IntoView {
    let error = action_error(record);
    let today = crate::ui::time::today();
    let i18n = use_i18n();
    let me = crate::auth::context::use_auth()
        .user()
        .map(|u| u.name)
        .unwrap_or_default();
    view! {
        <section class="card" data-testid="service-days">
            <h2>{tr(Msg::ServiceDayTitle)}</h2>
            <p class="hint">{tr(Msg::ServiceDayHint)}</p>
            <ActionForm action=record>
                <Transition fallback=|| ()>
                    {move || villages.get().and_then(|r| r.ok()).map(|vs| {
                        let choices = vs.into_iter().map(|v| (v.id, v.name)).collect::<Vec<_>>();
                        view! { <PersonSelect label=Msg::ServiceDayVillage name="day[village]" people=choices error /> }
                    })}
                </Transition>
                <TextField label=Msg::ReceptionDay name="day[held_on]" kind="date" value=today.to_string() error />
                <TextField label=Msg::ServiceDayPlace name="day[place]" value=Msg::ServiceDayDefaultPlace.text(i18n.get_untracked()).to_string() error required=true />
                <TextField label=Msg::ServiceDayStaff name="day[staff]" value=me error required=true />
                <TextAreaField label=Msg::ServiceDayNote name="day[note]" error />
                <FormError error=not_field(error) />
                <Saved when=action_ok(record) msg=Msg::ServiceDaySaved />
                <button type="submit" class="primary" data-testid="save-service-day">
                    {tr(Msg::ServiceDaySave)}
                </button>
            </ActionForm>
            <Transition fallback=Loading>
                {move || days.get().and_then(|r| r.ok()).map(|ds| {
                    view! {
                        {ds.is_empty().then(|| view! { <p class="muted">{tr(Msg::ServiceDayNone)}</p> })}
                        <ul class="list">
                            {ds.into_iter().map(|d| {
                                let visitors = d.visitors;
                                view! {
                                    <li class="item" data-testid="service-day-row" data-visitors=visitors>
                                        <span class="item-title">{d.short()}</span>
                                        <span class="item-sub">
                                            {d.place.clone()} " · " {d.staff.clone()} " · "
                                            {move || if visitors == 0 {
                                                tr(Msg::ServiceDayNobody)().to_string()
                                            } else {
                                                crate::i18n::trf(Msg::ServiceDayVisitors, vec![visitors.to_string()])()
                                            }}
                                        </span>
                                        {(!d.note.is_empty()).then(|| view! { <p class="pre muted">{d.note.clone()}</p> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ReceptionLine(r: ReceptionRow, to_ledger: ServerAction<ReceptionToLedger>) -> impl IntoView {
    let kind = RwSignal::new(Kind::ProxyService.code().to_string());
    let id = r.id.clone();
    view! {
        <li class="item reception" data-testid="reception">
            <span class="item-title">
                <span class="tag">{tr(r.category.label())}</span>
                " "
                {r.visitor_name.clone()}
                {(!r.village.is_empty()).then(|| view! { " · " {r.village.clone()} })}
            </span>
            <span class="item-sub">
                {r.held_on.to_string()} " · " {r.cadre.clone()}
                {(!r.visitor_phone.is_empty()).then(|| {
                    view! { " · " <a href=format!("tel:{}", r.visitor_phone)>{r.visitor_phone.clone()}</a> }
                })}
            </span>
            <p class="pre">{r.matter.clone()}</p>
            {(!r.action.is_empty()).then(|| view! { <p class="pre muted">{tr(Msg::ReceptionAction)} {tr(Msg::LabelEnd)} {r.action.clone()}</p> })}
            {match r.item.clone() {
                Some(item) => view! {
                    <a class="button" href=format!("/ledger/{item}") data-testid="reception-item">{tr(Msg::ReceptionInLedger)}</a>
                }
                    .into_any(),
                None => view! {
                    <div class="row">
                        <label class="sr-only" for=format!("k-{id}")>{tr(Msg::LedgerKind)}</label>
                        <select
                            id=format!("k-{id}")
                            data-testid="reception-kind"
                            prop:value=move || kind.get()
                            on:change=move |ev| kind.set(event_target_value(&ev))
                        >
                            {Kind::ALL
                                .into_iter()
                                .map(|k| view! { <option value=k.code()>{tr(k.label())}</option> })
                                .collect_view()}
                        </select>
                        <button
                            type="button"
                            class="primary"
                            data-testid="to-ledger"
                            disabled=move || to_ledger.pending().get()
                            on:click=move |_| {
                                to_ledger.dispatch(ReceptionToLedger { id: id.clone(), kind: kind.get_untracked() });
                            }
                        >
                            {tr(Msg::ReceptionToLedger)}
                        </button>
                    </div>
                }
                    .into_any(),
            }}
        </li>
    }
}

/// "明天是便民服务日" the day before, "今天是便民服务日" on the days.
#[component]
pub fn ServiceDayBanner() -> impl IntoView {
    let i18n = use_i18n();
    reminder(crate::ui::time::today()).map(|r| {
        let text = move || match r {
            Reminder::Tomorrow(day) => Msg::ServiceDayTomorrow.fmt(i18n.get(), &[&day.to_string()]),
            Reminder::Today => Msg::ServiceDayToday.text(i18n.get()).to_string(),
        };
        view! {
            <p class="banner notice" role="status" data-testid="service-day">
                {text} " " <a href="/receptions">{tr(Msg::ReceptionsTitle)}</a>
            </p>
        }
    })
}
