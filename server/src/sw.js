// Shugen's service worker (DESIGN.md §4). It caches the app shell only: hashed assets, icons,
// the offline page and the HTML of the offline routes. It never answers anything but GET, so
// every write goes to the network (or stays in the phone's outbox). The cache names carry the
// build, so a new build starts clean and an old build's pages never meet the new WASM.
const VERSION = "__VERSION__";
const ASSETS = __ASSETS__;
// The pages marked offline in the route table (app/src/app.rs).
const PAGES = __PAGES__;
// Sent when storing the offline pages; the mark of a page served without the app.
const WORKER_HEADER = "__WORKER_HEADER__";
const PLAIN_HEADER = "__PLAIN_HEADER__";
const SHELL = "shugen-shell-" + VERSION;
const HTML = "shugen-pages-" + VERSION;
// On a slow link, a cached page after this long beats a blank screen.
const PATIENCE_MS = 6000;

// All or nothing: a worker that cannot store every shell file and every offline page does
// not install, and the one before it keeps serving (a deploy caught half-way, a dropped link,
// a session that ended). The browser tries again at the next check.
self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      try {
        await (await caches.open(SHELL)).addAll(ASSETS);
        // One after another, each read to its end at once: responses left unread while the
        // others arrive hold the browser's few connections to this origin, and with four
        // pages the install stalled for good.
        const pages = [];
        for (const p of PAGES) {
          const res = await fetch(p, {
            credentials: "same-origin",
            redirect: "manual",
            cache: "no-store",
            // Asked as the worker: a page served plain to a browser the server thinks lacks
            // this build (app/src/ui/plain.rs) comes as the app's, which works offline.
            headers: { [WORKER_HEADER]: "1" },
          });
          if (!res.ok) throw new Error(`${p}: ${res.status}`);
          const { status, statusText, headers } = res;
          pages.push([p, new Response(await res.blob(), { status, statusText, headers })]);
        }
        const html = await caches.open(HTML);
        for (const [p, res] of pages) await html.put(p, res);
      } catch (e) {
        await caches.delete(SHELL);
        await caches.delete(HTML);
        throw e;
      }
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const k of await caches.keys()) {
        if (k.startsWith("shugen-") && k !== SHELL && k !== HTML) await caches.delete(k);
      }
      await self.clients.claim();
    })(),
  );
});

// The page asks for this only when the user taps "update".
self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== location.origin) return;
  if (req.mode === "navigate") {
    event.respondWith(page(req, url));
  } else if (ASSETS.includes(url.pathname)) {
    event.respondWith(
      caches.match(url.pathname, { cacheName: SHELL }).then((hit) => hit || fetch(req)),
    );
  }
});

async function page(req, url) {
  const offline = PAGES.includes(url.pathname);
  const cached = offline ? await caches.match(url.pathname, { cacheName: HTML }) : undefined;
  const network = fetch(req).then((res) => {
    // A page served plain (the diary, to a browser the server thinks lacks this build)
    // shows now but is never the offline copy: that one must carry the app.
    if (offline && res.ok && !res.headers.has(PLAIN_HEADER)) {
      const copy = res.clone();
      caches.open(HTML).then((c) => c.put(url.pathname, copy));
    }
    return res;
  });
  const fallback = async () =>
    cached || (await caches.match("/offline.html", { cacheName: SHELL })) || Response.error();
  const late = new Promise((resolve) => setTimeout(resolve, PATIENCE_MS)).then(() =>
    cached ? cached : network,
  );
  try {
    return await Promise.race([network, late]);
  } catch (_) {
    return fallback();
  }
}
