//! Pages served plain: the route table's `plain` section (sign-in) whenever the server is
//! asked for it, and its `plain_when_cold` pages (the diary) in a browser that has not been
//! sent this build's app. They come as the server's HTML and CSS without the app's scripts:
//! they draw at once on a slow link and a cheap phone, with nothing competing for either.
//! One small script (`plain.js`, allowed by the page's nonce) does there what the WASM would
//! have: the language switch, the account typed kept across a refused sign-in's round trip,
//! and, once the page has drawn, the app's files fetched into the browser's cache for the
//! page after it. Opened from inside the app, the same page is the app's as any other.
//! The `paint_first_when_cold` pages (the visit form) are the app's in such a browser, but
//! ask for the app once they have painted ([`paint_first`]) instead of in `<head>`.
//!
//! Which build's app a browser has been sent is the `shugen-app` cookie (the main WASM's
//! content hash, not a secret): set with every page served with the app, and by `plain.js`
//! once it has fetched the app. A browser whose cache lost the files since gets the app's
//! page and fetches them, as every page did before.
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

const SCRIPT: &str = include_str!("plain.js");
const PAINT_FIRST: &str = include_str!("paint_first.js");

/// The cookie naming the build whose app this browser has been sent.
pub const APP_COOKIE: &str = "shugen-app";
/// Sent by the service worker when it stores the offline pages at install: its copies are
/// the app's, whatever build the browser was sent before (`server/src/sw.js`).
pub const WORKER_HEADER: &str = "x-shugen-worker";
/// On a page served plain: the service worker never stores it for offline use.
pub const PLAIN_HEADER: &str = "x-shugen-plain";

/// How the page was served, for the server's layer to say in the response's headers (a
/// header set through `ResponseOptions` from the shell can be lost: `ui/csp.rs`). The layer
/// puts one in each request's extensions.
#[derive(Clone, Default)]
pub struct Slot(Arc<Mutex<Option<Served>>>);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Served {
    /// Without the app's scripts: the response carries `x-shugen-plain: 1`.
    Plain,
    /// With the app; `remember` is the build to set in `shugen-app` when the request's
    /// cookie named another or none. `paint_first`: the app's files are asked for once the
    /// page has painted, not in `<head>` ([`paint_first`]).
    App {
        remember: Option<String>,
        paint_first: bool,
    },
}

impl Slot {
    fn set(&self, served: Served) {
        if let Ok(mut s) = self.0.lock() {
            *s = Some(served);
        }
    }

    /// The headers to add to the response: `(name, value)`, none for a response no page
    /// rendered (a server function, a file).
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        match self.0.lock().ok().and_then(|s| s.clone()) {
            Some(Served::Plain) => vec![(PLAIN_HEADER, "1".into())],
            Some(Served::App {
                remember: Some(build),
                ..
            }) => vec![(
                "set-cookie",
                format!("{APP_COOKIE}={build}; Path=/; Max-Age=31536000; SameSite=Lax"),
            )],
            _ => Vec::new(),
        }
    }
}

/// Marks the page being rendered as served plain (in the context of the shell's owner).
#[derive(Clone, Copy)]
struct PlainPage;

/// The pages served otherwise in a browser whose `shugen-app` cookie does not name this
/// build (the route table's `_when_cold` markers).
#[derive(Clone, Copy)]
pub struct Cold<'a> {
    /// Served plain.
    pub plain: &'a [&'a str],
    /// Served with the app, its files asked for after the first paint.
    pub paint_first: &'a [&'a str],
}

/// How this request's page is served: plain when it opens one of `always`, or one of
/// `cold.plain` in a browser whose `shugen-app` cookie does not name this build; one of
/// `cold.paint_first` in such a browser with the app fetched after its first paint; else
/// with the app. Never cold for the service worker's store, nor when the build's files
/// cannot be read (then nothing could be fetched ahead). Said to the layer's [`Slot`], and
/// to [`served`] for the page itself.
pub fn decide(options: &LeptosOptions, always: &[&str], cold: Cold) -> Served {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return Served::App {
            remember: None,
            paint_first: false,
        };
    };
    let build = built(options).map(|b| b.build.as_str());
    let served = serve(&parts, build, always, cold);
    if let Some(slot) = parts.extensions.get::<Slot>() {
        slot.set(served.clone());
    }
    if served == Served::Plain {
        provide_context(PlainPage);
    }
    served
}

