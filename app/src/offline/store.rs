//! Typed access to the phone's IndexedDB (store.js). In the server build these are stubs
//! that fail: they only ever run in the browser, from effects and event handlers.
use serde::de::DeserializeOwned;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    Drafts,
    Outbox,
    Sent,
    Households,
    Visits,
    Meta,
}

impl Store {
    fn name(self) -> &'static str {
        match self {
            Store::Drafts => "drafts",
            Store::Outbox => "outbox",
            Store::Sent => "sent",
            Store::Households => "households",
            Store::Visits => "visits",
            Store::Meta => "meta",
        }
    }
}

/// The phone's storage failed (full, blocked, or private mode without IndexedDB), after
/// store.js has reopened the database and retried what a new connection cures. The text is
/// the browser's own `Name: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalError(pub String);

impl LocalError {
    /// What to tell the cadre: the real cause by the browser's error name.
    pub fn msg(&self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        let name = self.0.split(':').next().unwrap_or_default();
        if name.contains("QuotaExceeded") {
            Msg::ErrStorageFull
        } else if name.contains("Security") || name.contains("NotAllowed") {
            Msg::ErrStorageBlocked
        } else if name.contains("Blocked") || name.contains("VersionError") {
            Msg::ErrStorageOtherTab
        } else if name.contains("InvalidState")
            || name.contains("Unknown")
            || name.contains("Abort")
        {
            Msg::ErrStorageClosed
        } else {
            Msg::ErrLocalStorage
        }
    }
}

#[cfg(feature = "hydrate")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/offline/store.js")]
    extern "C" {
        #[wasm_bindgen(catch)]
        pub async fn all(store: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch)]
        pub async fn count(store: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch, js_name = outboxCounts)]
        pub async fn outbox_counts() -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch)]
        pub async fn get(store: &str, key: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch)]
        pub async fn write(ops: &str, relaxed: bool) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch)]
        pub async fn wipe() -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch)]
        pub async fn persist() -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch)]
        pub async fn locate() -> Result<JsValue, JsValue>;
        pub fn uuid7() -> String;
        #[wasm_bindgen(js_name = onOnline)]
        pub fn on_online(callback: &Closure<dyn FnMut()>);
        #[wasm_bindgen(js_name = registerWorker)]
        pub fn register_worker(ready: &Closure<dyn FnMut()>);
        #[wasm_bindgen(js_name = workerControls)]
        pub fn worker_controls() -> bool;
        #[wasm_bindgen(catch, js_name = applyUpdate)]
        pub async fn apply_update() -> Result<JsValue, JsValue>;
        #[wasm_bindgen(js_name = iosBrowserTab)]
        pub fn ios_browser_tab() -> bool;
    }
}

/// A JS answer as text, if it is one; a rejection as its message (store.js's carry the
/// browser's error name in it, `Name: message`, which `LocalError::msg` reads).
#[cfg(feature = "hydrate")]
pub(super) fn text(
    r: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>,
) -> Result<Option<String>, LocalError> {
    r.map(|v| v.as_string()).map_err(|e| {
        LocalError(
            js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_else(|| format!("{e:?}")),
        )
    })
}

#[cfg(not(feature = "hydrate"))]
pub(super) fn browser_only<T>() -> Result<T, LocalError> {
    Err(LocalError("browser only".into()))
}

async fn raw_all(store: Store) -> Result<String, LocalError> {
    #[cfg(feature = "hydrate")]
    return Ok(text(js::all(store.name()).await)?.unwrap_or_else(|| "[]".into()));
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = store;
        browser_only()
    }
}

async fn raw_get(store: Store, key: &str) -> Result<Option<String>, LocalError> {
    #[cfg(feature = "hydrate")]
    return text(js::get(store.name(), key).await);
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (store, key);
        browser_only()
    }
}

/// Every row of a store. A row this build cannot read (damaged, or left by another version)
/// is skipped rather than failing the rest: one bad record never blocks the others.
pub async fn all<T: DeserializeOwned>(store: Store) -> Result<Vec<T>, LocalError> {
    let raw = raw_all(store).await?;
    // Each row arrives as its own JSON text (store.js), so rows are read one by one.
    let rows: Vec<String> = serde_json::from_str(&raw).map_err(|e| LocalError(e.to_string()))?;
    Ok(rows
        .iter()
        .filter_map(|r| serde_json::from_str(r).ok())
        .collect())
}

