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


MARKED = """---
title: Marked
date: 2024-01-01
---
Before.

```python {2,3}
import torch
price = 1
def f(x):
    return x
```

After.

```python linenums="10" hl_lines="1 4"
import torch
price = 1
def f(x):
    return x
```
"""
CODE = "import torch\nprice = 1\ndef f(x):\n    return x\n"
SELECT_ACROSS = """() => {
    const [before, after] = document.querySelectorAll('.post-body p');
    const range = document.createRange();
    range.setStart(before.firstChild, 0);
    range.setEnd(after.firstChild, 5);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    return getSelection().toString();
}"""


def test_marked_lines_are_selected_and_copied_as_written(browser: Browser, tmp_path: Path) -> None:
    """A marked line was a block: its edges made line breaks of their own, so text taken
    as the page renders it (the selection of browsers that copy it so, innerText) had a
    blank line beside each one. And a selection across the block took the copy button's
    word with the code. Every line stays as tall, marked or not."""
    write_files(tmp_path, {"site.yaml": "title: T\n", "content/posts/m.md": MARKED})
    page = browser.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/m/")
            across = page.evaluate(SELECT_ACROSS)
            rendered = page.evaluate(
                "[...document.querySelectorAll('.code-block pre')].map(pre => pre.innerText)"
            )
            lines = page.evaluate("""() => [...document.querySelectorAll('.code-block pre')]
                .map(pre => [...pre.querySelectorAll('.hll')].map(line => {
                    const box = line.getBoundingClientRect(), edge = pre.getBoundingClientRect();
                    return [box.left - edge.left, edge.right - box.right, box.height,
                            parseFloat(getComputedStyle(pre.querySelector('code')).lineHeight)];
                }))""")
            height = page.evaluate("document.querySelector('.code-block pre').offsetHeight")
    finally:
        page.close()
    assert across == f"Before.\n\n{CODE}After", across
    numbered = "".join(f"{n}{line}\n" for n, line in enumerate(CODE.splitlines(), 10))
    assert rendered == [CODE, numbered]
    assert len(lines[0]) == len(lines[1]) == 2
    for left, right, tall, line_height in lines[0] + lines[1]:
        assert left == right == 0 and abs(tall - line_height) < 0.5  # a band across the block
    assert abs(height - 4 * lines[0][0][3] - 2 * 0.8 * 16) < 1  # and no line taller
