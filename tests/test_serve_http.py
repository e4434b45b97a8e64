"""The dev server's HTTP side: the site under base_url's path from memory, nothing else."""

from __future__ import annotations

import socket
import struct
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from mlblog.serve.http import MAX_CONNECTIONS, LiveSite, Served, make_server


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


def raw_get(server: str, path: str) -> tuple[int, bytes]:
    """A request with the path sent byte for byte (urllib would normalize some of them)."""
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data.partition(b"\r\n\r\n")[2]


@pytest.mark.parametrize(
    "path",
    [
        "/notes/../secret.txt",
        "/notes/%2e%2e/secret.txt",
        "/notes/%252e%252e/secret.txt",  # double-encoded
        "/notes/..\\secret.txt",  # backslash
        "/notes/..%5csecret.txt",
        "/notes/%5c..%5csecret.txt",
        "/notes/./../secret.txt",
        "/notes//../secret.txt",
        "/../../../../etc/passwd",
        "/notes/static/link.txt",  # a symlink to a file outside
    ],
)
def test_traversal_never_leaves_the_site(server: str, path: str) -> None:
    status, body = raw_get(server, path)
    assert status in (302, 404)
    assert b"secret" not in body and b"root:" not in body


def _server_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name.startswith("Thread-"))


def test_two_hundred_concurrent_requests(server: str) -> None:
    paths = ["/notes/", "/notes/posts/a/", "/notes/atom.xml", "/notes/nothing"] * 50
    with ThreadPoolExecutor(max_workers=200) as pool:
        statuses = list(pool.map(lambda p: raw_get(server, p)[0], paths))
    assert statuses.count(200) == 150 and statuses.count(404) == 50


def test_idle_connections_do_not_start_unbounded_threads(server: str) -> None:
    host, port = server.removeprefix("http://").split(":")
    before = _server_threads()
    idle = [socket.create_connection((host, int(port)), timeout=10) for _ in range(150)]
    try:
        time.sleep(0.5)
        assert _server_threads() - before <= MAX_CONNECTIONS
    finally:
        for sock in idle:
            sock.close()
    # once they are gone, the server answers again
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and raw_get(server, "/notes/")[0] != 200:
        time.sleep(0.1)
    assert raw_get(server, "/notes/")[0] == 200


def test_client_that_disconnects_mid_stream(server: str) -> None:
    host, port = server.removeprefix("http://").split(":")
    for path in ("/__mlblog/events", "/notes/"):
        sock = socket.create_connection((host, int(port)), timeout=10)
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        sock.recv(10)  # the response has started
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()  # reset, mid-response
    assert raw_get(server, "/notes/")[0] == 200


def test_a_page_is_marked_with_the_build_it_comes_from() -> None:
    """A page of the last build marked with the new build's version never reloads to the
    new one: the server took the site, then read the version after a rebuild swapped it."""
    import re

    site = LiveSite("/")
    site.publish(Served("/", {"index.html": b"<html><body>build 1</body></html>"}, {}))
    httpd = make_server("127.0.0.1", 0, site)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    stop = threading.Event()

    def rebuild() -> None:
        count = 1
        while not stop.is_set():
            count += 1
            page = f"<html><body>build {count}</body></html>".encode()
            site.publish(Served("/", {"index.html": page}, {}))

    publisher = threading.Thread(target=rebuild)
    publisher.start()
    try:
        with ThreadPoolExecutor(4) as pool:
            bodies = list(pool.map(lambda _: fetch(url)[1], range(400)))
    finally:
        stop.set()
        publisher.join()
        site.channel.close()
        httpd.shutdown()
        httpd.server_close()
    for body in bodies:
        built = re.search(r"build (\d+)", body)
        version = re.search(r'data-version="[0-9a-f]+-(\d+)"', body)
        assert built and version and built[1] == version[1], body
