// The phone's own storage: IndexedDB for drafts, the outbox, receipts and the offline pack,
// plus the few browser APIs Rust reaches through here. Values cross as JSON text so both
// sides stay plain; the Rust types in model.rs are the schema.
const NAME = "shugen";
// Version 2 added "photos" (photos.js): the bytes of photos not yet sent, keyed by photo id.
// Version 3 indexed the outbox by status, so the badge counts what waits without reading rows.
const VERSION = 3;
const STORES = ["drafts", "outbox", "sent", "households", "visits", "meta", "photos"];
let opening = null;

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(NAME, VERSION);
      req.onupgradeneeded = () => {
        for (const s of STORES) {
          if (!req.result.objectStoreNames.contains(s)) {
            req.result.createObjectStore(s, { keyPath: "id" });
          }
        }
        // A waiting row's status is the text "Waiting"; a refused one's is an object (its
        // reason), which is no valid key: the index holds the waiting rows only.
        const outbox = req.transaction.objectStore("outbox");
        if (!outbox.indexNames.contains("status")) outbox.createIndex("status", "status");
      };
      req.onsuccess = () => {
        // Another tab upgrading the schema: let it, and reopen next time.
        req.result.onversionchange = () => {
          req.result.close();
          opening = null;
        };
        // The browser closed the connection (storage pressure, Safari after a while in the
        // background): the next operation opens a new one.
        req.result.onclose = () => {
          opening = null;
        };
        resolve(req.result);
      };
      req.onerror = () => {
        opening = null;
        reject(req.error);
      };
      req.onblocked = () => {
        opening = null;
        reject(new DOMException("another tab holds the old database open", "BlockedError"));
      };
    });
  }
  return opening;
}

// Failures that a fresh connection cures: the connection was closed under us, or the
// transaction died with it. Anything else (full, private mode) is reported as it is.
const TRANSIENT = ["InvalidStateError", "TransactionInactiveError", "UnknownError", "AbortError"];

// Runs `op` on an open database; on a transient failure opens a new connection and tries
// again (three tries in all), then rejects naming the real cause: `Name: message`.
export async function withDb(op) {
  let last;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await op(await open());
    } catch (e) {
      last = e;
      opening = null;
      if (!(e && TRANSIENT.includes(e.name))) break;
    }
  }
  const name = (last && last.name) || "Error";
  throw new Error(`${name}: ${(last && last.message) || last}`);
}

export function done(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export async function all(store) {
  const rows = await withDb((db) => done(db.transaction(store).objectStore(store).getAll()));
  // One JSON text per row: Rust reads them one by one and skips any it cannot read.
  return JSON.stringify(rows.map((r) => JSON.stringify(r)));
}

// How many rows a store holds, as text; no row is read.
export async function count(store) {
  return String(await withDb((db) => done(db.transaction(store).objectStore(store).count())));
}

// The outbox's rows and how many of them wait, as text "total waiting": two counts in one
// transaction, no row read (a phone back from a week in the mountains holds thousands).
export async function outboxCounts() {
  return withDb((db) => {
    const outbox = db.transaction("outbox").objectStore("outbox");
    return Promise.all([done(outbox.count()), done(outbox.index("status").count("Waiting"))]);
  }).then(([total, waiting]) => `${total} ${waiting}`);
}

export async function get(store, key) {
  const row = await withDb((db) => done(db.transaction(store).objectStore(store).get(key)));
  return row === undefined ? null : JSON.stringify(row);
}

// Several puts and deletes over several stores in one transaction: all happen or none. It
// resolves once the browser has it on disk ("strict"), or, when `relaxed`, once it is
// committed (sooner: for writes the app can do again if a crash loses them).
export async function write(opsJson, relaxed) {
  const ops = JSON.parse(opsJson);
  const names = [...new Set(ops.map((o) => o.s))];
  if (names.length === 0) return;
  // The whole transaction is the unit retried: it either committed or changed nothing.
  await withDb(
    (db) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction(names, "readwrite", { durability: relaxed ? "relaxed" : "strict" });
        for (const o of ops) {
          const st = tx.objectStore(o.s);
          if ("put" in o) st.put(o.put);
          else if ("del" in o) st.delete(o.del);
          else if (o.clear) st.clear();
        }
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error || new DOMException("aborted", "AbortError"));
      }),
  );
}

// True in Safari on an iPhone or iPad outside the installed app: there the browser may clear
// this site's storage after seven days without a visit.
export function iosBrowserTab() {
  const ios = /iP(hone|ad|od)/.test(navigator.userAgent) ||
    (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  const installed = navigator.standalone === true ||
    (self.matchMedia && matchMedia("(display-mode: standalone)").matches);
  return ios && !installed;
}

// Logout and user switch: nothing of this user stays on the phone, including the cached
// pages (their HTML carries the user's name).
export async function wipe() {
  await write(JSON.stringify(STORES.map((s) => ({ s, clear: 1 }))), false);
  if (self.caches) {
    for (const k of await caches.keys()) {
      if (k.startsWith("shugen-pages-")) await caches.delete(k);
    }
  }
}

// RFC 9562 version 7: 48 bits of Unix milliseconds, then random bits.
export function uuid7() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  let ms = Date.now();
  for (let i = 5; i >= 0; i--) {
    b[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  b[6] = 0x70 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Asks the browser not to evict our storage; answers what it decided.
export async function persist() {
  if (!navigator.storage || !navigator.storage.persist) return "unsupported";
  if (await navigator.storage.persisted()) return "granted";
  return (await navigator.storage.persist()) ? "granted" : "denied";
}

export function locate() {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) return reject(new Error("unsupported"));
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve(
          JSON.stringify({
            lat: p.coords.latitude,
            lon: p.coords.longitude,
            accuracy_m: p.coords.accuracy,
          }),
        ),
      (e) => reject(e),
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 },
    );
  });
}

export function onOnline(callback) {
  addEventListener("online", () => callback());
}

let updating = false;

// Registers the service worker; `ready` is called when a new version has installed and waits.
// Nothing reloads until the user taps the prompt (applyUpdate).
export function registerWorker(ready) {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (updating) location.reload();
  });
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then((reg) => {
    // A browser that stubs workers out may resolve with nothing (Playwright's blocked
    // workers do): there is nothing to watch, and the page must not throw.
    if (!reg) return;
    const watch = (w) => {
      if (!w) return;
      w.addEventListener("statechange", () => {
        if (w.state === "installed" && navigator.serviceWorker.controller) ready();
      });
    };
    if (reg.waiting && navigator.serviceWorker.controller) ready();
    watch(reg.installing);
    reg.addEventListener("updatefound", () => watch(reg.installing));
  }, () => {});
}

// Whether a service worker controls this page: then it has stored every file of the site
// (a worker controls pages only once installed) and serves them with no network.
export function workerControls() {
  return !!(navigator.serviceWorker && navigator.serviceWorker.controller);
}

export async function applyUpdate() {
  const reg = await navigator.serviceWorker.getRegistration();
  if (reg && reg.waiting) {
    updating = true;
    reg.waiting.postMessage("skip-waiting");
  }
}
