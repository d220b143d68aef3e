//! Scope of the household registry and the all-or-nothing import.
use crate::helpers::*;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

#[tokio::test]
async fn a_cadre_sees_only_assigned_households_and_gets_403_on_others() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let all = app.household_ids(&office).await;
    assert_eq!(all.len(), 60, "the demo has 60 households");
    let cadre = app.signed_in(CADRE_A).await;
    let mine = app.household_ids(&cadre).await;
    assert!(!mine.is_empty() && mine.len() < all.len());
    let count = app.json(&cadre, "households/count", &[]).await;
    assert_eq!(count.as_i64().unwrap() as usize, mine.len());

    let own = mine[0].to_string();
    let detail = app.json(&cadre, "households/get", &[("id", &own)]).await;
    let cadres = detail["cadres"].as_array().unwrap();
    assert!(cadres.iter().any(|c| c["name"] == "李明"));
    // ID numbers leave the server masked only.
    for m in detail["members"].as_array().unwrap() {
        if let Some(id) = m["id_masked"].as_str() {
            assert!(id.contains("********"), "{id}");
        }
    }

    let other = all
        .iter()
        .find(|id| !mine.contains(id))
        .unwrap()
        .to_string();
    let res = app.call(&cadre, "households/get", &[("id", &other)]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let page = cadre
        .get(app.url(&format!("/households/{other}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    assert!(page.text().await.unwrap().contains("没有权限"));

    // Leaders see everything but cannot change assignments.
    let leader = app.signed_in(LEADER).await;
    assert_eq!(app.household_ids(&leader).await.len(), 60);
    let res = app
        .call(
            &leader,
            "households/assign",
            &[("household", &other), ("cadre", "6")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn search_finds_by_name_phone_village_tag_and_exact_id_number() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let search = |q: &'static str, village: &'static str, tag: &'static str| {
        let app = &app;
        let office = &office;
        async move {
            app.json(
                office,
                "households/list",
                &[("q", q), ("village", village), ("tag", tag), ("page", "1")],
            )
            .await
        }
    };
    let poor = search("", "", "poor").await;
    assert_eq!(poor["total"], 10);
    let v1 = search("", "1", "").await;
    assert_eq!(v1["total"], 24);
    for item in v1["items"].as_array().unwrap() {
        assert_eq!(item["village"], "民智村");
    }
    let first = &v1["items"][0];
    let name = first["head_name"].as_str().unwrap().to_string();
    let by_name = app
        .json(
            &office,
            "households/list",
            &[("q", &name), ("village", ""), ("tag", ""), ("page", "1")],
        )
        .await;
    assert!(by_name["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["id"] == first["id"]));
    // Part of a phone number (digits search phones only).
    let detail = app
        .json(
            &office,
            "households/get",
            &[("id", &first["id"].to_string())],
        )
        .await;
    let phone = detail["phone"].as_str().unwrap().to_string();
    assert_eq!(phone.len(), 11, "{detail}");
    let by_phone = app
        .json(
            &office,
            "households/list",
            &[
                ("q", &phone[3..9]),
                ("village", ""),
                ("tag", ""),
                ("page", "1"),
            ],
        )
        .await;
    assert!(by_phone["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["id"] == first["id"]));
    // A member's name (not the head's) finds the household too, whole and by its last two
    // characters.
    let member = detail["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["name"].as_str())
        .find(|m| *m != name)
        .expect("a demo household with members")
        .to_string();
    let tail: String = member.chars().skip(member.chars().count() - 2).collect();
    for q in [member.as_str(), tail.as_str()] {
        let page = app
            .json(
                &office,
                "households/list",
                &[("q", q), ("village", ""), ("tag", ""), ("page", "1")],
            )
            .await;
        let total = page["total"].as_i64().unwrap();
        let ids = app
            .json(
                &office,
                "households/list",
                &[("q", q), ("village", "1"), ("tag", ""), ("page", "1")],
            )
            .await;
        assert!(
            ids["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["id"] == first["id"]),
            "{q}: {ids}"
        );
        assert!(total >= 1, "{q}");
    }
    // A cadre's search stays inside their own households.
    let cadre = app.signed_in(CADRE_A).await;
    let mine = app.household_ids(&cadre).await;
    let theirs = app
        .json(
            &cadre,
            "households/list",
            &[("q", &name), ("village", ""), ("tag", ""), ("page", "1")],
        )
        .await;
    for item in theirs["items"].as_array().unwrap() {
        assert!(mine.contains(&item["id"].as_i64().unwrap()), "{item}");
    }
    let none = search("没有这个人", "", "").await;
    assert_eq!(none["total"], 0);
    // Wildcards typed by a user are literal.
    let pct = search("%", "", "").await;
    assert_eq!(pct["total"], 0);
}

/// Past 2,000 matches a page reads the register in its order and tests each household; below,
/// it finds the matches and sorts them (`households::db::list`). Either way a page holds the
/// households the register's order puts there: village, group, household.
#[tokio::test]
async fn a_large_register_pages_in_its_order_whichever_way_a_page_is_read() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let db = app.database().await;
    // 2,500 households named 樟1 … 樟2500, spread over every group of every village.
    let groups: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM village_groups")
        .fetch_one(&db)
        .await
        .unwrap();
    sqlx::query(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
         INSERT INTO households (group_id, head_name, population, created_at, updated_at)
         SELECT g.id, '樟' || n.i, 3, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z'
         FROM n JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS r FROM village_groups) g
           ON g.r = n.i % {groups}"
    ))
    .execute(&db)
    .await
    .unwrap();
    assert_no_drift(&db, "after 2,500 households in one statement").await;
    let expected = |filter: &'static str| {
        let db = &db;
        async move {
            sqlx::query_scalar::<_, i64>(&format!(
                "SELECT h.id FROM households h JOIN village_groups g ON g.id = h.group_id
                 WHERE {filter} ORDER BY g.village_id, h.group_id, h.id"
            ))
            .fetch_all(db)
            .await
            .unwrap()
        }
    };
    // (search, village, the register's households that match, in its order)
    let cases = [
        ("", "", expected("1 = 1").await),
        ("樟", "", expected("h.head_name LIKE '%樟%'").await),
        (
            "樟",
            "2",
            expected("h.head_name LIKE '%樟%' AND g.village_id = 2").await,
        ),
        ("樟1", "", expected("h.head_name LIKE '%樟1%'").await),
    ];
    assert!(cases[1].2.len() > 2000 && cases[3].2.len() < 2000);
    for (q, village, all) in &cases {
        let pages = all.len().div_ceil(20);
        for page in [1, 2, pages / 2, pages] {
            let got = app
                .json(
                    &office,
                    "households/list",
                    &[
                        ("q", q),
                        ("village", village),
                        ("tag", ""),
                        ("page", &page.to_string()),
                    ],
                )
                .await;
            assert_eq!(got["total"], all.len(), "{q} {village}");
            let ids: Vec<i64> = got["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_i64().unwrap())
                .collect();
            let want = &all[(page - 1) * 20..(page * 20).min(all.len())];
            assert_eq!(ids, want, "{q:?} village {village:?} page {page}");
        }
    }
}

fn csv_form(name: &str, body: &str, commit: bool) -> Form {
    Form::new()
        .part(
            "file",
            Part::bytes(body.as_bytes().to_vec()).file_name(name.to_string()),
        )
        .text("commit", if commit { "1" } else { "0" })
}

const HEADER: &str =
    "村,村民小组,户主姓名,户主身份证号,联系电话,家庭人口,标签,困难类型,家庭成员,联系干部手机\n";

#[tokio::test]
async fn import_previews_bad_rows_and_writes_all_or_nothing() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let before = app.json(&office, "households/count", &[]).await;
    let bad = format!(
        "{HEADER}民智村,一组,赵一,11010519491231002X,13811112222,3,困难户,看病,赵二/配偶/1952,{CADRE_A}\n\
         民智村,一组,钱二,110105194912310021,1381111,,,,,\n\
         不存在村,一组,孙三,,,,,,,\n"
    );
    let import = |form: Form| {
        let office = &office;
        let url = app.url("/api/households/import");
        async move { office.post(url).multipart(form).send().await.unwrap() }
    };
    let res = import(csv_form("households.csv", &bad, false)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let report: serde_json::Value = res.json().await.unwrap();
    assert_eq!(report["imported"], false);
    let errors: Vec<&serde_json::Value> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["first"].as_array().unwrap())
        .collect();
    let at = |row: i64, msg: &str| errors.iter().any(|e| e["row"] == row && e["msg"] == msg);
    assert!(at(3, "ValIdCheck"), "{errors:?}");
    assert!(at(3, "ValPhone"), "{errors:?}");
    assert!(at(4, "ImportUnknownVillage"), "{errors:?}");
    assert!(!errors.iter().any(|e| e["row"] == 2), "row 2 is good");

    // Asking to commit a sheet with errors writes nothing either.
    let res = import(csv_form("households.csv", &bad, true)).await;
    let report: serde_json::Value = res.json().await.unwrap();
    assert_eq!(report["imported"], false);
    assert_eq!(app.json(&office, "households/count", &[]).await, before);

    let good = format!(
        "\u{feff}{HEADER}民智村,一组,赵一,11010519491231002X,13811112222,3,困难户,看病,赵二/配偶/1952,{CADRE_A}\n\
         廖家村,二组,钱二,,,,,,,\n"
    );
    let report: serde_json::Value = import(csv_form("households.csv", &good, true))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["imported"], true, "{report}");
    assert_eq!(
        app.json(&office, "households/count", &[])
            .await
            .as_i64()
            .unwrap(),
        before.as_i64().unwrap() + 2
    );
    // The same sheet again: both rows are already registered, and nothing is written twice.
    let report: serde_json::Value = import(csv_form("again.csv", &good, true))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["error_count"], 0, "{report}");
    assert_eq!(report["new"], 0);
    assert_eq!(report["registered"][0]["count"], 2, "{report}");
    assert_eq!(
        app.json(&office, "households/count", &[]).await.as_i64(),
        before.as_i64().map(|n| n + 2)
    );
    // The same ID number under another head is a conflict, not "already registered".
    let other = format!("{HEADER}民智村,一组,冒名,11010519491231002X,,,,,,\n");
    let report: serde_json::Value = import(csv_form("other.csv", &other, true))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["imported"], false);
    assert!(report["errors"].to_string().contains("ImportIdExists"));
    // Exact ID-number search finds the imported household through the blind index.
    let found = app
        .json(
            &office,
            "households/list",
            &[
                ("q", "11010519491231002x"),
                ("village", ""),
                ("tag", ""),
                ("page", "1"),
            ],
        )
        .await;
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["head_name"], "赵一");
    // Unsupported files get a field error.
    let res = import(csv_form("households.txt", "x", false)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_cadre_gets_403_from_every_office_function_and_nothing_changes() {
    let app = spawn_app().await;
    let cadre = app.signed_in(CADRE_A).await;
    let calls: &[(&str, &[(&str, &str)])] = &[
        ("users/list", &[]),
        ("users/get", &[("id", "1")]),
        (
            "users/create",
            &[
                ("phone", "13900000000"),
                ("name", "x"),
                ("title", ""),
                ("unit", ""),
                ("role", "admin"),
                ("password", "long enough"),
            ],
        ),
        (
            "users/update",
            &[
                ("id", "6"),
                ("phone", CADRE_A),
                ("name", "x"),
                ("title", ""),
                ("unit", ""),
                ("role", "admin"),
            ],
        ),
        ("users/set_active", &[("id", "7"), ("active", "false")]),
        (
            "users/reset_password",
            &[("id", "7"), ("password", "long enough")],
        ),
        ("households/assign", &[("household", "1"), ("cadre", "6")]),
        ("households/unassign", &[("household", "1"), ("cadre", "6")]),
        ("villages/add", &[("name", "新村"), ("town", "")]),
        (
            "households/update",
            &[
                ("id", "1"),
                ("form[head_name]", "改名"),
                ("form[phone]", ""),
                ("form[population]", "3"),
                ("form[economy]", ""),
                ("form[income_sources]", ""),
                ("form[family_planning]", ""),
                ("form[social_relations]", ""),
            ],
        ),
        ("villages/add_group", &[("village", "1"), ("name", "九组")]),
        ("cards/list", &[]),
        (
            "cards/issue",
            &[("cadre", "6"), ("duties", ""), ("promise", "")],
        ),
        (
            "cards/update",
            &[("id", "1"), ("duties", "x"), ("promise", "")],
        ),
        ("cards/revoke", &[("id", "1")]),
        ("cards/reissue", &[("id", "1")]),
        ("cards/transfer", &[("from", "6"), ("to", "7")]),
        ("cards/contacts", &[]),
        (
            "cards/save_contacts",
            &[
                ("form[bureau]", "x"),
                ("form[office_phone]", ""),
                ("form[leader_name]", ""),
                ("form[leader_phone]", ""),
                ("form[town]", ""),
                ("form[town_phone]", ""),
                ("form[promise]", ""),
            ],
        ),
        ("cards/sheet", &[]),
        ("cards/printed", &[]),
        (
            "feedback/reply",
            &[("id", "x"), ("status", "resolved"), ("body", "x")],
        ),
    ];
    for (endpoint, form) in calls {
        let res = app.call(&cadre, endpoint, form).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{endpoint}");
    }
    let res = cadre
        .post(app.url("/api/households/import"))
        .multipart(csv_form("x.csv", HEADER, true))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "households/import");
    for page in [
        "/users",
        "/villages",
        "/households/import",
        "/cards",
        "/cards/print",
    ] {
        let res = cadre.get(app.url(page)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{page}");
    }
    // The cadre's own account is still a cadre, the other cadre can still log in.
    let me = app.json(&cadre, "auth/me", &[]).await;
    assert_eq!(me["role"], "Cadre");
    app.signed_in(CADRE_B).await;
    let office = app.signed_in(OFFICE).await;
    let villages = app.json(&office, "villages/list", &[]).await;
    assert_eq!(villages.as_array().unwrap().len(), 3);
    let cards = app.json(&office, "cards/list", &[]).await;
    let cards = cards.as_array().unwrap();
    assert_eq!(cards.len(), 8);
    assert!(cards
        .iter()
        .all(|c| c["active"] == true && c["printed_at"].is_null()));
}

#[tokio::test]
async fn an_xlsx_sheet_imports_with_members_tags_and_assignments() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/households.xlsx"
    ))
    .unwrap();
    let form = Form::new()
        .part("file", Part::bytes(bytes).file_name("households.xlsx"))
        .text("commit", "1");
    let res = office
        .post(app.url("/api/households/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let report: serde_json::Value = res.json().await.unwrap();
    assert_eq!(report["imported"], true, "{report}");
    assert_eq!(report["rows"], 2);
    let found = app
        .json(
            &office,
            "households/list",
            &[
                ("q", "孙大山"),
                ("village", ""),
                ("tag", "petitioner"),
                ("page", "1"),
            ],
        )
        .await;
    assert_eq!(found["total"], 1);
    let id = found["items"][0]["id"].to_string();
    let h = app.json(&office, "households/get", &[("id", &id)]).await;
    assert_eq!(h["population"], 4);
    assert_eq!(h["difficulties"], serde_json::json!(["Housing", "Medical"]));
    assert_eq!(h["members"].as_array().unwrap().len(), 3);
    assert_eq!(h["members"][0]["id_masked"], "110105********002X");
    assert_eq!(h["cadres"][0]["name"], "李明");
    // The assigned cadre now sees it.
    let cadre = app.signed_in(CADRE_A).await;
    let res = app.call(&cadre, "households/get", &[("id", &id)]).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_office_corrects_household_facts_with_field_errors_first() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let id = app.household_ids(&office).await[0].to_string();
    let before = app.json(&office, "households/get", &[("id", &id)]).await;
    let members = before["members"].as_array().unwrap().len().to_string();
    let base = |population: &'static str, phone: &'static str| {
        vec![
            ("id", id.clone()),
            ("form[head_name]", "新户主".to_string()),
            ("form[phone]", phone.to_string()),
            ("form[population]", population.to_string()),
            ("form[economy]", "较好".to_string()),
            ("form[income_sources]", "种植柑橘".to_string()),
            ("form[family_planning]", "".to_string()),
            ("form[social_relations]", "".to_string()),
            ("form[diff_water]", "on".to_string()),
        ]
    };
    let call = |form: Vec<(&'static str, String)>| {
        let office = &office;
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(office, "households/update", &pairs).await
        }
    };
    // Too few people, a bad phone, and a difficulty without the poor tag: all reported.
    let res = call(base("0", "123")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    for want in ["population", "phone", "difficulties"] {
        assert!(body.contains(want), "{want} in {body}");
    }
    assert_eq!(
        app.json(&office, "households/get", &[("id", &id)]).await,
        before,
        "nothing changed"
    );

    let mut good = base("", "13912341234");
    good.push(("form[tag_poor]", "on".to_string()));
    let res = call(good).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let after = app.json(&office, "households/get", &[("id", &id)]).await;
    assert_eq!(after["head_name"], "新户主");
    assert_eq!(after["members"][0]["name"], "新户主");
    // The search's name pieces follow the rename: found whole and in part, not by the old name.
    let found = |q: String| {
        let (app, office) = (&app, &office);
        async move {
            let page = app
                .json(
                    office,
                    "households/list",
                    &[("q", &q), ("village", ""), ("tag", ""), ("page", "1")],
                )
                .await;
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].to_string())
                .collect::<Vec<_>>()
        }
    };
    for q in ["新户主", "户主", "新"] {
        assert!(found(q.to_string()).await.contains(&id), "{q}");
    }
    let old = before["head_name"].as_str().unwrap().to_string();
    assert!(!found(old.clone()).await.contains(&id), "{old}");
    assert_no_drift(&app.database().await, "after the corrections").await;
    assert_eq!(after["phone"], "13912341234");
    assert_eq!(
        after["population"].to_string(),
        members,
        "blank population counts the members"
    );
    assert_eq!(after["tags"], serde_json::json!(["Poor"]));
    assert_eq!(after["difficulties"], serde_json::json!(["Water"]));
}
