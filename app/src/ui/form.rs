//! Form fields that show their own translated error beside them and keep what was typed.
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, Msg};
use leptos::prelude::*;

/// The error of a server action's last run, if it failed.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    // Without WASM the form posted itself and the server sent the page back with the error
    // in its URL; the router hands it over as `ServerActionError`, shown until the next run.
    let from_url = use_context::<leptos::server::ServerActionError>()
        .filter(|e| e.path() == I::PATH)
        .map(|e| server_fn::error::ServerFnUrlError::<AppError>::decode_err(e.err()));
    Signal::derive(move || match action.value().get() {
        Some(r) => r.err(),
        None if action.version().get() == 0 => from_url.clone(),
        None => None,
    })
}

/// True once the action's last run succeeded.
pub fn action_ok<I, O>(action: ServerAction<I>) -> Signal<bool>
where
    I: server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || matches!(action.value().get(), Some(Ok(_))))
}

/// A prefix for the ids of the fields inside a component that repeats on one page (a form
/// per agenda item), so each label points at its own field.
#[derive(Clone)]
pub struct IdScope(pub String);

fn field_id(key: &str) -> String {
    let scope = use_context::<IdScope>().map(|s| s.0).unwrap_or_default();
    format!("f-{scope}{key}")
}

/// The field an error names: inputs of a struct argument are posted as `arg[field]` (`form`,
/// `day`, `fund` …), while the server names the field alone.
fn error_key(name: &str) -> &str {
    name.split_once('[')
        .and_then(|(_, rest)| rest.strip_suffix(']'))
        .unwrap_or(name)
}

/// The part of a field's name its element id is made of: `form[x]` is `x`, other arguments
/// keep their prefix, so two forms on one page with the same field names keep distinct ids.
fn id_key(name: &str) -> &str {
    name.strip_prefix("form[")
        .and_then(|s| s.strip_suffix(']'))
        .unwrap_or(name)
}

/// A checkbox; its argument arrives only when ticked.
#[component]
pub fn CheckField(label: Msg, name: &'static str, checked: bool) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" name=name checked=checked />
            <span>{tr(label)}</span>
        </label>
    }
}

/// What every field shares: its box, its label, a hint, and its translated error beside it.
#[component]
fn Field(
    label: Msg,
    name: &'static str,
    error: Signal<Option<AppError>>,
    hint: Option<Msg>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = error_key(name);
    // A field error says what to fix; once the field is edited it no longer holds, so it goes
    // (until the next answer from the server says otherwise).
    let edited = Edited(RwSignal::new(false));
    Effect::new(move |_| {
        error.track();
        edited.0.set(false);
    });
    provide_context(edited);
    let msg = move || {
        error
            .get()
            .and_then(|e| e.field(key))
            .filter(|_| !edited.0.get())
    };
    view! {
        <div
            class="field"
            class:invalid=move || msg().is_some()
            on:input=move |_| edited.0.set(true)
            on:change=move |_| edited.0.set(true)
        >
            <label for=field_id(id_key(name))>{tr(label)}</label>
            {children()}
            {hint.map(|h| view! { <p class="hint">{tr(h)}</p> })}
            <p class="field-error" data-testid=format!("error-{key}")>
                {move || msg().map(|m| m.text(i18n.get()))}
            </p>
        </div>
    }
}

/// Set once the user edits a field after an answer: its error is no longer shown.
#[derive(Clone, Copy)]
struct Edited(RwSignal<bool>);

/// `aria-invalid` for the control of field `name`, inside its `Field`.
fn invalid(
    error: Signal<Option<AppError>>,
    name: &'static str,
) -> impl Fn() -> Option<&'static str> {
    let edited = use_context::<Edited>();
    move || {
        error
            .get()
            .and_then(|e| e.field(error_key(name)))
            .filter(|_| !edited.is_some_and(|e| e.0.get()))
            .map(|_| "true")
    }
}

#[component]
pub fn TextField(
    label: Msg,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional, into)] value: String,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<Msg>,
) -> impl IntoView {
    view! {
        <Field label name error hint>
            <input
                id=field_id(id_key(name))
                type=kind.unwrap_or("text")
                name=name
                value=value
                autocomplete=autocomplete
                inputmode=inputmode
                required=required
                aria-invalid=invalid(error, name)
            />
        </Field>
    }
}

