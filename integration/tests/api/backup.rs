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
    if on_postgres() {
        // `shugen backup` copies a SQLite file; on PostgreSQL it refuses and names pg_dump.
        let app = spawn_app().await;
        let out = app
            .command()
            .arg("backup")
            .arg("/tmp/never")
            .output()
            .await
            .unwrap();
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
        return;
    }
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

/// Key rotation: `shugen rekey` moves every ID number to a new key; a server started with the
/// new key shows and finds the same numbers, and a wrong key on standard input changes nothing.
#[tokio::test]
async fn rotating_the_data_key_keeps_every_id_number() {
    use tokio::io::AsyncWriteExt;
    const NEW_KEY: &str = "YW5vdGhlciB0ZXN0IGtleSwgMzIgYnl0ZXMgbG9uZyE=";
    let mut app = spawn_app().await;
    let reveal = |app: &TestApp, client: reqwest::Client| {
        let url = app.url("/api/households/reveal_id");
        async move {
            let res = client
                .post(url)
                .form(&[("member", "27"), ("password", DEMO_PASSWORD)])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<String>().await.unwrap()
        }
    };
    let before = reveal(&app, app.signed_in(OFFICE).await).await;
    let rekey = |stdin_text: &'static str| {
        let mut cmd = app.command();
        async move {
            let mut child = cmd
                .arg("rekey")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            let mut stdin = child.stdin.take().unwrap();
            stdin.write_all(stdin_text.as_bytes()).await.unwrap();
            drop(stdin);
            child.wait_with_output().await.unwrap()
        }
    };
    let refused = rekey("not a key\n").await;
    assert!(!refused.status.success());
    let out = rekey(NEW_KEY).await;
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("re-encrypted"), "{said}");

    app.restart_with(&[("SHUGEN_DATA_KEY", NEW_KEY)]).await;
    let office = app.signed_in(OFFICE).await;
    assert_eq!(reveal(&app, office.clone()).await, before);
    // The blind index moved too: the full number still finds its household.
    let found = app
        .json(
            &office,
            "households/list",
            &[("q", &before), ("village", ""), ("tag", ""), ("page", "1")],
        )
        .await;
    let ids: Vec<i64> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [8]);
}
