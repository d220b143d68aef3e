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

#[tokio::test]
async fn user_add_reads_the_password_from_stdin_and_has_no_default() {
    let app = spawn_app().await;
    let add = |password: &'static str| {
        let mut cmd = app.command();
        cmd.args([
            "user",
            "add",
            "--phone",
            "13700000001",
            "--name",
            "第一管理员",
            "--title",
            "办公室主任",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
        async move {
            use tokio::io::AsyncWriteExt;
            let mut child = cmd.spawn().unwrap();
            let mut stdin = child.stdin.take().unwrap();
            stdin.write_all(password.as_bytes()).await.unwrap();
            drop(stdin);
            child.wait_with_output().await.unwrap()
        }
    };
    let out = add("").await;
    assert!(!out.status.success(), "an empty password is refused");
    let out = add("short\n").await;
    assert!(!out.status.success());
    let out = add("a long admin password\n").await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (client, res) = app.login("13700000001", "a long admin password").await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let me = app.json(&client, "auth/me", &[]).await;
    assert_eq!(me["role"], "Admin");
    assert_eq!(me["title"], "办公室主任");
}