/// How many rows a store holds, readable by this build or not (IndexedDB's `count`: no row
/// is read, where [`all`] reads and parses every one; a phone back from a long trip holds
/// thousands, and every sync asks before it fetches the pack).
pub async fn count(store: Store) -> Result<usize, LocalError> {
    #[cfg(feature = "hydrate")]
    // An answer that is not a number is an error, never "no rows": sign-out wipes on zero.
    return text(js::count(store.name()).await)?
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| LocalError(format!("count of {}: not a number", store.name())));
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = store;
        browser_only()
    }
}

/// The outbox's rows, readable by this build or not, and how many of them wait to be pushed:
/// `(total, waiting)`, from IndexedDB's counts over the store and its status index (no row is
/// read). The rest need the cadre's attention (refused by the server, or unreadable).
pub async fn outbox_counts() -> Result<(usize, usize), LocalError> {
    #[cfg(feature = "hydrate")]
    return text(js::outbox_counts().await)?
        .and_then(|t| {
            let (total, waiting) = t.split_once(' ')?;
            Some((total.parse().ok()?, waiting.parse().ok()?))
        })
        .ok_or_else(|| LocalError("outbox counts: not two numbers".into()));
    #[cfg(not(feature = "hydrate"))]
    browser_only()
}

pub async fn get<T: DeserializeOwned>(store: Store, key: &str) -> Result<Option<T>, LocalError> {
    Ok(raw_get(store, key)
        .await?
        .and_then(|s| serde_json::from_str(&s).ok()))
}

/// Puts, deletes and clears over several stores, committed as one transaction. The operations
/// are written as JSON text directly (no `serde_json::Value`, which would cost the phone WASM).
/// A commit waits until the browser has the transaction on disk, unless `relaxed`.
#[derive(Default)]
pub struct Batch {
    ops: Vec<String>,
    relaxed: bool,
}

impl Batch {
    pub fn new() -> Self {
        Self::default()
    }

