//! Meetings' SQL.
use super::model::*;
use crate::db::{Pool, Tx};
use crate::feedback::model::{Category, ReceiptCode};
use crate::ledger::model::Kind;
use chrono::{DateTime, NaiveDate, Utc};

pub async fn insert(pool: &Pool, m: &NewMeeting, by: i64, now: DateTime<Utc>) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO meetings (held_on, title, attendees, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(m.held_on)
    .bind(&m.title)
    .bind(&m.attendees)
    .bind(by)
    .bind(now)
    .fetch_one(pool)
    .await
}

const ROW: &str = "SELECT m.id, m.held_on, m.title, m.attendees,
        (SELECT COUNT(*) FROM meeting_decisions d WHERE d.meeting_id = m.id) AS decisions
    FROM meetings m";

type Row = (i64, NaiveDate, String, String, i64);

fn into_row((id, held_on, title, attendees, decisions): Row) -> MeetingRow {
    MeetingRow {
        id,
        held_on,
        title,
        attendees,
        decisions,
    }
}

pub async fn list(pool: &Pool) -> sqlx::Result<Vec<MeetingRow>> {
    let rows: Vec<Row> = crate::db::query_as(&format!(
        "{ROW} ORDER BY m.held_on DESC, m.id DESC LIMIT 60"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(into_row).collect())
}

pub async fn get(pool: &Pool, id: i64) -> sqlx::Result<Option<MeetingRow>> {
    let row: Option<Row> = crate::db::query_as(&format!("{ROW} WHERE m.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(into_row))
}

pub async fn exists(tx: &mut Tx, id: i64) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar("SELECT COUNT(*) FROM meetings WHERE id = $1")
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(n == 1)
}

pub async fn decide(
    tx: &mut Tx,
    meeting: i64,
    feedback: Option<&str>,
    item: Option<&str>,
    decision: &str,
    author: i64,
    at: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO meeting_decisions (meeting_id, feedback_id, item_id, decision, author_id, at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(meeting)
    .bind(feedback)
    .bind(item)
    .bind(decision)
    .bind(author)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct DecisionRow {
    at: DateTime<Utc>,
    author: String,
    decision: String,
    receipt: Option<String>,
    category: Option<String>,
    item_id: Option<String>,
    kind: Option<String>,
    title: Option<String>,
    owner: Option<String>,
    deadline: Option<NaiveDate>,
}

/// The decisions in the order they were taken; owner and deadline as the item has them now.
pub async fn decisions(pool: &Pool, meeting: i64) -> sqlx::Result<Vec<Decision>> {
    let rows: Vec<DecisionRow> = crate::db::query_as(
        "SELECT d.at, a.name AS author, d.decision, f.receipt, f.category, i.id AS item_id,
                i.kind, i.title, o.name AS owner, i.deadline
         FROM meeting_decisions d JOIN users a ON a.id = d.author_id
         LEFT JOIN feedback f ON f.id = d.feedback_id
         LEFT JOIN ledger_items i ON i.id = d.item_id
         LEFT JOIN users o ON o.id = i.owner_id
         WHERE d.meeting_id = $1 ORDER BY d.id",
    )
    .bind(meeting)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Decision {
            at: r.at,
            author: r.author,
            decision: r.decision,
            feedback: r
                .receipt
                .map(|c| ReceiptCode::parse(&c).map(|c| c.display()).unwrap_or(c))
                .zip(r.category.as_deref().and_then(Category::parse)),
            item: match (r.item_id, r.kind.as_deref().and_then(Kind::parse), r.title) {
                (Some(id), Some(kind), Some(title)) => Some((id, kind, title)),
                _ => None,
            },
            owner: r.owner,
            deadline: r.deadline,
        })
        .collect())
}

/// The days meetings were held in `[from, to]`, one entry per meeting.
pub async fn held_between(
    pool: &Pool,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> sqlx::Result<Vec<chrono::NaiveDate>> {
    crate::db::query_scalar("SELECT held_on FROM meetings WHERE held_on >= $1 AND held_on <= $2")
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await
}
