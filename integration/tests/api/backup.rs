//! `shugen backup PATH` on a live server, and the restore drill: a server started on the copy
//! has everything written before the backup and nothing after.
use crate::helpers::*;
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn visit(n: u32, household: i64) -> Value {
    json!({
        "id": format!("01936f0e-6000-7b3c-8d4e-{n:012}"),
        "household_id": household,
        "visited_at": (Utc::now() - Duration::minutes(5)).to_rfc3339(),
        "method": "home",
        "content": format!("备份演练第{n}次走访"),
    })
}

async fn contents(app: &TestApp, phone: &str, household: i64) -> Vec<String> {
    let client = app.signed_in(phone).await;
    let h = household.to_string();
    let v = app
        .json(&client, "visits/for_household", &[("household", &h)])
        .await;
    let mut out: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["content"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_to_a_working_server() {
    let app = spawn_app().await;
    let cadre = app.signed_in(CADRE_A).await;
    let hh = app.household_ids(&cadre).await[0];
    app.push_visits(&cadre, (1..=3).map(|n| visit(n, hh)).collect())
        .await;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shugen-backup.db");
    let backup = || async {
        app.command()
            .arg("backup")
            .arg(&path)
            .output()
            .await
            .unwrap()
    };
    let out = backup().await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("checked"));
    // A second backup never overwrites the first.
    let size = std::fs::metadata(&path).unwrap().len();
    let again = backup().await;
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(std::fs::metadata(&path).unwrap().len(), size);

    // The live server went on serving and writing throughout.
    app.push_visits(&cadre, vec![visit(4, hh)]).await;
    let live = contents(&app, CADRE_A, hh).await;
    assert_eq!(live.len(), 4);

    // The drill: a server on the copy has the three visits from before, not the one after,
    // and works (sign-in, a write).
    let restored = spawn_restored(&path).await;
    let seen = contents(&restored, CADRE_A, hh).await;
    assert_eq!(
        seen,
        vec![
            "备份演练第1次走访",
            "备份演练第2次走访",
            "备份演练第3次走访"
        ]
    );
    let client = restored.signed_in(CADRE_A).await;
    let answers = restored.push_visits(&client, vec![visit(4, hh)]).await;
    assert!(answers[0]["outcome"]["Accepted"].is_object(), "{answers}");
    let res = restored
        .call(
            &client,
            "visits/for_household",
            &[("household", &hh.to_string())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}
