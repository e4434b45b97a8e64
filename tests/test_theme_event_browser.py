"""Light or dark decided in one place (site.js) for everything on a page: the page's
colours, its Mermaid diagrams and its comments frame change together, from one
`mlblog:theme` event, whether the reader toggles or the system switches."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Page, expect

from conftest import SiteFactory, build_site
from test_comments_browser import CONFIG, LONG, _frame, _service, published

POST = f"""---
title: Long
date: 2024-01-01
---
```mermaid
graph LR
  A[Data] --> B[Model]
```

{LONG}
"""
FILES = {"content/posts/long.md": POST}
LIGHT_NODE = "rgb(226, 243, 242)"  # --accent-soft of each theme
DARK_NODE = "rgb(21, 48, 47)"
# Every mlblog:theme event the page sends, in order, from before its scripts run.
HEARD = (
    "window.heard = [];"
    " document.addEventListener('mlblog:theme', (e) => window.heard.push(e.detail.theme));"
)
GISCUS_FRAME = "https://giscus.app/widget"


def _node_fill(page: Page) -> str:
    fill: str = page.locator(".post-body .diagram-svg svg .node rect").first.evaluate(
        "e => getComputedStyle(e).fill"
    )
    return fill


def _told(page: Page, count: int) -> list[str]:
    """The messages the comments frame was sent, once there are `count` of them."""
    frame = _frame(page, GISCUS_FRAME)
    frame.wait_for_function(f"window.told.length >= {count}")
    told: list[str] = frame.evaluate("window.told")
    return told


def _open(page: Page, url: str) -> None:
    """The post, its diagram drawn and its comments frame loaded."""
    page.goto(url)
    expect(page.locator(".post-body .diagram-svg svg")).to_have_count(1)
    page.locator("#comments").scroll_into_view_if_needed()
    _frame(page, GISCUS_FRAME).wait_for_function("window.told !== undefined")


@contextmanager
def _light_post(browser: Browser, make_site: SiteFactory) -> Iterator[Page]:
    """The post opened in a light browser, its diagram drawn light, the events heard."""
    site = make_site(FILES, config=CONFIG)
    build_site(site)
    context = browser.new_context(color_scheme="light")
    context.route("https://giscus.app/**", _service)
    context.add_init_script(HEARD)
    page = context.new_page()
    with published(site / "public") as origin:
        _open(page, f"{origin}posts/long/")
        assert _node_fill(page) == LIGHT_NODE
        yield page
    context.close()


def test_toggling_dark_recolours_diagram_and_comments_from_one_event(
    browser: Browser, make_site: SiteFactory
) -> None:
    with _light_post(browser, make_site) as page:
        page.get_by_role("button", name="Dark mode").click()
        assert _told(page, 1) == ['{"giscus":{"setConfig":{"theme":"dark"}}}']
        expect(page.locator(".post-body .diagram-svg svg .node rect").first).to_have_css(
            "fill", DARK_NODE
        )
        assert page.evaluate("window.heard") == ["dark"]
        assert page.evaluate("document.documentElement.dataset.colorScheme") == "dark"


def test_the_system_recolours_both_unless_the_reader_chose(
    browser: Browser, make_site: SiteFactory
) -> None:
    with _light_post(browser, make_site) as page:
        # The reader has chosen nothing: the system going dark darkens all of it.
        page.emulate_media(color_scheme="dark")
        assert _told(page, 1) == ['{"giscus":{"setConfig":{"theme":"dark"}}}']
        expect(page.locator(".post-body .diagram-svg svg .node rect").first).to_have_css(
            "fill", DARK_NODE
        )
        # The reader's light wins over the system's dark, for the diagram and frame too.
        page.get_by_role("button", name="Dark mode").click()
        assert _told(page, 2)[1] == '{"giscus":{"setConfig":{"theme":"light"}}}'
        expect(page.locator(".post-body .diagram-svg svg .node rect").first).to_have_css(
            "fill", LIGHT_NODE
        )
        # The system changing back to light changes nothing, so nothing is told.
        page.emulate_media(color_scheme="light")
        page.wait_for_timeout(300)
        assert page.evaluate("window.heard") == ["dark", "light"]
        assert len(_told(page, 2)) == 2
        assert page.evaluate("document.documentElement.dataset.colorScheme") == "light"


def test_a_stored_theme_neither_light_nor_dark_follows_the_system_everywhere(
    browser: Browser, make_site: SiteFactory
) -> None:
    """The page's CSS took an unknown stored value as "the system's", the toggle's copy of
    the rule as a choice of light: on a dark page the button said "not dark", and its first
    press changed nothing (from "auto" to dark)."""
    site = make_site(FILES, config=CONFIG)
    build_site(site)
    context = browser.new_context(color_scheme="dark")
    context.route("https://giscus.app/**", _service)
    page = context.new_page()
    with published(site / "public") as origin:
        page.goto(origin)
        page.evaluate("localStorage.setItem('mlblog-theme', 'auto')")
        _open(page, f"{origin}posts/long/")
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == (
            "rgb(14, 17, 22)"
        )
        assert _node_fill(page) == DARK_NODE
        expect(page.get_by_role("button", name="Dark mode")).to_have_attribute(
            "aria-pressed", "true"
        )
        page.get_by_role("button", name="Dark mode").click()  # one press: light, all of it
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == (
            "rgb(247, 248, 250)"
        )
        expect(page.locator(".post-body .diagram-svg svg .node rect").first).to_have_css(
            "fill", LIGHT_NODE
        )
    context.close()


def test_a_toggle_in_one_tab_changes_the_other_tabs(
    browser: Browser, make_site: SiteFactory
) -> None:
    """A reader who made one tab dark found the site's other open tab still light, and a
    link followed there opened the next page dark."""
    site = make_site(FILES, config=CONFIG)
    build_site(site)
    context = browser.new_context(color_scheme="light")
    context.route("https://giscus.app/**", _service)
    with published(site / "public") as origin:
        toggled, other = context.new_page(), context.new_page()
        toggled.goto(origin)
        _open(other, f"{origin}posts/long/")
        toggled.get_by_role("button", name="Dark mode").click()
        expect(other.locator("body")).to_have_css("background-color", "rgb(14, 17, 22)")
        expect(other.locator(".post-body .diagram-svg svg .node rect").first).to_have_css(
            "fill", DARK_NODE
        )
        assert _told(other, 1) == ['{"giscus":{"setConfig":{"theme":"dark"}}}']
        expect(other.get_by_role("button", name="Dark mode")).to_have_attribute(
            "aria-pressed", "true"
        )
    context.close()
