//! `spawn_app()`: the real `shugen` binary, a fresh database seeded with the demo, a random
//! port, and a client that behaves like a browser (cookies, Origin header). The database is
//! a SQLite file, or with `SHUGEN_TEST_BACKEND=postgres` a database of its own on the test
//! process's PostgreSQL (`integration::postgres`).
use reqwest::header::{HeaderMap, HeaderValue, ORIGIN};
use reqwest::{Client, Response, StatusCode};
use std::path::PathBuf;
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub const DEMO_PASSWORD: &str = "shugen-demo";
pub const OFFICE: &str = "13800000001";
pub const LEADER: &str = "13800000010";
pub const CADRE_A: &str = "13800000101";
pub const CADRE_B: &str = "13800000102";
/// A fixed test key: 32 bytes, base64.
const TEST_KEY: &str = "dGhpcyBpcyBhIHRlc3Qga2V5IGZvciBzaHVnZW4hISE=";

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// The `shugen` binary under test (SHUGEN_BIN, else the debug build).
#[allow(dead_code)]
pub fn binary_path() -> PathBuf {
    binary()
}

fn binary() -> PathBuf {
    std::env::var_os("SHUGEN_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target/debug/shugen"))
}

pub struct TestApp {
    pub base: String,
    db_url: String,
    _dir: tempfile::TempDir,
    child: Child,
}

/// True when this run's servers use PostgreSQL.
#[allow(dead_code)]
pub fn on_postgres() -> bool {
    integration::postgres::wanted()
}

/// `shugen` configured for `db_url`, for subcommands on a database no server holds yet.
#[allow(dead_code)]
pub fn shugen(db_url: &str) -> Command {
    command(db_url)
}

fn command(db_url: &str) -> Command {
    let bin = binary();
    assert!(
        bin.exists(),
        "{} is missing: build it with `cargo leptos build` (make test does)",
        bin.display()
    );
    let mut cmd = Command::new(bin);
    cmd.env("DATABASE_URL", db_url)
        .env("SHUGEN_DATA_KEY", TEST_KEY)
        .env("LEPTOS_SITE_ROOT", workspace().join("target/site"))
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "warn")
        .env_remove("SHUGEN_PUBLIC_ORIGIN")
        .kill_on_drop(true);
    cmd
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// Like `spawn_app`, with extra environment for the server (limits a test needs lower).
pub async fn spawn_app_with(env: &[(&str, &str)]) -> TestApp {
    spawn_seeded(&["demo"], env).await
}

/// The demo bureau with its villages, accounts and cards but an empty household register.
#[allow(dead_code)] // the fault-injection binary shares this file
pub async fn spawn_app_without_households() -> TestApp {
    spawn_seeded(&["demo", "--no-households"], &[]).await
}

/// The demo on the backend named, whatever this run's: for comparing the two side by side.
#[allow(dead_code)]
pub async fn spawn_app_on(postgres: bool) -> TestApp {
    seeded_on(postgres, &["demo"], &[]).await
}

async fn spawn_seeded(args: &[&str], env: &[(&str, &str)]) -> TestApp {
    seeded_on(on_postgres(), args, env).await
}

async fn seeded_on(postgres: bool, args: &[&str], env: &[(&str, &str)]) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    if postgres {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let db_url = tokio::task::spawn_blocking(move || {
            integration::postgres::cluster().database_from(&args.join("_"), |url| seed(url, &args))
        })
        .await
        .expect("seeding a template");
        return serve(dir, db_url, env).await;
    }
    let file = dir.path().join("test.db");
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking({
        let file = file.clone();
        move || copy_sqlite_template(&args, &file)
    })
    .await
    .expect("copying a seeded database");
    serve(dir, format!("sqlite:{}", file.display()), env).await
}

