//! The audit log: unmasking an ID number needs the password again and is always recorded;
//! the log is a hash chain that refuses edits and shows the one made behind its back.
use crate::helpers::*;
use reqwest::StatusCode;

/// A member with an ID number in 李明's first household: (member id, masked number).
async fn member_of_cadre_a(app: &TestApp) -> (i64, String) {
    let cadre = app.signed_in(CADRE_A).await;
    let household = app.household_ids(&cadre).await[0].to_string();
    let detail = app
        .json(&cadre, "households/get", &[("id", &household)])
        .await;
    let m = detail["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id_masked"].is_string())
        .expect("a member with an ID number");
    (
        m["id"].as_i64().unwrap(),
        m["id_masked"].as_str().unwrap().to_string(),
    )
}

async fn reveal(
    app: &TestApp,
    client: &reqwest::Client,
    member: &str,
    password: &str,
) -> reqwest::Response {
    app.call(
        client,
        "households/reveal_id",
        &[("member", member), ("password", password)],
    )
    .await
}

#[tokio::test]
async fn unmasking_needs_the_password_and_is_audited() {
    let app = spawn_app().await;
    let (member, masked) = member_of_cadre_a(&app).await;
    let member = member.to_string();
    let cadre = app.signed_in(CADRE_A).await;

    let res = reveal(&app, &cadre, &member, "not-my-password").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("ValWrongPassword"));

    let res = reveal(&app, &cadre, &member, DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let full: String = res.json().await.unwrap();
    assert_eq!(full.len(), 18);
    assert_eq!(format!("{}********{}", &full[..6], &full[14..]), masked);

    // Leaders read masked numbers only; another cadre may not unmask 李明's household.
    let leader = app.signed_in(LEADER).await;
    let res = reveal(&app, &leader, &member, DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let other = app.signed_in(CADRE_B).await;
    let res = reveal(&app, &other, &member, DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let office = app.signed_in(OFFICE).await;
    let log = app.json(&office, "audit/recent", &[("limit", "50")]).await;
    let reveals: Vec<(String, String)> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "reveal_id")
        .map(|e| {
            (
                e["user"].as_str().unwrap().to_string(),
                e["result"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let object = format!("member:{member}");
    assert!(log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "reveal_id")
        .all(|e| e["object"] == object.as_str()));
    // Newest first; the leader was refused by role before any object was looked at.
    assert_eq!(
        reveals,
        [
            ("王芳".to_string(), "forbidden".to_string()),
            ("李明".to_string(), "ok".to_string()),
            ("李明".to_string(), "wrong password".to_string()),
        ]
    );
    assert!(
        !log.to_string().contains(&full),
        "the number is never logged"
    );
}

#[tokio::test]
async fn guessing_through_unmasking_locks_the_account() {
    let app = spawn_app().await;
    let (member, _) = member_of_cadre_a(&app).await;
    let member = member.to_string();
    let cadre = app.signed_in(CADRE_A).await;
    for _ in 0..5 {
        let res = reveal(&app, &cadre, &member, "guess").await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Now even the right password waits, and so does signing in elsewhere.
    let res = reveal(&app, &cadre, &member, DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let (_, res) = app.login(CADRE_A, DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn verify(app: &TestApp) -> (bool, String) {
    let out = app
        .command()
        .args(["audit", "verify"])
        .output()
        .await
        .expect("running shugen audit verify");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[tokio::test]
async fn the_log_is_an_append_only_chain() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let (_, res) = app.login(CADRE_A, "wrong-password").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    app.signed_in(CADRE_A).await;
    let log = app.json(&office, "audit/recent", &[("limit", "500")]).await;
    let entries = log.as_array().unwrap().len();

    let (ok, text) = verify(&app).await;
    assert!(ok, "{text}");
    assert!(
        text.contains(&format!("intact: {entries} chained entries, head ")),
        "{text}"
    );

    // The database itself refuses edits and deletions…
    let db = app.database().await;
    let failed = "UPDATE audit_log SET result = 'ok' WHERE result = 'failed'";
    assert!(sqlx::query(failed).execute(&db).await.is_err());
    assert!(sqlx::query("DELETE FROM audit_log")
        .execute(&db)
        .await
        .is_err());
    let (ok, _) = verify(&app).await;
    assert!(ok);

    // …and someone who removes that guard is caught by the chain, at the entry they changed.
    let id: i64 = sqlx::query_scalar("SELECT id FROM audit_log WHERE result = 'failed'")
        .fetch_one(&db)
        .await
        .unwrap();
    sqlx::query(if on_postgres() {
        "DROP TRIGGER audit_log_no_update ON audit_log"
    } else {
        "DROP TRIGGER audit_log_no_update"
    })
    .execute(&db)
    .await
    .unwrap();
    sqlx::query(failed).execute(&db).await.unwrap();
    let (ok, text) = verify(&app).await;
    assert!(!ok);
    assert!(
        text.contains(&format!("audit log broken at entry {id}: its contents")),
        "{text}"
    );
}
