// A page served plain (the route table's `plain` section: sign-in) runs no WASM when opened
// cold. This does the little the app would have done there, and works without it too.
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
  // A refused form comes back as this page with the error in its address (`__err`): what was
  // typed in it (passwords aside) is put back. Kept for this tab only, and only until then.
  var KEY = "shugen-typed:" + location.pathname;
  var store;
  try { store = window.sessionStorage; store.length; } catch (e) { store = null; }
  var forms = document.querySelectorAll("form");
  for (var f = 0; f < forms.length; f++) {
    var form = forms[f];
    var kept = null;
    if (store) {
      try { kept = JSON.parse(store.getItem(KEY) || "null"); } catch (e) { kept = null; }
      store.removeItem(KEY);
    }
    var fields = form.querySelectorAll("input[name]:not([type=password]):not([type=hidden])");
    if (kept && /[?&]__err=/.test(location.search)) {
      for (var j = 0; j < fields.length; j++) {
        if (!fields[j].value && kept[fields[j].name]) fields[j].value = kept[fields[j].name];
      }
      // The password is what to type again.
      var password = form.querySelector("input[type=password]");
      if (password) password.focus();
    }
    form.addEventListener("submit", function (e) {
      var t = e.currentTarget, d = {}, inputs = t.querySelectorAll("input[name]:not([type=password]):not([type=hidden])");
      for (var k = 0; k < inputs.length; k++) d[inputs[k].name] = inputs[k].value;
      if (store) { try { store.setItem(KEY, JSON.stringify(d)); } catch (x) {} }
      // A second tap while the first is on its way sends nothing more.
      if (t.getAttribute("aria-busy") === "true") { e.preventDefault(); return; }
      t.setAttribute("aria-busy", "true");
    });
  }
  // Back to this page from the next one: the form can be sent again.
  window.addEventListener("pageshow", function () {
    for (var f = 0; f < forms.length; f++) forms[f].removeAttribute("aria-busy");
  });
  // Once the page has drawn, the app's files for the page after it come into the browser's
  // cache one after another, so the page after sign-in starts at once. Nothing waits on this;
  // `<body data-app-cached>` says when all have come.
  var files = (me && me.getAttribute("data-app-files") || "").split(" ").filter(Boolean);
  if (!window.fetch || !files.length) return;
  window.addEventListener("load", function () {
    (function next() {
      var url = files.shift();
      if (!url) return document.body.setAttribute("data-app-cached", "true");
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.blob(); })
        .then(next, function () {});
    })();
  });
})();
