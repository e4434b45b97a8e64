"""Code blocks as a reader sees, selects and prints them, in headless chromium."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page

from browser import serve_built
from conftest import write_files

# The x of each of an element's characters, newlines left out, in the element's text order.
CHARACTER_LEFTS = """element => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const lefts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.data.length; i++) {
            if (node.data[i] === '\\n') continue;
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            lefts.push([node.data[i], range.getBoundingClientRect().left]);
        }
    }
    return lefts;
}"""

TABS = """---
title: Tabs
date: 2024-01-01
---
```go
func f() {
\treturn 1
}
```
"""


def columns(page: Page, selector: str, first: str, then: str) -> float:
    """How many character widths `then` starts after `first` (the first of each)."""
    lefts: list[tuple[str, float]] = page.locator(selector).first.evaluate(CHARACTER_LEFTS)
    width = lefts[1][1] - lefts[0][1]  # a monospace font: every character as wide
    start = next(x for c, x in lefts if c == first)
    return (next(x for c, x in lefts if c == then) - start) / width


def test_a_tab_in_code_is_four_columns(browser: Browser, tmp_path: Path) -> None:
    """Browsers make a tab 8 columns: Go's and Makefiles' indents ran off a phone's screen."""
    write_files(tmp_path, {"site.yaml": "title: T\n", "content/posts/t.md": TABS})
    page = browser.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/t/")
            block = columns(page, ".code-block pre", "f", "r")  # `func` at 0, `return` at 4
    finally:
        page.close()
    assert round(block) == 4, block

