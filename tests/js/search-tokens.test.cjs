// The JS search tokenizer against the fixture the Python tokenizer is tested with.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const { tokenize, queryTerms } = require("../../src/mlblog/theme/static/assets/js/search-tokens.js");
const cases = require(path.join(__dirname, "..", "fixtures", "search", "tokens.json"));

for (const { text, tokens } of cases) {
  test(`tokenize ${JSON.stringify(text)}`, () => {
    assert.deepStrictEqual(tokenize(text), tokens);
  });
}

test("query terms are the tokens, each once", () => {
  assert.deepStrictEqual(queryTerms("all-reduce all_reduce"), ["all", "reduce", "allreduce"]);
});
