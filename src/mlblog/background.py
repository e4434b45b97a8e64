"""Work that runs in another process while the build goes on (the search index, while
pages are templated): on two cores, a second CPU-bound stage costs no wall time.

Processes are spawned, not forked, for the same reason as render workers: the dev
server has threads.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """One call in one spawned process; `result()` waits for it and frees the process."""

    def __init__(self, function: Callable[..., T], *args: object) -> None:
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        self._future: Future[T] = self._pool.submit(function, *args)

    def result(self) -> T:
        try:
            return self._future.result()
        finally:
            self._pool.shutdown(wait=False)
