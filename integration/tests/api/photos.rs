//! Photos (issue 20): uploads that resume after the server is killed mid-way, exactly once,
//! byte for byte; a photo whose bytes do not match its hash, one over the cap and one that is
//! no image refused with their reason; served only to who may see the record; carried by the
//! backup and the restore drill; a village record's photos on its village page and in the
//! report's choice.
use crate::helpers::*;
use chrono::{Duration, Utc};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

fn pid(n: u32) -> String {
    format!("01936f0e-7000-7b3c-8d4e-{n:012}")
}

fn visit(n: u32, household: i64, photos: Vec<Value>) -> Value {
    json!({
        "id": format!("01936f0e-6000-7b3c-8d4e-{n:012}"),
        "household_id": household,
        "visited_at": (Utc::now() - Duration::minutes(5)).to_rfc3339(),
        "method": "phone",
        "content": format!("带照片的走访{n}"),
        "photos": photos,
    })
}

async fn get(client: &Client, app: &TestApp, path: &str) -> (StatusCode, Vec<u8>, String) {
    let res = client.get(app.url(path)).send().await.unwrap();
    let status = res.status();
    let kind = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let cache = res
        .headers()
        .get("cache-control")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    if status == StatusCode::OK {
        assert!(cache.contains("no-store"), "{path}: {cache}");
    }
    (status, res.bytes().await.unwrap().to_vec(), kind)
}

