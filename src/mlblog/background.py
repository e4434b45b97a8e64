"""Work that runs in another process while the build goes on (the search index, while
pages are templated and written): on two cores, a second CPU-bound stage costs no wall time.

The process is forked or spawned as mlblog.processes says.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

from mlblog import processes
from mlblog.interrupts import ignore_in_helper, starting_helpers

T = TypeVar("T")


def _run(connection: Connection, modules: tuple[str, ...]) -> None:
    ignore_in_helper()
    try:
        for module in modules:  # while the call is still being prepared
            importlib.import_module(module)
        function, args = connection.recv()
        connection.send((True, function(*args)))
    except EOFError:  # cancelled before the call arrived
        pass
    except BaseException as exc:  # handed to the parent, which raises it
        connection.send((False, exc))
    finally:
        connection.close()


class Background(Generic[T]):
    """One call in one other process, started before the call is known: `call()` gives
    it the function and arguments, `result()` waits for its value; `cancel()` (a build
    that failed meanwhile, or never needed it) stops it instead of waiting.

    Started early, the process imports `modules` while the build is still busy with what
    the call needs (a cold build starts the search process with its render workers, so
    Python has started before the documents are ready). The call goes to the process from a
    thread: a large argument (the search documents) kept the build waiting until the new
    interpreter had read it (~0.3 s at 1,000 posts)."""

    def __init__(self, modules: tuple[str, ...] = ()) -> None:
        context = processes.context()
        self._connection, child = context.Pipe()
        self._process = context.Process(target=_run, args=(child, modules), daemon=True)
        with starting_helpers():
            self._process.start()
        child.close()
        self._sender: threading.Thread | None = None

    def call(self, function: Callable[..., T], *args: object) -> Background[T]:
        self._sender = threading.Thread(target=self._send, args=((function, args),), daemon=True)
        self._sender.start()
        return self

    def _send(self, call: tuple[Callable[..., T], tuple[object, ...]]) -> None:
        with contextlib.suppress(OSError):  # the process was stopped meanwhile
            self._connection.send(call)

    def result(self) -> T:
        assert self._sender is not None, "call() first"
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
        if self._sender is not None:
            self._sender.join()
        self._connection.close()