/// Seeds a SQLite file with `shugen <args>` once in this test process, then copies it to
/// `to` (the file and, if the seeding left one, its write-ahead log): a seed runs every
/// migration and hashes the demo's passwords, most of a test's set-up time when repeated for
/// each of a hundred tests. The PostgreSQL run does the same with template databases.
fn copy_sqlite_template(args: &[String], to: &std::path::Path) {
    use std::sync::{Mutex, OnceLock};
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    static SEEDED: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let root = ROOT.get_or_init(|| {
        // Under cargo's own scratch folder, one folder a test process; those of processes
        // that have ended are removed (statics are never dropped, so nothing else would).
        let parent = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sqlite-templates");
        if let Ok(entries) = std::fs::read_dir(&parent) {
            for e in entries.flatten() {
                let pid = e.file_name().to_string_lossy().to_string();
                if !PathBuf::from(format!("/proc/{pid}")).exists() {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let root = parent.join(std::process::id().to_string());
        std::fs::create_dir_all(&root).expect("creating the templates' folder");
        root
    });
    let key = args.join("_").replace(|c: char| !c.is_alphanumeric(), "_");
    let template = root.join(format!("{key}.db"));
    let mut seeded = SEEDED.lock().unwrap_or_else(|e| e.into_inner());
    if !seeded.contains(&key) {
        seed(&format!("sqlite:{}", template.display()), args);
        seeded.push(key);
    }
    drop(seeded);
    std::fs::copy(&template, to).expect("copying the template database");
    let wal = |p: &std::path::Path| PathBuf::from(format!("{}-wal", p.display()));
    if wal(&template).exists() {
        std::fs::copy(wal(&template), wal(to)).expect("copying the template's log");
    }
}

/// `shugen <args>` (the demo) on `db_url`, to its end.
fn seed(db_url: &str, args: &[String]) {
    let seeded = command(db_url)
        .into_std()
        .args(args)
        .stdout(Stdio::null())
        .status()
        .expect("running shugen demo");
    assert!(seeded.success(), "shugen demo failed");
}

/// A server on an existing database (a copy made by `shugen copy-db`, say).
#[allow(dead_code)]
pub async fn spawn_on(db_url: String) -> TestApp {
    spawn_on_with(db_url, &[]).await
}

/// `spawn_on` with extra environment for the server.
#[allow(dead_code)]
pub async fn spawn_on_with(db_url: String, env: &[(&str, &str)]) -> TestApp {
    serve(tempfile::tempdir().expect("temp dir"), db_url, env).await
}

/// A server on a copy of a backup file: the restore drill.
pub async fn spawn_restored(backup: &std::path::Path) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("restored.db");
    std::fs::copy(backup, &file).expect("copying the backup");
    let db_url = format!("sqlite:{}", file.display());
    serve(dir, db_url, &[]).await
}

async fn serve(dir: tempfile::TempDir, db_url: String, env: &[(&str, &str)]) -> TestApp {
    let (base, child) = start(&db_url, env).await;
    TestApp {
        base,
        db_url,
        _dir: dir,
        child,
    }
}

/// `shugen serve` on `db_url`; returns once it listens, with its URL.
async fn start(db_url: &str, env: &[(&str, &str)]) -> (String, Child) {
    let mut child = command(db_url)
        .envs(env.iter().copied())
        .arg("serve")
        .stdout(Stdio::piped())
        .spawn()
        .expect("starting shugen serve");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines
            .next_line()
            .await
            .expect("reading shugen's output")
            .expect("shugen exited before listening");
        if let Some(url) = line.strip_prefix("shugen listening on ") {
            break url.trim().to_string();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (base, child)
}

impl TestApp {
    /// SIGKILL, as a power cut or the OOM killer would: no shutdown, no flush. Then a new
    /// server on the same database and the same port, so clients carry on at the same URL.
    #[allow(dead_code)] // the fault-injection binary's
    pub async fn kill_and_restart(&mut self) {
        self.restart_with(&[]).await;
    }

    /// `kill_and_restart` with extra environment for the new server (another data key).
    pub async fn restart_with(&mut self, env: &[(&str, &str)]) {
        self.child.kill().await.expect("killing the server");
        let addr = self.base.trim_start_matches("http://").to_string();
        let mut env = env.to_vec();
        env.push(("LEPTOS_SITE_ADDR", &addr));
        let (base, child) = start(&self.db_url, &env).await;
        assert_eq!(base, self.base);
        self.child = child;
    }

    /// The server's process id (for reading its memory from /proc).
    #[allow(dead_code)]
    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// The binary, configured for this app's database: for subcommands.
    pub fn command(&self) -> Command {
        command(&self.db_url)
    }

    /// A browser-like client: a cookie jar, our Origin on every request, no redirects.
    pub fn client(&self) -> Client {
        client_from(&self.base)
    }

    /// The server's own database, opened beside it: for checks no API offers, and for
    /// playing the intruder who edits it. `Any`: the same checks on either backend (numbers,
    /// text and bytes; it decodes no dates).
    pub async fn database(&self) -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        sqlx::AnyPool::connect(&self.db_url)
            .await
            .expect("opening the test database")
    }

    /// The server's `DATABASE_URL`.
    #[allow(dead_code)]
    pub fn database_url(&self) -> &str {
        &self.db_url
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A server-function call with form-encoded arguments.
    pub async fn call(&self, client: &Client, endpoint: &str, form: &[(&str, &str)]) -> Response {
        client
            .post(self.url(&format!("/api/{endpoint}")))
            .form(form)
            .send()
            .await
            .expect("request")
    }

    pub async fn login(&self, phone: &str, password: &str) -> (Client, Response) {
        let client = self.client();
        let res = self
            .call(
                &client,
                "auth/login",
                &[("phone", phone), ("password", password)],
            )
            .await;
        (client, res)
    }

    /// A signed-in client; panics when the login fails.
    pub async fn signed_in(&self, phone: &str) -> Client {
        let (client, res) = self.login(phone, DEMO_PASSWORD).await;
        assert!(
            res.status().is_success() || res.status().is_redirection(),
            "login as {phone} failed: {}",
            res.status()
        );
        client
    }

    pub async fn json(
        &self,
        client: &Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> serde_json::Value {
        let res = self.call(client, endpoint, form).await;
        assert_eq!(res.status(), StatusCode::OK, "{endpoint}");
        res.json().await.expect("json")
    }

    /// Pushes visits as a phone does (sync schema 2); the per-record answers.
    pub async fn push_visits(
        &self,
        client: &Client,
        visits: Vec<serde_json::Value>,
    ) -> serde_json::Value {
        let res = client
            .post(self.url("/api/sync/visits"))
            .json(&serde_json::json!({ "batch": { "schema": 2, "device": "phone-1", "visits": visits } }))
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.expect("json")
    }

    /// The household ids a client can list (all pages).
    pub async fn household_ids(&self, client: &Client) -> Vec<i64> {
        let mut ids = Vec::new();
        for page in 1.. {
            let p = page.to_string();
            let v = self
                .json(
                    client,
                    "households/list",
                    &[("q", ""), ("village", ""), ("tag", ""), ("page", &p)],
                )
                .await;
            let items = v["items"].as_array().unwrap();
            if items.is_empty() {
                break;
            }
            ids.extend(items.iter().map(|i| i["id"].as_i64().unwrap()));
        }
        ids
    }
}

/// A browser-like client whose pages came from `origin`: a cookie jar, that Origin on every
/// request, no redirects.
pub fn client_from(origin: &str) -> Client {
    let mut headers = HeaderMap::new();
    headers.insert(ORIGIN, HeaderValue::from_str(origin).unwrap());
    Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// ASCII letters and digits as a Chinese keyboard's full-width mode types them: `1` → `１`.
#[allow(dead_code)] // the fault-injection binary shares this file
pub fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
        .collect()
}

/// A village's id by name, as the office sees it (the four helps' tests).
#[allow(dead_code)]
pub async fn village_id(app: &TestApp, office: &Client, name: &str) -> i64 {
    app.json(office, "organisation/villages", &[])
        .await
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == name)
        .and_then(|v| v["id"].as_i64())
        .unwrap_or_else(|| panic!("no village {name}"))
}

/// Pushes a batch of one kind of village record (`/api/sync/<kind>`, schema 1); its answers.
#[allow(dead_code)]
pub async fn push_work(
    app: &TestApp,
    client: &Client,
    kind: &str,
    items: Vec<serde_json::Value>,
) -> serde_json::Value {
    let res = client
        .post(app.url(&format!("/api/sync/{kind}")))
        .json(&serde_json::json!({ "batch": { "schema": 1, "device": "phone-1", "items": items } }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    res.json().await.unwrap()
}

/// One number from the test database.
#[allow(dead_code)]
pub async fn count_rows(app: &TestApp, sql: &str) -> i64 {
    let db = app.database().await;
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(&db)
        .await
        .unwrap()
}

/// The bytes of one part of a photo upload, as the phone sends them.
#[allow(dead_code)]
pub const CHUNK: usize = 128 * 1024;

/// A camera-like JPEG of `width`×`height`: gradients with grain from `seed`, so it compresses
/// as a photo does (about 130 KB per megapixel at quality 85) and no two seeds are alike.
#[allow(dead_code)]
pub fn jpeg(width: u32, height: u32, seed: u64) -> Vec<u8> {
    let mut rng = integration::Rng(seed | 1);
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        let n = (rng.next_u64() % 24) as u8;
        image::Rgb([
            ((x * 255 / width) as u8).saturating_add(n),
            ((y * 255 / height) as u8).saturating_add(n),
            ((seed as u32 + x / 7 + y / 5) % 200) as u8 + n,
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&img)
        .expect("encoding a JPEG");
    out.into_inner()
}

#[allow(dead_code)]
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}

/// A record's reference to a photo, as the phone writes it.
#[allow(dead_code)]
pub fn photo_ref(id: &str, bytes: &[u8], caption: &str) -> serde_json::Value {
    serde_json::json!({ "id": id, "sha256": sha256_hex(bytes), "size": bytes.len(),
                        "caption": caption, "taken_at": "2026-11-30T10:20:00" })
}

#[allow(dead_code)]
impl TestApp {
    /// `PUT /api/photos/{id}/upload` of `bytes[from..to]`, declaring `sha256` for the whole.
    pub async fn put_part(
        &self,
        client: &Client,
        id: &str,
        bytes: &[u8],
        from: usize,
        to: usize,
        sha256: &str,
    ) -> Response {
        client
            .put(self.url(&format!(
                "/api/photos/{id}/upload?offset={from}&size={}&sha256={sha256}",
                bytes.len()
            )))
            .header("content-type", "application/octet-stream")
            .body(bytes[from..to].to_vec())
            .send()
            .await
            .expect("request")
    }

    /// Where the upload of photo `id` stands: `{"received":n,"complete":b}`.
    pub async fn photo_progress(&self, client: &Client, id: &str) -> serde_json::Value {
        let res = client
            .get(self.url(&format!("/api/photos/{id}/upload")))
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.expect("json")
    }

    /// Uploads photo `id` as the phone does: from where the server stands, in parts; the last
    /// answer (status, body).
    pub async fn upload_photo(
        &self,
        client: &Client,
        id: &str,
        bytes: &[u8],
    ) -> (StatusCode, serde_json::Value) {
        let sha = sha256_hex(bytes);
        let mut at = self.photo_progress(client, id).await;
        loop {
            if at["complete"] == true {
                return (StatusCode::OK, at);
            }
            let from = at["received"].as_u64().unwrap() as usize;
            let to = (from + CHUNK).min(bytes.len());
            let res = self.put_part(client, id, bytes, from, to, &sha).await;
            let status = res.status();
            let body: serde_json::Value = res.json().await.expect("json");
            if !(status == StatusCode::OK || status == StatusCode::CONFLICT) {
                return (status, body);
            }
            at = body;
        }
    }
}

/// What the tables and columns the database keeps from others (the rolled-up counts of
/// migration 0015, the name pieces of 0016, the records' villages of 0017) hold that a
/// recount from the records does not, one line per table that differs (empty when they
/// agree).
#[allow(dead_code)]
pub async fn rollup_drift(db: &sqlx::AnyPool) -> Vec<String> {
    let (month, day, lower) = if on_postgres_url(db) {
        (
            "beijing_month(v.visited_at)",
            "beijing_day(hc.assigned_at)",
            "ascii_lower",
        )
    } else {
        (
            "strftime('%Y-%m', v.visited_at, '+8 hours')",
            "date(hc.assigned_at, '+8 hours')",
            "lower",
        )
    };
    let month_of = |col: &str| {
        if on_postgres_url(db) {
            format!("beijing_month({col})")
        } else {
            format!("strftime('%Y-%m', {col}, '+8 hours')")
        }
    };
    let checks = [
        (
            "rollup_village_households",
            "SELECT village_id, households FROM rollup_village_households WHERE households <> 0"
                .to_string(),
            "SELECT g.village_id, COUNT(*) FROM households h
             JOIN village_groups g ON g.id = h.group_id GROUP BY g.village_id"
                .to_string(),
        ),
        (
            "rollup_group_households",
            "SELECT group_id, households FROM rollup_group_households WHERE households <> 0"
                .to_string(),
            "SELECT group_id, COUNT(*) FROM households GROUP BY group_id".to_string(),
        ),
        (
            "rollup_assignments",
            "SELECT user_id, village_id, assigned_on, households FROM rollup_assignments"
                .to_string(),
            format!(
                "SELECT hc.user_id, g.village_id, {day}, COUNT(*) FROM household_cadres hc
                 JOIN households h ON h.id = hc.household_id
                 JOIN village_groups g ON g.id = h.group_id GROUP BY hc.user_id, g.village_id, {day}"
            ),
        ),
        (
            "rollup_visits (per person)",
            "SELECT cadre_id, month, village_id, visits, own_visits, own_households
             FROM rollup_visits"
                .to_string(),
            format!(
                "SELECT cadre_id, month, village_id, COUNT(*), SUM(own),
                        COUNT(DISTINCT CASE WHEN own = 1 THEN household_id END)
                 FROM (SELECT v.cadre_id, {month} AS month, v.village_id, v.household_id,
                              CASE WHEN EXISTS (SELECT 1 FROM household_cadres hc
                                                WHERE hc.household_id = v.household_id
                                                  AND hc.user_id = v.cadre_id)
                                   THEN 1 ELSE 0 END AS own
                       FROM visits v) t
                 GROUP BY cadre_id, month, village_id"
            ),
        ),
        (
            "rollup_visits (households visited)",
            "SELECT month, village_id, SUM(households) FROM rollup_visits
             GROUP BY month, village_id"
                .to_string(),
            format!(
                "SELECT {month}, v.village_id, COUNT(DISTINCT v.household_id) FROM visits v
                 GROUP BY {month}, v.village_id"
            ),
        ),
        (
            "rollup_forms",
            "SELECT month, cadre_id, home_visits, answered FROM rollup_forms".to_string(),
            format!(
                "SELECT {month}, v.cadre_id, COUNT(*),
                        SUM(CASE WHEN v.feedback_form = 'yes'
                                      OR (v.feedback_form = 'no' AND v.no_form_reason <> '')
                                 THEN 1 ELSE 0 END)
                 FROM visits v WHERE v.method = 'home' GROUP BY {month}, v.cadre_id"
            ),
        ),
        (
            "households.in_village_id",
            "SELECT id, in_village_id FROM households".to_string(),
            "SELECT h.id, g.village_id FROM households h
             JOIN village_groups g ON g.id = h.group_id"
                .to_string(),
        ),
        (
            "feedback.in_village_id",
            "SELECT id, in_village_id FROM feedback".to_string(),
            "SELECT f.id, g.village_id FROM feedback f
             LEFT JOIN households h ON h.id = f.household_id
             LEFT JOIN village_groups g ON g.id = h.group_id"
                .to_string(),
        ),
        (
            "feedback.resolved_at",
            "SELECT id, resolved_at FROM feedback".to_string(),
            "SELECT f.id, (SELECT MIN(r.at) FROM feedback_replies r
                           WHERE r.feedback_id = f.id AND r.status = 'resolved')
             FROM feedback f"
                .to_string(),
        ),
        (
            "ledger_items.in_village_id",
            "SELECT id, in_village_id FROM ledger_items".to_string(),
            "SELECT i.id, COALESCE(i.village_id, g.village_id) FROM ledger_items i
             LEFT JOIN households h ON h.id = i.household_id
             LEFT JOIN village_groups g ON g.id = h.group_id"
                .to_string(),
        ),
        (
            "rollup_feedback",
            "SELECT month, village_id, cadre_id, forms FROM rollup_feedback WHERE forms <> 0"
                .to_string(),
            format!(
                "SELECT {}, COALESCE(in_village_id, 0),
                        CASE WHEN in_village_id IS NULL THEN COALESCE(cadre_id, 0) ELSE 0 END,
                        COUNT(*)
                 FROM feedback GROUP BY 1, 2, 3",
                month_of("received_at")
            ),
        ),
        (
            "rollup_closed",
            "SELECT month, village_id, items FROM rollup_closed WHERE items <> 0".to_string(),
            format!(
                "SELECT {}, COALESCE(i.in_village_id, 0), COUNT(DISTINCT e.item_id)
                 FROM ledger_events e JOIN ledger_items i ON i.id = e.item_id
                 WHERE e.step = 'close' GROUP BY 1, 2",
                month_of("e.at")
            ),
        ),
        (
            "search_name_grams",
            "SELECT gram, household_id FROM search_name_grams".to_string(),
            format!(
                "SELECT DISTINCT substr({lower}(n.name), p.i, w.n), n.household_id
                 FROM (SELECT id AS household_id, head_name AS name FROM households
                       UNION ALL SELECT household_id, name FROM household_members) n
                 JOIN search_positions p ON p.i <= length(n.name)
                 JOIN (SELECT 1 AS n UNION ALL SELECT 2) w ON p.i + w.n - 1 <= length(n.name)"
            ),
        ),
    ];
    let mut out = Vec::new();
    for (table, kept, recount) in checks {
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT * FROM ({kept} EXCEPT {recount}) a
                                   UNION ALL SELECT * FROM ({recount} EXCEPT {kept}) b) d"
        );
        let n: i64 = sqlx::query_scalar(&sql)
            .fetch_one(db)
            .await
            .unwrap_or_else(|e| panic!("{table}: {e}\n{sql}"));
        if n > 0 {
            out.push(format!("{table}: {n} rows differ from a recount"));
        }
    }
    out
}

/// Fails, naming the tables that differ, when the derived data has drifted from a recount
/// (`rollup_drift`); `after` says after what.
#[allow(dead_code)]
pub async fn assert_no_drift(db: &sqlx::AnyPool, after: &str) {
    let drift = rollup_drift(db).await;
    assert!(drift.is_empty(), "{after}: {drift:?}");
}

fn on_postgres_url(db: &sqlx::AnyPool) -> bool {
    db.connect_options()
        .database_url
        .scheme()
        .starts_with("postgres")
}

/// A person's account by name, as the office's account list shows it.
#[allow(dead_code)]
pub async fn user(app: &TestApp, office: &reqwest::Client, name: &str) -> serde_json::Value {
    app.json(office, "users/list", &[])
        .await
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("no user {name}"))
}

/// A person's id by name.
#[allow(dead_code)]
pub async fn user_id(app: &TestApp, office: &reqwest::Client, name: &str) -> i64 {
    user(app, office, name).await["id"].as_i64().unwrap()
}
