// One long-lived KaTeX worker for an mlblog build process.
// Protocol: one JSON request per stdin line; per request, one JSON header line on stdout
// followed at once by the HTML of every result that has some, as UTF-8, back to back.
//   request:  {"macros": {"\\R": "\\mathbb{R}"}, "items": [["x^2", false], ...]}
//   header:   {"results": [{"bytes": 2417, "warnings": ["..."]} | {"error": "..."}, ...]}
//             or {"fatal": "..."} (nothing follows it)
//   an empty line: the end. The worker exits, though processes forked by the build since
//   it started hold its stdin open too (so the end of stdin can come much later).
// The HTML stays out of the JSON: KaTeX's markup is ~2.4 KB a formula and full of quotes,
// which escaping and unescaping on both sides cost as much as a tenth of the typesetting.
"use strict";
const readline = require("readline");
const katex = require(process.argv[2]);
const LINKS = new Set(["\\href", "\\url"]);
const PROTOCOLS = new Set(["http", "https", "mailto", "_relative"]);
// Notes written for Markdown that is blind to math (Hexo's marked, GitHub) escape a star
// so that it is no emphasis: `$Q^{\*}$` means Q*. KaTeX has no \* and refused the formula.
// Notes written for MathJax use two of its commands KaTeX lacks: \mbox{样本} (text in a
// formula, as in LaTeX) and \require{cancel} (loading an extension KaTeX has built in);
// both made the whole formula red.
// A site's own macros come after, so a site can still say otherwise.
const ESCAPES = {
  "\\*": "*",
  "\\mbox": "\\text{#1}",
  "\\require": "\\@firstoftwo{}{#1}",
};
const QUIET = new Set([  // see strict below
  "unicodeTextInMathMode", "newLineInDisplayMode", "unknownSymbol", "symbolNotInFont",
]);

function renderOne(tex, display, macros) {
  const warnings = [];
  try {
    const html = katex.renderToString(tex, {
      displayMode: display,
      output: "htmlAndMathml",
      throwOnError: true,
      // KaTeX mutates the macros object on \gdef; every formula starts from the site's set.
      macros: Object.assign({}, ESCAPES, macros),
      // Chinese in math mode ($准确率 = \frac{TP}{TP+FP}$) is how these notes are written,
      // and KaTeX typesets it with its CJK fallback: not worth a warning per character.
      // Nor are other characters its fonts lack (a row of —, a ① marking an equation):
      // KaTeX shows them in the page's font, as MathJax did; the warnings only cried wolf.
      // `\\` between the lines of a `$$` block is shown as the line break its author
      // meant, so "does nothing in display mode" (LaTeX's view) is not what readers see.
      strict: (code, message) => {
        if (!QUIET.has(code)) {
          warnings.push(message);
        }
        return "ignore";
      },
      // Links (\href, \url) are the author's own; anything else KaTeX asks about is
      // refused, and shown in red, which the build must say (\html* have their warning).
      trust: (context) => {
        if (LINKS.has(context.command) && PROTOCOLS.has(context.protocol)) {
          return true;
        }
        if (LINKS.has(context.command)) {
          warnings.push(`${context.command} to "${context.url}" is refused (links may be ` +
            "http, https, mailto or relative; shown as red text)");
        } else if (!context.command.startsWith("\\html")) {
          warnings.push(`${context.command} is not supported (shown as red text)`);
        }
        return false;
      },
    });
    return { html, warnings };
  } catch (err) {
    const message = err instanceof katex.ParseError ? err.rawMessage || err.message : String(err);
    return { error: message };
  }
}

function answer(request) {
  const macros = request.macros || {};
  const results = [];
  const htmls = [];
  for (const [tex, display] of request.items) {
    const { html, warnings, error } = renderOne(tex, display, macros);
    if (html === undefined) {
      results.push({ error });
      continue;
    }
    const result = { bytes: Buffer.byteLength(html) };
    if (warnings.length) {
      result.warnings = warnings;
    }
    results.push(result);
    htmls.push(html);
  }
  return JSON.stringify({ results }) + "\n" + htmls.join("");
}

function respond(line) {
  try {
    return answer(JSON.parse(line));
  } catch (err) {
    return JSON.stringify({ fatal: String(err) }) + "\n";
  }
}

// `--listen PATH`: one worker for several render processes, each connected on the Unix
// socket PATH and speaking the protocol above (mlblog.render.katex_server); it ends on
// anything written to its stdin, or its end. (The build writes a line when every formula
// is typeset: its forked processes hold the pipe too, so closing it ends nothing until they
// all have ended.) Otherwise the protocol runs on stdin and stdout.
if (process.argv[3] === "--listen") {
  const net = require("net");
  const server = net.createServer((socket) => {
    const requests = readline.createInterface({ input: socket, terminal: false });
    requests.on("line", (line) => line && socket.write(respond(line)));  // "": one is done
    socket.on("error", () => socket.destroy());  // its process stopped: the others go on
  });
  server.listen(process.argv[4]);
  process.stdin.on("data", () => process.exit(0));
  process.stdin.on("end", () => process.exit(0));
  process.stdin.resume();
} else {
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  lines.on("line", (line) => (line ? process.stdout.write(respond(line)) : process.exit(0)));
}
