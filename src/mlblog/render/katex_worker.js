// One long-lived KaTeX worker for an mlblog build process.
// Protocol: one JSON request per stdin line, one JSON response per stdout line.
//   request:  {"macros": {"\\R": "\\mathbb{R}"}, "items": [["x^2", false], ...]}
//   response: {"results": [{"html": "...", "warnings": ["..."]} | {"error": "..."}, ...]}
"use strict";
const readline = require("readline");
const katex = require(process.argv[2]);

function renderOne(tex, display, macros) {
  const warnings = [];
  try {
    const html = katex.renderToString(tex, {
      displayMode: display,
      output: "htmlAndMathml",
      throwOnError: true,
      // KaTeX mutates the macros object on \gdef; every formula starts from the site's set.
      macros: Object.assign({}, macros),
      strict: (code, message) => {
        warnings.push(message);
        return "ignore";
      },
    });
    return { html, warnings };
  } catch (err) {
    const message = err instanceof katex.ParseError ? err.rawMessage || err.message : String(err);
    return { error: message };
  }
}

const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on("line", (line) => {
  let response;
  try {
    const request = JSON.parse(line);
    if (request.version) {
      response = { version: katex.version };
    } else {
      response = {
        results: request.items.map(([tex, display]) => renderOne(tex, display, request.macros || {})),
      };
    }
  } catch (err) {
    response = { fatal: String(err) };
  }
  process.stdout.write(JSON.stringify(response) + "\n");
});
