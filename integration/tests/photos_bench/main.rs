//! The photo benchmark (`make bench`; issue 20): fifty queued records with two ~300 KB photos
//! each, sent as the phone's engine sends them — every photo of the batch uploaded in parts
//! from where the server stands, then the records pushed in one batch — and acknowledged, on
//! loopback. Prints the time, the bytes, and the server's memory before and at its peak
//! (VmRSS, VmHWM): the server must not hold all photos at once. Asserts only that everything
//! arrived once.
#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

use helpers::*;
use serde_json::json;
use std::time::Instant;

const RECORDS: usize = 50;
const PHOTOS_PER_RECORD: usize = 2;

/// A line of /proc/<pid>/status in MB (`VmRSS`, `VmHWM`).
fn memory_mb(pid: u32, key: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

#[tokio::test]
#[ignore = "a benchmark: make bench"]
async fn fifty_records_with_two_photos_each_sync_on_loopback() {
    let app = spawn_app().await;
    let pid = app.pid().expect("the server's pid");
    let cadre = app.signed_in(CADRE_A).await;
    let households = app.household_ids(&cadre).await;
    let photos: Vec<Vec<u8>> = (0..RECORDS * PHOTOS_PER_RECORD)
        .map(|n| jpeg(1350, 1000, 1000 + n as u64))
        .collect();
    let total: usize = photos.iter().map(Vec::len).sum();
    let ids: Vec<String> = (0..photos.len())
        .map(|n| format!("01936f0e-7000-7b3c-8d4e-{n:012}"))
        .collect();
    let visits: Vec<serde_json::Value> = (0..RECORDS)
        .map(|r| {
            let refs: Vec<serde_json::Value> = (0..PHOTOS_PER_RECORD)
                .map(|k| {
                    let n = r * PHOTOS_PER_RECORD + k;
                    photo_ref(&ids[n], &photos[n], "改造前后")
                })
                .collect();
            json!({
                "id": format!("01936f0e-6000-7b3c-8d4e-{r:012}"),
                "household_id": households[r % households.len()],
                "visited_at": chrono::Utc::now().to_rfc3339(),
                "method": "phone",
                "content": format!("照片基准第{r}户"),
                "photos": refs,
            })
        })
        .collect();
    let rss_before = memory_mb(pid, "VmRSS");
    let started = Instant::now();
    for (id, bytes) in ids.iter().zip(&photos) {
        let (status, body) = app.upload_photo(&cadre, id, bytes).await;
        assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    }
    let uploaded = started.elapsed();
    let answers = app.push_visits(&cadre, visits).await;
    let elapsed = started.elapsed();
    let accepted = answers
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["outcome"]["Accepted"].is_object())
        .count();
    assert_eq!(accepted, RECORDS, "{answers}");
    assert_eq!(
        count_rows(
            &app,
            "SELECT COUNT(*) FROM photos WHERE record_id IS NOT NULL"
        )
        .await,
        (RECORDS * PHOTOS_PER_RECORD) as i64
    );
    let (stored, thumbs) = (
        count_rows(&app, "SELECT SUM(LENGTH(bytes)) FROM photos").await,
        count_rows(&app, "SELECT SUM(LENGTH(thumb)) FROM photos").await,
    );
    let mb = |b: f64| b / 1_048_576.0;
    println!(
        "photos: {RECORDS} records × {PHOTOS_PER_RECORD} photos ({:.1} MB, {:.0} KB each on average) \
         pushed and acknowledged in {:.0} ms ({:.0} ms uploading, {:.0} ms the push), {:.1} MB/s",
        mb(total as f64),
        total as f64 / photos.len() as f64 / 1024.0,
        elapsed.as_secs_f64() * 1000.0,
        uploaded.as_secs_f64() * 1000.0,
        (elapsed - uploaded).as_secs_f64() * 1000.0,
        mb(total as f64) / elapsed.as_secs_f64(),
    );
    println!(
        "photos: server memory {:.1} MB before, peak {:.1} MB (photos sent: {:.1} MB)",
        rss_before,
        memory_mb(pid, "VmHWM"),
        mb(total as f64),
    );
    println!(
        "photos: stored {:.1} MB of photos + {:.1} MB of thumbnails ({:.1} KB per thumbnail)",
        mb(stored as f64),
        mb(thumbs as f64),
        thumbs as f64 / photos.len() as f64 / 1024.0,
    );
}
