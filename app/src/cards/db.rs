//! The cards' and the programme contacts' SQL.
use super::model::*;
use crate::db::{Pool, Tx};
use chrono::{DateTime, Utc};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    token: String,
    cadre_id: i64,
    cadre: String,
    title: String,
    unit: String,
    phone: String,
    post: String,
    duties: String,
    promise: String,
    active: bool,
    issued_at: DateTime<Utc>,
    printed_at: Option<DateTime<Utc>>,
}

impl From<Row> for CardView {
    fn from(r: Row) -> Self {
        CardView {
            id: r.id,
            token: r.token,
            cadre_id: r.cadre_id,
            cadre: r.cadre,
            title: r.title,
            unit: r.unit,
            phone: r.phone,
            post: crate::users::model::Post::parse(&r.post)
                .unwrap_or(crate::users::model::Post::Liaison),
            duties: r.duties,
            promise: r.promise,
            active: r.active,
            issued_at: r.issued_at,
            printed_at: r.printed_at,
        }
    }
}

const COLUMNS: &str = "c.id, c.token, c.cadre_id, u.name AS cadre, u.title, u.unit, u.phone,
    u.post, c.duties, c.promise, c.active, c.issued_at, c.printed_at
    FROM cards c JOIN users u ON u.id = c.cadre_id";

