use crate::db::Pool;
use chrono::{DateTime, SubsecRound, Utc};
use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};

/// One entry as it is chained: exactly the fields the hash covers.
#[derive(sqlx::FromRow)]
pub struct Link {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub role: Option<String>,
    pub action: String,
    pub object: String,
    pub result: String,
    pub prev_hash: String,
    pub hash: String,
}

/// SHA-256 over the previous hash and the entry, as a JSON array: unambiguous, and the time
/// as whole microseconds so it reads back the same from SQLite text and PostgreSQL.
pub fn chain_hash(link: &Link) -> String {
    let canonical = serde_json::json!([
        link.prev_hash,
        link.id,
        link.at.timestamp_micros(),
        link.user_id,
        link.role,
        link.action,
        link.object,
        link.result,
    ])
    .to_string();
    Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Appends an entry to the chain. Write transactions are one at a time (SQLite's single write
/// connection; PostgreSQL's write lock, across servers), so no two entries can claim the same
/// predecessor.
pub async fn insert(
    pool: &Pool,
    user_id: Option<i64>,
    role: Option<&str>,
    action: &str,
    object: &str,
    result: &str,
) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    let last: Option<(i64, String)> =
        crate::db::query_as("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_optional(&mut *tx)
            .await?;
    let (id, prev_hash) = last.map_or((1, String::new()), |(id, hash)| (id + 1, hash));
    let mut link = Link {
        id,
        at: crate::db::now().trunc_subsecs(6),
        user_id,
        role: role.map(str::to_string),
        action: action.to_string(),
        object: object.to_string(),
        result: result.to_string(),
        prev_hash,
        hash: String::new(),
    };
    link.hash = chain_hash(&link);
    crate::db::query(
        "INSERT INTO audit_log (id, at, user_id, role, action, object, result, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(link.id)
    .bind(link.at)
    .bind(link.user_id)
    .bind(&link.role)
    .bind(&link.action)
    .bind(&link.object)
    .bind(&link.result)
    .bind(&link.prev_hash)
    .bind(&link.hash)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// What walking the whole chain found.
#[derive(Debug, PartialEq, Eq)]
pub enum Chain {
    Intact {
        entries: u64,
        unchained: u64,
        head: String,
    },
    /// The first entry whose links do not hold, and why.
    Broken { id: i64, reason: &'static str },
}

/// Walks every entry in order, one row in memory at a time.
pub async fn verify(pool: &Pool) -> sqlx::Result<Chain> {
    let mut rows = crate::db::query_as::<Link>(
        "SELECT id, at, user_id, role, action, object, result, prev_hash, hash
         FROM audit_log ORDER BY id",
    )
    .fetch(pool);
    let (mut entries, mut unchained, mut head) = (0u64, 0u64, String::new());
    while let Some(link) = rows.try_next().await? {
        if link.hash.is_empty() {
            // Entries from before the chain existed come first, or not at all.
            if !head.is_empty() {
                return Ok(Chain::Broken {
                    id: link.id,
                    reason: "an unchained entry after the chain began",
                });
            }
            unchained += 1;
            continue;
        }
        if link.prev_hash != head {
            return Ok(Chain::Broken {
                id: link.id,
                reason:
                    "does not follow the entry before it (one was changed, removed or inserted)",
            });
        }
        if chain_hash(&link) != link.hash {
            return Ok(Chain::Broken {
                id: link.id,
                reason: "its contents do not match its hash (the entry was changed)",
            });
        }
        head = link.hash;
        entries += 1;
    }
    Ok(Chain::Intact {
        entries,
        unchained,
        head,
    })
}

/// The latest entries, newest first, with the actor's name.
pub async fn recent(pool: &Pool, limit: i64) -> sqlx::Result<Vec<super::model::AuditEntry>> {
    crate::db::query_as(
        "SELECT a.at, u.name AS user, a.role, a.action, a.object, a.result FROM audit_log a
         LEFT JOIN users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link() -> Link {
        Link {
            id: 7,
            at: DateTime::from_timestamp(1_790_000_000, 123_456_000).unwrap(),
            user_id: Some(3),
            role: Some("admin".into()),
            action: "reveal_id".into(),
            object: "member:12".into(),
            result: "ok".into(),
            prev_hash: "ab".into(),
            hash: String::new(),
        }
    }

    #[test]
    fn every_field_is_covered() {
        let base = chain_hash(&link());
        assert_eq!(base.len(), 64);
        let changes: [fn(&mut Link); 8] = [
            |l| l.id += 1,
            |l| l.at += chrono::Duration::microseconds(1),
            |l| l.user_id = None,
            |l| l.role = Some("leader".into()),
            |l| l.action = "login".into(),
            |l| l.object = "member:13".into(),
            |l| l.result = "failed".into(),
            |l| l.prev_hash = "ac".into(),
        ];
        for change in changes {
            let mut l = link();
            change(&mut l);
            assert_ne!(chain_hash(&l), base);
        }
    }

    #[test]
    fn fields_cannot_slide_into_each_other() {
        let mut a = link();
        a.action = "ab".into();
        a.object = "c".into();
        let mut b = link();
        b.action = "a".into();
        b.object = "bc".into();
        assert_ne!(chain_hash(&a), chain_hash(&b));
    }
}
