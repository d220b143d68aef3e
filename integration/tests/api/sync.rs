//! The exactly-once sync contract of DESIGN.md §3, over HTTP against the real server.
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

/// A UUIDv7-shaped id, distinct per `n`.
fn id(n: u32) -> String {
    format!("01936f0e-{:04x}-7b3c-8d4e-{:012x}", n & 0xffff, n)
}

fn visit(n: u32, household: i64, content: &str) -> Value {
    json!({
        "id": id(n),
        "household_id": household,
        "visited_at": "2026-11-20T09:30:00+08:00",
        "method": "home",
        "content": content,
        "outcome": "已答复",
        "follow_up": n.is_multiple_of(2),
    })
}

async fn push(
    app: &TestApp,
    client: &Client,
    schema: u32,
    visits: Vec<Value>,
) -> (StatusCode, Value) {
    let res = client
        .post(app.url("/api/sync/visits"))
        .json(&json!({ "batch": { "schema": schema, "visits": visits } }))
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn timeline(app: &TestApp, client: &Client, household: i64) -> Vec<Value> {
    let h = household.to_string();
    app.json(client, "visits/for_household", &[("household", &h)])
        .await
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn a_batch_pushed_twice_is_stored_once_with_the_same_receipts() {
    let app = spawn_app().await;
    let cadre = app.signed_in(CADRE_A).await;
    let hh = app.household_ids(&cadre).await[0];
    let batch: Vec<Value> = (1..=3).map(|n| visit(n, hh, "了解春耕准备")).collect();
    let (status, first) = push(&app, &cadre, 1, batch.clone()).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let receipts: Vec<Value> = first
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"]["Accepted"]["receipt"].clone())
        .collect();
    assert!(
        receipts
            .iter()
            .all(|r| r.as_str().is_some_and(|s| s.starts_with('V'))),
        "{first}"
    );
    let (_, second) = push(&app, &cadre, 1, batch).await;
    let again: Vec<Value> = second
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"]["Duplicate"]["receipt"].clone())
        .collect();
    assert_eq!(receipts, again, "{second}");
    assert_eq!(timeline(&app, &cadre, hh).await.len(), 3);
}

#[tokio::test]
async fn the_same_id_with_other_content_is_a_conflict_and_overwrites_nothing() {
    let app = spawn_app().await;
    let cadre = app.signed_in(CADRE_A).await;
    let hh = app.household_ids(&cadre).await[0];
    push(&app, &cadre, 1, vec![visit(7, hh, "原始内容")]).await;
    let (status, res) = push(&app, &cadre, 1, vec![visit(7, hh, "改过的内容")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(res[0]["outcome"], "Conflict");
    let visits = timeline(&app, &cadre, hh).await;
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0]["content"], "原始内容");
    let office = app.signed_in(OFFICE).await;
    let kept = app
        .json(&office, "visits/conflicts", &[("id", &id(7))])
        .await;
    assert_eq!(kept, 1, "the second version is kept for review");
    // The office reads both versions side by side.
    let list = app.json(&office, "visits/conflict_list", &[]).await;
    let c = &list.as_array().unwrap()[0];
    assert_eq!(c["stored"]["content"], "原始内容");
    assert_eq!(c["second_content"], "改过的内容");
    assert_eq!(c["cadre"], "李明");
}

#[tokio::test]
async fn one_bad_record_is_rejected_with_a_reason_and_the_rest_accepted() {
    let app = spawn_app().await;
    let cadre = app.signed_in(CADRE_A).await;
    let mine = app.household_ids(&cadre).await;
    let office = app.signed_in(OFFICE).await;
    let not_mine = *app
        .household_ids(&office)
        .await
        .iter()
        .find(|h| !mine.contains(h))
        .unwrap();
    // A phone whose clock says 2099: kept, never refused for its time alone.
    let mut wrong_clock = visit(3, mine[0], "时间错");
    wrong_clock["visited_at"] = json!("2099-01-01T00:00:00Z");
    let batch = vec![
        visit(1, mine[0], "第一条"),
        visit(2, mine[0], " "),
        wrong_clock,
        visit(4, not_mine, "别人的农户"),
        json!({ "id": "not-a-uuid", "household_id": mine[0], "visited_at": "2026-11-20T09:30:00Z", "method": "home", "content": "x" }),
        visit(6, mine[0], "最后一条"),
    ];
    let (status, res) = push(&app, &cadre, 1, batch).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let outcome = |i: usize| res[i]["outcome"].clone();
    assert!(outcome(0)["Accepted"].is_object());
    assert_eq!(outcome(1)["Rejected"]["reason"], "ValRequired");
    assert!(outcome(2)["Accepted"].is_object());
    assert_eq!(outcome(3)["Rejected"]["reason"], "ErrForbidden");
    assert_eq!(outcome(4)["Rejected"]["reason"], "ValRecordId");
    assert!(outcome(5)["Accepted"].is_object());
    let shown = timeline(&app, &cadre, mine[0]).await;
    assert_eq!(shown.len(), 3);
    // Both times are kept: the phone's, and the server's own when it received it.
    let wrong = shown.iter().find(|v| v["content"] == "时间错").unwrap();
    assert_eq!(wrong["visited_at"], "2099-01-01T00:00:00Z");
    assert!(
        wrong["received_at"].as_str().unwrap().starts_with("20"),
        "{wrong}"
    );
    assert!(wrong["received_at"].as_str().unwrap() < "2099");
    assert!(timeline(&app, &office, not_mine).await.is_empty());
}

#[tokio::test]
async fn twenty_concurrent_pushes_of_one_record_store_exactly_one_row() {
    let app = spawn_app().await;
    let cadre = app.signed_in(CADRE_A).await;
    let hh = app.household_ids(&cadre).await[0];
    let url = app.url("/api/sync/visits");
    let body = json!({ "batch": { "schema": 1, "visits": [visit(42, hh, "同一条记录")] } });
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (client, url, body) = (cadre.clone(), url.clone(), body.clone());
        tasks.spawn(async move {
            let res = client.post(url).json(&body).send().await.unwrap();
            (res.status(), res.json::<Value>().await.unwrap())
        });
    }
    let results = tasks.join_all().await;
    let accepted = results
        .iter()
        .filter(|(_, r)| r[0]["outcome"]["Accepted"].is_object())
        .count();
    let duplicate = results
        .iter()
        .filter(|(_, r)| r[0]["outcome"]["Duplicate"].is_object())
        .count();
    assert_eq!((accepted, duplicate), (1, 19), "{results:?}");
    assert_eq!(timeline(&app, &cadre, hh).await.len(), 1);
}

#[tokio::test]
async fn unknown_schemas_oversized_batches_and_strangers_are_refused() {
    let app = spawn_app().await;
    let cadre = app.signed_in(CADRE_A).await;
    let hh = app.household_ids(&cadre).await[0];
    let (status, _) = push(&app, &cadre, 99, vec![visit(1, hh, "x")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let many: Vec<Value> = (1..=201).map(|n| visit(n, hh, "x")).collect();
    let (status, _) = push(&app, &cadre, 1, many).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = push(&app, &app.client(), 1, vec![visit(1, hh, "x")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(timeline(&app, &cadre, hh).await.is_empty());
}

#[tokio::test]
async fn the_offline_pack_holds_my_households_and_visits_and_no_id_numbers() {
    let app = spawn_app().await;
    let cadre = app.signed_in(CADRE_A).await;
    let mine = app.household_ids(&cadre).await;
    push(&app, &cadre, 1, vec![visit(1, mine[0], "走访记录一")]).await;
    // Another cadre's visit to their own household must not reach this phone.
    let other = app.signed_in(CADRE_B).await;
    let theirs = *app
        .household_ids(&other)
        .await
        .iter()
        .find(|h| !mine.contains(h))
        .unwrap();
    push(&app, &other, 1, vec![visit(2, theirs, "别人的走访")]).await;

    let pack = app.json(&cadre, "sync/pack", &[]).await;
    assert_eq!(pack["schema"], 3);
    let mut ids: Vec<i64> = pack["households"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    let mut expected = mine.clone();
    expected.sort_unstable();
    assert_eq!(ids, expected);
    let visits = pack["visits"].as_array().unwrap();
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0]["content"], "走访记录一");

    // A busy household: only its latest 20 visits travel, so the pack stays small.
    let busy: Vec<Value> = (0..25)
        .map(|k| {
            let mut v = visit(100 + k, mine[1], &format!("第{k}次走访"));
            let at = chrono::Utc::now() - chrono::Duration::hours(i64::from(k));
            v["visited_at"] = json!(at.to_rfc3339());
            v
        })
        .collect();
    push(&app, &cadre, 1, busy).await;
    let pack = app.json(&cadre, "sync/pack", &[]).await;
    let kept: Vec<&str> = pack["visits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["household_id"] == mine[1])
        .map(|v| v["content"].as_str().unwrap())
        .collect();
    let latest: Vec<String> = (0..20).map(|k| format!("第{k}次走访")).collect();
    assert_eq!(kept, latest);
    let text = pack.to_string();
    assert!(
        !text.contains("id_masked") && !text.contains("431122"),
        "no ID numbers on the phone"
    );
}
