//! Screening and publicity SQL. The envelope (`work_records`) is the records capability's;
//! this module writes its kinds' rows and reads them back.
use super::model::*;
use crate::db::{Pool, Tx};
use chrono::NaiveDate;

pub async fn insert_screening(tx: &mut Tx, id: &str, s: &Screening) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO screenings (id, kind, team, town_cadres, village_cadres, places, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(s.kind.code())
    .bind(&s.team)
    .bind(&s.town_cadres)
    .bind(&s.village_cadres)
    .bind(&s.places)
    .bind(&s.note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Finding `n` of round `id`, with its 台账 item if it made one.
pub async fn insert_finding(
    tx: &mut Tx,
    id: &str,
    n: i64,
    f: &Finding,
    item: Option<&str>,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO screening_findings (screening_id, n, kind, place, detail, ledger_item_id)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(n)
    .bind(f.kind.code())
    .bind(&f.place)
    .bind(&f.detail)
    .bind(item)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A finding not yet in the 台账: its kind, place, detail and the round's village.
pub async fn unlinked_finding(
    tx: &mut Tx,
    id: &str,
    n: i64,
) -> sqlx::Result<Option<(String, String, String, i64)>> {
    crate::db::query_as(
        "SELECT f.kind, f.place, f.detail, w.village_id
         FROM screening_findings f JOIN work_records w ON w.id = f.screening_id
         WHERE f.screening_id = $1 AND f.n = $2 AND f.ledger_item_id IS NULL",
    )
    .bind(id)
    .bind(n)
    .fetch_optional(&mut **tx)
    .await
}

/// The village of round `id`, if there is one.
pub async fn round_village(pool: &Pool, id: &str) -> sqlx::Result<Option<i64>> {
    crate::db::query_scalar(
        "SELECT w.village_id FROM screenings s JOIN work_records w ON w.id = s.id WHERE s.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

pub async fn link_finding(tx: &mut Tx, id: &str, n: i64, item: &str) -> sqlx::Result<()> {
    crate::db::query(
        "UPDATE screening_findings SET ledger_item_id = $1
         WHERE screening_id = $2 AND n = $3 AND ledger_item_id IS NULL",
    )
    .bind(item)
    .bind(id)
    .bind(n)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

type RoundSql = (
    String,
    NaiveDate,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

/// A village's rounds with their findings, newest first.
pub async fn screenings(pool: &Pool, village: i64) -> sqlx::Result<Vec<ScreeningRow>> {
    let rounds: Vec<RoundSql> = crate::db::query_as(
        "SELECT s.id, w.held_on, s.kind, s.team, s.town_cadres, s.village_cadres, s.places,
                s.note, u.name
         FROM screenings s JOIN work_records w ON w.id = s.id
         JOIN users u ON u.id = w.recorded_by
         WHERE w.village_id = $1 ORDER BY w.held_on DESC, s.id DESC",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    let findings: Vec<(String, i64, String, String, String, Option<String>)> = crate::db::query_as(
        "SELECT f.screening_id, f.n, f.kind, f.place, f.detail, f.ledger_item_id
         FROM screening_findings f JOIN work_records w ON w.id = f.screening_id
         WHERE w.village_id = $1 ORDER BY f.screening_id, f.n",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    Ok(rounds
        .into_iter()
        .filter_map(|r| {
            Some(ScreeningRow {
                findings: findings
                    .iter()
                    .filter(|f| f.0 == r.0)
                    .filter_map(|f| {
                        Some(FindingRow {
                            n: f.1,
                            kind: FindingKind::parse(&f.2)?,
                            place: f.3.clone(),
                            detail: f.4.clone(),
                            ledger_item: f.5.clone(),
                        })
                    })
                    .collect(),
                id: r.0,
                held_on: r.1,
                kind: ScreenKind::parse(&r.2)?,
                team: r.3,
                town_cadres: r.4,
                village_cadres: r.5,
                places: r.6,
                note: r.7,
                recorded_by: r.8,
            })
        })
        .collect())
}

pub async fn insert_publicity(tx: &mut Tx, id: &str, p: &Publicity) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO publicity (id, topic, place, audience, material) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(p.topic.code())
    .bind(&p.place)
    .bind(p.audience)
    .bind(&p.material)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn publicity(pool: &Pool, village: i64) -> sqlx::Result<Vec<PublicityRow>> {
    let rows: Vec<(String, NaiveDate, String, String, i64, String, String)> = crate::db::query_as(
        "SELECT p.id, w.held_on, p.topic, p.place, p.audience, p.material, u.name
         FROM publicity p JOIN work_records w ON w.id = p.id
         JOIN users u ON u.id = w.recorded_by
         WHERE w.village_id = $1 ORDER BY w.held_on DESC, p.id DESC",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(PublicityRow {
                id: r.0,
                held_on: r.1,
                topic: PublicityTopic::parse(&r.2)?,
                place: r.3,
                audience: r.4,
                material: r.5,
                recorded_by: r.6,
            })
        })
        .collect())
}
