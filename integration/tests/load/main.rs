//! Load (`make load`; `make test` runs it on the test build, `make bench` on the release
//! build): 200 phones sync for 60 seconds — each pushes five new visits, every tenth round
//! also fetches its offline pack, then waits 1–3 s as a cadre between households would —
//! while 50 villagers open liaison card pages, each every 0.2–1 s. Every request must
//! succeed (no transport error, no non-2xx answer, every visit accepted); p50/p99/max per
//! kind are printed (run with --nocapture). `SHUGEN_LOAD_SECS` shortens or lengthens it.
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
const VILLAGERS: usize = 50;
const VISITS_PER_PUSH: usize = 5;
/// The demo's cadres with households: the phones are shared out among them.
const CADRES: [&str; 2] = [CADRE_A, CADRE_B];

/// Latencies of one kind of request, and how many failed.
#[derive(Default)]
struct Series {
    micros: Mutex<Vec<u64>>,
    errors: AtomicU64,
}

impl Series {
    fn record(&self, started: Instant, ok: bool) {
        if ok {
            let us = started.elapsed().as_micros() as u64;
            self.micros.lock().unwrap().push(us);
        } else {
            self.errors.fetch_add(1, SeqCst);
        }
    }

    /// "name: n requests, p50 x ms, p99 y ms, max z ms, errors e"
    fn report(&self, name: &str, secs: f64) -> String {
        let mut v = self.micros.lock().unwrap().clone();
        v.sort_unstable();
        let at = |q: f64| {
            v.get(((v.len() as f64 * q).ceil() as usize).saturating_sub(1))
                .map_or(0.0, |us| *us as f64 / 1000.0)
        };
        format!(
            "{name}: {} ok ({:.0}/s), p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, errors {}",
            v.len(),
            v.len() as f64 / secs,
            at(0.5),
            at(0.99),
            at(1.0),
            self.errors.load(SeqCst)
        )
    }
}

#[derive(Default)]
struct Figures {
    push: Series,
    pack: Series,
    card: Series,
    visits: AtomicU64,
}

async fn phone(
    app: Arc<TestApp>,
    client: reqwest::Client,
    households: Vec<i64>,
    n: usize,
    until: Instant,
    figures: Arc<Figures>,
) {
    let mut rng = Rng(0x10AD + n as u64 * 7919);
    let device = format!("load-{n}");
    let mut round = 0u64;
    // Phones start spread over the first seconds, not all in the same instant.
    tokio::time::sleep(rng.between_ms(0, 2000)).await;
    while Instant::now() < until {
        let visits: Vec<Value> = (0..VISITS_PER_PUSH)
            .map(|k| {
                json!({
                    "id": rng.uuid(),
                    "household_id": *rng.pick(&households),
                    "visited_at": chrono::Utc::now().to_rfc3339(),
                    "method": "home",
                    "content": format!("压力测试：第{n}台手机第{round}轮第{k}条"),
                })
            })
            .collect();
        let body = json!({ "batch": { "schema": 2, "device": device, "visits": visits } });
        let started = Instant::now();
        let res = client
            .post(app.url("/api/sync/visits"))
            .json(&body)
            .send()
            .await;
        let accepted = match res {
            Ok(r) if r.status().is_success() => r
                .json::<Vec<Value>>()
                .await
                .map(|a| {
                    a.len() == VISITS_PER_PUSH
                        && a.iter().all(|r| r["outcome"].get("Accepted").is_some())
                })
                .unwrap_or(false),
            _ => false,
        };
        figures.push.record(started, accepted);
        if accepted {
            figures.visits.fetch_add(VISITS_PER_PUSH as u64, SeqCst);
        }
        if round.is_multiple_of(10) {
            let started = Instant::now();
            let res = app
                .call(
                    &client,
                    "sync/pack",
                    &[("device", &device), ("waiting", "0")],
                )
                .await;
            let ok = res.status().is_success() && res.bytes().await.is_ok();
            figures.pack.record(started, ok);
        }
        round += 1;
        tokio::time::sleep(rng.between_ms(1000, 3000)).await;
    }
}

async fn villager(cards: Arc<Vec<String>>, n: usize, until: Instant, figures: Arc<Figures>) {
    let mut rng = Rng(0xCA2D + n as u64 * 104_729);
    // A villager has no session and no Origin of ours: a plain phone browser.
    let client = reqwest::Client::new();
    while Instant::now() < until {
        let url = rng.pick(&cards);
        let started = Instant::now();
        let ok = match client.get(url).send().await {
            Ok(r) => {
                r.status().is_success() && r.text().await.is_ok_and(|t| t.contains("便民联系卡"))
            }
            Err(_) => false,
        };
        figures.card.record(started, ok);
        tokio::time::sleep(rng.between_ms(200, 1000)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a minute long: run by `make load` (part of `make test`)"]
async fn two_hundred_phones_sync_while_villagers_open_cards() {
    let secs: u64 = std::env::var("SHUGEN_LOAD_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let app = Arc::new(spawn_app().await);
    let listing = app
        .command()
        .args(["card", "list"])
        .output()
        .await
        .expect("shugen card list");
    let cards: Vec<String> = String::from_utf8_lossy(&listing.stdout)
        .split_whitespace()
        .filter_map(|w| w.find("/c/").map(|i| app.url(&w[i..])))
        .collect();
    assert!(!cards.is_empty(), "the demo has cards");

    // Each phone signs in once, as a cadre's phone does, and keeps its session.
    let mut phones = Vec::new();
    for n in 0..PHONES {
        let client = app.signed_in(CADRES[n % CADRES.len()]).await;
        phones.push(client);
    }
    let households = [
        app.household_ids(&phones[0]).await,
        app.household_ids(&phones[1]).await,
    ];

    let figures = Arc::new(Figures::default());
    let started = Instant::now();
    let until = started + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for (n, client) in phones.into_iter().enumerate() {
        let h = households[n % CADRES.len()].clone();
        tasks.push(tokio::spawn(phone(
            app.clone(),
            client,
            h,
            n,
            until,
            figures.clone(),
        )));
    }
    let cards = Arc::new(cards);
    for n in 0..VILLAGERS {
        tasks.push(tokio::spawn(villager(
            cards.clone(),
            n,
            until,
            figures.clone(),
        )));
    }
    for t in tasks {
        t.await.expect("a simulated device");
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "load: {PHONES} phones and {VILLAGERS} villagers for {elapsed:.0} s; {} visits stored",
        figures.visits.load(SeqCst)
    );
    for line in [
        figures.push.report("sync push (5 visits)", elapsed),
        figures.pack.report("sync pack", elapsed),
        figures.card.report("card page", elapsed),
    ] {
        println!("load: {line}");
    }
    let errors: u64 = [&figures.push, &figures.pack, &figures.card]
        .iter()
        .map(|s| s.errors.load(SeqCst))
        .sum();
    assert_eq!(errors, 0, "requests failed under load");
    assert!(figures.visits.load(SeqCst) > 0);
}
