//! The four helps (2), issue 19: screening rounds make their 台账 items once; 代购 keeps its
//! money exact and closes only on the villager's confirmation; a month without a clean-up is
//! overdue, then missed; the service pack reaches the phones, and nothing of another cadre's
//! households does; a cadre outside the team gets 403. Against the real server and its
//! SQLite file.
use crate::helpers::*;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

fn today() -> NaiveDate {
    (Utc::now() + Duration::hours(8)).date_naive()
}

fn id(n: u32) -> String {
    format!("01936f0e-{:04x}-7b3c-8d4e-{:012x}", n & 0xffff, n + 0x1900)
}

/// The cell of obligation `code` for village `name` in the month ending the grid (`month`
/// `YYYY-MM`, or this month).
async fn cell(app: &TestApp, office: &Client, code: &str, name: &str, month: &str) -> Value {
    let mut q = vec![("months", "1")];
    if !month.is_empty() {
        q.push(("month", month));
    }
    let g = app.json(office, "obligations/grid", &q).await;
    g["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code && r["subject"]["name"] == name)
        .map(|r| r["cells"][0].clone())
        .unwrap_or(Value::Null)
}

fn round(n: u32, village: i64, findings: Value) -> Value {
    json!({
        "id": id(n), "village_id": village, "held_on": today().to_string(), "kind": "both",
        "team": "李明", "town_cadres": "镇综治办 张干事", "village_cadres": "村主任",
        "places": "一组、二组、河边公路", "findings": findings,
    })
}

#[tokio::test]
async fn a_round_with_two_findings_pushed_three_times_makes_one_round_and_two_items() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let cadre = app.signed_in(CADRE_A).await; // 李明, on 民智村's team
    let minzhi = village_id(&app, &office, "民智村").await;
    let items_before = count_rows(&app, "SELECT COUNT(*) FROM ledger_items").await;
    let batch = vec![round(
        1,
        minzhi,
        json!([
            { "kind": "dispute", "place": "二组", "detail": "两户宅基地边界纠纷" },
            { "kind": "hazard", "place": "河边公路", "detail": "护栏缺失，临水路段" },
            { "kind": "hazard", "detail": "一组老屋墙体开裂", "to_ledger": false },
        ]),
    )];
    let first = push_work(&app, &cadre, "screenings", batch.clone()).await;
    let receipt = first[0]["outcome"]["Accepted"]["receipt"].clone();
    assert!(receipt.is_string(), "{first}");
    for _ in 0..2 {
        let again = push_work(&app, &cadre, "screenings", batch.clone()).await;
        assert_eq!(again[0]["outcome"]["Duplicate"]["receipt"], receipt);
    }
    assert_eq!(count_rows(&app, "SELECT COUNT(*) FROM screenings").await, 1);
    assert_eq!(
        count_rows(&app, "SELECT COUNT(*) FROM screening_findings").await,
        3
    );
    assert_eq!(
        count_rows(&app, "SELECT COUNT(*) FROM ledger_items").await,
        items_before + 2
    );
    assert_eq!(
        count_rows(
            &app,
            "SELECT COUNT(*) FROM ledger_items WHERE source = 'screening' AND village_id IS NOT NULL
             AND kind IN ('dispute', 'hazard') AND status = 'new'"
        )
        .await,
        2
    );
    // A round that found nothing is a record too, and meets the month.
    let quiet = push_work(
        &app,
        &cadre,
        "screenings",
        vec![round(2, minzhi, json!([]))],
    )
    .await;
    assert!(quiet[0]["outcome"]["Accepted"].is_object(), "{quiet}");
    let c = cell(&app, &office, "screening", "民智村", "").await;
    assert_eq!(c["state"], "done", "{c}");

    // The unticked finding goes into the 台账 with one tap on the village page, once.
    let page = app
        .json(
            &cadre,
            "safety/village",
            &[("village", &minzhi.to_string())],
        )
        .await;
    let first_round = page["screenings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id(1))
        .unwrap();
    let unlinked: Vec<&Value> = first_round["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["ledger_item"].is_null())
        .collect();
    assert_eq!(unlinked.len(), 1);
    assert_eq!(unlinked[0]["n"], 3);
    let form = [("round", id(1)), ("n", "3".to_string())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        app.call(&cadre, "safety/finding_ledger", &form)
            .await
            .status(),
        StatusCode::OK
    );
    let twice = app.call(&cadre, "safety/finding_ledger", &form).await;
    assert_eq!(twice.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        count_rows(&app, "SELECT COUNT(*) FROM ledger_items").await,
        items_before + 3
    );

    // The 台账 export has the round and its findings.
    let csv = office
        .get(app.url("/export/village_work.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("矛盾纠纷、安全隐患排查,") && csv.contains("安全隐患：一组老屋墙体开裂"),
        "{csv}"
    );

    // 王芳 is not on 民智村's team: her round is refused with the reason, the page is 403,
    // and so is a probe of the round.
    let outsider = app.signed_in(CADRE_B).await;
    let refused = push_work(
        &app,
        &outsider,
        "screenings",
        vec![round(3, minzhi, json!([]))],
    )
    .await;
    assert_eq!(refused[0]["outcome"]["Rejected"]["reason"], "ErrForbidden");
    let page = app
        .call(
            &outsider,
            "safety/village",
            &[("village", &minzhi.to_string())],
        )
        .await;
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.call(&outsider, "safety/finding_ledger", &form)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call(
            &outsider,
            "environment/village",
            &[("village", &minzhi.to_string())]
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_purchase_keeps_its_money_exact_and_closes_on_the_villagers_confirmation() {
    let app = spawn_app().await;
    let cadre = app.signed_in(CADRE_A).await;
    let other = app.signed_in(CADRE_B).await;
    let mine = app.household_ids(&cadre).await;
    let theirs = app.household_ids(&other).await;
    let h = *mine.iter().find(|h| !theirs.contains(h)).unwrap();
    let ask = json!({ "id": id(10), "household_id": h, "asked_on": today().to_string(),
                      "item": "复合肥", "quantity": "2袋", "estimate": "１２.３" });
    let r = push_work(&app, &cadre, "purchases", vec![ask.clone()]).await;
    assert!(r[0]["outcome"]["Accepted"].is_object(), "{r}");
    assert!(
        push_work(&app, &cadre, "purchases", vec![ask]).await[0]["outcome"]["Duplicate"]
            .is_object()
    );

    let read = |c: &Client| {
        let c = c.clone();
        let app = &app;
        async move {
            app.json(
                &c,
                "servicepack/purchases",
                &[("household", &h.to_string())],
            )
            .await[0]
                .clone()
        }
    };
    let p = read(&cadre).await;
    assert_eq!(
        (p["estimate"].as_i64(), p["status"].as_str()),
        (Some(1230), Some("asked"))
    );
    // The pack carries it while it is open; the other cadre's pack does not.
    let pack = app.json(&cadre, "sync/pack", &[]).await;
    assert!(pack["purchases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["id"] == id(10)));
    let their_pack = app.json(&other, "sync/pack", &[]).await;
    assert!(their_pack["purchases"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["household_id"] != h));

    let update = |n: u32, delivered: bool, actual: &str, who: &str| {
        json!({ "id": id(n), "purchase_id": id(10), "household_id": h,
                "on": today().to_string(), "delivered": delivered, "actual": actual,
                "paid_by": "cadre", "confirmed_by": who })
    };
    // Confirmed before delivery: refused with its reason.
    let early = push_work(
        &app,
        &cadre,
        "purchase-updates",
        vec![update(11, false, "", "王大山")],
    )
    .await;
    assert_eq!(
        early[0]["outcome"]["Rejected"]["reason"],
        "ValPurchaseNotDelivered"
    );
    // Delivered at ¥12.35 (a cent more than asked), not yet confirmed: still open.
    let d = push_work(
        &app,
        &cadre,
        "purchase-updates",
        vec![update(12, true, "12.35", "")],
    )
    .await;
    assert!(d[0]["outcome"]["Accepted"].is_object(), "{d}");
    let p = read(&cadre).await;
    assert_eq!(
        (p["actual"].as_i64(), p["status"].as_str()),
        (Some(1235), Some("delivered"))
    );
    assert_eq!(p["paid_by"], "cadre");
    // Another cadre cannot confirm it (nor read it).
    let foreign = push_work(
        &app,
        &other,
        "purchase-updates",
        vec![update(13, false, "", "王大山")],
    )
    .await;
    assert_eq!(foreign[0]["outcome"]["Rejected"]["reason"], "ErrForbidden");
    assert_eq!(
        app.call(
            &other,
            "servicepack/purchases",
            &[("household", &h.to_string())]
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    // The villager confirms: closed, and out of the pack.
    let c = push_work(
        &app,
        &cadre,
        "purchase-updates",
        vec![update(14, false, "", "王大山")],
    )
    .await;
    assert!(c[0]["outcome"]["Accepted"].is_object(), "{c}");
    let p = read(&cadre).await;
    assert_eq!(
        (p["status"].as_str(), p["confirmed_by"].as_str()),
        (Some("closed"), Some("王大山"))
    );
    assert_eq!(p["estimate"], 1230);
    let again = push_work(
        &app,
        &cadre,
        "purchase-updates",
        vec![update(15, false, "", "王二")],
    )
    .await;
    assert_eq!(
        again[0]["outcome"]["Rejected"]["reason"],
        "ValPurchaseClosed"
    );
    let pack = app.json(&cadre, "sync/pack", &[]).await;
    assert!(pack["purchases"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["id"] != id(10)));
}

#[tokio::test]
async fn a_month_without_a_cleanup_is_overdue_then_missed() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let cadre = app.signed_in(CADRE_B).await; // 王芳, on 廖家村's team
    let liaojia = village_id(&app, &office, "廖家村").await;
    // The office moves the month's deadline to the 1st.
    let rule = [
        ("form[code]", "cleanup"),
        ("form[title]", "每月环境卫生集中整治（民兵应急连参加）"),
        ("form[window_from]", "1"),
        ("form[window_to]", "31"),
        ("form[due_day]", "1"),
        ("form[min_count]", "1"),
        ("form[due_month]", "12"),
        ("form[max_count]", ""),
        ("form[villages]", ""),
        ("form[active]", "on"),
    ];
    assert_eq!(
        app.call(&office, "obligations/update", &rule)
            .await
            .status(),
        StatusCode::OK
    );
    let now = cell(&app, &office, "cleanup", "廖家村", "").await;
    let expected = if today().day() > 1 { "overdue" } else { "due" };
    assert_eq!(now["state"], expected, "{now}");
    // Last month (when the rule was already in force, from the start of this year): missed.
    if today().month() > 1 {
        let last = today().with_day(1).unwrap() - Duration::days(1);
        let month = format!("{:04}-{:02}", last.year(), last.month());
        let c = cell(&app, &office, "cleanup", "廖家村", &month).await;
        assert_eq!(c["state"], "missed", "{c}");
    }
    let cleanup = json!({ "id": id(20), "village_id": liaojia, "held_on": today().to_string(),
                          "area": "村主干道、沟渠", "militia": 15, "villagers": 40,
                          "work": "清理垃圾3车，疏通沟渠500米" });
    let r = push_work(&app, &cadre, "cleanups", vec![cleanup.clone()]).await;
    assert!(r[0]["outcome"]["Accepted"].is_object(), "{r}");
    assert!(
        push_work(&app, &cadre, "cleanups", vec![cleanup]).await[0]["outcome"]["Duplicate"]
            .is_object()
    );
    assert_eq!(
        cell(&app, &office, "cleanup", "廖家村", "").await["state"],
        "done"
    );
    let env = app
        .json(
            &cadre,
            "environment/village",
            &[("village", &liaojia.to_string())],
        )
        .await;
    assert_eq!(env["cleanups"][0]["militia"], 15);

    // The programme's milestone due this month and not done is counted, then done.
    let m = [
        ("milestone[village]", liaojia.to_string()),
        ("milestone[category]", "lighting".into()),
        ("milestone[title]", "主干道路灯安装".into()),
        ("milestone[due_on]", today().to_string()),
    ];
    let m: Vec<(&str, &str)> = m.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = app.call(&cadre, "environment/milestone_add", &m).await;
    assert_eq!(res.status(), StatusCode::OK);
    let mid: i64 = res.json().await.unwrap();
    assert_ne!(
        cell(&app, &office, "milestones", "廖家村", "").await["state"],
        "done"
    );
    let done = [("id", mid.to_string()), ("done_on", today().to_string())];
    let done: Vec<(&str, &str)> = done.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        app.call(&cadre, "environment/milestone_done", &done)
            .await
            .status(),
        StatusCode::OK
    );
    let c = cell(&app, &office, "milestones", "廖家村", "").await;
    assert_eq!(
        (c["state"].as_str(), c["have"].as_i64()),
        (Some("done"), Some(1)),
        "{c}"
    );
    // A village with no milestone due has no instance at all.
    assert!(cell(&app, &office, "milestones", "桐子坳村", "")
        .await
        .is_null());
}

#[tokio::test]
async fn the_service_pack_reaches_the_phones_and_only_the_office_curates_it() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let cadre = app.signed_in(CADRE_A).await;
    let form = [
        ("material[kind]", "technology"),
        ("material[title]", "茶叶春季管护技术"),
        ("material[body]", "一、及时追施催芽肥……"),
        ("material[link]", "https://example.org/tea.pdf"),
        ("material[active]", "on"),
    ];
    assert_eq!(
        app.call(&cadre, "servicepack/material_save", &form)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let res = app.call(&office, "servicepack/material_save", &form).await;
    assert_eq!(res.status(), StatusCode::OK);
    let mid: i64 = res.json().await.unwrap();
    let pack = app.json(&cadre, "sync/pack", &[]).await;
    let carried = pack["materials"].as_array().unwrap();
    assert!(carried
        .iter()
        .any(|m| m["id"] == mid && m["body"] == "一、及时追施催芽肥……"));
    // A bad link is refused with its reason and changes nothing.
    let mut bad = form;
    bad[3] = ("material[link]", "javascript:alert(1)");
    let res = app.call(&office, "servicepack/material_save", &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count_rows(&app, "SELECT COUNT(*) FROM materials").await, 1);
    // Withdrawn: the office still lists it, the phones no longer carry it.
    let id_s = mid.to_string();
    let mut off = form.to_vec();
    off.retain(|(k, _)| *k != "material[active]");
    off.push(("material[id]", &id_s));
    assert_eq!(
        app.call(&office, "servicepack/material_save", &off)
            .await
            .status(),
        StatusCode::OK
    );
    let pack = app.json(&cadre, "sync/pack", &[]).await;
    assert!(pack["materials"].as_array().unwrap().is_empty());
    assert_eq!(
        app.json(&office, "servicepack/materials", &[])
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // The pack holds no village record of any kind: only the cadre's households' own.
    assert!(pack.get("screenings").is_none());
}
