// Theme toggle (remembered), copy buttons on code blocks, inline formulas kept within a
// phone's column, boxes that scroll reached by the keyboard. Nothing here is needed to read.
(function () {
  "use strict";
  var root = document.documentElement;
  var words = document.currentScript ? document.currentScript.dataset : {};  // mlblog.theme_strings
  var system = window.matchMedia("(prefers-color-scheme: dark)");
  var STORED = "mlblog-theme";  // the reader's choice, as base.html reads it before the first paint

  // The one place that decides light or dark: the reader's choice (data-theme, put there
  // from localStorage before the first paint by base.html), else the system's. The page's
  // other scripts (diagrams.js, comments.js, a site's own) read data-color-scheme and
  // listen for "mlblog:theme": three copies of this rule had drifted (with a stored value
  // other than light or dark, the toggle took a dark page for a light one).
  function decided() {
    var chosen = root.dataset.theme;
    if (chosen === "dark" || chosen === "light") return chosen;
    return system.matches ? "dark" : "light";
  }
  function decide() {
    var now = decided();
    if (root.dataset.colorScheme === now) return;
    var first = !root.dataset.colorScheme;
    root.dataset.colorScheme = now;
    // A change only: the others read the first value when the page's DOM is ready.
    if (!first) document.dispatchEvent(new CustomEvent("mlblog:theme", { detail: { theme: now } }));
  }
  // Safari before 14 knows only a media query's older addListener: calling the newer
  // addEventListener there stopped this whole script (no toggle, no copy buttons).
  function onChange(query, listener) {
    if (query.addEventListener) query.addEventListener("change", listener);
    else query.addListener(listener);
  }
  decide();
  onChange(system, decide);
  // The toggle pressed in another tab of the site: this one follows, or a link followed
  // here would open a page in the other theme than the one it came from.
  window.addEventListener("storage", function (event) {
    if (event.key !== STORED && event.key !== null) return;  // null: storage cleared
    if (event.newValue) root.dataset.theme = event.newValue;
    else delete root.dataset.theme;
    decide();
  });

  // A diagram is drawn after the page is ready (diagrams.js), one too wide to be readable in
  // the column into a box that scrolls: listened for from the start, whenever it comes.
  document.addEventListener("mlblog:drawn", function () { reachScrollingBoxes(); });

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".theme-toggle");
    if (toggle) {
      // "Dark mode" pressed or not: what a screen reader says of the button.
      var show = function () { toggle.setAttribute("aria-pressed", String(decided() === "dark")); };
      show();
      toggle.addEventListener("click", function () {
        var next = decided() === "dark" ? "light" : "dark";
        root.dataset.theme = next;
        try { localStorage.setItem(STORED, next); } catch (e) { /* private mode */ }
        decide();
      });
      document.addEventListener("mlblog:theme", show);
    }
    var copyWord = words.copy || "copy";
    var copiedWord = words.copied || "copied";
    var told = null;  // "copied" is said through a status line, there before it changes
    document.querySelectorAll(".code-block").forEach(function (block) {
      var code = block.querySelector("pre code") || block.querySelector("pre");
      if (!code) return;
      if (!told) {
        told = document.createElement("span");
        told.className = "visually-hidden";
        told.setAttribute("role", "status");
        document.body.appendChild(told);
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = copyWord;
      var title = block.querySelector(".code-title");  // "复制 train.py": which block it copies
      // A folded block's title is the toggle it is folded under (render/folds.py)
      var fold = title ? null : block.parentElement;
      if (fold && fold.matches("details.code-fold")) title = fold.querySelector(":scope > .code-fold-title");
      if (title) button.setAttribute("aria-label", (words.copyNamed || "copy {name}").replace("{name}", title.textContent));
      button.addEventListener("click", function () {
        // Line numbers (they sit in highlighted lines too) and prompts are not code: a
        // `$ ` or `>>> ` pasted into a terminal fails (highlight.py makes them unselectable).
        var copy = code.cloneNode(true);
        copy.querySelectorAll(".linenos, .gp").forEach(function (aside) { aside.remove(); });
        copyText(copy.textContent).then(function () {
          button.textContent = copiedWord;
          told.textContent = copiedWord;
          setTimeout(function () {
            button.textContent = copyWord;
            told.textContent = "";
          }, 1500);
        }, function () {
          // Not allowed at all: the code is selected, for the reader's own Ctrl+C (the line
          // numbers are never selected).
          getSelection().selectAllChildren(code);
        });
      });
      block.appendChild(button);
    });
    var fit = function () {
      fitWideFormulas();
      fitTables();
      reachScrollingBoxes();
    };
    fit();
    if (document.fonts) document.fonts.ready.then(fit);  // KaTeX's fonts set widths
    // Folded code has no size until opened: a wide block then scrolls, and must be reached.
    document.addEventListener("toggle", function (event) {
      if (event.target.matches && event.target.matches("details.code-fold")) reachScrollingBoxes();
    }, true);
    // Scroll events do not bubble: one listener, capturing, follows every box's position.
    document.addEventListener("scroll", function (event) {
      var box = event.target;
      if (box.hasAttribute && box.hasAttribute("data-scrolls")) markEdges(box);
    }, { capture: true, passive: true });
    var resized;
    window.addEventListener("resize", function () {
      clearTimeout(resized);
      resized = setTimeout(fit, 100);
    });
    // Chrome and Safari lay the page out for paper and tell a print media listener, which
    // can still change it; Firefox has only beforeprint, with the screen's layout.
    var printing = window.matchMedia("print");
    var onPaper = function (paper) {
      unfoldOnPaper(paper);  // first: a formula in a closed fold has no width to fit
      fitOnPaper(paper);
    };
    onChange(printing, function () { onPaper(printing.matches); });
    window.addEventListener("beforeprint", function () { onPaper(true); });
    window.addEventListener("afterprint", function () { onPaper(printing.matches); });
  });

  // The clipboard API is there only on https:// and localhost: a site served over http://
  // (`mlblog serve` on a LAN address for a phone, a custom domain without https) had no
  // copy button at all. There, and where the API refuses, the older way still copies.
  function copyText(text) {
    var byCommand = function () {
      return copyByCommand(text) ? Promise.resolve() : Promise.reject(new Error("not copied"));
    };
    if (!navigator.clipboard || !window.isSecureContext) return byCommand();
    return navigator.clipboard.writeText(text).catch(byCommand);
  }

  function copyByCommand(text) {
    var area = document.createElement("textarea");
    var focused = document.activeElement;
    area.value = text;  // a textarea keeps tabs and newlines as they are
    area.setAttribute("readonly", "");  // no on-screen keyboard on a phone
    area.style.cssText = "position: fixed; top: 0; left: 0; opacity: 0;";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { /* refused */ }
    area.remove();
    if (focused && focused.focus) focused.focus();  // the keyboard stays on the button
    return done;
  }

  // Boxes that scroll, and what a screen reader calls them.
  var SCROLLING = [
    [".post-body .code-block pre", "code", "Code"],
    // (not one in a link, a title's or a heading's in the contents: a link holds no other stop)
    [".post-body .math-display, .post-body p > .katex-display, .katex-wide:not(a .katex-wide)", "formula", "Formula"],
    [".post-body table", "table", "Table"],
    [".post-body .nb-output pre", "output", "Output"],  // a long log scrolls down, too
    [".post-body .diagram-svg", "diagram", "Diagram"],  // a wide diagram (diagrams.js)
  ];

  // A box wider than the column, or a log longer than its box, scrolls, which a keyboard
  // can do only in a box it can focus (Chrome lets it scroll others, Safari and Firefox do
  // not always): each one that overflows now is focusable and named, and given back as it
  // was once it fits.
  function reachScrollingBoxes() {
    var now = [];
    SCROLLING.forEach(function (kind) {
      document.querySelectorAll(kind[0]).forEach(function (box) {
        var style = getComputedStyle(box);
        var across = /auto|scroll/.test(style.overflowX) && box.scrollWidth > box.clientWidth + 1;
        var down = /auto|scroll/.test(style.overflowY) && box.scrollHeight > box.clientHeight + 1;
        if (across || down) now.push([box, words[kind[1]] || kind[2]]);
      });
    });
    // Two regions both called "代码" cannot be told apart in a screen reader's list of
    // them (axe landmark-unique): a name that repeats is numbered, in the page's order.
    var counts = {}, seen = {};
    now.forEach(function (found) { counts[found[1]] = (counts[found[1]] || 0) + 1; });
    now.forEach(function (found) {
      var name = found[1];
      if (counts[name] > 1) found[1] = name + " " + (seen[name] = (seen[name] || 0) + 1);
    });
    var boxes = now.map(function (found) { return found[0]; });
    document.querySelectorAll("[data-scrolls]").forEach(function (box) {
      if (boxes.indexOf(box) === -1) unreachable(box);
    });
    now.forEach(function (found) { reachable(found[0], found[1]); markEdges(found[0]); });
  }

  // A box scrolled sideways gave no sign of what lay past its edge: a formula cut between
  // two terms looked whole. Each edge with more beyond it is marked, and fades (main.css).
  function markEdges(box) {
    var left = box.scrollLeft, room = box.scrollWidth - box.clientWidth;
    var more = (left > 1 ? "start " : "") + (room > 1 && left < room - 1 ? "end" : "");
    if (more.trim()) box.setAttribute("data-more", more.trim());
    else box.removeAttribute("data-more");
  }

  function reachable(box, name) {
    if (box.getAttribute("data-scrolls") === "named") box.setAttribute("aria-label", name);
    if (box.hasAttribute("data-scrolls")) return;
    var table = box.tagName === "TABLE";  // a table keeps its role, and its caption as name
    var named = !box.hasAttribute("aria-label") && !(table && box.querySelector("caption"));
    box.setAttribute("data-scrolls", named ? "named" : "");
    box.setAttribute("tabindex", "0");
    if (!table) box.setAttribute("role", "region");
    if (named) box.setAttribute("aria-label", name);
  }

  function unreachable(box) {
    if (box.getAttribute("data-scrolls") === "named") box.removeAttribute("aria-label");
    if (box.tagName !== "TABLE") box.removeAttribute("role");
    box.removeAttribute("tabindex");
    box.removeAttribute("data-scrolls");
    box.removeAttribute("data-more");
  }

  // Chrome prints a <details> as it is, and CSS cannot open one: a closed one in a post
  // (folded code, a folded callout, an author's proof) printed its summary line alone, on
  // paper where nothing opens. Each is opened for print and closed after, as it was left.
  function unfoldOnPaper(paper) {
    if (paper) {
      document.querySelectorAll(".post-body details:not([open])").forEach(function (fold) {
        fold.setAttribute("data-print-opened", "");
        fold.open = true;
      });
      return;
    }
    document.querySelectorAll("details[data-print-opened]").forEach(function (fold) {
      fold.removeAttribute("data-print-opened");
      fold.open = false;
    });
  }

  // A formula too wide for the printed column, with no place to break, was cut off at the
  // page's edge (on screen it scrolls): on paper it is scaled down to fit.
  // A table of formulas breaks them between their terms on paper (main.css); one with a
  // term wider than its cell can be still ran past the column, and is scaled down too.
  function fitOnPaper(paper) {
    var boxes = document.querySelectorAll(SCROLLING[1][0]);
    var tables = document.querySelectorAll(SCROLLING[2][0]);
    boxes.forEach(function (box) { box.style.removeProperty("zoom"); });
    tables.forEach(function (table) { table.style.removeProperty("zoom"); });
    if (!paper) return;
    boxes.forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.style.zoom = String(Math.floor(box.clientWidth / box.scrollWidth * 1000) / 1000);
      }
    });
    tables.forEach(function (table) {
      var room = table.parentElement.clientWidth;
      var wide = table.getBoundingClientRect().width;
      if (wide > room + 1) table.style.zoom = String(Math.floor(room / wide * 1000) / 1000);
    });
  }

  // KaTeX lets an inline formula break only between its top-level terms: one with no such
  // place, wider than a phone's column, widened the whole page. Such a formula scrolls on
  // its own line instead; the others keep the baseline they share with the text. Titles
  // and the contents' entries too: a formula in one widened the page to 860 px.
  function fitWideFormulas() {
    var formulas = document.querySelectorAll(".katex");
    formulas.forEach(function (math) {
      math.classList.remove("katex-wide");
      math.style.removeProperty("max-width");
    });
    formulas.forEach(function (math) {
      if (math.closest(".katex-display, table")) return;  // those scroll in their own box
      // The punctuation glued after it (render/math_glue.py) cannot wrap: it counts too.
      var glue = math.parentElement.classList.contains("math-glue") ? math.parentElement : null;
      var column = lineBox(math).getBoundingClientRect();
      var box = (glue || math).getBoundingClientRect();
      if (box.right <= column.right + 1 && box.left >= column.left - 1) return;
      math.classList.add("katex-wide");
      if (!glue) return;
      // The box leaves room for the punctuation, which stays on its line (a "，" went past
      // the column and the page scrolled sideways by it).
      var over = glue.getBoundingClientRect().right - column.right;
      if (over > 0) math.style.maxWidth = "calc(100% - " + Math.ceil(over) + "px)";
    });
  }

  // The box whose lines hold an inline element: its nearest ancestor that is not inline.
  function lineBox(element) {
    var box = element.parentElement;
    while (box.parentElement && /^inline/.test(getComputedStyle(box).display)) {
      box = box.parentElement;
    }
    return box;
  }

  // On a phone a table wider than the column was laid out in it all the same: one long
  // cell (a sentence, a URL) took the room and squeezed the other columns to a character
  // a line ("参/数/量"). Each column is given the width of its content on one line, and a
  // long one wraps at most at about the column's width; the table then scrolls in its own
  // box. The width is a custom property the screen's style reads (print lays out its own).
  var PHONE = window.matchMedia("(max-width: 40rem)");
  function fitTables() {
    document.querySelectorAll(".post-body table").forEach(function (table) {
      var head = table.rows[0];
      if (!head) return;
      var cells = [].slice.call(head.cells);
      cells.forEach(function (cell) { cell.style.removeProperty("--fit-width"); });
      if (!PHONE.matches || table.querySelector("[colspan], [rowspan]")) return;
      var now = cells.map(function (cell) { return cell.getBoundingClientRect().width; });
      table.classList.add("table-one-line");
      var whole = cells.map(function (cell) { return cell.getBoundingClientRect().width; });
      table.classList.remove("table-one-line");
      var em = parseFloat(getComputedStyle(table).fontSize);
      var longest = Math.min(table.clientWidth * 0.85, 20 * em);
      var wanted = whole.map(function (width) { return Math.min(width, longest); });
      var squeezed = wanted.some(function (width, i) { return now[i] < width - 1; });
      if (!squeezed) return;  // as it was: nothing to set
      cells.forEach(function (cell, i) {
        cell.style.setProperty("--fit-width", Math.ceil(wanted[i]) + "px");
      });
    });
  }
})();
