//! Pairing's SQL.
use crate::db::{Pool, Tx};
use chrono::{DateTime, Utc};

/// Active leaders and cadres with their current pairing count: (id, name, title, post code,
/// count).
pub async fn people(pool: &Pool) -> sqlx::Result<Vec<(i64, String, String, String, i64)>> {
    crate::db::query_as(
        "SELECT u.id, u.name, u.title, u.post,
                (SELECT COUNT(*) FROM pairings p WHERE p.cadre_id = u.id AND p.ended_at IS NULL)
         FROM users u WHERE u.active = TRUE AND u.role IN ('leader', 'cadre')
         ORDER BY u.role DESC, u.id",
    )
    .fetch_all(pool)
    .await
}

/// Poor households: (id, head, village, difficulty codes).
pub async fn poor(pool: &Pool) -> sqlx::Result<Vec<(i64, String, String, String)>> {
    crate::db::query_as(
        "SELECT h.id, h.head_name, v.name, h.difficulties FROM households h
         JOIN village_groups g ON g.id = h.group_id JOIN villages v ON v.id = g.village_id
         WHERE h.poor = TRUE ORDER BY v.name, h.head_name, h.id",
    )
    .fetch_all(pool)
    .await
}

/// Current pairings: (pairing id, household, cadre id, cadre's name).
pub async fn current(pool: &Pool) -> sqlx::Result<Vec<(i64, i64, i64, String)>> {
    crate::db::query_as(
        "SELECT p.id, p.household_id, p.cadre_id, u.name FROM pairings p
         JOIN users u ON u.id = p.cadre_id WHERE p.ended_at IS NULL ORDER BY p.id",
    )
    .fetch_all(pool)
    .await
}

/// Whether the household is a poor household and the cadre an active leader or cadre.
pub async fn may_pair(tx: &mut Tx, cadre: i64, household: i64) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar(
        "SELECT (SELECT COUNT(*) FROM users WHERE id = $1 AND active = TRUE
                    AND role IN ('leader', 'cadre'))
              + (SELECT COUNT(*) FROM households WHERE id = $2 AND poor = TRUE)",
    )
    .bind(cadre)
    .bind(household)
    .fetch_one(&mut **tx)
    .await?;
    Ok(n == 2)
}

/// Pairs them unless already paired; false when they were.
pub async fn pair(
    tx: &mut Tx,
    cadre: i64,
    household: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let r = crate::db::query(
        "INSERT INTO pairings (cadre_id, household_id, paired_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
    )
    .bind(cadre)
    .bind(household)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Ends a current pairing, keeping its row; false when there was none.
pub async fn end(tx: &mut Tx, id: i64, note: &str, now: DateTime<Utc>) -> sqlx::Result<bool> {
    let r = crate::db::query(
        "UPDATE pairings SET ended_at = $2, ended_note = $3 WHERE id = $1 AND ended_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .bind(note)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Households currently paired with `cadre`, with their pairing ids.
pub async fn of_cadre(tx: &mut Tx, cadre: i64) -> sqlx::Result<Vec<(i64, i64)>> {
    crate::db::query_as(
        "SELECT id, household_id FROM pairings WHERE cadre_id = $1 AND ended_at IS NULL",
    )
    .bind(cadre)
    .fetch_all(&mut **tx)
    .await
}
