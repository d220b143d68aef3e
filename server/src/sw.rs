//! The service worker script, made at start-up from the built site: it lists the shell's
//! files and carries a version derived from their content, so each build gets its own caches.
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use sha2::{Digest, Sha256};
use std::path::Path;

const TEMPLATE: &str = include_str!("sw.js");

pub fn script(site_root: &Path) -> anyhow::Result<String> {
    let mut files = Vec::new();
    walk(site_root, site_root, &mut files)?;
    files.sort();
    // The worker's own code is part of the version: a new worker never shares (and, failing
    // its install, never deletes) the caches of the one serving now.
    let mut hash = Sha256::new();
    hash.update(TEMPLATE.as_bytes());
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
        .replace(
            "__PAGES__",
            &serde_json::to_string(app::app::OFFLINE_PAGES)?,
        ))
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
