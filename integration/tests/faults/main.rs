//! Fault injection (`make faults`; `make test` runs it): 10,000 visits from four phones reach
//! the server exactly once while
//! - the server is SIGKILLed 20 times, whenever another 5% of the records has been stored;
//! - a proxy between the phones and the server swallows every 7th sync answer after the
//!   server has committed it (the phone sees the connection drop and sends again);
//! - every 5th batch is pushed twice at the same moment, as two open tabs of one phone would;
//! - the phones' clocks are off by −7 h to +23 h.
//!
//! With `SHUGEN_TEST_BACKEND=postgres` the same run has **two** servers on one PostgreSQL
//! database behind the proxy, which hands connections to them in turn (so the two tabs' pushes
//! reach different servers); the kills alternate between them, and the audit chain must
//! still verify at the end.
//!
//! The phones behave as the real sync engine does: a batch leaves the outbox only on an
//! answer for every record in it, anything else is sent again, unchanged, after a short
//! backoff. Afterwards the database must hold every record once, under the receipt its phone
//! was given, with no conflict recorded. Figures are printed (run with --nocapture).
#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

use chrono::{Duration, FixedOffset, Utc};
use helpers::*;
use integration::Rng;
use reqwest::header::{CONNECTION, ORIGIN};
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::SeqCst};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

const RECORDS: usize = 10_000;
const PHONES: usize = 4;
const BATCH: usize = 100;
const KILLS: usize = 20;
const DROP_EVERY: u64 = 7;
const SECOND_TAB_EVERY: usize = 5;
/// Failed sign-ins sent to each server during the run, each an audit entry.
const AUDIT_STORM: usize = 96;

#[derive(Default)]
struct Figures {
    acked: AtomicUsize,
    pushes: AtomicU64,
    failed_pushes: AtomicU64,
    second_tab: AtomicU64,
    duplicate_answers: AtomicU64,
    sync_connections: AtomicU64,
    dropped_after_commit: AtomicU64,
    in_flight: AtomicUsize,
    kills_in_flight: AtomicU64,
    done: AtomicBool,
}

struct Phone {
    device: String,
    client: reqwest::Client,
    outbox: VecDeque<Value>,
}

/// A TCP proxy in front of the servers. Every 7th sync push is forwarded whole, its answer read
/// to the end (the server commits before it answers) and then thrown away with the connection.
async fn proxy(listener: TcpListener, upstreams: Vec<String>, figures: Arc<Figures>) {
    let mut turn = 0usize;
    loop {
        let Ok((mut inbound, _)) = listener.accept().await else {
            return;
        };
        // Round robin, one connection each (the phones close theirs after every push).
        let upstream = upstreams[turn % upstreams.len()].clone();
        turn += 1;
        let figures = figures.clone();
        tokio::spawn(async move {
            // While the server is down the phone's connection just closes, as it would.
            let Ok(mut outbound) = TcpStream::connect(&upstream).await else {
                return;
            };
            let mut head = vec![0u8; 16 * 1024];
            let Ok(n) = inbound.read(&mut head).await else {
                return;
            };
            if outbound.write_all(&head[..n]).await.is_err() {
                return;
            }
            let sync = head[..n].starts_with(b"POST /api/sync/visits ");
            if sync && figures.sync_connections.fetch_add(1, SeqCst) % DROP_EVERY == DROP_EVERY - 1
            {
                let (mut from_phone, _) = inbound.split();
                let (mut from_server, mut to_server) = outbound.split();
                let mut answer = Vec::new();
                tokio::select! {
                    _ = tokio::io::copy(&mut from_phone, &mut to_server) => {}
                    _ = from_server.read_to_end(&mut answer) => {
                        if answer.starts_with(b"HTTP/1.1 200") {
                            figures.dropped_after_commit.fetch_add(1, SeqCst);
                        }
                    }
                }
                // Dropping both sockets here: the phone never hears the answer.
            } else {
                let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
            }
        });
    }
}

