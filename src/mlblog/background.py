"""Work that runs in another process while the build goes on (the search index, while
pages are templated and written): on two cores, a second CPU-bound stage costs no wall time.

Processes are spawned, not forked, for the same reason as render workers: the dev
server has threads.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")


def _run(connection: Connection) -> None:
    try:
        function, args = connection.recv()
        connection.send((True, function(*args)))
    except EOFError:  # cancelled before the call arrived
        pass
    except BaseException as exc:  # handed to the parent, which raises it
        connection.send((False, exc))
    finally:
        connection.close()


class Background(Generic[T]):
    """One call in one spawned process. `result()` waits for it; `cancel()` (a build that
    failed meanwhile) stops it instead of waiting.

    The call and its arguments go to the process from a thread: sent with the start, a
    large argument (the search documents) kept the build waiting until the new
    interpreter had started and read it (~0.3 s at 1,000 posts)."""

    def __init__(self, function: Callable[..., T], *args: object) -> None:
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self._process = context.Process(target=_run, args=(child,), daemon=True)
        self._process.start()
        child.close()
        self._sender = threading.Thread(target=self._send, args=((function, args),), daemon=True)
        self._sender.start()

    def _send(self, call: tuple[Callable[..., T], tuple[object, ...]]) -> None:
        with contextlib.suppress(OSError):  # the process was stopped meanwhile
            self._connection.send(call)

    def result(self) -> T:
        self._sender.join()
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
        self._sender.join()
        self._connection.close()
