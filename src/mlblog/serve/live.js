// Injected by `mlblog serve` into HTML responses (never into public/): live reload and
// an overlay for failed builds. Events come from /__mlblog/events (serve/reload.py), through
// live-worker.js where the browser has shared workers.
(function () {
  "use strict";
  var version = document.currentScript.dataset.version;  // "<server run>-<build number>"
  var page = document.currentScript.dataset.page;  // output name; "" for a 404
  var overlay = null;
  var SEARCH_INDEX = "search.json";  // site_files.SEARCH_FILE
  function show(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "mlblog-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = [
        "position:fixed", "inset:0", "z-index:2147483647", "overflow:auto", "padding:2rem",
        "background:rgba(20,0,0,.92)", "color:#ffd7d7", "font:14px/1.5 ui-monospace,monospace",
      ].join(";");
      document.body.appendChild(overlay);
    }
    var served = /-0$/.test(version)  // version N-0: no build has succeeded yet
      ? "No site has been built yet."
      : "The last good site is still served.";
    overlay.innerHTML = "<strong style='font-size:16px;color:#fff'>mlblog: build failed</strong>" +
      "<p>" + served + " Fix the file and save; this message goes away.</p><pre></pre>";
    overlay.querySelector("pre").textContent = text;
    overlay.querySelector("pre").style.whiteSpace = "pre-wrap";
  }
  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  // Whether a build after this page's own changed it: an author with five posts open
  // who edits one sees that one reload, and keeps their place in the other four.
  // state.changes: build number -> output names of the pages it changed (null: all).
  function changed(state) {
    var mine = version.split("-"), now = state.version.split("-");
    if (mine[0] !== now[0]) return true;  // a new server run: nothing is known
    for (var n = Number(mine[1]) + 1; n <= Number(now[1]); n++) {
      var names = state.changes[n];
      if (names === undefined || names === null) return true;  // forgotten, or every page
      if (!page || names.indexOf(page) >= 0) return true;
    }
    return false;
  }
  // Whether a build after this page's made a new search index (changed.py names it among
  // the pages): search.js then loads it again, should this page have loaded the old one.
  function newIndex(state) {
    var mine = Number(version.split("-")[1]), now = Number(state.version.split("-")[1]);
    for (var n = mine + 1; n <= now; n++) {
      var names = state.changes[n];
      if (names && names.indexOf(SEARCH_INDEX) >= 0) return true;
    }
    return false;
  }
  function news(data) {
    var state = JSON.parse(data);
    if (state.error) { show(state.error); return; }
    var mine = version.split("-"), now = state.version.split("-");
    if (mine[0] === now[0] && Number(now[1]) <= Number(mine[1])) return;  // not newer
    if (changed(state)) { location.reload(); return; }
    if (newIndex(state)) document.dispatchEvent(new CustomEvent("mlblog:search-index"));
    version = state.version;  // this page is that build's too
    hide();
  }
  if (window.SharedWorker) {  // one stream for all open pages (live-worker.js)
    var worker = new SharedWorker("/__mlblog/live-worker.js");
    worker.port.onmessage = function (message) { news(message.data); };
    worker.port.start();
  } else {
    new EventSource("/__mlblog/events").addEventListener("state", function (message) {
      news(message.data);
    });
  }
})();
