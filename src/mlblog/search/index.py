"""The prebuilt search index: a lunr.js index of pre-tokenized fields (search.lunr_format).

What is indexed (a full-body index measured 7.9 MB gzipped per 1,000 posts):
title (boost 10), tags and series (5), category (3), headings (2) and the post's summary, if it
has one, the opening of its prose (render.markdown.OPENING_CHARS characters, code
and math excluded) and the names of parts its code uses (render.code_names, 1).
Measured lunr facts handled: no trimmer and no stemmer (both disagree with lunr.js,
see DESIGN.md §5), and the inverted index in UTF-16 order, which lunr.js requires
when loading.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

FIELDS = (
    ("title", 10), ("tags", 5), ("category", 3), ("headings", 2), ("text", 1), ("code", 1)
)  # fmt: skip


_HTML_SAFE = ((b"<", b"\\u003c"), (b">", b"\\u003e"), (b"&", b"\\u0026"))


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One post as the search sees it; `url` is the href to link to."""

    url: str
    title: str
    date: str
    category: str
    tags: tuple[str, ...]
    headings: tuple[str, ...]
    text: str  # the opening of the prose
    excerpt: str  # shown under a result
    lang: str = ""  # the post's language where it is not the site's (its title read in it)
    # the title as results show it, its formulas as they read (O(n²)); "": `title`, which
    # the search's terms come from (their TeX as written: `n^2`, `sqrt` find it)
    shown_title: str = ""
    code: tuple[str, ...] = ()  # names of parts its code uses (render.code_names)


def build_search_index(docs: Sequence[SearchDoc]) -> bytes:
    """`{"index": <lunr.js 2.3.9 index>, "docs": [...]}` as compact UTF-8 JSON."""
    from mlblog.search.lunr_format import lunr_index_json  # not needed by cached builds

    index = lunr_index_json(FIELDS, (terms(doc) for doc in docs))  # tokenized one by one
    shown = [
        {"u": d.url, "t": d.shown_title or d.title, "d": d.date, "c": d.category, "e": d.excerpt}
        | ({"l": d.lang} if d.lang else {})
        | ({"g": list(d.tags)} if d.tags else {})  # a result shows the tags that matched
        for d in docs
    ]
    text = json.dumps(shown, ensure_ascii=False, separators=(",", ":")).encode()
    data = b"".join([b'{"index":', index, b',"docs":', text, b"}"])
    del index, text
    # <, > and & only occur inside JSON strings; escaped, a title such as `</script>` stays
    # inert even if the JSON is ever inlined into a page.
    for plain, escaped in _HTML_SAFE:
        data = data.replace(plain, escaped)
    return data


def terms(doc: SearchDoc) -> tuple[list[str], ...]:
    """The terms of each of FIELDS."""
    from mlblog.search.tokens import tokenize  # not needed by cached builds

    return (
        tokenize(doc.title),
        [term for tag in doc.tags for term in tokenize(tag)],
        tokenize(doc.category),
        [term for heading in doc.headings for term in tokenize(heading)],
        tokenize(doc.text),
        [term for name in doc.code for term in tokenize(name)],
    )


def search_payload(docs: Sequence[SearchDoc]) -> tuple[bytes, int]:
    """The index JSON and its size after gzip -6 (what the build summary reports)."""
    data = build_search_index(docs)
    return data, gzipped_size(data)


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, 6))


class CollectedIndex:
    """The index a search process makes, taken by a thread as soon as it is sent, which
    then measures its gzip -6 size (zlib lets go of the GIL): ~0.15 s per 1,000 posts that
    nothing waits for, started as early as it can be (measured only when the build asked
    for the index, it kept the end of a first build waiting up to 0.15 s)."""

    def __init__(self, fetch: Callable[[], bytes]) -> None:
        self._data = b""
        self._error: BaseException | None = None
        self._size = 0
        self._fetched = threading.Event()
        self._thread = threading.Thread(target=self._collect, args=(fetch,), daemon=True)
        self._thread.start()

    def _collect(self, fetch: Callable[[], bytes]) -> None:
        try:
            self._data = fetch()
        except BaseException as exc:  # raised again where the index is asked for
            self._error = exc
            return
        finally:
            self._fetched.set()
        self._size = gzipped_size(self._data)

    def data(self) -> bytes:
        self._fetched.wait()
        if self._error is not None:
            raise self._error
        return self._data

    def gzipped(self) -> int:
        self._thread.join()
        return self._size
