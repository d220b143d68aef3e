//! The deployment in `deploy/` exercised as it is (`make integration`, with PostgreSQL):
//! Debian's nginx with `deploy/nginx/shugen.conf` (only ports and paths replaced), TLS from a
//! throwaway certificate, in front of two servers on one PostgreSQL database. Through it: a
//! sign-in, a sync, a villager's card page, a precompressed asset; then
//! `deploy/backup-postgres.sh` dumps the database and checks the copy with the app itself.
//!
//! TLS is spoken by `curl` (Debian's), as the test client has no TLS of its own.
#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

use helpers::*;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use tokio::process::Command;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A port nobody listens on now (the kernel's pick, released at once).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `curl -k` with a cookie jar: (status, headers, body).
async fn curl(jar: &Path, args: &[&str]) -> (u16, String, String) {
    let out = Command::new("curl")
        .args(["-sk", "-D", "-", "-o", "-", "-w", "\n%{http_code}"])
        .arg("--cookie")
        .arg(jar)
        .arg("--cookie-jar")
        .arg(jar)
        .args(args)
        .output()
        .await
        .expect("running curl");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let (rest, code) = text.rsplit_once('\n').unwrap_or(("", "0"));
    let (head, body) = rest.split_once("\r\n\r\n").unwrap_or((rest, ""));
    (
        code.trim().parse().unwrap_or(0),
        head.to_lowercase(),
        body.to_string(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nginx_from_deploy_serves_two_servers_on_postgres() {
    assert!(
        on_postgres(),
        "the deployment test runs with SHUGEN_TEST_BACKEND=postgres (make integration)"
    );
    let dir = tempfile::tempdir().unwrap();
    let (https, http) = (free_port(), free_port());
    let origin = format!("https://127.0.0.1:{https}");
    let env = [
        ("SHUGEN_PUBLIC_ORIGIN", origin.as_str()),
        ("SHUGEN_CLIENT_IP_HEADER", "X-Real-IP"),
    ];
    let first = spawn_app_with(&env).await;
    let second = spawn_on_with(first.database_url().to_string(), &env).await;

    // A throwaway certificate for 127.0.0.1.
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let made = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args(["-subj", "/CN=127.0.0.1", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(Stdio::null())
        .status()
        .await
        .unwrap();
    assert!(made.success(), "openssl req failed");

    // The release's asset folder as `make release` leaves it: one built asset, precompressed
    // by the release's own script.
    let asset = std::fs::read_dir(workspace().join("target/site/pkg"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|n| n.ends_with(".css"))
        .expect("a built stylesheet");
    let pkg = dir.path().join("site/pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::copy(
        workspace().join("target/site/pkg").join(&asset),
        pkg.join(&asset),
    )
    .unwrap();
    // And one of wasm-bindgen's snippet files, whose name stays from build to build.
    let snippet = find_file(&workspace().join("target/site/pkg/snippets"), "store.js")
        .expect("the offline store's snippet");
    let snippet = snippet
        .strip_prefix(workspace().join("target/site/pkg"))
        .unwrap()
        .to_string_lossy()
        .to_string();
    std::fs::create_dir_all(pkg.join(&snippet).parent().unwrap()).unwrap();
    std::fs::copy(
        workspace().join("target/site/pkg").join(&snippet),
        pkg.join(&snippet),
    )
    .unwrap();
    let compressed = Command::new("node")
        .arg(workspace().join("scripts/precompress.mjs"))
        .arg(&pkg)
        .status()
        .await
        .unwrap();
    assert!(compressed.success(), "scripts/precompress.mjs failed");

    // deploy/nginx/shugen.conf, only its ports and paths replaced.
    let site = std::fs::read_to_string(workspace().join("deploy/nginx/shugen.conf")).unwrap();
    let upstream = |a: &TestApp| a.base.trim_start_matches("http://").to_string();
    let site = site
        .replace("127.0.0.1:3001", &upstream(&first))
        .replace("127.0.0.1:3002", &upstream(&second))
        .replace(
            "listen 443 ssl http2;",
            &format!("listen 127.0.0.1:{https} ssl http2;"),
        )
        .replace("listen 80;", &format!("listen 127.0.0.1:{http};"))
        .replace("listen [::]:443 ssl http2;\n", "")
        .replace("listen [::]:80;\n", "")
        .replace("/etc/ssl/shugen/fullchain.pem", cert.to_str().unwrap())
        .replace("/etc/ssl/shugen/privkey.pem", key.to_str().unwrap())
        .replace(
            "/opt/shugen/site",
            dir.path().join("site").to_str().unwrap(),
        );
    assert!(
        !site.contains("127.0.0.1:3001") && !site.contains("/etc/ssl"),
        "{site}"
    );
    std::fs::write(dir.path().join("shugen.conf"), site).unwrap();
    let d = dir.path().display();
    let main = format!(
        "daemon off;\nmaster_process off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
         load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n\
         client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
         fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n\
         scgi_temp_path {d}/scgi;\n  include {d}/shugen.conf;\n}}\n"
    );
    std::fs::write(dir.path().join("nginx.conf"), main).unwrap();
    let mut nginx = Command::new("nginx")
        .arg("-p")
        .arg(dir.path())
        .arg("-e")
        .arg(dir.path().join("error.log"))
        .arg("-c")
        .arg(dir.path().join("nginx.conf"))
        .kill_on_drop(true)
        .spawn()
        .expect("starting nginx (make setup installs it)");
    // Listening once a TCP connection is accepted (bounded: 10 s).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while tokio::net::TcpStream::connect(("127.0.0.1", https))
        .await
        .is_err()
    {
        assert!(
            std::time::Instant::now() < deadline,
            "nginx did not start: {}",
            std::fs::read_to_string(dir.path().join("error.log")).unwrap_or_default()
        );
        assert!(nginx.try_wait().unwrap().is_none(), "nginx exited");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    let jar = dir.path().join("cookies.txt");
    // Plain http only redirects to https.
    let (status, head, _) = curl(&jar, &[&format!("http://127.0.0.1:{http}/login")]).await;
    assert_eq!(status, 301);
    assert!(head.contains("location: https://"), "{head}");

    // A sign-in through nginx (the session is the database's: both servers know it).
    let (status, head, body) = curl(
        &jar,
        &[
            "-H",
            &format!("Origin: {origin}"),
            "--data",
            &format!("phone={CADRE_A}&password={DEMO_PASSWORD}"),
            &format!("{origin}/api/auth/login"),
        ],
    )
    .await;
    assert!(status == 200 || status == 302, "{status} {body}");
    assert!(head.contains("strict-transport-security"), "{head}");

    // The household list and a sync, each answered by whichever server nginx chose.
    let (status, _, body) = curl(
        &jar,
        &[
            "-H",
            &format!("Origin: {origin}"),
            "--data",
            "q=&village=&tag=&page=1",
            &format!("{origin}/api/households/list"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let list: serde_json::Value = serde_json::from_str(&body).unwrap();
    let household = list["items"][0]["id"].as_i64().unwrap();
    let visit = serde_json::json!({ "batch": { "schema": 2, "device": "through-nginx", "visits": [{
        "id": "01936f0e-6000-7b3c-8d4e-000000003001",
        "household_id": household,
        "visited_at": chrono::Utc::now().to_rfc3339(),
        "method": "home",
        "content": "经 nginx 同步的走访",
    }] } })
    .to_string();
    for expected in ["Accepted", "Duplicate"] {
        let (status, _, body) = curl(
            &jar,
            &[
                "-H",
                &format!("Origin: {origin}"),
                "-H",
                "Content-Type: application/json",
                "--data",
                &visit,
                &format!("{origin}/api/sync/visits"),
            ],
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert!(body.contains(expected), "{expected}: {body}");
    }

    // A villager's card page, with no cookie at all.
    let out = first
        .command()
        .args(["card", "list"])
        .output()
        .await
        .unwrap();
    let cards = String::from_utf8_lossy(&out.stdout).to_string();
    let token = cards
        .split("/c/")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .expect("a card URL")
        .to_string();
    let empty = dir.path().join("villager.txt");
    let (status, _, body) = curl(&empty, &[&format!("{origin}/c/{token}")]).await;
    assert_eq!(status, 200);
    assert!(body.contains("tel:"), "{body:.300}");

    // Assets come precompressed from disk (brotli when the phone takes it), cached for good.
    for (accept, encoding) in [("br, gzip", "br"), ("gzip", "gzip")] {
        let (status, head, _) = curl(
            &empty,
            &[
                "-H",
                &format!("Accept-Encoding: {accept}"),
                &format!("{origin}/pkg/{asset}"),
            ],
        )
        .await;
        assert_eq!(status, 200);
        assert!(
            head.contains(&format!("content-encoding: {encoding}")),
            "{head}"
        );
        assert!(head.contains("immutable"), "{head}");
    }
    // A snippet is asked again each time: a new release's must reach every phone.
    let (status, head, _) = curl(&empty, &[&format!("{origin}/pkg/{snippet}")]).await;
    assert_eq!(status, 200);
    assert!(
        head.contains("cache-control: no-cache") && !head.contains("immutable"),
        "{head}"
    );

    // The PostgreSQL backup: pg_dump, restored into a scratch database, checked by the app.
    let backups = dir.path().join("backups");
    let out = Command::new(workspace().join("deploy/backup-postgres.sh"))
        .env("DATABASE_URL", first.database_url())
        .env("SHUGEN_BACKUP_DIR", &backups)
        .env("SHUGEN_BIN", binary_path())
        .env(
            "SHUGEN_DATA_KEY",
            "dGhpcyBpcyBhIHRlc3Qga2V5IGZvciBzaHVnZW4hISE=",
        )
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("audit log intact"), "{text}");
    assert!(text.contains("checked"), "{text}");
    let dumps: Vec<_> = std::fs::read_dir(&backups).unwrap().collect();
    assert_eq!(dumps.len(), 1);
    nginx.kill().await.unwrap();
}

/// The first file named `name` under `dir`, searched depth first.
fn find_file(dir: &std::path::Path, name: &str) -> Option<std::path::PathBuf> {
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = find_file(&path, name) {
                return Some(found);
            }
        } else if path.file_name().is_some_and(|n| n == name) {
            return Some(path);
        }
    }
    None
}