/// [`decide`]'s answer for a request, this build's name (`None`: unreadable).
fn serve(parts: &http::request::Parts, build: Option<&str>, always: &[&str], cold: Cold) -> Served {
    let path = parts.uri.path();
    let held = crate::auth::session::named_cookie(&parts.headers, APP_COOKIE);
    let holds = build.is_some_and(|b| held.as_deref() == Some(b));
    let is_cold = build.is_some() && !holds && !parts.headers.contains_key(WORKER_HEADER);
    if always.contains(&path) || (is_cold && cold.plain.contains(&path)) {
        Served::Plain
    } else {
        Served::App {
            remember: build.filter(|_| !holds).map(str::to_string),
            paint_first: is_cold && cold.paint_first.contains(&path),
        }
    }
}

/// Whether the page being rendered is served plain ([`decide`]): such a page draws from the
/// server what the app would have drawn from the phone.
pub fn served() -> bool {
    use_context::<PlainPage>().is_some()
}

/// The page's script, with the app's files to fetch once it has drawn: those of the main
/// module and of the split points `next` (names in the split manifest) that the page after
/// it hydrates with. On one of `offline` (paths the service worker stores), the script also
/// puts the app's copy of the page in place of an older worker's copy of it (`plain.js`).
pub fn script(options: &LeptosOptions, next: &[&str], offline: &[&str]) -> AnyView {
    let nonce = leptos::nonce::use_nonce();
    let files = app_files(options, next).join(" ");
    let build = built(options).map(|b| b.build.clone());
    let stored = use_context::<http::request::Parts>()
        .is_some_and(|p| offline.contains(&p.uri.path()))
        .then_some(WORKER_HEADER);
    view! {
        <script
            nonce=nonce
            data-app-files=files
            data-app-build=build
            data-app-cookie=APP_COOKIE
            data-plain-header=PLAIN_HEADER
            data-worker-header=stored
            inner_html=SCRIPT
        ></script>
    }
    .into_any()
}

/// The app's scripts for a page that paints first: no preload in `<head>`, and the app's
/// module asked for once the page's first contentful paint has been shown (`paint_first.js`).
/// On a slow link the page then draws without the app's 400 KB competing for it, and
/// hydrates a little later; what is typed meanwhile is kept (`ui/typed.rs`). `None` when the
/// build's files cannot be read: the page then takes `HydrationScripts`.
pub fn paint_first(options: &LeptosOptions) -> Option<AnyView> {
    let built = built(options)?;
    let nonce = leptos::nonce::use_nonce();
    Some(
        view! {
            <script
                nonce=nonce
                data-app-js=built.main[0].clone()
                data-app-wasm=built.main[1].clone()
                inner_html=PAINT_FIRST
            ></script>
        }
        .into_any(),
    )
}

/// What cargo-leptos wrote for this build, read once.
struct Built {
    /// The main WASM's content hash: names the build in `shugen-app`.
    build: String,
    /// `/pkg/shugen.<hash>.js`, `.wasm` (in this order: [`paint_first`] takes them), the
    /// split loader `__wasm_split.<hash>.js` and its manifest, as URLs.
    main: Vec<String>,
    /// `/pkg`.
    pkg: String,
    /// The split manifest: a split point's name → its chunks' file stems (`chunk_7.<hash>`).
    splits: HashMap<String, Vec<String>>,
}

/// The files a page fetches first, as URLs: the main module's and the chunks of the split
/// points `next` (a name the manifest lacks adds nothing). Empty when the build's files
/// cannot be read (said once in the log): the page then fetches nothing ahead, and the page
/// after it fetches its own as it always can.
fn app_files(options: &LeptosOptions, next: &[&str]) -> Vec<String> {
    let Some(built) = built(options) else {
        return Vec::new();
    };
    let mut files = built.main.clone();
    for chunk in next.iter().filter_map(|s| built.splits.get(*s)).flatten() {
        let url = format!("{}/{chunk}.wasm", built.pkg);
        if !files.contains(&url) {
            files.push(url);
        }
    }
    files
}

/// This build's files, read once; `None` (said once in the log) when they cannot be read.
fn built(options: &LeptosOptions) -> Option<&'static Built> {
    static BUILT: OnceLock<Option<Built>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let built = read_built(options);
            if built.is_none() {
                tracing::warn!(
                    "no hash file or split manifest: plain pages fetch nothing ahead, and \
                     the diary is never served plain"
                );
            }
            built
        })
        .as_ref()
}

