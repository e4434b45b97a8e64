// Mermaid diagrams: each ```mermaid block (a code block in the HTML, which is what a reader
// without JavaScript and a feed reader see) drawn as SVG above its source, in the colours of
// the theme, and drawn again when the reader switches between light and dark.
// Loaded, after mermaid.min.js, only on pages that have a diagram.
(function () {
  "use strict";
  var mermaid = window.mermaid;
  var root = document.documentElement;
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".diagram[data-diagram=mermaid]"));
  if (!mermaid || !boxes.length) return;  // the source stays shown as code
  var drawn = 0;  // ids must be unique in the page, across redraws too
  // The smallest text a diagram is shrunk to, in CSS px. Mermaid draws at 16 px and the SVG
  // is scaled to the column: on a phone a wide flowchart's labels were 3 px tall.
  var READABLE = 12;

  // site.js decides light or dark, and says when it changes.
  function dark() {
    return root.dataset.colorScheme === "dark";
  }

  // The theme's own colours (main.css's variables), so that a site that changes them, and
  // the dark theme, get diagrams that match; mermaid's "base" theme derives the rest.
  function settings() {
    var css = getComputedStyle(root);
    var colour = function (name) { return css.getPropertyValue(name).trim(); };
    return {
      startOnLoad: false,
      securityLevel: "strict",
      suppressErrorRendering: true,  // the error is said in the page, below, not as a bomb icon
      theme: "base",
      darkMode: dark(),
      fontFamily: getComputedStyle(document.body).fontFamily,
      themeVariables: {
        darkMode: dark(),
        background: colour("--surface"),
        primaryColor: colour("--accent-soft"),
        primaryTextColor: colour("--text"),
        primaryBorderColor: colour("--accent"),
        secondaryColor: colour("--code-bg"),
        tertiaryColor: colour("--bg"),
        lineColor: colour("--muted"),
        textColor: colour("--text"),
        mainBkg: colour("--accent-soft"),
        nodeBorder: colour("--accent"),
        edgeLabelBackground: colour("--bg"),
        errorBkgColor: colour("--surface"),
        errorTextColor: colour("--error"),
      },
    };
  }

  function part(box, name, tag) {
    var found = box.querySelector(":scope > ." + name);
    if (!found) {
      found = document.createElement(tag);
      found.className = name;
      box.insertBefore(found, box.firstChild);
    }
    return found;
  }

  function draw(box) {
    var code = box.querySelector(".code-block");
    var source = code ? code.querySelector("pre").textContent : "";
    var id = "mlblog-diagram-" + (drawn += 1);
    return mermaid.render(id, source).then(function (result) {
      var shown = part(box, "diagram-svg", "div");
      shown.innerHTML = result.svg;
      var error = box.querySelector(":scope > .diagram-error");
      if (error) error.remove();
      var svg = shown.querySelector("svg");
      if (svg) keepReadable(svg);
      // accTitle/accDescr name the diagram; without them its source is what it says.
      if (svg && !svg.hasAttribute("aria-labelledby")) {
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", source.replace(/\s+/g, " ").trim());
      }
      code.hidden = true;
    }, function (problem) {
      // Mermaid's own message, then the source as written: never an empty space.
      var leftover = document.getElementById("d" + id);
      if (leftover) leftover.remove();
      var shown = box.querySelector(":scope > .diagram-svg");
      if (shown) shown.remove();
      var error = part(box, "diagram-error", "pre");
      error.textContent = (problem && problem.message) || String(problem);
      code.hidden = false;
    });
  }

  // A diagram is shrunk to fit the column only while its text stays readable; one wider
  // than that keeps its width and its box scrolls sideways, as a wide code block does
  // (main.css reads the width; site.js makes the box reachable by the keyboard).
  function keepReadable(svg) {
    var natural = svg.viewBox && svg.viewBox.baseVal ? svg.viewBox.baseVal.width : 0;
    var font = parseFloat(getComputedStyle(svg).fontSize) || 16;
    if (!natural) return;
    var least = Math.min(1, READABLE / font);
    svg.style.setProperty("--diagram-least-width", Math.ceil(natural * least) + "px");
  }

  function drawAll() {
    mermaid.initialize(settings());
    return boxes.reduce(function (done, box) {  // one at a time: mermaid's parsers are shared
      return done.then(function () { return draw(box); });
    }, Promise.resolve()).then(function () {
      // Drawn after site.js looked for boxes that scroll: it looks again.
      document.dispatchEvent(new CustomEvent("mlblog:drawn"));
    });
  }

  var drawing = Promise.resolve();
  var redraw = function () { drawing = drawing.then(drawAll); };
  // Once the DOM is ready every deferred script has run, site.js among them, in whatever
  // order a site's own base.html puts them.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", redraw);
  else redraw();
  document.addEventListener("mlblog:theme", redraw);
})();
