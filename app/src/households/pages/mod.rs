//! The household screens: the list with search and paging, the household page, the import.
mod clashes;
mod detail;
mod import;
mod list;

pub use clashes::ClashesPage;
pub use detail::HouseholdPage;
pub use import::ImportPage;
pub use list::HouseholdListPage;

use super::model::{OfflineHousehold, Tag};
use crate::i18n::{tr, use_i18n, Msg};
use leptos::prelude::*;

#[component]
pub(crate) fn TagList(tags: Vec<Tag>) -> impl IntoView {
    view! {
        <span class="tags">
            {tags
                .into_iter()
                .map(|t| view! { <span class=format!("tag tag-{}", t.code())>{tr(t.label())}</span> })
                .collect_view()}
        </span>
    }
}

/// The household's facts as a cadre reads them: the diary's five (population, economy, income,
/// family planning, relations) and the difficulties. One list for the online page and the
/// phone's copy.
#[component]
pub(crate) fn FactList(h: OfflineHousehold) -> impl IntoView {
    let i18n = use_i18n();
    let difficulties = h.difficulties.clone();
    view! {
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
    }
}

/// One fact: its label, and a dash when empty.
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