/// One push; `None` for anything that is not a full answer (refused connection, dropped
/// answer, a server error): the phone will send the same batch again.
async fn push(phone: &Phone, base: &str, body: &Value, figures: &Figures) -> Option<Vec<Value>> {
    figures.pushes.fetch_add(1, SeqCst);
    let res = phone
        .client
        .post(format!("{base}/api/sync/visits"))
        .header(ORIGIN, base)
        .header(CONNECTION, "close")
        .json(body)
        .timeout(std::time::Duration::from_secs(30))
        .send()
        .await;
    let answer = match res {
        Ok(r) if r.status().is_success() => r.json::<Vec<Value>>().await.ok(),
        _ => None,
    };
    if answer.is_none() {
        figures.failed_pushes.fetch_add(1, SeqCst);
    }
    answer
}

/// The phone's sync loop: oldest batch first until the outbox is empty. Returns the receipt
/// the server gave for each record.
async fn run_phone(
    mut phone: Phone,
    base: String,
    figures: Arc<Figures>,
    progress: Arc<Notify>,
) -> HashMap<String, String> {
    let mut receipts: HashMap<String, String> = HashMap::new();
    let mut batches = 0usize;
    let mut backoff = 10u64;
    while !phone.outbox.is_empty() {
        let n = phone.outbox.len().min(BATCH);
        let visits: Vec<Value> = phone.outbox.iter().take(n).cloned().collect();
        let body = json!({ "batch": { "schema": 2, "device": phone.device, "visits": visits } });
        figures.in_flight.fetch_add(1, SeqCst);
        let answers: Vec<Vec<Value>> = if batches % SECOND_TAB_EVERY == SECOND_TAB_EVERY - 1 {
            figures.second_tab.fetch_add(1, SeqCst);
            let (a, b) = tokio::join!(
                push(&phone, &base, &body, &figures),
                push(&phone, &base, &body, &figures)
            );
            a.into_iter().chain(b).collect()
        } else {
            push(&phone, &base, &body, &figures)
                .await
                .into_iter()
                .collect()
        };
        figures.in_flight.fetch_sub(1, SeqCst);
        if answers.is_empty() {
            // The engine's backoff, capped low so the run stays short.
            tokio::time::sleep(std::time::Duration::from_millis(backoff)).await;
            backoff = (backoff * 2).min(400);
            continue;
        }
        backoff = 10;
        for answer in &answers {
            assert_eq!(answer.len(), n, "one answer per record");
            for (record, sent) in answer.iter().zip(&visits) {
                let id = record["id"].as_str().unwrap();
                assert_eq!(id, sent["id"].as_str().unwrap(), "answers in order");
                let outcome = &record["outcome"];
                let (receipt, duplicate) = if let Some(a) = outcome.get("Accepted") {
                    (a["receipt"].as_str().unwrap(), false)
                } else if let Some(d) = outcome.get("Duplicate") {
                    (d["receipt"].as_str().unwrap(), true)
                } else {
                    panic!("{id}: a retried record was answered {outcome}");
                };
                if duplicate {
                    figures.duplicate_answers.fetch_add(1, SeqCst);
                }
                let first = receipts
                    .entry(id.to_string())
                    .or_insert(receipt.to_string());
                assert_eq!(first, receipt, "{id}: the same record got two receipts");
            }
        }
        phone.outbox.drain(..n);
        batches += 1;
        figures.acked.fetch_add(n, SeqCst);
        progress.notify_waiters();
    }
    receipts
}

