"""The search index file of each build (search.json): the last build's while nothing a
search sees has changed, else the render cache's, else made in a process of its own (a
one-off build with many posts, while the pages are templated) or when first asked for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from mlblog.cache import Cache
from mlblog.cache import key as cache_key
from mlblog.index import SiteIndex
from mlblog.render.result import Rendered
from mlblog.search.docs import SearchDocs
from mlblog.search.index import CollectedIndex, SearchDoc, build_search_index, search_payload
from mlblog.urls import Urls

if TYPE_CHECKING:
    from mlblog.background import Background

SEARCH_MODULES = ("mlblog.search.index", "mlblog.search.tokens", "mlblog.search.lunr_format")
# A one-off build with fewer posts makes its index at once: a process costs more.
BACKGROUND_FROM = 200


class Deferred:
    """A file made on first use and then kept: `serve` builds the search index only
    when a page searches, so an edit reloads without waiting for the index."""

    def __init__(self, make: Callable[[], bytes]) -> None:
        self._make: Callable[[], bytes] | None = make
        self._data = b""
        self._lock = threading.Lock()

    def __call__(self) -> bytes:
        with self._lock:
            if self._make is not None:
                self._data, self._make = self._make(), None
            return self._data


class SearchFile:
    """`defer`: made only when asked (serve and check), never in another process."""

    def __init__(self, defer: bool) -> None:
        self.defer = defer
        self._docs = SearchDocs()
        self.last: tuple[tuple[SearchDoc, ...], Deferred] | None = None  # docs, their file
        self._gzipped = 0  # see gzipped
        self._unstored: tuple[bytes, bytes, Callable[[], int]] | None = None
        self._background: Background[bytes] | None = None
        self._early: Background[bytes] | None = None  # started, not called yet
        self._store: Cache | None = None

    def reset(self) -> None:
        """site.yaml changed: nothing of the last index is kept."""
        self._docs = SearchDocs()
        self.last = None

    def start_early(self, sources: int, cores: int) -> None:
        """A first build of many posts starts the index's process before anything else
        (forked while the build has no thread yet: the render pool starts one)."""
        if sources >= BACKGROUND_FROM and cores > 1 and not self.defer:
            from mlblog.background import Background

            self._early = Background(SEARCH_MODULES)

    def made(
        self,
        index: SiteIndex,
        rendered: dict[str, Rendered],
        urls: Urls,
        store: Cache | None,
        versions: tuple[str, ...],
        cores: int,
    ) -> Deferred:
        """How to make the search JSON; reused as long as nothing a search sees changed."""
        docs = self._docs.update(index, rendered, urls)
        if self.last is not None and self.last[0] == docs:
            return self.last[1]
        self._store = store
        stored_key = cache_key(versions, "search", docs)
        found = store.get("search", stored_key) if store is not None else None
        collected: CollectedIndex | None = None
        early, self._early = self._early, None
        if found is None and not self.defer and cores > 1 and len(docs) >= BACKGROUND_FROM:
            from mlblog.background import Background

            process = early or Background(SEARCH_MODULES)
            self._background = process.call(build_search_index, docs)
            collected = CollectedIndex(self._background.result)
        elif early is not None:  # started for a build that turned out not to need it
            early.cancel()

        def make() -> bytes:
            if isinstance(found, tuple) and isinstance(found[0], bytes):
                data, self._gzipped = cast(tuple[bytes, int], found)
            elif collected is not None:  # its size is measured while the files are written
                data, self._background = collected.data(), None
                self._unstored = (stored_key, data, collected.gzipped)
            else:
                data, self._gzipped = search_payload(docs)
                self._keep(stored_key, data, self._gzipped)
            return data

        file = Deferred(make)
        self.last = (docs, file)
        return file

    @property
    def gzipped(self) -> int:
        """Size of the search index after gzip -6, once it is made. An index made in the
        background is kept in the cache from here, with its size."""
        unstored, self._unstored = self._unstored, None
        if unstored is not None:
            stored_key, data, size = unstored
            self._gzipped = size()
            self._keep(stored_key, data, self._gzipped)
        return self._gzipped

    def _keep(self, stored_key: bytes, data: bytes, gzipped: int) -> None:
        if self._store is not None:
            self._store.put("search", stored_key, (data, gzipped))
            self._store.retain("search", [stored_key])  # one index per site is enough

    def cancel(self) -> None:
        """Stop the index's process: the build failed, or its cache is made afresh."""
        for process in (self._background, self._early):
            if process is not None:
                process.cancel()
        self._background = self._early = None
        self._unstored = None
        self._store = None

    def close(self, store_open: bool) -> None:
        """The builder closes: an index made in the background is kept in the cache first
        (`store_open`: the cache can still be written)."""
        if store_open and self._unstored is not None:
            self.gzipped  # noqa: B018 - keeps it
        self.cancel()
