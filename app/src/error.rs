//! The one error type of the server-function boundary. It carries a translatable message
//! key, never database text; the cause goes to the log on the server.
use crate::i18n::{Locale, Msg};
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// One field's validation failure: which form field, and what to tell the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub msg: Msg,
}

impl FieldError {
    pub fn new(field: &str, msg: Msg) -> Self {
        Self {
            field: field.to_string(),
            msg,
        }
    }

    /// A checked text field of a form that names every problem at once: the text (empty
    /// when optional and left out), or empty with `field`'s problem added to `errors`.
    pub fn text(
        errors: &mut Vec<FieldError>,
        field: &str,
        r: Result<Option<String>, Msg>,
    ) -> String {
        match r {
            Ok(v) => v.unwrap_or_default(),
            Err(m) => {
                errors.push(FieldError::new(field, m));
                String::new()
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("wrong phone or password")]
    BadCredentials,
    #[error("too many attempts")]
    Throttled { minutes: u32 },
    #[error("internal error")]
    Internal,
    #[error("{0}")]
    ServerFn(ServerFnErrorErr),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::ServerFn(value)
    }
}

impl AppError {
    pub fn invalid(field: &str, msg: Msg) -> Self {
        AppError::Invalid(vec![FieldError::new(field, msg)])
    }

    /// The message for a field, if this error names it.
    pub fn field(&self, name: &str) -> Option<Msg> {
        match self {
            AppError::Invalid(errs) => errs.iter().find(|e| e.field == name).map(|e| e.msg),
            _ => None,
        }
    }

    /// A sentence for the user in their language.
    pub fn message(&self, l: Locale) -> String {
        match self {
            AppError::Unauthenticated => Msg::ErrUnauthenticated.text(l).into(),
            AppError::Forbidden => Msg::ErrForbidden.text(l).into(),
            AppError::NotFound => Msg::ErrNotFound.text(l).into(),
            AppError::Invalid(_) => Msg::ErrInvalid.text(l).into(),
            AppError::BadCredentials => Msg::ErrBadCredentials.text(l).into(),
            AppError::Throttled { minutes } => Msg::ErrThrottled.fmt(l, &[&minutes.to_string()]),
            AppError::Internal => Msg::ErrInternal.text(l).into(),
            AppError::ServerFn(ServerFnErrorErr::Request(_)) => Msg::ErrOffline.text(l).into(),
            AppError::ServerFn(
                ServerFnErrorErr::Args(_)
                | ServerFnErrorErr::MissingArg(_)
                | ServerFnErrorErr::Deserialization(_),
            ) => Msg::ErrBadRequest.text(l).into(),
            AppError::ServerFn(_) => Msg::ErrInternal.text(l).into(),
        }
    }

    #[cfg(feature = "ssr")]
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            AppError::Unauthenticated | AppError::BadCredentials => S::UNAUTHORIZED,
            AppError::Forbidden => S::FORBIDDEN,
            AppError::NotFound => S::NOT_FOUND,
            AppError::Invalid(_) => S::UNPROCESSABLE_ENTITY,
            AppError::Throttled { .. } => S::TOO_MANY_REQUESTS,
            AppError::ServerFn(
                ServerFnErrorErr::Args(_)
                | ServerFnErrorErr::MissingArg(_)
                | ServerFnErrorErr::Deserialization(_),
            ) => S::BAD_REQUEST,
            AppError::Internal | AppError::ServerFn(_) => S::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Logs the cause and hides it: the client learns only that something went wrong.
#[cfg(feature = "ssr")]
pub fn internal(context: &str) -> impl FnOnce(anyhow::Error) -> AppError + '_ {
    move |e| {
        tracing::error!(error = ?e, "{context}");
        AppError::Internal
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => AppError::NotFound,
            other => {
                tracing::error!(error = ?other, "database error");
                AppError::Internal
            }
        }
    }
}

/// Runs a server function body and gives its error the right HTTP status, so that a
/// refused call is a 403 (or 401, 422, 429) on the wire, not a 500.
#[cfg(feature = "ssr")]
pub async fn respond<T>(
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let opts = leptos::prelude::use_context::<leptos_axum::ResponseOptions>();
    let result = body.await;
    if let (Err(e), Some(opts)) = (&result, opts) {
        // A plain form post (no WASM yet, or JavaScript off) is answered by a redirect back
        // to its page with the error in the URL, where the form shows it translated; an
        // error status here would turn that redirect into a raw JSON page.
        if !plain_form_post() {
            opts.set_status(e.status());
        }
    }
    result
}

/// True when the browser itself posted a form and expects a page back (`Accept: text/html`),
/// as opposed to the WASM calling a server function.
#[cfg(feature = "ssr")]
fn plain_form_post() -> bool {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}
