"""Rendering cache misses in worker processes, two to a KaTeX node (render.katex_server);
then, on a build that rendered many, templating the site's pages in the same workers.

Worth it only for many documents: a worker costs about half a second to start
(imports, a node process), so few misses render in the build process itself.
Workers are forked or spawned as mlblog.processes says. Each worker keeps the
formulas it typesets in the site's persistent cache, as the build process does, so a
later build that renders one edited post finds its formulas there and never starts node.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mlblog import processes
from mlblog.cache import Cache
from mlblog.render.katex_server import WORKERS_PER_NODE
from mlblog.render.result import Job, Rendered

if TYPE_CHECKING:
    from multiprocessing.sharedctypes import Synchronized

    import jinja2

    from mlblog.config import Config
    from mlblog.routes import Route

MIN_PER_WORKER = 48  # below this many misses per worker, starting workers costs more
CHUNKS_AHEAD = 8  # a chunk is this fraction of what is left per worker (guided scheduling)
SMALLEST_CHUNK = 4
T = TypeVar("T")
TemplateSetup = tuple[str, "Config", str]  # site folder, settings, compiled templates ("": none)


class _Worker:
    """What one worker process keeps between its tasks."""

    def __init__(
        self, katex_dir: str, macros: tuple[tuple[str, str], ...], cache: str,
        look_up: tuple[bool, bool], shared: str | None,
    ) -> None:  # fmt: skip
        from mlblog.render.code_cache import HighlightCache
        from mlblog.render.markdown import MarkdownRenderer
        from mlblog.render.math import KatexEngine

        self.store = Cache(Path(cache)) if cache else None
        self.math = KatexEngine(Path(katex_dir), macros, self.store, look_up[0], shared)
        self.math.start()  # nearly every post of ML notes has math
        self.renderer = MarkdownRenderer(self.math, HighlightCache(self.store, look_up[1]))
        self._templates: tuple[TemplateSetup, jinja2.Environment] | None = None

    def render(self, jobs: Sequence[Job]) -> list[Rendered]:
        results = list(self.renderer.render_many(jobs))
        if self.store is not None:
            self.store.flush()  # the new formulas, before the build moves on
        return results

    def template(self, setup: TemplateSetup, routes: Sequence[Route]) -> list[bytes]:
        """Each route's page, packed, as mlblog.pages templates it."""
        from mlblog.pages import template_page
        from mlblog.templates import make_environment

        if self._templates is None or self._templates[0] != setup:
            self.math.close()  # its node process (~50 MB) is not needed for pages
            site_dir, config, compiled = setup
            folder = Path(compiled) if compiled else None
            self._templates = (setup, make_environment(Path(site_dir), config, folder))
        env = self._templates[1]
        return [template_page(env, route) for route in routes]


# The one piece of module state: each worker process's own renderer, set once.
_worker: _Worker | None = None


def _start_worker(
    katex_dir: str, macros: tuple[tuple[str, str], ...], cache: str,
    look_up: tuple[bool, bool], nodes: tuple[str, ...], started: Synchronized[int],
) -> None:  # fmt: skip
    """`nodes`: the shared KaTeX nodes' addresses, two workers to a node, in the order the
    workers start (`started` counts them)."""
    global _worker
    from mlblog.interrupts import ignore_in_helper

    ignore_in_helper()
    with started.get_lock():
        number = started.value
        started.value += 1
    shared = nodes[number // WORKERS_PER_NODE % len(nodes)] if nodes else None
    _worker = _Worker(katex_dir, macros, cache, look_up, shared)


def _render(jobs: Sequence[Job]) -> list[Rendered]:
    assert _worker is not None
    return _worker.render(jobs)


def _template(setup: TemplateSetup, routes: Sequence[Route]) -> list[bytes]:
    assert _worker is not None
    return _worker.template(setup, routes)


def worker_count(misses: int, jobs: int) -> int:
    """How many workers pay for themselves for this many documents (0: render here)."""
    if jobs <= 1:
        return 0
    useful = min(jobs, misses // MIN_PER_WORKER)
    return useful if useful >= 2 else 0


def guided_chunks(items: Sequence[T], workers: int) -> list[Sequence[T]]:
    """Consecutive chunks that shrink as the work runs out: large ones first (fewer round
    trips; no larger than the equal chunks of 1/16 used before, which bounds what is in
    flight at 10,000 posts), small ones last, so the workers finish together. Equal
    chunks left one worker idle for up to 0.15 s at the end of 1,000 posts."""
    chunks: list[Sequence[T]] = []
    start = 0
    while start < len(items):
        size = max(SMALLEST_CHUNK, (len(items) - start) // (workers * CHUNKS_AHEAD))
        chunks.append(items[start : start + size])
        start += size
    return chunks


class RenderPool:
    """Worker processes, started at once (a cold build starts them while it still reads
    the sources, so their start-up overlaps that), used for one batch of jobs and then,
    by a build that keeps them, for one batch of pages."""

    def __init__(
        self,
        workers: int,
        katex_dir: Path,
        macros: tuple[tuple[str, str], ...],
        cache: Path | None = None,
        look_up: tuple[bool, bool] = (True, True),
    ) -> None:
        """`cache`: the SQLite file the workers keep formulas and code blocks in; `look_up`:
        whether they look for formulas and for code blocks there too (render.math.KatexEngine,
        render.code_cache.HighlightCache)."""
        from concurrent.futures import ProcessPoolExecutor

        from mlblog.interrupts import starting_helpers
        from mlblog.render.katex_server import shared_servers
        from mlblog.render.math import WORKER

        self.workers = workers
        self._nodes = shared_servers(workers, WORKER, katex_dir / "dist" / "katex.js")
        context = processes.context()
        started = context.Value("i", 0)
        nodes = tuple(node.address for node in self._nodes)
        self._pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_start_worker,
            initargs=(str(katex_dir), macros, str(cache or ""), look_up, nodes, started),
        )  # fmt: skip
        with starting_helpers():
            for _ in range(workers):  # the pool starts a process per task it cannot place
                self._pool.submit(_ready)

    def render(self, jobs: Sequence[Job]) -> Iterator[Rendered]:
        """Every job's result, in order, each as soon as its chunk is done."""
        for chunk in self._pool.map(_render, guided_chunks(jobs, self.workers)):
            yield from chunk
        self._close_nodes()

    def template(
        self, site_dir: Path, config: Config, compiled: Path | None, routes: Sequence[Route]
    ) -> Iterator[bytes]:
        """Each route's page, packed, in order, as soon as its chunk is done; all the
        work is handed out now."""
        from multiprocessing.reduction import ForkingPickler
        from types import MappingProxyType

        # Front matter is kept in read-only views, which pickle does not take as they are.
        ForkingPickler.register(MappingProxyType, _reduce_mapping_proxy)
        setup = (str(site_dir), config, str(compiled or ""))
        done = self._pool.map(_template, repeat(setup), guided_chunks(routes, self.workers))
        return (page for chunk in done for page in chunk)

    def _close_nodes(self) -> None:
        """Every formula is typeset: the shared nodes go before the pages are templated,
        when the build holds the most memory (~100 MB each at 10,000 posts)."""
        for node in self._nodes:
            node.close()
        self._nodes = []

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._close_nodes()


def _reduce_mapping_proxy(
    view: Mapping[str, Any],
) -> tuple[Callable[..., Any], tuple[dict[str, Any]]]:
    return _read_only, (dict(view),)


def _read_only(values: dict[str, Any]) -> Mapping[str, Any]:
    from types import MappingProxyType

    return MappingProxyType(values)


def _ready() -> None:
    """A task that only makes the pool start a worker."""
