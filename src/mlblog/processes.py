"""How the build starts its other processes (render workers, the search index's, the
first build's writer).

Forked when the build process has no other thread (`mlblog build` on Linux, until it
starts its first thread): a forked process starts at once, with the build's modules
already loaded, where a spawned one starts a new interpreter and imports them again
(~0.1 s of CPU each, while the build is busiest reading the sources). Spawned otherwise:
the dev server has threads, and a forked copy of a threaded process can deadlock.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.context import ForkContext, SpawnContext


def context() -> ForkContext | SpawnContext:
    import multiprocessing

    if threading.active_count() == 1 and sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
