//! The four helps (issue 18): records made in the village arrive exactly once and meet the
//! plan's cadences; appraisals count only once published; projects count toward "1–2 a
//! year"; 四议两公开 goes in order; a cadre sees only the villages whose team they are on; the
//! 台账 export reads back. Against the real server and its SQLite file.
use crate::helpers::*;
use calamine::{Data, Reader, Xlsx};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::io::Cursor;

/// Today in Beijing.
fn today() -> NaiveDate {
    (Utc::now() + Duration::hours(8)).date_naive()
}

/// A UUIDv7-shaped id, distinct per `n`.
fn id(n: u32) -> String {
    format!("01936f0e-{:04x}-7b3c-8d4e-{:012x}", n & 0xffff, n)
}

fn life_meeting(n: u32, village: i64, leader: bool, comment: &str) -> Value {
    json!({
        "id": id(n),
        "village_id": village,
        "kind": "life",
        "held_on": today().to_string(),
        "place": "村活动室",
        "topic": "下半年组织生活会",
        "present": 21,
        "absent": 3,
        "team_present": [6],
        "leader_attended": leader,
        "comment": comment,
    })
}

/// This month's cell of obligation `code` for village `name`.
async fn cell(app: &TestApp, office: &Client, code: &str, name: &str) -> Value {
    let g = app
        .json(office, "obligations/grid", &[("months", "1")])
        .await;
    g["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code && r["subject"]["name"] == name)
        .map(|r| r["cells"][0].clone())
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn a_life_meeting_sent_twice_arrives_once_and_meets_the_half_year() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let cadre = app.signed_in(CADRE_A).await; // 李明, captain of 民智村's team
    let minzhi = village_id(&app, &office, "民智村").await;
    assert_ne!(
        cell(&app, &office, "life_meeting", "民智村").await["state"],
        "done"
    );

    let batch = vec![life_meeting(1, minzhi, true, "查摆问题具体，整改措施可行")];
    let first = push_work(&app, &cadre, "branch-meetings", batch.clone()).await;
    let receipt = first[0]["outcome"]["Accepted"]["receipt"]
        .as_str()
        .expect("accepted")
        .to_string();
    // The phone never heard the answer and sends it again: the same receipt, one row.
    let again = push_work(&app, &cadre, "branch-meetings", batch).await;
    assert_eq!(
        again[0]["outcome"]["Duplicate"]["receipt"],
        receipt.as_str()
    );
    assert_eq!(
        count_rows(&app, "SELECT COUNT(*) FROM branch_meetings").await,
        1
    );
    assert_eq!(
        count_rows(&app, "SELECT COUNT(*) FROM work_records").await,
        1
    );
    // Other words under the same id: kept aside, nothing overwritten.
    let changed = push_work(
        &app,
        &cadre,
        "branch-meetings",
        vec![life_meeting(1, minzhi, true, "改过")],
    )
    .await;
    assert_eq!(changed[0]["outcome"], "Conflict");
    assert_eq!(
        count_rows(&app, "SELECT COUNT(*) FROM work_conflicts").await,
        1
    );

    let c = cell(&app, &office, "life_meeting", "民智村").await;
    assert_eq!(c["state"], "done", "{c}");
    assert_eq!(c["have"], 1);

    // Without the team leader there (or his comment) it does not count; a meeting with
    // nobody present is refused with its reason; the rest of the batch goes on.
    let other = push_work(
        &app,
        &cadre,
        "branch-meetings",
        vec![
            json!({ "id": id(2), "village_id": minzhi, "kind": "congress",
                    "held_on": today().to_string(), "place": "村部", "topic": "发展党员",
                    "present": 0, "absent": 0 }),
            json!({ "id": id(3), "village_id": minzhi, "kind": "lesson",
                    "held_on": today().to_string(), "place": "村部", "topic": "学习党章",
                    "present": 18, "absent": 2, "by_team": true }),
            json!({ "id": id(4), "village_id": minzhi, "kind": "congress",
                    "held_on": (today() + Duration::days(3)).to_string(), "place": "村部",
                    "topic": "换届", "present": 20, "absent": 1 }),
        ],
    )
    .await;
    assert_eq!(
        other[0]["outcome"]["Rejected"]["reason"],
        "ValNobodyPresent"
    );
    assert!(other[1]["outcome"]["Accepted"].is_object(), "{other}");
    assert_eq!(other[2]["outcome"]["Rejected"]["reason"], "ValDayAhead");
    assert_eq!(
        cell(&app, &office, "party_lesson", "民智村").await["state"],
        "done"
    );
    assert_eq!(
        cell(&app, &office, "team_lesson", "民智村").await["state"],
        "done"
    );
    assert_ne!(
        cell(&app, &office, "branch_congress", "民智村").await["state"],
        "done"
    );

    // The village page lists what arrived, with the team members' names.
    let page = app
        .json(
            &cadre,
            "organisation/village",
            &[("village", &minzhi.to_string())],
        )
        .await;
    let meetings = page["meetings"].as_array().unwrap();
    assert_eq!(meetings.len(), 2);
    let life = meetings.iter().find(|m| m["kind"] == "life").unwrap();
    assert_eq!(life["team_present"], json!(["李明"]));
    assert_eq!(life["comment"], "查摆问题具体，整改措施可行");

    // Trainings and report trips go the same way, each through its own endpoint.
    let t = json!({ "id": id(10), "village_id": minzhi, "held_on": today().to_string(),
                    "topic": "村务公开培训", "attendees": "两委成员7人", "headcount": 7 });
    let r = push_work(&app, &cadre, "trainings", vec![t.clone()]).await;
    assert!(r[0]["outcome"]["Accepted"].is_object(), "{r}");
    assert!(
        push_work(&app, &cadre, "trainings", vec![t]).await[0]["outcome"]["Duplicate"].is_object()
    );
    let trip = json!({ "id": id(11), "village_id": minzhi, "trip_on": today().to_string(),
                       "level": "city", "department": "市农业农村局", "purpose": "茶叶基地",
                       "outcome": "同意列入计划" });
    let r = push_work(&app, &cadre, "report-trips", vec![trip]).await;
    assert!(r[0]["outcome"]["Accepted"].is_object(), "{r}");
    // One id is one record whatever its kind: a trip under a meeting's id is a conflict.
    let clash = json!({ "id": id(1), "village_id": minzhi, "trip_on": today().to_string(),
                        "level": "county", "department": "县发改局", "outcome": "待定" });
    assert_eq!(
        push_work(&app, &cadre, "report-trips", vec![clash]).await[0]["outcome"],
        "Conflict"
    );
    let eco = app
        .json(
            &cadre,
            "economy/village",
            &[("village", &minzhi.to_string())],
        )
        .await;
    assert_eq!(eco["trips"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn projects_count_toward_one_or_two_a_year_and_the_deadline_makes_none_overdue() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let minzhi = village_id(&app, &office, "民智村").await.to_string();
    // Nothing approved yet: due until the rule's deadline (the year's end by default).
    assert_eq!(
        cell(&app, &office, "funded_projects", "廖家村").await["state"],
        "due"
    );

    // Money as a clerk types it: full-width digits, 万, separators; kept in whole fen.
    let form = [
        ("project[village]", minzhi.as_str()),
        ("project[name]", "茶叶基地灌溉"),
        ("project[funder]", "县水利局"),
        ("project[applied]", "５０万"),
        ("project[approved]", "120,000.50"),
        ("project[received]", ""),
        ("project[status]", "approved"),
        ("project[approved_on]", ""),
    ];
    // Approved without its day: refused, nothing stored.
    let res = app.call(&office, "economy/project_add", &form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["Invalid"][0]["msg"], "ValApprovedOn");
    assert_eq!(count_rows(&app, "SELECT COUNT(*) FROM projects").await, 0);
    let day = today().to_string();
    let mut ok = form.to_vec();
    ok[7] = ("project[approved_on]", day.as_str());
    let res = app.call(&office, "economy/project_add", &ok).await;
    assert_eq!(res.status(), StatusCode::OK);
    let eco = app
        .json(&office, "economy/village", &[("village", &minzhi)])
        .await;
    let p = &eco["projects"][0];
    assert_eq!(
        (p["applied"].as_i64(), p["approved"].as_i64()),
        (Some(50_000_000), Some(12_000_050))
    );
    assert_eq!(eco["approved_this_year"], 1);

    let c = cell(&app, &office, "funded_projects", "民智村").await;
    assert_eq!(
        (
            c["state"].as_str(),
            c["have"].as_i64(),
            c["need"].as_i64(),
            c["upto"].as_i64()
        ),
        (Some("done"), Some(1), Some(1), Some(2)),
        "1 of 1–2: {c}"
    );

    // The office sets the deadline to 1 January: a village with none is overdue after it.
    let rule = [
        ("form[code]", "funded_projects"),
        ("form[title]", "每年帮助争取1-2个项目资金"),
        ("form[window_from]", "1"),
        ("form[window_to]", "31"),
        ("form[due_day]", "1"),
        ("form[min_count]", "1"),
        ("form[due_month]", "1"),
        ("form[max_count]", "2"),
        ("form[villages]", ""),
        ("form[active]", "on"),
    ];
    let res = app.call(&office, "obligations/update", &rule).await;
    assert_eq!(res.status(), StatusCode::OK);
    let none = cell(&app, &office, "funded_projects", "廖家村").await;
    let expected = if today().ordinal() > 1 {
        "overdue"
    } else {
        "due"
    };
    assert_eq!(none["state"], expected, "{none}");
    assert_eq!(none["due"], format!("{}-01-01", today().year()));
    assert_eq!(
        cell(&app, &office, "funded_projects", "民智村").await["state"],
        "done"
    );
}

#[tokio::test]
async fn an_appraisal_counts_only_once_its_result_is_published() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let cadre = app.signed_in(CADRE_A).await;
    let minzhi = village_id(&app, &office, "民智村").await.to_string();
    let day = today().to_string();
    let form = [
        ("appraisal[village]", minzhi.as_str()),
        ("appraisal[held_on]", day.as_str()),
        ("appraisal[excellent]", "5"),
        ("appraisal[qualified]", "１８"),
        ("appraisal[basic]", "1"),
        ("appraisal[unqualified]", "1"),
        ("appraisal[published_on]", ""),
        ("appraisal[follow_up]", ""),
    ];
    let id: i64 = app
        .json(&cadre, "organisation/appraisal", &form)
        .await
        .as_i64()
        .unwrap();
    assert_ne!(
        cell(&app, &office, "appraisal", "民智村").await["state"],
        "done"
    );
    // Published before it was held: refused.
    let before = (today() - Duration::days(1)).to_string();
    let res = app
        .call(
            &cadre,
            "organisation/appraisal_publish",
            &[("id", &id.to_string()), ("published_on", &before)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_ne!(
        cell(&app, &office, "appraisal", "民智村").await["state"],
        "done"
    );
    let res = app
        .call(
            &cadre,
            "organisation/appraisal_publish",
            &[
                ("id", &id.to_string()),
                ("published_on", &day),
                ("follow_up", "1名不合格党员限期整改"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        cell(&app, &office, "appraisal", "民智村").await["state"],
        "done"
    );
    let page = app
        .json(&office, "organisation/village", &[("village", &minzhi)])
        .await;
    assert_eq!(page["appraisals"][0]["qualified"], 18);
    assert_eq!(page["appraisals"][0]["follow_up"], "1名不合格党员限期整改");
}

#[tokio::test]
async fn a_decision_walks_its_six_steps_in_order() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let cadre = app.signed_in(CADRE_A).await;
    let minzhi = village_id(&app, &office, "民智村").await.to_string();
    let id = app
        .json(
            &cadre,
            "organisation/decision_open",
            &[("village", &minzhi), ("title", "村道硬化筹资方案")],
        )
        .await
        .as_i64()
        .unwrap()
        .to_string();
    let day = today().to_string();
    let step = |s: &'static str| {
        [
            ("decision", id.clone()),
            ("step", s.to_string()),
            ("done_on", day.clone()),
            ("note", String::new()),
        ]
    };
    let call = |s: &'static str| {
        let form = step(s);
        let app = &app;
        let cadre = &cadre;
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(cadre, "organisation/decision_step", &pairs).await
        }
    };
    // Skipping the branch's proposal is refused with its reason.
    let res = call("discuss").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["Invalid"][0]["msg"], "DecisionOutOfOrder");
    for s in [
        "propose", "discuss", "review", "resolve", "announce", "report",
    ] {
        assert_eq!(call(s).await.status(), StatusCode::OK, "{s}");
    }
    let v: Value = call("report").await.json().await.unwrap();
    assert_eq!(v["Invalid"][0]["msg"], "DecisionStepDone");
    let page = app
        .json(&office, "organisation/village", &[("village", &minzhi)])
        .await;
    assert_eq!(page["decisions"][0]["steps"].as_array().unwrap().len(), 6);
    assert_eq!(
        count_rows(&app, "SELECT COUNT(*) FROM decision_steps").await,
        6
    );
}

#[tokio::test]
async fn a_cadre_outside_the_villages_team_gets_403_on_its_records() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let outsider = app.signed_in(CADRE_B).await; // 王芳, on 廖家村's team
    let minzhi = village_id(&app, &office, "民智村").await.to_string();
    let decision = app
        .json(
            &office,
            "organisation/decision_open",
            &[("village", &minzhi), ("title", "集体山林承包")],
        )
        .await
        .as_i64()
        .unwrap()
        .to_string();
    let day = today().to_string();
    for (endpoint, form) in [
        ("organisation/village", vec![("village", minzhi.as_str())]),
        ("economy/village", vec![("village", minzhi.as_str())]),
        (
            "organisation/decision_step",
            vec![
                ("decision", decision.as_str()),
                ("step", "propose"),
                ("done_on", day.as_str()),
            ],
        ),
        (
            "organisation/decision_open",
            vec![("village", minzhi.as_str()), ("title", "x")],
        ),
        (
            "organisation/venue",
            vec![("village", minzhi.as_str()), ("condition", "x")],
        ),
        (
            "organisation/committee_add",
            vec![
                ("member[village]", minzhi.as_str()),
                ("member[name]", "张三"),
                ("member[post]", "secretary"),
                ("member[started_on]", day.as_str()),
            ],
        ),
        (
            "economy/plan",
            vec![("plan[village]", minzhi.as_str()), ("plan[goal]", "x")],
        ),
    ] {
        let res = app.call(&outsider, endpoint, &form).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{endpoint}");
    }
    assert_eq!(
        count_rows(&app, "SELECT COUNT(*) FROM decision_steps").await,
        0
    );
    // An id that does not exist answers as one elsewhere does: nothing to probe.
    let res = app
        .call(
            &outsider,
            "organisation/decision_step",
            &[
                ("decision", "9999"),
                ("step", "propose"),
                ("done_on", day.as_str()),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A record for a village not theirs is refused on its own; theirs goes in.
    let liaojia = village_id(&app, &office, "廖家村").await;
    let r = push_work(
        &app,
        &outsider,
        "branch-meetings",
        vec![
            life_meeting(20, minzhi.parse().unwrap(), true, "点评"),
            life_meeting(21, liaojia, false, ""),
        ],
    )
    .await;
    assert_eq!(r[0]["outcome"]["Rejected"]["reason"], "ErrForbidden");
    assert!(r[1]["outcome"]["Accepted"].is_object(), "{r}");
    // Their own village they see; the list of villages is theirs only.
    let mine = app.json(&outsider, "organisation/villages", &[]).await;
    let names: Vec<&str> = mine
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v["name"].as_str())
        .collect();
    assert_eq!(names, ["廖家村"]);
    let page = app
        .json(
            &outsider,
            "organisation/village",
            &[("village", &liaojia.to_string())],
        )
        .await;
    assert_eq!(page["meetings"].as_array().unwrap().len(), 1);
    // The life meeting without the leader does not meet the half-year.
    assert_ne!(
        cell(&app, &office, "life_meeting", "廖家村").await["state"],
        "done"
    );
    // Moved off the team, what she wrote while on it still arrives, and a retry of what
    // arrived is still a duplicate, not a refusal.
    let yesterday = (today() - Duration::days(1)).to_string();
    let written = json!({ "id": id(22), "village_id": liaojia, "kind": "committee",
                          "held_on": yesterday, "place": "村部", "topic": "研究低保评议",
                          "present": 5, "absent": 0 });
    let structure = app.json(&office, "teams/view", &[]).await;
    let place = structure["teams"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["current"].as_array().unwrap().iter())
        .find(|p| p["name"] == "王芳")
        .and_then(|p| p["id"].as_i64())
        .unwrap()
        .to_string();
    let res = app
        .call(
            &office,
            "teams/leave",
            &[("id", &place), ("reason", "调整分工")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let r = push_work(
        &app,
        &outsider,
        "branch-meetings",
        vec![life_meeting(21, liaojia, false, ""), written],
    )
    .await;
    assert!(r[0]["outcome"]["Duplicate"].is_object(), "{r}");
    assert!(r[1]["outcome"]["Accepted"].is_object(), "{r}");
    let today_record = life_meeting(23, liaojia, false, "");
    let r = push_work(&app, &outsider, "branch-meetings", vec![today_record]).await;
    assert_eq!(r[0]["outcome"]["Rejected"]["reason"], "ErrForbidden");
    // The office and leaders see every village; an unknown one is 404 to them.
    let leader = app.signed_in(LEADER).await;
    assert_eq!(
        app.call(&leader, "organisation/village", &[("village", &minzhi)])
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.call(&office, "organisation/village", &[("village", "9999")])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

#[tokio::test]
async fn the_four_helps_ledger_exports_read_back() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let cadre = app.signed_in(CADRE_A).await;
    let minzhi = village_id(&app, &office, "民智村").await;
    let m = minzhi.to_string();
    push_work(
        &app,
        &cadre,
        "branch-meetings",
        vec![life_meeting(30, minzhi, true, "点评到位")],
    )
    .await;
    let day = today().to_string();
    let res = app
        .call(
            &office,
            "organisation/venue_fund",
            &[
                ("fund[village]", &m),
                ("fund[source]", "department"),
                ("fund[amount]", "8.5万"),
                ("fund[received_on]", &day),
                ("fund[note]", "县委组织部"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .call(
            &office,
            "economy/plan",
            &[
                ("plan[village]", &m),
                ("plan[goal]", "三年内建成茶叶专业村"),
                ("plan[industry]", "扩种茶园500亩"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let res = office
        .get(app.url("/export/village_work.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap().to_vec();
    let mut book = Xlsx::new(Cursor::new(bytes)).expect("a workbook calamine opens");
    let sheets = book.sheet_names();
    for s in ["三会一课", "活动场所", "发展规划"] {
        assert!(sheets.iter().any(|n| n == s), "{sheets:?}");
    }
    let rows: Vec<Vec<String>> = book
        .worksheet_range("三会一课")
        .unwrap()
        .rows()
        .map(|r| r.iter().map(text).collect())
        .collect();
    assert_eq!(rows[0][0], "三会一课 四帮扶工作台账");
    assert_eq!(
        &rows[2][..7],
        &[
            "村",
            "类别",
            "日期",
            "事项",
            "详细情况",
            "金额（元）",
            "记录人"
        ]
    );
    assert_eq!(&rows[3][..2], &["民智村", "组织生活会"]);
    assert!(rows[3][4].contains("点评：点评到位"), "{:?}", rows[3]);
    let venue: Vec<Vec<String>> = book
        .worksheet_range("活动场所")
        .unwrap()
        .rows()
        .map(|r| r.iter().map(text).collect())
        .collect();
    assert_eq!(venue[3][5], "85,000.00");

    // CSV: a UTF-8 BOM, the same columns.
    let res = office
        .get(app.url("/export/village_work.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.bytes().await.unwrap();
    assert!(body.starts_with(&[0xEF, 0xBB, 0xBF]));
    let csv = String::from_utf8_lossy(&body[3..]).to_string();
    assert!(csv.contains("扩种茶园500亩"), "{csv}");
    // A cadre does not export.
    let res = cadre
        .get(app.url("/export/village_work.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
