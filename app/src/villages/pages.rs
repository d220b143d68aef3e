//! The office's village and group screen.
use super::api::*;
use super::model::VillageView;
use crate::error::AppError;
use crate::i18n::{tr, trf, Msg};
use crate::ui::form::{action_error, not_field, FormError, TextField};
use crate::ui::layout::{Fresh, Loading, RequireRole, OFFICE};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn VillagesPage() -> impl IntoView {
    view! {
        <RequireRole roles=OFFICE>
            <Villages />
        </RequireRole>
    }
}

#[component]
fn Villages() -> impl IntoView {
    let add = ServerAction::<AddVillage>::new();
    let add_group = ServerAction::<AddGroup>::new();
    let villages = Resource::new(
        move || (add.version().get(), add_group.version().get()),
        |_| list_villages(),
    );
    let error = action_error(add);
    let last = RwSignal::new(0_i64);
    let cards = move |r: Result<Vec<VillageView>, AppError>| {
        r.map(|vs| {
            vs.into_iter()
                .map(|v| view! { <VillageCard v action=add_group last /> })
                .collect_view()
        })
    };
    view! {
        <h1>{tr(Msg::VillagesTitle)}</h1>
        <Transition fallback=Loading>
            <Fresh value=Signal::derive(move || villages.get()) children=cards />
        </Transition>
        <section class="card">
            <h2>{tr(Msg::VillageAdd)}</h2>
            <ActionForm action=add>
                <TextField label=Msg::FieldVillage name="name" required=true error=error />
                <TextField label=Msg::FieldTown name="town" error=error />
                <FormError error=not_field(error) />
                <button type="submit" class="primary">
                    {tr(Msg::Add)}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn VillageCard(
    v: VillageView,
    action: ServerAction<AddGroup>,
    last: RwSignal<i64>,
) -> impl IntoView {
    let error = action_error(action);
    let village_id = v.id;
    // Only the form that was submitted shows the error.
    let mine = Signal::derive(move || {
        if last.get() == village_id {
            error.get()
        } else {
            None
        }
    });
    view! {
        <section class="card" data-testid=format!("village-{}", v.name)>
            <h2>{v.name.clone()}</h2>
            {(!v.town.is_empty()).then(|| view! { <p class="muted">{v.town.clone()}</p> })}
            <ul class="plain">
                {v.groups
                    .into_iter()
                    .map(|g| {
                        view! {
                            <li class="row between">
                                <span>{g.name}</span>
                                <span class="muted">{trf(Msg::HouseholdsN, vec![g.households.to_string()])}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <ActionForm action=action>
                <input type="hidden" name="village" value=v.id />
                <TextField label=Msg::GroupAdd name="name" required=true error=mine />
                <button type="submit" on:click=move |_| last.set(village_id)>
                    {tr(Msg::Add)}
                </button>
            </ActionForm>
        </section>
    }
}
