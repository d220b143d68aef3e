//! Several servers on one PostgreSQL database (issue 21). In the PostgreSQL pass: servers
//! started at the same moment on an empty database migrate it once and seed it once, and both
//! serve; writers waiting for the write lock never starve its holder; a card revoked through
//! one server stops showing on the other at once. In the SQLite pass: both
//! migration directories describe one schema. In both: search reads the same. (The two-server
//! fault run is in tests/faults, nginx in front of two servers in tests/deploy.)
use crate::helpers::*;

#[tokio::test]
async fn servers_started_together_migrate_once_and_seed_once() {
    if !on_postgres() {
        return;
    }
    let url = tokio::task::spawn_blocking(|| integration::postgres::cluster().empty_database())
        .await
        .unwrap();
    let run = |args: &'static [&'static str]| {
        let mut cmd = shugen(&url);
        cmd.args(args);
        async move { cmd.output().await.unwrap() }
    };
    let (a, b, c) = tokio::join!(run(&["migrate"]), run(&["migrate"]), run(&["migrate"]));
    for out in [a, b, c] {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (a, b) = tokio::join!(run(&["demo", "--if-empty"]), run(&["demo", "--if-empty"]));
    for out in [&a, &b] {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (first, second) = tokio::join!(spawn_on(url.clone()), spawn_on(url.clone()));
    let db = first.database().await;
    let one = |sql: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    let migrations = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../app/migrations/postgres"
    ))
    .unwrap()
    .count() as i64;
    assert_eq!(
        one("SELECT COUNT(*) FROM _sqlx_migrations").await,
        migrations,
        "each migration applied once"
    );
    assert_eq!(one("SELECT COUNT(*) FROM villages").await, 3, "seeded once");
    assert_eq!(
        one("SELECT COUNT(*) FROM users WHERE phone = '13800000001'").await,
        1
    );
    for app in [&first, &second] {
        let office = app.signed_in(OFFICE).await;
        assert_eq!(app.household_ids(&office).await.len(), 60);
    }
}

/// A write that reads through `db.read()` midway (the visit's village) while other writers
/// wait for the write lock: with one shared pool the waiters held every connection and the
/// lock's holder waited 30 s for one. Two connections per pool, twelve pushes at once, each a
/// visit with a photo (whose village is read midway).
#[tokio::test]
async fn writers_waiting_for_the_lock_never_starve_the_one_holding_it() {
    if !on_postgres() {
        return;
    }
    let app = spawn_app_with(&[("SHUGEN_PG_CONNECTIONS", "2")]).await;
    let cadre = app.signed_in(CADRE_A).await;
    let hh = app.household_ids(&cadre).await[0];
    // A visit with a photo reads the household's village through `db.read()` midway.
    let mut photos = Vec::new();
    for n in 0..12u64 {
        let (id, bytes) = (
            format!("01936f0e-7000-7b3c-8d4e-{:012}", 4000 + n),
            jpeg(320, 240, n),
        );
        assert_eq!(
            app.upload_photo(&cadre, &id, &bytes).await.0,
            reqwest::StatusCode::OK
        );
        photos.push(photo_ref(&id, &bytes, ""));
    }
    let mut pushes = tokio::task::JoinSet::new();
    for (n, photo) in photos.into_iter().enumerate() {
        let (url, client) = (app.url("/api/sync/visits"), cadre.clone());
        pushes.spawn(async move {
            let visit = serde_json::json!({
                "id": format!("01936f0e-6000-7b3c-8d4e-{:012}", 4000 + n),
                "household_id": hh,
                "visited_at": chrono::Utc::now().to_rfc3339(),
                "method": "home",
                "content": "并发写入",
                "photos": [photo],
            });
            let body = serde_json::json!({ "batch": {
                "schema": 2, "device": format!("starve-{n}"), "visits": [visit] } });
            let started = std::time::Instant::now();
            let res = client.post(url).json(&body).send().await.unwrap();
            (res.status(), started.elapsed())
        });
    }
    while let Some(done) = pushes.join_next().await {
        let (status, took) = done.unwrap();
        assert_eq!(status, reqwest::StatusCode::OK);
        assert!(
            took < std::time::Duration::from_secs(20),
            "a push took {took:?}"
        );
    }
}

