"""A lunr.js 2.3.9 index (its `Index.toJSON()`) as JSON text, made from pre-tokenized fields.

This is what lunr.py's `Builder` computes when nothing but terms goes in (no pipeline,
no metadata, every document boost 1): BM25 field vectors (k1 = 1.2, b = 0.75, scores
multiplied by the field's boost and rounded to 3 places) and an inverted index whose
postings list, per field, the documents that hold the term. lunr.py makes a `Token`
with a deep-copied metadata dict per term occurrence and a binary search per vector
entry, and its index is a dict per posting: ~1.7 s at 1,000 posts, a ~500 MB process at
10,000. Here the terms are counted a document at a time and the index is written as
JSON text as it is made: ~0.4 s (tokenizing included), 153 MB (tests/test_search_index.py
checks that the text is exactly lunr.py's JSON, so lunr.py stays the reference).
"""

from __future__ import annotations

import json
import math
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

LUNR_JS_VERSION = "2.3.9"
K1 = 1.2
B = 0.75

Document = Sequence[Sequence[str]]  # one list of terms per field, in the fields' order


def lunr_index_json(fields: Sequence[tuple[str, int]], documents: Iterable[Document]) -> bytes:
    """The index of `documents` (refs "0", "1", …) over `fields` (name, boost), as compact
    UTF-8 JSON, the inverted index in UTF-16 order as lunr.js needs it. Written in
    pieces of bytes: as one `str`, its CJK terms would take two bytes per character.

    Field names and refs go into the text as they are: names are plain identifiers."""
    names = [name for name, _ in fields]
    numbers: dict[str, int] = {}  # term → its number, in order of first appearance
    holders: list[list[list[str]]] = []  # per term number: per field, `"ref":{}` of each
    # Per document and field: (field ref, field position, length, term numbers, their counts),
    # the numbers in ascending order as the vector lists them; arrays take a tenth of the
    # memory of a dict per field.
    counted: list[tuple[str, int, int, array[int], array[int]]] = []
    totals = [0] * len(fields)
    count = 0
    for count, document in enumerate(documents, 1):
        ref = str(count - 1)
        posting = f'"{ref}":{{}}'
        for position, terms in enumerate(document):
            counts = Counter([term.lower() for term in terms])
            totals[position] += len(terms)
            for term in counts:
                if (number := numbers.get(term)) is None:
                    number = numbers[term] = len(holders)
                    holders.append([[] for _ in names])
                holders[number][position].append(posting)
            ordered = sorted([(numbers[term], tf) for term, tf in counts.items()])
            counted.append((f"{names[position]}/{ref}", position, len(terms),
                            array("l", [n for n, _ in ordered]),
                            array("l", [tf for _, tf in ordered])))  # fmt: skip
    averages = [total / (count or 1) for total in totals]
    idfs = [_idf(sum(map(len, held)), count) for held in holders]
    vectors: list[bytes] = []
    for field_ref, position, length, term_numbers, tfs in counted:
        elements = []
        if length:
            norm = K1 * (1 - B + B * (length / averages[position]))
            boost = fields[position][1]
            for number, tf in zip(term_numbers, tfs, strict=True):
                score = idfs[number] * ((K1 + 1) * tf) / (norm + tf) * boost
                elements.append(f"{number},{round(score, 3)!r}")
        vectors.append(f'["{field_ref}",[{",".join(elements)}]]'.encode())
    del counted
    inverted: list[bytes] = []
    for term in sorted(numbers, key=_utf16):
        number = numbers[term]
        postings = "".join(
            f'"{name}":{{{",".join(refs)}}},'
            for name, refs in zip(names, holders[number], strict=True)
        )
        inverted.append(f'[{_json(term)},{{{postings}"_index":{number}}}]'.encode())
    head = f'{{"version":"{LUNR_JS_VERSION}","fields":{_json(names)},"fieldVectors":['
    return b"".join([
        head.encode(), b",".join(vectors), b'],"invertedIndex":[', b",".join(inverted),
        b'],"pipeline":[]}',
    ])  # fmt: skip


def _idf(documents_with_term: int, document_count: int) -> float:
    """lunr's idf: every (field, document) that holds the term counts once."""
    x = (document_count - documents_with_term + 0.5) / (documents_with_term + 0.5)
    return math.log(1 + abs(x))


def _utf16(term: str) -> bytes:
    return term.encode("utf-16-be")


_json: Callable[[object], str] = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
