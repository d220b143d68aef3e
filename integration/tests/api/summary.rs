//! The leadership's summary against a fixture whose answers are known (the demo plus visits,
//! feedback, a reception and a phone's report made here), and the exports read back with a
//! real spreadsheet reader.
use crate::helpers::*;
use calamine::{Data, Reader, Xlsx};
use chrono::{Duration, Utc};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::io::Cursor;

fn uuid7(n: u32) -> String {
    format!("01936f0e-5000-7b3c-8d4e-{n:012}")
}

/// Pushes visits that must all be accepted.
async fn push_visits(app: &TestApp, client: &Client, visits: Vec<Value>) {
    let v = app.push_visits(client, visits).await;
    for r in v.as_array().unwrap() {
        assert!(r["outcome"]["Accepted"].is_object(), "{r}");
    }
}

fn visit(n: u32, household: i64, at: chrono::DateTime<Utc>) -> Value {
    json!({
        "id": uuid7(n),
        "household_id": household,
        "visited_at": at.to_rfc3339(),
        "method": "home",
        "content": "了解春耕备耕情况",
    })
}

async fn push_feedback(app: &TestApp, client: &Client, items: Vec<Value>) -> Vec<String> {
    let res = client
        .post(app.url("/api/sync/feedback"))
        .json(&json!({ "batch": { "schema": 1, "device": "phone-1", "items": items } }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

/// The office replies to a form, moving it to `status`; the reply must be taken.
async fn reply(app: &TestApp, office: &Client, form: &str, status: &str) {
    let res = app
        .call(
            office,
            "feedback/reply",
            &[("id", form), ("status", status), ("body", "已回复")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{status}");
}

async fn figures(app: &TestApp, client: &Client, village: &str) -> Value {
    app.json(
        client,
        "summary/figures",
        &[("month", ""), ("village", village)],
    )
    .await
}

fn row<'a>(rows: &'a Value, name: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no row {name} in {rows}"))
}

#[tokio::test]
async fn the_summary_figures_match_a_fixture_with_known_answers() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let li = app.signed_in(CADRE_A).await;
    let wang = app.signed_in(CADRE_B).await;
    let li_hh = app.household_ids(&li).await;
    let wang_hh: Vec<i64> = app
        .household_ids(&wang)
        .await
        .into_iter()
        .filter(|h| !li_hh.contains(h))
        .collect();
    let now = Utc::now();
    let before = figures(&app, &office, "").await;
    let this_month = before["filter"]["month"].clone();
    // A day before this month began in Beijing: last month, whatever today is.
    let month_start = chrono::NaiveDate::from_ymd_opt(
        this_month["year"].as_i64().unwrap() as i32,
        this_month["month"].as_u64().unwrap() as u32,
        1,
    )
    .unwrap()
    .and_hms_opt(0, 0, 0)
    .unwrap()
    .and_utc()
        - Duration::hours(8);
    let recent = now - Duration::seconds(30);

    // 李明 visits three of his households this month (one twice) and one last month; 王芳
    // one of hers.
    push_visits(
        &app,
        &li,
        vec![
            visit(1, li_hh[0], recent),
            visit(2, li_hh[1], recent),
            visit(3, li_hh[2], recent),
            visit(4, li_hh[0], recent),
            visit(5, li_hh[3], month_start - Duration::days(1)),
        ],
    )
    .await;
    push_visits(&app, &wang, vec![visit(6, wang_hh[0], recent)]).await;

    // Feedback raised 2, 4 and 9 days ago, resolved now (median 4 days); one more left new.
    let raised = |days: i64, n: u32, category: &str| {
        json!({
            "id": uuid7(100 + n),
            "category": category,
            "content": format!("反映{n}"),
            "channel": "cadre",
            "household_id": li_hh[0],
            "submitted_at": (now - Duration::days(days)).to_rfc3339(),
        })
    };
    let ids = push_feedback(
        &app,
        &li,
        vec![
            raised(2, 1, "income"),
            raised(4, 2, "income"),
            raised(9, 3, "income"),
            raised(1, 4, "environment"),
        ],
    )
    .await;
    for id in &ids[..3] {
        reply(&app, &office, id, "resolved").await;
    }
    // The first is reopened and resolved again: a form counts once, from its first
    // resolution (else 4 resolved, median 3 days).
    for status in ["in_progress", "resolved"] {
        reply(&app, &office, &ids[0], status).await;
    }

    // 李明 reports his commitment done; a service-day reception is recorded.
    let items = app.json(&li, "ledger/list", &[("view", "mine")]).await;
    let commitment = items["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "Commitment")
        .unwrap_or_else(|| panic!("李明's commitment in {items}"))["id"]
        .as_str()
        .unwrap()
        .to_string();
    for step in [
        vec![("id", commitment.as_str()), ("form[step]", "start")],
        vec![
            ("id", commitment.as_str()),
            ("form[step]", "resolve"),
            ("form[note]", "塌方路段已修复通车"),
        ],
    ] {
        let res = app.call(&li, "ledger/step", &step).await;
        assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    }
    let today = before["today"].as_str().unwrap().to_string();
    let res = app
        .call(
            &office,
            "receptions/create",
            &[
                ("form[held_on]", today.as_str()),
                ("form[visitor_name]", "廖德明"),
                ("form[village]", "民智村"),
                ("form[category]", "relief"),
                ("form[matter]", "咨询临时救助政策"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);

    // 李明's phone syncs and says two records are still on it.
    let res = app
        .call(
            &li,
            "sync/pack",
            &[("device", "phone-li"), ("waiting", "2")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let s = figures(&app, &office, "").await;
    // Coverage: the demo's 60 households in three villages; four visited this month in five
    // visits; 李明 3 of his, 王芳 1; the other six cadres none.
    let villages = s["by_village"].as_array().unwrap();
    let assigned: Vec<i64> = villages
        .iter()
        .map(|v| v["assigned"].as_i64().unwrap())
        .collect();
    assert_eq!(assigned, vec![24, 18, 18]);
    let sum = |k: &str| villages.iter().map(|v| v[k].as_i64().unwrap()).sum::<i64>();
    assert_eq!((sum("visited"), sum("visits")), (4, 5));
    let li_row = row(&s["by_cadre"], "李明");
    assert_eq!(
        (
            li_row["assigned"].as_i64(),
            li_row["visited"].as_i64(),
            li_row["visits"].as_i64()
        ),
        (Some(li_hh.len() as i64), Some(3), Some(4))
    );
    assert_eq!(row(&s["by_cadre"], "王芳")["visited"], 1);
    let idle: Vec<&str> = s["idle"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(idle, vec!["张伟", "陈静", "杨洋", "黄磊", "吴倩", "谭军"]);
    // Feedback: three income items resolved, one environment item new; median 4 days.
    let income = s["feedback"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["category"] == "Income")
        .unwrap();
    assert_eq!(income["by_status"], json!([0, 0, 0, 3]));
    let env = s["feedback"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["category"] == "Environment")
        .unwrap();
    assert_eq!(env["by_status"], json!([1, 0, 0, 0]));
    assert_eq!(s["resolved"], 3);
    let median = s["median_days"].as_f64().unwrap();
    assert!((4.0..4.01).contains(&median), "median {median}");
    // Overdue: the demo's dispute, 王芳's, three days past its deadline.
    assert_eq!(
        s["overdue"],
        json!([{ "owner": "王芳", "count": 1, "worst_days": 3 }])
    );
    // Commitments: the demo's one, made this month and kept on time.
    assert_eq!(
        s["commitments"],
        json!({ "made": 1, "kept": 1, "kept_late": 0, "open": 0, "overdue": 0 })
    );
    // Pairing: exactly 谭军, one short.
    let short: Vec<(String, i64)> = s["quota"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|q| {
            let need = if q["tier"] == "Director" { 2 } else { 1 };
            let gap = need - q["paired"].as_i64().unwrap();
            (gap > 0).then(|| (q["name"].as_str().unwrap().to_string(), gap))
        })
        .collect();
    assert_eq!(short, vec![("谭军".to_string(), 1)]);
    assert_eq!(s["receptions"]["count"], 1);
    assert_eq!(s["receptions"]["to_ledger"], 0);
    // Phones: 李明's says two waiting; 王芳's build never reported.
    let li_phone = row(&s["phones"], "李明");
    assert_eq!(li_phone["waiting"], 2);
    assert!(li_phone["last_sync"].is_string());
    assert!(row(&s["phones"], "王芳")["last_sync"].is_null());
    // Trend: twelve months ending with this one; this month's five visits, last month's one.
    let trend = s["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 12);
    assert_eq!(trend[11]["month"], this_month);
    assert_eq!(
        (trend[11]["visits"].as_i64(), trend[10]["visits"].as_i64()),
        (Some(5), Some(1))
    );
    assert_eq!(trend[11]["feedback"], 4);

    // One village: its households only, and the rest follows it.
    let first_village = s["villages"][0][0].as_i64().unwrap().to_string();
    let one = figures(&app, &office, &first_village).await;
    assert_eq!(one["by_village"].as_array().unwrap().len(), 1);
    assert_eq!(one["by_village"][0]["assigned"], 24);
    assert_eq!(one["village_name"], "民智村");
    assert_eq!(one["receptions"]["count"], 1);

    // The page itself, rendered on the server with its charts and tables.
    let html = app
        .json(
            &office,
            "summary/page",
            &[("month", ""), ("village", ""), ("lang", "zh")],
        )
        .await;
    let html = html.as_str().unwrap();
    assert!(html.contains("<svg") && html.contains("走访覆盖") && html.contains("李明"));
    let report = app
        .json(
            &office,
            "summary/report",
            &[("month", ""), ("village", ""), ("lang", "en")],
        )
        .await;
    assert!(report.as_str().unwrap().contains("monthly report"));

    // Bad filters are refused with the reason; cadres may not read the summary.
    let res = app
        .call(
            &office,
            "summary/figures",
            &[("month", "2026-13"), ("village", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["Invalid"][0]["msg"], "ValMonth");
    let res = app
        .call(
            &office,
            "summary/figures",
            &[("month", ""), ("village", "999")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .call(&li, "summary/figures", &[("month", ""), ("village", "")])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// A form resolved last month, reopened and resolved again this month, is last month's
/// resolution: "resolved in the month" and its median days count a form once, in the month
/// of its first resolution (`feedback.resolved_at`, migration 0019).
#[tokio::test]
async fn a_form_resolved_again_counts_in_the_month_of_its_first_resolution() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let li = app.signed_in(CADRE_A).await;
    let hh = app.household_ids(&li).await[0];
    let this_month = figures(&app, &office, "").await["filter"]["month"].clone();
    let (year, month) = (
        this_month["year"].as_i64().unwrap() as i32,
        this_month["month"].as_u64().unwrap() as u32,
    );
    // Midnight in Beijing on this month's first day, in UTC.
    let month_start = chrono::NaiveDate::from_ymd_opt(year, month, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        - Duration::hours(8);
    let resolved_at = month_start - Duration::days(3);
    let submitted_at = resolved_at - Duration::days(6);
    let last = (month_start - Duration::days(1))
        .format("%Y-%m")
        .to_string();
    let ids = push_feedback(
        &app,
        &li,
        vec![json!({
            "id": uuid7(700), "category": "income", "content": "反映700", "channel": "cadre",
            "household_id": hh, "submitted_at": submitted_at.to_rfc3339(),
        })],
    )
    .await;
    // Replies are stamped by the server's clock, so last month's is written into the table,
    // in the form each backend keeps times in (sqlx writes SQLite's as RFC 3339 text).
    let db = app.database().await;
    let office_id = user_id(&app, &office, "周建国").await;
    let at = resolved_at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false);
    let insert = if on_postgres() {
        "INSERT INTO feedback_replies (feedback_id, author_id, status, body, public, at)
         VALUES ($1, $2, 'resolved', '已办结', TRUE, CAST($3 AS TIMESTAMPTZ))"
    } else {
        "INSERT INTO feedback_replies (feedback_id, author_id, status, body, public, at)
         VALUES ($1, $2, 'resolved', '已办结', TRUE, $3)"
    };
    sqlx::query(insert)
        .bind(&ids[0])
        .bind(office_id)
        .bind(&at)
        .execute(&db)
        .await
        .unwrap();
    for status in ["in_progress", "resolved"] {
        reply(&app, &office, &ids[0], status).await;
    }
    assert_no_drift(&db, "after a form resolved across two months").await;

    let now = figures(&app, &office, "").await;
    assert_eq!(now["resolved"], 0, "{now}");
    let before = app
        .json(
            &office,
            "summary/figures",
            &[("month", last.as_str()), ("village", "")],
        )
        .await;
    assert_eq!(before["resolved"], 1, "{before}");
    let median = before["median_days"].as_f64().unwrap();
    assert!((6.0..6.01).contains(&median), "median {median}");
}

/// `shugen generate` (the benchmarks' data) makes a programme a year old: the assignments and
/// every rule of the calendar date from a year back (the migration starts the feedback-form
/// rule on its own day, and a month's figures would read that rule's first, partial window).
#[tokio::test]
async fn generated_data_is_a_programme_a_year_old() {
    let app = spawn_app().await;
    let out = app
        .command()
        .args(["generate", "--households", "30", "--visits", "30"])
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let year_ago = (Utc::now() + Duration::hours(8) - Duration::days(366))
        .format("%Y-%m-%d")
        .to_string();
    let starts: Vec<(String, String)> =
        sqlx::query_as("SELECT code, CAST(active_from AS TEXT) FROM obligations WHERE version = 1")
            .fetch_all(&app.database().await)
            .await
            .unwrap();
    assert!(starts.iter().any(|(code, _)| code == "feedback_forms"));
    for (code, from) in &starts {
        assert!(
            *from <= year_ago,
            "{code} starts on {from}, after {year_ago}"
        );
    }
}

async fn download(client: &Client, url: String) -> (StatusCode, String, Vec<u8>) {
    let res = client.get(url).send().await.unwrap();
    let status = res.status();
    let ctype = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, ctype, res.bytes().await.unwrap().to_vec())
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) => f.to_string(),
        other => format!("{other:?}"),
    }
}

/// Any run of 17 or more digits: an ID number in full.
fn has_full_id(s: &str) -> bool {
    let mut run = 0;
    for c in s.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        if run >= 17 {
            return true;
        }
    }
    false
}

#[tokio::test]
async fn exports_read_back_in_a_real_reader_masked_by_role_and_audited() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let leader = app.signed_in(LEADER).await;
    let cadre = app.signed_in(CADRE_A).await;
    let hh = app.household_ids(&cadre).await;
    push_visits(
        &app,
        &cadre,
        vec![visit(1, hh[0], Utc::now() - Duration::seconds(30))],
    )
    .await;
    let words = "村口路灯坏了，晚上出行不便，\"请\"尽快修复";
    push_feedback(
        &app,
        &cadre,
        vec![json!({
            "id": uuid7(200),
            "category": "construction",
            "content": words,
            "name": "廖秋菊",
            "phone": "13912345678",
            "channel": "cadre",
            "household_id": hh[0],
            "submitted_at": Utc::now().to_rfc3339(),
        })],
    )
    .await;

    // Households: a sheet per village in ledger layout, phones in full for the office.
    let (status, ctype, bytes) = download(&office, app.url("/export/households.xlsx")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.contains("spreadsheetml"), "{ctype}");
    let mut book = Xlsx::new(Cursor::new(bytes)).expect("a workbook calamine opens");
    assert_eq!(book.sheet_names(), vec!["民智村", "廖家村", "桐子坳村"]);
    let mut rows_per_sheet = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
        assert_eq!(rows[0][0], format!("{name} 农户花名册"));
        assert!(rows[1][0].contains("身份证号已脱敏"), "{}", rows[1][0]);
        assert_eq!(
            &rows[2][..5],
            &["村", "村民小组", "户主", "家庭人口", "联系电话"]
        );
        assert!(rows[3..].iter().all(|r| r[0] == name));
        assert!(rows.iter().flatten().all(|c| !has_full_id(c)));
        rows_per_sheet.push(rows.len() - 3);
        let merged = book.merge_cells_by_sheet_name(&name).unwrap();
        assert_eq!(merged.len(), 2, "title and note rows merged");
        assert!(rows[3][4].starts_with("139") && !rows[3][4].contains('*'));
    }
    assert_eq!(rows_per_sheet, vec![24, 18, 18]);

    // A leader's export masks phones; the ledger has a sheet per kind with dated deadlines.
    let (_, _, bytes) = download(&leader, app.url("/export/households.xlsx")).await;
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("民智村").unwrap();
    let phone = text(range.get((3, 4)).unwrap());
    assert!(phone.contains("****"), "{phone}");
    let (_, _, bytes) = download(&office, app.url("/export/ledger.xlsx")).await;
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec![
            "信访",
            "矛盾纠纷",
            "安全隐患",
            "民事代办",
            "承诺事项",
            "帮扶计划"
        ]
    );
    let range = book.worksheet_range("矛盾纠纷").unwrap();
    assert_eq!(text(range.get((2, 7)).unwrap()), "完成时限");
    assert!(
        matches!(range.get((3, 7)), Some(Data::DateTime(_))),
        "a deadline is a date cell: {:?}",
        range.get((3, 7))
    );
    // Visits: the month's one visit, its time a date-time cell.
    let (_, _, bytes) = download(&office, app.url("/export/visits.xlsx")).await;
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 1);
    let range = book.worksheet_range(&names[0]).unwrap();
    assert_eq!(range.height(), 4);
    assert!(matches!(range.get((3, 4)), Some(Data::DateTime(_))));

    // CSV: a BOM, then the Chinese text exactly as sent; the leader's copy masks the villager.
    let (status, ctype, bytes) = download(&office, app.url("/export/feedback.csv")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.starts_with("text/csv"));
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let csv = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("类别,回执码,收到时间,反映内容,反映人,联系电话"));
    assert_eq!(lines.len(), 2);
    let quoted = format!("\"{}\"", words.replace('"', "\"\""));
    assert!(lines[1].contains(&quoted), "{}", lines[1]);
    assert!(lines[1].contains("廖秋菊") && lines[1].contains("13912345678"));
    let (_, _, bytes) = download(&leader, app.url("/export/feedback.csv")).await;
    let csv = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(csv.contains("廖**") && csv.contains("139****5678") && !csv.contains("廖秋菊"));

    // Refusals: a cadre, an unknown file, a bad month; signed out goes to the login.
    let (status, _, body) = download(&cadre, app.url("/export/visits.csv")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        String::from_utf8(body).unwrap(),
        "只有办公室和局领导可以导出"
    );
    let (status, _, _) = download(&office, app.url("/export/users.csv")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, body) = download(&office, app.url("/export/visits.csv?month=2026-13")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(String::from_utf8(body).unwrap().contains("月份"));
    let res = app
        .client()
        .get(app.url("/export/visits.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // Every export, and the refused one, is in the audit log with who and what.
    let audit = app.json(&office, "audit/recent", &[("limit", "50")]).await;
    let exports: Vec<(String, String, String)> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "export")
        .map(|e| {
            (
                e["user"].as_str().unwrap_or_default().to_string(),
                e["object"].as_str().unwrap().to_string(),
                e["result"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Six downloads and the cadre's refusal; a file that is no export and a bad month never
    // reached the data.
    assert_eq!(exports.len(), 7, "{exports:?}");
    assert!(exports.contains(&(
        "唐志远".into(),
        format!("households.xlsx?month={}", {
            let f = app
                .json(
                    &office,
                    "summary/figures",
                    &[("month", ""), ("village", "")],
                )
                .await;
            format!(
                "{:04}-{:02}",
                f["filter"]["month"]["year"].as_i64().unwrap(),
                f["filter"]["month"]["month"].as_i64().unwrap()
            )
        }),
        "ok masked".into()
    )));
    assert!(exports.iter().any(|e| e.0 == "李明" && e.2 == "forbidden"));
    let res = app.call(&leader, "audit/recent", &[("limit", "5")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// The counts the database rolls up as it is written (migration 0015) equal a recount from
/// the records after every kind of write that changes them: visits on both sides of a Beijing
/// month boundary, a second visit and a second person's visit in one month, an assignment
/// taken back and made again, a handover, an assignment date corrected by hand; and the
/// summary reads them.
#[tokio::test]
async fn the_rolled_up_counts_equal_a_recount_after_every_kind_of_write() {
    let app = spawn_app().await;
    let db = app.database().await;
    assert_no_drift(&db, "after the demo").await;
    let office = app.signed_in(OFFICE).await;
    let li = app.signed_in(CADRE_A).await;
    let wang = app.signed_in(CADRE_B).await;
    let mine = app.household_ids(&li).await;
    let (a, b) = (mine[0], mine[1]);
    // A Beijing month boundary at least two hours past (the one before if this month's
    // began less than two hours ago): the last minute of one month and the first of the next.
    let beijing = Utc::now() + Duration::hours(6);
    let start = chrono::NaiveDate::from_ymd_opt(
        chrono::Datelike::year(&beijing),
        chrono::Datelike::month(&beijing),
        1,
    )
    .unwrap()
    .and_hms_opt(0, 0, 0)
    .unwrap()
    .and_utc()
        - Duration::hours(8);
    let before = start - Duration::minutes(1);
    let after = start + Duration::minutes(1);
    push_visits(
        &app,
        &li,
        vec![
            visit(9001, a, before),
            visit(9002, a, after),
            visit(9003, a, after + Duration::minutes(5)),
            visit(9004, b, after),
        ],
    )
    .await;
    assert_no_drift(&db, "after visits").await;

    let assign = |endpoint: &'static str, household: i64, cadre: i64| {
        let (app, office) = (&app, &office);
        async move {
            let res = app
                .call(
                    office,
                    endpoint,
                    &[
                        ("household", &household.to_string()),
                        ("cadre", &cadre.to_string()),
                    ],
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK, "{endpoint}");
        }
    };
    let (li_id, wang_id, tan_id) = (
        user_id(&app, &office, "李明").await,
        user_id(&app, &office, "王芳").await,
        user_id(&app, &office, "谭军").await,
    );
    assign("households/unassign", b, li_id).await;
    assert_no_drift(&db, "after unassign").await;
    assign("households/assign", b, li_id).await;
    assign("households/assign", a, wang_id).await;
    push_visits(
        &app,
        &wang,
        vec![visit(9005, a, after + Duration::minutes(9))],
    )
    .await;
    assert_no_drift(&db, "after a second person").await;

    let res = app
        .call(
            &office,
            "users/handover",
            &[("from", &wang_id.to_string()), ("to", &tan_id.to_string())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let long_ago = (Utc::now() - Duration::days(70)).to_rfc3339();
    sqlx::query(&format!(
        "UPDATE household_cadres SET assigned_at = '{long_ago}' WHERE household_id = $1"
    ))
    .bind(a)
    .execute(&db)
    .await
    .unwrap();
    assert_no_drift(&db, "after handover").await;

    // The summary of the boundary's second month counts what the records say: 李明's three
    // visits to his two households, 谭军 none of his own (王芳's visit stays hers).
    let month = format!("{}", (after + Duration::hours(8)).format("%Y-%m"));
    let f = app
        .json(
            &office,
            "summary/figures",
            &[("month", &month), ("village", "")],
        )
        .await;
    let li_row = row(&f["by_cadre"], "李明");
    assert_eq!(
        (li_row["visited"].as_i64(), li_row["visits"].as_i64()),
        (Some(2), Some(3))
    );
    assert_eq!(row(&f["by_cadre"], "谭军")["visits"], 0);
    // A visit is never deleted: the database refuses, and the counts stay.
    assert!(sqlx::query("DELETE FROM visits")
        .execute(&db)
        .await
        .is_err());
    // Nor does its way or its feedback-form answer change (migration 0020).
    assert!(sqlx::query("UPDATE visits SET feedback_form = 'yes'")
        .execute(&db)
        .await
        .is_err());
    assert_no_drift(&db, "after a refused delete").await;

    // Records counted by village (migration 0017): a form about a household, an item about
    // one (worked to its close) and an item of a village; then the household moves village by
    // a hand fix, and its form and its item's close count in the new village (the village's
    // own item stays).
    let form = push_feedback(
        &app,
        &li,
        vec![json!({
            "id": uuid7(9100),
            "category": "income",
            "content": "想学养殖技术",
            "name": "廖秋菊",
            "channel": "cadre",
            "household_id": a,
            "submitted_at": Utc::now().to_rfc3339(),
        })],
    )
    .await;
    let mut items: Vec<String> = Vec::new();
    for form in [
        [
            ("form[household]", a.to_string()),
            ("form[village]", String::new()),
        ],
        [
            ("form[household]", String::new()),
            ("form[village]", "1".to_string()),
        ],
    ] {
        let mut fields = vec![
            ("form[kind]", "commitment".to_string()),
            ("form[title]", "帮助联系养殖技术培训".to_string()),
            ("form[detail]", String::new()),
            ("form[owner]", li_id.to_string()),
            ("form[deadline]", "2099-12-31".to_string()),
        ];
        fields.extend(form);
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = app.call(&office, "ledger/create", &fields).await;
        assert_eq!(res.status(), StatusCode::OK);
        items.push(res.json::<String>().await.unwrap());
    }
    // The household's item is worked to its close (销号).
    for step in [
        vec![("form[step]", "start")],
        vec![("form[step]", "resolve"), ("form[note]", "已联系县农技站")],
        vec![
            ("form[step]", "close"),
            ("form[note]", "群众满意"),
            ("form[confirmation]", "villager"),
        ],
    ] {
        let mut fields = vec![("id", items[0].as_str())];
        fields.extend(step);
        let res = app.call(&li, "ledger/step", &fields).await;
        assert_eq!(res.status(), StatusCode::OK, "{fields:?}");
    }
    // The form is resolved, reopened and resolved again (its first resolution is kept on it,
    // migration 0019); its replies cannot be deleted or rewritten.
    for status in ["resolved", "in_progress", "resolved"] {
        reply(&app, &office, &form[0], status).await;
    }
    assert!(sqlx::query("DELETE FROM feedback_replies")
        .execute(&db)
        .await
        .is_err());
    assert!(sqlx::query("UPDATE feedback_replies SET status = 'new'")
        .execute(&db)
        .await
        .is_err());
    assert_no_drift(&db, "after a form, items and a close").await;
    let village_of = |id: i64| {
        let db = &db;
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT g.village_id FROM households h
                 JOIN village_groups g ON g.id = h.group_id WHERE h.id = $1",
            )
            .bind(id)
            .fetch_one(db)
            .await
            .unwrap()
        }
    };
    let (home, away) = (village_of(a).await, village_of(a).await % 3 + 1);
    let counts_in = |village: i64| {
        let (app, office) = (&app, &office);
        async move {
            let f = app
                .json(
                    office,
                    "summary/figures",
                    &[("month", ""), ("village", &village.to_string())],
                )
                .await;
            let feedback: i64 = f["trend"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["feedback"].as_i64().unwrap())
                .sum();
            let closed: i64 = f["trend"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["closed"].as_i64().unwrap())
                .sum();
            (feedback, closed, f["commitments"]["open"].as_i64().unwrap())
        }
    };
    let (home_before, away_before) = (counts_in(home).await, counts_in(away).await);
    sqlx::query(
        "UPDATE households SET group_id = (
             SELECT MIN(id) FROM village_groups WHERE village_id = $1) WHERE id = $2",
    )
    .bind(away)
    .bind(a)
    .execute(&db)
    .await
    .unwrap();
    assert_no_drift(&db, "after a household moved village").await;
    let (home_after, away_after) = (counts_in(home).await, counts_in(away).await);
    assert_eq!(home_after.0, home_before.0 - 1, "the form left {home}");
    assert_eq!(away_after.0, away_before.0 + 1, "the form came to {away}");
    assert_eq!(home_after.1, home_before.1 - 1, "the close left {home}");
    assert_eq!(away_after.1, away_before.1 + 1, "the close came to {away}");
    // The village's own item stays in village 1 wherever the household goes.
    assert_eq!(
        (home_after.2 + away_after.2) - (home_before.2 + away_before.2),
        0,
        "open commitments"
    );
}
