//! The whole server-function surface (`surface.rs`), walked two ways against the real server:
//! every role × every function (refusals proven, admissions checked), and a fuzz run of
//! malformed payloads through every function (no 5xx, a reason the app translates, nothing
//! stored).
use crate::helpers::*;
use crate::surface::{Body, Endpoint, Who, ENDPOINTS};
use integration::Rng;
use reqwest::header::CONTENT_TYPE;
use reqwest::multipart::{Form, Part};
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Well-typed stand-ins for the ids only made at runtime: a role check comes before any
/// lookup, so a refused role never gets as far as noticing the object does not exist.
fn fill(text: &str) -> String {
    let today = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string();
    text.replace("{today}", &today)
        .replace("{item}", "01936f0e-0f00-7b3c-8d4e-0000000000ff")
        .replace("{feedback}", "01936f0e-0f00-7b3c-8d4e-000000000001")
        .replace("{feedback_new}", "01936f0e-0f00-7b3c-8d4e-000000000002")
        .replace("{meeting}", "999999")
        .replace("{reception}", "999999")
        .replace("{clash}", "999999")
}

/// What goes on the wire for one call.
#[derive(Debug, Clone)]
enum Payload {
    Form(Vec<(String, String)>),
    Json(String),
    Upload {
        file_name: String,
        bytes: Vec<u8>,
        commit: Option<String>,
    },
    Raw {
        content_type: &'static str,
        bytes: Vec<u8>,
    },
}

const IMPORT_SAMPLE: &str =
    "村,村民小组,户主姓名,户主身份证号,联系电话,家庭人口,标签,困难类型,家庭成员,联系干部手机\n\
    民智村,一组,赵一,,13811112222,3,,,,\n";

fn sample(e: &Endpoint) -> Payload {
    match &e.body {
        Body::Form(pairs) => Payload::Form(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), fill(v)))
                .collect(),
        ),
        Body::Json(text) => Payload::Json(fill(text)),
        Body::Multipart => Payload::Upload {
            file_name: "households.csv".into(),
            bytes: IMPORT_SAMPLE.as_bytes().to_vec(),
            commit: Some("0".into()),
        },
    }
}

async fn send(app: &TestApp, client: &Client, path: &str, payload: &Payload) -> Response {
    let req = client.post(app.url(&format!("/api/{path}")));
    let req = match payload.clone() {
        Payload::Form(pairs) => req.form(&pairs),
        Payload::Json(text) => req.header(CONTENT_TYPE, "application/json").body(text),
        Payload::Upload {
            file_name,
            bytes,
            commit,
        } => {
            let mut form = Form::new().part("file", Part::bytes(bytes).file_name(file_name));
            if let Some(c) = commit {
                form = form.text("commit", c);
            }
            req.multipart(form)
        }
        Payload::Raw {
            content_type,
            bytes,
        } => req.header(CONTENT_TYPE, content_type).body(bytes),
    };
    req.send().await.expect("the server answers")
}