/// A `<textarea>`'s text, ready to be its child. tachys 0.2.19 writes textarea children on
/// the server without escaping them (leptos-rs/leptos#4821, fixed only in tachys 0.3), so a
/// saved value holding `</textarea>` would end the element and inject markup: the server
/// escapes it here. The browser never re-renders these children when it hydrates, and makes
/// them a text node (nothing parsed) when it renders the page itself.
pub fn textarea_text(value: String) -> String {
    #[cfg(feature = "ssr")]
    return html_escape::encode_text(&value).into_owned();
    #[cfg(not(feature = "ssr"))]
    value
}

/// A multi-line text field.
#[component]
pub fn TextAreaField(
    label: Msg,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional, into)] value: String,
    #[prop(optional)] hint: Option<Msg>,
) -> impl IntoView {
    view! {
        <Field label name error hint>
            <textarea id=field_id(id_key(name)) name=name rows="3" aria-invalid=invalid(error, name)>
                {textarea_text(value)}
            </textarea>
        </Field>
    }
}

/// A `<select>` of fixed choices, each with a translated label.
#[component]
pub fn SelectField(
    label: Msg,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    options: Vec<(String, Msg)>,
    #[prop(optional, into)] selected: String,
) -> impl IntoView {
    view! {
        <Field label name error hint=None>
            <select id=field_id(id_key(name)) name=name>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let sel = value == selected;
                        view! {
                            <option value=value selected=sel>
                                {tr(text)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </Field>
    }
}

/// A `<select>` of people by name; `blank` adds a first "none" choice.
#[component]
pub fn PersonSelect(
    label: Msg,
    name: &'static str,
    people: Vec<(i64, String)>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] blank: Option<Msg>,
    #[prop(optional)] selected: Option<i64>,
) -> impl IntoView {
    view! {
        <Field label name error hint=None>
            <select id=field_id(id_key(name)) name=name>
                {blank.map(|b| view! { <option value="">{tr(b)}</option> })}
                {people
                    .into_iter()
                    .map(|(id, text)| {
                        view! {
                            <option value=id selected=selected == Some(id)>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </Field>
    }
}

/// A translated message under a field, from whatever the form keeps its errors in.
#[component]
pub fn FieldMsg(msg: impl Fn() -> Option<Msg> + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="field-error" role="alert">
            {move || msg().map(|m| m.text(i18n.get()))}
        </p>
    }
}

/// The part of an action's error that no field shows (permission, throttling, network): what a
/// form's `FormError` says when its fields show their own messages.
pub fn not_field(error: Signal<Option<AppError>>) -> Signal<Option<AppError>> {
    Signal::derive(move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))))
}

/// The error that belongs to no field (permission, throttling, network), as a banner.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|e| {
            // A field error with no field on screen to sit beside: say what it is.
            let text = match &e {
                AppError::Invalid(errs) if !errs.is_empty() => {
                    errs[0].msg.text(i18n.get()).to_string()
                }
                e => e.message(i18n.get()),
            };
            view! {
                <p class="banner error" role="alert">
                    {text}
                </p>
            }
        })
    }
}

/// A short confirmation after a successful action.
#[component]
pub fn Saved(#[prop(into)] when: Signal<bool>, msg: Msg) -> impl IntoView {
    move || {
        when.get().then(|| {
            view! {
                <p class="banner ok" role="status">
                    {tr(msg)}
                </p>
            }
        })
    }
}

/// Asks before something that cannot be undone (a card stopped, work handed over).
pub fn confirmed(question: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        window().confirm_with_message(question).unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = question;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::textarea_text;
    use leptos::prelude::*;

    /// A saved value that closes the textarea stays inside it, as text.
    #[test]
    fn a_textarea_value_cannot_end_the_element() {
        let evil = "a</textarea><script>alert(1)</script>&lt;".to_string();
        let html = view! { <textarea name="x">{textarea_text(evil)}</textarea> }.to_html();
        assert_eq!(
            html,
            "<textarea name=\"x\">a&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;lt;</textarea>"
        );
    }
}
