//! Liaison cards and the villager's pages, seen as a phone with no login and no JavaScript
//! would see them (DESIGN.md §3): plain GETs and form posts, nothing else.
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::Value;

/// A client with nothing of ours: no cookies, no Origin header unless a request adds one.
pub fn villager() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The office's card list.
pub async fn cards(app: &TestApp) -> Vec<Value> {
    let office = app.signed_in(OFFICE).await;
    app.json(&office, "cards/list", &[])
        .await
        .as_array()
        .unwrap()
        .clone()
}

/// The token of the active card of a cadre, by name.
pub async fn token_of(app: &TestApp, cadre: &str) -> String {
    cards(app)
        .await
        .iter()
        .find(|c| c["cadre"] == cadre && c["active"] == true)
        .and_then(|c| c["token"].as_str())
        .unwrap_or_else(|| panic!("no active card for {cadre}"))
        .to_string()
}

pub async fn page(app: &TestApp, path: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let res = villager().get(app.url(path)).send().await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    (status, headers, res.text().await.unwrap())
}

#[tokio::test]
async fn every_demo_cadre_has_a_card_and_the_cli_lists_their_urls() {
    let app = spawn_app().await;
    let all = cards(&app).await;
    assert_eq!(all.len(), 8, "one card per demo cadre");
    let out = app.command().args(["card", "list"]).output().await.unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 8, "{stdout}");
    for c in &all {
        let token = c["token"].as_str().unwrap();
        assert!(
            lines.iter().any(|l| l.contains(&format!("/c/{token}\t"))
                && l.contains(c["cadre"].as_str().unwrap())),
            "{token} missing from\n{stdout}"
        );
    }
}

#[tokio::test]
async fn the_card_page_is_complete_without_javascript() {
    let app = spawn_app().await;
    let token = token_of(&app, "李明").await;
    let (status, headers, html) = page(&app, &format!("/c/{token}")).await;
    assert_eq!(status, StatusCode::OK);
    for needle in [
        "李明",
        "联村工作队队长",
        "href=\"tel:13800000101\"",
        &format!("href=\"/c/{token}/vcard\""),
        "政策宣传、民情收集",
        "有求必应",
        "每月6日、7日",
        "0731-8522 6001",
        "唐志远 局长",
        "石门镇人民政府",
        &format!("action=\"/c/{token}/feedback\""),
        "name=\"content\"",
        "干部作风",
        "action=\"/r\"",
    ] {
        assert!(html.contains(needle), "the card page lacks {needle}");
    }
    // No WASM, no hydration, no external script: the page is whole as served.
    for absent in ["/pkg/", ".wasm", "<script src", "<link rel=\"stylesheet\""] {
        assert!(!html.contains(absent), "the card page has {absent}");
    }
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'sha256-") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    // English on request, still complete.
    let (_, _, en) = page(&app, &format!("/c/{token}?lang=en")).await;
    assert!(en.contains("Your liaison cadre") && en.contains("Send feedback"));
}