/// Reads the hash file beside the server's binary (`js: <hash>` lines, as
/// `HydrationScripts` reads it) and the split manifest it names
/// (`{"split": ["chunk_7.<hash>", …]}`).
fn read_built(options: &LeptosOptions) -> Option<Built> {
    let exe = std::env::current_exe().ok()?;
    let hashes = std::fs::read_to_string(exe.parent()?.join(options.hash_file.as_ref())).ok()?;
    let hash = |key: &str| {
        hashes
            .lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim() == key)
            .map(|(_, h)| h.trim().to_string())
    };
    let pkg = format!("/{}", options.site_pkg_dir);
    let name = &options.output_name;
    let manifest_file = format!("__wasm_split_manifest.{}.json", hash("manifest")?);
    let splits = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(options.site_root.as_ref())
                .join(options.site_pkg_dir.as_ref())
                .join(&manifest_file),
        )
        .ok()?,
    )
    .ok()?;
    let build = hash("wasm")?;
    let main = vec![
        format!("{pkg}/{name}.{}.js", hash("js")?),
        format!("{pkg}/{name}.{build}.wasm"),
        format!("{pkg}/__wasm_split.{}.js", hash("split")?),
        format!("{pkg}/{manifest_file}"),
    ];
    Some(Built {
        build,
        main,
        pkg,
        splits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(path: &str, headers: &[(&str, &str)]) -> http::request::Parts {
        let mut req = http::Request::builder().uri(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.body(()).unwrap().into_parts().0
    }

    fn answer(path: &str, headers: &[(&str, &str)], build: Option<&str>) -> Served {
        let cold = Cold {
            plain: &["/visits"],
            paint_first: &["/visits/new"],
        };
        serve(&request(path, headers), build, &["/login"], cold)
    }

    const HELD: Served = Served::App {
        remember: None,
        paint_first: false,
    };

    const THIS: Option<&str> = Some("b1");

    fn remember() -> Served {
        Served::App {
            remember: Some("b1".into()),
            paint_first: false,
        }
    }

    /// The diary is plain to a browser sent no app or another build's, the app's otherwise;
    /// the app's page names the build when the browser's cookie does not.
    #[test]
    fn the_diary_is_plain_until_the_browser_holds_this_build() {
        assert_eq!(answer("/visits", &[], THIS), Served::Plain);
        let other = [("cookie", "lang=zh; shugen-app=b0")];
        assert_eq!(answer("/visits", &other, THIS), Served::Plain);
        let this = [("cookie", "lang=zh; shugen-app=b1; shugen_session=x")];
        assert_eq!(answer("/visits", &this, THIS), HELD);
        assert_eq!(answer("/visits?from=home", &[], THIS), Served::Plain);
        // Other pages are the app's, and say which build they bring.
        assert_eq!(answer("/", &[], THIS), remember());
        assert_eq!(answer("/", &other, THIS), remember());
        assert_eq!(answer("/", &this, THIS), HELD);
    }

    /// The worker's offline copy is always the app's; sign-in always plain; with the build
    /// unreadable nothing could be fetched ahead, so the diary is the app's.
    #[test]
    fn the_worker_gets_the_app_and_sign_in_is_always_plain() {
        assert_eq!(answer("/visits", &[(WORKER_HEADER, "1")], THIS), remember());
        assert_eq!(
            answer("/login", &[("cookie", "shugen-app=b1")], THIS),
            Served::Plain
        );
        assert_eq!(answer("/visits", &[], None), HELD);
        assert_eq!(
            Slot(Arc::new(Mutex::new(Some(remember())))).headers(),
            [(
                "set-cookie",
                "shugen-app=b1; Path=/; Max-Age=31536000; SameSite=Lax".to_string()
            )]
        );
    }

    /// The form paints before it fetches the app in a browser without this build's app, as
    /// the diary is plain there; with the app, for the worker's copy, or with the build
    /// unreadable, it is the app's page as any other.
    #[test]
    fn the_form_paints_first_until_the_browser_holds_this_build() {
        let cold = Served::App {
            remember: Some("b1".into()),
            paint_first: true,
        };
        assert_eq!(answer("/visits/new", &[], THIS), cold);
        let other = [("cookie", "shugen-app=b0")];
        assert_eq!(answer("/visits/new?household=3", &other, THIS), cold);
        let this = [("cookie", "shugen-app=b1")];
        assert_eq!(answer("/visits/new", &this, THIS), HELD);
        assert_eq!(
            answer("/visits/new", &[(WORKER_HEADER, "1")], THIS),
            remember()
        );
        assert_eq!(answer("/visits/new", &[], None), HELD);
        assert_eq!(
            Slot(Arc::new(Mutex::new(Some(cold)))).headers(),
            Slot(Arc::new(Mutex::new(Some(remember())))).headers()
        );
    }
}
