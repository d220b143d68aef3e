// The app's scripts for a page served to paint first (app/src/ui/plain.rs's `paint_first`):
// the app's module is asked for once the page's first contentful paint has been shown, then
// hydrates the page as leptos's own `HydrationScripts` would. At once in a tab not shown
// (it paints nothing); after a frame where the browser cannot report paints; and after 3 s
// whatever happened, so the page never stays without its app.
(function () {
  var me = document.currentScript;
  var js = me.getAttribute("data-app-js"), wasm = me.getAttribute("data-app-wasm");
  var started = false;
  function hydrate() {
    if (started) return;
    started = true;
    import(js).then(function (mod) {
      return mod.default({ module_or_path: wasm }).then(function () { mod.hydrate(); });
    });
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
