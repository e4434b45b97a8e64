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


def test_only_the_tabs_whose_page_changed_reload(
    live: tuple[Path, ServeProcess], browser: Browser
) -> None:
    """An author with several posts open who edited one saw every tab reload: each lost
    its place and ran its scripts again. A mark left in a tab's page (a variable) is
    there until that tab reloads."""
    site, server = live
    context = browser.new_context()
    try:
        tabs = {}
        for name, path in (("edited", "posts/attention/"), ("other", "posts/lora/"), ("home", "")):
            tab = context.new_page()
            tab.goto(server.url + path)
            tab.evaluate("window.mark = 'not reloaded'")
            tabs[name] = tab

        def reloaded(name: str) -> bool:
            return bool(tabs[name].evaluate("window.mark === undefined"))

        # the body of one post: its page and the home page's excerpt change, not the other
        revised = POST.format(title="Attention", day=1, body="注意力 $QK^\\top$ revised words")
        write(site / "content/posts/attention.md", revised)
        expect(tabs["edited"].locator(".post-body")).to_contain_text("revised", timeout=15_000)
        expect(tabs["home"].locator(".post-item").last).to_contain_text("revised", timeout=15_000)
        tabs["other"].wait_for_timeout(500)  # a reload, had one been asked, would be done
        assert not reloaded("other")

        # a failed build shows in every tab; the fix takes it away without reloading
        write(site / "content/posts/lora.md", "---\ntitle: LoRA\ndate: 2024-13-02\n---\nx\n")
        for tab in tabs.values():
            expect(tab.locator("#mlblog-error-overlay")).to_be_visible(timeout=15_000)
        tabs["edited"].evaluate("window.mark = 'not reloaded'")
        write(site / "content/posts/lora.md", POST.format(title="LoRA", day=2, body="低秩"))
        expect(tabs["other"].locator(".post-body")).to_contain_text("低秩", timeout=15_000)
        for tab in tabs.values():
            expect(tab.locator("#mlblog-error-overlay")).to_have_count(0, timeout=15_000)
        assert not reloaded("edited")  # its page is the same as before the mistake

        # a deleted post's tab goes to the 404
        (site / "content/posts/attention.md").unlink()
        expect(tabs["edited"].locator(".not-found")).to_be_visible(timeout=15_000)
    finally:
        context.close()


def test_an_open_search_page_shows_a_new_post(live: tuple[Path, ServeProcess], page: Page) -> None:
    """A writer with the search page open who added a post about what they searched for
    saw the old results until they reloaded by hand: the index changed, no page did."""
    site, server = live
    page.goto(server.url + "search/")
    page.get_by_role("searchbox").fill("lora")
    results = page.locator("#search-page-results .search-result")
    expect(results).to_have_count(1, timeout=15_000)
    write(site / "content/posts/merging.md",
          POST.format(title="Merging LoRA weights", day=3, body="merge lora adapters"))  # fmt: skip
    expect(results).to_have_count(2, timeout=15_000)
    expect(results.filter(has_text="Merging LoRA weights")).to_have_count(1)
    expect(page.get_by_role("searchbox")).to_have_value("lora")  # the query kept


def test_the_header_box_of_an_open_post_finds_a_new_post(
    live: tuple[Path, ServeProcess], page: Page
) -> None:
    """A tab that had searched kept the index it loaded: its page did not change, so it
    did not reload, and a post added since was not found in it."""
    site, server = live
    (site / "content/pages").mkdir()
    write(site / "content/pages/about.md", "---\ntitle: About\n---\nWho writes here.\n")
    # Asked for without a tab until the build that makes it is served: a tab showing the
    # 404 would reload itself on that build, interrupting the test's own navigation.
    for _ in range(150):
        if page.request.get(server.url + "about/").ok:
            break
        page.wait_for_timeout(100)
    page.goto(server.url + "about/")
    expect(page.locator(".post-body")).to_contain_text("Who writes here")
    page.evaluate("window.mark = 'not reloaded'")
    box = page.locator("#site-search-input")
    box.fill("merging")
    # no match, said once the index has loaded
    expect(page.locator("#site-search-results .search-status:not(.loading)")).to_contain_text(
        "merging", timeout=15_000
    )
    box.fill("")
    write(site / "content/posts/merging.md",
          POST.format(title="Merging LoRA weights", day=3, body="merge lora adapters"))  # fmt: skip
    server_home = page.context.new_page()
    server_home.goto(server.url)
    expect(server_home.locator(".post-item").first).to_contain_text("Merging", timeout=15_000)
    server_home.close()
    box.fill("merging")
    expect(page.locator("#site-search-results .search-result")).to_have_count(1, timeout=5_000)
    assert page.evaluate("window.mark") == "not reloaded"


def kept(page: Page) -> None:
    """The reloaded page is scrolled back to 2500 px: the browser does it once the page has
    loaded, a moment after its text is there."""
    page.wait_for_load_state("load")
    page.wait_for_function("window.scrollY === 2500", timeout=5_000)


def test_an_edited_post_reloads_where_the_reader_was(
    live: tuple[Path, ServeProcess], page: Page
) -> None:
    """The promise of the writing loop: the author, reading far down a long post, saves it
    (in place, or by writing a new file and renaming it over, as vim and VS Code can) and
    sees the change at the same place, formulas and code typeset; deleted, its tab says so."""
    site, server = live
    post = site / "content/posts/attention.md"
    sections = "\n\n".join(
        f"## Part {n}\n\n注意力 $QK^\\top_{n}$\n\n$$\n\\sum_j e^{{x_{n}}}\n$$\n\n"
        f"```python\nprint({n})\n```"
        for n in range(30)
    )
    write(post, POST.format(title="Attention", day=1, body=f"version one\n\n{sections}"))
    page.goto(server.url + "posts/attention/")
    expect(page.locator(".post-body")).to_contain_text("version one", timeout=15_000)
    page.evaluate("window.scrollTo(0, 2500)")
    page.wait_for_function("window.scrollY === 2500")

    write(post, POST.format(title="Attention", day=1, body=f"version two\n\n{sections}"))
    expect(page.locator(".post-body")).to_contain_text("version two", timeout=15_000)
    kept(page)
    renamed_over = post.with_name("attention.md.tmp")
    write(renamed_over, POST.format(title="Attention", day=1, body=f"version three\n\n{sections}"))
    renamed_over.replace(post)
    expect(page.locator(".post-body")).to_contain_text("version three", timeout=15_000)
    kept(page)
    expect(page.locator(".post-body .katex-display")).to_have_count(30)
    expect(page.locator(".post-body pre")).to_have_count(30)

    post.unlink()
    note = page.locator("#mlblog-left-out")
    expect(note).to_contain_text("the file this page was made from is gone", timeout=15_000)
    expect(note).to_contain_text("content/posts/attention.md was deleted")
