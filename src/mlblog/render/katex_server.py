"""One KaTeX node process shared by two render workers, on a Unix socket.

Each node warms KaTeX up on its first few thousand formulas (V8 compiles its hot code),
~0.6 s of CPU that a node of each worker's own spent once per worker: with a node for
every two workers, a cold build of 1,000 posts used about a tenth less CPU on two cores
(16.0 s → 14.5 s), and holds half as many node processes (~85–105 MB each at 10,000).
Two workers keep one node about half busy, so it never holds them back. Where Unix
sockets are missing (Windows), or a node cannot be reached, each worker starts its own
(render.math.KatexEngine).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import IO

WORKERS_PER_NODE = 2
_CONNECT_FOR = 10.0  # seconds a worker waits for a node still loading KaTeX (~0.3 s)


class KatexServer:
    """A node process running katex_worker.js with `--listen`, started at once; it ends
    when `close` writes to its stdin, or once this process and its forks have exited."""

    def __init__(self, worker: Path, katex_js: Path, node: str) -> None:
        self._folder = tempfile.mkdtemp(prefix="mlblog-katex-")
        self.address = os.path.join(self._folder, "node.sock")  # short: paths end at ~100
        self._process = subprocess.Popen(
            [node, str(worker), str(katex_js), "--listen", self.address],
            stdin=subprocess.PIPE, start_new_session=True,
        )  # fmt: skip

    def close(self) -> None:
        """End the node. A line, not the end of its stdin: the render workers, forked after
        it started, hold that pipe open too (until then the node ran on, and the build
        waited 10 s for it and killed it)."""
        if self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.write(b"end\n")
                self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        shutil.rmtree(self._folder, ignore_errors=True)


def shared_servers(workers: int, worker: Path, katex_js: Path) -> list[KatexServer]:
    """A node for every two of `workers`; none where they cannot be shared."""
    node = shutil.which("node")
    if node is None or not hasattr(socket, "AF_UNIX") or workers < WORKERS_PER_NODE:
        return []
    return [KatexServer(worker, katex_js, node) for _ in range(-(-workers // WORKERS_PER_NODE))]


class Connection:
    """A worker's connection to a shared node, standing in for the node process of its own
    that render.math.KatexEngine otherwise starts (the same protocol on its pipes)."""

    def __init__(self, connected: socket.socket) -> None:
        self._socket = connected
        self.stdin: IO[bytes] = connected.makefile("wb")
        self.stdout: IO[bytes] = connected.makefile("rb")
        self._closed = False

    def poll(self) -> int | None:
        return 0 if self._closed else None

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self._socket.shutdown(socket.SHUT_RDWR)

    def wait(self, timeout: float | None = None) -> int:
        """Let go of the connection (the node goes on for the other workers). Its writing
        side is closed by the engine (render.math._Direct): the socket itself closes once
        both sides are."""
        with contextlib.suppress(OSError):
            self.stdout.close()
        self._socket.close()
        self._closed = True
        return 0


def connect(address: str) -> Connection | None:
    """A connection to the node at `address`, waiting while it loads; None if it cannot be
    reached."""
    deadline = time.monotonic() + _CONNECT_FOR
    while True:
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            client.connect(address)
            return Connection(client)
        except OSError:
            client.close()
            if time.monotonic() > deadline:
                return None
            time.sleep(0.01)
