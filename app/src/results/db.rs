//! Results' and assessments' SQL.
use super::model::*;
use crate::db::Pool;
use chrono::{DateTime, NaiveDate, Utc};

pub async fn insert(pool: &Pool, r: &NewResult, by: i64, now: DateTime<Utc>) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO village_results (village_id, achieved_on, area, highlight, before_text,
             after_text, evidence, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(r.village_id)
    .bind(r.achieved_on)
    .bind(r.area.code())
    .bind(&r.highlight)
    .bind(&r.before)
    .bind(&r.after)
    .bind(&r.evidence)
    .bind(by)
    .bind(now)
    .fetch_one(pool)
    .await
}

type ResultRow = (
    i64,
    String,
    NaiveDate,
    String,
    String,
    String,
    String,
    String,
);

/// The results achieved in `[from, to]`, newest first.
pub async fn results(
    pool: &Pool,
    from: NaiveDate,
    to: NaiveDate,
) -> sqlx::Result<Vec<VillageResult>> {
    let rows: Vec<ResultRow> = crate::db::query_as(
        "SELECT r.id, v.name, r.achieved_on, r.area, r.highlight, r.before_text, r.after_text,
                r.evidence
         FROM village_results r JOIN villages v ON v.id = r.village_id
         WHERE r.achieved_on >= $1 AND r.achieved_on <= $2
         ORDER BY r.achieved_on DESC, r.id DESC",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(VillageResult {
                id: r.0,
                village: r.1,
                achieved_on: r.2,
                area: Area::parse(&r.3)?,
                highlight: r.4,
                before: r.5,
                after: r.6,
                evidence: r.7,
            })
        })
        .collect())
}

/// A decision as stored: the figures as JSON.
pub struct NewDecision<'a> {
    pub user: i64,
    pub year: i32,
    pub decision: Decision,
    pub reason: &'a str,
    pub figures: &'a str,
    pub by: i64,
    pub at: DateTime<Utc>,
}

/// Adds a decision (the latest for a person and year stands).
pub async fn decide(pool: &Pool, d: &NewDecision<'_>) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO assessments (user_id, year, decision, reason, figures, decided_by,
             decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(d.user)
    .bind(i64::from(d.year))
    .bind(d.decision.code())
    .bind(d.reason)
    .bind(d.figures)
    .bind(d.by)
    .bind(d.at)
    .execute(pool)
    .await?;
    Ok(())
}

/// The year's decisions, oldest first (a later one for the same person replaces an earlier
/// one when read in order): (user, decision, reason, figures JSON, by whom, when).
pub async fn decisions(
    pool: &Pool,
    year: i32,
) -> sqlx::Result<Vec<(i64, String, String, String, String, DateTime<Utc>)>> {
    crate::db::query_as(
        "SELECT a.user_id, a.decision, a.reason, a.figures, u.name, a.decided_at
         FROM assessments a JOIN users u ON u.id = a.decided_by
         WHERE a.year = $1 ORDER BY a.id",
    )
    .bind(i64::from(year))
    .fetch_all(pool)
    .await
}

/// Active leaders and cadres, the people assessed: (id, name, post code).
pub async fn people(pool: &Pool) -> sqlx::Result<Vec<(i64, String, String)>> {
    crate::db::query_as(
        "SELECT id, name, post FROM users WHERE active = TRUE AND role IN ('leader', 'cadre')
         ORDER BY CASE post WHEN 'director' THEN 0 WHEN 'deputy' THEN 1 WHEN 'discipline' THEN 2
                  WHEN 'unit_head' THEN 3 ELSE 4 END, id",
    )
    .fetch_all(pool)
    .await
}