/// The one query behind `fingerprint`: each table's rows as one text, a row a line.
async fn fingerprint_sql(db: &sqlx::AnyPool) -> String {
    let postgres = crate::helpers::on_postgres();
    let columns: Vec<(String, String)> = sqlx::query_as(if postgres {
        "SELECT CAST(table_name AS TEXT), '' FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
         AND table_name NOT IN ('audit_log', 'sessions', 'throttles', '_sqlx_migrations')
         ORDER BY 1"
    } else {
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
         AND m.name NOT IN ('audit_log', 'sessions', 'throttles', '_sqlx_migrations')
         ORDER BY m.name, p.cid"
    })
    .fetch_all(db)
    .await
    .unwrap();
    let mut tables: Vec<(String, Vec<String>)> = Vec::new();
    for (t, c) in columns {
        match tables.last_mut() {
            Some((last, cols)) if *last == t => cols.push(c),
            _ => tables.push((t, vec![c])),
        }
    }
    // Each table's rows as one text, a row a line: every column, in the table's order.
    tables
        .iter()
        .map(|(t, cols)| {
            let rows = if postgres {
                format!(
                    "SELECT string_agg(CAST(r AS TEXT), chr(10) ORDER BY CAST(r AS TEXT)) \
                     FROM \"{t}\" r"
                )
            } else {
                let row = cols
                    .iter()
                    .map(|c| format!("quote(\"{c}\")"))
                    .collect::<Vec<_>>()
                    .join(" || ',' || ");
                format!(
                    "SELECT group_concat(x, char(10)) \
                     FROM (SELECT {row} AS x FROM \"{t}\" ORDER BY rowid)"
                )
            };
            format!("SELECT '{t}', ({rows})")
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
        + " ORDER BY 1"
}

/// A hash of every row of every table that holds data: what "nothing stored" is checked
/// against. The audit trail and sessions (touched on every request) and the throttle counters
/// (a refused login counts, by design) are left out.
async fn fingerprint(db: &sqlx::AnyPool) -> Vec<(String, u64)> {
    // One query whatever the number of tables, built once (every test's database has the
    // same schema): the fuzz below takes a fingerprint after each of its ~7,000 requests,
    // and two queries a table made it five minutes of the SQLite suite's six.
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let all = match SQL.get() {
        Some(sql) => sql,
        None => {
            let sql = fingerprint_sql(db).await;
            SQL.get_or_init(|| sql)
        }
    };
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as(all.as_str()).fetch_all(db).await.unwrap();
    rows.into_iter()
        .map(|(t, rows)| {
            let mut h = DefaultHasher::new();
            rows.hash(&mut h);
            (t, h.finish())
        })
        .collect()
}

async fn client_for(app: &TestApp, who: Who) -> Client {
    match who {
        Who::Anonymous => app.client(),
        Who::Cadre => app.signed_in(CADRE_A).await,
        Who::Leader => app.signed_in(LEADER).await,
        Who::Office => app.signed_in(OFFICE).await,
    }
}

/// Calls that end or replace the caller's own session get a client of their own.
fn ends_session(path: &str) -> bool {
    matches!(path, "auth/login" | "auth/logout" | "auth/logout_others")
}

const ROLES: [Who; 4] = [Who::Anonymous, Who::Cadre, Who::Leader, Who::Office];

#[tokio::test]
async fn every_function_refuses_every_role_that_may_not_call_it() {
    let app = spawn_app().await;
    let db = app.database().await;
    let mut clients = Vec::new();
    for who in ROLES {
        clients.push((who, client_for(&app, who).await));
    }

    let before = fingerprint(&db).await;
    let mut refusals = 0;
    for e in ENDPOINTS {
        for (who, client) in &clients {
            if e.allowed.contains(who) {
                continue;
            }
            let res = send(&app, client, e.path, &sample(e)).await;
            let (status, reason) = if *who == Who::Anonymous {
                (StatusCode::UNAUTHORIZED, "\"Unauthenticated\"")
            } else {
                (StatusCode::FORBIDDEN, "\"Forbidden\"")
            };
            assert_eq!(res.status(), status, "{} as {who:?}", e.path);
            let body = res.text().await.unwrap();
            assert_eq!(body, reason, "{} as {who:?}", e.path);
            refusals += 1;
        }
    }
    assert_eq!(
        fingerprint(&db).await,
        before,
        "a refused call changed stored data"
    );

    // The other half: every role the table allows gets past the role check. Calls that end
    // sessions go last: "log out my other sessions" would end these shared clients too.
    let mut admissions = 0;
    let (enders, others): (Vec<&Endpoint>, Vec<&Endpoint>) =
        ENDPOINTS.iter().partition(|e| ends_session(e.path));
    for e in others.into_iter().chain(enders) {
        for (who, client) in &clients {
            if !e.allowed.contains(who) {
                continue;
            }
            let own = if ends_session(e.path) {
                Some(client_for(&app, *who).await)
            } else {
                None
            };
            let res = send(&app, own.as_ref().unwrap_or(client), e.path, &sample(e)).await;
            let s = res.status();
            assert!(
                s != StatusCode::UNAUTHORIZED && s != StatusCode::FORBIDDEN && !s.is_server_error(),
                "{} as {who:?}: {s} {}",
                e.path,
                res.text().await.unwrap_or_default()
            );
            admissions += 1;
        }
    }
    println!(
        "matrix: {} functions × {} callers: {refusals} refusals, {admissions} admissions",
        ENDPOINTS.len(),
        ROLES.len()
    );
    assert_eq!(refusals + admissions, ENDPOINTS.len() * ROLES.len());
}

// ---- fuzz ----------------------------------------------------------------------------

/// Values that have broken parsers before: boundaries, wrong types, injections, odd text.
const NASTY: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "1",
    "2",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "4294967296",
    "1.5",
    "1e309",
    "NaN",
    "-0",
    "true",
    "false",
    "null",
    "[]",
    "{}",
    "on",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "9999-12-31",
    "2026-11-20T25:61:00+08:00",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "\"; DROP TABLE users; --",
    "%00",
    "\u{0}",
    "a\u{0}b",
    "\u{202e}反转",
    "😀👨‍👩‍👧",
    "𠀀𪚥",
    "../../etc/passwd",
    "\r\n\r\n",
    "\t",
    "13800000001",
    "1380000000",
    "110105194912310021",
    "11010519491231002X",
    "01936f0e-0f00-7b3c-8d4e-000000000001",
    "not-a-uuid",
    "ａｂｃ（全角）",
    "admin",
    "leader",
    "cadre",
    "home",
    "done",
    "new",
    "proxy_service",
    "Accepted",
    "${jndi:ldap://x}",
    "{{7*7}}",
];

fn value(rng: &mut Rng) -> String {
    match rng.below(6) {
        0..=2 => rng.pick(NASTY).to_string(),
        3 => "中".repeat(1 + rng.below(20_000)),
        4 => (0..rng.below(40))
            .map(|_| char::from_u32(rng.below(0x3_0000) as u32).unwrap_or('\u{fffd}'))
            .collect(),
        _ => (rng.next_u64() as i64 >> rng.below(64)).to_string(),
    }
}

fn mutate_form(rng: &mut Rng, pairs: &mut Vec<(String, String)>) {
    match rng.below(7) {
        0 | 1 if !pairs.is_empty() => {
            let i = rng.below(pairs.len());
            pairs[i].1 = value(rng);
        }
        2 if !pairs.is_empty() => {
            pairs.remove(rng.below(pairs.len()));
        }
        3 => pairs.push((
            rng.pick(&["zz", "form[zz]", "id", "form"]).to_string(),
            value(rng),
        )),
        4 if !pairs.is_empty() => {
            let i = rng.below(pairs.len());
            let dup = (pairs[i].0.clone(), value(rng));
            pairs.push(dup);
        }
        5 if !pairs.is_empty() => {
            let i = rng.below(pairs.len());
            let key = &pairs[i].0;
            pairs[i].0 = match rng.below(4) {
                0 => format!("{key}[0]"),
                1 => format!("{key}[["),
                2 => key.replace("form[", "").replace(']', ""),
                _ => key.to_uppercase(),
            };
        }
        _ => {
            for p in pairs.iter_mut() {
                p.1 = value(rng);
            }
        }
    }
}

fn mutate_json(rng: &mut Rng, v: &mut Value, depth: usize) {
    let replace = depth > 0 && rng.below(3) == 0;
    match v {
        _ if replace => {
            *v = match rng.below(7) {
                0 => Value::Null,
                1 => Value::Bool(rng.below(2) == 0),
                2 => serde_json::json!(rng.next_u64() as i64),
                3 => serde_json::json!(-1.5e300),
                4 => Value::String(value(rng)),
                5 => serde_json::json!([value(rng)]),
                _ => serde_json::json!({ "zz": value(rng) }),
            }
        }
        Value::Object(map) if !map.is_empty() => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = rng.pick(&keys).clone();
            match rng.below(5) {
                0 => {
                    map.remove(&key);
                }
                1 => {
                    map.insert("zz".into(), Value::String(value(rng)));
                }
                _ => mutate_json(rng, map.get_mut(&key).unwrap(), depth + 1),
            }
        }
        Value::Array(items) if !items.is_empty() => match rng.below(4) {
            // One more than a batch may hold.
            0 => {
                let first = items[0].clone();
                items.resize(201, first);
            }
            1 => items.clear(),
            _ => {
                let i = rng.below(items.len());
                mutate_json(rng, &mut items[i], depth + 1);
            }
        },
        _ => *v = Value::String(value(rng)),
    }
}

