"""Serving a built site from memory under base_url's path, and nothing else.

Lookups are by output-relative name in the built site's tables, never by joining
request paths onto a folder, so `..`, `%2e%2e` and symlinks cannot reach other files.
"""

from __future__ import annotations

import mimetypes
import posixpath
import socket
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from mlblog.serve.changed import changed_pages, outputs
from mlblog.serve.notice import GONE, LEFT_OUT, with_notice
from mlblog.serve.reload import (
    EVENTS_PATH,
    SCRIPT_PATH,
    WORKER_PATH,
    ReloadChannel,
    inject,
    live_js,
    live_worker_js,
)

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".png": "image/png",
}
KEEPALIVE_SECONDS = 15.0
MAX_CONNECTIONS = 64  # SSE streams of open tabs included
SOCKET_TIMEOUT = 60.0  # a client that stops reading or sending is dropped after this

WAITING_PAGE = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>mlblog: waiting for a good build</title></head><body>
<p>The site has not built yet; the errors are shown here and in the terminal.</p></body></html>"""


@dataclass(frozen=True, slots=True)
class Served:
    """What the server currently shows: files in memory and files to read from disk."""

    base_path: str
    files: Mapping[str, bytes]  # unpacked on each request (mlblog.packed)
    copies: dict[str, Path]
    deferred: Mapping[str, Callable[[], bytes]] = field(default_factory=dict)
    # output name of a post's or page's earlier address → its site path now (a slug or
    # file renamed while serving): the page open at the old address follows it
    moved: Mapping[str, str] = field(default_factory=dict)
    # output name a draft or later-dated post would have → why it is left out (a 404 says it)
    skipped: Mapping[str, str] = field(default_factory=dict)
    # output name of a post or page whose file went while serving → that file (a 404 says it)
    gone: Mapping[str, str] = field(default_factory=dict)
    # base paths served before (base_url edited while serving), newest first: a tab open
    # under one follows the site to its new place instead of reloading to a 404
    former_bases: tuple[str, ...] = ()


class LiveSite:
    """The site being served; swapped whole after each good build."""

    def __init__(self, base_path: str) -> None:
        self.channel = ReloadChannel()
        self._lock = threading.Lock()
        self._publishing = threading.Lock()  # builds are compared in the order they came
        self._served = Served(base_path, {}, {})
        self._version = self.channel.state.version
        self._outputs = outputs({}, {})  # of the site served, to tell what the next one changed

    @property
    def served(self) -> Served:
        with self._lock:
            return self._served

    def snapshot(self) -> tuple[Served, str]:
        """The site and the build version it is, taken together: a page of the last
        build marked with the new version would never reload to the new one."""
        with self._lock:
            return self._served, self._version

    def publish(self, served: Served) -> None:
        """Serve a new build; open pages it changed reload (the others stay as they are)."""
        with self._publishing:
            # stats the copies: requests go on meanwhile
            new = outputs(served.files, served.copies, served.deferred)
            pages = changed_pages(self._outputs, new)
            self._outputs = new
            with self._lock:
                self._served = served
                self.channel.built(pages)
                self._version = self.channel.state.version


@dataclass(frozen=True, slots=True)
class Redirect:
    location: str


def lookup(served: Served, request_path: str) -> tuple[str, bytes | Path] | Redirect | None:
    """(output name, bytes or file to read) for a request, a redirect, or None for 404."""
    path = unquote(urlsplit(request_path).path)
    base = served.base_path
    if base != "/" and path in ("/", "", base.rstrip("/")):
        return Redirect(base)
    if not path.startswith(base):
        former = next((old for old in served.former_bases if path.startswith(old)), None)
        if former is not None:
            query = urlsplit(request_path).query
            return Redirect(quote(base + path[len(former) :]) + (f"?{query}" if query else ""))
    name = output_name(served, request_path)
    if name is None:
        return None
    if name in served.files:
        return name, served.files[name]
    if name in served.deferred:
        return name, served.deferred[name]()
    if name in served.copies:
        return name, served.copies[name]
    if f"{name}/index.html" in served.files:
        return Redirect(urlsplit(request_path).path + "/")
    if name in served.moved:
        return Redirect(quote(base + served.moved[name].lstrip("/")))
    return None


def output_name(served: Served, request_path: str) -> str | None:
    """The output file a request asks for, or None for one outside the site."""
    path = unquote(urlsplit(request_path).path)
    base = served.base_path
    if not path.startswith(base):
        return None
    relative = path[len(base) :]
    if "\\" in relative or any(part in ("..", ".") for part in relative.split("/")):
        return None
    return relative + "index.html" if relative == "" or relative.endswith("/") else relative


class SiteHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT

    def __init__(self, *args: object, site: LiveSite, **kwargs: object) -> None:
        self.site = site
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        path = urlsplit(self.path).path
        if path == EVENTS_PATH:
            self._events()
            return
        if path in (SCRIPT_PATH, WORKER_PATH):
            script = live_js() if path == SCRIPT_PATH else live_worker_js()
            self._send(HTTPStatus.OK, ".js", script, send_body)
            return
        served, version = self.site.snapshot()
        found = lookup(served, self.path)
        if isinstance(found, Redirect):
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", found.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = HTTPStatus.OK
        note: tuple[str, str] | None = None  # why, heading
        if found is None:
            status = HTTPStatus.NOT_FOUND
            page = served.files.get("404.html")
            found = ("404.html", page if page is not None else WAITING_PAGE)
            note = _note(served, output_name(served, self.path) or "")
        name, data = found
        body = _read(data)
        if note is not None and body is not None:
            body = with_notice(body, *note)
        if body is None:
            status, name, body = HTTPStatus.NOT_FOUND, "404.txt", b"not found"
        suffix = posixpath.splitext(name)[1]
        if suffix == ".html":
            # a 404 is no page of the site: any build may be the one that makes it
            body = inject(body, version, name if status is HTTPStatus.OK else "")
        self._send(status, suffix, body, send_body)

    def _send(self, status: HTTPStatus, suffix: str, body: bytes, send_body: bool) -> None:
        kind = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(f"x{suffix}")[0]
        self.send_response(status)
        self.send_header("Content-Type", kind or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _events(self) -> None:
        """Server-Sent Events: the current state now, then each new one."""
        channel = self.site.channel
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        state = channel.state
        try:
            self._event(state.as_json())
            while not channel.closed:
                new = channel.wait(state, KEEPALIVE_SECONDS)
                if new is None:
                    self.wfile.write(b": keepalive\n\n")
                    self.wfile.flush()
                    continue
                state = new
                self._event(state.as_json())
        except OSError:  # the tab was closed, or stopped reading
            return

    def _event(self, data: str) -> None:
        self.wfile.write(f"event: state\ndata: {data}\n\n".encode())
        self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal is for build diagnostics."""


def _note(served: Served, name: str) -> tuple[str, str] | None:
    """(why, heading) of the note on a 404 at this output name, when serve knows why."""
    if name in served.skipped:
        return served.skipped[name], LEFT_OUT
    if name in served.gone:
        return f"{served.gone[name]} was deleted or moved out of content/", GONE
    return None


def _read(data: bytes | Path) -> bytes | None:
    if isinstance(data, bytes):
        return data
    try:
        return data.read_bytes()
    except OSError:
        return None


class BoundedServer(ThreadingHTTPServer):
    """One thread per connection, but at most MAX_CONNECTIONS at once: the rest wait in
    the listen queue instead of starting threads without limit (a burst of requests, or a
    client that opens sockets and never reads, cannot exhaust the machine)."""

    daemon_threads = True
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], handler: Callable[..., SiteHandler]) -> None:
        if ":" in address[0]:  # --host :: or ::1
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request: Any, client_address: Any) -> None:
        self._slots.acquire()
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that goes away mid-response is normal, not worth a traceback."""
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)


def make_server(host: str, port: int, site: LiveSite) -> ThreadingHTTPServer:
    return BoundedServer((host, port), partial(SiteHandler, site=site))
