//! Signing in and out, throttling, sessions.
use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn login_with_the_right_password_starts_a_session() {
    let app = spawn_app().await;
    let (client, res) = app.login(CADRE_A, DEMO_PASSWORD).await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("shugen_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Lax"));
    assert!(!cookie.contains("Secure"), "plain http in tests");
    let me = app.json(&client, "auth/me", &[]).await;
    assert_eq!(me["name"], "李明");
    assert_eq!(me["role"], "Cadre");

    // A second login gets a different session id.
    let (_, again) = app.login(CADRE_A, DEMO_PASSWORD).await;
    let cookie2 = again.headers()["set-cookie"].to_str().unwrap().to_string();
    assert_ne!(cookie.split(';').next(), cookie2.split(';').next());

    // Logging out ends the session on the server.
    let res = app.call(&client, "auth/logout", &[]).await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let me = app.json(&client, "auth/me", &[]).await;
    assert!(me.is_null());
}

#[tokio::test]
async fn wrong_password_and_unknown_phone_are_refused_alike() {
    let app = spawn_app().await;
    let (client, res) = app.login(CADRE_A, "wrong password").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.headers().get("set-cookie").is_none());
    let body = res.text().await.unwrap();
    assert!(body.contains("BadCredentials"), "{body}");
    assert!(app.json(&client, "auth/me", &[]).await.is_null());
    let (_, res) = app.login("13912345678", "wrong password").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // A malformed phone is a field error, not a lookup.
    let (_, res) = app.login("12", "x").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("ValPhone"));
}

#[tokio::test]
async fn repeated_failures_lock_the_account_even_for_the_right_password() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let (_, res) = app.login(CADRE_B, "guess").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let (client, res) = app.login(CADRE_B, DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let body = res.text().await.unwrap();
    assert!(body.contains("Throttled"), "{body}");
    assert!(app.json(&client, "auth/me", &[]).await.is_null());
    // Other accounts from the same address are not locked by one account's failures.
    let (_, res) = app.login(CADRE_A, DEMO_PASSWORD).await;
    assert!(res.status().is_success() || res.status().is_redirection());
}

#[tokio::test]
async fn signed_out_callers_get_401_and_pages_send_them_to_login() {
    let app = spawn_app().await;
    let client = app.client();
    let res = app
        .call(
            &client,
            "households/list",
            &[("q", ""), ("village", ""), ("tag", ""), ("page", "1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = client
        .get(app.url("/households"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], "/login");
}

#[tokio::test]
async fn signing_out_elsewhere_ends_every_other_session_and_keeps_this_one() {
    let app = spawn_app().await;
    let here = app.signed_in(OFFICE).await;
    let phone = app.signed_in(OFFICE).await;
    let pc = app.signed_in(OFFICE).await;
    let other_user = app.signed_in(CADRE_A).await;
    let ended = app.json(&here, "auth/logout_others", &[]).await;
    assert_eq!(ended, 2);
    for gone in [&phone, &pc] {
        let me = app.json(gone, "auth/me", &[]).await;
        assert!(me.is_null(), "the other session still signed in: {me}");
    }
    assert_eq!(app.json(&here, "auth/me", &[]).await["name"], "周建国");
    assert_eq!(app.json(&other_user, "auth/me", &[]).await["name"], "李明");
    let audit = app.json(&here, "audit/recent", &[("limit", "5")]).await;
    assert!(audit
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "logout_others" && e["result"] == "ok 2"));
    // Signed out, there is nothing to end.
    let res = app.call(&app.client(), "auth/logout_others", &[]).await;
    assert_eq!(res.status(), reqwest::StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_training_room_behind_one_address_never_locks_out_a_correct_password() {
    let app = spawn_app().await;
    // Thirty wrong logins from this one address (every test client is 127.0.0.1), over
    // thirty phones, as a room of cadres mistyping would.
    for n in 0..30 {
        let (_, res) = app.login(&format!("139{n:08}"), "wrong").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "try {n}");
    }
    // Another account's right password, typed in full-width digits: in.
    let (client, res) = app.login(&full_width(CADRE_A), DEMO_PASSWORD).await;
    assert!(
        res.status().is_redirection() || res.status().is_success(),
        "{}",
        res.status()
    );
    assert_eq!(app.json(&client, "auth/me", &[]).await["name"], "李明");
    // An account that has failed itself from the busy address is held, even when right.
    let (_, res) = app.login(CADRE_B, "guess").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let (_, res) = app.login(CADRE_B, DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// A browser posting the sign-in form itself (no WASM yet, or JavaScript off) is answered
/// with pages: back to the form with the error in its URL, or on to the home page; never a
/// JSON body with an error status.
#[tokio::test]
async fn a_plain_form_sign_in_is_answered_with_redirects() {
    let app = spawn_app().await;
    let client = app.client();
    let post = |password: &'static str| {
        client
            .post(app.url("/api/auth/login"))
            .header(reqwest::header::ACCEPT, "text/html,application/xhtml+xml")
            .header(reqwest::header::REFERER, app.url("/login"))
            .form(&[("phone", CADRE_A), ("password", password)])
            .send()
    };
    let wrong = post("wrong password").await.unwrap();
    assert_eq!(wrong.status(), StatusCode::FOUND);
    let to = wrong.headers()["location"].to_str().unwrap().to_string();
    assert!(
        to.starts_with(&app.url("/login?")) && to.contains("__err="),
        "{to}"
    );
    // The page it lands on shows the translated message.
    let page = client.get(&to).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("手机号或密码不正确"),
        "the form shows the error"
    );

    let right = post(DEMO_PASSWORD).await.unwrap();
    assert_eq!(right.status(), StatusCode::FOUND);
    assert_eq!(right.headers()["location"], "/");
    let me = app.json(&client, "auth/me", &[]).await;
    assert_eq!(me["name"], "李明");
}

/// Changing one's own password needs the current one, ends every other session and keeps
/// this one; a wrong current password changes nothing.
#[tokio::test]
async fn a_changed_password_ends_the_other_sessions_and_keeps_this_one() {
    let app = spawn_app().await;
    let phone = app.signed_in(CADRE_A).await;
    let laptop = app.signed_in(CADRE_A).await;
    let change = |current: &'static str, new: &'static str, again: &'static str| {
        let (app, phone) = (&app, &phone);
        async move {
            app.call(
                phone,
                "users/change_password",
                &[("current", current), ("new", new), ("again", again)],
            )
            .await
        }
    };
    let wrong = change("not my password", "a-new-pass-2026", "a-new-pass-2026").await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text().await.unwrap().contains("current"));
    let differ = change(DEMO_PASSWORD, "a-new-pass-2026", "a-new-pass-2027").await;
    assert_eq!(differ.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, still_old) = app.login(CADRE_A, DEMO_PASSWORD).await;
    assert!(still_old.status().is_success(), "nothing changed yet");

    let ok = change(DEMO_PASSWORD, "a-new-pass-2026", "a-new-pass-2026").await;
    assert_eq!(ok.status(), StatusCode::OK);
    let ended: i64 = ok.json().await.unwrap();
    assert_eq!(ended, 2, "the laptop and the check above");
    // This phone stays signed in; the laptop is out.
    assert_eq!(app.json(&phone, "auth/me", &[]).await["name"], "李明");
    assert!(app.json(&laptop, "auth/me", &[]).await.is_null());
    let (_, old) = app.login(CADRE_A, DEMO_PASSWORD).await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    let (_, new) = app.login(CADRE_A, "a-new-pass-2026").await;
    assert!(new.status().is_success());
}
