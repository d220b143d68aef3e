//! The living environment's SQL. Clean-ups share `work_records` (the records capability
//! writes the envelope); the rest are the village page's and the household page's rows.
use super::model::*;
use crate::db::{Pool, Tx};
use chrono::{DateTime, NaiveDate, Utc};

pub async fn insert_cleanup(tx: &mut Tx, id: &str, c: &Cleanup) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO cleanups (id, area, militia, villagers, work) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(&c.area)
    .bind(c.militia)
    .bind(c.villagers)
    .bind(&c.work)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn cleanups(pool: &Pool, village: i64) -> sqlx::Result<Vec<CleanupRow>> {
    let rows: Vec<(String, NaiveDate, String, i64, i64, String, String)> = crate::db::query_as(
        "SELECT c.id, w.held_on, c.area, c.militia, c.villagers, c.work, u.name
         FROM cleanups c JOIN work_records w ON w.id = c.id
         JOIN users u ON u.id = w.recorded_by
         WHERE w.village_id = $1 ORDER BY w.held_on DESC, c.id DESC",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CleanupRow {
            id: r.0,
            held_on: r.1,
            area: r.2,
            militia: r.3,
            villagers: r.4,
            work: r.5,
            recorded_by: r.6,
        })
        .collect())
}

pub async fn insert_milestone(
    pool: &Pool,
    m: &NewMilestone,
    by: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO milestones (village_id, category, title, due_on, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(m.village)
    .bind(m.category.code())
    .bind(&m.title)
    .bind(m.due_on)
    .bind(by)
    .bind(now)
    .fetch_one(pool)
    .await
}

/// A milestone's village, while it is not done.
pub async fn open_milestone(pool: &Pool, id: i64) -> sqlx::Result<Option<i64>> {
    crate::db::query_scalar("SELECT village_id FROM milestones WHERE id = $1 AND done_on IS NULL")
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn finish_milestone(
    pool: &Pool,
    id: i64,
    on: NaiveDate,
    note: &str,
) -> sqlx::Result<bool> {
    let r = crate::db::query(
        "UPDATE milestones SET done_on = $1, note = $2 WHERE id = $3 AND done_on IS NULL",
    )
    .bind(on)
    .bind(note)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

type MilestoneSql = (i64, String, String, NaiveDate, Option<NaiveDate>, String);

pub async fn milestones(pool: &Pool, village: i64) -> sqlx::Result<Vec<MilestoneRow>> {
    let rows: Vec<MilestoneSql> = crate::db::query_as(
        "SELECT id, category, title, due_on, done_on, note FROM milestones
         WHERE village_id = $1 ORDER BY due_on, id",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(MilestoneRow {
                id: r.0,
                category: Programme::parse(&r.1)?,
                title: r.2,
                due_on: r.3,
                done_on: r.4,
                note: r.5,
            })
        })
        .collect())
}

