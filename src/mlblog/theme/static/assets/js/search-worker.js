// Search in a Web Worker: loads lunr.js, the tokenizer and the prebuilt index on the
// first query, then answers queries. Query text never reaches lunr's query parser:
// it is tokenized like the index and turned into clauses (DESIGN.md §5).
"use strict";
var ready = null;
var index = null;
var docs = null;

function clauses(terms, presence) {
  return function (query) {
    terms.forEach(function (term, i) {
      var options = { presence: presence, usePipeline: false };
      // The last term may be half typed: it also matches longer words, but a word that
      // is the term itself ranks above them. A single Latin letter ("C++", "C#" → c)
      // matches itself only: as a prefix it matches nearly every post.
      if (i === terms.length - 1 && !/^[a-z0-9]$/.test(term)) {
        query.term(term, { presence: presence, usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
        options = { presence: lunr.Query.presence.OPTIONAL, usePipeline: false, boost: 10 };
      }
      query.term(term, options);
    });
  };
}

function find(text) {
  var terms = mlblogSearchTokens.queryTerms(text);
  if (!terms.length) return { terms: terms, results: [] };
  var results = [];
  try {
    results = index.query(clauses(terms, lunr.Query.presence.REQUIRED));
    if (!results.length && terms.length > 1) {
      results = index.query(clauses(terms, lunr.Query.presence.OPTIONAL)); // any term
    }
  } catch (err) {
    results = [];
  }
  return {
    terms: terms,
    results: results.slice(0, 30).map(function (r) { return docs[Number(r.ref)]; }),
  };
}

self.onmessage = function (event) {
  var message = event.data;
  if (message.type === "load") {
    if (ready) return;
    importScripts(message.lunr, message.tokens);
    ready = fetch(message.index)
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        index = lunr.Index.load(data.index);
        docs = data.docs;
      });
    return;
  }
  if (message.type === "query") {
    ready
      .then(function () {
        var found = find(message.query);
        self.postMessage({ id: message.id, terms: found.terms, results: found.results });
      })
      .catch(function (err) {
        self.postMessage({ id: message.id, error: String(err) });
      });
  }
};
