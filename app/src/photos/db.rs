//! The photos' SQL: uploads in parts, the whole photo with its thumbnail, the record that
//! names it, and the lists pages show.
use super::model::PhotoView;
use crate::db::{Pool, Tx};
use chrono::{DateTime, NaiveDateTime, Utc};

/// What is stored of a photo, without its bytes.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Row {
    pub uploaded_by: i64,
    pub size: i64,
    pub sha256: String,
    pub received: i64,
    pub stored: bool,
    pub record_kind: Option<String>,
    pub record_id: Option<String>,
    pub village_id: Option<i64>,
    pub household_id: Option<i64>,
}

const ROW: &str = "SELECT uploaded_by, size, sha256, received, stored_at IS NOT NULL AS stored,
                          record_kind, record_id, village_id, household_id
                   FROM photos WHERE id = $1";

pub async fn find(pool: &Pool, id: &str) -> sqlx::Result<Option<Row>> {
    crate::db::query_as(ROW).bind(id).fetch_optional(pool).await
}

pub async fn find_tx(tx: &mut Tx, id: &str) -> sqlx::Result<Option<Row>> {
    crate::db::query_as(ROW)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
}

/// A new upload of `size` bytes hashing to `sha256`.
pub async fn start(
    tx: &mut Tx,
    id: &str,
    by: i64,
    size: i64,
    sha256: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO photos (id, uploaded_by, size, sha256, started_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(by)
    .bind(size)
    .bind(sha256)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Adds the part starting at `at` (which must be where the upload stands): false when another
/// request moved it meanwhile, and nothing was written.
pub async fn add_part(tx: &mut Tx, id: &str, at: i64, bytes: &[u8]) -> sqlx::Result<bool> {
    let moved = crate::db::query(
        "UPDATE photos SET received = received + $1 WHERE id = $2 AND received = $3",
    )
    .bind(bytes.len() as i64)
    .bind(id)
    .bind(at)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if moved == 0 {
        return Ok(false);
    }
    crate::db::query("INSERT INTO photo_parts (photo_id, start_at, bytes) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(at)
        .bind(bytes)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

/// The parts of an upload in order, joined.
pub async fn joined(pool: &Pool, id: &str) -> sqlx::Result<Vec<u8>> {
    let parts: Vec<(Vec<u8>,)> =
        crate::db::query_as("SELECT bytes FROM photo_parts WHERE photo_id = $1 ORDER BY start_at")
            .bind(id)
            .fetch_all(pool)
            .await?;
    Ok(parts.into_iter().flat_map(|(b,)| b).collect())
}

/// The whole photo, checked: its bytes and thumbnail are kept and its parts go.
pub struct Whole<'a> {
    pub id: &'a str,
    pub mime: &'a str,
    pub width: i64,
    pub height: i64,
    pub bytes: &'a [u8],
    pub thumb: &'a [u8],
    pub at: DateTime<Utc>,
}

pub async fn complete(tx: &mut Tx, w: &Whole<'_>) -> sqlx::Result<()> {
    crate::db::query(
        "UPDATE photos SET mime = $1, width = $2, height = $3, bytes = $4, thumb = $5,
                           stored_at = $6
         WHERE id = $7 AND stored_at IS NULL",
    )
    .bind(w.mime)
    .bind(w.width)
    .bind(w.height)
    .bind(w.bytes)
    .bind(w.thumb)
    .bind(w.at)
    .bind(w.id)
    .execute(&mut **tx)
    .await?;
    crate::db::query("DELETE FROM photo_parts WHERE photo_id = $1")
        .bind(w.id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Forgets an upload that cannot become a photo (its bytes did not match, or are no image).
pub async fn discard(tx: &mut Tx, id: &str) -> sqlx::Result<()> {
    crate::db::query("DELETE FROM photo_parts WHERE photo_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    crate::db::query("DELETE FROM photos WHERE id = $1 AND stored_at IS NULL")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Where a record's photo belongs, set once in the record's own transaction.
pub struct Link<'a> {
    pub id: &'a str,
    pub record_kind: &'a str,
    pub record_id: &'a str,
    pub village: Option<i64>,
    pub household: Option<i64>,
    pub position: i64,
    pub caption: &'a str,
    pub taken_at: Option<NaiveDateTime>,
}

pub async fn link(tx: &mut Tx, l: &Link<'_>) -> sqlx::Result<()> {
    crate::db::query(
        "UPDATE photos SET record_kind = $1, record_id = $2, village_id = $3, household_id = $4,
                           position = $5, caption = $6, taken_at = $7
         WHERE id = $8",
    )
    .bind(l.record_kind)
    .bind(l.record_id)
    .bind(l.village)
    .bind(l.household)
    .bind(l.position)
    .bind(l.caption)
    .bind(l.taken_at)
    .bind(l.id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Who a ledger item belongs to (its owner, who raised it), for its log's photos; `None`
/// when there is no such item. Read here, not through `ledger::api`, which calls this module
/// (a record's capability depends on photos, never the other way).
pub async fn ledger_item_people(
    pool: &Pool,
    item: &str,
) -> sqlx::Result<Option<(Option<i64>, i64)>> {
    crate::db::query_as("SELECT owner_id, created_by FROM ledger_items WHERE id = $1")
        .bind(item)
        .fetch_optional(pool)
        .await
}

/// A whole photo's type and bytes (`thumb`: its thumbnail's), with who may see it.
pub async fn bytes(pool: &Pool, id: &str, thumb: bool) -> sqlx::Result<Option<(String, Vec<u8>)>> {
    let sql = if thumb {
        "SELECT 'image/jpeg', thumb FROM photos WHERE id = $1 AND stored_at IS NOT NULL"
    } else {
        "SELECT mime, bytes FROM photos WHERE id = $1 AND stored_at IS NOT NULL"
    };
    crate::db::query_as(sql).bind(id).fetch_optional(pool).await
}

const VIEW: &str = "SELECT id, caption, taken_at, record_kind, record_id, size, in_report
                    FROM photos";

/// The photos of the records `ids`, in their records' order.
pub async fn of_records(pool: &Pool, ids: &[String]) -> sqlx::Result<Vec<PhotoView>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let binds: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "{VIEW} WHERE record_id IN ({}) ORDER BY record_id, position",
        binds.join(", ")
    );
    let mut q = crate::db::query_as::<ViewRow>(&sql);
    for id in ids {
        q = q.bind(id);
    }
    Ok(q.fetch_all(pool)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// A village's photos stored from `from` on, at most `limit`: newest record first (ids are
/// UUIDv7, time-ordered), each record's photos in their order.
pub async fn of_village(
    pool: &Pool,
    village: i64,
    from: DateTime<Utc>,
    limit: i64,
) -> sqlx::Result<Vec<(PhotoView, Option<i64>)>> {
    let sql = "SELECT household_id, id, caption, taken_at, record_kind, record_id, size, in_report
               FROM photos
               WHERE village_id = $1 AND record_id IS NOT NULL AND stored_at >= $2
               ORDER BY record_id DESC, position LIMIT $3";
    Ok(crate::db::query_as::<HouseholdRow>(sql)
        .bind(village)
        .bind(from)
        .bind(limit)
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| (r.view.into(), r.household_id))
        .collect())
}

/// The photos the office chose for the report, of records stored in `[from, to)`: with their
/// village's id.
pub async fn chosen(
    pool: &Pool,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> sqlx::Result<Vec<(i64, PhotoView)>> {
    let sql = "SELECT village_id, id, caption, taken_at, record_kind, record_id, size, in_report
               FROM photos
               WHERE in_report AND village_id IS NOT NULL AND stored_at >= $1 AND stored_at < $2
               ORDER BY village_id, stored_at, position";
    Ok(crate::db::query_as::<ChosenRow>(sql)
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| (r.village_id, r.view.into()))
        .collect())
}

/// Chooses (or unchooses) a linked photo for the monthly report: false when there is none.
pub async fn choose(tx: &mut Tx, id: &str, chosen: bool) -> sqlx::Result<bool> {
    Ok(
        crate::db::query(
            "UPDATE photos SET in_report = $1 WHERE id = $2 AND record_id IS NOT NULL",
        )
        .bind(chosen)
        .bind(id)
        .execute(&mut **tx)
        .await?
        .rows_affected()
            > 0,
    )
}

/// Photos per record (records with none are absent), for the exports' counts.
pub async fn counts(pool: &Pool) -> sqlx::Result<Vec<(String, i64)>> {
    crate::db::query_as(
        "SELECT record_id, COUNT(*) FROM photos WHERE record_id IS NOT NULL GROUP BY record_id",
    )
    .fetch_all(pool)
    .await
}

/// Photos stored and their bytes (thumbnails apart), for `shugen backup`'s report.
pub async fn totals(pool: &Pool) -> sqlx::Result<(i64, i64, i64)> {
    crate::db::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(LENGTH(bytes)), 0) AS BIGINT),
                CAST(COALESCE(SUM(LENGTH(thumb)), 0) AS BIGINT)
         FROM photos WHERE stored_at IS NOT NULL",
    )
    .fetch_one(pool)
    .await
}

#[derive(sqlx::FromRow)]
struct ViewRow {
    id: String,
    caption: String,
    taken_at: Option<NaiveDateTime>,
    record_kind: Option<String>,
    record_id: Option<String>,
    size: i64,
    in_report: bool,
}

#[derive(sqlx::FromRow)]
struct HouseholdRow {
    household_id: Option<i64>,
    #[sqlx(flatten)]
    view: ViewRow,
}

#[derive(sqlx::FromRow)]
struct ChosenRow {
    village_id: i64,
    #[sqlx(flatten)]
    view: ViewRow,
}

impl From<ViewRow> for PhotoView {
    fn from(r: ViewRow) -> Self {
        PhotoView {
            id: r.id,
            caption: r.caption,
            taken_at: r.taken_at,
            record_kind: r.record_kind.unwrap_or_default(),
            record_id: r.record_id.unwrap_or_default(),
            size: r.size,
            in_report: r.in_report,
        }
    }
}

/// Forgets uploads begun before `before` that no record names (their parts with them): how
/// many photos went.
pub async fn purge_abandoned(tx: &mut Tx, before: DateTime<Utc>) -> sqlx::Result<u64> {
    crate::db::query(
        "DELETE FROM photo_parts WHERE photo_id IN
             (SELECT id FROM photos WHERE record_id IS NULL AND started_at < $1)",
    )
    .bind(before)
    .execute(&mut **tx)
    .await?;
    Ok(
        crate::db::query("DELETE FROM photos WHERE record_id IS NULL AND started_at < $1")
            .bind(before)
            .execute(&mut **tx)
            .await?
            .rows_affected(),
    )
}
