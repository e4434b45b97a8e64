"""Work that runs in another process while the build goes on (the search index, while
pages are templated and written): on two cores, a second CPU-bound stage costs no wall time.

Processes are spawned, not forked, for the same reason as render workers: the dev
server has threads.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def _run(connection: Connection, function: Callable[..., Any], args: tuple[object, ...]) -> None:
    try:
        connection.send((True, function(*args)))
    except BaseException as exc:  # handed to the parent, which raises it
        connection.send((False, exc))
    finally:
        connection.close()


class Background(Generic[T]):
    """One call in one spawned process. `result()` waits for it; `cancel()` (a build that
    failed meanwhile) stops it instead of waiting."""

    def __init__(self, function: Callable[..., T], *args: object) -> None:
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(child, function, args), daemon=True)
        self._process.start()
        child.close()

    def result(self) -> T:
        try:
            ok, value = self._connection.recv()
        finally:
            self._connection.close()
            self._process.join()
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def cancel(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._connection.close()
