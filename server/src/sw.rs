//! The service worker script, made at start-up from the built site: it lists the shell's
//! files and carries a version derived from their content, so each build gets its own caches.
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use sha2::{Digest, Sha256};
use std::path::Path;

const TEMPLATE: &str = include_str!("sw.js");

pub fn script(site_root: &Path) -> anyhow::Result<String> {
    script_for(site_root, app::app::OFFLINE_PAGES)
}

/// The script for the site at `site_root` with `pages` (paths) stored for offline use.
fn script_for(site_root: &Path, pages: &[&str]) -> anyhow::Result<String> {
    let pages = serde_json::to_string(pages)?;
    let mut files = Vec::new();
    walk(site_root, site_root, &mut files)?;
    files.sort();
    // The worker's own code and its offline pages are part of the version: a new worker never
    // shares (and, failing its install, never deletes) the caches of the one serving now.
    let mut hash = Sha256::new();
    hash.update(TEMPLATE.as_bytes());
    hash.update(pages.as_bytes());
    for (url, path) in &files {
        hash.update(url.as_bytes());
        // The WASM's name already carries its content hash; reading it would only be slow.
        if !url.ends_with(".wasm") {
            hash.update(std::fs::read(path)?);
        }
    }
    let version: String = hash.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let urls: Vec<&String> = files.iter().map(|(u, _)| u).collect();
    Ok(TEMPLATE
        .replace("__VERSION__", &version)
        .replace("__ASSETS__", &serde_json::to_string(&urls)?)
        .replace("__PAGES__", &pages)
        .replace("__WORKER_HEADER__", app::ui::plain::WORKER_HEADER)
        .replace("__PLAIN_HEADER__", app::ui::plain::PLAIN_HEADER))
}

fn walk(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, std::path::PathBuf)>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(root, &path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e != "ts" && e != "br" && e != "gz")
        {
            if let Ok(rel) = path.strip_prefix(root) {
                let url = format!("/{}", rel.to_string_lossy().replace('\\', "/"));
                out.push((url, path));
            }
        }
    }
    Ok(())
}

pub fn response(script: &'static str) -> axum::response::Response {
    if script.is_empty() {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            // The worker fetches from its own origin; the default policy for non-pages forbids it.
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'self'"),
            ),
        ],
        script,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::script_for;

    fn version(script: &str) -> &str {
        let at = script.find("const VERSION = \"").expect("a version") + 17;
        &script[at..at + 12]
    }

    /// A row marked offline, or no longer, is a new worker with caches of its own.
    #[test]
    fn the_offline_pages_are_part_of_the_version() {
        let site = std::env::temp_dir().join(format!("shugen-sw-{}", std::process::id()));
        std::fs::create_dir_all(site.join("pkg")).unwrap();
        std::fs::write(site.join("pkg/app.js"), "export {}").unwrap();
        let one = script_for(&site, &["/visits"]).unwrap();
        let two = script_for(&site, &["/visits", "/ledger/new"]).unwrap();
        assert!(one.contains(r#"const PAGES = ["/visits"];"#), "{one}");
        assert!(one.contains(r#""/pkg/app.js""#));
        // Every placeholder filled: the worker's header names among them.
        assert!(!one.contains("__"), "{one}");
        assert!(one.contains(r#"const WORKER_HEADER = "x-shugen-worker";"#));
        assert_ne!(version(&one), version(&two));
        assert_eq!(
            version(&one),
            version(&script_for(&site, &["/visits"]).unwrap())
        );
        std::fs::remove_dir_all(&site).unwrap();
    }
}
