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
