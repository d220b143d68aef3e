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
  // The diary served plain draws the server's records; what waits on this phone (drafts, the
  // outbox) only the app can show. If the phone holds any, the page says so and, once the
  // app's files are here, opens again as the app. Asked without creating the database: a
  // phone that has none stays without one.
  var build = me && me.getAttribute("data-app-build");
  var unsent = document.querySelector("[data-unsent]");
  var holds = false;
  if (unsent && window.indexedDB) {
    try {
      var req = indexedDB.open("shugen");
      req.onupgradeneeded = function () { req.transaction.abort(); };
      req.onerror = function (e) { e.preventDefault(); };
      req.onsuccess = function () {
        var db = req.result;
        var names = ["drafts", "outbox"].filter(function (n) { return db.objectStoreNames.contains(n); });
        if (!names.length) return db.close();
        var tx = db.transaction(names, "readonly"), n = 0;
        names.forEach(function (name) {
          var c = tx.objectStore(name).count();
          c.onsuccess = function () { n += c.result; };
        });
        tx.oncomplete = function () {
          db.close();
          if (!n) return;
          holds = true;
          unsent.hidden = false;
          if (document.body.hasAttribute("data-app-cached")) reopen();
        };
      };
    } catch (e) { /* no storage to ask: nothing waits on it */ }
  }
  // Opens the page again, as the app: only when the browser kept the cookie that tells the
  // server so (cookies refused would bring this page back, and again), and once a minute at
  // most (a server still answering plain, say mid-update).
  function reopen() {
    if (!build || document.cookie.split("; ").indexOf("shugen-app=" + build) < 0) return;
    try {
      var last = Number(store && store.getItem("shugen-reopened")) || 0;
      if (Date.now() - last < 60000) return;
      if (store) store.setItem("shugen-reopened", String(Date.now()));
    } catch (e) { return; }
    location.reload();
  }
  // Once the page has drawn, the app's files for the page after it come into the browser's
  // cache one after another, so the page after this one takes them from there. Nothing waits
  // on this; `<body data-app-cached>` says when all have come (`true`) or some could not
  // (`partial`: the page after fetches those itself). Either way the browser is then known
  // to hold this build's app (`shugen-app`, as the server sets it with the app's pages).
  var files = (me && me.getAttribute("data-app-files") || "").split(" ").filter(Boolean);
  if (!window.fetch || !files.length) return;
  var missed = 0;
  window.addEventListener("load", function () {
    (function next() {
      var url = files.shift();
      if (!url) {
        if (build) document.cookie = "shugen-app=" + build + "; Path=/; Max-Age=31536000; SameSite=Lax";
        document.body.setAttribute("data-app-cached", missed ? "partial" : "true");
        if (holds) reopen();
        return;
      }
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) missed++; return r.blob(); })
        .then(next, function () { missed++; next(); });
    })();
  });
})();
