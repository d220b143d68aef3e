//! Receptions' SQL.
use super::model::*;
use crate::db::{Pool, Tx};
use crate::feedback::model::Category;
use chrono::{DateTime, NaiveDate, Utc};

pub async fn insert(
    pool: &Pool,
    id: &str,
    r: &NewReception,
    cadre: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO receptions (id, held_on, cadre_id, visitor_name, visitor_phone, village,
             category, matter, action, created_at, service_day_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id)
    .bind(r.held_on)
    .bind(cadre)
    .bind(&r.visitor_name)
    .bind(&r.visitor_phone)
    .bind(&r.village)
    .bind(r.category.code())
    .bind(&r.matter)
    .bind(&r.action)
    .bind(now)
    .bind(r.service_day)
    .execute(pool)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    held_on: NaiveDate,
    cadre: String,
    visitor_name: String,
    visitor_phone: String,
    village: String,
    category: String,
    matter: String,
    action: String,
}

/// The latest receptions; `cadre` narrows to one cadre's.
pub async fn list(pool: &Pool, cadre: Option<i64>) -> sqlx::Result<Vec<ReceptionRow>> {
    let rows: Vec<Row> = crate::db::query_as(
        "SELECT r.id, r.held_on, u.name AS cadre, r.visitor_name, r.visitor_phone, r.village,
                r.category, r.matter, r.action
         FROM receptions r JOIN users u ON u.id = r.cadre_id
         WHERE ($1 IS NULL OR r.cadre_id = $1)
         ORDER BY r.held_on DESC, r.created_at DESC LIMIT 200",
    )
    .bind(cadre)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ReceptionRow {
            id: r.id,
            held_on: r.held_on,
            cadre: r.cadre,
            visitor_name: r.visitor_name,
            visitor_phone: r.visitor_phone,
            village: r.village,
            category: Category::parse(&r.category).unwrap_or(Category::Income),
            matter: r.matter,
            action: r.action,
            item: None,
        })
        .collect())
}

/// What a reception's ledger item is made of, read in the transaction that makes it.
pub struct ForItem {
    pub cadre: i64,
    pub matter: String,
    /// Village, visitor and phone, as one line for the item's details.
    pub who: String,
}

pub async fn for_item(tx: &mut Tx, id: &str) -> sqlx::Result<Option<ForItem>> {
    let row: Option<(i64, String, String)> = crate::db::query_as(
        "SELECT cadre_id, matter, TRIM(village || ' ' || visitor_name || ' ' || visitor_phone)
         FROM receptions WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|(cadre, matter, who)| ForItem { cadre, matter, who }))
}

/// Records a service day once: a second record of the same village and day (a double tap, a
/// colleague) keeps the first. The day's id either way.
pub async fn insert_service_day(
    pool: &Pool,
    d: &NewServiceDay,
    by: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    crate::db::query(
        "INSERT INTO service_days (village_id, held_on, place, staff, note, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (village_id, held_on) DO NOTHING",
    )
    .bind(d.village_id)
    .bind(d.held_on)
    .bind(&d.place)
    .bind(&d.staff)
    .bind(&d.note)
    .bind(by)
    .bind(now)
    .execute(pool)
    .await?;
    crate::db::query_scalar("SELECT id FROM service_days WHERE village_id = $1 AND held_on = $2")
        .bind(d.village_id)
        .bind(d.held_on)
        .fetch_one(pool)
        .await
}

/// Service days held on or after `since`, newest first, with their visitor counts.
pub async fn service_days(pool: &Pool, since: NaiveDate) -> sqlx::Result<Vec<ServiceDayRow>> {
    let rows: Vec<(i64, String, NaiveDate, String, String, String, i64)> = crate::db::query_as(
        "SELECT d.id, v.name, d.held_on, d.place, d.staff, d.note,
                (SELECT COUNT(*) FROM receptions r WHERE r.service_day_id = d.id)
         FROM service_days d JOIN villages v ON v.id = d.village_id
         WHERE d.held_on >= $1
         ORDER BY d.held_on DESC, v.name",
    )
    .bind(since)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, village, held_on, place, staff, note, visitors)| ServiceDayRow {
                id,
                village,
                held_on,
                place,
                staff,
                note,
                visitors,
            },
        )
        .collect())
}

/// The day a service day was held, if there is one by that id.
pub async fn service_day_date(pool: &Pool, id: i64) -> sqlx::Result<Option<NaiveDate>> {
    crate::db::query_scalar("SELECT held_on FROM service_days WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Service days held in `[from, to]`: (village id, day). One query for a whole grid.
pub async fn service_days_between(
    pool: &Pool,
    from: NaiveDate,
    to: NaiveDate,
) -> sqlx::Result<Vec<(i64, NaiveDate)>> {
    crate::db::query_as(
        "SELECT village_id, held_on FROM service_days WHERE held_on >= $1 AND held_on <= $2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}
