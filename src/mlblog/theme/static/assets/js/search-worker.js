// Search in a Web Worker: loads lunr.js, the tokenizer and the prebuilt index on the
// first query, then answers queries. Query text never reaches lunr's query parser:
// it is tokenized like the index and turned into clauses (DESIGN.md §5).
"use strict";
var ready = null;
var index = null;
var docs = null;

// A word matched as part of a longer one (low in lower) counts a tenth of the word
// itself. (The word itself boosted tenfold instead made the last word of a query
// outweigh the others tenfold: 注意力 机制 ranked a post with 机制 in a heading above one
// with 注意力 in its title.)
var PART = 0.1;
// The same word with a number after it (resnet50 for resnet, gpt4, llama2) is the same
// name in another version: it counts half, below the word itself and well above a
// longer word (a post titled ResNet50 comes before one that names ResNet in passing).
var NUMBERED = 0.5;
// Indexed words that are a word and a number, by that word (resnet → resnet50, resnet18),
// found once when the index loads (numberedWords).
var numbered = Object.create(null);

function numberedWords(inverted) {
  var found = Object.create(null);
  Object.keys(inverted).forEach(function (term) {
    var match = /^(\D{2,})\d+$/.exec(term);  // one letter (v1, x86, a100) is no name
    if (match) (found[match[1]] = found[match[1]] || []).push(term);
  });
  return found;
}

function isCjkChar(term) {
  return Array.from(term).length === 1 && term.codePointAt(0) >= 0x3000;
}

function clauses(terms, presence) {
  var optional = lunr.Query.presence.OPTIONAL;
  return function (query) {
    terms.forEach(function (term, i) {
      var longer = numbered[term] || [];
      var one = singular(term);  // itself unless an English plural
      // One Chinese character (注) is indexed alone only where it stands alone, else inside
      // the pairs it stands in (注意): it matches those pairs, at full weight. Chinese has
      // no spaces, so 注意 is no longer word that 注 begins; counted as a part (a tenth),
      // a stray 注 in a post's text outranked 注意力 in a title.
      if (isCjkChar(term)) {
        var both = lunr.Query.wildcard.LEADING | lunr.Query.wildcard.TRAILING;
        query.term(term, { presence: presence, usePipeline: false, wildcard: both });
        return;
      }
      // lunr cannot require one of several words: a word with other forms (its numbered
      // versions, its singular) is optional, and `holdEvery` then keeps the posts that
      // have one of them. The singular weighs as the word: to a reader they are one.
      var plurals = pluralsOf(term);
      var needed = longer.length || one !== term || plurals.length ? optional : presence;
      if (one !== term) query.term(one, { presence: optional, usePipeline: false });
      // The last term may be half typed: it also matches longer words, but a word that
      // is the term itself ranks above them. A single letter ("C++", "C#" → c; α)
      // matches itself only: as a prefix it matches nearly every post.
      if (i === terms.length - 1 && Array.from(term).length > 1) {
        var prefix = lunr.Query.wildcard.TRAILING;
        needed = one !== term ? optional : presence;
        query.term(term, { presence: needed, usePipeline: false, wildcard: prefix, boost: PART });
        query.term(term, { presence: optional, usePipeline: false });
        // (the prefix clause already gave them PART)
        query.term(longer, { presence: optional, usePipeline: false, boost: NUMBERED - PART });
        query.term(plurals, { presence: optional, usePipeline: false, boost: 1 - PART });
        return;
      }
      query.term(term, { presence: needed, usePipeline: false });
      query.term(longer, { presence: optional, usePipeline: false, boost: NUMBERED });
      query.term(plurals, { presence: optional, usePipeline: false });
    });
  };
}

// Whether a matched term `m` is query term `term` (or, as `clauses` takes it, a form of it).
function stands(m, term, last) {
  return m === term || (last && m.indexOf(term) === 0) ||
    (isCjkChar(term) && m.indexOf(term) !== -1) || m === singular(term) || singular(m) === term ||
    (term in numbered && numbered[term].indexOf(m) !== -1);
}

