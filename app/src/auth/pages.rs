//! The sign-in page and the "me" page (language, sign out).
use crate::auth::context::use_auth;
use crate::i18n::use_i18n;
use crate::i18n::{tr, Msg};
use crate::ui::form::{action_error, not_field, FormError, TextField};
use crate::ui::layout::{Fresh, LangSwitch, RequireRole, EVERYONE};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::task::spawn_local;
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
                <FormError error=not_field(error) />
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
                            <PasswordCard />
                            <LogoutCard />
                        }
                    })
            }}
        </RequireRole>
    }
}

/// Shown on every page when the phone's sync finds the session ended: the same account signs
/// in again where the user is, and what waits on the phone is sent. Nothing is lost meanwhile.
#[component]
pub fn SignInAgain() -> impl IntoView {
    let auth = use_auth();
    let outbox = crate::offline::engine::use_outbox();
    let error = action_error(auth.login);
    let expired = move || outbox.state.get() == crate::offline::engine::SyncState::SignedOut;
    // Signed in again: send what waits now, not at the next timer.
    Effect::new(move |_| {
        if matches!(auth.login.value().get(), Some(Ok(()))) && expired() {
            outbox.sync_now();
        }
    });
    move || {
        // Read `me` only once expired: never during the server render or hydration.
        if !expired() {
            return None;
        }
        let user = auth.user()?;
        Some(view! {
            <section class="card banner notice" role="alert" data-testid="sign-in-again">
                <p>{tr(Msg::SessionExpired)}</p>
                <ActionForm action=auth.login>
                    <input type="hidden" name="again" value=user.id />
                    <input type="hidden" name="phone" value=user.phone.clone() />
                    <p class="muted">{user.name.clone()} " · " {user.phone.clone()}</p>
                    <TextField
                        label=Msg::FieldPassword
                        name="password"
                        kind="password"
                        autocomplete="current-password"
                        required=true
                        error=error
                    />
                    <FormError error=not_field(error) />
                    <button type="submit" class="primary" data-testid="sign-in-again-submit">
                        {tr(Msg::SignInAgain)}
                    </button>
                </ActionForm>
            </section>
        })
    }
}

/// Everyone changes their own password: the current one, the new one twice.
#[component]
fn PasswordCard() -> impl IntoView {
    let change = ServerAction::<crate::users::api::ChangePassword>::new();
    let error = action_error(change);
    let i18n = use_i18n();
    let done = move || change.value().get().and_then(|r| r.ok());
    // Which success this is (0 before any): a new one rebuilds the form, a refusal keeps it.
    // A memo, so a refusal (still 0, or the same success) rebuilds nothing.
    let successes = Memo::new(move |_| {
        Some::<usize>(if done().is_some() {
            change.version().get()
        } else {
            0
        })
    });
    let form = move |_: usize| {
        view! {
                <ActionForm action=change>
                    <TextField label=Msg::FieldCurrentPassword name="current" kind="password" autocomplete="current-password" required=true error />
                    <TextField label=Msg::FieldNewPassword name="new" kind="password" autocomplete="new-password" required=true error hint=Msg::MePasswordHint />
                    <TextField label=Msg::FieldNewPasswordAgain name="again" kind="password" autocomplete="new-password" required=true error />
                    <FormError error=not_field(error) />
                    <button type="submit" class="primary" data-testid="change-password">{tr(Msg::MePasswordTitle)}</button>
                </ActionForm>
        }
    };
    view! {
        <section class="card">
            <h2>{tr(Msg::MePasswordTitle)}</h2>
            // Rebuilt after each success, so no password stays typed in the boxes.
            <Fresh value=successes children=form />
            {move || done().map(|n| view! {
                <p class="banner ok" role="status" data-testid="password-changed">
                    {move || Msg::MePasswordChanged.fmt(i18n.get(), &[&n.to_string()])}
                </p>
            })}
        </section>
    }
}

/// Signing out wipes the phone's copy, so it is refused while anything is unsent.
#[component]
fn LogoutCard() -> impl IntoView {
    let auth = use_auth();
    let outbox = crate::offline::engine::use_outbox();
    let i18n = crate::i18n::use_i18n();
    let refused = RwSignal::new(None::<crate::offline::engine::Unsent>);
    // The phone's records could not be counted: staying signed in keeps them.
    let unreadable = RwSignal::new(false);
    let logout = move |_| {
        spawn_local(async move {
            let Ok(unsent) = outbox.unsent_parts().await else {
                refused.set(None);
                unreadable.set(true);
                return;
            };
            unreadable.set(false);
            if unsent.total() > 0 {
                refused.set(Some(unsent));
            } else {
                // Even a failed wipe must not keep the user signed in on a shared phone.
                let _ = outbox.wipe().await;
                auth.logout.dispatch(crate::auth::api::Logout {});
            }
        });
    };
    view! {
        <section class="card">
            {move || {
                unreadable.get().then(|| view! {
                    <p class="banner error" role="alert" data-testid="logout-refused">
                        {tr(Msg::LogoutUnreadable)}
                    </p>
                })
            }}
            {move || {
                refused
                    .get()
                    .map(|u| {
                        // The records counted as the badge counts them; drafts named apart,
                        // with where to finish them.
                        let text = move || {
                            let l = i18n.get();
                            let mut parts = Vec::new();
                            if u.outbox > 0 {
                                parts.push(Msg::LogoutRefused.fmt(l, &[&u.outbox.to_string()]));
                            }
                            if u.drafts > 0 {
                                parts.push(Msg::LogoutRefusedDrafts.fmt(l, &[&u.drafts.to_string()]));
                            }
                            parts.join(" ")
                        };
                        view! {
                            <p class="banner error" role="alert" data-testid="logout-refused">
                                {text}
                                " "
                                <a href="/visits">{tr(Msg::VisitsMine)}</a>
                                {(u.drafts > 0).then(|| view! {
                                    " · " <a href="/visits/new">{tr(Msg::VisitNewTitle)}</a>
                                    " · " <a href="/feedback/new">{tr(Msg::FeedbackCapture)}</a>
                                })}
                            </p>
                        }
                    })
            }}
            <button type="button" class="danger" data-testid="logout" on:click=logout>
                {tr(Msg::Logout)}
            </button>
            <LogoutOthers />
        </section>
    }
}

/// Ends this account's sessions everywhere else (a lost phone, a shared PC); this device stays
/// signed in and keeps its records.
#[component]
fn LogoutOthers() -> impl IntoView {
    let action = ServerAction::<crate::auth::api::LogoutOthers>::new();
    let i18n = crate::i18n::use_i18n();
    view! {
        <button
            type="button"
            class="other-sessions"
            data-testid="logout-others"
            on:click=move |_| {
                action.dispatch(crate::auth::api::LogoutOthers {});
            }
        >
            {tr(Msg::LogoutOthers)}
        </button>
        {move || {
            action
                .value()
                .get()
                .map(|r| match r {
                    Ok(n) => view! {
                        <p class="banner ok" role="status" data-testid="logout-others-done">
                            {move || match n {
                                0 => Msg::LogoutOthersNone.text(i18n.get()).to_string(),
                                n => Msg::LogoutOthersDone.fmt(i18n.get(), &[&n.to_string()]),
                            }}
                        </p>
                    }
                    .into_any(),
                    Err(e) => view! { <p class="banner error" role="alert">{e.message(i18n.get())}</p> }
                        .into_any(),
                })
        }}
    }
}
