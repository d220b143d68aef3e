//! Login throttling per account and per client address, and the villagers' feedback limits.
//! In memory: a restart forgets failures, which is acceptable on one server; a multi-server
//! setup moves it to the database.
//!
//! A shared address (a training room, a service day's Wi-Fi, a carrier's NAT) is many people:
//! its limit only ever holds back accounts that have failed themselves, never a correct
//! password on a clean account (see `auth::api::login`).
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed in the window before the key is locked out for the rest of it.
pub const ACCOUNT_LIMIT: u32 = 5;
/// Failures from one address after which accounts that have failed from it are held back.
pub const IP_LIMIT: u32 = 30;
/// Failures from one address after which every account is held back: ten times a training
/// room's worth, so only a password spray over many accounts reaches it.
pub const IP_CEILING: u32 = 300;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, Window>>,
}

struct Window {
    started: Instant,
    count: u32,
}

impl Throttle {
    /// `Some(minutes)` to wait when any key is over its limit.
    pub fn check(&self, keys: &[(&str, u32)]) -> Option<u32> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        map.retain(|_, w| now.duration_since(w.started) < WINDOW);
        wait(&map, keys, now)
    }

    pub fn fail(&self, keys: &[&str]) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        for key in keys {
            let w = map.entry(key.to_string()).or_insert(Window {
                started: now,
                count: 0,
            });
            w.count += 1;
        }
    }

    /// Counts one use of every key unless one of them is already at its limit, in one step:
    /// parallel requests cannot all pass the check before any of them is counted.
    /// `Some(minutes)` to wait when refused (nothing is counted then).
    pub fn try_take(&self, keys: &[(&str, u32)]) -> Option<u32> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        map.retain(|_, w| now.duration_since(w.started) < WINDOW);
        let wait = wait(&map, keys, now);
        if wait.is_none() {
            for (key, _) in keys {
                map.entry(key.to_string())
                    .or_insert(Window {
                        started: now,
                        count: 0,
                    })
                    .count += 1;
            }
        }
        wait
    }

    /// Failures counted against `key` in the current window.
    pub fn failures(&self, key: &str) -> u32 {
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key)
            .filter(|w| w.started.elapsed() < WINDOW)
            .map_or(0, |w| w.count)
    }

    /// A successful login clears the account's count, not the address's.
    pub fn succeed(&self, account_key: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(account_key);
    }
}

/// Minutes to wait for the longest-locked key at or over its limit; `None` when none is.
fn wait(map: &HashMap<String, Window>, keys: &[(&str, u32)], now: Instant) -> Option<u32> {
    keys.iter()
        .filter_map(|(key, limit)| {
            let w = map.get(*key)?;
            (w.count >= *limit).then(|| {
                let left = WINDOW.saturating_sub(now.duration_since(w.started));
                (left.as_secs() / 60 + 1) as u32
            })
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_limit_and_success_clears() {
        let t = Throttle::default();
        for _ in 0..ACCOUNT_LIMIT {
            assert_eq!(t.check(&[("a", ACCOUNT_LIMIT)]), None);
            t.fail(&["a", "ip"]);
        }
        let wait = t.check(&[("a", ACCOUNT_LIMIT)]).unwrap();
        assert!((1..=15).contains(&wait));
        assert_eq!(t.check(&[("b", ACCOUNT_LIMIT)]), None);
        t.succeed("a");
        assert_eq!(t.check(&[("a", ACCOUNT_LIMIT)]), None);
    }

    #[test]
    fn try_take_counts_and_refuses_in_one_step() {
        let t = Throttle::default();
        assert_eq!(t.try_take(&[("x", 2)]), None);
        assert_eq!(t.try_take(&[("x", 2)]), None);
        assert!(t
            .try_take(&[("x", 2)])
            .is_some_and(|m| (1..=15).contains(&m)));
        assert_eq!(t.try_take(&[("y", 2)]), None);
        // Refused on one key: the other is not counted either.
        assert!(t.try_take(&[("z", 5), ("x", 2)]).is_some());
        assert_eq!(t.failures("z"), 0);
        assert_eq!(t.try_take(&[("z", 1), ("w", 5)]), None);
        assert_eq!((t.failures("z"), t.failures("w")), (1, 1));
    }
}