/// Searching ignores the case of Latin letters on both backends (SQLite's LIKE does, and
/// PostgreSQL's does not: the SQL lowers both sides).
#[tokio::test]
async fn search_ignores_the_case_of_latin_letters() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let before = app.json(&office, "households/get", &[("id", "1")]).await;
    let population = before["population"].as_i64().unwrap().to_string();
    let form = [
        ("id", "1"),
        ("form[head_name]", "Mary Li"),
        ("form[phone]", ""),
        ("form[population]", population.as_str()),
        ("form[economy]", ""),
        ("form[income_sources]", ""),
        ("form[family_planning]", ""),
        ("form[social_relations]", ""),
    ];
    let res = app.call(&office, "households/update", &form).await;
    let status = res.status();
    assert!(
        status.is_success(),
        "{status} {}",
        res.text().await.unwrap()
    );
    for q in ["mary", "MARY LI", "Li"] {
        let found = app
            .json(
                &office,
                "households/list",
                &[("q", q), ("village", ""), ("tag", ""), ("page", "1")],
            )
            .await;
        let ids: Vec<i64> = found["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_i64().unwrap())
            .collect();
        assert!(ids.contains(&1), "{q}: {found}");
    }
}

/// The two migration directories describe one schema: the same tables with the same columns,
/// each required (NOT NULL or a key) on both or on neither. Types differ by design (TEXT times
/// are TIMESTAMPTZ on PostgreSQL, INTEGER is BIGINT). Runs in the SQLite pass.
#[tokio::test]
async fn both_backends_migrate_to_the_same_tables_and_columns() {
    if on_postgres() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite:{}", dir.path().join("schema.db").display());
    let pg = tokio::task::spawn_blocking(|| integration::postgres::cluster().empty_database())
        .await
        .unwrap();
    for url in [&sqlite, &pg] {
        let out = shugen(url).arg("migrate").output().await.unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    sqlx::any::install_default_drivers();
    let columns = |url: String, sql: &'static str| async move {
        let db = sqlx::AnyPool::connect(&url).await.unwrap();
        let mut rows: Vec<(String, String, i64)> =
            sqlx::query_as(sql).fetch_all(&db).await.unwrap();
        rows.sort();
        rows
    };
    let here = columns(
        sqlite,
        "SELECT m.name, p.name, CASE WHEN p.\"notnull\" = 1 OR p.pk > 0 THEN 1 ELSE 0 END
         FROM sqlite_master m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'",
    )
    .await;
    let there = columns(
        pg,
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT),
                CAST(CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END AS BIGINT)
         FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
    )
    .await;
    let only = |a: &[(String, String, i64)], b: &[(String, String, i64)]| {
        a.iter()
            .filter(|c| !b.contains(c))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert!(here.len() > 300, "{} columns", here.len());
    assert_eq!(
        (only(&here, &there), only(&there, &here)),
        (vec![], vec![]),
        "(SQLite only, PostgreSQL only)"
    );
}

/// A card revoked through one server stops showing on the other at once: the other server's
/// card cache is cleared by the NOTIFY, not left to its 10 s expiry.
#[tokio::test]
async fn a_card_revoked_on_one_server_stops_on_the_other_at_once() {
    if !on_postgres() {
        return;
    }
    let first = spawn_app().await;
    let second = spawn_on(first.database_url().to_string()).await;
    let office = first.signed_in(OFFICE).await;
    let all = first.json(&office, "cards/list", &[]).await;
    let li = all
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["cadre"] == "李明")
        .unwrap()
        .clone();
    let token = li["token"].as_str().unwrap().to_string();
    let villager = reqwest::Client::new();
    let page = |app: &TestApp| {
        let (client, url) = (villager.clone(), app.url(&format!("/c/{token}")));
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    // The second server reads the card and keeps it in its cache.
    assert!(page(&second).await.contains("李明"));
    let res = first
        .call(&office, "cards/revoke", &[("id", &li["id"].to_string())])
        .await;
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    // Well inside the 10 s the cache would otherwise keep it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    while !page(&second).await.contains("此联系卡已停用") {
        assert!(
            std::time::Instant::now() < deadline,
            "the second server still shows the revoked card"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
