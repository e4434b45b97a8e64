"""Comments as a reader meets them: the service's script added near the end of a post, in
the theme the reader chose; under `mlblog serve`, a note instead."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Browser, Frame, Page, Route, expect

from browser import serve_built
from conftest import SiteFactory, build_site

CONFIG = """\
title: Notes
base_url: http://127.0.0.1/
language: en
comments:
  giscus:
    repo: me/notes
    repo_id: R_1
    category: General
    category_id: DIC_1
"""
LONG = "\n\n".join(f"Paragraph {n} of a long post." for n in range(80))
POST = {"content/posts/long.md": f"---\ntitle: Long\ndate: 2024-01-01\n---\n{LONG}\n"}
# Stands in for giscus.app's script: says which attributes it was started with.
STUB = "window.started = Object.assign({}, document.currentScript.dataset);"


@contextmanager
def published(folder: Path) -> Iterator[str]:
    """public/ served as GitHub Pages would: plain files, no live-reload script."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _stub(route: Route) -> None:
    route.fulfill(status=200, content_type="text/javascript", body=STUB)


def test_loaded_near_the_end_in_the_reader_s_dark_theme(
    browser: Browser, make_site: SiteFactory
) -> None:
    site = make_site(POST, config=CONFIG)
    build_site(site)
    context = browser.new_context(color_scheme="light")
    context.route("https://giscus.app/**", _stub)
    page = context.new_page()
    with published(site / "public") as origin:
        page.goto(origin)  # the reader chose dark on an earlier visit
        page.evaluate("localStorage.setItem('mlblog-theme', 'dark')")
        page.goto(f"{origin}posts/long/")
        page.wait_for_load_state("load")
        assert page.evaluate("window.started") is None  # far below: not loaded yet
        page.locator("#comments").scroll_into_view_if_needed()
        page.wait_for_function("window.started !== undefined")
        started = page.evaluate("window.started")
        assert started["theme"] == "dark"
        assert started["repo"] == "me/notes"
        assert started["loading"] == "lazy"
        expect(page.locator(".comments-note")).to_be_hidden()
    context.close()


def test_a_note_instead_under_serve(browser: Browser, make_site: SiteFactory) -> None:
    site = make_site(POST, config=CONFIG)
    asked: list[str] = []
    context = browser.new_context()

    def stubbed(route: Route) -> None:
        asked.append(route.request.url)
        _stub(route)

    context.route("https://giscus.app/**", stubbed)
    page = context.new_page()
    with serve_built(site, "http://127.0.0.1/") as url:
        page.goto(f"{url}posts/long/")
        page.locator("#comments").scroll_into_view_if_needed()
        expect(page.locator(".comments-note")).to_be_visible()
        expect(page.locator(".comments-note")).to_contain_text("not under mlblog serve")
        page.wait_for_timeout(300)
    assert asked == []
    context.close()


# Stands in for giscus.app's script and frame: the frame keeps the messages it is sent.
FRAMED = """
var frame = document.createElement("iframe");
frame.className = "giscus-frame";
frame.src = "https://giscus.app/widget";
document.currentScript.insertAdjacentElement("afterend", frame);
"""
WIDGET = """<!DOCTYPE html><script>
window.told = [];
addEventListener("message", function (e) { window.told.push(JSON.stringify(e.data)); });
</script>"""


def _service(route: Route) -> None:
    if route.request.url.endswith("/client.js"):
        route.fulfill(status=200, content_type="text/javascript", body=FRAMED)
    else:
        route.fulfill(status=200, content_type="text/html", body=WIDGET)


def _frame(page: Page, url: str) -> Frame:
    """The frame at `url`, once the page has added it and it has loaded."""
    for _ in range(100):
        frame = page.frame(url=url)
        if frame is not None:
            frame.wait_for_load_state()
            return frame
        page.wait_for_timeout(100)
    raise AssertionError(f"no frame at {url}")


def test_the_frame_follows_the_theme_toggle(browser: Browser, make_site: SiteFactory) -> None:
    site = make_site(POST, config=CONFIG)
    build_site(site)
    context = browser.new_context(color_scheme="light")
    context.route("https://giscus.app/**", _service)
    page = context.new_page()
    with published(site / "public") as origin:
        page.goto(f"{origin}posts/long/")
        page.locator("#comments").scroll_into_view_if_needed()
        frame = _frame(page, "https://giscus.app/widget")
        frame.wait_for_function("window.told !== undefined")
        page.get_by_role("button", name="Dark mode").click()
        frame.wait_for_function("window.told.length > 0")
        told = frame.evaluate("window.told")
        assert told == ['{"giscus":{"setConfig":{"theme":"dark"}}}']
    context.close()


def test_a_toggle_while_the_service_s_script_loads_opens_the_frame_in_the_new_theme(
    browser: Browser, make_site: SiteFactory
) -> None:
    """A reader who pressed the toggle as the comments came near got a frame in the old
    theme: the script was still loading, it had no frame to be told of the change, and it
    then opened one in the theme it was given at the start."""
    site = make_site(POST, config=CONFIG)
    build_site(site)
    context = browser.new_context(color_scheme="light")
    held: list[Route] = []
    context.route("https://giscus.app/**", lambda route: held.append(route))  # answered later
    page = context.new_page()
    with published(site / "public") as origin:
        page.goto(f"{origin}posts/long/")
        page.locator("#comments").scroll_into_view_if_needed()
        for _ in range(100):
            if held:
                break
            page.wait_for_timeout(50)
        page.get_by_role("button", name="Dark mode").click()
        _stub(held[0])
        page.wait_for_function("window.started !== undefined")
        assert page.evaluate("window.started")["theme"] == "dark"
    context.close()
