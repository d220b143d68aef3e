//! `shugen copy-db` (issue 21): a populated SQLite database moved into an empty PostgreSQL one,
//! every row and the audit chain proven on the PostgreSQL side, and the app serving from it.
//! Runs in the SQLite pass only (its source is a SQLite file); it starts the test cluster.
use crate::helpers::*;
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;

const TABLES: &[&str] = &[
    "users",
    "households",
    "household_members",
    "visits",
    "feedback",
    "feedback_replies",
    "photos",
    "cards",
    "obligations",
    "audit_log",
];

async fn counts(db: &sqlx::AnyPool) -> Vec<i64> {
    let mut out = Vec::new();
    for t in TABLES {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {t}"))
            .fetch_one(db)
            .await
            .unwrap();
        out.push(n);
    }
    out
}

#[tokio::test]
async fn a_sqlite_database_moves_to_postgres_whole_and_serves_from_there() {
    if on_postgres() {
        return;
    }
    let app = spawn_app().await;
    let cadre = app.signed_in(CADRE_A).await;
    let hh = app.household_ids(&cadre).await[0];
    // A photo (bytes in a BLOB) on a visit, and a second visit without.
    let photo = jpeg(1200, 900, 21);
    let pid = "01936f0e-7000-7b3c-8d4e-000000002101";
    assert_eq!(
        app.upload_photo(&cadre, pid, &photo).await.0,
        StatusCode::OK
    );
    let visit = |n: u32, photos: Vec<serde_json::Value>| {
        json!({
            "id": format!("01936f0e-6000-7b3c-8d4e-{n:012}"),
            "household_id": hh,
            "visited_at": (Utc::now() - Duration::minutes(5)).to_rfc3339(),
            "method": "phone",
            "content": format!("搬家前的走访{n}"),
            "photos": photos,
        })
    };
    let answers = app
        .push_visits(
            &cadre,
            vec![
                visit(2101, vec![photo_ref(pid, &photo, "门前")]),
                visit(2102, vec![]),
            ],
        )
        .await;
    assert!(answers[0]["outcome"]["Accepted"].is_object(), "{answers}");
    assert!(answers[1]["outcome"]["Accepted"].is_object(), "{answers}");
    // Facts the target's triggers keep: a home visit that brought a feedback form back
    // (rollup_forms) and a form the office resolved (feedback.resolved_at).
    let res = cadre
        .post(app.url("/api/sync/visits"))
        .json(
            &json!({ "batch": { "schema": 3, "device": "phone-1", "visits": [{
            "id": "01936f0e-6000-7b3c-8d4e-000000002103", "household_id": hh,
            "visited_at": (Utc::now() - Duration::minutes(4)).to_rfc3339(),
            "method": "home", "content": "入户走访", "feedback_form": "yes" }] } }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = cadre
        .post(app.url("/api/sync/feedback"))
        .json(
            &json!({ "batch": { "schema": 1, "device": "phone-1", "items": [{
            "id": "01936f0e-6000-7b3c-8d4e-000000002104", "category": "income",
            "content": "搬家前的反映", "channel": "cadre", "household_id": hh,
            "submitted_at": (Utc::now() - Duration::days(2)).to_rfc3339() }] } }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let form: serde_json::Value = res.json().await.unwrap();
    let office = app.signed_in(OFFICE).await;
    let form = form[0]["id"].as_str().unwrap();
    let res = app
        .call(
            &office,
            "feedback/reply",
            &[("id", form), ("status", "resolved"), ("body", "已办结")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The source's copy of that fact has drifted (as if written by an older build): the
    // copy must rebuild it from the replies, not carry it over.
    let source = app.database().await;
    sqlx::query("UPDATE feedback SET resolved_at = submitted_at")
        .execute(&source)
        .await
        .unwrap();
    let drift = rollup_drift(&source).await;
    assert!(
        drift.len() == 1 && drift[0].contains("feedback.resolved_at"),
        "{drift:?}"
    );
    let before = counts(&source).await;

    let target = tokio::task::spawn_blocking(|| integration::postgres::cluster().empty_database())
        .await
        .unwrap();
    let out = app
        .command()
        .args(["copy-db", "--to", &target])
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("audit chain intact on both sides"), "{text}");

    // Every table counted the same on the PostgreSQL side; a second copy is refused.
    let there = spawn_on(target.clone()).await;
    assert_eq!(counts(&there.database().await).await, before);
    // The rolled-up counts and the form's first resolution were built again by PostgreSQL's
    // triggers, not copied on top.
    assert_no_drift(&there.database().await, "after the copy").await;
    let again = app
        .command()
        .args(["copy-db", "--to", &target])
        .output()
        .await
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));

    // The app serves from the copy: the same household's visits, the photo byte for byte,
    // and new rows after the copied ones (identity columns continue past the copied ids).
    let cadre = there.signed_in(CADRE_A).await;
    let res = cadre
        .get(there.url(&format!("/api/photos/{pid}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().to_vec(), photo);
    let office = there.signed_in(OFFICE).await;
    let res = there
        .call(
            &office,
            "cards/issue",
            &[("cadre", "6"), ("duties", "搬家后"), ("promise", "")],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let out = there
        .command()
        .args(["audit", "verify"])
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
