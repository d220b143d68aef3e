//! What the villagers' card pages show, kept briefly in memory (one per server). Card pages
//! are read far more often than cards change; several servers drop their copies together on
//! the database's notice (`cards::db`).
use super::model::{CardView, Contacts};

#[derive(Clone)]
pub(crate) enum Found {
    Active(Box<CardView>, Contacts),
    Stopped(Contacts),
}

/// Card pages are read far more often than cards change (every scan of every printed card):
/// what a token shows is kept a few seconds and dropped at once when the office changes a
/// card or the contact lines. A cadre's profile edit shows within `CACHE_FOR`.
#[derive(Default)]
pub struct CardCache {
    entries: std::sync::RwLock<std::collections::HashMap<String, (std::time::Instant, Found)>>,
    /// Bumped by every `clear`: a read that began before a change is not cached after it.
    generation: std::sync::atomic::AtomicU64,
}

const CACHE_FOR: std::time::Duration = std::time::Duration::from_secs(10);
/// Unknown tokens are cached too; this bounds what random ones can fill.
const CACHE_MAX: usize = 10_000;

impl CardCache {
    pub fn clear(&self) {
        let mut map = self.entries.write().unwrap_or_else(|p| p.into_inner());
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        map.clear();
    }

    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub(crate) fn get(&self, token: &str) -> Option<Found> {
        let map = self.entries.read().unwrap_or_else(|p| p.into_inner());
        map.get(token)
            .filter(|(at, _)| at.elapsed() < CACHE_FOR)
            .map(|(_, f)| f.clone())
    }

    pub(crate) fn put(&self, token: &str, found: &Found, read_at: u64) {
        let mut map = self.entries.write().unwrap_or_else(|p| p.into_inner());
        if self.generation() != read_at {
            return;
        }
        if map.len() >= CACHE_MAX {
            map.clear();
        }
        map.insert(
            token.to_string(),
            (std::time::Instant::now(), found.clone()),
        );
    }
}
