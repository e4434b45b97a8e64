// Injected by `mlblog serve` into HTML responses (never into public/): live reload and
// an overlay for failed builds. Events come from /__mlblog/events (serve/reload.py), through
// live-worker.js where the browser has shared workers.
(function () {
  "use strict";
  var version = document.currentScript.dataset.version;
  var overlay = null;
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
      "<p>" + served + " Fix the file and save; this page reloads.</p><pre></pre>";
    overlay.querySelector("pre").textContent = text;
    overlay.querySelector("pre").style.whiteSpace = "pre-wrap";
  }
  function news(data) {
    var state = JSON.parse(data);
    if (state.error) { show(state.error); return; }
    if (state.version !== version) { location.reload(); }
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