fn garbage(rng: &mut Rng) -> Vec<u8> {
    (0..rng.below(4096)).map(|_| rng.next_u64() as u8).collect()
}

const TYPES: [&str; 4] = [
    "application/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "text/plain",
];

/// A malformed variant of an endpoint's well-formed call.
fn mutant(rng: &mut Rng, e: &Endpoint) -> Payload {
    // Now and then, whatever the endpoint: bytes that are not its encoding at all.
    match rng.below(12) {
        0 => {
            return Payload::Raw {
                content_type: "application/x-www-form-urlencoded",
                bytes: rng
                    .pick(&[&b"a=%ZZ&b=%E4%B8"[..], b"&&&==&", b"\xff\xfe\x00=1"])
                    .to_vec(),
            }
        }
        1 => {
            return Payload::Raw {
                content_type: TYPES[rng.below(TYPES.len())],
                bytes: garbage(rng),
            }
        }
        _ => {}
    }
    match sample(e) {
        Payload::Form(mut pairs) => {
            for _ in 0..1 + rng.below(3) {
                mutate_form(rng, &mut pairs);
            }
            Payload::Form(pairs)
        }
        Payload::Json(text) => {
            if rng.below(5) == 0 {
                let cut = rng.below(text.len());
                let cut = (0..=cut).rev().find(|i| text.is_char_boundary(*i)).unwrap();
                return Payload::Json(text[..cut].to_string());
            }
            if rng.below(8) == 0 {
                return Payload::Json(format!("{}{text}{}", "[".repeat(300), "]".repeat(300)));
            }
            let mut v: Value = serde_json::from_str(&text).unwrap();
            for _ in 0..1 + rng.below(3) {
                mutate_json(rng, &mut v, 0);
            }
            Payload::Json(v.to_string())
        }
        Payload::Upload { .. } | Payload::Raw { .. } => Payload::Upload {
            file_name: rng
                .pick(&[
                    "h.csv",
                    "h.xlsx",
                    "h.CSV",
                    "h.exe",
                    "",
                    "..\\h.csv",
                    "户.xlsx",
                ])
                .to_string(),
            bytes: match rng.below(4) {
                0 => garbage(rng),
                1 => {
                    let mut b = IMPORT_SAMPLE.as_bytes().to_vec();
                    for _ in 0..1 + rng.below(8) {
                        let i = rng.below(b.len());
                        b[i] = rng.next_u64() as u8;
                    }
                    b
                }
                2 => format!("{IMPORT_SAMPLE}{}", value(rng)).into_bytes(),
                _ => format!(
                    "{IMPORT_SAMPLE}民智村,{},{},{},{},{},,,{},\n",
                    value(rng),
                    value(rng),
                    value(rng),
                    value(rng),
                    value(rng),
                    value(rng)
                )
                .into_bytes(),
            },
            commit: rng
                .pick(&[None, Some("0"), Some(""), Some("yes")])
                .map(str::to_string),
        },
    }
}