    fn op(mut self, store: Store, verb: &str, json: Option<String>) -> Self {
        if let Some(json) = json {
            self.ops
                .push(format!(r#"{{"s":"{}","{verb}":{json}}}"#, store.name()));
        }
        self
    }

    pub fn put<T: Serialize>(self, store: Store, row: &T) -> Self {
        self.op(store, "put", serde_json::to_string(row).ok())
    }

    pub fn delete<K: Serialize>(self, store: Store, key: K) -> Self {
        self.op(store, "del", serde_json::to_string(&key).ok())
    }

    pub fn clear(self, store: Store) -> Self {
        self.op(store, "clear", Some("1".into()))
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// Commits without waiting for the disk (IndexedDB's `relaxed` durability): only for
    /// writes the phone can do again if a crash loses them, never for the only copy of what
    /// the user typed.
    pub fn relaxed(mut self) -> Self {
        self.relaxed = true;
        self
    }

    pub async fn commit(self) -> Result<(), LocalError> {
        let ops = format!("[{}]", self.ops.join(","));
        #[cfg(feature = "hydrate")]
        return text(js::write(&ops, self.relaxed).await).map(|_| ());
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = ops;
            browser_only()
        }
    }
}

/// Clears every store and the cached pages.
pub async fn wipe() -> Result<(), LocalError> {
    #[cfg(feature = "hydrate")]
    return text(js::wipe().await).map(|_| ());
    #[cfg(not(feature = "hydrate"))]
    browser_only()
}

/// A new record id: UUIDv7 from the phone's clock and random bits.
pub fn new_id() -> String {
    #[cfg(feature = "hydrate")]
    return js::uuid7();
    #[cfg(not(feature = "hydrate"))]
    String::new()
}

/// "granted", "denied" or "unsupported".
pub async fn request_persistence() -> Result<String, LocalError> {
    #[cfg(feature = "hydrate")]
    return Ok(text(js::persist().await)?.unwrap_or_default());
    #[cfg(not(feature = "hydrate"))]
    browser_only()
}

/// The phone's position, when the cadre allows it.
pub async fn locate() -> Result<crate::visits::model::Gps, LocalError> {
    #[cfg(feature = "hydrate")]
    let raw = text(js::locate().await)?.unwrap_or_default();
    #[cfg(not(feature = "hydrate"))]
    let raw: String = browser_only()?;
    serde_json::from_str(&raw).map_err(|e| LocalError(e.to_string()))
}

/// Hands `f` to JavaScript for the life of the page.
#[cfg(feature = "hydrate")]
fn keep(f: impl FnMut() + 'static, give: fn(&wasm_bindgen::closure::Closure<dyn FnMut()>)) {
    let c = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(f);
    give(&c);
    c.forget();
}

/// Calls `f` on every `online` event, for the life of the page.
pub fn on_online(f: impl FnMut() + 'static) {
    #[cfg(feature = "hydrate")]
    keep(f, js::on_online);
    #[cfg(not(feature = "hydrate"))]
    let _ = f;
}

/// Registers the service worker; `ready` runs when a new version waits to take over.
pub fn register_worker(ready: impl FnMut() + 'static) {
    #[cfg(feature = "hydrate")]
    keep(ready, js::register_worker);
    #[cfg(not(feature = "hydrate"))]
    let _ = ready;
}

/// Whether a service worker controls this page, and so has every file of the site stored and
/// serves it with no network (a worker controls pages only once installed). False on the
/// server, and on a phone's first visit until the worker has installed and taken over.
#[cfg(feature = "hydrate")]
pub fn worker_controls() -> bool {
    js::worker_controls()
}

#[cfg(not(feature = "hydrate"))]
pub fn worker_controls() -> bool {
    false
}

/// Lets the waiting version take over; the page reloads when it has.
pub async fn apply_update() {
    #[cfg(feature = "hydrate")]
    let _ = js::apply_update().await;
}

/// `?household=ID` on an offline form preselects that household (links from lists).
pub fn household_in_query() -> Option<i64> {
    query_param("household").and_then(|v| v.parse().ok())
}

/// `?village=ID` on the village-record form preselects that village (the village page's link).
pub fn village_in_query() -> Option<i64> {
    query_param("village").and_then(|v| v.parse().ok())
}

/// The receipt a new diary entry corrects (`?amends=`), letters and digits only.
pub fn amends_in_query() -> Option<String> {
    query_param("amends")
        .map(|v| {
            v.chars()
                .filter(char::is_ascii_alphanumeric)
                .take(16)
                .collect::<String>()
        })
        .filter(|v| !v.is_empty())
}

fn query_param(name: &str) -> Option<String> {
    let search = leptos::prelude::window().location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
        .map(str::to_string)
}

/// When a UUIDv7 record id was made: its first 48 bits are Unix milliseconds.
pub fn id_time(id: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let hex: String = id.chars().filter(|c| *c != '-').take(12).collect();
    let ms = i64::from_str_radix(&hex, 16).ok()?;
    chrono::DateTime::from_timestamp_millis(ms)
}

/// Safari on an iPhone or iPad, not the app added to the home screen: unsent records there
/// may be cleared after seven days without a visit. Read after hydration only.
pub fn ios_browser_tab() -> bool {
    #[cfg(feature = "hydrate")]
    return js::ios_browser_tab();
    #[cfg(not(feature = "hydrate"))]
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Msg;

    #[test]
    fn storage_failures_name_their_cause() {
        let m = |s: &str| LocalError(s.into()).msg();
        assert_eq!(
            m("QuotaExceededError: the quota has been exceeded"),
            Msg::ErrStorageFull
        );
        assert_eq!(
            m("InvalidStateError: The database connection is closing."),
            Msg::ErrStorageClosed
        );
        assert_eq!(m("UnknownError: Internal error"), Msg::ErrStorageClosed);
        assert_eq!(m("SecurityError: access denied"), Msg::ErrStorageBlocked);
        assert_eq!(m("BlockedError: another tab"), Msg::ErrStorageOtherTab);
        assert_eq!(m("browser only"), Msg::ErrLocalStorage);
    }
}
