//! Household facts proposed from the field (sync schema 2): merged per field, the later device
//! time winning, true clashes kept for the office, who settles them by choosing one.
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

fn id(n: u32) -> String {
    format!("01937a00-{:04x}-7c3c-9d4e-{:012x}", n & 0xffff, n)
}

/// One visit proposing `economy` = `value`, seen over `base`, at `at` on the device.
fn proposing(n: u32, household: i64, at: &str, base: &str, value: &str) -> Value {
    json!({
        "id": id(n),
        "household_id": household,
        "visited_at": at,
        "method": "home",
        "content": "走访核实家庭经济状况",
        "changes": [{ "field": "economy", "base": base, "value": value }],
    })
}

async fn push(app: &TestApp, client: &Client, device: &str, visits: Vec<Value>) -> Value {
    let res = client
        .post(app.url("/api/sync/visits"))
        .json(&json!({ "batch": { "schema": 2, "device": device, "visits": visits } }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn economy(app: &TestApp, client: &Client, household: i64) -> String {
    let h = household.to_string();
    let v = app.json(client, "households/get", &[("id", &h)]).await;
    v["economy"].as_str().unwrap().to_string()
}

async fn clashes(app: &TestApp, office: &Client) -> Vec<Value> {
    app.json(office, "households/clashes", &[])
        .await
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn facts_merge_per_field_and_a_true_clash_waits_for_the_office() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let cadre = app.signed_in(CADRE_A).await;
    let hh = app.household_ids(&cadre).await[0];
    let original = economy(&app, &office, hh).await;

    // Phone 1 saw the registered value and corrects it: applied, no clash.
    let r = push(
        &app,
        &cadre,
        "phone-1",
        vec![proposing(
            1,
            hh,
            "2026-11-20T09:00:00+08:00",
            &original,
            "务工收入稳定",
        )],
    )
    .await;
    assert!(r[0]["outcome"]["Accepted"].is_object(), "{r}");
    assert_eq!(economy(&app, &office, hh).await, "务工收入稳定");
    assert!(clashes(&app, &office).await.is_empty());

    // Phone 2 never saw that change and reports something else, later: a true clash. The later
    // device time wins for now; both values wait for the office.
    push(
        &app,
        &cadre,
        "phone-2",
        vec![proposing(
            2,
            hh,
            "2026-11-21T09:00:00+08:00",
            &original,
            "因病致贫",
        )],
    )
    .await;
    assert_eq!(economy(&app, &office, hh).await, "因病致贫");
    let list = clashes(&app, &office).await;
    assert_eq!(list.len(), 1, "{list:?}");
    let c = &list[0];
    assert_eq!(c["field"], "Economy");
    assert_eq!(c["kept"]["value"], "务工收入稳定");
    assert_eq!(c["other"]["value"], "因病致贫");
    assert_eq!(c["kept"]["cadre"], "李明");
    assert!(c["kept"]["device_time"]
        .as_str()
        .unwrap()
        .starts_with("2026-11-20T01:00:00"));
    assert!(c["other"]["device_time"]
        .as_str()
        .unwrap()
        .starts_with("2026-11-21T01:00:00"));

    // An older observation from phone 1 arriving late loses to the later one: not applied.
    push(
        &app,
        &cadre,
        "phone-1",
        vec![proposing(
            3,
            hh,
            "2026-11-19T09:00:00+08:00",
            "务工收入稳定",
            "一般",
        )],
    )
    .await;
    assert_eq!(economy(&app, &office, hh).await, "因病致贫");
    assert_eq!(clashes(&app, &office).await.len(), 2);

    // A cadre cannot see or settle clashes.
    let cid = c["id"].to_string();
    for endpoint in ["households/clashes", "households/clashes/count"] {
        assert_eq!(
            app.call(&cadre, endpoint, &[]).await.status(),
            StatusCode::FORBIDDEN
        );
    }
    let res = app
        .call(
            &cadre,
            "households/clashes/resolve",
            &[("id", &cid), ("choice", "kept")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(economy(&app, &office, hh).await, "因病致贫");

    // The office chooses the first value; the clash leaves the list and cannot be settled twice.
    let res = app
        .call(
            &office,
            "households/clashes/resolve",
            &[("id", &cid), ("choice", "kept")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(economy(&app, &office, hh).await, "务工收入稳定");
    assert_eq!(clashes(&app, &office).await.len(), 1);
    let again = app
        .call(
            &office,
            "households/clashes/resolve",
            &[("id", &cid), ("choice", "other")],
        )
        .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    let bad = clashes(&app, &office).await[0]["id"].to_string();
    let res = app
        .call(
            &office,
            "households/clashes/resolve",
            &[("id", &bad), ("choice", "both")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_invalid_proposed_fact_rejects_only_its_visit() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let cadre = app.signed_in(CADRE_A).await;
    let hh = app.household_ids(&cadre).await[0];
    let mut bad = proposing(10, hh, "2026-11-20T09:00:00+08:00", "", "x");
    bad["changes"] = json!([{ "field": "population", "base": "4", "value": "0" }]);
    let mut secret = proposing(11, hh, "2026-11-20T09:00:00+08:00", "", "x");
    secret["changes"] = json!([{ "field": "head_id", "base": "", "value": "110105194912310029" }]);
    let good = proposing(12, hh, "2026-11-20T10:00:00+08:00", "", "有固定收入");
    let r = push(&app, &cadre, "phone-1", vec![bad, secret, good]).await;
    assert_eq!(
        r[0]["outcome"]["Rejected"]["reason"], "ValPopulation",
        "{r}"
    );
    assert_eq!(r[1]["outcome"]["Rejected"]["reason"], "ValChoice", "{r}");
    assert!(r[2]["outcome"]["Accepted"].is_object(), "{r}");
    assert_eq!(economy(&app, &office, hh).await, "有固定收入");
}

#[tokio::test]
async fn a_schema_one_phone_still_syncs_after_the_schema_two_deploy() {
    let app = spawn_app().await;
    let cadre = app.signed_in(CADRE_A).await;
    let hh = app.household_ids(&cadre).await[0];
    // Exactly what a phone with the schema-1 build sends: no device, no changes.
    let old = json!({ "batch": { "schema": 1, "visits": [{
        "id": id(20), "household_id": hh, "visited_at": "2026-11-20T09:30:00+08:00",
        "method": "phone", "content": "电话回访", "process": "", "outcome": "", "problems": "",
        "follow_up": false, "gps": null
    }] } });
    for expected in ["Accepted", "Duplicate"] {
        let res = cadre
            .post(app.url("/api/sync/visits"))
            .json(&old)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let r: Value = res.json().await.unwrap();
        assert!(r[0]["outcome"][expected].is_object(), "{r}");
    }
}

#[tokio::test]
async fn the_service_worker_lists_the_shell_and_never_caches_writes() {
    let app = spawn_app().await;
    let res = app.client().get(app.url("/sw.js")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let ct = res.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ct.starts_with("text/javascript"), "{ct}");
    let body = res.text().await.unwrap();
    assert!(
        !body.contains("__VERSION__")
            && !body.contains("__ASSETS__")
            && !body.contains("__PAGES__")
    );
    // The offline pages come from the route table's `(offline)` rows.
    assert!(
        body.contains(
            r#"const PAGES = ["/visits","/visits/new","/visits/household","/feedback/new","/organisation/new","/service-pack"];"#
        ),
        "{body}"
    );
    for asset in [
        ".wasm\"",
        ".js\"",
        ".css\"",
        "/offline.html",
        "/manifest.webmanifest",
    ] {
        assert!(
            body.contains(asset),
            "{asset} missing from the worker's list"
        );
    }
    assert!(body.contains(r#"req.method !== "GET""#));
    let manifest: Value = app
        .client()
        .get(app.url("/manifest.webmanifest"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(manifest["display"], "standalone");
    assert!(manifest["icons"].as_array().unwrap().len() >= 3);
}

#[tokio::test]
async fn a_phone_clock_in_the_future_never_wins_every_later_merge() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let cadre = app.signed_in(CADRE_A).await;
    let hh = app.household_ids(&cadre).await[0];
    let original = economy(&app, &office, hh).await;
    // A phone whose clock says 2099 proposes a value: kept, and applied.
    let r = push(
        &app,
        &cadre,
        "phone-2099",
        vec![proposing(1, hh, "2099-01-01T00:00:00Z", &original, "较好")],
    )
    .await;
    assert!(r[0]["outcome"]["Accepted"].is_object(), "{r}");
    assert_eq!(economy(&app, &office, hh).await, "较好");
    // A phone with a right clock, having seen that value, corrects it now: it wins, as the
    // later change it is, instead of losing to a date nobody has reached.
    let now = chrono::Utc::now().to_rfc3339();
    push(
        &app,
        &cadre,
        "phone-right",
        vec![proposing(2, hh, &now, "较好", "一般")],
    )
    .await;
    assert_eq!(economy(&app, &office, hh).await, "一般");
    assert!(clashes(&app, &office).await.is_empty());
}
