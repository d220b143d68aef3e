//! One household: facts, members (ID numbers masked), visits, cadres; the office's corrections.
use super::super::api::*;
use super::super::model::*;
use super::{FactList, TagList};
use crate::auth::context::use_auth;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, Msg};
use crate::model::Role;
use crate::ui::form::{action_error, not_field, CheckField, FormError, TextField};
use crate::ui::layout::{Loading, RequireRole, EVERYONE};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn HouseholdPage() -> impl IntoView {
    view! {
        <RequireRole roles=EVERYONE>
            <HouseholdDetailView />
        </RequireRole>
    }
}

#[component]
fn HouseholdDetailView() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()));
    let assign = ServerAction::<AssignCadre>::new();
    let unassign = ServerAction::<UnassignCadre>::new();
    let update = ServerAction::<UpdateHousehold>::new();
    let household = Resource::new(
        move || {
            (
                id(),
                assign.version().get(),
                unassign.version().get(),
                update.version().get(),
            )
        },
        |(id, _, _, _)| async move {
            match id {
                Some(id) => get_household(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    // Every resource of the page starts here, not inside the card: no waterfall, and each
    // exists before (asynchronous) hydration reaches the nested parts that read it.
    let office = use_auth().user().is_some_and(|u| u.role == Role::Admin);
    let cadres = Resource::new(
        move || office,
        |office| async move {
            if office {
                crate::users::api::list_users().await
            } else {
                Ok(Vec::new())
            }
        },
    );
    let visits = Resource::new(id, |id| async move {
        match id {
            Some(id) => crate::visits::api::household_visits(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let set_work = ServerAction::<crate::environment::api::SetHouseWork>::new();
    let works = Resource::new(
        move || (id(), set_work.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => crate::environment::api::house_works(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let purchases = Resource::new(id, |id| async move {
        match id {
            Some(id) => crate::servicepack::api::household_purchases(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let four_helps = FourHelps {
        set_work,
        works,
        purchases,
    };
    let i18n = use_i18n();
    view! {
        <Suspense fallback=Loading>
            {move || {
                household
                    .get()
                    .map(|r| match r {
                        Ok(h) => view! { <HouseholdCard h assign unassign update visits cadres four_helps /> }.into_any(),
                        Err(e) => {
                            view! {
                                <section class="card">
                                    <p class="banner error" role="alert">
                                        {e.message(i18n.get())}
                                    </p>
                                    <a class="button" href="/households">
                                        {tr(Msg::HouseholdsTitle)}
                                    </a>
                                </section>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// The household's works and 代购 (四帮扶), read with the rest of the page.
#[derive(Clone, Copy)]
struct FourHelps {
    set_work: ServerAction<crate::environment::api::SetHouseWork>,
    works: crate::environment::pages::HouseWorks,
    purchases: crate::servicepack::pages::Purchases,
}

/// The accounts the office may assign (empty for everyone else).
type Users = Resource<Result<Vec<crate::users::model::UserView>, AppError>>;

#[component]
fn HouseholdCard(
    h: HouseholdDetail,
    assign: ServerAction<AssignCadre>,
    unassign: ServerAction<UnassignCadre>,
    update: ServerAction<UpdateHousehold>,
    visits: crate::visits::pages::Timeline,
    cadres: Users,
    four_helps: FourHelps,
) -> impl IntoView {
    let auth = use_auth();
    let is_office = auth.user().map(|u| u.role == Role::Admin).unwrap_or(false);
    let edit = is_office.then(|| view! { <EditFacts h=h.clone() action=update /> });
    // Leaders read everything masked; the office and the household's own cadre may unmask.
    let can_reveal = auth
        .user()
        .is_some_and(|u| matches!(u.role, Role::Admin | Role::Cadre));
    let phone = h.phone.clone();
    view! {
        <section class="card">
            <h1>{h.head_name.clone()}</h1>
            <p class="muted">{format!("{} · {}", h.village, h.group)}</p>
            <TagList tags=h.tags.clone() />
            {(!phone.is_empty())
                .then(|| {
                    view! {
                        <a class="button call" href=format!("tel:{phone}")>
                            {tr(Msg::Call)}
                            " "
                            {phone.clone()}
                        </a>
                    }
                })}
            {(!is_office).then(|| view! {
                <a class="button primary" href=format!("/visits/new?household={}", h.id) data-testid="write-diary">
                    {tr(Msg::VisitNewTitle)}
                </a>
            })}
            <a class="button" href=format!("/ledger/new?household={}", h.id) data-testid="to-ledger">
                {tr(Msg::HouseholdToLedger)}
            </a>
        </section>
        <section class="card">
            <h2>{tr(Msg::HouseholdFacts)}</h2>
            <FactList h=OfflineHousehold::from(h.clone()) />
        </section>
        <section class="card">
            <h2>{tr(Msg::FieldMembers)}</h2>
            <table class="table members" data-testid="members">
                <thead>
                    <tr>
                        <th>{tr(Msg::MemberName)}</th>
                        <th>{tr(Msg::MemberRelation)}</th>
                        <th>{tr(Msg::MemberBirthYear)}</th>
                        <th>{tr(Msg::MemberId)}</th>
                    </tr>
                </thead>
                <tbody>
                    {h.members
                        .into_iter()
                        .map(|m| view! { <MemberRow m can_reveal /> })
                        .collect_view()}
                </tbody>
            </table>
        </section>
        <crate::visits::pages::VisitTimeline visits />
        {view! {
            <crate::environment::pages::HouseWorksSection household=h.id works=four_helps.works set=four_helps.set_work />
            <crate::servicepack::pages::PurchasesSection purchases=four_helps.purchases />
        }.into_any()}
        <section class="card">
            <h2>{tr(Msg::FieldCadres)}</h2>
            <ul class="plain" data-testid="cadres">
                {h.cadres
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li class="row between">
                                <span>{c.name.clone()} " · " {c.title.clone()}</span>
                                {is_office
                                    .then(|| {
                                        view! {
                                            <ActionForm action=unassign>
                                                <input type="hidden" name="household" value=h.id />
                                                <input type="hidden" name="cadre" value=c.id />
                                                <button type="submit" class="link">
                                                    {tr(Msg::Unassign)}
                                                </button>
                                            </ActionForm>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {is_office.then(|| view! { <AssignForm household=h.id action=assign users=cadres /> })}
        </section>
        {edit}
    }
}

/// The office's correction form, folded away until needed.
#[component]
fn EditFacts(h: HouseholdDetail, action: ServerAction<UpdateHousehold>) -> impl IntoView {
    let error = action_error(action);
    let has = {
        let tags = h.tags.clone();
        move |t: Tag| tags.contains(&t)
    };
    let diff = {
        let ds = h.difficulties.clone();
        move |d: Difficulty| ds.contains(&d)
    };
    let diff_error = move || error.get().and_then(|e| e.field("difficulties"));
    let i18n = use_i18n();
    view! {
        <details class="card edit" open=move || error.get().is_some()>
            <summary>{tr(Msg::HouseholdEdit)}</summary>
            <ActionForm action=action>
                <input type="hidden" name="id" value=h.id />
                <TextField label=Msg::FieldHeadName name="form[head_name]" value=h.head_name.clone() required=true error=error />
                <TextField label=Msg::FieldPhone name="form[phone]" kind="tel" inputmode="numeric" value=h.phone.clone() error=error />
                <TextField label=Msg::FieldPopulation name="form[population]" inputmode="numeric" value=h.population.to_string() error=error />
                <TextField label=Msg::FieldEconomy name="form[economy]" value=h.economy.clone() error=error />
                <TextField label=Msg::FieldIncome name="form[income_sources]" value=h.income_sources.clone() error=error />
                <TextField label=Msg::FieldFamilyPlanning name="form[family_planning]" value=h.family_planning.clone() error=error />
                <TextField label=Msg::FieldRelations name="form[social_relations]" value=h.social_relations.clone() error=error />
                <fieldset class="checks">
                    <legend>{tr(Msg::FieldTags)}</legend>
                    <CheckField label=Msg::TagPoor name="form[tag_poor]" checked=has(Tag::Poor) />
                    <CheckField label=Msg::TagNotable name="form[tag_notable]" checked=has(Tag::Notable) />
                    <CheckField label=Msg::TagPetitioner name="form[tag_petitioner]" checked=has(Tag::KeyPetitioner) />
                </fieldset>
                <fieldset class="checks" class:invalid=move || diff_error().is_some()>
                    <legend>{tr(Msg::FieldDifficulties)}</legend>
                    <CheckField label=Msg::DiffFood name="form[diff_food]" checked=diff(Difficulty::Food) />
                    <CheckField label=Msg::DiffSchooling name="form[diff_schooling]" checked=diff(Difficulty::Schooling) />
                    <CheckField label=Msg::DiffMedical name="form[diff_medical]" checked=diff(Difficulty::Medical) />
                    <CheckField label=Msg::DiffWater name="form[diff_water]" checked=diff(Difficulty::Water) />
                    <CheckField label=Msg::DiffHousing name="form[diff_housing]" checked=diff(Difficulty::Housing) />
                    <p class="field-error" data-testid="error-difficulties">
                        {move || diff_error().map(|m| m.text(i18n.get()))}
                    </p>
                </fieldset>
                <FormError error=not_field(error) />
                <button type="submit" class="primary">
                    {tr(Msg::Save)}
                </button>
            </ActionForm>
        </details>
    }
}

#[component]
fn AssignForm(household: i64, action: ServerAction<AssignCadre>, users: Users) -> impl IntoView {
    let error = action_error(action);
    view! {
        <ActionForm action=action attr:class="assign">
            <input type="hidden" name="household" value=household />
            <label for="f-cadre">{tr(Msg::AssignCadre)}</label>
            <div class="row">
                <select id="f-cadre" name="cadre">
                    <Suspense>
                        {move || {
                            users
                                .get()
                                .and_then(|r| r.ok())
                                .map(|us| {
                                    us.into_iter()
                                        // Leaders work households too (三(一)2 二).
                                        .filter(|u| u.role != Role::Admin && u.active)
                                        .map(|u| {
                                            view! {
                                                <option value=u.id>
                                                    {u.name.clone()} " · " {tr(u.post.label())}
                                                </option>
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                    </Suspense>
                </select>
                <button type="submit" class="primary">
                    {tr(Msg::Assign)}
                </button>
            </div>
            <FormError error=error />
        </ActionForm>
    }
}

/// One member. The ID number is masked; those who act for the household may see it whole
/// after typing their password again (audited on the server), in a full-width row beneath.
#[component]
fn MemberRow(m: MemberView, can_reveal: bool) -> impl IntoView {
    let reveal = ServerAction::<RevealId>::new();
    let asking = RwSignal::new(false);
    let error = action_error(reveal);
    let shown = move || reveal.value().get().and_then(|r| r.ok());
    let masked = m.id_masked.clone();
    let has_id = masked.is_some();
    let member = m.id;
    let id_cell = move || {
        masked.clone().map(|masked| {
            view! {
                <span class="mono" data-testid="member-id">
                    {move || shown().unwrap_or_else(|| masked.clone())}
                </span>
                {move || match shown() {
                    Some(_) => view! { <p class="hint">{tr(Msg::RevealIdShown)}</p> }.into_any(),
                    None if can_reveal && !asking.get() => {
                        view! {
                            <button type="button" class="link" on:click=move |_| asking.set(true)>
                                {tr(Msg::RevealId)}
                            </button>
                        }
                            .into_any()
                    }
                    None => ().into_any(),
                }}
            }
        })
    };
    let form = move || {
        (has_id && asking.get() && shown().is_none()).then(|| {
            view! {
                <tr class="reveal-row">
                    <td colspan="4">
                        <ActionForm action=reveal>
                            <input type="hidden" name="member" value=member />
                            <p class="hint">{tr(Msg::RevealIdPrompt)}</p>
                            <TextField
                                label=Msg::FieldPassword
                                name="password"
                                kind="password"
                                autocomplete="current-password"
                                required=true
                                error
                            />
                            <FormError error=not_field(error) />
                            <button type="submit" class="primary">
                                {tr(Msg::RevealIdConfirm)}
                            </button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
    };
    view! {
        <tr>
            <td>{m.name}</td>
            <td>{m.relation}</td>
            <td>{m.birth_year.map(|y| y.to_string()).unwrap_or_default()}</td>
            <td class="member-id">{id_cell}</td>
        </tr>
        {form}
    }
}
