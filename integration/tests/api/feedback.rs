//! Feedback: the card page's plain form post, its receipt, the limits on it, the cadre's
//! offline capture through sync, the office's reply, and who may see what.
use crate::cards::{page, token_of, villager};
use crate::helpers::*;
use reqwest::header::{CONTENT_TYPE, LOCATION, ORIGIN};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// The form key the card page hands out.
fn form_key(html: &str) -> String {
    let start = html.find("name=\"key\" value=\"").expect("a form key") + 18;
    html[start..start + 32].to_string()
}

/// Posts the card page's form as a browser without JavaScript does.
async fn post_form(app: &TestApp, token: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    villager()
        .post(app.url(&format!("/c/{token}/feedback")))
        .header(ORIGIN, &app.base)
        .form(fields)
        .send()
        .await
        .unwrap()
}

async fn inbox(app: &TestApp, phone: &str) -> Vec<Value> {
    let client = app.signed_in(phone).await;
    app.json(&client, "feedback/list", &[("status", "")]).await["rows"]
        .as_array()
        .unwrap()
        .clone()
}

fn receipt_path(res: &reqwest::Response) -> String {
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "the form answers with a redirect"
    );
    let location = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(
        location.starts_with("/r/") && location.contains("new=1"),
        "{location}"
    );
    location
}

