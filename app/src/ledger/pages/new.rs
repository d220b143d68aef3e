//! A new ledger item. Reached from the list, a household's page (?household=) or the pairing
//! page (?kind=help_plan&household=&difficulty=).
use super::super::api::{list_people, CreateItem};
use super::super::model::Kind;
use crate::auth::context::use_auth;
use crate::households::api::get_household;
use crate::households::model::Difficulty;
use crate::i18n::{tr, Msg};
use crate::model::Role;
use crate::ui::form::{
    action_error, FormError, PersonSelect, SelectField, TextAreaField, TextField,
};
use crate::ui::layout::{RequireRole, EVERYONE};
use crate::villages::api::list_villages;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn NewItemPage() -> impl IntoView {
    view! {
        <RequireRole roles=EVERYONE>
            <NewItem />
        </RequireRole>
    }
}

#[component]
fn NewItem() -> impl IntoView {
    let query = use_query_map();
    let q = move |k: &str| query.with_untracked(|q| q.get(k)).unwrap_or_default();
    let (kind, household, difficulty) = (q("kind"), q("household"), q("difficulty"));
    let user = use_auth().user();
    let me = user.as_ref().map(|u| u.id).unwrap_or_default();
    let cadre = user.is_some_and(|u| u.role == Role::Cadre);
    let create = ServerAction::<CreateItem>::new();
    let error = action_error(create);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            navigate(&format!("/ledger/{id}"), Default::default());
        }
    });
    let people = Resource::new(
        move || cadre,
        |cadre| async move {
            if cadre {
                Ok(Vec::new())
            } else {
                list_people().await
            }
        },
    );
    let villages = Resource::new(|| (), |_| list_villages());
    let hh = household.parse::<i64>().ok();
    let head = Resource::new(
        move || hh,
        |h| async move {
            match h {
                Some(h) => get_household(h).await.ok().map(|d| d.head_name),
                None => None,
            }
        },
    );
    let kinds: Vec<(String, Msg)> = Kind::ALL
        .into_iter()
        .map(|k| (k.code().to_string(), k.label()))
        .collect();
    let help_plan = kind == Kind::HelpPlan.code();
    view! {
        <p>
            <a href="/ledger">{tr(Msg::LedgerTitle)}</a>
        </p>
        <section class="card">
            <h1>{tr(Msg::LedgerNew)}</h1>
            <ActionForm action=create>
                <SelectField label=Msg::LedgerKind name="form[kind]" options=kinds selected=kind error />
                <TextField label=Msg::LedgerItemTitle name="form[title]" error required=true />
                <TextAreaField label=Msg::LedgerDetail name="form[detail]" error />
                {hh.map(|h| {
                    view! {
                        <input type="hidden" name="form[household]" value=h />
                        <p class="field">
                            {tr(Msg::FeedbackHousehold)} {tr(Msg::LabelEnd)}
                            <Suspense fallback=|| "…">
                                <strong>{move || head.get().flatten()}</strong>
                            </Suspense>
                        </p>
                    }
                })}
                {hh.is_none().then(|| view! {
                    <Suspense fallback=|| ()>
                        {move || villages.get().and_then(|r| r.ok()).map(|vs| {
                            let vs: Vec<(i64, String)> = vs.into_iter().map(|v| (v.id, v.name)).collect();
                            view! {
                                <PersonSelect label=Msg::LedgerVillage name="form[village]" people=vs error blank=Msg::LedgerNoVillage />
                            }
                        })}
                    </Suspense>
                    <p class="hint">{tr(Msg::LedgerPlaceHint)}</p>
                })}
                {help_plan.then(|| {
                    let options: Vec<(String, Msg)> = Difficulty::ALL
                        .into_iter()
                        .map(|d| (d.code().to_string(), d.label()))
                        .collect();
                    view! { <SelectField label=Msg::LedgerDifficulty name="form[difficulty]" options selected=difficulty.clone() error /> }
                })}
                {if cadre {
                    view! { <input type="hidden" name="form[owner]" value=me /> }.into_any()
                } else {
                    view! {
                        <Suspense fallback=|| ()>
                            {move || people.get().and_then(|r| r.ok()).map(|p| view! {
                                <PersonSelect label=Msg::LedgerOwner name="form[owner]" people=p error blank=Msg::LedgerNoOwner />
                            })}
                        </Suspense>
                    }
                        .into_any()
                }}
                <TextField
                    label=Msg::LedgerDeadline
                    name="form[deadline]"
                    kind="date"
                    error
                    hint=if cadre { Msg::LedgerDeadlineMine } else { Msg::LedgerDeadlineHint }
                />
                <FormError error=Signal::derive(move || {
                    error.get().filter(|e| {
                        !["kind", "title", "detail", "village", "difficulty", "owner", "deadline"]
                            .iter()
                            .any(|f| e.field(f).is_some())
                    })
                }) />
                <button type="submit" class="primary" data-testid="create-item">
                    {tr(Msg::LedgerCreate)}
                </button>
            </ActionForm>
        </section>
    }
}