fn reason(body: &Value) -> &str {
    body["Invalid"][0]["msg"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn photos_cut_off_by_a_kill_resume_and_arrive_once_byte_for_byte() {
    let mut app = spawn_app().await;
    let cadre = app.signed_in(CADRE_A).await;
    let hh = app.household_ids(&cadre).await[0];
    let photos: Vec<Vec<u8>> = (1..=3).map(|n| jpeg(1400, 1050, n)).collect();
    for p in &photos {
        assert!(p.len() > CHUNK && p.len() < 2 * 1024 * 1024, "{}", p.len());
    }
    let ids: Vec<String> = (1..=3).map(pid).collect();
    // The first whole, the second cut off after its first part; then the server dies.
    assert_eq!(
        app.upload_photo(&cadre, &ids[0], &photos[0]).await.0,
        StatusCode::OK
    );
    let sha1 = sha256_hex(&photos[1]);
    let res = app
        .put_part(&cadre, &ids[1], &photos[1], 0, CHUNK, &sha1)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.kill_and_restart().await;
    let cadre = app.signed_in(CADRE_A).await;
    // The upload resumes where it stood, not from the start.
    let at = app.photo_progress(&cadre, &ids[1]).await;
    assert_eq!(at, json!({ "received": CHUNK, "complete": false }));
    // A part sent again from the start is told where the server stands, and writes nothing.
    let res = app
        .put_part(&cadre, &ids[1], &photos[1], 0, CHUNK, &sha1)
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(res.json::<Value>().await.unwrap()["received"], CHUNK);
    // A record naming a photo not yet whole waits: rejected, nothing stored.
    let refs: Vec<Value> = ids
        .iter()
        .zip(&photos)
        .map(|(id, b)| photo_ref(id, b, "改造前"))
        .collect();
    let early = app
        .push_visits(&cadre, vec![visit(1, hh, refs.clone())])
        .await;
    assert_eq!(
        early[0]["outcome"]["Rejected"]["reason"], "ValPhotoMissing",
        "{early}"
    );
    assert_eq!(
        count_rows(
            &app,
            "SELECT COUNT(*) FROM visits WHERE content = '带照片的走访1'"
        )
        .await,
        0
    );
    for (id, b) in ids.iter().zip(&photos).skip(1) {
        let (status, body) = app.upload_photo(&cadre, id, b).await;
        assert_eq!((status, &body["complete"]), (StatusCode::OK, &json!(true)));
    }
    let record = visit(1, hh, refs);
    let sent = app.push_visits(&cadre, vec![record.clone()]).await;
    assert!(sent[0]["outcome"]["Accepted"].is_object(), "{sent}");
    let again = app.push_visits(&cadre, vec![record]).await;
    assert!(again[0]["outcome"]["Duplicate"].is_object(), "{again}");
    // A retry of a photo already whole is a duplicate: answered complete, nothing written.
    let res = app
        .put_part(
            &cadre,
            &ids[0],
            &photos[0],
            0,
            CHUNK,
            &sha256_hex(&photos[0]),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["complete"], true);
    assert_eq!(count_rows(&app, "SELECT COUNT(*) FROM photos").await, 3);
    assert_eq!(
        count_rows(&app, "SELECT COUNT(*) FROM photo_parts").await,
        0
    );
    assert_eq!(
        count_rows(
            &app,
            "SELECT COUNT(*) FROM photos WHERE record_kind = 'visit'"
        )
        .await,
        3
    );

    // Byte for byte, to the cadre; a thumbnail made once, much smaller.
    for (id, b) in ids.iter().zip(&photos) {
        let (status, body, kind) = get(&cadre, &app, &format!("/api/photos/{id}")).await;
        assert_eq!((status, kind.as_str()), (StatusCode::OK, "image/jpeg"));
        assert_eq!(sha256_hex(&body), sha256_hex(b));
        let (status, thumb, _) = get(&cadre, &app, &format!("/api/photos/{id}/thumb")).await;
        assert_eq!(status, StatusCode::OK);
        let t = image::load_from_memory(&thumb).unwrap();
        assert!(t.width() <= 320 && t.height() <= 320);
        assert!(thumb.len() * 10 < b.len(), "{} vs {}", thumb.len(), b.len());
    }
    // The household's timeline lists them, with their captions.
    let v = app
        .json(
            &cadre,
            "visits/for_household",
            &[("household", &hh.to_string())],
        )
        .await;
    let mine = v
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["content"] == "带照片的走访1")
        .unwrap();
    assert_eq!(mine["photos"].as_array().unwrap().len(), 3);
    assert_eq!(mine["photos"][0]["caption"], "改造前");

    // The visits export counts them.
    let office = app.signed_in(OFFICE).await;
    let csv = office
        .get(app.url("/export/visits.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = csv
        .lines()
        .find(|l| l.contains("带照片的走访1"))
        .expect("the visit's line");
    assert!(line.ends_with(",3"), "{line}");
    // Another cadre learns nothing of them; the office sees them; nobody signed out does.
    let other = app.signed_in(CADRE_B).await;
    for path in [
        format!("/api/photos/{}", ids[0]),
        format!("/api/photos/{}/thumb", ids[0]),
    ] {
        assert_eq!(get(&other, &app, &path).await.0, StatusCode::NOT_FOUND);
        assert_eq!(
            get(&app.client(), &app, &path).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    let res = other
        .get(app.url(&format!("/api/photos/{}/upload", ids[0])))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let office = app.signed_in(OFFICE).await;
    assert_eq!(
        get(&office, &app, &format!("/api/photos/{}", ids[2]))
            .await
            .0,
        StatusCode::OK
    );

    // The backup carries them: a server restored from it serves the same bytes. (`shugen
    // backup` copies SQLite; PostgreSQL's backup is pg_dump, exercised with the deployment.)
    if on_postgres() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("with-photos.db");
    let out = app
        .command()
        .arg("backup")
        .arg(&path)
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let restored = spawn_restored(&path).await;
    let cadre = restored.signed_in(CADRE_A).await;
    for (id, b) in ids.iter().zip(&photos) {
        let (status, body, _) = get(&cadre, &restored, &format!("/api/photos/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, *b);
    }
}

#[tokio::test]
async fn photos_that_cannot_be_stored_are_refused_with_their_reason() {
    let app = spawn_app().await;
    let cadre = app.signed_in(CADRE_A).await;
    let hh = app.household_ids(&cadre).await[0];
    let photo = jpeg(1400, 1050, 7);
    let other = jpeg(1400, 1050, 8);

    // Bytes that do not match the hash declared: refused at the last part, forgotten.
    let id = pid(10);
    let wrong = sha256_hex(&other);
    let mut last = None;
    let mut from = 0;
    while from < photo.len() {
        let to = (from + CHUNK).min(photo.len());
        let res = app.put_part(&cadre, &id, &photo, from, to, &wrong).await;
        last = Some((res.status(), res.json::<Value>().await.unwrap()));
        from = to;
    }
    let (status, body) = last.unwrap();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reason(&body), "ValPhotoDamaged");
    assert_eq!(
        app.photo_progress(&cadre, &id).await,
        json!({ "received": 0, "complete": false })
    );
    // The record naming it stays unsent: rejected, nothing stored.
    let r = app
        .push_visits(&cadre, vec![visit(2, hh, vec![photo_ref(&id, &photo, "")])])
        .await;
    assert_eq!(
        r[0]["outcome"]["Rejected"]["reason"], "ValPhotoMissing",
        "{r}"
    );
    assert_eq!(count_rows(&app, "SELECT COUNT(*) FROM photos").await, 0);
    assert_eq!(
        count_rows(
            &app,
            "SELECT COUNT(*) FROM visits WHERE content = '带照片的走访2'"
        )
        .await,
        0
    );

    // Over the cap: refused before a byte is kept, with the reason the phone translates.
    let big = 2 * 1024 * 1024 + 1;
    let res = cadre
        .put(app.url(&format!(
            "/api/photos/{}/upload?offset=0&size={big}&sha256={}",
            pid(11),
            sha256_hex(b"x")
        )))
        .body(vec![0u8; 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reason(&res.json().await.unwrap()), "ValPhotoTooLarge");
    // A record naming more than the cap is refused as a whole, not stored in part.
    let huge = json!({ "id": pid(12), "sha256": sha256_hex(b"x"), "size": big });
    let r = app
        .push_visits(&cadre, vec![visit(3, hh, vec![huge])])
        .await;
    assert_eq!(
        r[0]["outcome"]["Rejected"]["reason"], "ValPhotoTooLarge",
        "{r}"
    );

    // Bytes that hash right but are no photo: refused, forgotten.
    let junk = vec![7u8; 5000];
    let (status, body) = app.upload_photo(&cadre, &pid(13), &junk).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reason(&body), "ValPhotoUnreadable");

    // An id used for other bytes: refused; another user's upload is not theirs to continue.
    let id = pid(14);
    let res = app
        .put_part(
            &cadre,
            &id,
            &photo,
            0,
            CHUNK.min(photo.len()),
            &sha256_hex(&photo),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .put_part(
            &cadre,
            &id,
            &other,
            0,
            CHUNK.min(other.len()),
            &sha256_hex(&other),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reason(&res.json().await.unwrap()), "ValPhotoChanged");
    let intruder = app.signed_in(CADRE_B).await;
    let res = app
        .put_part(
            &intruder,
            &id,
            &photo,
            CHUNK,
            (2 * CHUNK).min(photo.len()),
            &sha256_hex(&photo),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // And another cadre may not name someone else's photo in their record.
    assert_eq!(
        app.upload_photo(&cadre, &id, &photo).await.0,
        StatusCode::OK
    );
    let hh_b = app.household_ids(&intruder).await[0];
    let r = app
        .push_visits(
            &intruder,
            vec![visit(4, hh_b, vec![photo_ref(&id, &photo, "")])],
        )
        .await;
    assert_eq!(
        r[0]["outcome"]["Rejected"]["reason"], "ValPhotoMissing",
        "{r}"
    );
}

#[tokio::test]
async fn a_village_records_photos_show_on_its_page_and_the_office_chooses_for_the_report() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let cadre = app.signed_in(CADRE_A).await;
    let minzhi = village_id(&app, &office, "民智村").await;
    let before = jpeg(1200, 900, 21);
    let after = jpeg(1200, 900, 22);
    let (a, b) = (pid(20), pid(21));
    for (id, bytes) in [(&a, &before), (&b, &after)] {
        assert_eq!(app.upload_photo(&cadre, id, bytes).await.0, StatusCode::OK);
    }
    let cleanup = json!({ "id": "01936f0e-6000-7b3c-8d4e-000000000099", "village_id": minzhi,
                          "held_on": Utc::now().date_naive().to_string(),
                          "area": "村口沟渠", "militia": 12, "villagers": 30, "work": "清淤",
                          "photos": [photo_ref(&a, &before, "整治前"), photo_ref(&b, &after, "整治后")] });
    let r = push_work(&app, &cadre, "cleanups", vec![cleanup.clone()]).await;
    assert!(r[0]["outcome"]["Accepted"].is_object(), "{r}");
    let r = push_work(&app, &cadre, "cleanups", vec![cleanup]).await;
    assert!(r[0]["outcome"]["Duplicate"].is_object(), "{r}");
    let list = app
        .json(
            &cadre,
            "photos/village",
            &[("village", &minzhi.to_string())],
        )
        .await;
    assert_eq!(list["may_choose"], false);
    let list = list["photos"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|p| p["record_kind"] == "cleanup"));
    // Only the office chooses for the report; a cadre is refused and nothing changes.
    let res = app
        .call(&cadre, "photos/choose", &[("id", &a), ("chosen", "true")])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .call(&office, "photos/choose", &[("id", &a), ("chosen", "true")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        count_rows(&app, "SELECT COUNT(*) FROM photos WHERE in_report").await,
        1
    );
    let album = app
        .json(
            &office,
            "photos/village",
            &[("village", &minzhi.to_string())],
        )
        .await;
    assert_eq!(album["may_choose"], true);
    assert_eq!(album["photos"][0]["in_report"], true);
    // The 台账 export counts them on the clean-up's line.
    let csv = office
        .get(app.url("/export/village_work.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = csv
        .lines()
        .find(|l| l.contains("村口沟渠"))
        .expect("the clean-up's line");
    assert!(line.ends_with(",2"), "{line}");
    // Another village's team sees neither the list nor the photos.
    let other = app.signed_in(CADRE_B).await;
    let res = app
        .call(
            &other,
            "photos/village",
            &[("village", &minzhi.to_string())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        other
            .get(app.url(&format!("/api/photos/{a}")))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );

    // A ledger item's log takes photos too (proof of the work): one entry, its photos with it.
    let res = app
        .call(
            &cadre,
            "ledger/create",
            &[
                ("form[kind]", "proxy_service"),
                ("form[title]", "代办危房改造申请"),
                ("form[detail]", "户主委托代办"),
                ("form[household]", "8"),
                ("form[owner]", "6"),
                ("form[deadline]", "2099-12-31"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let item: String = res.json().await.unwrap();
    let proof = jpeg(1200, 900, 23);
    let p = pid(22);
    let body =
        json!({ "id": item, "note": "材料已送到镇里", "photos": [photo_ref(&p, &proof, "回执")] });
    let add = |client: &Client, body: &Value| {
        client.post(app.url("/api/ledger/photos")).json(body).send()
    };
    // Named before it is on the server: refused, nothing logged.
    let res = add(&cadre, &body).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reason(&res.json().await.unwrap()), "ValPhotoMissing");
    assert_eq!(app.upload_photo(&cadre, &p, &proof).await.0, StatusCode::OK);
    // Another cadre cannot add to an item that is not theirs.
    assert_eq!(
        add(&other, &body).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(add(&cadre, &body).await.unwrap().status(), StatusCode::OK);
    let detail = app.json(&cadre, "ledger/get", &[("id", &item)]).await;
    let events = detail["events"].as_array().unwrap();
    let with: Vec<&Value> = events.iter().filter(|e| e["step"] == "photo").collect();
    assert_eq!(with.len(), 1, "{detail}");
    assert_eq!(with[0]["note"], "材料已送到镇里");
    assert_eq!(with[0]["photos"][0]["caption"], "回执");
    // A retry whose answer was lost is answered again and logs nothing twice.
    assert_eq!(add(&cadre, &body).await.unwrap().status(), StatusCode::OK);
    let detail = app.json(&cadre, "ledger/get", &[("id", &item)]).await;
    let again = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["step"] == "photo")
        .count();
    assert_eq!(again, 1);
    // Naming it on another item is refused.
    let res = app
        .call(
            &cadre,
            "ledger/create",
            &[
                ("form[kind]", "proxy_service"),
                ("form[title]", "代办低保年审"),
                ("form[household]", "8"),
                ("form[owner]", "6"),
                ("form[deadline]", "2099-12-31"),
            ],
        )
        .await;
    let second: String = res.json().await.unwrap();
    let elsewhere = json!({ "id": second, "note": "", "photos": [photo_ref(&p, &proof, "回执")] });
    let res = add(&cadre, &elsewhere).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reason(&res.json().await.unwrap()), "ValPhotoChanged");
    // The household's cadre and the office may see it; the other cadre may not.
    assert_eq!(
        get(&office, &app, &format!("/api/photos/{p}")).await.0,
        StatusCode::OK
    );
    assert_eq!(
        get(&other, &app, &format!("/api/photos/{p}")).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn uploads_no_record_named_for_a_month_are_forgotten_at_start_up() {
    let mut app = spawn_app().await;
    let cadre = app.signed_in(CADRE_A).await;
    let hh = app.household_ids(&cadre).await[0];
    let (named, whole, partial) = (jpeg(900, 700, 31), jpeg(900, 700, 32), jpeg(1400, 1050, 33));
    for (n, bytes) in [(40, &named), (41, &whole)] {
        assert_eq!(
            app.upload_photo(&cadre, &pid(n), bytes).await.0,
            StatusCode::OK
        );
    }
    let sha = sha256_hex(&partial);
    let res = app
        .put_part(&cadre, &pid(42), &partial, 0, CHUNK, &sha)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let r = app
        .push_visits(
            &cadre,
            vec![visit(40, hh, vec![photo_ref(&pid(40), &named, "")])],
        )
        .await;
    assert!(r[0]["outcome"]["Accepted"].is_object(), "{r}");
    // All three began long ago; a restart forgets the two no record names, parts and all.
    let db = app.database().await;
    sqlx::query("UPDATE photos SET started_at = '2020-01-01 00:00:00+00:00'")
        .execute(&db)
        .await
        .unwrap();
    db.close().await;
    app.kill_and_restart().await;
    assert_eq!(count_rows(&app, "SELECT COUNT(*) FROM photos").await, 1);
    assert_eq!(
        count_rows(&app, "SELECT COUNT(*) FROM photo_parts").await,
        0
    );
    let cadre = app.signed_in(CADRE_A).await;
    assert_eq!(
        get(&cadre, &app, &format!("/api/photos/{}", pid(40)))
            .await
            .0,
        StatusCode::OK
    );
    // The phone still has the forgotten ones: they start again from nothing.
    assert_eq!(
        app.photo_progress(&cadre, &pid(42)).await,
        json!({ "received": 0, "complete": false })
    );
}