// The results that match every term: the word or another form of it (numbered, singular),
// where `clauses` could not require one of them.
function holdEvery(terms, results) {
  var last = terms.length - 1;
  var loose = terms.filter(function (term, i) {
    return (i < last && (term in numbered || pluralsOf(term).length)) || singular(term) !== term;
  });
  if (!loose.length) return results;
  return results.filter(function (result) {
    var matched = Object.keys(result.matchData.metadata);
    return loose.every(function (term) {
      var i = terms.indexOf(term);
      return matched.some(function (m) { return stands(m, term, i === last); });
    });
  });
}

// The query's words as lists of term positions: the overlapping bigrams of a Chinese
// word (注意力机制 → 注意 意力 力机 机制) are one word, every other term is its own.
function words(terms) {
  var found = [];
  terms.forEach(function (term, i) {
    var before = i ? Array.from(terms[i - 1]) : [];
    var here = Array.from(term);
    var cjk = here.length === 2 && term.codePointAt(0) >= 0x3000;
    if (cjk && before.length === 2 && terms[i - 1].codePointAt(0) >= 0x3000 && before[1] === here[0]) {
      found[found.length - 1].push(i);
    } else {
      found.push([i]);
    }
  });
  return found;
}

// When no post has every term: the posts that have at least half of the query's words,
// most words first. A word of two bigrams needs both (学习率 is not 学习), a longer one
// half of them (注意力机制 finds 注意力); one shared bigram (计算) is no match.
// A long query (a sentence pasted from a post) is split into many words by its
// punctuation and by what a copied formula leaves (N×N gives n, n); a post that holds half
// of its terms is kept too, most terms first. (Measured: a sentence from a post's indexed
// text holds nearly all of its terms; an unrelated one at most a fifth in any post of the
// demo or of 1,000 generated posts, a sentence from another post of the demo a third.)
var LONG = 12;

function partial(terms, results) {
  var wordList = words(terms);
  var last = terms.length - 1;
  var long = terms.length >= LONG;
  var kept = [];
  results.forEach(function (result) {
    var matched = Object.keys(result.matchData.metadata);
    var has = terms.map(function (term, i) {
      return matched.some(function (m) { return stands(m, term, i === last); });
    });
    var count = 0;
    var letters = 0;  // words that are one Latin letter or digit (the T of QK^T)
    wordList.forEach(function (word) {
      var hits = word.filter(function (i) { return has[i]; }).length;
      var need = word.length === 2 ? 2 : Math.ceil(word.length / 2);
      if (hits >= need) count += 1;
      if (hits >= need && /^[a-z0-9]$/.test(terms[word[0]])) letters += 1;
    });
    // A lone letter is in nearly every post: it is no half of a query by itself.
    if (count === letters) count = 0;
    var held = has.filter(Boolean).length;
    if (long && held * 2 >= terms.length) {
      kept.push({ result: result, count: held });
    } else if (count && count * 2 >= wordList.length) {
      kept.push({ result: result, count: long ? held : count });
    }
  });
  kept.sort(function (a, b) { return b.count - a.count || b.result.score - a.result.score; });
  return kept.map(function (k) { return k.result; });
}

// English plurals, found as the singular too: the index keeps words as written (no stemmer,
// DESIGN.md §5), so "gradients" would miss a post that says "gradient". Acronyms count
// (GPUs, LLMs, CNNs); a longer word in -us (corpus, status) or -is (axis) is no plural.
function singular(term) {
  if (!/^[a-z]{3,}s$/.test(term) || /(ss|is|[a-z]{3}us)$/.test(term)) return term;
  if (/(sses|ches|shes|xes)$/.test(term)) return term.slice(0, -2);
  if (/[^aeiou]ies$/.test(term)) return term.slice(0, -3) + "y";
  return term.slice(0, -1);
}

// A long word typed one letter wrong (attenton, optimzer) is looked up as the words one
// edit away, once nothing matched it as typed; every term is still required. Only Latin
// words of five letters or more: a shorter one has too many neighbours (lora, lord, lore).
var TYPO_FROM = 5;

function typoTolerant(term) {
  return /^[a-z]+$/.test(term) && term.length >= TYPO_FROM;
}

