// A page served plain (app/src/ui/plain.rs: sign-in, the diary in a browser without this
// build's app) runs no WASM. This does the little the app would have done there; the page
// works without it too.
(function () {
  var me = document.currentScript;
  // The language button names the other language (`data-lang`): remembered as the app
  // remembers it (the `lang` cookie), and the page drawn again in it.
  var buttons = document.querySelectorAll("button.lang[data-lang]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function (e) {
      document.cookie = "lang=" + e.currentTarget.getAttribute("data-lang") + "; Path=/; Max-Age=31536000; SameSite=Lax";
      location.reload();
    });
  }
  // A refused form comes back as this page with the error in its address (`__err`, the
  // server function's redirect to the Referer): the account typed (`autocomplete=username`,
  // nothing else) is put back. Kept for this tab only, two minutes at most, and removed at
  // the page's next load.
  var KEY = "shugen-typed:" + location.pathname;
  var KEPT = "input[name][autocomplete=username]";
  var store;
  try { store = window.sessionStorage; store.length; } catch (e) { store = null; }
  var kept = null;
  if (store) {
    try { kept = JSON.parse(store.getItem(KEY) || "null"); } catch (e) { kept = null; }
    store.removeItem(KEY);
  }
  var fresh = kept && Date.now() - kept.at < 120000 && /[?&]__err=/.test(location.search);
  var forms = document.querySelectorAll("form");
  for (var f = 0; f < forms.length; f++) {
    var form = forms[f];
    if (fresh) {
      var fields = form.querySelectorAll(KEPT);
      for (var j = 0; j < fields.length; j++) {
        if (!fields[j].value && kept.values[fields[j].name]) fields[j].value = kept.values[fields[j].name];
      }
      // The password is what to type again.
      var password = form.querySelector("input[type=password]");
      if (password) password.focus();
    }
    form.addEventListener("submit", function (e) {
      var t = e.currentTarget;
      // A second tap while the first is on its way sends nothing more; after 20 s without
      // an answer (a dropped link), the form can be sent again.
      if (t.getAttribute("aria-busy") === "true") { e.preventDefault(); return; }
      t.setAttribute("aria-busy", "true");
      setTimeout(function () { t.removeAttribute("aria-busy"); }, 20000);
      var d = {}, inputs = t.querySelectorAll(KEPT);
      for (var k = 0; k < inputs.length; k++) d[inputs[k].name] = inputs[k].value;
      if (store) { try { store.setItem(KEY, JSON.stringify({ at: Date.now(), values: d })); } catch (x) {} }
    });
  }
  // Back to this page from the next one, as the browser kept it: asked again, so a sign-in
  // since goes home and the form is fresh.
  window.addEventListener("pageshow", function (e) {
    if (e.persisted) location.reload();
  });
  // The page's names, from app/src/ui/plain.rs.
  var attr = function (name) { return (me && me.getAttribute(name)) || ""; };
  var build = attr("data-app-build"), cookie = attr("data-app-cookie");
  // The diary served plain draws the server's records; what waits on this phone to be sent
  // (its outbox) only the app can send. If the phone holds any, the page says so and, once
  // the app's files are here, opens again as the app. Asked without creating the database
  // (offline/store.js's "shugen"): a phone that has none stays without one. What was found
  // is `data-unsent-count`.
  var unsent = document.querySelector("[data-unsent]");
  var holds = false;
  function counted(n) {
    unsent.setAttribute("data-unsent-count", String(n));
    if (!n) return;
    holds = true;
    unsent.hidden = false;
    if (document.body.getAttribute("data-app-cached") === "true") reopen();
  }
  if (unsent) {
    try {
      var req = indexedDB.open("shugen");
      req.onupgradeneeded = function () { req.transaction.abort(); };
      req.onerror = function (e) { e.preventDefault(); counted(0); };
      req.onsuccess = function () {
        var db = req.result;
        if (!db.objectStoreNames.contains("outbox")) { db.close(); return counted(0); }
        var c = db.transaction("outbox", "readonly").objectStore("outbox").count();
        c.onsuccess = function () { db.close(); counted(c.result); };
        c.onerror = function () { db.close(); counted(0); };
      };
    } catch (e) { counted(0); }
  }
  // Opens the page again, as the app: only when the browser kept the cookie that tells the
  // server so (cookies refused would bring this page back, and again), and once a minute at
  // most (a server still answering plain, say two of them mid-update); never without a tab's
  // storage to remember that in.
  function reopen() {
    if (!store || !build || document.cookie.split("; ").indexOf(cookie + "=" + build) < 0) return;
    try {
      if (Date.now() - (Number(store.getItem("shugen-reopened")) || 0) < 60000) return;
      store.setItem("shugen-reopened", String(Date.now()));
    } catch (e) { return; }
    location.reload();
  }
  // A service worker of a build from before the diary could be served plain stores whatever
  // page comes as its offline copy: this one, without the app, had it come through such a
  // worker. Found in the worker's page caches (sw.js's "shugen-pages-…"), that copy is
  // replaced by the app's page, asked for as a worker asks at install (`data-worker-header`,
  // given on the pages workers store), once the app's files it needs are in the browser's
  // cache; `<body data-offline-mended>` says it was.
  function mendOfflineCopy() {
    var worker = attr("data-worker-header"), plain = attr("data-plain-header"), path = location.pathname;
    if (!worker || !window.caches || !navigator.serviceWorker || !navigator.serviceWorker.controller) {
      return Promise.resolve();
    }
    return caches.keys()
      .then(function (keys) {
        return Promise.all(keys.filter(function (k) { return k.indexOf("shugen-pages-") === 0; }).map(function (k) {
          return caches.open(k).then(function (c) {
            return c.match(path).then(function (hit) { return hit && hit.headers.has(plain) ? c : null; });
          });
        }));
      })
      .then(function (found) {
        var stale = found.filter(Boolean), headers = {};
        if (!stale.length) return;
        headers[worker] = "1";
        return fetch(path, { credentials: "same-origin", cache: "no-store", headers: headers }).then(function (res) {
          if (!res.ok || res.headers.has(plain)) return;
          return Promise.all(stale.map(function (c) { return c.put(path, res.clone()); })).then(function () {
            document.body.setAttribute("data-offline-mended", "true");
          });
        });
      })
      .catch(function () { /* the copy stays as it was; the next open tries again */ });
  }
  // Once the page has drawn, the app's files for the page after it come into the browser's
  // cache one after another, so the page after this one takes them from there. Nothing waits
  // on this; `<body data-app-cached>` says when all have come (`true`) or some could not
  // (`partial`: the page after fetches those itself). Either way the browser is then known
  // to hold this build's app (`shugen-app`, as the server sets it with the app's pages).
  var files = attr("data-app-files").split(" ").filter(Boolean);
  if (!window.fetch || !files.length) return;
  var missed = 0;
  window.addEventListener("load", function () {
    (function next() {
      var url = files.shift();
      if (!url) {
        if (build && cookie) document.cookie = cookie + "=" + build + "; Path=/; Max-Age=31536000; SameSite=Lax";
        return mendOfflineCopy().then(function () {
          document.body.setAttribute("data-app-cached", missed ? "partial" : "true");
          // Not with files missing: on a link that dropped, the page after a reload would be
          // the browser's error page instead of this one.
          if (holds && !missed) reopen();
        });
      }
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) missed++; return r.blob(); })
        .then(next, function () { missed++; next(); });
    })();
  });
})();
