use crate::db::Pool;

pub async fn insert(
    pool: &Pool,
    user_id: Option<i64>,
    role: Option<&str>,
    action: &str,
    object: &str,
    result: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, role, action, object, result)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(crate::db::now())
    .bind(user_id)
    .bind(role)
    .bind(action)
    .bind(object)
    .bind(result)
    .execute(pool)
    .await?;
    Ok(())
}

/// The latest entries, newest first, with the actor's name.
pub async fn recent(pool: &Pool, limit: i64) -> sqlx::Result<Vec<super::api::AuditEntry>> {
    sqlx::query_as(
        "SELECT a.at, u.name AS user, a.role, a.action, a.object, a.result FROM audit_log a
         LEFT JOIN users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
}
