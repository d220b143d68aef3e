//! The ledger, the dispatch meeting, pairing and handover, against the real server.
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

/// Today in Beijing, as the server counts deadlines, `days` from now.
fn day(days: i64) -> String {
    let t = chrono::Utc::now() + chrono::Duration::hours(8) + chrono::Duration::days(days);
    t.date_naive().to_string()
}

async fn items(app: &TestApp, client: &Client, view: &str) -> Vec<Value> {
    app.json(client, "ledger/list", &[("view", view)]).await["rows"]
        .as_array()
        .unwrap()
        .clone()
}

async fn item_titled(app: &TestApp, office: &Client, title: &str) -> Value {
    items(app, office, "all")
        .await
        .into_iter()
        .find(|i| i["title"].as_str().is_some_and(|t| t.contains(title)))
        .unwrap_or_else(|| panic!("no item titled {title}"))
}

/// The first field error's message key of a 422.
async fn refusal(res: reqwest::Response) -> (String, String) {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = res.json().await.unwrap();
    let e = &v["Invalid"][0];
    (
        e["field"].as_str().unwrap_or_default().to_string(),
        e["msg"].as_str().unwrap_or_default().to_string(),
    )
}

#[tokio::test]
async fn a_visits_problem_becomes_one_ledger_item_however_often_it_syncs() {
    let app = spawn_app().await;
    let cadre = app.signed_in(CADRE_A).await;
    let office = app.signed_in(OFFICE).await;
    let hh = app.household_ids(&cadre).await[0];
    let id = "01936f0e-0aaa-7b3c-8d4e-000000000001";
    let visit = json!({
        "id": id,
        "household_id": hh,
        "visited_at": "2026-11-20T09:30:00+08:00",
        "method": "home",
        "content": "入户走访",
        "problems": "与邻居因排水沟发生纠纷\n希望村里出面调解",
        "ledger": "dispute",
    });
    let first = app.push_visits(&cadre, vec![visit.clone()]).await;
    assert!(first[0]["outcome"]["Accepted"].is_object(), "{first}");
    // The phone never heard back and sends it again, twice.
    for _ in 0..2 {
        let again = app.push_visits(&cadre, vec![visit.clone()]).await;
        assert!(again[0]["outcome"]["Duplicate"].is_object(), "{again}");
    }
    let from_visits: Vec<Value> = items(&app, &office, "all")
        .await
        .into_iter()
        .filter(|i| i["source"] == "Visit" && i["household_id"] == hh)
        .collect();
    assert_eq!(from_visits.len(), 1, "{from_visits:?}");
    let item = &from_visits[0];
    assert_eq!(item["id"], id, "the item keeps the visit's id");
    assert_eq!(item["kind"], "Dispute");
    assert_eq!(item["status"], "New");
    assert_eq!(item["title"], "与邻居因排水沟发生纠纷");
    // It waits for the meeting, and the cadre who raised it can follow it.
    assert!(items(&app, &office, "new")
        .await
        .iter()
        .any(|i| i["id"] == id));
    assert!(items(&app, &cadre, "all")
        .await
        .iter()
        .any(|i| i["id"] == id));
    let detail = app.json(&cadre, "ledger/get", &[("id", id)]).await;
    assert_eq!(detail["events"].as_array().unwrap().len(), 1);
    assert_eq!(detail["steps"], json!([]), "a cadre does not assign");

    // "To the ledger" with no problem written is refused, and makes nothing.
    let empty = json!({
        "id": "01936f0e-0aaa-7b3c-8d4e-000000000002",
        "household_id": hh,
        "visited_at": "2026-11-20T10:30:00+08:00",
        "method": "home",
        "content": "回访",
        "ledger": "petition",
    });
    let r = app.push_visits(&cadre, vec![empty]).await;
    assert_eq!(
        r[0]["outcome"]["Rejected"]["reason"],
        "ValLedgerNeedsProblem"
    );
    assert_eq!(
        items(&app, &office, "all")
            .await
            .iter()
            .filter(|i| i["source"] == "Visit" && i["household_id"] == hh)
            .count(),
        1
    );
}