function nearly(terms) {
  if (!terms.some(typoTolerant)) return [];
  return index.query(function (query) {
    terms.forEach(function (term) {
      var options = { presence: lunr.Query.presence.REQUIRED, usePipeline: false };
      if (typoTolerant(term)) options.editDistance = 1;
      else if (isCjkChar(term)) options.wildcard = lunr.Query.wildcard.LEADING | lunr.Query.wildcard.TRAILING;
      query.term(term, options);
    });
  });
}

// The plurals of a word that the index holds (transformers for transformer): the same
// word to a reader, they weigh as it does.
function pluralsOf(term) {
  if (!/^[a-z]{3,}$/.test(term)) return [];
  var forms = [term + "s", term + "es", term.replace(/([^aeiou])y$/, "$1ies")];
  return forms.filter(function (form, i) {
    return forms.indexOf(form) === i && form !== term && singular(form) === term &&
      Object.prototype.hasOwnProperty.call(index.invertedIndex, form);
  });
}

// Whether a result matched a name in its code (which the snippet cannot show, only
// the placeholder that stands for the code).
function inCode(result) {
  var metadata = result.matchData.metadata;
  return Object.keys(metadata).some(function (term) { return "code" in metadata[term]; });
}

// A query that is one stop word being typed ("at" on the way to "attention") searches
// it as the start of a word: left out as a stop word, it said no post matched at "at".
// One letter stays out ("a"): as a start, it matches nearly every post.
function typedStopWord(text) {
  var word = /^\s*([A-Za-z]{2,})$/.exec(text);
  return word ? [word[1].toLowerCase()] : [];
}

// The first `limit` results (the rest are only counted: sending every doc of a word in
// hundreds of posts made each keystroke slow), how many there are in all, and the terms
// that found them (with the singulars: a post may have only those) for the page to mark.
function find(text, limit) {
  var terms = mlblogSearchTokens.queryTerms(text);
  if (!terms.length) terms = typedStopWord(text);
  if (!terms.length) return { terms: terms, total: 0, results: [] };
  var results = [];
  var typos = [];
  try {
    results = holdEvery(terms, index.query(clauses(terms, lunr.Query.presence.REQUIRED)));
    // every word, one of them mistyped, before half of the words as typed
    if (!results.length) typos = results = nearly(terms);
    if (!results.length && terms.length > 1) {
      results = partial(terms, index.query(clauses(terms, lunr.Query.presence.OPTIONAL)));
    }
  } catch (err) {
    results = [];
  }
  // the singulars and plurals too, for the page to mark where a post has only them
  var marked = terms.slice();
  terms.forEach(function (term) {
    [singular(term)].concat(pluralsOf(term)).forEach(function (form) {
      if (marked.indexOf(form) === -1) marked.push(form);
    });
  });
  // found by a word one letter off: the words the posts have are what to mark
  typos.slice(0, limit).forEach(function (result) {
    Object.keys(result.matchData.metadata).forEach(function (m) {
      if (marked.indexOf(m) === -1) marked.push(m);
    });
  });
  return {
    terms: marked,
    total: results.length,
    results: results.slice(0, limit).map(function (r) {
      var doc = docs[Number(r.ref)];
      return inCode(r) ? Object.assign({ k: 1 }, doc) : doc;  // k: found in its code
    }),
  };
}

self.onmessage = function (event) {
  var message = event.data;
  if (message.type === "load") {
    // again: `mlblog serve` made a new index (a post added): queries from now on wait for it
    if (ready && !message.again) return;
    if (!ready) importScripts(message.lunr, message.tokens);
    ready = fetch(message.index)
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        index = lunr.Index.load(data.index);
        docs = data.docs;
        numbered = numberedWords(index.invertedIndex);
      });
    return;
  }
  if (message.type === "query") {
    ready
      .then(function () {
        var found = find(message.query, message.limit);
        self.postMessage({ id: message.id, terms: found.terms, total: found.total, results: found.results });
      })
      .catch(function (err) {
        self.postMessage({ id: message.id, error: String(err) });
      });
  }
};
