// The app's scripts for a page served to paint first (app/src/ui/plain.rs's `paint_first`):
// the app's module is asked for once the page's first contentful paint has been shown, and
// hydrates the page, as leptos's own `HydrationScripts` would, once the document has been
// parsed (a paint can come mid-parse; leptos's module script ran after parsing). Asked for at
// once in a tab not shown (it paints nothing), after a frame where the browser cannot report
// paints, and after 3 s whatever happened. Lost on the way (the link dropped after the
// paint), it is asked for again when the browser is back online, or in 10 s: the page stays
// as the server drew it meanwhile, and what is typed there is kept for the app (`ui/typed.rs`).
(function () {
  var me = document.currentScript;
  var js = me.getAttribute("data-app-js"), wasm = me.getAttribute("data-app-wasm");
  var started = false;
  // Until the app has come a form the app sends itself (one with no `action`) would post
  // itself as a GET, its text in the address and the page reloaded empty: held until then.
  document.addEventListener("submit", function (e) {
    if (!document.body.hasAttribute("data-hydrated") && !e.target.hasAttribute("action")) e.preventDefault();
  }, true);
  function parsed(run) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
    else run();
  }
  function again() {
    started = false;
    window.addEventListener("online", hydrate, { once: true });
    setTimeout(hydrate, 10000);
  }
  function hydrate() {
    if (started) return;
    started = true;
    // Fetched before it is imported: a browser remembers a module whose fetch failed and
    // would refuse every import of it after (whatwg/html#6768).
    fetch(js, { credentials: "same-origin" })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return import(js);
      })
      .then(function (mod) {
        return mod.default({ module_or_path: wasm }).then(function () { return mod; });
      })
      .then(function (mod) {
        parsed(function () { mod.hydrate(); });
      }, again);
  }
  var types = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
  if (document.visibilityState === "hidden") {
    hydrate();
  } else if (types.indexOf("paint") >= 0) {
    new PerformanceObserver(function (list, observer) {
      if (!list.getEntriesByName("first-contentful-paint").length) return;
      observer.disconnect();
      hydrate();
    }).observe({ type: "paint", buffered: true });
    setTimeout(hydrate, 3000);
  } else {
    requestAnimationFrame(function () { setTimeout(hydrate, 0); });
  }
})();
