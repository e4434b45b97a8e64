"""The theme's one keyboard shortcut, `/` to the search box, in headless chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from browser import serve_built, settle
from conftest import REPO

SWITCH = "在任何页面按 / 键跳到搜索框"  # the demo is zh-CN


@pytest.fixture(scope="module")
def demo_url() -> Iterator[str]:
    with serve_built(REPO, "https://example.github.io/ml-notes/") as url:
        yield url


def test_a_reader_can_turn_the_slash_shortcut_off(browser: Browser, demo_url: str) -> None:
    """A one-key shortcut fails WCAG 2.1.4 unless it can be turned off: a reader who speaks
    to the computer (or whose keyboard slips) was taken to the search box. The search
    page has a switch, remembered; while off, `/` is a key like any other and the header
    box no longer says it."""
    context = browser.new_context()
    page = context.new_page()
    box = page.locator("#site-search-input")
    try:
        page.goto(demo_url + "posts/lora/")
        settle(page)
        expect(box).to_have_attribute("placeholder", "搜索 (/)")
        expect(box).to_have_attribute("aria-keyshortcuts", "/")
        page.keyboard.press("/")
        expect(box).to_be_focused()

        page.goto(demo_url + "search/")
        switch = page.get_by_label(SWITCH)
        expect(switch).to_be_checked()
        switch.uncheck()
        page.goto(demo_url + "posts/lora/")
        settle(page)
        expect(box).to_have_attribute("placeholder", "搜索")
        expect(box).not_to_have_attribute("aria-keyshortcuts", "/")
        page.keyboard.press("/")
        expect(box).not_to_be_focused()
        prevented = page.evaluate("""() => {
            const key = new KeyboardEvent('keydown', {key: '/', bubbles: true, cancelable: true});
            return !document.body.dispatchEvent(key);
        }""")
        assert prevented is False  # the key is left to the page (Firefox's quick find)

        page.goto(demo_url + "search/")
        page.get_by_label(SWITCH).check()
        page.goto(demo_url + "posts/lora/")
        settle(page)
        page.keyboard.press("/")
        expect(box).to_be_focused()
    finally:
        context.close()


def test_slash_is_typed_in_a_text_field_not_taken(browser: Browser, demo_url: str) -> None:
    """In a field, `/` is a character: `a/b` typed in the search page's box stays there."""
    page = browser.new_page()
    try:
        page.goto(demo_url + "search/")
        field = page.locator("#search-page-input")
        field.click()
        page.keyboard.type("a/b")
        expect(field).to_have_value("a/b")
        expect(field).to_be_focused()
    finally:
        page.close()


def test_slash_on_the_search_page_goes_to_its_own_box(browser: Browser, demo_url: str) -> None:
    """On /search/, `/` went to the header's box, whose results are a dropdown over the
    page's own: the page's box is the one a reader came to type in."""
    page = browser.new_page()
    try:
        page.goto(demo_url + "search/")
        settle(page)
        own, header = page.locator("#search-page-input"), page.locator("#site-search-input")
        page.locator("h1").click()
        page.keyboard.press("/")
        expect(own).to_be_focused()
        expect(own).to_have_attribute("aria-keyshortcuts", "/")
        expect(header).not_to_have_attribute("aria-keyshortcuts", "/")
        expect(header).to_have_attribute("placeholder", "搜索")  # no "(/)" where it is not
    finally:
        page.close()


def test_escape_from_the_box_returns_to_where_slash_was_pressed(
    browser: Browser, demo_url: str
) -> None:
    """`/` halfway down a long post took the reader to the header, at the top, and Escape
    left them there: their place in the post was lost."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    box = page.locator("#site-search-input")
    try:
        page.goto(demo_url + "posts/lora/")
        settle(page)
        page.mouse.wheel(0, 1500)
        page.wait_for_function("window.scrollY > 1000")
        reading = page.evaluate("window.scrollY")
        page.keyboard.press("/")
        expect(box).to_be_focused()
        assert page.evaluate("window.scrollY") < reading  # the box is shown
        page.keyboard.type("lora")
        expect(page.locator("#site-search-results .search-result").first).to_be_visible()
        for _ in range(3):  # closes the results, clears the box, goes back
            page.keyboard.press("Escape")
        expect(box).not_to_be_focused()
        expect(box).to_have_value("")
        assert page.evaluate("window.scrollY") == reading
    finally:
        page.close()


def test_typing_on_a_selected_result_goes_on_in_the_box(browser: Browser, demo_url: str) -> None:
    """After ArrowDown to a result, letters and Backspace did nothing, and Space scrolled
    the page under the open results."""
    page = browser.new_page()
    box = page.locator("#site-search-input")
    try:
        page.goto(demo_url + "posts/lora/")
        settle(page)
        page.keyboard.press("/")
        page.keyboard.type("lor")
        expect(page.locator("#site-search-results .search-result").first).to_be_visible()
        page.keyboard.press("ArrowDown")
        expect(page.locator("#site-search-results .search-result").first).to_be_focused()
        page.keyboard.type("a x")
        expect(box).to_be_focused()
        expect(box).to_have_value("lora x")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Backspace")
        expect(box).to_have_value("lora ")
        assert page.evaluate("window.scrollY") == 0
    finally:
        page.close()
