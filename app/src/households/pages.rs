//! The household list with search and paging, the household page, and the import screen.
use super::api::*;
use super::import::ImportReport;
use super::model::*;
use crate::app::use_auth;
use crate::error::AppError;
use crate::i18n::{tr, trf, use_i18n, Msg};
use crate::model::Role;
use crate::ui::form::{action_error, CheckField, FormError, TextField};
use crate::ui::layout::{Loading, RequireRole, EVERYONE, OFFICE};
use crate::villages::api::list_villages;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn HouseholdListPage() -> impl IntoView {
    view! {
        <RequireRole roles=EVERYONE>
            <HouseholdList />
        </RequireRole>
    }
}

#[component]
fn HouseholdList() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let page = Resource::new(
        move || (param("q"), param("village"), param("tag"), param("page")),
        |(q, v, t, p)| list_households(q, v, t, p),
    );
    let villages = Resource::new(|| (), |_| list_villages());
    view! {
        <h1>{tr(Msg::HouseholdsTitle)}</h1>
        <Form method="GET" action="" attr:class="card search">
            <input
                type="search"
                name="q"
                value=move || param("q")
                placeholder=tr(Msg::HouseholdsSearchHint)
                aria-label=tr(Msg::HouseholdsSearchHint)
            />
            <div class="row">
                <select name="village" aria-label=tr(Msg::FieldVillage)>
                    <option value="">{tr(Msg::AllVillages)}</option>
                    <Suspense>
                        {move || {
                            villages
                                .get()
                                .and_then(|r| r.ok())
                                .map(|vs| {
                                    vs.into_iter()
                                        .map(|v| {
                                            let id = v.id.to_string();
                                            let selected = param("village") == id;
                                            view! {
                                                <option value=id selected=selected>
                                                    {v.name}
                                                </option>
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                    </Suspense>
                </select>
                <select name="tag" aria-label=tr(Msg::FieldTags)>
                    <option value="">{tr(Msg::AllTags)}</option>
                    {Tag::ALL
                        .into_iter()
                        .map(|t| {
                            view! {
                                <option value=t.code() selected=move || param("tag") == t.code()>
                                    {tr(t.label())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="primary">
                {tr(Msg::Search)}
            </button>
        </Form>
        <Transition fallback=Loading>
            {move || page.get().map(|r| r.map(|p| view! { <HouseholdResults page=p /> }))}
        </Transition>
    }
}

#[component]
fn HouseholdResults(page: Page<HouseholdSummary>) -> impl IntoView {
    let query = use_query_map();
    let pages = page.pages();
    let current = page.page;
    let link = move |n: u32| {
        query.with(|q| {
            let mut parts = vec![format!("page={n}")];
            for k in ["q", "village", "tag"] {
                if let Some(v) = q.get(k).filter(|v| !v.is_empty()) {
                    parts.push(format!("{k}={}", urlencode(&v)));
                }
            }
            format!("/households?{}", parts.join("&"))
        })
    };
    let empty = page.items.is_empty();
    view! {
        <p class="muted" data-testid="household-total">
            {trf(Msg::HouseholdsTotal, vec![page.total.to_string()])}
        </p>
        {empty.then(|| view! { <p class="card muted">{tr(Msg::HouseholdsNone)}</p> })}
        <ul class="list" data-testid="household-list">
            {page.items.into_iter().map(|h| view! { <HouseholdItem h /> }).collect_view()}
        </ul>
        {(pages > 1)
            .then(|| {
                view! {
                    <nav class="pager">
                        {(current > 1)
                            .then(|| {
                                view! {
                                    <a class="button" href=link(current - 1)>
                                        {tr(Msg::PrevPage)}
                                    </a>
                                }
                            })}
                        <span>{format!("{current} / {pages}")}</span>
                        {(current < pages)
                            .then(|| {
                                view! {
                                    <a class="button" href=link(current + 1)>
                                        {tr(Msg::NextPage)}
                                    </a>
                                }
                            })}
                    </nav>
                }
            })}
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
fn HouseholdItem(h: HouseholdSummary) -> impl IntoView {
    view! {
        <li>
            <a class="item" href=format!("/households/{}", h.id)>
                <span class="item-title">{h.head_name}</span>
                <span class="item-sub">
                    {format!("{} · {}", h.village, h.group)} " · "
                    {trf(Msg::PopulationN, vec![h.population.to_string()])}
                </span>
                <TagList tags=h.tags />
                {(!h.cadres.is_empty())
                    .then(|| view! { <span class="item-sub">{tr(Msg::FieldCadres)} ": " {h.cadres.join("、")}</span> })}
            </a>
        </li>
    }
}

#[component]
fn TagList(tags: Vec<Tag>) -> impl IntoView {
    view! {
        <span class="tags">
            {tags
                .into_iter()
                .map(|t| view! { <span class=format!("tag tag-{}", t.code())>{tr(t.label())}</span> })
                .collect_view()}
        </span>
    }
}

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
    let i18n = use_i18n();
    view! {
        <Suspense fallback=Loading>
            {move || {
                household
                    .get()
                    .map(|r| match r {
                        Ok(h) => view! { <HouseholdCard h assign unassign update /> }.into_any(),
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

#[component]
fn Fact(label: Msg, value: String) -> impl IntoView {
    let empty = value.is_empty();
    view! {
        <div class="fact">
            <dt>{tr(label)}</dt>
            <dd class:muted=empty>{move || if empty { "—".to_string() } else { value.clone() }}</dd>
        </div>
    }
}

#[component]
fn HouseholdCard(
    h: HouseholdDetail,
    assign: ServerAction<AssignCadre>,
    unassign: ServerAction<UnassignCadre>,
    update: ServerAction<UpdateHousehold>,
) -> impl IntoView {
    let auth = use_auth();
    let edit = is_office_user().then(|| view! { <EditFacts h=h.clone() action=update /> });
    let is_office = auth.user().map(|u| u.role == Role::Admin).unwrap_or(false);
    let i18n = use_i18n();
    let difficulties = h.difficulties.clone();
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
        </section>
        <section class="card">
            <h2>{tr(Msg::HouseholdFacts)}</h2>
            <dl class="facts">
                <Fact label=Msg::FieldPopulation value=h.population.to_string() />
                <Fact label=Msg::FieldEconomy value=h.economy.clone() />
                <Fact label=Msg::FieldIncome value=h.income_sources.clone() />
                <Fact label=Msg::FieldFamilyPlanning value=h.family_planning.clone() />
                <Fact label=Msg::FieldRelations value=h.social_relations.clone() />
                <div class="fact">
                    <dt>{tr(Msg::FieldDifficulties)}</dt>
                    <dd>
                        {move || {
                            let l = i18n.get();
                            let s: Vec<&str> = difficulties.iter().map(|d| d.label().text(l)).collect();
                            if s.is_empty() { "—".to_string() } else { s.join("、") }
                        }}
                    </dd>
                </div>
            </dl>
        </section>
        <section class="card">
            <h2>{tr(Msg::FieldMembers)}</h2>
            <table class="table" data-testid="members">
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
                        .map(|m| {
                            view! {
                                <tr>
                                    <td>{m.name}</td>
                                    <td>{m.relation}</td>
                                    <td>{m.birth_year.map(|y| y.to_string()).unwrap_or_default()}</td>
                                    <td class="mono">{m.id_masked.unwrap_or_default()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
        <crate::visits::pages::VisitTimeline household=h.id />
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
            {is_office.then(|| view! { <AssignForm household=h.id action=assign /> })}
        </section>
        {edit}
    }
}

fn is_office_user() -> bool {
    use_auth()
        .user()
        .map(|u| u.role == Role::Admin)
        .unwrap_or(false)
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
                <FormError error=Signal::derive(move || {
                    error.get().filter(|e| !matches!(e, AppError::Invalid(_)))
                }) />
                <button type="submit" class="primary">
                    {tr(Msg::Save)}
                </button>
            </ActionForm>
        </details>
    }
}

#[component]
fn AssignForm(household: i64, action: ServerAction<AssignCadre>) -> impl IntoView {
    let users = Resource::new(|| (), |_| crate::users::api::list_users());
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
                                        .filter(|u| u.role == Role::Cadre && u.active)
                                        .map(|u| {
                                            view! {
                                                <option value=u.id>
                                                    {format!("{} · {}", u.name, u.title)}
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

#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <RequireRole roles=OFFICE>
            <Import />
        </RequireRole>
    }
}

#[component]
fn Import() -> impl IntoView {
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let upload = Action::new_local(|data: &Upload| {
        #[cfg(feature = "hydrate")]
        let call = import_households(data.clone().into());
        #[cfg(not(feature = "hydrate"))]
        let call = {
            let _ = data;
            std::future::ready(Err::<ImportReport, AppError>(AppError::Internal))
        };
        call
    });
    let submit = move |commit: bool| {
        #[cfg(feature = "hydrate")]
        if let Some(form) = form_ref.get() {
            if let Ok(data) = web_sys::FormData::new_with_form(&form) {
                let _ = data.append_with_str("commit", if commit { "1" } else { "0" });
                upload.dispatch_local(data);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (commit, form_ref, upload);
    };
    let report = move || upload.value().get();
    view! {
        <h1>{tr(Msg::ImportTitle)}</h1>
        <section class="card">
            <p>{tr(Msg::ImportHelp)}</p>
            <p class="muted small">{tr(Msg::ImportColumns)}</p>
            <form node_ref=form_ref on:submit=|ev| ev.prevent_default()>
                <div class="field">
                    <label for="f-file">{tr(Msg::ImportFile)}</label>
                    <input id="f-file" type="file" name="file" accept=".xlsx,.csv" />
                </div>
                <div class="actions">
                    <button
                        type="button"
                        data-testid="import-preview"
                        disabled=move || upload.pending().get()
                        on:click=move |_| submit(false)
                    >
                        {tr(Msg::ImportPreview)}
                    </button>
                    <button
                        type="button"
                        class="primary"
                        data-testid="import-commit"
                        disabled=move || upload.pending().get()
                        on:click=move |_| submit(true)
                    >
                        {tr(Msg::ImportCommit)}
                    </button>
                </div>
            </form>
        </section>
        {move || {
            report()
                .map(|r| match r {
                    Ok(rep) => view! { <ImportResult rep /> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                })
        }}
    }
}

/// The upload's form data. Only the browser dispatches the upload; the server renders the
/// form and never runs it.
#[cfg(feature = "hydrate")]
type Upload = web_sys::FormData;
#[cfg(not(feature = "hydrate"))]
type Upload = ();

#[component]
fn ImportResult(rep: ImportReport) -> impl IntoView {
    let i18n = use_i18n();
    let ok = rep.errors.is_empty();
    let summary = if rep.imported {
        trf(Msg::ImportDone, vec![rep.rows.to_string()])
    } else if ok {
        trf(Msg::ImportReady, vec![rep.rows.to_string()])
    } else {
        trf(Msg::ImportHasErrors, vec![rep.errors.len().to_string()])
    };
    view! {
        <section class="card" data-testid="import-report">
            <p class=if ok { "banner ok" } else { "banner error" } role="status">
                {summary}
            </p>
            {(!ok)
                .then(|| {
                    view! {
                        <table class="table" data-testid="import-errors">
                            <thead>
                                <tr>
                                    <th>{tr(Msg::ImportRow)}</th>
                                    <th>{tr(Msg::ImportColumn)}</th>
                                    <th>{tr(Msg::ImportProblem)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rep.errors
                                    .into_iter()
                                    .map(|e| {
                                        view! {
                                            <tr>
                                                <td>{e.row}</td>
                                                <td>{move || e.col.map(|c| c.label().text(i18n.get())).unwrap_or("")}</td>
                                                <td>{move || e.msg.text(i18n.get())}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                })}
        </section>
    }
}