/// Active cards first, then by cadre and issue time.
pub async fn list(pool: &Pool) -> sqlx::Result<Vec<CardView>> {
    let rows: Vec<Row> = crate::db::query_as(&format!(
        "SELECT {COLUMNS} ORDER BY c.active DESC, u.name, c.issued_at"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn active(pool: &Pool) -> sqlx::Result<Vec<CardView>> {
    let rows: Vec<Row> = crate::db::query_as(&format!(
        "SELECT {COLUMNS} WHERE c.active = TRUE ORDER BY u.unit, u.name, c.issued_at"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn get(pool: &Pool, id: i64) -> sqlx::Result<Option<CardView>> {
    let row: Option<Row> = crate::db::query_as(&format!("SELECT {COLUMNS} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(Into::into))
}

/// The card a token names, active or not; None when no card ever had it.
pub async fn by_token(pool: &Pool, token: &CardToken) -> sqlx::Result<Option<CardView>> {
    let row: Option<Row> = crate::db::query_as(&format!("SELECT {COLUMNS} WHERE c.token = $1"))
        .bind(token.as_str())
        .fetch_optional(pool)
        .await?;
    Ok(row.map(Into::into))
}

pub async fn token_of(pool: &Pool, card: i64) -> sqlx::Result<Option<(String, bool)>> {
    crate::db::query_as("SELECT token, active FROM cards WHERE id = $1")
        .bind(card)
        .fetch_optional(pool)
        .await
}

/// Inserts a card; the UNIQUE token constraint refuses a token ever used before.
pub async fn insert(
    pool: &Pool,
    token: &CardToken,
    cadre: i64,
    duties: &str,
    promise: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO cards (token, cadre_id, duties, promise, active, issued_at)
         VALUES ($1, $2, $3, $4, TRUE, $5) RETURNING id",
    )
    .bind(token.as_str())
    .bind(cadre)
    .bind(duties)
    .bind(promise)
    .bind(now)
    .fetch_one(pool)
    .await
}

pub async fn revoke(pool: &Pool, id: i64, now: DateTime<Utc>) -> sqlx::Result<bool> {
    let r = crate::db::query(
        "UPDATE cards SET active = FALSE, revoked_at = $2 WHERE id = $1 AND active = TRUE",
    )
    .bind(id)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn update_text(pool: &Pool, id: i64, duties: &str, promise: &str) -> sqlx::Result<bool> {
    let r = crate::db::query("UPDATE cards SET duties = $2, promise = $3 WHERE id = $1")
        .bind(id)
        .bind(duties)
        .bind(promise)
        .execute(pool)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Hands every active card of one cadre to another; tokens stay as printed.
pub async fn transfer(tx: &mut Tx, from: i64, to: i64) -> sqlx::Result<u64> {
    let r =
        crate::db::query("UPDATE cards SET cadre_id = $2 WHERE cadre_id = $1 AND active = TRUE")
            .bind(from)
            .bind(to)
            .execute(&mut **tx)
            .await?;
    Ok(r.rows_affected())
}

pub async fn mark_printed(pool: &Pool, now: DateTime<Utc>) -> sqlx::Result<u64> {
    let r = crate::db::query("UPDATE cards SET printed_at = $1 WHERE active = TRUE")
        .bind(now)
        .execute(pool)
        .await?;
    Ok(r.rows_affected())
}

pub async fn active_tokens(pool: &Pool) -> sqlx::Result<Vec<(String, String)>> {
    crate::db::query_as(
        "SELECT c.token, u.name FROM cards c JOIN users u ON u.id = c.cadre_id
         WHERE c.active = TRUE ORDER BY u.name, c.issued_at",
    )
    .fetch_all(pool)
    .await
}

const KEYS: [&str; 8] = [
    "bureau",
    "office_phone",
    "leader_name",
    "leader_phone",
    "town",
    "town_phone",
    "promise",
    "reply_days",
];

pub async fn contacts(pool: &Pool) -> sqlx::Result<Contacts> {
    let rows: Vec<(String, String)> = crate::db::query_as("SELECT key, value FROM settings")
        .fetch_all(pool)
        .await?;
    let get = |k: &str| {
        rows.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    Ok(Contacts {
        bureau: get(KEYS[0]),
        office_phone: get(KEYS[1]),
        leader_name: get(KEYS[2]),
        leader_phone: get(KEYS[3]),
        town: get(KEYS[4]),
        town_phone: get(KEYS[5]),
        promise: get(KEYS[6]),
        reply_days: get(KEYS[7]),
        leadership: leadership(pool).await?,
    })
}

/// Whether user `id` may hold a card: an active cadre or leader, not the office.
pub async fn may_hold(pool: &Pool, id: i64) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar(
        "SELECT COUNT(*) FROM users WHERE id = $1 AND active = TRUE AND role <> $2",
    )
    .bind(id)
    .bind(crate::model::Role::Admin.code())
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// The bureau's active leaders (director, deputies, the discipline inspector, in that order)
/// and the town's leadership, for the card page.
async fn leadership(pool: &Pool) -> sqlx::Result<Vec<LeaderLine>> {
    let bureau: Vec<(String, String, String, String, String)> = crate::db::query_as(
        "SELECT name, title, post, phone, duties FROM users
         WHERE active = TRUE AND post IN ('director', 'deputy', 'discipline')
         ORDER BY CASE post WHEN 'director' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, id",
    )
    .fetch_all(pool)
    .await?;
    let town: Vec<(String, String, String, String)> = crate::db::query_as(
        "SELECT name, town || post, phone, duties FROM town_leaders
         WHERE active = TRUE ORDER BY town, sort, id",
    )
    .fetch_all(pool)
    .await?;
    let mut lines: Vec<LeaderLine> = bureau
        .into_iter()
        .map(|(name, title, post, phone, duties)| LeaderLine {
            bureau: true,
            name,
            post: if title.trim().is_empty() {
                crate::users::model::Post::parse(&post)
                    .map(|p| p.label().text(crate::i18n::Locale::Zh).to_string())
                    .unwrap_or_default()
            } else {
                title
            },
            phone,
            duties,
        })
        .collect();
    lines.extend(
        town.into_iter()
            .map(|(name, post, phone, duties)| LeaderLine {
                bureau: false,
                name,
                post,
                phone,
                duties,
            }),
    );
    Ok(lines)
}

pub async fn set_contacts(pool: &Pool, c: &Contacts, now: DateTime<Utc>) -> sqlx::Result<()> {
    let values = [
        &c.bureau,
        &c.office_phone,
        &c.leader_name,
        &c.leader_phone,
        &c.town,
        &c.town_phone,
        &c.promise,
        &c.reply_days,
    ];
    let mut tx = pool.begin().await?;
    for (k, v) in KEYS.iter().zip(values) {
        crate::db::query(
            "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(k)
        .bind(v)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// The channel on which servers sharing a PostgreSQL database tell each other that what the
/// card pages show has changed (each keeps its own short cache, `cards::public::CardCache`).
const CHANGED: &str = "shugen_cards";

/// Tells the other servers that card pages changed. Nothing to tell with SQLite: one server.
pub async fn announce_change(db: &crate::db::Db) -> sqlx::Result<()> {
    if let Some(pool) = db.postgres() {
        sqlx::query("SELECT pg_notify($1, '')")
            .bind(CHANGED)
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// Calls `on_change` whenever another server announces a change, and whenever the listening
/// connection was lost (what was announced meanwhile is unknown). Runs for the life of the
/// server; returns at once with SQLite.
pub async fn follow_changes(db: crate::db::Db, on_change: impl Fn() + Send + 'static) {
    let Some(pool) = db.postgres().cloned() else {
        return;
    };
    loop {
        match sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(mut listener) => {
                if let Err(e) = listener.listen(CHANGED).await {
                    tracing::warn!(error = %e, "cannot listen for card changes");
                } else {
                    on_change();
                    // `None`: the connection dropped; the next call reconnects.
                    while let Ok(n) = listener.try_recv().await {
                        on_change();
                        if n.is_none() {
                            tracing::warn!("card change listener reconnecting");
                        }
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot listen for card changes"),
        }
        on_change();
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}