/// A refusal the app can put in the user's language: our error type naming a message, or
/// the layers' short bilingual texts.
fn is_translated(body: &str) -> bool {
    match serde_json::from_str::<Value>(body) {
        Ok(Value::String(s)) => matches!(
            s.as_str(),
            "Unauthenticated" | "Forbidden" | "NotFound" | "BadCredentials"
        ),
        Ok(Value::Object(map)) => {
            map.get("Invalid")
                .and_then(Value::as_array)
                .is_some_and(|errs| !errs.is_empty() && errs.iter().all(|e| e["msg"].is_string()))
                || map.contains_key("Throttled")
                || map.get("ServerFn").is_some_and(|e| {
                    ["Args", "MissingArg", "Deserialization"]
                        .iter()
                        .any(|k| e.get(k).is_some())
                })
        }
        _ => body.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_payloads_are_refused_with_a_reason_and_change_nothing() {
    let cases: usize = std::env::var("SHUGEN_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(25);
    // A server for each role, fuzzed side by side (the office's mutants, which may switch
    // accounts off, cannot disturb the others'), each from a seed of its own.
    let runs: Vec<_> = ROLES
        .iter()
        .enumerate()
        .map(|(i, &who)| tokio::spawn(fuzz_as(who, cases, Rng(0xF022_5EED + i as u64))))
        .collect();
    let (mut executions, mut refused, mut accepted) = (0usize, 0usize, 0usize);
    let mut failures: Vec<String> = Vec::new();
    for run in runs {
        let f = run.await.expect("a role's fuzz run");
        executions += f.executions;
        refused += f.refused;
        accepted += f.accepted;
        failures.extend(f.failures);
    }
    println!(
        "fuzz: {executions} executions over {} functions: {refused} refused with a reason, \
         {accepted} accepted, {} findings",
        ENDPOINTS.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What one role's fuzz run saw.
struct Fuzzed {
    executions: usize,
    refused: usize,
    accepted: usize,
    /// Every finding, its payload shortened, so one run shows them all.
    failures: Vec<String>,
}

/// `cases` mutants for every function `who` may call, on a demo server of their own.
async fn fuzz_as(who: Who, cases: usize, mut rng: Rng) -> Fuzzed {
    let app = spawn_app().await;
    let db = app.database().await;
    let mut current = fingerprint(&db).await;
    let mut out = Fuzzed {
        executions: 0,
        refused: 0,
        accepted: 0,
        failures: Vec::new(),
    };
    let client = client_for(&app, who).await;
    for e in ENDPOINTS.iter().filter(|e| e.allowed.contains(&who)) {
        // Session enders are fuzzed signed out, each call on a client of its own.
        if ends_session(e.path) && who != Who::Anonymous {
            continue;
        }
        for _ in 0..cases {
            let payload = mutant(&mut rng, e);
            let own = ends_session(e.path).then(|| app.client());
            let res = send(&app, own.as_ref().unwrap_or(&client), e.path, &payload).await;
            let status = res.status();
            let body = res.text().await.unwrap_or_default();
            out.executions += 1;
            let show = || {
                let p = format!("{payload:?}");
                let p: String = p.chars().take(300).collect();
                format!("{} as {who:?}: {status} {body:.200} with {p}", e.path)
            };
            if status.is_server_error() {
                out.failures.push(format!("server error: {}", show()));
            } else if status.is_client_error() {
                out.refused += 1;
                if !is_translated(&body) {
                    out.failures
                        .push(format!("no translatable reason: {}", show()));
                }
                let now = fingerprint(&db).await;
                if now != current {
                    out.failures
                        .push(format!("a refusal stored something: {}", show()));
                    current = now;
                }
                continue;
            } else {
                out.accepted += 1;
            }
            current = fingerprint(&db).await;
        }
    }
    // The check itself: a change to one row shows.
    sqlx::query(
        "UPDATE villages SET town = town || '镇' WHERE id = (SELECT MIN(id) FROM villages)",
    )
    .execute(&db)
    .await
    .unwrap();
    assert_ne!(
        fingerprint(&db).await,
        current,
        "the fingerprint missed a change"
    );
    out
}
