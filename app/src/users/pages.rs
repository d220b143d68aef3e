//! The office's account screens.
use super::api::*;
use super::model::{Post, UserView};
use crate::i18n::{tr, Msg};
use crate::model::Role;
use crate::ui::form::{
    action_error, action_ok, confirmed, not_field, FormError, Saved, SelectField, TextField,
};
use crate::ui::layout::{Loading, RequireRole, OFFICE};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn role_options() -> Vec<(String, Msg)> {
    Role::ALL
        .into_iter()
        .map(|r| (r.code().to_string(), r.label()))
        .collect()
}

fn post_options() -> Vec<(String, Msg)> {
    Post::ALL
        .iter()
        .map(|p| (p.code().to_string(), p.label()))
        .collect()
}

#[component]
pub fn UsersPage() -> impl IntoView {
    view! {
        <RequireRole roles=OFFICE>
            <Users />
        </RequireRole>
    }
}

#[component]
fn Users() -> impl IntoView {
    let create = ServerAction::<CreateUser>::new();
    let users = Resource::new(move || create.version().get(), |_| list_users());
    let error = action_error(create);
    view! {
        <h1>{tr(Msg::UsersTitle)}</h1>
        <Transition fallback=Loading>
            {move || {
                users
                    .get()
                    .map(|r| {
                        r.map(|us| {
                            view! {
                                <ul class="list" data-testid="user-list">
                                    {us.into_iter().map(|u| view! { <UserItem u /> }).collect_view()}
                                </ul>
                            }
                        })
                    })
            }}
        </Transition>
        <section class="card">
            <h2>{tr(Msg::UserAdd)}</h2>
            <ActionForm action=create>
                <TextField label=Msg::FieldName name="name" required=true error=error />
                <TextField label=Msg::FieldPhone name="phone" kind="tel" inputmode="numeric" required=true error=error />
                <TextField label=Msg::FieldTitle name="title" error=error />
                <TextField label=Msg::FieldUnit name="unit" error=error />
                <SelectField label=Msg::FieldRole name="role" options=role_options() selected="cadre" error=error />
                <SelectField label=Msg::UserPost name="post" options=post_options() selected="liaison" error=error />
                <TextField label=Msg::UserDuties name="duties" hint=Msg::UserDutiesHint error=error />
                <TextField
                    label=Msg::FieldInitialPassword
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    required=true
                    hint=Msg::PasswordHint
                    error=error
                />
                <FormError error=not_field(error) />
                <Saved when=action_ok(create) msg=Msg::UserCreated />
                <button type="submit" class="primary">
                    {tr(Msg::UserAdd)}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn UserItem(u: UserView) -> impl IntoView {
    view! {
        <li>
            <a class="item" class:inactive=!u.active href=format!("/users/{}", u.id)>
                <span class="item-title">{u.name} " · " {tr(u.post.label())}</span>
                <span class="item-sub">{tr(u.role.label())} " · " {u.title} " " {u.unit} " · " {u.phone}</span>
                {(!u.active).then(|| view! { <span class="tag">{tr(Msg::UserInactive)}</span> })}
            </a>
        </li>
    }
}

#[component]
pub fn UserPage() -> impl IntoView {
    view! {
        <RequireRole roles=OFFICE>
            <UserEdit />
        </RequireRole>
    }
}

#[component]
fn UserEdit() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let update = ServerAction::<UpdateUser>::new();
    let active = ServerAction::<SetUserActive>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let user = Resource::new(
        move || (id(), update.version().get(), active.version().get()),
        |(id, _, _)| get_user(id),
    );
    let i18n = crate::i18n::use_i18n();
    view! {
        <p>
            <a href="/users">{tr(Msg::UsersTitle)}</a>
        </p>
        <Suspense fallback=Loading>
            {move || {
                user.get()
                    .map(|r| match r {
                        Ok(u) => view! { <UserForms u update active reset /> }.into_any(),
                        Err(e) => view! { <p class="banner error">{e.message(i18n.get())}</p> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn UserForms(
    u: UserView,
    update: ServerAction<UpdateUser>,
    active: ServerAction<SetUserActive>,
    reset: ServerAction<ResetPassword>,
) -> impl IntoView {
    let error = action_error(update);
    let reset_error = action_error(reset);
    let active_error = action_error(active);
    let now_active = u.active;
    view! {
        <section class="card">
            <h1>{u.name.clone()}</h1>
            <ActionForm action=update>
                <input type="hidden" name="id" value=u.id />
                <TextField label=Msg::FieldName name="name" value=u.name.clone() required=true error=error />
                <TextField label=Msg::FieldPhone name="phone" kind="tel" value=u.phone.clone() required=true error=error />
                <TextField label=Msg::FieldTitle name="title" value=u.title.clone() error=error />
                <TextField label=Msg::FieldUnit name="unit" value=u.unit.clone() error=error />
                <SelectField label=Msg::FieldRole name="role" options=role_options() selected=u.role.code() error=error />
                <SelectField label=Msg::UserPost name="post" options=post_options() selected=u.post.code() error=error />
                <TextField label=Msg::UserDuties name="duties" value=u.duties.clone() hint=Msg::UserDutiesHint error=error />
                <FormError error=not_field(error) />
                <Saved when=action_ok(update) msg=Msg::Saved />
                <button type="submit" class="primary">
                    {tr(Msg::Save)}
                </button>
            </ActionForm>
        </section>
        <section class="card">
            <h2>{tr(Msg::ResetPassword)}</h2>
            <ActionForm action=reset>
                <input type="hidden" name="id" value=u.id />
                <TextField
                    label=Msg::FieldNewPassword
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    hint=Msg::PasswordHint
                    error=reset_error
                />
                <FormError error=not_field(reset_error) />
                <Saved when=action_ok(reset) msg=Msg::PasswordWasReset />
                <button type="submit">{tr(Msg::ResetPassword)}</button>
            </ActionForm>
        </section>
        {(u.role != Role::Admin).then(|| view! { <HandoverForm from=u.id /> })}
        <section class="card">
            <h2>{tr(Msg::AccountStatus)}</h2>
            <p>{tr(if now_active { Msg::UserActive } else { Msg::UserInactive })}</p>
            <ActionForm action=active>
                <input type="hidden" name="id" value=u.id />
                <input type="hidden" name="active" value=(!now_active).to_string() />
                <FormError error=active_error />
                <button type="submit" class=if now_active { "danger" } else { "primary" }>
                    {tr(if now_active { Msg::Deactivate } else { Msg::Activate })}
                </button>
            </ActionForm>
        </section>
    }
}

/// A departing cadre's work to a successor in one step, after a confirmation.
#[component]
fn HandoverForm(from: i64) -> impl IntoView {
    let handover = ServerAction::<HandOver>::new();
    let error = action_error(handover);
    let users = Resource::new(|| (), |_| list_users());
    let successor = RwSignal::new(String::new());
    let i18n = crate::i18n::use_i18n();
    view! {
        <section class="card">
            <h2>{tr(Msg::HandoverTitle)}</h2>
            <p class="hint">{tr(Msg::HandoverHint)}</p>
            <Suspense fallback=Loading>
                {move || users.get().and_then(|r| r.ok()).map(|us| {
                    let people: Vec<(i64, String)> = us
                        .into_iter()
                        .filter(|u| u.active && u.role != Role::Admin && u.id != from)
                        .map(|u| (u.id, format!("{} · {}", u.name, u.title)))
                        .collect();
                    view! {
                        <div class="field" class:invalid=move || error.get().and_then(|e| e.field("to")).is_some()>
                            <label for="f-to">{tr(Msg::HandoverTo)}</label>
                            <select id="f-to" on:change=move |ev| successor.set(event_target_value(&ev))>
                                <option value="">{tr(Msg::HandoverChoose)}</option>
                                {people.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                            </select>
                            <p class="field-error" data-testid="error-to">
                                {move || error.get().and_then(|e| e.field("to")).map(|m| m.text(i18n.get()))}
                            </p>
                        </div>
                    }
                })}
            </Suspense>
            <FormError error=not_field(error) />
            {move || handover.value().get().and_then(|r| r.ok()).map(|h| view! {
                <p class="banner ok" role="status" data-testid="handover-done">
                    {move || Msg::HandoverDone.fmt(i18n.get(), &[
                        &h.households.to_string(), &h.items.to_string(), &h.pairings.to_string(), &h.cards.to_string(),
                    ])}
                </p>
            })}
            <button
                type="button"
                class="danger"
                data-testid="handover"
                on:click=move |_| {
                    if confirmed(Msg::HandoverConfirm.text(i18n.locale.get_untracked())) {
                        handover.dispatch(HandOver { from, to: successor.get_untracked() });
                    }
                }
            >
                {tr(Msg::HandoverSubmit)}
            </button>
        </section>
    }
}
