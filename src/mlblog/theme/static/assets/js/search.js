// Search boxes: the header box (press "/" to focus) and the search page. Results as you
// type, matched words highlighted, arrow keys to move, Enter to open, Escape to close.
// Nothing is loaded until the reader starts typing.
(function () {
  "use strict";
  var script = document.currentScript;
  var config = script.dataset;
  var worker = null;
  var waiting = {};
  var sequence = 0;
  var ready = false;  // the index has loaded: the worker has answered once
  var SHOWN = { dropdown: 8, page: 30 };  // results shown at first; the page shows more on request

  // The theme's words in the site's language, from the script tag (mlblog.theme_strings).
  function said(name, fallback, values) {
    return (config[name] || fallback).replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? String(values[key]) : all;
    });
  }

  function absolute(url) {
    return new URL(url, document.baseURI).href;
  }

  function load(again) {
    worker.postMessage({
      type: "load",
      again: again,
      lunr: absolute(config.lunr),
      tokens: absolute(config.tokens),
      index: absolute(config.index),
    });
  }

  function ask(query, limit, reply) {
    if (!worker) {
      worker = new Worker(absolute(config.worker));
      worker.onmessage = function (event) {
        ready = true;
        var answer = waiting[event.data.id];
        delete waiting[event.data.id];
        if (answer) answer(event.data);
      };
      load(false);
    }
    sequence += 1;
    waiting[sequence] = reply;
    worker.postMessage({ type: "query", id: sequence, query: query, limit: limit });
  }

  // Full-width letters and digits as ASCII (ＧＰＵ is GPU), lower case, µ as μ and ς as σ
  // (as the search folds them): the same length, so a position found in the folded text
  // is the position in the text. Lower-cased whole, İ became i and a combining dot, two
  // units for one, and every mark after it fell one character late.
  function folded(text) {
    var lower = text.toLowerCase();
    if (lower.length !== text.length) {
      lower = Array.from(text).map(function (c) {
        var small = c.toLowerCase();
        return small.length === c.length ? small : small.slice(0, c.length);  // İ as i
      }).join("");
    }
    return lower.replace(/[\uff01-\uff5e\u00b5\u03c2]/g, function (c) {
      if (c === "\u00b5") return "\u03bc";
      if (c === "\u03c2") return "\u03c3";
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    });
  }

  // A word of the search's own letters and digits, folded: Latin and Greek (μp, β).
  var LETTERS = /^[a-z0-9\u0370-\u03ff]+$/;
  // The letters a short word must not touch to be marked (the tokenizer's word letters):
  // a Chinese character may (KL of KL散度 is the word kl).
  var LATIN = "A-Za-z\\u00b5\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f\\u0370-\\u03ff";
  var CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
  var CJK_WORD = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u;

  // The query's words as the search splits them: at punctuation (《》 too), and where
  // Chinese meets Latin (GPU显存 is gpu and 显存).
  function needles(query) {
    var found = [];
    folded(query).split(/[^\p{L}\p{N}]+/u).forEach(function (part) {
      (part.match(CJK_RUN) || []).forEach(function (word) { found.push(word); });
    });
    return found;
  }

  // What to mark: the query's words, each as a pattern over the folded text. A Latin word
  // also matches with . _ - between its letters, as the index joins them (gpt4 marks
  // GPT-4); one of one or two letters or digits (the c of C++, the 4 of 2e-4, α) only where
  // it stands alone, not inside every word that holds it, but two letters also before a
  // number (fp of fp16), as the search finds them there. A Chinese word is also marked
  // by the pieces the search accepts for it (half its pairs and more: 注意力 of
  // 注意力机制), and the terms the search used where they were not typed (gradient for
  // gradients, nnmodule for nn.Module) are words too.
  function patterns(query, terms) {
    var words = needles(query);
    // A lone Chinese character beside longer words (the 的 of FlashAttention的) is a
    // particle nearly every sentence holds: marking it marked every 的 of the snippet.
    if (words.some(function (word) { return Array.from(word).length > 1; })) {
      words = words.filter(function (word) { return Array.from(word).length > 1 || !CJK_WORD.test(word); });
    }
    words.slice().forEach(function (word) {
      var chars = Array.from(word);
      if (chars.length < 4 || !CJK_WORD.test(word)) return;
      var shortest = Math.ceil((chars.length - 1) / 2) + 1;
      for (var length = chars.length - 1; length >= shortest; length--) {
        for (var at = 0; at + length <= chars.length; at++) words.push(chars.slice(at, at + length).join(""));
      }
    });
    (terms || []).forEach(function (term) {
      if (LETTERS.test(term) && words.indexOf(term) === -1) words.push(term);
    });
    return words.map(function (word) {
      var chars = Array.from(word).map(function (c) { return c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
      if (!LETTERS.test(word)) return new RegExp(chars.join(""), "gu");
      var body = chars.join("[._-]?");
      if (chars.length > 2) return new RegExp(body, "gu");
      var after = chars.length === 2 && /^\D+$/.test(word) ? "(?![" + LATIN + "])" : "(?![0-9" + LATIN + "])";
      return new RegExp("(?<![0-9" + LATIN + "])" + body + after, "gu");
    });
  }

  // Which UTF-16 units of `text` some pattern matches.
  function covered(text, found) {
    var lower = folded(text);
    var marked = new Array(text.length).fill(false);
    found.forEach(function (pattern) {
      pattern.lastIndex = 0;
      for (var match; (match = pattern.exec(lower)) && match[0];) {
        marked.fill(true, match.index, match.index + match[0].length);
      }
    });
    return marked;
  }

  // Text with every match wrapped in <mark>, built as DOM nodes (no HTML injection). Words
  // met end to end (flash, attention in FlashAttention) are one mark: two showed a gap,
  // their padding, inside the word. In a snippet (`whole`), the excerpt's placeholders are
  // each in a span kept on one line, as in the listings: "[公" above "式]" otherwise.
  // Long identifiers get the break points the built pages give them.
  function highlighted(text, found, whole) {
    var fragment = document.createDocumentFragment();
    var marked = covered(text, found);
    var cuts = breaksIn(text);
    var at = 0;
    (whole ? placeholdersIn(text) : []).forEach(function (range) {
      addMarked(fragment, text, marked, at, range[0], cuts);
      var span = document.createElement("span");
      span.className = "placeholder";
      addMarked(span, text, marked, range[0], range[1], cuts);
      fragment.appendChild(span);
      at = range[1];
    });
    addMarked(fragment, text, marked, at, text.length, cuts);
    return fragment;
  }

  function addMarked(parent, text, marked, from, to, cuts) {
    for (var at = from, end; at < to; at = end) {
      for (end = at + 1; end < to && marked[end] === marked[at];) end++;
      var into = parent;
      if (marked[at]) {
        into = document.createElement("mark");
        parent.appendChild(into);
      }
      addBroken(into, text, at, end, cuts);
    }
  }

  // text[from, to) as text, with an empty span.soft-break (a zero-width space the theme
  // hides from screen readers) after each of `cuts` inside it.
  function addBroken(parent, text, from, to, cuts) {
    var at = from;
    cuts.forEach(function (cut) {
      if (cut <= at || cut > to) return;
      parent.appendChild(document.createTextNode(text.slice(at, cut)));
      var span = document.createElement("span");
      span.className = "soft-break";
      parent.appendChild(span);
      at = cut;
    });
    if (at < to) parent.appendChild(document.createTextNode(text.slice(at, to)));
  }

  // Where a long identifier or URL may break, as the built pages have it
  // (mlblog.render.soft_breaks): "functional.scaled_dot_product_attention"
  // broke as "…_at" / "tention" in the results on a phone.
  var LONG_RUN = /[^\s\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]{16,}/g;
  var JOINT = /(?:[./_]|::)+/g;
  function breaksIn(text) {
    var cuts = [];
    LONG_RUN.lastIndex = 0;
    for (var run; (run = LONG_RUN.exec(text));) {
      var word = run[0];
      JOINT.lastIndex = 0;
      for (var joint; (joint = JOINT.exec(word));) {
        var end = joint.index + joint[0].length;
        var before = word.charAt(joint.index - 1), after = word.charAt(end);
        if (!before || "./_".indexOf(before) >= 0 || !/[0-9A-Za-z]/.test(after)) continue;
        if (/[0-9]\.$/.test(word.slice(0, end)) && /[0-9]/.test(after)) continue;  // 3.14
        var last = Math.max(joint[0].lastIndexOf("."), joint[0].lastIndexOf("/"),
          joint[0].lastIndexOf(":"));
        cuts.push(run.index + joint.index + (last >= 0 ? last + 1 : joint[0].length));
      }
    }
    return cuts;
  }

  // Where the site's placeholders ([代码], [Math], [公式]) are in a text, in order: the
  // longest first where two could start at one place.
  var PLACEHOLDERS = (function () {
    var marks = [];
    try { marks = JSON.parse(config.placeholders || "[]"); } catch (e) { /* none then */ }
    marks = marks.filter(Boolean).sort(function (a, b) { return b.length - a.length; });
    if (!marks.length) return null;
    return new RegExp(marks.map(function (m) {
      return m.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|"), "g");
  })();

  // The placeholder of a code block (the first of them), as the snippet's marks find it.
  var CODE = (function () {
    var code = "";
    try { code = JSON.parse(config.placeholders || "[]")[0] || ""; } catch (e) { /* none */ }
    return code ? new RegExp(folded(code).replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g") : null;
  })();

  function placeholdersIn(text) {
    var ranges = [];
    if (!PLACEHOLDERS) return ranges;
    text.replace(PLACEHOLDERS, function (match, offset) {
      ranges.push([offset, offset + match.length]);
      return match;
    });
    return ranges;
  }

  function snippet(text, found) {
    var first = covered(text, found).indexOf(true);
    var start = wordStart(text, Math.max(0, first - 50), first);
    var end = Math.min(text.length, start + 170);
    if (end < text.length) end = Math.max(wordStart(text, end, end), first + 1);
    // never half of a character outside the BMP (an emoji, 𠀋): a lone surrogate shows as �
    if (start > 0 && /[\uDC00-\uDFFF]/.test(text.charAt(start))) start -= 1;
    if (end < text.length && /[\uDC00-\uDFFF]/.test(text.charAt(end))) end -= 1;
    return (start > 0 ? "…" : "") + text.slice(start, end).trim() + (end < text.length ? "…" : "");
  }

  // A cut at `at`, moved back to the start of the placeholder or Latin word it falls in, as
  // the excerpts are cut (mlblog.render.excerpt): snippets began "…kpointing" and ended
  // "[Mat…". Chinese may be cut anywhere. Never moved before `least` (0: anywhere).
  function wordStart(text, at, least) {
    placeholdersIn(text).forEach(function (range) {
      if (range[0] < at && at < range[1]) at = range[0];
    });
    var back = at;
    while (back > 0 && wordChar(text, back - 1) && wordChar(text, back)) back -= 1;
    return back >= Math.min(least, at) - 50 ? back : at;  // a run too long to keep whole
  }

  // Explicit ranges (the excerpt's): CJK ideographs, kana, hangul, CJK and full-width
  // punctuation are no word characters, nor is a space.
  var CJK_RANGES = [[0x2E80, 0x2FFF], [0x3000, 0x303F], [0x3040, 0x30FF], [0x3100, 0x31FF],
    [0x3200, 0x9FFF], [0xAC00, 0xD7AF], [0xF900, 0xFAFF], [0xFE30, 0xFE4F], [0xFF00, 0xFFEF],
    [0x20000, 0x3134F]];
  function wordChar(text, at) {
    var code = text.codePointAt(at);
    if (code >= 0xDC00 && code <= 0xDFFF && at > 0) code = text.codePointAt(at - 1);
    if (code === undefined || /\s/.test(String.fromCodePoint(code))) return false;
    return !CJK_RANGES.some(function (range) { return range[0] <= code && code <= range[1]; });
  }

  // The header box's results open and close as a combobox's popup: aria-expanded says which.
  function show(box, open) {
    box.results.hidden = !open;
    if (box.dropdown) box.input.setAttribute("aria-expanded", String(open));
  }

  // A short line (the count, no match, loading) for screen readers, in the box's own live
  // status, said once the typing pauses: the results themselves are never read out.
  function announce(box, text) {
    if (!box.status) return;
    clearTimeout(box.announcing);
    box.announcing = setTimeout(function () { box.status.textContent = text; }, text ? 500 : 0);
  }

  function render(box, query, answer) {
    var panel = box.results;
    panel.textContent = "";
    if (!query.trim()) {
      show(box, !box.dropdown);
      announce(box, "");
      return;
    }
    show(box, true);
    var status = document.createElement("p");
    status.className = "search-status";
    panel.appendChild(status);
    if (answer.loading) {
      status.className += " loading";
      status.textContent = said("loading", "Loading the index…", {});
      announce(box, status.textContent);
      return;
    }
    if (answer.error) {
      status.textContent = said("unavailable", "Search is unavailable right now ({e}).", { e: answer.error });
      announce(box, status.textContent);
      return;
    }
    var results = answer.results;
    var total = answer.total;
    if (!results.length) {
      status.textContent = said("noMatch", "No posts match “{q}”.", { q: query });
      announce(box, status.textContent);
      return;
    }
    status.textContent = total === 1
      ? said("result", "{n} result", { n: 1 })
      : said("results", "{n} results", { n: total });
    announce(box, status.textContent);
    var words = patterns(query, answer.terms);
    var list = document.createElement("ol");
    list.className = "search-results";
    results.forEach(function (doc) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = doc.u;
      link.className = "search-result";
      var title = document.createElement("span");
      title.className = "search-result-title";
      title.appendChild(highlighted(doc.t, words));
      var meta = document.createElement("span");
      meta.className = "search-result-meta";
      // the category, and the tags the query matched: a post found by one shows why
      meta.appendChild(document.createTextNode(doc.d));
      if (doc.c) {
        meta.appendChild(document.createTextNode(" · "));
        meta.appendChild(highlighted(doc.c, words));  // (a long name gets its break points)
      }
      (doc.g || []).forEach(function (tag) {
        if (covered(tag, words).indexOf(true) === -1) return;
        meta.appendChild(document.createTextNode(" · #"));
        meta.appendChild(highlighted(tag, words));
      });
      var text = document.createElement("span");
      text.className = "search-result-snippet";
      var inText = doc.k && CODE ? words.concat([CODE]) : words;  // found in its code: marked
      text.appendChild(highlighted(snippet(doc.e, inText), inText, true));
      if (doc.l) title.lang = text.lang = doc.l;  // a post in another language than the site
      link.appendChild(title);
      link.appendChild(meta);
      link.appendChild(text);
      item.appendChild(link);
      list.appendChild(item);
    });
    panel.appendChild(list);
    if (box.dropdown && total > results.length) {
      var more = document.createElement("a");
      more.className = "search-more";
      more.href = box.form.action + "?q=" + encodeURIComponent(query);
      more.textContent = said("allResults", "All {n} results", { n: total });
      panel.appendChild(more);
    } else if (total > results.length) {
      var next = document.createElement("button");
      next.type = "button";
      next.className = "search-show-more";
      next.textContent = said("moreResults", "Show more", {});
      next.addEventListener("click", function () { box.more(); });
      panel.appendChild(next);
    }
  }

  function attach(input) {
    var box = {
      input: input,
      form: input.form,
      results: document.getElementById(input.getAttribute("aria-controls")),
      status: document.getElementById(input.dataset.status),
      dropdown: input.dataset.search === "dropdown",
      announcing: null,
    };
    var timer = null;
    var latest = 0;
    var limit = 0;
    // `from`: the results are more of the same query; focus moves to the first new one.
    function run(from) {
      var query = input.value;
      var mine = ++latest;
      limit = from ? limit + SHOWN.page : box.dropdown ? SHOWN.dropdown : SHOWN.page;
      if (!box.dropdown) {
        var url = new URL(location.href);
        if (query) url.searchParams.set("q", query);
        else url.searchParams.delete("q");
        history.replaceState(null, "", url);
      }
      if (!query.trim()) {
        render(box, query, { results: [], total: 0 });
        return;
      }
      // On a slow network the index takes seconds to come: meanwhile, say so.
      var slow = ready ? null : setTimeout(function () {
        if (mine === latest) render(box, query, { loading: true });
      }, 200);
      ask(query, limit, function (answer) {
        clearTimeout(slow);
        if (mine !== latest) return;
        render(box, query, answer);
        var links = box.results.querySelectorAll(".search-result");
        if (from && links[from]) links[from].focus();
      });
    }
    box.more = function () {
      run(box.results.querySelectorAll(".search-result").length);
    };
    // While an input method composes (pinyin "tidu" on its way to 梯度), the letters are
    // not the query: it is searched once the composition ends.
    input.addEventListener("input", function (event) {
      if (event.isComposing) return;
      clearTimeout(timer);
      timer = setTimeout(run, 60, 0);
    });
    input.addEventListener("compositionend", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 60, 0);
    });
    input.addEventListener("keydown", function (event) {
      var links = box.results.querySelectorAll("a");
      if (event.key === "ArrowDown") {
        // Escape only closed the results: Down opens them again (or searches what a
        // restored page left in the box) and moves into them.
        if (box.results.hidden && box.results.firstChild) show(box, true);
        else if (!box.results.firstChild && input.value.trim()) run();
        if (links.length) {
          event.preventDefault();
          links[0].focus();
        }
      } else if (event.key === "Escape" && box.dropdown && !box.results.hidden) {
        event.preventDefault();  // the first Escape closes the results; the next clears the box
        show(box, false);
      } else if (event.key === "Escape" && box.dropdown && input.value) {
        event.preventDefault();  // (a text field does not clear itself as type=search did)
        input.value = "";
      } else if (event.key === "Escape" && cameFrom) {
        event.preventDefault();  // and the next goes back to where `/` was pressed
        var back = cameFrom;
        cameFrom = null;
        if (back.focused && back.focused !== document.body) back.focused.focus({ preventScroll: true });
        else input.blur();
        window.scrollTo(back.x, back.y);
      }
    });
    box.form.addEventListener("focusout", function (event) {
      if (!box.form.contains(event.relatedTarget)) cameFrom = null;  // the reader went elsewhere
    });
    box.results.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(box.results.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < links.length - 1) {
        event.preventDefault();
        links[at + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (at > 0) links[at - 1].focus();
        else input.focus();
      } else if (event.key === "Escape") {
        input.focus();
        if (box.dropdown) show(box, false);
      } else if ((event.key.length === 1 || event.key === "Backspace") && !event.ctrlKey &&
                 !event.metaKey && !event.altKey) {
        input.focus();  // typing goes on in the box (Space scrolled the page under the results)
      }
    });
    if (box.dropdown) {
      document.addEventListener("click", function (event) {
        if (!box.form.contains(event.target)) show(box, false);
      });
      // Tabbing on past the last result left them open over the links focused next.
      box.form.addEventListener("focusout", function (event) {
        var next = event.relatedTarget;
        if (next && !box.form.contains(next)) show(box, false);
      });
    } else {
      var initial = new URL(location.href).searchParams.get("q");
      if (initial) {
        input.value = initial;
        run();
      }
    }
  }

  // Under `mlblog serve`, a build made a new index (live.js says so) while this page, not
  // changed itself, stayed open: the index it loaded would not find a post added since.
  document.addEventListener("mlblog:search-index", function () {
    if (!worker) return;  // not loaded yet: the first query loads the new one
    ready = false;
    load(true);
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-search]").forEach(attach);
    var header = document.querySelector('input[data-search="dropdown"]');
    // On the search page `/` goes to the page's own box, the one its results belong to.
    var slashTo = document.querySelector('input[data-search="page"]') || header;
    var hint = header ? header.placeholder : "";
    var onOff = document.querySelector("input[data-slash-switch]");
    showSlash(slashTo, header, hint);
    if (onOff) {
      onOff.checked = slashOn();
      onOff.closest(".search-shortcut").hidden = false;  // without this script, no shortcut
      onOff.addEventListener("change", function () {
        try { localStorage.setItem(SLASH, onOff.checked ? "on" : "off"); } catch (e) { /* private mode */ }
        showSlash(slashTo, header, hint);
      });
    }
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
      if (event.key !== "/" || typing || event.isComposing || !slashTo || !slashOn()) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      event.preventDefault();
      cameFrom = { x: window.scrollX, y: window.scrollY, focused: document.activeElement };
      slashTo.focus();
    });
  });

  // Where the reader was when `/` took them to the box, at the top of a long post: Escape
  // from the empty box returns them there.
  var cameFrom = null;

  // `/` to search is a one-key shortcut, which a reader who talks to the computer can set
  // off by a word (WCAG 2.1.4): the search page has a switch to turn it off, remembered.
  var SLASH = "mlblog-slash";
  function slashOn() {
    try { return localStorage.getItem(SLASH) !== "off"; } catch (e) { return true; }
  }

  // The box `/` goes to says so (aria-keyshortcuts) only while the shortcut is on; the
  // header's placeholder says "(/)" only while `/` goes there.
  function showSlash(box, header, hint) {
    if (!box) return;
    var on = slashOn();
    if (header) header.placeholder = on && box === header ? hint : hint.replace(/\s*[(（]\/[)）]/, "");
    if (on) box.setAttribute("aria-keyshortcuts", "/");
    else box.removeAttribute("aria-keyshortcuts");
  }
})();
