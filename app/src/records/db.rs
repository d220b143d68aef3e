//! The envelope's SQL: finding a record by id, storing it, keeping a second version.
use super::model::WorkKind;
use crate::db::Tx;
use chrono::{DateTime, NaiveDate, Utc};

/// A stored record's kind, content hash and receipt time.
pub async fn find(tx: &mut Tx, id: &str) -> sqlx::Result<Option<(String, String, DateTime<Utc>)>> {
    crate::db::query_as("SELECT kind, content_hash, received_at FROM work_records WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
}

/// The envelope of a new record (its kind's row follows in the same transaction).
pub struct NewRecord<'a> {
    pub id: &'a str,
    pub kind: WorkKind,
    pub village: i64,
    pub on: NaiveDate,
    pub by: i64,
    pub device: &'a str,
    pub content_hash: &'a str,
    pub received_at: DateTime<Utc>,
}

pub async fn insert(tx: &mut Tx, r: &NewRecord<'_>) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO work_records
             (id, kind, village_id, held_on, recorded_by, device, content_hash, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(r.id)
    .bind(r.kind.code())
    .bind(r.village)
    .bind(r.on)
    .bind(r.by)
    .bind(r.device)
    .bind(r.content_hash)
    .bind(r.received_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Another version of a stored record, kept as the phone sent it.
pub async fn insert_conflict(
    tx: &mut Tx,
    id: &str,
    kind: WorkKind,
    user: i64,
    payload: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO work_conflicts (record_id, kind, user_id, payload, received_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(kind.code())
    .bind(user)
    .bind(payload)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every record of `kind` dated between `from` and `to`: (village, its own day).
pub async fn dated(
    pool: &crate::db::Pool,
    kind: WorkKind,
    from: NaiveDate,
    to: NaiveDate,
) -> sqlx::Result<Vec<(i64, NaiveDate)>> {
    crate::db::query_as(
        "SELECT village_id, held_on FROM work_records
         WHERE kind = $1 AND held_on >= $2 AND held_on <= $3",
    )
    .bind(kind.code())
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}
