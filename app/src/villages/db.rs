use super::model::*;
use crate::db::Pool;
use chrono::{DateTime, Utc};

pub async fn list(pool: &Pool) -> sqlx::Result<Vec<VillageView>> {
    let villages: Vec<(i64, String, String, bool)> =
        crate::db::query_as("SELECT id, name, town, rectifying FROM villages ORDER BY id")
            .fetch_all(pool)
            .await?;
    // 户数 from the counts the database keeps (migration 0017), not a count of the register.
    let groups: Vec<(i64, i64, String, i64)> = crate::db::query_as(
        "SELECT g.village_id, g.id, g.name, COALESCE(r.households, 0)
         FROM village_groups g LEFT JOIN rollup_group_households r ON r.group_id = g.id
         ORDER BY g.id",
    )
    .fetch_all(pool)
    .await?;
    Ok(villages
        .into_iter()
        .map(|(id, name, town, rectifying)| VillageView {
            groups: groups
                .iter()
                .filter(|g| g.0 == id)
                .map(|g| GroupView {
                    id: g.1,
                    name: g.2.clone(),
                    households: g.3,
                })
                .collect(),
            id,
            name,
            town,
            rectifying,
        })
        .collect())
}

pub async fn insert_village(
    pool: &Pool,
    name: &str,
    town: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO villages (name, town, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(name)
    .bind(town)
    .bind(now)
    .fetch_one(pool)
    .await
}

pub async fn insert_group(
    pool: &Pool,
    village: i64,
    name: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO village_groups (village_id, name, created_at) VALUES ($1, $2, $3)
         RETURNING id",
    )
    .bind(village)
    .bind(name)
    .bind(now)
    .fetch_one(pool)
    .await
}

pub async fn village_exists(pool: &Pool, id: i64) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar("SELECT COUNT(*) FROM villages WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await?;
    Ok(n > 0)
}

/// Marks a village 整顿中 or not; false when there is no such village.
pub async fn set_rectifying(pool: &Pool, id: i64, on: bool) -> sqlx::Result<bool> {
    let r = crate::db::query("UPDATE villages SET rectifying = $1 WHERE id = $2")
        .bind(on)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn is_rectifying(pool: &Pool, id: i64) -> sqlx::Result<bool> {
    let on: Option<bool> = crate::db::query_scalar("SELECT rectifying FROM villages WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(on.unwrap_or(false))
}