fn visit(rng: &mut Rng, households: &[i64], skew: Duration, n: usize) -> Value {
    let beijing = FixedOffset::east_opt(8 * 3600).unwrap();
    let minutes_ago = Duration::minutes(rng.below(600) as i64);
    let at = (Utc::now() + skew - minutes_ago).with_timezone(&beijing);
    let household = *rng.pick(households);
    let method = ["home", "phone", "reception", "service_day"][n % 4];
    json!({
        "id": rng.uuid(),
        "household_id": household,
        "visited_at": at.to_rfc3339(),
        "method": method,
        "content": format!("故障注入第{n}条：了解生产生活情况"),
        "outcome": "已登记",
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_thousand_records_arrive_exactly_once_through_kills_drops_and_skew() {
    let first = spawn_app().await;
    let second = if on_postgres() {
        Some(spawn_on(first.database_url().to_string()).await)
    } else {
        None
    };
    let mut apps: Vec<TestApp> = std::iter::once(first).chain(second).collect();
    let app = &apps[0];
    let db = app.database().await;
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM visits")
        .fetch_one(&db)
        .await
        .unwrap();

    let figures = Arc::new(Figures::default());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy_base = format!("http://{}", listener.local_addr().unwrap());
    let upstreams = apps
        .iter()
        .map(|a| a.base.trim_start_matches("http://").to_string())
        .collect();
    tokio::spawn(proxy(listener, upstreams, figures.clone()));

    // Two cadres with two phones each; clocks from 7 hours slow to 23 hours fast.
    let skews = [0, 5, -7, 23].map(Duration::hours);
    let mut rng = Rng(0x5EED_0F5A_1E00);
    let mut phones = Vec::new();
    for (i, cadre) in [CADRE_A, CADRE_A, CADRE_B, CADRE_B].into_iter().enumerate() {
        let direct = app.signed_in(cadre).await;
        let households = app.household_ids(&direct).await;
        // The session cookie is the phone's; the phone reaches the server through the proxy.
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        let res = client
            .post(format!("{proxy_base}/api/auth/login"))
            .header(ORIGIN, &proxy_base)
            .form(&[("phone", cadre), ("password", DEMO_PASSWORD)])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success() || res.status().is_redirection());
        let outbox = (0..RECORDS / PHONES)
            .map(|n| visit(&mut rng, &households, skews[i], i * RECORDS + n))
            .collect();
        phones.push(Phone {
            device: format!("fault-phone-{i}"),
            client,
            outbox,
        });
    }
    let sent: Vec<String> = phones
        .iter()
        .flat_map(|p| {
            p.outbox
                .iter()
                .map(|v| v["id"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(sent.len(), RECORDS);

    let progress = Arc::new(Notify::new());
    let runs: Vec<_> = phones
        .into_iter()
        .map(|p| {
            tokio::spawn(run_phone(
                p,
                proxy_base.clone(),
                figures.clone(),
                progress.clone(),
            ))
        })
        .collect();

    // The killer: whenever another 1/21 of the records is stored, SIGKILL, after a random
    // 0–30 ms so the kill lands at different points of the batches in flight; with two
    // servers, each in turn.
    let killer = {
        let figures = figures.clone();
        tokio::spawn(async move {
            let mut rng = Rng(0xDEAD_BEEF);
            for k in 1..=KILLS {
                let threshold = k * RECORDS / (KILLS + 1);
                loop {
                    let notified = progress.notified();
                    if figures.acked.load(SeqCst) >= threshold || figures.done.load(SeqCst) {
                        break;
                    }
                    notified.await;
                }
                tokio::time::sleep(rng.between_ms(0, 30)).await;
                if figures.in_flight.load(SeqCst) > 0 {
                    figures.kills_in_flight.fetch_add(1, SeqCst);
                }
                let n = apps.len();
                apps[k % n].kill_and_restart().await;
            }
            apps
        })
    };
    let mut receipts = HashMap::new();
    for run in runs {
        receipts.extend(run.await.expect("a phone's run"));
    }
    figures.done.store(true, SeqCst);

    let apps = killer.await.expect("the killer");
    let app = &apps[0];
    // Then every server appends to the audit chain at once: failed sign-ins (each one an
    // audit entry), 96 per server, 8 at a time each, straight to the servers. (During the
    // kills most would die with their server; the chain's concurrency is what is tested.)
    let storm: Vec<_> = apps
        .iter()
        .map(|a| a.base.clone())
        .enumerate()
        .map(|(s, base)| {
            tokio::spawn(async move {
                let client = client_from(&base);
                let mut failed = 0usize;
                for round in 0..AUDIT_STORM / 8 {
                    let mut tries = tokio::task::JoinSet::new();
                    for i in 0..8 {
                        let phone = format!("139{s:02}{round:03}{i:03}");
                        let (client, url) = (client.clone(), format!("{base}/api/auth/login"));
                        tries.spawn(async move {
                            client
                                .post(url)
                                .form(&[("phone", phone.as_str()), ("password", "wrong-password")])
                                .send()
                                .await
                        });
                    }
                    while let Some(res) = tries.join_next().await {
                        let res = res.expect("a sign-in task").expect("a sign-in answer");
                        assert_eq!(res.status(), reqwest::StatusCode::UNAUTHORIZED);
                        failed += 1;
                    }
                }
                failed
            })
        })
        .collect();
    let mut stormed = 0usize;
    for s in storm {
        stormed += s.await.expect("the audit storm");
    }

    // Every record once, under the receipt its phone holds; nothing taken as a conflict.
    let db = app.database().await;
    let stored: Vec<(String, String)> = sqlx::query_as("SELECT id, receipt FROM visits")
        .fetch_all(&db)
        .await
        .unwrap();
    let after = stored.len() as i64;
    let stored: HashMap<String, String> = stored.into_iter().collect();
    let lost = sent.iter().filter(|id| !stored.contains_key(*id)).count();
    let duplicates = (after - before) as usize - (RECORDS - lost);
    let conflicts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM visit_conflicts")
        .fetch_one(&db)
        .await
        .unwrap();
    let wrong_receipts = receipts
        .iter()
        .filter(|(id, r)| stored.get(*id) != Some(*r))
        .count();
    // The audit chain, appended to by every server at once, verifies whole and holds every
    // refused sign-in that was answered.
    let out = app
        .command()
        .args(["audit", "verify"])
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let refused: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND result = 'failed'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    println!("faults: {stormed} sign-ins refused by the servers at once, {refused} audited");
    assert!(
        refused >= stormed as i64,
        "{refused} audited of {stormed} refused"
    );
    println!(
        "faults: {} server(s) on {}: {}",
        apps.len(),
        if on_postgres() {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        String::from_utf8_lossy(&out.stdout).trim()
    );
    println!(
        "faults: {RECORDS} records from {PHONES} phones; {KILLS} SIGKILLs ({} with a batch in \
         flight); {} pushes, {} failed and sent again; {} answers dropped after the commit; {} \
         batches pushed by two tabs at once; {} records answered as duplicates; lost {lost}, \
         duplicates {duplicates}, conflicts {conflicts}, receipts wrong {wrong_receipts}",
        figures.kills_in_flight.load(SeqCst),
        figures.pushes.load(SeqCst),
        figures.failed_pushes.load(SeqCst),
        figures.dropped_after_commit.load(SeqCst),
        figures.second_tab.load(SeqCst),
        figures.duplicate_answers.load(SeqCst),
    );
    assert_eq!(lost, 0, "records lost");
    assert_eq!(duplicates, 0, "records stored twice");
    assert_eq!(conflicts, 0, "a retry taken for a different record");
    assert_eq!(receipts.len(), RECORDS);
    assert_eq!(wrong_receipts, 0);
    assert!(
        figures.dropped_after_commit.load(SeqCst) > 0,
        "the proxy dropped answers"
    );
    assert!(
        figures.kills_in_flight.load(SeqCst) > 0,
        "kills landed mid-sync"
    );
}
