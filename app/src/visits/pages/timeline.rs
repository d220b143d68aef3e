//! A household's visit timeline as the server has it.
use super::super::model::VisitView;
use crate::error::AppError;
use crate::i18n::{tr, Msg};
use leptos::prelude::*;

/// A household's visits as the page loads them (`visits::api::household_visits`).
pub type Timeline = Resource<Result<Vec<VisitView>, AppError>>;

/// A household's visits, newest first, as the server has them.
#[component]
pub fn VisitTimeline(visits: Timeline) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{tr(Msg::VisitsTitle)}</h2>
            <Suspense>
                {move || {
                    visits
                        .get()
                        .and_then(|r| r.ok())
                        .map(|vs| {
                            if vs.is_empty() {
                                view! { <p class="muted">{tr(Msg::VisitsNone)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="timeline" data-testid="visits">
                                        {vs.into_iter().map(|v| view! { <VisitItem v /> }).collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn VisitItem(v: VisitView) -> impl IntoView {
    let when = crate::ui::time::minute(v.visited_at);
    let i18n = crate::i18n::use_i18n();
    // Kept as the phone said it; a wrong clock is shown with the server's own time beside it.
    let clock = v.clock_off().then(|| {
        let args = [
            when.clone(),
            v.received_at
                .map(crate::ui::time::minute)
                .unwrap_or_default(),
        ];
        view! {
            <p class="banner notice small" data-testid="visit-clock-off">
                {move || Msg::VisitClockOff.fmt(i18n.get(), &[&args[0], &args[1]])}
            </p>
        }
    });
    view! {
        <li>
            <p class="item-sub">
                {when} " · " {tr(v.method.label())} " · " {v.cadre}
                {v.follow_up.then(|| view! { " · " <span class="tag tag-poor">{tr(Msg::FollowUp)}</span> })}
            </p>
            {clock}
            <p>{v.content}</p>
            {(!v.outcome.is_empty()).then(|| view! { <p class="muted">{v.outcome.clone()}</p> })}
            <crate::photos::pages::Thumbs photos=v.photos />
            <p class="item-sub small">{tr(Msg::VisitReceipt)} " " <span class="mono">{v.receipt}</span></p>
        </li>
    }
}
