//! Obligations' SQL: the rules and their versions. Evidence is read through the capabilities
//! that own it, never here.
use super::model::*;
use crate::db::{Pool, Tx};
use chrono::{DateTime, NaiveDate, Utc};

type Row = (
    i64,
    String,
    i64,
    String,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    String,
    i64,
    String,
    NaiveDate,
    Option<NaiveDate>,
);

const COLUMNS: &str = "id, code, version, title, clause, scope, period, window_from, window_to,
    due_day, evidence, min_count, villages, active_from, active_until";

fn rule(r: Row) -> Option<Rule> {
    let day = |n: i64| u32::try_from(n).unwrap_or(1);
    Some(Rule {
        id: r.0,
        code: r.1,
        version: r.2,
        title: r.3,
        clause: r.4,
        scope: Scope::parse(&r.5)?,
        period: Period::parse(&r.6)?,
        window_from: day(r.7),
        window_to: day(r.8),
        due_day: day(r.9),
        evidence: Evidence::parse(&r.10)?,
        min_count: r.11,
        villages: r
            .12
            .split(',')
            .filter_map(|v| v.trim().parse().ok())
            .collect(),
        active_from: r.13,
        active_until: r.14,
    })
}

/// Every version of every rule, oldest rule first.
pub async fn all(pool: &Pool) -> sqlx::Result<Vec<Rule>> {
    let rows: Vec<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM obligations ORDER BY id"))
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().filter_map(rule).collect())
}

/// The latest version of a rule, in the editing transaction.
pub async fn latest(tx: &mut Tx, code: &str) -> sqlx::Result<Option<Rule>> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM obligations WHERE code = $1 ORDER BY version DESC LIMIT 1"
    ))
    .bind(code)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.and_then(rule))
}

/// Ends a version (exclusive day); a version already ended keeps its end.
pub async fn end(tx: &mut Tx, id: i64, until: NaiveDate) -> sqlx::Result<()> {
    sqlx::query("UPDATE obligations SET active_until = $1 WHERE id = $2 AND active_until IS NULL")
        .bind(until)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Adds the next version of a rule.
pub async fn insert(tx: &mut Tx, r: &Rule, by: i64, now: DateTime<Utc>) -> sqlx::Result<()> {
    let villages: Vec<String> = r.villages.iter().map(i64::to_string).collect();
    sqlx::query(
        "INSERT INTO obligations (code, version, title, clause, scope, period, window_from,
             window_to, due_day, evidence, min_count, villages, active_from, active_until,
             created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(&r.code)
    .bind(r.version)
    .bind(&r.title)
    .bind(&r.clause)
    .bind(r.scope.code())
    .bind(r.period.code())
    .bind(i64::from(r.window_from))
    .bind(i64::from(r.window_to))
    .bind(i64::from(r.due_day))
    .bind(r.evidence.code())
    .bind(r.min_count)
    .bind(villages.join(","))
    .bind(r.active_from)
    .bind(r.active_until)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
