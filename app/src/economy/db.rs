//! The economy's SQL. Report trips share `work_records` (the envelope) with the organisation's
//! phone records.
use super::model::*;
use crate::db::{Pool, Tx};
use crate::model::Fen;
use chrono::{DateTime, NaiveDate, Utc};

pub async fn insert_trip(tx: &mut Tx, id: &str, t: &Trip) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO report_trips (id, level, department, purpose, outcome)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(t.level.code())
    .bind(&t.department)
    .bind(&t.purpose)
    .bind(&t.outcome)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn trips(pool: &Pool, village: i64) -> sqlx::Result<Vec<TripRow>> {
    let rows: Vec<(String, NaiveDate, String, String, String, String, String)> =
        crate::db::query_as(
            "SELECT t.id, w.held_on, t.level, t.department, t.purpose, t.outcome, u.name
         FROM report_trips t JOIN work_records w ON w.id = t.id
         JOIN users u ON u.id = w.recorded_by
         WHERE w.village_id = $1 ORDER BY w.held_on DESC, t.id DESC",
        )
        .bind(village)
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(TripRow {
                id: r.0,
                trip_on: r.1,
                level: TripLevel::parse(&r.2)?,
                department: r.3,
                purpose: r.4,
                outcome: r.5,
                recorded_by: r.6,
            })
        })
        .collect())
}

type PlanSql = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    DateTime<Utc>,
);

/// Every version of a village's plan, newest first.
pub async fn plans(pool: &Pool, village: i64) -> sqlx::Result<Vec<PlanRow>> {
    let rows: Vec<PlanSql> = crate::db::query_as(
        "SELECT p.version, p.goal, p.approach, p.organisation, p.industry, p.environment,
                p.livelihood, p.collective, u.name, p.created_at
         FROM dev_plans p JOIN users u ON u.id = p.created_by
         WHERE p.village_id = $1 ORDER BY p.version DESC",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PlanRow {
            version: r.0,
            plan: Plan {
                goal: r.1,
                approach: r.2,
                organisation: r.3,
                industry: r.4,
                environment: r.5,
                livelihood: r.6,
                collective: r.7,
            },
            by: r.8,
            created_at: r.9,
        })
        .collect())
}

/// A new version, numbered after the latest in the same statement.
pub async fn insert_plan(
    pool: &Pool,
    village: i64,
    p: &Plan,
    by: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO dev_plans (village_id, version, goal, approach, organisation, industry,
             environment, livelihood, collective, created_by, created_at)
         SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10
         FROM dev_plans WHERE village_id = $1
         RETURNING version",
    )
    .bind(village)
    .bind(&p.goal)
    .bind(&p.approach)
    .bind(&p.organisation)
    .bind(&p.industry)
    .bind(&p.environment)
    .bind(&p.livelihood)
    .bind(&p.collective)
    .bind(by)
    .bind(now)
    .fetch_one(pool)
    .await
}

type ProjectSql = (
    i64,
    String,
    String,
    i64,
    i64,
    i64,
    String,
    Option<NaiveDate>,
    String,
);

pub async fn projects(pool: &Pool, village: i64) -> sqlx::Result<Vec<ProjectRow>> {
    let rows: Vec<ProjectSql> = crate::db::query_as(
        "SELECT id, name, funder, applied_fen, approved_fen, received_fen, status, approved_on,
                note
         FROM projects WHERE village_id = $1 ORDER BY id DESC",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(ProjectRow {
                id: r.0,
                name: r.1,
                funder: r.2,
                applied: Fen(r.3),
                approved: Fen(r.4),
                received: Fen(r.5),
                status: ProjectStatus::parse(&r.6)?,
                approved_on: r.7,
                note: r.8,
            })
        })
        .collect())
}

pub async fn insert_project(
    pool: &Pool,
    p: &ProjectEdit,
    by: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO projects (village_id, name, funder, applied_fen, approved_fen, received_fen,
             status, approved_on, note, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(p.village)
    .bind(&p.name)
    .bind(&p.funder)
    .bind(p.applied.0)
    .bind(p.approved.0)
    .bind(p.received.0)
    .bind(p.status.code())
    .bind(p.approved_on)
    .bind(&p.note)
    .bind(by)
    .bind(now)
    .fetch_one(pool)
    .await
}

/// A project's village.
pub async fn project_village(pool: &Pool, id: i64) -> sqlx::Result<Option<i64>> {
    crate::db::query_scalar("SELECT village_id FROM projects WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Updates a project in its village (the village never changes).
pub async fn update_project(
    pool: &Pool,
    id: i64,
    p: &ProjectEdit,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::db::query(
        "UPDATE projects SET name = $1, funder = $2, applied_fen = $3, approved_fen = $4,
             received_fen = $5, status = $6, approved_on = $7, note = $8, updated_at = $9
         WHERE id = $10 AND village_id = $11",
    )
    .bind(&p.name)
    .bind(&p.funder)
    .bind(p.applied.0)
    .bind(p.approved.0)
    .bind(p.received.0)
    .bind(p.status.code())
    .bind(p.approved_on)
    .bind(&p.note)
    .bind(now)
    .bind(id)
    .bind(p.village)
    .execute(pool)
    .await?;
    Ok(())
}

/// Approved projects with their approval day in `from..=to`: (village, day).
pub async fn approved_between(
    pool: &Pool,
    from: NaiveDate,
    to: NaiveDate,
) -> sqlx::Result<Vec<(i64, NaiveDate)>> {
    crate::db::query_as(
        "SELECT village_id, approved_on FROM projects
         WHERE status IN ('approved', 'funded') AND approved_on >= $1 AND approved_on <= $2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

pub async fn incomes(pool: &Pool, village: i64) -> sqlx::Result<Vec<IncomeRow>> {
    let rows: Vec<(i64, i64, String)> = crate::db::query_as(
        "SELECT year, income_fen, note FROM collective_income WHERE village_id = $1
         ORDER BY year DESC",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| IncomeRow {
            year: i32::try_from(r.0).unwrap_or_default(),
            income: Fen(r.1),
            note: r.2,
        })
        .collect())
}

/// A year's income, replacing what was entered for that year before.
pub async fn save_income(
    pool: &Pool,
    village: i64,
    r: &IncomeRow,
    by: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO collective_income (village_id, year, income_fen, note, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (village_id, year) DO UPDATE SET income_fen = excluded.income_fen,
             note = excluded.note, updated_by = excluded.updated_by,
             updated_at = excluded.updated_at",
    )
    .bind(village)
    .bind(i64::from(r.year))
    .bind(r.income.0)
    .bind(&r.note)
    .bind(by)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}
