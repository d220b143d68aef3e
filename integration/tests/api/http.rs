//! The HTTP layer: health, headers, origin check, limits.
use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn healthz_answers_when_the_database_does() {
    let app = spawn_app().await;
    let res = app.client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn pages_carry_security_headers_and_a_script_nonce() {
    let app = spawn_app().await;
    let res = app.client().get(app.url("/login")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("a script nonce in the CSP")
        .to_string();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["referrer-policy"], "same-origin");
    assert_eq!(h["cache-control"], "no-store");
    let body = res.text().await.unwrap();
    assert!(
        body.contains(&format!("nonce=\"{nonce}\"")),
        "scripts carry the nonce"
    );
    assert!(body.contains("登录"), "Chinese by default");
    // The page's language once, as the reader's choice says (a second `lang` on the tag is
    // invalid HTML, and a parser keeps only the first).
    let html_tag = |body: &str| {
        body.split("<html")
            .nth(1)
            .unwrap()
            .split('>')
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(html_tag(&body), " lang=\"zh-CN\"");
    let english = app
        .client()
        .get(app.url("/login"))
        .header("cookie", "lang=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(html_tag(&english), " lang=\"en\"");
    // Sign-in in English fetches English's texts ahead for the page after it.
    assert!(english.contains("/split_english_texts."));

    // A second response gets a different nonce.
    let again = app.client().get(app.url("/login")).send().await.unwrap();
    assert_ne!(
        again.headers()["content-security-policy"].to_str().unwrap(),
        csp
    );
}

/// Sign-in opened cold is served plain: no app script, and the files its own script fetches
/// ahead for the home page all exist (a wrong name would fetch a 404 and leave the home page
/// to the network). The diary is plain until the browser has been sent the app (and never
/// for the service worker); a page of the app keeps its scripts.
#[tokio::test]
async fn sign_in_and_a_cold_diary_are_served_plain_and_name_app_files_that_exist() {
    let app = spawn_app().await;
    let res = app.client().get(app.url("/login")).send().await.unwrap();
    let nonce = |res: &reqwest::Response| {
        let csp = res.headers()["content-security-policy"].to_str().unwrap();
        let n = csp.split("'nonce-").nth(1).unwrap().split('\'').next();
        n.unwrap().to_string()
    };
    let plain_nonce = nonce(&res);
    let body = res.text().await.unwrap();
    // Its own script runs by the page's nonce.
    assert!(body.contains(&format!("<script nonce=\"{plain_nonce}\" data-app-files=")));
    for script in ["type=\"module\"", "modulepreload", "rel=\"preload\""] {
        assert!(!body.contains(script), "{script} on the plain page");
    }
    let files: Vec<&str> = body
        .split("data-app-files=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the app's files on the page")
        .split(' ')
        .collect();
    assert!(files
        .iter()
        .any(|f| f.starts_with("/pkg/shugen.") && f.ends_with(".wasm")));
    assert!(files.iter().any(|f| f.contains("/split_field_kit.")));
    assert!(files.iter().any(|f| f.contains("/split_sync_engine.")));
    // English's texts only for a page in English (`pages_carry_security_headers…`).
    assert!(!files.iter().any(|f| f.contains("/split_english_texts.")));
    for f in &files {
        let res = app.client().get(app.url(f)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{f}");
        // Kept by the browser for the page after sign-in.
        let cache = res.headers()["cache-control"].to_str().unwrap();
        assert!(cache.contains("immutable"), "{f}: {cache}");
    }
    let cadre = app.signed_in(CADRE_A).await;
    // The diary, in a browser never sent this build's app: plain as well, drawn from the
    // server's records, and marked so that the service worker keeps no such copy.
    let res = cadre.get(app.url("/visits")).send().await.unwrap();
    assert_eq!(res.headers()["x-shugen-plain"], "1");
    assert!(res.headers().get("set-cookie").is_none());
    let visits = res.text().await.unwrap();
    assert!(!visits.contains("type=\"module\""));
    assert!(visits.contains("data-testid=\"not-visited\""));
    let build = visits
        .split("data-app-build=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the build on the plain page")
        .to_string();
    assert!(!build.is_empty());
    // The worker storing its offline copy is answered with the app's page, which, as every
    // page served with the app, names its build in `shugen-app`…
    let res = cadre
        .get(app.url("/visits"))
        .header("x-shugen-worker", "1")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("x-shugen-plain").is_none());
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.starts_with(&format!("shugen-app={build};")),
        "{cookie}"
    );
    assert!(res.text().await.unwrap().contains("type=\"module\""));
    // …and from then on the diary is the app's, and the cookie is not sent again.
    let res = cadre.get(app.url("/visits")).send().await.unwrap();
    assert!(res.headers().get("x-shugen-plain").is_none());
    assert!(res.headers().get("set-cookie").is_none());
    let app_nonce = nonce(&res);
    let visits = res.text().await.unwrap();
    assert!(visits.contains(&format!("<script type=\"module\" nonce=\"{app_nonce}\"")));
    assert!(!visits.contains("data-app-files"));
    // Signed in already: the page the browser asks for sends it home.
    let res = cadre
        .get(app.url("/login"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], "/");
}

#[tokio::test]
async fn responses_are_compressed_when_asked() {
    let app = spawn_app().await;
    let res = reqwest::Client::new()
        .get(app.url("/login"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-encoding"], "br");
}

#[tokio::test]
async fn cross_origin_writes_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let foreign = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for origin in ["http://evil.example", "null"] {
        let res = foreign
            .post(app.url("/api/auth/login"))
            .header("origin", origin)
            .form(&[("phone", OFFICE), ("password", DEMO_PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "origin {origin}");
        assert!(res.headers().get("set-cookie").is_none());
    }
    // No Origin, no Sec-Fetch-Site, no Referer: refused too.
    let res = foreign
        .post(app.url("/api/auth/login"))
        .form(&[("phone", OFFICE), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = foreign
        .post(app.url("/api/auth/login"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("phone", OFFICE), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A signed-in office session cannot be used from another site either.
    let office = app.signed_in(OFFICE).await;
    let res = office
        .post(app.url("/api/villages/add"))
        .header("origin", "http://evil.example")
        .form(&[("name", "跨站村"), ("town", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let villages = app.json(&office, "villages/list", &[]).await;
    assert!(!villages.to_string().contains("跨站村"));
}

#[tokio::test]
async fn oversized_and_malformed_bodies_get_4xx() {
    let app = spawn_app().await;
    let client = app.client();
    let big = "x".repeat(300 * 1024);
    let res = app
        .call(&client, "auth/login", &[("phone", &big), ("password", "x")])
        .await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let res = client
        .post(app.url("/api/households/get"))
        .form(&[("id", "not-a-number")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = client
        .post(app.url("/api/auth/login"))
        .form(&[("phone", OFFICE)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}
