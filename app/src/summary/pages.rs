//! The summary page and the monthly report. Their content is HTML the server renders (charts
//! included); the filter form inside it is a plain GET form, so it works before hydration.
use super::api::{summary_page, summary_report};
use crate::i18n::{tr, use_i18n, Msg};
use crate::ui::layout::{Loading, PrintBar, RequireRole, LEADERSHIP};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

#[component]
pub fn SummaryPage() -> impl IntoView {
    view! {
        <RequireRole roles=LEADERSHIP>
            <h1 class="no-print">{tr(Msg::SummaryTitle)}</h1>
            <Rendered report=false />
        </RequireRole>
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let search = use_location().search;
    let back = move || format!("/summary{}", search.get());
    view! {
        <RequireRole roles=LEADERSHIP>
            <PrintBar back=Signal::derive(back) label=Msg::SummaryBack />
            <Rendered report=true />
        </RequireRole>
    }
}

#[component]
fn Rendered(report: bool) -> impl IntoView {
    let query = use_query_map();
    let i18n = use_i18n();
    let html = Resource::new(
        move || {
            let (m, v) = query.with(|q| {
                (
                    q.get("month").unwrap_or_default(),
                    q.get("village").unwrap_or_default(),
                )
            });
            (m, v, i18n.get().code().to_string())
        },
        move |(m, v, l)| async move {
            if report {
                summary_report(m, v, l).await
            } else {
                summary_page(m, v, l).await
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || {
                html.get()
                    .map(|r| match r {
                        Ok(h) => view! { <div inner_html=h></div> }.into_any(),
                        Err(e) => view! { <p class="banner error">{e.message(i18n.get())}</p> }.into_any(),
                    })
            }}
        </Suspense>
    }
}
