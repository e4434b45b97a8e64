"""Issue 4 acceptance in a real browser: live reload, overlay, new posts (headless chromium)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import SiteFactory
from serving import ServeProcess

POST = "---\ntitle: {title}\ndate: 2024-01-0{day}\ncategories: Notes\n---\n{body}\n"


@pytest.fixture
def live(make_site: SiteFactory) -> Iterator[tuple[Path, ServeProcess]]:
    site = make_site(
        {
            "content/posts/attention.md": POST.format(
                title="Attention", day=1, body="注意力 $QK^\\top$ original words"
            ),
            "content/posts/lora.md": POST.format(title="LoRA", day=2, body="低秩 $W = W_0 + BA$"),
        },
        config="title: Live notes\nbase_url: https://me.github.io/notes/\n",
    )
    server = ServeProcess(site)
    yield site, server
    server.kill()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_live_reload_overlay_and_new_post(live: tuple[Path, ServeProcess], page: Page) -> None:
    site, server = live
    page.goto(server.url + "posts/attention/")
    expect(page.locator(".post-body")).to_contain_text("original words")
    expect(page.locator(".post-body .katex").first).to_be_visible()

    # edit the Markdown on disk: the open page shows the new text by itself
    revised = POST.format(title="Attention", day=1, body="注意力 $QK^\\top$ revised words")
    write(site / "content/posts/attention.md", revised)
    expect(page.locator(".post-body")).to_contain_text("revised words", timeout=15_000)

    # edit a template: the page changes
    (site / "templates").mkdir()
    write(site / "templates/post.html",
          "{% extends 'base.html' %}{% block main %}<p id='custom'>CUSTOM {{ post.title }}"
          "</p>{% endblock %}")  # fmt: skip
    expect(page.locator("#custom")).to_have_text("CUSTOM Attention", timeout=15_000)
    (site / "templates/post.html").unlink()
    expect(page.locator(".post-body")).to_contain_text("revised words", timeout=15_000)

    # break a post's front matter: the overlay names file and line, so does the terminal
    write(site / "content/posts/lora.md", "---\ntitle: LoRA\ndate: 2024-13-02\n---\nx\n")
    overlay = page.locator("#mlblog-error-overlay")
    expect(overlay).to_contain_text(
        'content/posts/lora.md:3: invalid date "2024-13-02"', timeout=15_000
    )
    server.wait_for_line(r'content/posts/lora.md:3: invalid date "2024-13-02"')
    expect(page.locator(".post-body")).to_contain_text("revised words")  # last good site
    expect(overlay).to_contain_text("The last good site is still served.")

    # fix it: the overlay goes
    write(site / "content/posts/lora.md", POST.format(title="LoRA", day=2, body="fixed"))
    expect(overlay).to_have_count(0, timeout=15_000)

    # the home page lists a newly created post
    page.goto(server.url)
    expect(page.locator(".post-item-title")).to_have_count(2)
    write(
        site / "content/posts/gqa.md", POST.format(title="Grouped query attention", day=3, body="x")
    )
    expect(page.locator(".post-item-title").first).to_have_text(
        "Grouped query attention", timeout=15_000
    )
    expect(page.locator(".post-item-title")).to_have_count(3)


def test_a_first_build_that_fails_says_no_site_was_built(
    make_site: SiteFactory, page: Page
) -> None:
    site = make_site(config="title: T\nper_page: ten\n")
    server = ServeProcess(site)
    try:
        page.goto(server.url)
        overlay = page.locator("#mlblog-error-overlay")
        expect(overlay).to_contain_text("site.yaml:2: per_page", timeout=15_000)
        expect(overlay).to_contain_text("No site has been built yet.")
    finally:
        server.kill()


def test_eight_open_pages_all_load_and_all_reload(
    live: tuple[Path, ServeProcess], browser: Browser
) -> None:
    """A browser keeps six connections to one server: with an event stream per page, the
    sixth page and after never loaded. The pages now share one stream."""
    site, server = live
    context = browser.new_context()
    try:
        pages = []
        for n in range(8):
            page = context.new_page()
            page.goto(f"{server.url}posts/attention/?tab={n}", timeout=10_000)
            expect(page.locator(".post-body")).to_contain_text("original words")
            pages.append(page)
        revised = POST.format(title="Attention", day=1, body="注意力 $QK^\\top$ revised words")
        write(site / "content/posts/attention.md", revised)
        for page in pages:
            expect(page.locator(".post-body")).to_contain_text("revised words", timeout=15_000)
    finally:
        context.close()
