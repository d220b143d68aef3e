//! The sign-in page and the "me" page (language, sign out).
use crate::app::use_auth;
use crate::i18n::{tr, Msg};
use crate::ui::form::{action_error, FormError, TextField};
use crate::ui::layout::{LangSwitch, RequireRole, EVERYONE};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::Redirect;

#[component]
pub fn LoginPage() -> impl IntoView {
    let auth = use_auth();
    let error = action_error(auth.login);
    view! {
        <Suspense>
            {move || {
                auth.user()
                    .map(|_| view! { <Redirect path="/" /> })
            }}
        </Suspense>
        <section class="card login">
            <h1>{tr(Msg::LoginTitle)}</h1>
            <p class="muted">{tr(Msg::AppTagline)}</p>
            <ActionForm action=auth.login>
                <TextField
                    label=Msg::FieldPhone
                    name="phone"
                    kind="tel"
                    inputmode="numeric"
                    autocomplete="username"
                    required=true
                    error=error
                />
                <TextField
                    label=Msg::FieldPassword
                    name="password"
                    kind="password"
                    autocomplete="current-password"
                    required=true
                    error=error
                />
                <FormError error=Signal::derive(move || {
                    error.get().filter(|e| !matches!(e, crate::error::AppError::Invalid(_)))
                }) />
                <button type="submit" class="primary" disabled=move || auth.login.pending().get()>
                    {tr(Msg::LoginSubmit)}
                </button>
            </ActionForm>
            <p class="muted small">{tr(Msg::LoginHelp)}</p>
        </section>
    }
}

#[component]
pub fn MePage() -> impl IntoView {
    let auth = use_auth();
    view! {
        <RequireRole roles=EVERYONE>
            {move || {
                auth.user()
                    .map(|u| {
                        view! {
                            <section class="card">
                                <h1>{u.name.clone()}</h1>
                                <p class="muted">{tr(u.role.label())} " · " {u.title.clone()}</p>
                            </section>
                            <section class="card">
                                <h2>{tr(Msg::MeLanguage)}</h2>
                                <LangSwitch />
                            </section>
                            <section class="card">
                                <ActionForm action=auth.logout>
                                    <button type="submit" class="danger" data-testid="logout">
                                        {tr(Msg::Logout)}
                                    </button>
                                </ActionForm>
                            </section>
                        }
                    })
            }}
        </RequireRole>
    }
}
