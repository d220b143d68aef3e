//! The dispatch meetings held, and a new one.
use super::super::api::{list_meetings, CreateMeeting};
use super::super::model::default_title;
use crate::i18n::{tr, use_i18n, Msg};
use crate::ui::form::{action_error, not_field, FormError, TextField};
use crate::ui::layout::{Loading, RequireRole, LEADERSHIP};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn MeetingsPage() -> impl IntoView {
    view! {
        <RequireRole roles=LEADERSHIP>
            <Meetings />
        </RequireRole>
    }
}

#[component]
fn Meetings() -> impl IntoView {
    let meetings = Resource::new(|| (), |_| list_meetings());
    let create = ServerAction::<CreateMeeting>::new();
    let error = action_error(create);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            navigate(&format!("/meetings/{id}"), Default::default());
        }
    });
    let today = crate::ui::time::today();
    let i18n = use_i18n();
    view! {
        <h1>{tr(Msg::MeetingsTitle)}</h1>
        <p class="hint">{tr(Msg::MeetingsHint)}</p>
        <section class="card">
            <h2>{tr(Msg::MeetingNew)}</h2>
            <ActionForm action=create>
                <TextField label=Msg::MeetingDate name="form[held_on]" kind="date" value=today.to_string() error />
                <TextField label=Msg::MeetingName name="form[title]" value=default_title(today, i18n.locale.get_untracked()) error />
                <TextField label=Msg::MeetingAttendees name="form[attendees]" error hint=Msg::MeetingAttendeesHint />
                <FormError error=not_field(error) />
                <button type="submit" class="primary" data-testid="open-meeting">
                    {tr(Msg::MeetingOpen)}
                </button>
            </ActionForm>
        </section>
        <Transition fallback=Loading>
            {move || {
                meetings
                    .get()
                    .map(|r| match r {
                        Ok(ms) => {
                            view! {
                                {ms.is_empty().then(|| view! { <p class="muted">{tr(Msg::MeetingsNone)}</p> })}
                                <ul class="list">
                                    {ms
                                        .into_iter()
                                        .map(|m| {
                                            view! {
                                                <li>
                                                    <a class="item" href=format!("/meetings/{}", m.id)>
                                                        <span class="item-title">{m.title}</span>
                                                        <span class="item-sub">
                                                            {m.held_on.to_string()} " · "
                                                            {trf_decisions(m.decisions)}
                                                        </span>
                                                    </a>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
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

fn trf_decisions(n: i64) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    crate::i18n::trf(Msg::MeetingDecisionCount, vec![n.to_string()])
}
