//! The office's account management.
use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn office_creates_edits_deactivates_and_resets_accounts() {
    let app = spawn_app().await;
    let office = app.signed_in(OFFICE).await;
    let res = app
        .call(
            &office,
            "users/create",
            &[
                ("phone", "123"),
                ("name", ""),
                ("title", ""),
                ("unit", ""),
                ("role", "boss"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    for want in [
        "\"phone\"",
        "\"name\"",
        "\"role\"",
        "\"password\"",
        "ValPasswordShort",
    ] {
        assert!(body.contains(want), "{want} in {body}");
    }
    let res = app
        .call(
            &office,
            "users/create",
            &[
                ("phone", "139 0000 1111"),
                ("name", "新干部"),
                ("title", "联村工作队员"),
                ("unit", "规划股"),
                ("role", "cadre"),
                ("password", "first password"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let id = res.json::<i64>().await.unwrap().to_string();
    // The same phone twice is a field error, not a crash.
    let res = app
        .call(
            &office,
            "users/create",
            &[
                ("phone", "13900001111"),
                ("name", "重复"),
                ("title", ""),
                ("unit", ""),
                ("role", "cadre"),
                ("password", "first password"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("ValPhoneTaken"));

    let (new_cadre, res) = app.login("13900001111", "first password").await;
    assert!(res.status().is_success() || res.status().is_redirection());
    assert_eq!(app.json(&new_cadre, "households/count", &[]).await, 0);

    // Reset: the old password stops working and the old session ends.
    let res = app
        .call(
            &office,
            "users/reset_password",
            &[("id", &id), ("password", "second password")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(app.json(&new_cadre, "auth/me", &[]).await.is_null());
    let (_, res) = app.login("13900001111", "first password").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let (new_cadre, _) = app.login("13900001111", "second password").await;

    // Deactivation ends sessions and blocks logins.
    let res = app
        .call(
            &office,
            "users/set_active",
            &[("id", &id), ("active", "false")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(app.json(&new_cadre, "auth/me", &[]).await.is_null());
    let (_, res) = app.login("13900001111", "second password").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // The office cannot lock itself out.
    let me = app.json(&office, "auth/me", &[]).await;
    let my_id = me["id"].to_string();
    let res = app
        .call(
            &office,
            "users/set_active",
            &[("id", &my_id), ("active", "false")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let users = app.json(&office, "users/list", &[]).await;
    let row = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["phone"] == "13900001111")
        .unwrap()
        .clone();
    assert_eq!(row["active"], false);
    assert_eq!(row["unit"], "规划股");
}
