//! Pages served plain (the route table's `plain` section: sign-in). Opened cold they come as
//! the server's HTML and CSS without the app's scripts: they draw at once on a slow link and
//! a cheap phone, with nothing competing for either. One small script (`plain.js`, allowed
//! by the page's nonce) does there what the WASM would have: the language switch, the
//! account typed kept across a refused sign-in's round trip, and, once the page has drawn,
//! the app's files fetched into the browser's cache for the page after it. Opened from
//! inside the app (after a sign-out), the same page is the app's as any other.
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::OnceLock;

const SCRIPT: &str = include_str!("plain.js");

/// Whether this request opens one of `pages` (paths as written).
pub fn requested(pages: &[&str]) -> bool {
    use_context::<http::request::Parts>().is_some_and(|p| pages.contains(&p.uri.path()))
}

/// The page's script, with the app's files to fetch once it has drawn: those of the main
/// module and of the split points `next` (names in the split manifest) that the page after
/// it hydrates with.
pub fn script(options: &LeptosOptions, next: &[&str]) -> AnyView {
    let nonce = leptos::nonce::use_nonce();
    let files = app_files(options, next).join(" ");
    view! { <script nonce=nonce data-app-files=files inner_html=SCRIPT></script> }.into_any()
}

/// What cargo-leptos wrote for this build, read once.
struct Built {
    /// `/pkg/shugen.<hash>.js`, `.wasm`, the split loader `__wasm_split.<hash>.js` and its
    /// manifest, as URLs.
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
    static BUILT: OnceLock<Option<Built>> = OnceLock::new();
    let built = BUILT.get_or_init(|| {
        let built = read_built(options);
        if built.is_none() {
            tracing::warn!(
                "no hash file or split manifest: the sign-in page fetches nothing ahead"
            );
        }
        built
    });
    let Some(built) = built else {
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
    let main = vec![
        format!("{pkg}/{name}.{}.js", hash("js")?),
        format!("{pkg}/{name}.{}.wasm", hash("wasm")?),
        format!("{pkg}/__wasm_split.{}.js", hash("split")?),
        format!("{pkg}/{manifest_file}"),
    ];
    Some(Built { main, pkg, splits })
}
