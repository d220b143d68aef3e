//! Feedback's SQL.
use super::model::*;
use crate::db::{Pool, Tx};
use chrono::{DateTime, Utc};

/// A stored item's identity, for telling a retry from a second version.
pub struct Stored {
    pub content_hash: String,
    pub receipt: String,
    pub received_at: DateTime<Utc>,
}

pub async fn find(tx: &mut Tx, id: &str) -> sqlx::Result<Option<Stored>> {
    let row: Option<(String, String, DateTime<Utc>)> = crate::db::query_as(
        "SELECT content_hash, receipt, received_at FROM feedback WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|(content_hash, receipt, received_at)| Stored {
        content_hash,
        receipt,
        received_at,
    }))
}

pub struct NewFeedback<'a> {
    pub id: &'a str,
    pub receipt: &'a ReceiptCode,
    pub body: &'a FeedbackBody,
    pub channel: Channel,
    pub card_id: Option<i64>,
    pub cadre_id: Option<i64>,
    pub household_id: Option<i64>,
    pub content_hash: &'a str,
    pub submitted_at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
}

/// Inserts unless the id or the receipt exists; false when nothing was inserted.
pub async fn insert(tx: &mut Tx, n: &NewFeedback<'_>) -> sqlx::Result<bool> {
    let r = crate::db::query(
        "INSERT INTO feedback (id, receipt, category, content, name, phone, channel, card_id,
             cadre_id, household_id, content_hash, status, submitted_at, received_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'new', $12, $13, $13)
         ON CONFLICT DO NOTHING",
    )
    .bind(n.id)
    .bind(n.receipt.as_str())
    .bind(n.body.category.code())
    .bind(&n.body.content)
    .bind(n.body.name.as_deref().unwrap_or(""))
    .bind(n.body.phone.as_ref().map(|p| p.as_str()).unwrap_or(""))
    .bind(n.channel.code())
    .bind(n.card_id)
    .bind(n.cadre_id)
    .bind(n.household_id)
    .bind(n.content_hash)
    .bind(n.submitted_at)
    .bind(n.received_at)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn insert_conflict(
    tx: &mut Tx,
    id: &str,
    cadre_id: i64,
    payload: &str,
    received_at: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO feedback_conflicts (feedback_id, cadre_id, payload, received_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(cadre_id)
    .bind(payload)
    .bind(received_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    receipt: String,
    category: String,
    channel: String,
    status: String,
    content: String,
    cadre: Option<String>,
    household: Option<String>,
    received_at: DateTime<Utc>,
}

impl Row {
    fn into_row(self) -> FeedbackRow {
        let excerpt: String = self.content.chars().take(60).collect();
        FeedbackRow {
            category: Category::parse(&self.category).unwrap_or(Category::Income),
            channel: Channel::parse(&self.channel).unwrap_or(Channel::Card),
            status: Status::parse(&self.status).unwrap_or(Status::New),
            id: self.id,
            receipt: ReceiptCode::parse(&self.receipt)
                .map(|r| r.display())
                .unwrap_or(self.receipt),
            excerpt,
            cadre: self.cadre,
            household: self.household,
            received_at: self.received_at,
        }
    }
}

const ROW_SELECT: &str = "f.id, f.receipt, f.category, f.channel, f.status, f.content,
    u.name AS cadre, h.head_name AS household, f.received_at";
const ROW_FROM: &str = "FROM feedback f LEFT JOIN users u ON u.id = f.cadre_id
    LEFT JOIN households h ON h.id = f.household_id";

/// Who is asking: the office sees everything; a leader everything but conduct complaints
/// about themselves (leaders hold cards too); a cadre what concerns them, less those.
#[derive(Clone, Copy)]
pub enum Scope {
    All,
    Leader(i64),
    Cadre(i64),
}

fn push_scope(qb: &mut crate::db::QueryBuilder<'_>, scope: Scope) {
    match scope {
        Scope::All => {
            qb.push(" WHERE 1 = 1");
        }
        Scope::Leader(id) => {
            qb.push(" WHERE (f.category <> ");
            qb.push_bind(Category::Conduct.code());
            qb.push(" OR f.cadre_id IS NULL OR f.cadre_id <> ");
            qb.push_bind(id);
            qb.push(")");
        }
        Scope::Cadre(id) => {
            qb.push(" WHERE f.cadre_id = ");
            qb.push_bind(id);
            qb.push(" AND f.category <> ");
            qb.push_bind(Category::Conduct.code());
        }
    }
}

/// The filters but the status. A village holds an item through its household, or, when the
/// item names none (a villager's card form), through the households its cadre serves there.
fn push_filter(qb: &mut crate::db::QueryBuilder<'_>, f: &InboxFilter) {
    if let Some(c) = f.category {
        qb.push(" AND f.category = ");
        qb.push_bind(c.code());
    }
    if let Some(v) = f.village {
        qb.push(
            " AND (f.household_id IN (SELECT h1.id FROM households h1
                JOIN village_groups g1 ON g1.id = h1.group_id WHERE g1.village_id = ",
        );
        qb.push_bind(v);
        qb.push(
            ") OR (f.household_id IS NULL AND f.cadre_id IN (SELECT hc.user_id
                FROM household_cadres hc JOIN households h2 ON h2.id = hc.household_id
                JOIN village_groups g2 ON g2.id = h2.group_id WHERE g2.village_id = ",
        );
        qb.push_bind(v);
        qb.push(")))");
    }
    // Beijing days, both ends included: [from 00:00, to + 1 day 00:00) at UTC+8.
    let start = crate::ui::time::day_start;
    if let Some(d) = f.from {
        qb.push(" AND f.received_at >= ");
        qb.push_bind(start(d));
    }
    if let Some(d) = f.to {
        qb.push(" AND f.received_at < ");
        qb.push_bind(start(d + chrono::Duration::days(1)));
    }
    if !f.q.is_empty() {
        let like = format!(
            "%{}%",
            f.q.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        // LOWER on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
        qb.push(" AND (LOWER(f.content) LIKE LOWER(");
        qb.push_bind(like.clone());
        qb.push(") ESCAPE '\\' OR LOWER(h.head_name) LIKE LOWER(");
        qb.push_bind(like);
        qb.push(")");
        qb.push(" ESCAPE '\\' OR f.receipt = ");
        qb.push_bind(
            ReceiptCode::parse(&f.q)
                .map(|r| r.as_str().to_string())
                .unwrap_or_default(),
        );
        qb.push(")");
    }
}

/// Newest first, narrowed by `filter`; the counts per status under the other filters.
pub async fn inbox(pool: &Pool, scope: Scope, filter: &InboxFilter) -> sqlx::Result<Inbox> {
    let mut qb = crate::db::QueryBuilder::new(format!("SELECT {ROW_SELECT} {ROW_FROM}"));
    push_scope(&mut qb, scope);
    push_filter(&mut qb, filter);
    if let Some(s) = filter.status {
        qb.push(" AND f.status = ");
        qb.push_bind(s.code());
    }
    qb.push(" ORDER BY f.received_at DESC, f.id LIMIT 500");
    let rows: Vec<Row> = qb.build_query_as().fetch_all(pool).await?;
    let mut qb = crate::db::QueryBuilder::new(
        "SELECT f.status, COUNT(*) FROM feedback f LEFT JOIN households h ON h.id = f.household_id",
    );
    push_scope(&mut qb, scope);
    push_filter(&mut qb, filter);
    qb.push(" GROUP BY f.status");
    let counts: Vec<(String, i64)> = qb.build_query_as().fetch_all(pool).await?;
    Ok(Inbox {
        rows: rows.into_iter().map(Row::into_row).collect(),
        counts: counts
            .into_iter()
            .filter_map(|(s, n)| Some((Status::parse(&s)?, n)))
            .collect(),
        reply_days: 0,
        today: None,
    })
}

/// How many items wait to be accepted (待受理) in `scope`.
pub async fn waiting(pool: &Pool, scope: Scope) -> sqlx::Result<i64> {
    let mut qb = crate::db::QueryBuilder::new("SELECT COUNT(*) FROM feedback f");
    push_scope(&mut qb, scope);
    qb.push(" AND f.status = ");
    qb.push_bind(Status::New.code());
    qb.build_query_scalar().fetch_one(pool).await
}

/// One item and who it concerns, for the scope check.
pub async fn detail(pool: &Pool, id: &str) -> sqlx::Result<Option<(FeedbackDetail, Option<i64>)>> {
    #[derive(sqlx::FromRow)]
    struct Full {
        #[sqlx(flatten)]
        row: Row,
        name: String,
        phone: String,
        household_id: Option<i64>,
        cadre_id: Option<i64>,
        submitted_at: DateTime<Utc>,
    }
    let full: Option<Full> = crate::db::query_as(&format!(
        "SELECT {ROW_SELECT}, f.name, f.phone, f.household_id, f.cadre_id, f.submitted_at
         {ROW_FROM} WHERE f.id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(f) = full else {
        return Ok(None);
    };
    let detail = FeedbackDetail {
        content: f.row.content.clone(),
        row: f.row.into_row(),
        name: f.name,
        phone: f.phone,
        household_id: f.household_id,
        submitted_at: f.submitted_at,
        replies: replies(pool, id, false).await?,
    };
    Ok(Some((detail, f.cadre_id)))
}

/// What an item is about and whom it concerns: enough for the scope check.
pub async fn concern(pool: &Pool, id: &str) -> sqlx::Result<Option<(Category, Option<i64>)>> {
    let row: Option<(String, Option<i64>)> =
        crate::db::query_as("SELECT category, cadre_id FROM feedback WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(c, cadre)| (Category::parse(&c).unwrap_or(Category::Income), cadre)))
}

async fn replies(pool: &Pool, id: &str, public_only: bool) -> sqlx::Result<Vec<Reply>> {
    let rows: Vec<(String, String, String, bool, DateTime<Utc>)> = crate::db::query_as(
        "SELECT u.name, r.status, r.body, r.public, r.at FROM feedback_replies r
         JOIN users u ON u.id = r.author_id
         WHERE r.feedback_id = $1 AND (r.public = TRUE OR $2 = FALSE) ORDER BY r.at, r.id",
    )
    .bind(id)
    .bind(public_only)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(author, status, body, public, at)| Reply {
            author,
            status: Status::parse(&status).unwrap_or(Status::New),
            body,
            public,
            at,
        })
        .collect())
}

/// The receipt page's view; None for a code never issued.
pub async fn public_status(pool: &Pool, code: &ReceiptCode) -> sqlx::Result<Option<PublicStatus>> {
    type Head = (String, String, String, DateTime<Utc>, Option<String>);
    let row: Option<Head> = crate::db::query_as(
        "SELECT f.id, f.category, f.status, f.received_at, c.token FROM feedback f
         LEFT JOIN cards c ON c.id = f.card_id AND c.active = TRUE WHERE f.receipt = $1",
    )
    .bind(code.as_str())
    .fetch_optional(pool)
    .await?;
    let Some((id, category, status, received_at, card_token)) = row else {
        return Ok(None);
    };
    let mut replies = replies(pool, &id, true).await?;
    // The office's names stay inside the office.
    for r in &mut replies {
        r.author.clear();
    }
    Ok(Some(PublicStatus {
        receipt: code.display(),
        category: Category::parse(&category).unwrap_or(Category::Income),
        status: Status::parse(&status).unwrap_or(Status::New),
        received_at,
        card_token,
        replies,
    }))
}

pub async fn reply(
    pool: &Pool,
    id: &str,
    author: i64,
    status: Status,
    body: &str,
    public: bool,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    if !reply_in(&mut tx, id, author, status, body, public, now).await? {
        return Ok(false);
    }
    tx.commit().await?;
    Ok(true)
}

/// [`reply`] inside the caller's transaction (`shugen generate` writes thousands in one).
/// False when no form has that id.
pub async fn reply_in(
    tx: &mut Tx,
    id: &str,
    author: i64,
    status: Status,
    body: &str,
    public: bool,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let r = crate::db::query("UPDATE feedback SET status = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(status.code())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    if r.rows_affected() != 1 {
        return Ok(false);
    }
    crate::db::query(
        "INSERT INTO feedback_replies (feedback_id, author_id, status, body, public, at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(author)
    .bind(status.code())
    .bind(body)
    .bind(public)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// What triage needs of an item: its words, household, category, whom it concerns, status.
pub struct ForTriage {
    pub content: String,
    /// Who sent it, when they said: the item's owner calls them back.
    pub contact: String,
    pub household_id: Option<i64>,
    pub category: Category,
    pub cadre_id: Option<i64>,
    pub status: Status,
}

pub async fn for_triage(tx: &mut Tx, id: &str) -> sqlx::Result<Option<ForTriage>> {
    type Row = (String, String, Option<i64>, String, Option<i64>, String);
    let row: Option<Row> = crate::db::query_as(
        "SELECT content, TRIM(name || ' ' || phone), household_id, category, cadre_id, status
         FROM feedback WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(
        |(content, contact, household_id, category, cadre_id, status)| ForTriage {
            content,
            contact,
            household_id,
            category: Category::parse(&category).unwrap_or(Category::Income),
            cadre_id,
            status: Status::parse(&status).unwrap_or(Status::New),
        },
    ))
}

/// Classified and accepted at the meeting, with a public line for the villager's receipt page.
pub async fn triage(
    tx: &mut Tx,
    id: &str,
    category: Category,
    author: i64,
    body: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let r = crate::db::query(
        "UPDATE feedback SET category = $2, status = 'accepted', updated_at = $3
         WHERE id = $1 AND status = 'new'",
    )
    .bind(id)
    .bind(category.code())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if r.rows_affected() != 1 {
        return Ok(false);
    }
    crate::db::query(
        "INSERT INTO feedback_replies (feedback_id, author_id, status, body, public, at)
         VALUES ($1, $2, 'accepted', $3, TRUE, $4)",
    )
    .bind(id)
    .bind(author)
    .bind(body)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// Replies written in `[from, to)` per author: (author, replies).
pub async fn replies_by_author(
    pool: &Pool,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> sqlx::Result<Vec<(i64, i64)>> {
    crate::db::query_as(
        "SELECT author_id, COUNT(*) FROM feedback_replies WHERE at >= $1 AND at < $2
         GROUP BY author_id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}
