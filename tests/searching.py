"""The search page driven in a browser: shared by the search's browser tests."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect


def search(page: Page, demo_url: str, query: str) -> list[str]:
    page.goto(demo_url + "search/")
    page.fill("#search-page-input", query)
    status = page.locator("#search-page-results .search-status:not(.loading)")
    expect(status).to_be_visible(timeout=15_000)
    return page.locator("#search-page-results .search-result-title").all_inner_texts()


def write_posts(site: Path, posts: dict[str, tuple[str, str, str]]) -> None:
    """A site of posts, slug → (title, more front matter lines, body), a day apart."""
    (site / "site.yaml").write_text("title: T\n", "utf-8")
    for n, (slug, (title, extra, body)) in enumerate(posts.items()):
        path = site / "content/posts" / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        day = date(2024, 1, 1) + timedelta(days=n)
        path.write_text(f"---\ntitle: {title}\ndate: {day}\n{extra}---\n{body}\n")
