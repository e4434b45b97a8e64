"""A lunr.js 2.3.9 index (its `Index.toJSON()` shape) made from pre-tokenized fields.

This is what lunr.py's `Builder` computes when nothing but terms goes in (no pipeline,
no metadata, every document boost 1): BM25 field vectors (k1 = 1.2, b = 0.75, scores
rounded to 3 places, multiplied by the field's boost) and an inverted index whose
postings list, per field, the documents that hold the term. lunr.py builds it out of
one `Token` (with a deep-copied metadata dict) per term occurrence and a binary search
per vector entry: ~1.7 s and ~500 MB for 1,000 and 10,000 posts' worth of terms, where
counting in dicts takes a tenth of the time and of the memory. tests/test_search.py
checks that both produce the same JSON, so lunr.py stays the reference (DESIGN.md §5).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

LUNR_JS_VERSION = "2.3.9"
K1 = 1.2
B = 0.75

Document = Sequence[Sequence[str]]  # one list of terms per field, in the fields' order


def lunr_index(fields: Sequence[tuple[str, int]], documents: Sequence[Document]) -> dict[str, Any]:
    """The serialized index of `documents` (refs "0", "1", …) over `fields` (name, boost),
    its inverted index sorted by code point as lunr.py writes it."""
    names = [name for name, _ in fields]
    numbers: dict[str, int] = {}  # term → its number, in order of first appearance
    holders: list[list[list[str]]] = []  # per term number: per field, the refs that hold it
    counted: list[tuple[str, int, Counter[str]]] = []  # (field ref, field position, counts)
    totals = [0] * len(fields)
    for index, document in enumerate(documents):
        ref = str(index)
        for position, terms in enumerate(document):
            counts = Counter([term.lower() for term in terms])
            totals[position] += len(terms)
            counted.append((f"{names[position]}/{ref}", position, counts))
            for term in counts:
                if (number := numbers.get(term)) is None:
                    number = numbers[term] = len(holders)
                    holders.append([[] for _ in names])
                holders[number][position].append(ref)
    averages = [total / (len(documents) or 1) for total in totals]
    idfs = [_idf(sum(map(len, held)), len(documents)) for held in holders]
    vectors: list[list[Any]] = []
    for field_ref, position, counts in counted:
        if not counts:
            vectors.append([field_ref, []])
            continue
        norm = K1 * (1 - B + B * (counts.total() / averages[position]))
        boost = fields[position][1]
        elements: list[float] = []
        for number, tf in sorted([(numbers[term], tf) for term, tf in counts.items()]):
            elements += (number, round(idfs[number] * ((K1 + 1) * tf) / (norm + tf) * boost, 3))
        vectors.append([field_ref, elements])
    inverted: list[list[Any]] = []
    for term, number in sorted(numbers.items()):
        posting: dict[str, Any] = {
            n: {ref: {} for ref in refs} for n, refs in zip(names, holders[number], strict=True)
        }
        posting["_index"] = number
        inverted.append([term, posting])
    return {
        "version": LUNR_JS_VERSION,
        "fields": names,
        "fieldVectors": vectors,
        "invertedIndex": inverted,
        "pipeline": [],
    }


def _idf(documents_with_term: int, document_count: int) -> float:
    """lunr's idf: every (field, document) that holds the term counts once."""
    x = (document_count - documents_with_term + 0.5) / (documents_with_term + 0.5)
    return math.log(1 + abs(x))
