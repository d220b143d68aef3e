//! Sync throughput (`make bench`, issue 21): 200 phones each pushing batches of 20 new visits
//! back to back (no pause: the worst hour, every cadre back in signal at once) for
//! `SHUGEN_BENCH_SECS` (default 20) seconds, against SQLite with one server, PostgreSQL with
//! one server and PostgreSQL with two servers (each phone keeps to one, as a load balancer's
//! connection would), side by side in one run. Prints records acknowledged per second and the
//! push's p50/p99; every push must be answered with every record accepted.
//!
//! PostgreSQL runs durable here (fsync and synchronous commit on, as in production), unlike
//! the functional tests' throwaway cluster.
#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

use helpers::*;
use integration::Rng;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PHONES: usize = 200;
const BATCH: usize = 20;

#[derive(Default)]
struct Figures {
    micros: Mutex<Vec<u64>>,
    acked: AtomicU64,
    errors: AtomicU64,
}

async fn phone(
    base: String,
    client: reqwest::Client,
    households: Arc<Vec<i64>>,
    n: usize,
    until: Instant,
    figures: Arc<Figures>,
) {
    let mut rng = Rng(0xB5EC + n as u64 * 7919);
    let device = format!("bench-{n}");
    while Instant::now() < until {
        let visits: Vec<Value> = (0..BATCH)
            .map(|k| {
                json!({
                    "id": rng.uuid(),
                    "household_id": *rng.pick(&households),
                    "visited_at": chrono::Utc::now().to_rfc3339(),
                    "method": "home",
                    "content": format!("吞吐测试：第{n}台手机第{k}条"),
                })
            })
            .collect();
        let body = json!({ "batch": { "schema": 2, "device": device, "visits": visits } });
        let started = Instant::now();
        let res = client
            .post(format!("{base}/api/sync/visits"))
            .json(&body)
            .send()
            .await;
        let ok = match res {
            Ok(r) if r.status().is_success() => r.json::<Vec<Value>>().await.is_ok_and(|a| {
                a.len() == BATCH && a.iter().all(|r| r["outcome"].get("Accepted").is_some())
            }),
            _ => false,
        };
        if ok {
            figures
                .micros
                .lock()
                .unwrap()
                .push(started.elapsed().as_micros() as u64);
            figures.acked.fetch_add(BATCH as u64, SeqCst);
        } else {
            figures.errors.fetch_add(1, SeqCst);
        }
    }
}

/// One configuration: `servers` servers on one database; the figures line.
async fn run(name: &str, postgres: bool, servers: usize, secs: u64) -> String {
    let first = spawn_app_on(postgres).await;
    let mut apps = vec![first];
    for _ in 1..servers {
        let url = apps[0].database_url().to_string();
        apps.push(spawn_on(url).await);
    }
    // Two signed-in cadres per server; each phone shares one of their sessions.
    let mut sessions = Vec::new();
    for app in &apps {
        for cadre in [CADRE_A, CADRE_B] {
            let client = app.signed_in(cadre).await;
            let households = Arc::new(app.household_ids(&client).await);
            sessions.push((app.base.clone(), client, households));
        }
    }
    let figures = Arc::new(Figures::default());
    let started = Instant::now();
    let until = started + Duration::from_secs(secs);
    let tasks: Vec<_> = (0..PHONES)
        .map(|n| {
            let (base, client, households) = sessions[n % sessions.len()].clone();
            tokio::spawn(phone(base, client, households, n, until, figures.clone()))
        })
        .collect();
    for t in tasks {
        t.await.expect("a phone");
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut v = figures.micros.lock().unwrap().clone();
    v.sort_unstable();
    let at = |q: f64| {
        v.get(((v.len() as f64 * q).ceil() as usize).saturating_sub(1))
            .map_or(0.0, |us| *us as f64 / 1000.0)
    };
    let errors = figures.errors.load(SeqCst);
    assert_eq!(errors, 0, "{name}: pushes failed");
    format!(
        "{name:<26} {:>8.0} records/s   push of {BATCH}: p50 {:>7.1} ms   p99 {:>7.1} ms   \
         ({} records in {elapsed:.0} s, {PHONES} phones, errors {errors})",
        figures.acked.load(SeqCst) as f64 / elapsed,
        at(0.5),
        at(0.99),
        figures.acked.load(SeqCst),
    )
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: run by `make bench`"]
async fn sync_throughput_on_sqlite_and_postgres_side_by_side() {
    let secs: u64 = std::env::var("SHUGEN_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let mut lines = Vec::new();
    for (name, postgres, servers) in [
        ("SQLite, one server", false, 1),
        ("PostgreSQL, one server", true, 1),
        ("PostgreSQL, two servers", true, 2),
    ] {
        lines.push(run(name, postgres, servers, secs).await);
    }
    for line in lines {
        println!("sync: {line}");
    }
}
