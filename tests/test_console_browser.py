"""Every kind of page of the demo site, opened and used as a reader would, says nothing
in the browser's console: a script that throws on a page without its feature (no code
block, no diagram, no search box of its own) breaks what follows it on that page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from browser import serve_built, settle
from conftest import REPO


@pytest.fixture(scope="module")
def demo_url() -> Iterator[str]:
    with serve_built(REPO, "https://example.github.io/ml-notes/") as url:
        yield url


PAGES = [
    "",  # home
    "posts/kv-cache/",  # math, code, a diagram
    "categories/large-model/",
    "tags/llm/",
    "archives/",
    "search/?q=attention",
    "404.html",
    "about/",  # a page: no comments, no neighbours
]


@pytest.mark.parametrize("path", PAGES)
def test_no_console_error_on_any_kind_of_page(page: Page, demo_url: str, path: str) -> None:
    """The `page` fixture fails the test on any script or console error."""
    response = page.goto(demo_url + path)
    assert response is not None and response.ok, path
    settle(page)
    # What a reader does on any page: the theme toggled both ways, a search in the header.
    toggle = page.locator(".theme-toggle")
    toggle.click()
    toggle.click()
    box = page.locator("#site-search-input")
    box.fill("attention")
    expect(page.locator("#site-search-results .search-result").first).to_be_visible()
    box.press("Escape")
    page.wait_for_timeout(300)


def test_a_browser_without_media_query_events_still_toggles(page: Page, demo_url: str) -> None:
    """Safari before 14 has MediaQueryList.addListener only: calling addEventListener on a
    media query threw there, and the rest of site.js (toggle, copy buttons) never ran."""
    page.add_init_script(
        "Object.defineProperty(MediaQueryList.prototype, 'addEventListener', {value: undefined})"
    )
    page.goto(demo_url + "posts/kv-cache/")
    settle(page)
    page.locator(".theme-toggle").click()
    expect(page.locator("html")).to_have_attribute("data-color-scheme", "dark")
    expect(page.locator(".copy-button").first).to_be_attached()
