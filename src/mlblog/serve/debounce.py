"""Bursts of file events become one rebuild, and rebuilds never overlap."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Debouncer(Generic[T]):
    """Collects items; once no new item came for `quiet` seconds, calls `action(items)`.

    One worker thread runs the actions one after another; items that arrive while an
    action runs are gathered for the next call. `prepare`, if given, runs first on that
    thread: a head start for the first action, which waits for it.
    """

    def __init__(
        self,
        quiet: float,
        action: Callable[[set[T]], None],
        prepare: Callable[[], None] | None = None,
    ) -> None:
        self.quiet = quiet
        self._action = action
        self._prepare = prepare
        self._pending: set[T] = set()
        self._last = 0.0
        self._stopped = False
        self._wake = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="mlblog-rebuild", daemon=True)
        self._thread.start()

    def poke(self, item: T) -> None:
        with self._wake:
            self._pending.add(item)
            self._last = time.monotonic()
            self._wake.notify()

    def stop(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        if self._prepare is not None:
            # Only a head start: the action that needs what failed meets (and reports) it.
            with contextlib.suppress(Exception):
                self._prepare()
        while True:
            with self._wake:
                while not self._pending and not self._stopped:
                    self._wake.wait()
                if self._stopped:
                    return
                while (wait := self._last + self.quiet - time.monotonic()) > 0:
                    self._wake.wait(wait)
                    if self._stopped:
                        return
                items, self._pending = self._pending, set()
            self._action(items)


class Relay(Generic[T]):
    """Passes items on to a receiver connected later; items before that are kept for it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: set[T] = set()
        self._receiver: Callable[[T], None] | None = None

    def poke(self, item: T) -> None:
        with self._lock:
            receiver = self._receiver
            if receiver is None:
                self._kept.add(item)
                return
        receiver(item)

    def connect(self, receiver: Callable[[T], None]) -> None:
        """From now on items go to `receiver`, the kept ones first."""
        with self._lock:
            kept, self._kept = self._kept, set()
            self._receiver = receiver
        for item in kept:
            receiver(item)