#[tokio::test]
async fn the_meeting_triages_feedback_to_an_owner_and_a_deadline() {
    let app = spawn_app().await;
    let cadre = app.signed_in(CADRE_A).await;
    let office = app.signed_in(OFFICE).await;
    let hh = app.household_ids(&cadre).await[0];
    let fid = "01936f0e-0bbb-7b3c-8d4e-000000000001";
    let res = cadre
        .post(app.url("/api/sync/feedback"))
        .json(&json!({ "batch": { "schema": 1, "device": "p", "items": [{
            "id": fid, "category": "construction", "content": "村口路灯坏了半个月，晚上出行不便",
            "name": "廖秋菊", "channel": "cadre", "household_id": hh,
            "submitted_at": "2026-11-20T10:00:00+08:00",
        }] } }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    let meeting = app
        .json(
            &office,
            "meetings/create",
            &[
                ("form[held_on]", &day(0)),
                ("form[title]", "11月调度会"),
                ("form[attendees]", "唐志远、彭立新、周建国"),
            ],
        )
        .await
        .as_i64()
        .unwrap()
        .to_string();
    let agenda = app
        .json(&office, "meetings/agenda", &[("id", &meeting)])
        .await;
    let groups = agenda["feedback"].as_array().unwrap();
    let (category, rows) = (&groups[0][0], groups[0][1].as_array().unwrap());
    assert_eq!(category, "Construction");
    assert!(rows.iter().any(|f| f["id"] == fid), "{agenda}");
    let owner = user_id(&app, &office, "王芳").await.to_string();

    // A deadline already past is refused and changes nothing.
    let triage = |deadline: String| {
        vec![
            ("meeting", meeting.clone()),
            ("form[feedback]", fid.to_string()),
            ("form[category]", "construction".to_string()),
            ("form[kind]", "proxy_service".to_string()),
            ("form[owner]", owner.clone()),
            ("form[deadline]", deadline),
            ("form[decision]", "由王芳联系供电所，一周内修复".to_string()),
        ]
    };
    let args = triage(day(-1));
    let form: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (field, msg) = refusal(app.call(&office, "meetings/triage", &form).await).await;
    assert_eq!(
        (field.as_str(), msg.as_str()),
        ("deadline", "ValDeadlinePast")
    );

    let args = triage(day(7));
    let form: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let item_id = app.json(&office, "meetings/triage", &form).await;
    let item_id = item_id.as_str().unwrap();
    let item = app.json(&office, "ledger/get", &[("id", item_id)]).await;
    assert_eq!(item["row"]["status"], "Assigned");
    assert_eq!(item["row"]["owner"], "王芳");
    assert_eq!(item["row"]["deadline"], day(7));
    assert_eq!(item["row"]["source"], "Feedback");
    assert_eq!(item["row"]["kind"], "ProxyService");
    // Whom to call back travels with the item.
    assert!(
        item["detail"].as_str().unwrap().contains("廖秋菊"),
        "{item}"
    );
    // The villager's receipt now says it was taken on.
    let fb = app.json(&office, "feedback/get", &[("id", fid)]).await;
    assert_eq!(fb["row"]["status"], "Accepted");
    assert!(fb["replies"][0]["public"].as_bool().unwrap());

    // Triage twice is refused; one item stays.
    let (_, msg) = refusal(app.call(&office, "meetings/triage", &form).await).await;
    assert_eq!(msg, "ValAlreadyTriaged");
    let made: Vec<Value> = items(&app, &office, "all")
        .await
        .into_iter()
        .filter(|i| i["source"] == "Feedback")
        .collect();
    assert_eq!(made.len(), 1);
    let agenda = app
        .json(&office, "meetings/agenda", &[("id", &meeting)])
        .await;
    assert_eq!(agenda["feedback"], json!([]));
    let (_, decisions) = {
        let m = app
            .json(&office, "meetings/minutes", &[("id", &meeting)])
            .await;
        (m[0].clone(), m[1].as_array().unwrap().clone())
    };
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0]["owner"], "王芳");
    assert_eq!(decisions[0]["decision"], "由王芳联系供电所，一周内修复");

    // A cadre does not run meetings.
    let res = app
        .call(&cadre, "meetings/agenda", &[("id", &meeting)])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_quota_check_names_who_falls_short() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let view = app.json(&office, "pairing/view", &[]).await;
    let short = |v: &Value| -> Vec<(String, i64)> {
        v["quota"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|q| {
                let quota = if q["tier"] == "Director" { 2 } else { 1 };
                let s = quota - q["paired"].as_i64().unwrap();
                (s > 0).then(|| (q["name"].as_str().unwrap().to_string(), s))
            })
            .collect()
    };
    // The demo leaves one liaison cadre short by one household.
    assert_eq!(short(&view), vec![("谭军".to_string(), 1)]);
    let director = view["quota"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == "唐志远")
        .unwrap();
    assert_eq!(
        (director["tier"].as_str(), director["paired"].as_i64()),
        (Some("Director"), Some(2))
    );

    // The director gives up one household: now two people fall short.
    let households = view["households"].as_array().unwrap();
    let pairing = households
        .iter()
        .flat_map(|h| h["cadres"].as_array().unwrap().clone())
        .find(|c| c[1] == "唐志远")
        .unwrap()[0]
        .as_i64()
        .unwrap()
        .to_string();
    let res = app.call(&office, "pairing/end", &[("id", &pairing)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let view = app.json(&office, "pairing/view", &[]).await;
    assert_eq!(
        short(&view),
        vec![("唐志远".to_string(), 1), ("谭军".to_string(), 1)]
    );

    // 谭军 pairs with a household: only the director is short.
    let tan = user_id(&app, &office, "谭军").await.to_string();
    let hh = households[0]["id"].as_i64().unwrap().to_string();
    let res = app
        .call(
            &office,
            "pairing/pair",
            &[("cadre", &tan), ("household", &hh)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, msg) = refusal(
        app.call(
            &office,
            "pairing/pair",
            &[("cadre", &tan), ("household", &hh)],
        )
        .await,
    )
    .await;
    assert_eq!(msg, "ValAlreadyPaired");
    let view = app.json(&office, "pairing/view", &[]).await;
    assert_eq!(short(&view), vec![("唐志远".to_string(), 1)]);
    // A cadre sees their own line only, and may not pair.
    let cadre = app.signed_in(CADRE_A).await;
    let mine = app.json(&cadre, "pairing/view", &[]).await;
    assert_eq!(mine["quota"].as_array().unwrap().len(), 1);
    let res = app
        .call(
            &cadre,
            "pairing/pair",
            &[("cadre", &tan), ("household", &hh)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn handover_moves_everything_in_one_step_and_keeps_the_history() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let wang = user_id(&app, &office, "王芳").await;
    let tan = user_id(&app, &office, "谭军").await;
    let leaving = app.signed_in(CADRE_B).await;
    let her_households = app.household_ids(&leaving).await;
    assert!(!her_households.is_empty());
    let dispute = item_titled(&app, &office, "宅基地边界纠纷").await;
    let id = dispute["id"].as_str().unwrap().to_string();
    let before = app.json(&office, "ledger/get", &[("id", &id)]).await["events"]
        .as_array()
        .unwrap()
        .len();

    let report = app
        .json(
            &office,
            "users/handover",
            &[("from", &wang.to_string()), ("to", &tan.to_string())],
        )
        .await;
    assert_eq!(report["households"], her_households.len() as i64);
    assert_eq!(report["items"], 1);
    assert_eq!(report["pairings"], 1);
    assert_eq!(report["cards"], 1);

    assert!(app.household_ids(&leaving).await.is_empty());
    let successor = app.signed_in("13800000108").await;
    let his = app.household_ids(&successor).await;
    assert!(her_households.iter().all(|h| his.contains(h)));
    let after = app.json(&office, "ledger/get", &[("id", &id)]).await;
    assert_eq!(after["row"]["owner"], "谭军");
    let events = after["events"].as_array().unwrap();
    assert_eq!(
        events.len(),
        before + 1,
        "the old log stays, one line added"
    );
    assert_eq!(events.last().unwrap()["step"], "handover");
    assert_eq!(
        events[1]["owner"], "王芳",
        "who had it before is still on record"
    );
    // The successor's phone gets it with the next pack; hers no longer does.
    let pack = app.json(&successor, "sync/pack", &[]).await;
    assert!(pack["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["id"] == id.as_str()));
    let pack = app.json(&leaving, "sync/pack", &[]).await;
    assert_eq!(pack["items"], json!([]));
    // The successor now owns the work and may act on it.
    let res = app
        .call(
            &successor,
            "ledger/step",
            &[("id", &id), ("form[step]", "start")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let quota = app.json(&office, "pairing/view", &[]).await["quota"].clone();
    let paired = |name: &str| {
        quota
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["name"] == name)
            .map(|q| q["paired"].as_i64().unwrap())
    };
    assert_eq!((paired("王芳"), paired("谭军")), (Some(0), Some(1)));
    let cards = app.json(&office, "cards/list", &[]).await;
    let holders: Vec<&str> = cards
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["active"] == true)
        .filter_map(|c| c["cadre"].as_str())
        .collect();
    assert!(!holders.contains(&"王芳") && holders.iter().filter(|h| **h == "谭军").count() == 2);

    // Handing over to an office account or to oneself is refused.
    let (field, _) = refusal(
        app.call(
            &office,
            "users/handover",
            &[("from", &tan.to_string()), ("to", &tan.to_string())],
        )
        .await,
    )
    .await;
    assert_eq!(field, "to");
    let res = app
        .call(
            &leaving,
            "users/handover",
            &[("from", &wang.to_string()), ("to", &tan.to_string())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_cadre_cannot_act_on_another_cadres_item_and_illegal_steps_are_explained() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let other = app.signed_in(CADRE_A).await;
    let owner = app.signed_in(CADRE_B).await;
    let item = item_titled(&app, &office, "宅基地边界纠纷").await;
    let id = item["id"].as_str().unwrap().to_string();
    let log = |v: Value| v["events"].as_array().unwrap().len();
    let before = log(app.json(&office, "ledger/get", &[("id", &id)]).await);

    // Someone else's item: not even there, for any step or note.
    for (endpoint, args) in [
        ("ledger/get", vec![("id", id.as_str())]),
        (
            "ledger/step",
            vec![("id", id.as_str()), ("form[step]", "start")],
        ),
        ("ledger/note", vec![("id", id.as_str()), ("note", "已处理")]),
    ] {
        let res = app.call(&other, endpoint, &args).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{endpoint}");
    }
    assert!(!items(&app, &other, "all")
        .await
        .iter()
        .any(|i| i["id"] == id.as_str()));
    let after = app.json(&office, "ledger/get", &[("id", &id)]).await;
    assert_eq!(after["row"]["status"], "Assigned");
    assert_eq!(log(after), before);

    // Its owner may work it but not reassign it; illegal steps are explained.
    let res = app
        .call(
            &owner,
            "ledger/step",
            &[
                ("id", &id),
                ("form[step]", "assign"),
                ("form[owner]", "3"),
                ("form[deadline]", &day(3)),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (_, msg) = refusal(
        app.call(
            &owner,
            "ledger/step",
            &[
                ("id", &id),
                ("form[step]", "resolve"),
                ("form[note]", "已调解"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(msg, "LedgerNotStarted");
    let res = app
        .call(
            &owner,
            "ledger/step",
            &[("id", &id), ("form[step]", "start")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, msg) = refusal(
        app.call(
            &owner,
            "ledger/step",
            &[
                ("id", &id),
                ("form[step]", "close"),
                ("form[note]", "x"),
                ("form[confirmation]", "villager"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(msg, "LedgerNotResolved");
    let (_, msg) = refusal(
        app.call(
            &owner,
            "ledger/step",
            &[("id", &id), ("form[step]", "resolve")],
        )
        .await,
    )
    .await;
    assert_eq!(msg, "ValLedgerProof");
    let res = app
        .call(
            &owner,
            "ledger/step",
            &[
                ("id", &id),
                ("form[step]", "resolve"),
                ("form[note]", "两户签订调解协议"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // A villager's matter is closed only with their confirmation on record.
    let (field, msg) = refusal(
        app.call(
            &owner,
            "ledger/step",
            &[
                ("id", &id),
                ("form[step]", "close"),
                ("form[note]", "已办结"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(
        (field.as_str(), msg.as_str()),
        ("confirmation", "ValLedgerConfirm")
    );
    let res = app
        .call(
            &owner,
            "ledger/step",
            &[
                ("id", &id),
                ("form[step]", "close"),
                ("form[note]", "电话回访，双方满意"),
                ("form[confirmation]", "callback"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let done = app.json(&office, "ledger/get", &[("id", &id)]).await;
    assert_eq!(done["row"]["status"], "Closed");
    let last = done["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["step"].as_str(), last["confirmation"].as_str()),
        (Some("close"), Some("Callback"))
    );
    assert_eq!(log(done), before + 3);
}
