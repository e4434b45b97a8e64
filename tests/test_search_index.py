"""The search index is lunr's: the same JSON as lunr.py's Builder makes from the same terms."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.generate import generate
from hypothesis import given, settings
from hypothesis import strategies as st
from lunr.builder import Builder

from mlblog.pipeline import BuildOptions, SiteBuilder
from mlblog.search.index import FIELDS, build_search_index, terms
from mlblog.search.lunr_format import lunr_index_json

TERMS = st.sampled_from(["attention", "Adam", "adam", "注意", "意力", "0", "x", "kv", "ÉTÉ", "ß"])
DOCUMENTS = st.lists(st.tuples(*[st.lists(TERMS, max_size=12) for _ in FIELDS]), max_size=8)


def _lunr_py(documents: list[tuple[list[str], ...]]) -> dict[str, Any]:
    """What lunr.py makes of the same terms, set up as mlblog used it until it made the
    index itself: no pipeline, one term per list item, the fields' boosts."""
    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("id")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for number, document in enumerate(documents):
        builder.add(
            {
                "id": str(number),
                **{n: terms for (n, _), terms in zip(FIELDS, document, strict=True)},
            }
        )
    return builder.build().serialize()  # type: ignore[no-any-return]


def _text(index: dict[str, Any]) -> str:
    """lunr.py's index as mlblog writes it: compact, and in the UTF-16 order of lunr.js."""
    index["invertedIndex"].sort(key=lambda pair: pair[0].encode("utf-16-be"))
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


@settings(max_examples=150, deadline=None)
@given(DOCUMENTS.filter(bool))
def test_same_index_as_lunr_py(documents: list[tuple[list[str], ...]]) -> None:
    # Compared as JSON text: key order and float spelling are what lunr.js reads.
    assert lunr_index_json(FIELDS, documents).decode() == _text(_lunr_py(documents))


def test_same_index_as_lunr_py_for_a_generated_site(tmp_path: Path) -> None:
    """Real posts: Chinese and English prose, headings, tags, categories, code."""
    site = generate(tmp_path / "site", 60, seed=5)
    with SiteBuilder(BuildOptions(site_dir=site), defer_search=True) as builder:
        output, _ = builder.build()
        assert output is not None and builder._search.last is not None
        docs = builder._search.last[0]
    data = build_search_index(docs)
    index = json.loads(data)["index"]
    assert len(index["fieldVectors"]) == len(FIELDS) * len(docs) > 0
    ours = data.decode()[len('{"index":') :].split(',"docs":[')[0]
    reference = _text(_lunr_py([terms(doc) for doc in docs]))
    for plain, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        reference = reference.replace(plain, escaped)
    assert ours == reference


def test_no_documents() -> None:
    index = json.loads(build_search_index([]))["index"]
    assert index == {
        "version": "2.3.9",
        "fields": [name for name, _ in FIELDS],
        "fieldVectors": [],
        "invertedIndex": [],
        "pipeline": [],
    }
