"""The dev server's HTTP side: the site under base_url's path from memory, nothing else."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from mlblog.serve.http import LiveSite, Served, make_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp_path = tmp_path_factory.mktemp("serve")
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    font = tmp_path / "f.woff2"
    font.write_bytes(b"wOF2")
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "link.txt").symlink_to(secret)
    site = LiveSite("/notes/")
    site.publish(
        Served(
            "/notes/",
            {
                "index.html": b"<html><body>home</body></html>",
                "posts/a/index.html": b"<html><body>post a</body></html>",
                "404.html": b"<html><body>lost</body></html>",
                "atom.xml": b"<feed/>",
                "search.json": b"{}",
            },
            {"katex/fonts/f.woff2": font},
        )
    )
    httpd = make_server("127.0.0.1", 0, site)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    site.channel.close()
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), dict(exc.headers)


def test_serves_under_base_path(server: str) -> None:
    status, body, _ = fetch(f"{server}/notes/")
    assert status == 200 and "home" in body
    assert "post a" in fetch(f"{server}/notes/posts/a/")[1]
    assert "home" in fetch(f"{server}/")[1]  # redirected to /notes/
    assert "post a" in fetch(f"{server}/notes/posts/a")[1]  # folder → slash


def test_reload_script_injected_into_html_only(server: str) -> None:
    body = fetch(f"{server}/notes/")[1]
    assert body.index('<script src="/__mlblog/live.js"') < body.index("</body>")
    assert "live.js" not in fetch(f"{server}/notes/atom.xml")[1]
    status, script, headers = fetch(f"{server}/__mlblog/live.js")
    assert status == 200 and "EventSource" in script
    assert headers["Content-Type"].startswith("text/javascript")


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/notes/atom.xml", "application/xml"),
        ("/notes/search.json", "application/json"),
        ("/notes/katex/fonts/f.woff2", "font/woff2"),
        ("/notes/", "text/html"),
    ],
)
def test_content_types_and_no_store(server: str, path: str, kind: str) -> None:
    _, _, headers = fetch(server + path)
    assert headers["Content-Type"].startswith(kind)
    assert headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/notes/../secret.txt",
        "/notes/%2e%2e/secret.txt",
        "/notes/%2E%2E/%2E%2E/secret.txt",
        "/notes/static/link.txt",
        "/notes/..%2fsecret.txt",
        "/notes/missing/",
        "/posts/a/",
    ],
)
def test_outside_or_missing_is_404(server: str, path: str) -> None:
    status, body, _ = fetch(server + path)
    assert status == 404
    assert "secret" not in body
    assert "lost" in body
