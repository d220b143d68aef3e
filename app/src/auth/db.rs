//! Credentials and sessions. The users table is managed by `users`; auth only reads the
//! columns it needs to sign someone in.
use super::model::CurrentUser;
use super::password::PasswordHashString;
use crate::db::Pool;
use crate::model::Role;
use chrono::{DateTime, Utc};

pub struct Credentials {
    pub user: CurrentUser,
    pub hash: PasswordHashString,
    pub active: bool,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    name: String,
    title: String,
    role: String,
    phone: String,
    password_hash: String,
    active: bool,
}

impl UserRow {
    fn into_credentials(self) -> Option<Credentials> {
        let role = Role::parse(&self.role)?;
        Some(Credentials {
            user: CurrentUser {
                id: self.id,
                name: self.name,
                title: self.title,
                role,
                phone: self.phone,
            },
            hash: PasswordHashString(self.password_hash),
            active: self.active,
        })
    }
}

pub async fn credentials_by_phone(pool: &Pool, phone: &str) -> sqlx::Result<Option<Credentials>> {
    let row: Option<UserRow> = crate::db::query_as(
        "SELECT id, name, title, role, phone, password_hash, active FROM users WHERE phone = $1",
    )
    .bind(phone)
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(UserRow::into_credentials))
}

/// The phone (the lockout key) and password hash of an active account.
pub async fn password_of(
    pool: &Pool,
    user: i64,
) -> sqlx::Result<Option<(String, PasswordHashString)>> {
    let row: Option<(String, String)> =
        crate::db::query_as("SELECT phone, password_hash FROM users WHERE id = $1 AND active = $2")
            .bind(user)
            .bind(true)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(phone, hash)| (phone, PasswordHashString(hash))))
}

pub async fn create_session(
    pool: &Pool,
    id_hash: &str,
    user_id: i64,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at)
         VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(id_hash)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(pool)
    .await?;
    Ok(())
}

pub struct SessionRow {
    pub user: CurrentUser,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct SessionJoin {
    id: i64,
    name: String,
    title: String,
    role: String,
    phone: String,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

/// The session's user, if the session exists and the account is active.
pub async fn session_user(pool: &Pool, id_hash: &str) -> sqlx::Result<Option<SessionRow>> {
    let row: Option<SessionJoin> = crate::db::query_as(
        "SELECT u.id, u.name, u.title, u.role, u.phone, s.last_seen_at, s.expires_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id_hash = $1 AND u.active = TRUE",
    )
    .bind(id_hash)
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|r| {
        Some(SessionRow {
            user: CurrentUser {
                id: r.id,
                name: r.name,
                title: r.title,
                role: Role::parse(&r.role)?,
                phone: r.phone,
            },
            last_seen_at: r.last_seen_at,
            expires_at: r.expires_at,
        })
    }))
}

pub async fn touch_session(pool: &Pool, id_hash: &str, now: DateTime<Utc>) -> sqlx::Result<()> {
    crate::db::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
        .bind(now)
        .bind(id_hash)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn delete_session(pool: &Pool, id_hash: &str) -> sqlx::Result<()> {
    crate::db::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends every session of `user` but the one hashed `keep`; how many ended.
pub async fn delete_other_sessions(pool: &Pool, user: i64, keep: &str) -> sqlx::Result<u64> {
    let r = crate::db::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(user)
        .bind(keep)
        .execute(pool)
        .await?;
    Ok(r.rows_affected())
}

/// One throttle window (`auth::throttle`): its key, when it opened, uses counted since.
#[derive(sqlx::FromRow)]
pub struct ThrottleWindow {
    pub key: String,
    pub started_at: DateTime<Utc>,
    pub count: i64,
}

/// The windows of `keys` opened after `since` (older ones have closed).
pub async fn throttle_windows<'c>(
    db: impl crate::db::Executor<'c>,
    keys: &[String],
    since: DateTime<Utc>,
) -> sqlx::Result<Vec<ThrottleWindow>> {
    let mut qb = crate::db::QueryBuilder::new(
        "SELECT key, started_at, count FROM throttles WHERE started_at > ",
    );
    qb.push_bind(since)
        .push(" AND key IN ")
        .push_list(keys.iter().cloned());
    qb.build_query_as().fetch_all(db).await
}

/// Counts one use of `key`, atomically: a window closed at `since` starts again at `now`.
pub async fn throttle_count(
    tx: &mut crate::db::Tx,
    key: &str,
    now: DateTime<Utc>,
    since: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO throttles (key, started_at, count) VALUES ($1, $2, 1)
         ON CONFLICT (key) DO UPDATE SET
             count = CASE WHEN throttles.started_at > $3 THEN throttles.count + 1 ELSE 1 END,
             started_at = CASE WHEN throttles.started_at > $3 THEN throttles.started_at ELSE $2 END",
    )
    .bind(key)
    .bind(now)
    .bind(since)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Forgets windows that closed at `before`.
pub async fn throttle_forget(tx: &mut crate::db::Tx, before: DateTime<Utc>) -> sqlx::Result<()> {
    crate::db::query("DELETE FROM throttles WHERE started_at <= $1")
        .bind(before)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn throttle_clear(pool: &Pool, key: &str) -> sqlx::Result<()> {
    crate::db::query("DELETE FROM throttles WHERE key = $1")
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}
