use super::model::*;
use crate::auth::password::PasswordHashString;
use crate::db::Pool;
use crate::model::Role;
use chrono::{DateTime, Utc};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    phone: String,
    name: String,
    title: String,
    unit: String,
    role: String,
    active: bool,
    post: String,
    duties: String,
}

impl From<Row> for UserView {
    fn from(r: Row) -> Self {
        UserView {
            id: r.id,
            phone: r.phone,
            name: r.name,
            title: r.title,
            unit: r.unit,
            role: Role::parse(&r.role).unwrap_or(Role::Cadre),
            active: r.active,
            post: Post::parse(&r.post).unwrap_or(Post::Liaison),
            duties: r.duties,
        }
    }
}

const COLUMNS: &str = "id, phone, name, title, unit, role, active, post, duties";

pub async fn list(pool: &Pool) -> sqlx::Result<Vec<UserView>> {
    let rows: Vec<Row> = crate::db::query_as(&format!(
        "SELECT {COLUMNS} FROM users ORDER BY active DESC, role, name"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn get(pool: &Pool, id: i64) -> sqlx::Result<Option<UserView>> {
    let row: Option<Row> =
        crate::db::query_as(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(Into::into))
}

pub async fn count(pool: &Pool) -> sqlx::Result<i64> {
    crate::db::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(pool)
        .await
}

pub async fn insert(
    pool: &Pool,
    p: &Profile,
    hash: &PasswordHashString,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO users (phone, name, title, unit, role, password_hash, active, created_at,
             post, duties)
         VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7, $8, $9) RETURNING id",
    )
    .bind(p.phone.as_str())
    .bind(&p.name)
    .bind(&p.title)
    .bind(&p.unit)
    .bind(p.role.code())
    .bind(&hash.0)
    .bind(now)
    .bind(p.post.code())
    .bind(&p.duties)
    .fetch_one(pool)
    .await
}

pub async fn update(pool: &Pool, id: i64, p: &Profile) -> sqlx::Result<bool> {
    let r = crate::db::query(
        "UPDATE users SET phone = $1, name = $2, title = $3, unit = $4, role = $5, post = $6,
             duties = $7
         WHERE id = $8",
    )
    .bind(p.phone.as_str())
    .bind(&p.name)
    .bind(&p.title)
    .bind(&p.unit)
    .bind(p.role.code())
    .bind(p.post.code())
    .bind(&p.duties)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Deactivating also ends every session of the account.
pub async fn set_active(pool: &Pool, id: i64, active: bool) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    let r = crate::db::query("UPDATE users SET active = $1 WHERE id = $2")
        .bind(active)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if !active {
        end_sessions(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(r.rows_affected() == 1)
}

/// A reset password ends every session of the account.
pub async fn set_password(pool: &Pool, id: i64, hash: &PasswordHashString) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    let r = crate::db::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(&hash.0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    end_sessions(&mut tx, id).await?;
    tx.commit().await?;
    Ok(r.rows_affected() == 1)
}

/// The account's own new password: every session but `keep` (a session id's hash) ends, in
/// the same transaction. How many ended.
pub async fn set_own_password(
    pool: &Pool,
    id: i64,
    hash: &PasswordHashString,
    keep: &str,
) -> sqlx::Result<u64> {
    let mut tx = pool.begin().await?;
    crate::db::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(&hash.0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let ended = crate::db::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(id)
        .bind(keep)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(ended)
}

async fn end_sessions(tx: &mut crate::db::Tx, user: i64) -> sqlx::Result<()> {
    crate::db::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The 整顿中 villages on whose liaison team the person currently serves: while any, the
/// person is not moved (三(二)1 一) until a leader has confirmed their departure.
pub async fn rectifying_teams(pool: &Pool, user: i64) -> sqlx::Result<Vec<String>> {
    crate::db::query_scalar(
        "SELECT v.name FROM team_members t JOIN villages v ON v.id = t.village_id
         WHERE t.user_id = $1 AND t.ended_on IS NULL AND v.rectifying = TRUE ORDER BY v.id",
    )
    .bind(user)
    .fetch_all(pool)
    .await
}