/// Every milestone due between `from` and `to`: (village, due day, done day).
pub async fn milestones_due(
    pool: &Pool,
    from: NaiveDate,
    to: NaiveDate,
) -> sqlx::Result<Vec<(i64, NaiveDate, Option<NaiveDate>)>> {
    crate::db::query_as(
        "SELECT village_id, due_on, done_on FROM milestones WHERE due_on >= $1 AND due_on <= $2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

/// Sets a household's work of one kind (one row per kind, updated as it goes).
pub async fn upsert_work(
    pool: &Pool,
    w: &HouseWorkEdit,
    by: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO household_works (household_id, kind, status, started_on, done_on, note,
             updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (household_id, kind) DO UPDATE SET status = excluded.status,
             started_on = excluded.started_on, done_on = excluded.done_on,
             note = excluded.note, updated_by = excluded.updated_by,
             updated_at = excluded.updated_at",
    )
    .bind(w.household)
    .bind(w.kind.code())
    .bind(w.status.code())
    .bind(w.started_on)
    .bind(w.done_on)
    .bind(&w.note)
    .bind(by)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

type WorkSql = (
    i64,
    String,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
    String,
);

fn work_rows(rows: Vec<WorkSql>) -> Vec<HouseWorkRow> {
    rows.into_iter()
        .filter_map(|r| {
            Some(HouseWorkRow {
                household_id: r.0,
                kind: HouseWork::parse(&r.1)?,
                status: WorkStatus::parse(&r.2)?,
                started_on: r.3,
                done_on: r.4,
                note: r.5,
            })
        })
        .collect()
}

pub async fn household_works(pool: &Pool, household: i64) -> sqlx::Result<Vec<HouseWorkRow>> {
    let rows: Vec<WorkSql> = crate::db::query_as(
        "SELECT household_id, kind, status, started_on, done_on, note FROM household_works
         WHERE household_id = $1 ORDER BY id",
    )
    .bind(household)
    .fetch_all(pool)
    .await?;
    Ok(work_rows(rows))
}

/// A village's households' works, counted by kind and status.
pub async fn work_counts(pool: &Pool, village: i64) -> sqlx::Result<Vec<(String, String, i64)>> {
    crate::db::query_as(
        "SELECT w.kind, w.status, COUNT(*) FROM household_works w
         JOIN households h ON h.id = w.household_id
         JOIN village_groups g ON g.id = h.group_id
         WHERE g.village_id = $1 GROUP BY w.kind, w.status",
    )
    .bind(village)
    .fetch_all(pool)
    .await
}

/// The two versioned texts of a village: its 村规民约 and its sanitation crew.
#[derive(Clone, Copy)]
pub enum Versioned {
    Rules,
    Crew,
}

pub async fn insert_version(
    pool: &Pool,
    what: Versioned,
    village: i64,
    (body, routine, since): (&str, &str, NaiveDate),
    by: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    // The next version number is read and written in one statement: two saves at once make
    // two versions or one fails on the key, never one version overwritten.
    let q = match what {
        Versioned::Rules => crate::db::query_scalar(
            "INSERT INTO village_rules (village_id, version, body, adopted_on, created_by,
                 created_at)
             SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5
             FROM village_rules WHERE village_id = $1
             RETURNING version",
        )
        .bind(village)
        .bind(body),
        Versioned::Crew => crate::db::query_scalar(
            "INSERT INTO sanitation_crews (village_id, version, members, routine, since,
                 created_by, created_at)
             SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $6, $3, $4, $5
             FROM sanitation_crews WHERE village_id = $1
             RETURNING version",
        )
        .bind(village)
        .bind(body),
    };
    let q = q.bind(since).bind(by).bind(now);
    match what {
        Versioned::Rules => q.fetch_one(pool).await,
        Versioned::Crew => q.bind(routine).fetch_one(pool).await,
    }
}

pub async fn versions(pool: &Pool, what: Versioned, village: i64) -> sqlx::Result<Vec<VersionRow>> {
    let sql = match what {
        Versioned::Rules => {
            "SELECT r.version, r.body, '', r.adopted_on, u.name, r.created_at
             FROM village_rules r JOIN users u ON u.id = r.created_by
             WHERE r.village_id = $1 ORDER BY r.version DESC"
        }
        Versioned::Crew => {
            "SELECT r.version, r.members, r.routine, r.since, u.name, r.created_at
             FROM sanitation_crews r JOIN users u ON u.id = r.created_by
             WHERE r.village_id = $1 ORDER BY r.version DESC"
        }
    };
    let rows: Vec<(i64, String, String, NaiveDate, String, DateTime<Utc>)> =
        crate::db::query_as(sql)
            .bind(village)
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|r| VersionRow {
            version: r.0,
            body: r.1,
            routine: r.2,
            since: r.3,
            by: r.4,
            created_at: r.5,
        })
        .collect())
}
