"""The local server: the site under base_url's path, nothing outside the output folder."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from mlblog.serve.http import make_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "public"
    (root / "posts/a").mkdir(parents=True)
    (root / "index.html").write_text("home", encoding="utf-8")
    (root / "posts/a/index.html").write_text("post a", encoding="utf-8")
    (root / "404.html").write_text("lost", encoding="utf-8")
    (root / "atom.xml").write_text("<feed/>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    httpd = make_server("127.0.0.1", 0, root, "/notes/")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), dict(exc.headers)


def test_serves_under_base_path(server: str) -> None:
    assert fetch(f"{server}/notes/")[:2] == (200, "home")
    assert fetch(f"{server}/notes/posts/a/")[:2] == (200, "post a")
    assert fetch(f"{server}/")[:2] == (200, "home")  # redirected to /notes/
    assert fetch(f"{server}/notes/posts/a")[:2] == (200, "post a")  # folder → slash


def test_headers(server: str) -> None:
    _, _, headers = fetch(f"{server}/notes/atom.xml")
    assert headers["Content-Type"].startswith("application/xml")
    assert headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "path", ["/notes/../secret.txt", "/notes/%2e%2e/secret.txt", "/notes/missing/", "/posts/a/"]
)
def test_outside_or_missing_is_404(server: str, path: str) -> None:
    status, body, _ = fetch(server + path)
    assert status == 404
    assert "secret" not in body
