"""Rendering cache misses in worker processes, each with its own KaTeX worker.

Worth it only for many documents: a worker costs about half a second to start
(imports, a node process), so few misses render in the build process itself.
Processes are forked only when the build process has no other thread (`mlblog build`
on Linux: a forked worker starts at once, with the build's modules loaded); otherwise
(the dev server has threads, and a forked copy of a threaded process can deadlock) they
are spawned. Each worker keeps the formulas it typesets in
the site's persistent cache, as the build process does, so a later build that
renders one edited post finds its formulas there and never starts node.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from mlblog.cache import Cache
from mlblog.render.result import Rendered, RenderSettings

MIN_PER_WORKER = 48  # below this many misses per worker, starting workers costs more
TASKS_PER_WORKER = 8  # jobs go out in chunks: fewer round trips, still balanced
Job = tuple[str, str | None, RenderSettings]


class _Worker:
    """What one worker process keeps between its tasks."""

    def __init__(self, katex_dir: str, macros: tuple[tuple[str, str], ...], cache: str) -> None:
        from mlblog.render.markdown import MarkdownRenderer
        from mlblog.render.math import KatexEngine

        self.store = Cache(Path(cache)) if cache else None
        self.renderer = MarkdownRenderer(KatexEngine(Path(katex_dir), macros, self.store))

    def render(self, jobs: Sequence[Job]) -> list[Rendered]:
        results = [self.renderer.render(*job) for job in jobs]
        if self.store is not None:
            self.store.flush()  # the new formulas, before the build moves on
        return results


# The one piece of module state: each worker process's own renderer, set once.
_worker: _Worker | None = None


def _start_worker(katex_dir: str, macros: tuple[tuple[str, str], ...], cache: str) -> None:
    global _worker
    _worker = _Worker(katex_dir, macros, cache)


def _render(jobs: Sequence[Job]) -> list[Rendered]:
    assert _worker is not None
    return _worker.render(jobs)


def worker_count(misses: int, jobs: int) -> int:
    """How many workers pay for themselves for this many documents (0: render here)."""
    if jobs <= 1:
        return 0
    useful = min(jobs, misses // MIN_PER_WORKER)
    return useful if useful >= 2 else 0


class RenderPool:
    """Worker processes, started at once (a cold build starts them while it still reads
    the sources, so their start-up overlaps that), used for one batch of jobs."""

    def __init__(
        self,
        workers: int,
        katex_dir: Path,
        macros: tuple[tuple[str, str], ...],
        cache: Path | None = None,
    ) -> None:
        """`cache`: the SQLite file the workers keep formulas in."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers
        self._pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context(_start_method()),
            initializer=_start_worker, initargs=(str(katex_dir), macros, str(cache or "")),
        )  # fmt: skip
        for _ in range(workers):  # the pool starts a process per task it cannot place
            self._pool.submit(_ready)

    def render(self, jobs: Sequence[Job]) -> Iterator[Rendered]:
        """Every job's result, in order, each as soon as its chunk is done."""
        size = max(1, len(jobs) // (self.workers * TASKS_PER_WORKER))
        chunks = [jobs[start : start + size] for start in range(0, len(jobs), size)]
        for chunk in self._pool.map(_render, chunks):
            yield from chunk

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _start_method() -> str:
    import sys
    import threading

    alone = threading.active_count() == 1
    return "fork" if alone and sys.platform == "linux" else "spawn"


def _ready() -> None:
    """A task that only makes the pool start a worker."""
