"""Serving the output folder under base_url's path, and nothing outside it."""

from __future__ import annotations

import mimetypes
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

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
}


def resolve(root: Path, base_path: str, request_path: str) -> Path | None:
    """The file a URL path names under root, or None if it is outside base_path or root."""
    path = unquote(urlsplit(request_path).path)
    if not path.startswith(base_path):
        return None
    relative = path[len(base_path) :]
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root):
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def _is_folder(root: Path, base_path: str, path: str) -> bool:
    """`/notes/posts/x` names a folder: redirect to `/notes/posts/x/` as static hosts do."""
    decoded = unquote(path)
    if not decoded.startswith(base_path):
        return False
    candidate = (root / decoded[len(base_path) :]).resolve()
    return candidate.is_relative_to(root) and candidate.is_dir()


class SiteHandler(BaseHTTPRequestHandler):
    def __init__(self, *args: object, root: Path, base_path: str, **kwargs: object) -> None:
        self.root = root
        self.base_path = base_path
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        path = urlsplit(self.path).path
        if self.base_path != "/" and path in ("/", ""):
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", self.base_path)
            self.end_headers()
            return
        if not path.endswith("/") and _is_folder(self.root, self.base_path, path):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", path + "/")
            self.end_headers()
            return
        target = resolve(self.root, self.base_path, path)
        status = HTTPStatus.OK
        if target is None:
            status = HTTPStatus.NOT_FOUND
            target = self.root / "404.html"
        body = target.read_bytes() if target.is_file() else b"not found"
        self.send_response(status)
        kind = CONTENT_TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0]
        self.send_header("Content-Type", kind or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal is for build diagnostics."""


def make_server(host: str, port: int, root: Path, base_path: str) -> ThreadingHTTPServer:
    handler = partial(SiteHandler, root=root.resolve(), base_path=base_path)
    return ThreadingHTTPServer((host, port), handler)