/// The receipt lookup form, typed as given: where it sends the villager.
async fn lookup(app: &TestApp, typed: &str) -> String {
    let res = villager()
        .get(app.url(&format!("/r?code={typed}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    res.headers()[LOCATION].to_str().unwrap().to_string()
}

#[tokio::test]
async fn a_plain_form_post_lands_once_and_shows_its_receipt() {
    let app = spawn_app().await;
    let token = token_of(&app, "李明").await;
    let (_, _, html) = page(&app, &format!("/c/{token}")).await;
    let key = form_key(&html);
    let fields = [
        ("key", key.as_str()),
        ("lang", "zh"),
        ("category", "construction"),
        ("content", "三组路口的路灯坏了两个月，晚上出行不便。"),
        ("name", "廖大爷"),
        ("phone", "13912345678"),
        ("website", ""),
    ];
    let first = receipt_path(&post_form(&app, &token, &fields).await);
    // The browser sends it again (a double tap, a reload of the post): same receipt.
    let again = receipt_path(&post_form(&app, &token, &fields).await);
    assert_eq!(first, again);
    let rows = inbox(&app, OFFICE).await;
    assert_eq!(rows.len(), 1, "stored exactly once");
    assert_eq!(rows[0]["channel"], "Card");
    assert_eq!(rows[0]["status"], "New");
    assert_eq!(rows[0]["cadre"], "李明");

    let (status, _, receipt) = page(&app, &first).await;
    assert_eq!(status, StatusCode::OK);
    let code = first.trim_start_matches("/r/").split('?').next().unwrap();
    let shown = format!("{}-{}", &code[..4], &code[4..]);
    assert!(receipt.contains(&shown) && receipt.contains("提交成功") && receipt.contains("待受理"));
    assert!(receipt.contains("城乡建设"));
    // No personal data on a page anyone with the code can open.
    for private in ["廖大爷", "13912345678", "路灯坏了"] {
        assert!(
            !receipt.contains(private),
            "the receipt page shows {private}"
        );
    }
    // The lookup form finds it however the code is typed.
    assert!(lookup(&app, &shown.to_lowercase())
        .await
        .starts_with(&format!("/r/{code}")));
    let (status, _, html) = page(&app, "/r/AAAA-2222").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("没有找到这个回执码"));

    // The same form key with other words is a second item, not lost.
    let mut changed = fields;
    changed[3].1 = "还有：村口垃圾站需要清运。";
    let second = receipt_path(&post_form(&app, &token, &changed).await);
    assert_ne!(first, second);
    // ... and that second version sent twice is still stored once.
    assert_eq!(
        receipt_path(&post_form(&app, &token, &changed).await),
        second
    );
    assert_eq!(inbox(&app, OFFICE).await.len(), 2);

    // The office replies publicly, then internally: only the public reply shows.
    let office = app.signed_in(OFFICE).await;
    let id = rows[0]["id"].as_str().unwrap();
    let res = app
        .call(
            &office,
            "feedback/reply",
            &[
                ("id", id),
                ("status", "in_progress"),
                ("body", "已联系供电所，本周内修复。"),
                ("public", "on"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .call(
            &office,
            "feedback/reply",
            &[
                ("id", id),
                ("status", "in_progress"),
                ("body", "供电所张师傅负责"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, _, receipt) = page(&app, &format!("/r/{code}")).await;
    assert!(receipt.contains("已联系供电所") && receipt.contains("办理中"));
    assert!(!receipt.contains("张师傅") && !receipt.contains("周建国"));
    let res = app
        .call(
            &office,
            "feedback/reply",
            &[("id", id), ("status", "done"), ("body", "x")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn errors_keep_the_text_and_bad_posts_store_nothing() {
    let app = spawn_app().await;
    let token = token_of(&app, "李明").await;
    let (_, _, html) = page(&app, &format!("/c/{token}")).await;
    let key = form_key(&html);

    // Translated errors beside their fields; what was typed comes back.
    let res = post_form(
        &app,
        &token,
        &[
            ("key", &key),
            ("lang", "zh"),
            ("category", "weather"),
            ("content", "水渠<堵了>"),
            ("phone", "12345"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("请选择类别") && html.contains("手机号"),
        "the errors are named"
    );
    assert!(
        html.contains("水渠&lt;堵了&gt;"),
        "the typed text is kept, escaped"
    );
    assert!(html.contains("value=\"12345\""));
    let res = post_form(
        &app,
        &token,
        &[
            ("key", &key),
            ("lang", "en"),
            ("category", ""),
            ("content", ""),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Choose a category"));

    // Too big: refused before it is read.
    let huge = "很".repeat(20_000);
    let res = post_form(
        &app,
        &token,
        &[("key", &key), ("category", "income"), ("content", &huge)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        res.text().await.unwrap().contains("内容太长了"),
        "a page, not a bare error"
    );
    // Not a form, not UTF-8, no key: a friendly 400.
    let res = villager()
        .post(app.url(&format!("/c/{token}/feedback")))
        .header(ORIGIN, &app.base)
        .header(CONTENT_TYPE, "application/json")
        .body(r#"{"category":"income","content":"x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("提交的内容无法识别"));
    let res = villager()
        .post(app.url(&format!("/c/{token}/feedback")))
        .header(ORIGIN, &app.base)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(b"category=income&content=%FF%FE".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = post_form(
        &app,
        &token,
        &[("category", "income"), ("content", "没有表单号")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // Another site's page posting here.
    let res = villager()
        .post(app.url(&format!("/c/{token}/feedback")))
        .header(ORIGIN, "https://evil.example")
        .form(&[
            ("key", key.as_str()),
            ("category", "income"),
            ("content", "跨站"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The honeypot: thanked, not stored.
    let res = post_form(
        &app,
        &token,
        &[
            ("key", &key),
            ("category", "income"),
            ("content", "buy now"),
            ("website", "http://spam.example"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("感谢"));

    assert!(inbox(&app, OFFICE).await.is_empty(), "nothing was stored");
}

/// Posts the form as a villager behind a proxy that names them in `X-Real-IP`.
async fn post_from(app: &TestApp, token: &str, ip: &str, content: &str) -> reqwest::Response {
    let (_, _, html) = page(app, &format!("/c/{token}")).await;
    villager()
        .post(app.url(&format!("/c/{token}/feedback")))
        .header(ORIGIN, &app.base)
        .header("X-Real-IP", ip)
        .form(&[
            ("key", form_key(&html).as_str()),
            ("category", "income"),
            ("content", content),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_rate_limit_answers_with_a_friendly_page() {
    let app = spawn_app_with(&[
        ("SHUGEN_FEEDBACK_LIMIT", "2"),
        ("SHUGEN_CLIENT_IP_HEADER", "X-Real-IP"),
    ])
    .await;
    let token = token_of(&app, "李明").await;
    for n in 0..2 {
        receipt_path(&post_from(&app, &token, "10.0.0.1", &format!("第{n}条意见")).await);
    }
    let res = post_from(&app, &token, "10.0.0.1", "第三条意见").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let html = res.text().await.unwrap();
    assert!(html.contains("提交太频繁") && html.contains("13800000101"));
    assert!(html.contains("第三条意见"), "the text stays in the form");
    // Another villager behind the same proxy is not held up.
    receipt_path(&post_from(&app, &token, "10.0.0.2", "另一位村民的意见").await);
    assert_eq!(inbox(&app, OFFICE).await.len(), 3);
    // A burst sent all at once cannot slip past the count.
    let ip = "10.0.0.3";
    let burst = tokio::join!(
        post_from(&app, &token, ip, "一"),
        post_from(&app, &token, ip, "二"),
        post_from(&app, &token, ip, "三"),
        post_from(&app, &token, ip, "四"),
        post_from(&app, &token, ip, "五"),
        post_from(&app, &token, ip, "六"),
    );
    let statuses = [burst.0, burst.1, burst.2, burst.3, burst.4, burst.5].map(|r| r.status());
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::SEE_OTHER)
            .count(),
        2,
        "{statuses:?}"
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count(),
        4
    );
    assert_eq!(inbox(&app, OFFICE).await.len(), 5);
}

#[tokio::test]
async fn conduct_complaints_never_reach_the_cadre_they_concern() {
    let app = spawn_app().await;
    let token = token_of(&app, "李明").await;
    for (category, content) in [
        ("conduct", "李明上次来态度不好"),
        ("environment", "河道需要清淤"),
    ] {
        let (_, _, html) = page(&app, &format!("/c/{token}")).await;
        receipt_path(
            &post_form(
                &app,
                &token,
                &[
                    ("key", &form_key(&html)),
                    ("category", category),
                    ("content", content),
                ],
            )
            .await,
        );
    }
    let office = inbox(&app, OFFICE).await;
    assert_eq!(office.len(), 2);
    assert_eq!(inbox(&app, LEADER).await.len(), 2);
    let conduct = office.iter().find(|r| r["category"] == "Conduct").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let other = office
        .iter()
        .find(|r| r["category"] == "Environment")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    let li = app.signed_in(CADRE_A).await;
    let mine = app.json(&li, "feedback/list", &[("status", "")]).await;
    let rows = mine["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["id"], other.as_str());
    let counted: i64 = mine["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[1].as_i64().unwrap())
        .sum();
    assert_eq!(counted, 1, "not even in the counts");
    let res = app.call(&li, "feedback/get", &[("id", &conduct)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app.call(&li, "feedback/get", &[("id", &other)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Another cadre sees neither, and no cadre may reply.
    let wang = app.signed_in(CADRE_B).await;
    assert!(
        app.json(&wang, "feedback/list", &[("status", "")]).await["rows"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let res = app
        .call(
            &li,
            "feedback/reply",
            &[("id", &other), ("status", "resolved"), ("body", "已处理")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // Leaders hold cards too: a complaint about the bureau chief reaches the office and the
    // other leaders, never the chief.
    let office = app.signed_in(OFFICE).await;
    let users = app.json(&office, "users/list", &[]).await;
    let chief = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["phone"] == LEADER)
        .unwrap()["id"]
        .to_string();
    let res = app
        .call(
            &office,
            "cards/issue",
            &[("cadre", &chief), ("duties", ""), ("promise", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let chief_token = token_of(&app, "唐志远").await;
    let (_, _, html) = page(&app, &format!("/c/{chief_token}")).await;
    receipt_path(
        &post_form(
            &app,
            &chief_token,
            &[
                ("key", &form_key(&html)),
                ("category", "conduct"),
                ("content", "局长下村次数太少"),
            ],
        )
        .await,
    );
    let all = inbox(&app, OFFICE).await;
    let about_chief = all
        .iter()
        .find(|r| r["excerpt"] == "局长下村次数太少")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        inbox(&app, "13800000011")
            .await
            .iter()
            .any(|r| r["id"] == about_chief.as_str()),
        "another leader sees it"
    );
    let chief_client = app.signed_in(LEADER).await;
    let seen = app
        .json(&chief_client, "feedback/list", &[("status", "")])
        .await;
    assert!(seen["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["id"] != about_chief.as_str()));
    assert_eq!(seen["rows"].as_array().unwrap().len(), all.len() - 1);
    let res = app
        .call(&chief_client, "feedback/get", &[("id", &about_chief)])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .call(
            &chief_client,
            "feedback/reply",
            &[
                ("id", &about_chief),
                ("status", "resolved"),
                ("body", "已阅"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

fn captured(id: &str, household: i64, content: &str) -> Value {
    json!({
        "id": id,
        "category": "relief",
        "content": content,
        "name": "廖秋菊",
        "channel": "cadre",
        "household_id": household,
        "submitted_at": "2026-11-20T10:00:00+08:00",
    })
}

async fn push(app: &TestApp, client: &reqwest::Client, items: Vec<Value>) -> (StatusCode, Value) {
    let res = client
        .post(app.url("/api/sync/feedback"))
        .json(&json!({ "batch": { "schema": 1, "device": "phone-1", "items": items } }))
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn cadre_captured_feedback_syncs_exactly_once() {
    let app = spawn_app().await;
    let cadre = app.signed_in(CADRE_A).await;
    let hh = app.household_ids(&cadre).await[0];
    let id = "01936f0e-0001-7b3c-8d4e-000000000001";
    let batch = vec![captured(id, hh, "家里老人看病报销有困难")];
    let (status, first) = push(&app, &cadre, batch.clone()).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let receipt = first[0]["outcome"]["Accepted"]["receipt"]
        .as_str()
        .expect("accepted")
        .to_string();
    let (_, again) = push(&app, &cadre, batch).await;
    assert_eq!(
        again[0]["outcome"]["Duplicate"]["receipt"],
        receipt.as_str()
    );
    // Other words under the same id: a conflict, nothing overwritten.
    let (_, conflict) = push(&app, &cadre, vec![captured(id, hh, "改过的内容")]).await;
    assert_eq!(conflict[0]["outcome"], "Conflict");
    // One bad record among good ones; a household not theirs is refused.
    let other = app
        .household_ids(&app.signed_in(OFFICE).await)
        .await
        .into_iter()
        .find(|h| *h != hh)
        .unwrap();
    let mut bad = captured("01936f0e-0002-7b3c-8d4e-000000000002", hh, " ");
    bad["category"] = json!("relief");
    let (_, mixed) = push(
        &app,
        &cadre,
        vec![
            bad,
            captured("01936f0e-0003-7b3c-8d4e-000000000003", hh, "低保申请咨询"),
        ],
    )
    .await;
    assert_eq!(mixed[0]["outcome"]["Rejected"]["reason"], "ValRequired");
    assert!(mixed[1]["outcome"]["Accepted"].is_object());
    let mine: Vec<i64> = app.household_ids(&cadre).await;
    if !mine.contains(&other) {
        let (_, refused) = push(
            &app,
            &cadre,
            vec![captured(
                "01936f0e-0004-7b3c-8d4e-000000000004",
                other,
                "别人的农户",
            )],
        )
        .await;
        assert_eq!(refused[0]["outcome"]["Rejected"]["reason"], "ErrForbidden");
    }

    let rows = inbox(&app, OFFICE).await;
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .all(|r| r["channel"] == "Cadre" && r["household"].is_string()));
    let (status, _, html) = page(&app, &format!("/r/{}", receipt.replace('-', ""))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&receipt) && html.contains("困难救助"));
    assert!(
        !html.contains("返回联系卡"),
        "captured feedback has no card to go back to"
    );
}

#[tokio::test]
async fn forty_villagers_on_one_wifi_all_send_and_a_stuck_resend_is_held() {
    let app = spawn_app_with(&[("SHUGEN_CLIENT_IP_HEADER", "X-Real-IP")]).await;
    let token = token_of(&app, "李明").await;
    for n in 0..40 {
        receipt_path(&post_from(&app, &token, "10.9.9.9", &format!("第{n}位村民：水渠漏水")).await);
    }
    assert_eq!(inbox(&app, OFFICE).await.len(), 40);
    // The same words over and over from that address are a robot or a stuck button.
    for _ in 0..3 {
        receipt_path(&post_from(&app, &token, "10.9.9.9", "同一句话").await);
    }
    let res = post_from(&app, &token, "10.9.9.9", "同一句话").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // ... which holds up nobody else on that Wi-Fi.
    receipt_path(&post_from(&app, &token, "10.9.9.9", "另一位村民的话").await);
    assert_eq!(inbox(&app, OFFICE).await.len(), 44);
}

#[tokio::test]
async fn typed_identifiers_and_line_breaks_are_read_as_the_browser_means_them() {
    let app = spawn_app().await;
    let token = token_of(&app, "李明").await;
    // 2,000 characters as maxlength counts them: 100 lines of 19, CRLF between lines.
    let content = vec!["字".repeat(19); 100].join("\r\n");
    assert_eq!(content.replace("\r\n", "\n").chars().count(), 1999);
    let content = format!("{content}。");
    let (_, _, html) = page(&app, &format!("/c/{token}")).await;
    let res = post_form(
        &app,
        &token,
        &[
            ("key", form_key(&html).as_str()),
            ("category", "income"),
            ("content", content.as_str()),
            ("name", "阿依古丽 • 买买提"),
            ("phone", "(+86) 139-0000-2222"),
        ],
    )
    .await;
    let receipt = receipt_path(&res);
    let office = app.signed_in(OFFICE).await;
    let rows = app.json(&office, "feedback/list", &[("status", "")]).await["rows"].clone();
    let id = rows[0]["id"].as_str().unwrap().to_string();
    let item = app.json(&office, "feedback/get", &[("id", &id)]).await;
    assert_eq!(item["content"].as_str().unwrap().chars().count(), 2000);
    assert!(!item["content"].as_str().unwrap().contains('\r'));
    assert_eq!(item["phone"], "13900002222", "{item}");
    assert_eq!(item["name"], "阿依古丽·买买提");
    // The receipt code typed in full-width letters and digits finds it.
    let code = receipt.trim_start_matches("/r/").split('?').next().unwrap();
    assert!(lookup(&app, &full_width(code))
        .await
        .starts_with(&format!("/r/{code}")));
}

/// The inbox narrowed as the office narrows it at the 调度会, and the count of what waits.
#[tokio::test]
async fn the_inbox_narrows_by_category_village_days_and_words_and_counts_what_waits() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let waiting = |c| {
        let app = &app;
        async move { app.json(c, "feedback/waiting", &[]).await.as_i64().unwrap() }
    };
    let before = waiting(&office).await;
    let token = token_of(&app, "李明").await;
    let send = |category: &'static str, content: &'static str| {
        let (app, token) = (&app, token.clone());
        async move {
            let (_, _, html) = page(app, &format!("/c/{token}")).await;
            let key = form_key(&html);
            let fields = [
                ("key", key.as_str()),
                ("lang", "zh"),
                ("category", category),
                ("content", content),
                ("name", ""),
                ("phone", ""),
                ("website", ""),
            ];
            let path = receipt_path(&post_form(app, &token, &fields).await);
            path.trim_start_matches("/r/")
                .split('?')
                .next()
                .unwrap()
                .to_string()
        }
    };
    let lamp = send("construction", "三组路口的路灯坏了（筛选测试）").await;
    send("public_order", "有人半夜在河边电鱼（筛选测试）").await;
    assert_eq!(
        waiting(&office).await,
        before + 2,
        "both wait to be accepted"
    );

    let list = |q: Vec<(&'static str, String)>| {
        let (app, office) = (&app, &office);
        async move {
            let form: Vec<(&str, &str)> = q.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let v = app.json(office, "feedback/list", &form).await;
            v["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["excerpt"].as_str().unwrap().to_string())
                .filter(|e| e.contains("筛选测试"))
                .collect::<Vec<_>>()
        }
    };
    let only = |v: Vec<String>, word: &str| v.len() == 1 && v[0].contains(word);
    assert!(only(
        list(vec![("category", "public_order".into())]).await,
        "电鱼"
    ));
    assert!(only(list(vec![("q", "路灯".into())]).await, "路灯"));
    // The receipt code as a villager reads it out: with a dash, lower case, full-width.
    let spoken = format!("{}-{}", &lamp[..4], &lamp[4..]).to_lowercase();
    assert!(only(list(vec![("q", spoken)]).await, "路灯"));
    // "%" is a character to look for, not a wildcard.
    assert!(list(vec![("q", "%".into())]).await.is_empty());
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive();
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    assert_eq!(
        list(vec![("from", day(today)), ("to", day(today))])
            .await
            .len(),
        2
    );
    assert!(list(vec![("to", day(today.pred_opt().unwrap()))])
        .await
        .is_empty());
    // A village holds the card's items (they name no household) when 李明 serves households
    // there: both in the villages he serves, neither elsewhere.
    // A village where he serves nobody holds neither.
    let added = app
        .call(&office, "villages/add", &[("name", "新建村"), ("town", "")])
        .await;
    assert!(added.status().is_success());
    let villages = app.json(&office, "villages/list", &[]).await;
    let mut counts = Vec::new();
    for v in villages.as_array().unwrap() {
        counts.push(list(vec![("village", v["id"].to_string())]).await.len());
    }
    assert!(counts.iter().all(|n| *n == 0 || *n == 2), "{counts:?}");
    assert!(counts.contains(&2) && counts.contains(&0), "{counts:?}");
    // Tabs count under the other filters.
    let v = app
        .json(&office, "feedback/list", &[("category", "public_order")])
        .await;
    let counted: i64 = v["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[1].as_i64().unwrap())
        .sum();
    assert_eq!(counted, v["rows"].as_array().unwrap().len() as i64);
    // A bad date is a translated field error, not a 500.
    let res = app
        .call(&office, "feedback/list", &[("from", "30/11/2026")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("from"));
}
