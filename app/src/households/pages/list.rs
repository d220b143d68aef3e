//! The household list: search by name, phone or ID number, filter by village and tag, page.
use super::super::api::*;
use super::super::model::*;
use super::TagList;
use crate::i18n::{tr, trf, Msg};
use crate::ui::layout::{Loading, RequireRole, EVERYONE};
use crate::villages::api::list_villages;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

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
