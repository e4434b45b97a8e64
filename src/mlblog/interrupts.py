"""Ctrl-C during a build: the build process alone decides how to stop, and never while
it is updating the output folder.

The terminal sends SIGINT to the whole process group: render workers, the search
index's process and the first build's writer would each print a traceback of their own
and stop mid-task, so they ignore it, and the build process shuts them down as it unwinds.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


def ignore_in_helper() -> None:
    """Called first in each helper process the build starts."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def deferred() -> Iterator[None]:
    """Ctrl-C while the body runs (writing the output folder) takes effect when it ends,
    so the folder is left whole; a second Ctrl-C stops at once. Only the main thread can
    take signals: elsewhere (serve's builds) this changes nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed = False

    def remember(signum: int, frame: FrameType | None) -> None:
        nonlocal pressed
        if pressed:
            raise KeyboardInterrupt
        pressed = True

    previous = signal.signal(signal.SIGINT, remember)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        raise KeyboardInterrupt


@contextmanager
def starting_helpers() -> Iterator[None]:
    """Processes started in the body begin with Ctrl-C blocked (a thread's signal mask is
    inherited through fork and exec): one reached by Ctrl-C while its interpreter starts,
    before `ignore_in_helper` runs, printed a traceback of its own. The process that
    starts them takes a Ctrl-C of this moment when the body ends."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no process groups to worry about
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
