"""Running `mlblog serve` in a subprocess for tests, and reading its SSE stream."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any


class ServeProcess:
    """`python -m mlblog serve` on a site (port 0 unless given); output lines as they come."""

    def __init__(
        self, site: Path, *args: str, env: dict[str, str] | None = None, group: bool = False
    ) -> None:
        """`group`: in a process group of its own, as a terminal runs it (Ctrl-C reaches
        every process of the group: `os.killpg(process.pid, SIGINT)`)."""
        self.lines: list[str] = []
        port = [] if "--port" in args else ["--port", "0"]
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "mlblog", "serve", *port, *args],
            cwd=site,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
            start_new_session=group,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        match = self.wait_for_line(r"serving at (http://\S+)", timeout=60)
        self.url = match.group(1)
        self.origin = re.match(r"http://[^/]+", self.url).group(0)  # type: ignore[union-attr]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, pattern: str, timeout: float = 20, start: int = 0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[start:]:
                if match := re.search(pattern, line):
                    return match
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.02)
        raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.lines))

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.origin + path, timeout=10) as response:
            return str(response.read().decode())

    def interrupt(self) -> int:
        """Ctrl-C; returns the exit code once the process and every line it printed are in."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=20)
        self._reader.join(timeout=10)  # the last lines may still be in the pipe
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class EventStream:
    """The SSE `state` events of a running server, parsed, in a queue.

    A plain socket, so that close() can shut it down while the reader is blocked.
    """

    def __init__(self, origin: str) -> None:
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        host, port = origin.removeprefix("http://").split(":")
        self._sock = socket.create_connection((host, int(port)), timeout=60)
        self._sock.sendall(f"GET /__mlblog/events HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for raw in self._sock.makefile("rb"):
                line = raw.decode().rstrip("\r\n")
                if line.startswith("data: "):
                    self.events.put(json.loads(line[len("data: ") :]))
        except (OSError, ValueError):
            return

    def next(self, timeout: float = 20) -> dict[str, Any]:
        return self.events.get(timeout=timeout)

    def until(
        self, wanted: Callable[[dict[str, Any]], bool], timeout: float = 20
    ) -> dict[str, Any]:
        """The first event that is `wanted`, skipping others: one save can reach the
        watcher as two bursts on a busy machine, and make two rebuilds of the same state."""
        deadline = time.monotonic() + timeout
        while True:
            event = self.next(timeout=max(0.1, deadline - time.monotonic()))
            if wanted(event):
                return event

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()
