"""What counts as a word and how it ranks, searched in headless chromium: Greek letters,
names with a version number, one Chinese character, a pasted sentence, and marks after
a letter whose lower case is longer than itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from browser import serve_built
from searching import search, write_posts


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert errors == []


def marks(page: Page, where: str = ".search-result") -> list[str]:
    return page.locator(f"#search-page-results {where} mark").all_inner_texts()


def test_marks_after_a_dotted_capital_i_land_on_the_match(page: Page, tmp_path: Path) -> None:
    """İ lower-cases to two characters (i and a combining dot): every mark after it fell
    one character late (议笔 for 会议)."""
    write_posts(tmp_path, {
        "ist": ("İstanbul 会议笔记", "", "İzmir 和 İstanbul 两场报告都讲了 attention。"),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "会议") == ["İstanbul 会议笔记"]
        assert marks(page) == ["会议"]
        assert search(page, url, "attention") == ["İstanbul 会议笔记"]
        assert marks(page) == ["attention"]
        assert search(page, url, "İstanbul") == ["İstanbul 会议笔记"]
        assert marks(page) == ["İstanbul", "İstanbul"]