#[tokio::test]
async fn revoked_unknown_and_handed_over_cards() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let all = cards(&app).await;
    let li = all.iter().find(|c| c["cadre"] == "李明").unwrap();
    let (id, token) = (
        li["id"].to_string(),
        li["token"].as_str().unwrap().to_string(),
    );

    // Handed over: the same printed token now shows the successor.
    let from = li["cadre_id"].to_string();
    let wang = all.iter().find(|c| c["cadre"] == "王芳").unwrap()["cadre_id"].to_string();
    let moved = app
        .json(&office, "cards/transfer", &[("from", &from), ("to", &wang)])
        .await;
    assert_eq!(moved, 1);
    let (status, _, html) = page(&app, &format!("/c/{token}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("王芳") && !html.contains("李明"));

    // Reissued: the old token stops, a new one works.
    let res = app.call(&office, "cards/reissue", &[("id", &id)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (status, _, html) = page(&app, &format!("/c/{token}")).await;
    assert_eq!(status, StatusCode::OK, "a revoked card is not a 404");
    assert!(html.contains("此联系卡已停用") && html.contains("0731-8522 6001"));
    assert!(
        !html.contains("name=\"content\""),
        "no form on a stopped card"
    );
    let after = cards(&app).await;
    let new = after
        .iter()
        .find(|c| {
            c["active"] == true
                && c["token"] != token.as_str()
                && c["cadre"] == "王芳"
                && c["duties"] == li["duties"]
        })
        .expect("the reissued card");
    let (_, _, html) = page(&app, &format!("/c/{}", new["token"].as_str().unwrap())).await;
    assert!(html.contains("王芳") && html.contains("name=\"content\""));
    // Revoking twice is a 404 for the office, and the QR of a stopped card is gone.
    let res = app.call(&office, "cards/revoke", &[("id", &id)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let (status, _, _) = page(&app, &format!("/c/{token}/qr.svg")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    for unknown in ["/c/zzzzzzzzzzzz", "/c/not-a-token", "/c/%3Cscript%3E"] {
        let (status, _, html) = page(&app, unknown).await;
        assert_eq!(status, StatusCode::OK, "{unknown}");
        assert!(
            html.contains("此联系卡已停用") && !html.contains("<script>"),
            "{unknown}"
        );
    }

    // A cadre may not touch cards.
    let cadre = app.signed_in(CADRE_A).await;
    let res = app
        .call(&cadre, "cards/revoke", &[("id", &new["id"].to_string())])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_vcard_parses_with_a_vcard_parser() {
    let app = spawn_app().await;
    let token = token_of(&app, "李明").await;
    let res = villager()
        .get(app.url(&format!("/c/{token}/vcard")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/vcard"));
    let text = res.text().await.unwrap();
    let mut cards = ical::VcardParser::new(std::io::BufReader::new(text.as_bytes()));
    let card = cards.next().expect("one vCard").expect("a valid vCard");
    assert!(cards.next().is_none());
    let prop = |name: &str| {
        card.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    assert_eq!(prop("VERSION"), "3.0");
    assert_eq!(prop("FN"), "李明");
    assert_eq!(prop("TEL"), "13800000101");
    assert_eq!(prop("TITLE"), "联村工作队队长");
    assert!(prop("ORG").starts_with("县自然资源局"));
    assert_eq!(prop("URL"), app.url(&format!("/c/{token}")));
}

/// Renders the served SVG to PNG (librsvg) and reads it with a real decoder (ZBar).
#[tokio::test]
async fn the_qr_code_decodes_to_the_card_url() {
    let app = spawn_app().await;
    let token = token_of(&app, "李明").await;
    let res = villager()
        .get(app.url(&format!("/c/{token}/qr.svg")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    let svg = res.bytes().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (svg_path, png_path) = (dir.path().join("qr.svg"), dir.path().join("qr.png"));
    std::fs::write(&svg_path, &svg).unwrap();
    let render = std::process::Command::new("rsvg-convert")
        .args(["--width", "400", "--background-color", "white", "-o"])
        .arg(&png_path)
        .arg(&svg_path)
        .status()
        .expect("rsvg-convert (make setup installs librsvg2-bin)");
    assert!(render.success());
    let out = std::process::Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(&png_path)
        .output()
        .expect("zbarimg (make setup installs zbar-tools)");
    assert!(out.status.success(), "zbarimg found no code");
    let decoded = String::from_utf8(out.stdout).unwrap();
    assert_eq!(decoded.trim_end(), app.url(&format!("/c/{token}")));
}

#[tokio::test]
async fn cards_are_printed_only_for_a_configured_public_address() {
    // Without SHUGEN_PUBLIC_ORIGIN: refused with the reason, and nothing is marked printed.
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    for call in ["cards/sheet", "cards/printed"] {
        let res = app.call(&office, call, &[]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{call}");
        assert!(
            res.text().await.unwrap().contains("CardsNoOrigin"),
            "{call}"
        );
    }
    let cards = app.json(&office, "cards/list", &[]).await;
    assert!(cards
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["printed_at"].is_null()));

    // With it: the sheet prints that address into every QR code.
    let origin = "https://shugen.example.cn";
    let app = spawn_app_with(&[("SHUGEN_PUBLIC_ORIGIN", origin)]).await;
    // Behind its public address: the browser's Origin is that address, not this port.
    let office = client_from(origin);
    let res = app
        .call(
            &office,
            "auth/login",
            &[("phone", OFFICE), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert!(res.status().is_redirection() || res.status().is_success());
    let sheet = app.json(&office, "cards/sheet", &[]).await;
    assert_eq!(sheet["origin"], origin);
    assert_eq!(app.json(&office, "cards/printed", &[]).await, 8);
}
