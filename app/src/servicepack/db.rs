//! The library's and 代购's SQL. Purchases and their updates share `work_records` (the
//! records capability writes the envelope); a purchase's state is read from its updates.
use super::model::*;
use crate::db::{Pool, Tx};
use crate::model::Fen;
use chrono::{DateTime, NaiveDate, Utc};

type MaterialSql = (i64, String, String, String, String, bool, DateTime<Utc>);

/// The library: every piece (`active_only`: only what the phones carry), by kind and title.
pub async fn materials(pool: &Pool, active_only: bool) -> sqlx::Result<Vec<Material>> {
    let rows: Vec<MaterialSql> = crate::db::query_as(
        "SELECT id, kind, title, body, link, active, updated_at FROM materials
         WHERE active = TRUE OR $1 = FALSE ORDER BY kind, title, id",
    )
    .bind(active_only)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Material {
                id: r.0,
                kind: MaterialKind::parse(&r.1)?,
                title: r.2,
                body: r.3,
                link: r.4,
                active: r.5,
                updated_at: r.6,
            })
        })
        .collect())
}

/// Saves a new piece (answers its id) or changes one (None when there is no such piece).
pub async fn save_material(
    pool: &Pool,
    m: &MaterialEdit,
    by: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<i64>> {
    match m.id {
        None => crate::db::query_scalar(
            "INSERT INTO materials (kind, title, body, link, active, updated_by, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(m.kind.code())
        .bind(&m.title)
        .bind(&m.body)
        .bind(&m.link)
        .bind(m.active)
        .bind(by)
        .bind(now)
        .fetch_one(pool)
        .await
        .map(Some),
        Some(id) => {
            crate::db::query_scalar(
                "UPDATE materials SET kind = $1, title = $2, body = $3, link = $4, active = $5,
                 updated_by = $6, updated_at = $7
             WHERE id = $8 RETURNING id",
            )
            .bind(m.kind.code())
            .bind(&m.title)
            .bind(&m.body)
            .bind(&m.link)
            .bind(m.active)
            .bind(by)
            .bind(now)
            .bind(id)
            .fetch_optional(pool)
            .await
        }
    }
}

pub async fn insert_purchase(tx: &mut Tx, id: &str, p: &Purchase) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO purchases (id, household_id, item, quantity, estimate_fen, note)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(p.household)
    .bind(&p.item)
    .bind(&p.quantity)
    .bind(p.estimate.0)
    .bind(&p.note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A purchase's household, whether it has been delivered, and whether confirmed.
pub async fn purchase_state(tx: &mut Tx, id: &str) -> sqlx::Result<Option<(i64, bool, bool)>> {
    crate::db::query_as(
        "SELECT p.household_id,
                EXISTS (SELECT 1 FROM purchase_updates u
                        WHERE u.purchase_id = p.id AND u.delivered = TRUE),
                EXISTS (SELECT 1 FROM purchase_updates u
                        WHERE u.purchase_id = p.id AND u.confirmed_by IS NOT NULL)
         FROM purchases p WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
}

pub async fn insert_update(tx: &mut Tx, id: &str, u: &PurchaseUpdate) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO purchase_updates (id, purchase_id, delivered, actual_fen, paid_by,
             confirmed_by, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(&u.purchase)
    .bind(u.delivered)
    .bind(u.actual.map(|f| f.0))
    .bind(u.paid_by.map(PaidBy::code))
    .bind(&u.confirmed_by)
    .bind(&u.note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

type PurchaseSql = (String, i64, String, NaiveDate, String, String, i64, String);
type UpdateSql = (
    String,
    NaiveDate,
    bool,
    Option<i64>,
    Option<String>,
    Option<String>,
);

/// The purchases of `households`, oldest first, with their state folded from the updates.
pub async fn purchases(pool: &Pool, households: &[i64]) -> sqlx::Result<Vec<PurchaseRow>> {
    let mut out = Vec::new();
    // A bounded IN list per query, portable to both backends.
    for chunk in households.chunks(200) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT p.id, p.household_id, h.head_name, w.held_on, p.item, p.quantity,
                    p.estimate_fen, u.name
             FROM purchases p JOIN work_records w ON w.id = p.id
             JOIN households h ON h.id = p.household_id
             JOIN users u ON u.id = w.recorded_by
             WHERE p.household_id IN ({}) ORDER BY w.held_on, p.id",
            marks.join(", ")
        );
        let mut q = crate::db::query_as::<PurchaseSql>(&sql);
        for h in chunk {
            q = q.bind(h);
        }
        let rows = q.fetch_all(pool).await?;
        let usql = format!(
            "SELECT u.purchase_id, w.held_on, u.delivered, u.actual_fen, u.paid_by,
                    u.confirmed_by
             FROM purchase_updates u JOIN work_records w ON w.id = u.id
             JOIN purchases p ON p.id = u.purchase_id
             WHERE p.household_id IN ({}) ORDER BY w.held_on, u.id",
            marks.join(", ")
        );
        let mut uq = crate::db::query_as::<UpdateSql>(&usql);
        for h in chunk {
            uq = uq.bind(h);
        }
        let updates = uq.fetch_all(pool).await?;
        for r in rows {
            let mut row = PurchaseRow {
                id: r.0,
                household_id: r.1,
                household: r.2,
                asked_on: r.3,
                item: r.4,
                quantity: r.5,
                estimate: Fen(r.6),
                delivered_on: None,
                actual: None,
                paid_by: None,
                confirmed_by: None,
                confirmed_on: None,
                status: PurchaseStatus::Asked,
                recorded_by: r.7,
            };
            for u in updates.iter().filter(|u| u.0 == row.id) {
                if u.2 {
                    row.delivered_on = Some(u.1);
                    row.actual = u.3.map(Fen);
                    row.paid_by = u.4.as_deref().and_then(PaidBy::parse);
                }
                if let Some(who) = &u.5 {
                    row.confirmed_by = Some(who.clone());
                    row.confirmed_on = Some(u.1);
                }
            }
            row.status = status_of(row.delivered_on.is_some(), row.confirmed_by.is_some());
            out.push(row);
        }
    }
    Ok(out)
}
