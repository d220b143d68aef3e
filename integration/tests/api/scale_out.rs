//! Several servers on one PostgreSQL database (issue 21): servers started at the same moment on
//! an empty database migrate it once and seed it once, and both serve; writers waiting for the
//! write lock never starve its holder; search reads the same on both backends. (The two-server fault
//! run is in tests/faults, nginx in front of two servers in tests/deploy.) PostgreSQL pass only:
//! SQLite is one server by design.
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
    assert_eq!(one("SELECT COUNT(*) FROM _sqlx_migrations").await, 13);
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
