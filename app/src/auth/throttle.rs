//! Login throttling per account and per client address, and the villagers' feedback limits.
//! Counted in the database (`throttles`), so every server behind a load balancer sees the
//! same counts and a restart forgets nothing; each window is one row, counted by an atomic
//! upsert.
//!
//! A shared address (a training room, a service day's Wi-Fi, a carrier's NAT) is many people:
//! its limit only ever holds back accounts that have failed themselves, never a correct
//! password on a clean account (see `auth::api::login`).
use super::db;
use crate::db::Db;
use chrono::{DateTime, Utc};
use std::time::Duration;

/// Failures allowed in the window before the key is locked out for the rest of it.
pub const ACCOUNT_LIMIT: u32 = 5;
/// Failures from one address after which accounts that have failed from it are held back.
pub const IP_LIMIT: u32 = 30;
/// Failures from one address after which every account is held back: ten times a training
/// room's worth, so only a password spray over many accounts reaches it.
pub const IP_CEILING: u32 = 300;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// One set of counters (`login`, `feedback`): keys of different scopes never meet.
#[derive(Clone, Debug)]
pub struct Throttle {
    db: Db,
    scope: &'static str,
}

fn window() -> chrono::Duration {
    chrono::Duration::from_std(WINDOW).unwrap_or_else(|_| chrono::Duration::minutes(15))
}

impl Throttle {
    pub fn new(db: Db, scope: &'static str) -> Self {
        Throttle { db, scope }
    }

    fn key(&self, key: &str) -> String {
        format!("{}/{key}", self.scope)
    }

    /// `Some(minutes)` to wait when any key is over its limit.
    pub async fn check(&self, keys: &[(&str, u32)]) -> sqlx::Result<Option<u32>> {
        let now = crate::db::now();
        let names: Vec<String> = keys.iter().map(|(k, _)| self.key(k)).collect();
        let open = db::throttle_windows(self.db.read(), &names, now - window()).await?;
        Ok(self.wait(&open, keys, now))
    }

    /// Counts one failure against every key.
    pub async fn fail(&self, keys: &[&str]) -> sqlx::Result<()> {
        let now = crate::db::now();
        let mut tx = self.db.begin().await?;
        for key in keys {
            db::throttle_count(&mut tx, &self.key(key), now, now - window()).await?;
        }
        db::throttle_forget(&mut tx, now - window()).await?;
        tx.commit().await
    }

    /// Counts one use of every key unless one of them is already at its limit, in one write
    /// transaction: parallel requests, on this server or another, cannot all pass the check
    /// before any of them is counted. `Some(minutes)` to wait when refused (nothing is
    /// counted then).
    pub async fn try_take(&self, keys: &[(&str, u32)]) -> sqlx::Result<Option<u32>> {
        let now = crate::db::now();
        let since = now - window();
        let names: Vec<String> = keys.iter().map(|(k, _)| self.key(k)).collect();
        let mut tx = self.db.begin().await?;
        let open = db::throttle_windows(&mut *tx, &names, since).await?;
        let wait = self.wait(&open, keys, now);
        if wait.is_none() {
            for name in &names {
                db::throttle_count(&mut tx, name, now, since).await?;
            }
            db::throttle_forget(&mut tx, since).await?;
            tx.commit().await?;
        }
        Ok(wait)
    }

    /// Failures counted against `key` in the current window.
    pub async fn failures(&self, key: &str) -> sqlx::Result<u32> {
        let now = crate::db::now();
        let open = db::throttle_windows(self.db.read(), &[self.key(key)], now - window()).await?;
        Ok(open
            .first()
            .map_or(0, |w| u32::try_from(w.count).unwrap_or(u32::MAX)))
    }

    /// A successful login clears the account's count, not the address's.
    pub async fn succeed(&self, account_key: &str) -> sqlx::Result<()> {
        db::throttle_clear(self.db.write(), &self.key(account_key)).await
    }

    /// Minutes to wait for the longest-locked key at or over its limit; `None` when none is.
    fn wait(
        &self,
        open: &[db::ThrottleWindow],
        keys: &[(&str, u32)],
        now: DateTime<Utc>,
    ) -> Option<u32> {
        keys.iter()
            .filter_map(|(key, limit)| {
                let name = self.key(key);
                let w = open.iter().find(|w| w.key == name)?;
                (w.count >= i64::from(*limit)).then(|| {
                    let left = (w.started_at + window() - now).num_seconds().max(0);
                    (left / 60 + 1) as u32
                })
            })
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn throttle(name: &str) -> Throttle {
        let path =
            std::env::temp_dir().join(format!("shugen-throttle-{name}-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let db = Db::connect(&format!("sqlite:{}", path.display()))
            .await
            .unwrap();
        Throttle::new(db, "test")
    }

    #[tokio::test]
    async fn locks_after_limit_and_success_clears() {
        let t = throttle("limit").await;
        for _ in 0..ACCOUNT_LIMIT {
            assert_eq!(t.check(&[("a", ACCOUNT_LIMIT)]).await.unwrap(), None);
            t.fail(&["a", "ip"]).await.unwrap();
        }
        let wait = t.check(&[("a", ACCOUNT_LIMIT)]).await.unwrap().unwrap();
        assert!((1..=15).contains(&wait));
        assert_eq!(t.check(&[("b", ACCOUNT_LIMIT)]).await.unwrap(), None);
        t.succeed("a").await.unwrap();
        assert_eq!(t.check(&[("a", ACCOUNT_LIMIT)]).await.unwrap(), None);
        assert_eq!(t.failures("ip").await.unwrap(), ACCOUNT_LIMIT);
        // Another scope's counters are its own.
        let other = Throttle::new(t.db.clone(), "other");
        assert_eq!(other.failures("ip").await.unwrap(), 0);
    }

    #[tokio::test]
    async fn try_take_counts_and_refuses_in_one_step() {
        let t = throttle("take").await;
        assert_eq!(t.try_take(&[("x", 2)]).await.unwrap(), None);
        assert_eq!(t.try_take(&[("x", 2)]).await.unwrap(), None);
        assert!(t
            .try_take(&[("x", 2)])
            .await
            .unwrap()
            .is_some_and(|m| (1..=15).contains(&m)));
        assert_eq!(t.try_take(&[("y", 2)]).await.unwrap(), None);
        // Refused on one key: the other is not counted either.
        assert!(t.try_take(&[("z", 5), ("x", 2)]).await.unwrap().is_some());
        assert_eq!(t.failures("z").await.unwrap(), 0);
        assert_eq!(t.try_take(&[("z", 1), ("w", 5)]).await.unwrap(), None);
        assert_eq!(
            (
                t.failures("z").await.unwrap(),
                t.failures("w").await.unwrap()
            ),
            (1, 1)
        );
    }
}
