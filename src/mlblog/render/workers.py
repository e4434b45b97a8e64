"""Rendering cache misses in worker processes, each with its own KaTeX worker.

Worth it only for many documents: a worker costs about half a second to start
(imports, a node process), so few misses render in the build process itself.
Processes are spawned, not forked: the dev server has threads, and a forked copy
of a threaded process can deadlock.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from mlblog.render.markdown import MarkdownRenderer
from mlblog.render.math import KatexEngine
from mlblog.render.result import Rendered, RenderSettings

MIN_PER_WORKER = 48  # below this many misses per worker, starting workers costs more
Job = tuple[str, str | None, RenderSettings]

# The one piece of module state: each worker process's own renderer, set once.
_worker_renderer: MarkdownRenderer | None = None


def _start_worker(katex_dir: str, macros: tuple[tuple[str, str], ...]) -> None:
    global _worker_renderer
    _worker_renderer = MarkdownRenderer(KatexEngine(Path(katex_dir), macros))


def _render(job: Job) -> Rendered:
    assert _worker_renderer is not None
    return _worker_renderer.render(*job)


def worker_count(misses: int, jobs: int) -> int:
    """How many workers pay for themselves for this many documents (0: render here)."""
    if jobs <= 1:
        return 0
    useful = min(jobs, misses // MIN_PER_WORKER)
    return useful if useful >= 2 else 0


def render_in_workers(
    jobs: Sequence[Job], workers: int, katex_dir: Path, macros: tuple[tuple[str, str], ...]
) -> list[Rendered]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context,
        initializer=_start_worker, initargs=(str(katex_dir), macros),
    ) as pool:  # fmt: skip
        chunk = max(1, len(jobs) // (workers * 8))
        return list(pool.map(_render, jobs, chunksize=chunk))
