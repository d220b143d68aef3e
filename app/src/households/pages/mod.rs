//! The household screens: the list with search and paging, the household page, the import.
mod clashes;
mod detail;
mod import;
mod list;

pub use clashes::ClashesPage;
pub use detail::HouseholdPage;
pub use import::ImportPage;
pub use list::HouseholdListPage;

use super::model::Tag;
use crate::i18n::{tr, Msg};
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

/// One fact of the diary's six: its label, and a dash when empty.
#[component]
pub(crate) fn Fact(label: Msg, value: String) -> impl IntoView {
    let empty = value.is_empty();
    view! {
        <div class="fact">
            <dt>{tr(label)}</dt>
            <dd class:muted=empty>{move || if empty { "—".to_string() } else { value.clone() }}</dd>
        </div>
    }
}
