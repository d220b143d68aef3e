//! Obligations' SQL: the rules and their versions. Evidence is read through the capabilities
//! that own it, never here.
use super::model::*;
use crate::db::{Pool, Tx};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    code: String,
    version: i64,
    title: String,
    clause: String,
    scope: String,
    period: String,
    window_from: i64,
    window_to: i64,
    due_day: i64,
    due_month: i64,
    evidence: String,
    min_count: i64,
    max_count: Option<i64>,
    villages: String,
    active_from: NaiveDate,
    active_until: Option<NaiveDate>,
}

const COLUMNS: &str = "id, code, version, title, clause, scope, period, window_from, window_to,
    due_day, due_month, evidence, min_count, max_count, villages, active_from, active_until";

fn rule(r: Row) -> Option<Rule> {
    let day = |n: i64| u32::try_from(n).unwrap_or(1);
    Some(Rule {
        id: r.id,
        code: r.code,
        version: r.version,
        title: r.title,
        clause: r.clause,
        scope: Scope::parse(&r.scope)?,
        period: Period::parse(&r.period)?,
        window_from: day(r.window_from),
        window_to: day(r.window_to),
        due_day: day(r.due_day),
        due_month: day(r.due_month),
        evidence: Evidence::parse(&r.evidence)?,
        min_count: r.min_count,
        max_count: r.max_count,
        villages: r
            .villages
            .split(',')
            .filter_map(|v| v.trim().parse().ok())
            .collect(),
        active_from: r.active_from,
        active_until: r.active_until,
    })
}

/// Every version of every rule, oldest rule first.
pub async fn all(pool: &Pool) -> sqlx::Result<Vec<Rule>> {
    let rows: Vec<Row> =
        crate::db::query_as(&format!("SELECT {COLUMNS} FROM obligations ORDER BY id"))
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().filter_map(rule).collect())
}

/// The latest version of a rule, in the editing transaction.
pub async fn latest(tx: &mut Tx, code: &str) -> sqlx::Result<Option<Rule>> {
    let row: Option<Row> = crate::db::query_as(&format!(
        "SELECT {COLUMNS} FROM obligations WHERE code = $1 ORDER BY version DESC LIMIT 1"
    ))
    .bind(code)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.and_then(rule))
}

/// `shugen generate`: every rule's first version that starts after `day` starts on it
/// instead (the generated records span the year since); the versions moved.
pub async fn start_first_versions_by(pool: &Pool, day: NaiveDate) -> sqlx::Result<u64> {
    let done = crate::db::query(
        "UPDATE obligations SET active_from = $1 WHERE version = 1 AND active_from > $1",
    )
    .bind(day)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// Ends a version (exclusive day); a version already ended keeps its end.
pub async fn end(tx: &mut Tx, id: i64, until: NaiveDate) -> sqlx::Result<()> {
    crate::db::query(
        "UPDATE obligations SET active_until = $1 WHERE id = $2 AND active_until IS NULL",
    )
    .bind(until)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Adds the next version of a rule.
pub async fn insert(tx: &mut Tx, r: &Rule, by: i64, now: DateTime<Utc>) -> sqlx::Result<()> {
    let villages: Vec<String> = r.villages.iter().map(i64::to_string).collect();
    crate::db::query(
        "INSERT INTO obligations (code, version, title, clause, scope, period, window_from,
             window_to, due_day, due_month, evidence, min_count, max_count, villages,
             active_from, active_until, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                 $18)",
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
    .bind(i64::from(r.due_month))
    .bind(r.evidence.code())
    .bind(r.min_count)
    .bind(r.max_count)
    .bind(villages.join(","))
    .bind(r.active_from)
    .bind(r.active_until)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
