// Theme toggle (remembered), copy buttons on code blocks, inline formulas kept within a
// phone's column. Nothing here is needed to read.
(function () {
  "use strict";
  var root = document.documentElement;
  function currentTheme() {
    if (root.dataset.theme) return root.dataset.theme;
    return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".theme-toggle");
    if (toggle) {
      // "Dark mode" pressed or not: what a screen reader says of the button.
      var show = function () { toggle.setAttribute("aria-pressed", String(currentTheme() === "dark")); };
      show();
      toggle.addEventListener("click", function () {
        var next = currentTheme() === "dark" ? "light" : "dark";
        root.dataset.theme = next;
        try { localStorage.setItem("mlblog-theme", next); } catch (e) { /* private mode */ }
        show();
      });
      window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", show);
    }
    document.querySelectorAll(".code-block").forEach(function (block) {
      var code = block.querySelector("pre code") || block.querySelector("pre");
      if (!code || !navigator.clipboard) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "copy";
      button.addEventListener("click", function () {
        var copy = code.cloneNode(true);  // line numbers sit in highlighted lines too
        copy.querySelectorAll(".linenos").forEach(function (number) { number.remove(); });
        var text = copy.textContent;
        navigator.clipboard.writeText(text).then(function () {
          button.textContent = "copied";
          setTimeout(function () { button.textContent = "copy"; }, 1500);
        });
      });
      block.appendChild(button);
    });
    fitWideFormulas();
    if (document.fonts) document.fonts.ready.then(fitWideFormulas);  // KaTeX's fonts set widths
    var resized;
    window.addEventListener("resize", function () {
      clearTimeout(resized);
      resized = setTimeout(fitWideFormulas, 100);
    });
  });

  // KaTeX lets an inline formula break only between its top-level terms: one with no such
  // place, wider than a phone's column, widened the whole page. Such a formula scrolls on
  // its own line instead; the others keep the baseline they share with the text.
  function fitWideFormulas() {
    var formulas = document.querySelectorAll(".post-body .katex");
    formulas.forEach(function (math) { math.classList.remove("katex-wide"); });
    formulas.forEach(function (math) {
      if (math.closest(".katex-display, table")) return;  // those scroll in their own box
      var column = math.closest("p, li, blockquote, dd, .post-body").getBoundingClientRect();
      var box = math.getBoundingClientRect();
      if (box.right > column.right + 1 || box.left < column.left - 1) {
        math.classList.add("katex-wide");
      }
    });
  }
})();
