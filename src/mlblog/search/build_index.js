// Builds the site's search index with lunr.js and the theme's tokenizer: the same code
// that loads and queries it in the reader's browser, so what is indexed is exactly
// what a query can find. Run by mlblog.search.index:
//   node build_index.js <lunr.js> <search-tokens.js> < {"fields": [[name, boost]...], "docs": [...]}
// and writes "<size after gzip -6>\n<index JSON>" to stdout.
"use strict";
const fs = require("node:fs");
const zlib = require("node:zlib");

const lunr = require(process.argv[2]);
const { tokenize } = require(process.argv[3]);

function terms(texts) {
  const result = [];
  for (const text of texts) for (const token of tokenize(text)) result.push(token);
  return result;
}

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const index = lunr(function () {
  // Tokens arrive as lists (one term each): no trimmer (it deletes CJK), no stemmer
  // (queries are tokenized the same way, unstemmed), stop words already left out.
  this.pipeline.reset();
  this.searchPipeline.reset();
  this.ref("id");
  for (const [name, boost] of input.fields) this.field(name, { boost: boost });
  input.docs.forEach((doc, number) => {
    this.add({
      id: String(number),
      title: terms([doc.t]),
      tags: terms(doc.tags),
      category: terms([doc.c]),
      headings: terms(doc.headings),
      text: terms([doc.text]),
    });
  });
});
const shown = input.docs.map((doc) => ({ u: doc.u, t: doc.t, d: doc.d, c: doc.c, e: doc.e }));
// <, > and & only occur inside JSON strings; escaped, a title such as `</script>` stays
// inert even if the JSON is ever inlined into a page.
const json = JSON.stringify({ index: index, docs: shown })
  .replace(/</g, "\\u003c")
  .replace(/>/g, "\\u003e")
  .replace(/&/g, "\\u0026");
const data = Buffer.from(json, "utf8");
const gzipped = zlib.gzipSync(data, { level: 6 }).length;
process.stdout.write(`${gzipped}\n`);
process.stdout.write(data);
