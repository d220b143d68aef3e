//! Several servers on one PostgreSQL database (issue 21): servers started at the same moment on
//! an empty database migrate it once and seed it once, and both serve. (The two-server fault
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
