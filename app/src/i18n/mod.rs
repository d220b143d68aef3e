//! Translations. Every string the UI shows is a `Msg` with a Simplified Chinese and an
//! English text side by side in `catalogue.rs`; a key missing a language does not compile.
//! The chosen language lives in the `lang` cookie so the server renders what the browser
//! will hydrate.
mod catalogue;

pub use catalogue::{loaded as texts_loaded, Msg};
use leptos::prelude::*;

crate::code_enum! {
    by_name:
    /// The interface language; its code is the `lang` cookie's and `?lang=`'s value.
    #[derive(Default)]
    pub enum Locale {
        #[default]
        Zh = "zh",
        En = "en",
    }
}

pub const LANG_COOKIE: &str = "lang";

impl Locale {
    pub fn html_lang(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }

    /// The locale named by a `Cookie:` header value; Chinese when absent.
    pub fn from_cookie_header(header: &str) -> Self {
        header
            .split(';')
            .filter_map(|p| p.trim().split_once('='))
            .find(|(k, _)| *k == LANG_COOKIE)
            .and_then(|(_, v)| Locale::parse(v))
            .unwrap_or_default()
    }
}

impl Msg {
    /// The text with `{0}`, `{1}`… replaced by `args`.
    pub fn fmt(self, l: Locale, args: &[&str]) -> String {
        args.iter()
            .enumerate()
            .fold(self.text(l).to_string(), |s, (i, a)| {
                s.replace(&format!("{{{i}}}"), a)
            })
    }
}

/// The app-wide language, provided once by `App`.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    pub fn get(&self) -> Locale {
        self.locale.get()
    }

    pub fn get_untracked(&self) -> Locale {
        self.locale.get_untracked()
    }

    /// The language for a text, tracked; Chinese if the page's owner is already gone (a
    /// server render still streaming after its browser went away must not panic).
    fn current(&self) -> Locale {
        self.locale.try_get().unwrap_or_default()
    }

    /// Switches language (once its texts are loaded: English is fetched the first time;
    /// if that fails, nothing changes and the button can be tapped again) and remembers it
    /// for the server's next render.
    pub fn set(&self, l: Locale) {
        #[cfg(feature = "hydrate")]
        {
            let this = *self;
            leptos::task::spawn_local(async move {
                if catalogue::load(l).await {
                    this.apply(l);
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        self.apply(l);
    }

    fn apply(&self, l: Locale) {
        self.locale.set(l);
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Ok(doc) = leptos::prelude::document().dyn_into::<web_sys::HtmlDocument>() {
                let _ = doc.set_cookie(&format!(
                    "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                    l.code()
                ));
            }
        }
    }
}

/// Before hydrating, in the browser: the texts of the language the server rendered the page
/// in (the `lang` cookie's), so the first render matches it. The cookie is read once here and
/// kept: another tab switching language meanwhile must not give this page a language whose
/// texts it has not loaded.
#[cfg(feature = "hydrate")]
pub async fn load_initial() {
    let _ = catalogue::load(*INITIAL.get_or_init(cookie_locale)).await;
}

/// The page's language as `load_initial` found it.
#[cfg(feature = "hydrate")]
static INITIAL: std::sync::OnceLock<Locale> = std::sync::OnceLock::new();

#[cfg(feature = "hydrate")]
fn cookie_locale() -> Locale {
    use wasm_bindgen::JsCast;
    leptos::prelude::document()
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
        .and_then(|d| d.cookie().ok())
        .map(|c| Locale::from_cookie_header(&c))
        .unwrap_or_default()
}

/// The page's language: on the server the request's `lang` cookie, in the browser the one
/// the page was rendered in.
pub(crate) fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|p| {
                p.headers
                    .get(http::header::COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .map(Locale::from_cookie_header)
            })
            .unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        *INITIAL.get_or_init(cookie_locale)
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Locale::default()
    }
}

pub fn provide_i18n() -> I18n {
    let i18n = I18n {
        locale: RwSignal::new(initial_locale()),
    };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or(I18n {
        locale: RwSignal::new(Locale::default()),
    })
}

/// A reactive text for views and attributes: `{tr(Msg::Save)}`, `placeholder=tr(Msg::Phone)`.
pub fn tr(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || msg.text(i18n.current())
}

/// Like `tr`, with `{0}`… filled in.
pub fn trf(msg: Msg, args: Vec<String>) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let i18n = use_i18n();
    move || {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        msg.fmt(i18n.current(), &refs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_parsing_and_formatting() {
        assert_eq!(Locale::from_cookie_header("a=b; lang=en"), Locale::En);
        assert_eq!(Locale::from_cookie_header("lang=xx"), Locale::Zh);
        assert_eq!(Locale::from_cookie_header(""), Locale::Zh);
        assert!(Msg::ErrThrottled.fmt(Locale::En, &["7"]).contains('7'));
        assert!(!Msg::ErrThrottled.fmt(Locale::Zh, &["7"]).contains("{0}"));
    }
}
