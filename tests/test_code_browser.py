"""Code blocks as a reader sees, selects and prints them, in headless chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from browser import CONTRAST, serve_built, settle
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


TERMS = " + ".join(f"a_{{{i}}} b_{{{i}}}" for i in range(40))
PRINTED = f"""---
title: Printed
date: 2024-01-01
---
```python
loss = {"x" * 200}
```

$$
L = {TERMS}
$$

$$
\\frac{{{" + ".join(f"x_{{{i}}}" for i in range(40))}}}{{2}}
$$

$$
\\begin{{align}}
L &= {TERMS} \\\\
M &= 1
\\end{{align}}
$$

Inline $y = {TERMS}$ and $\\underbrace{{{TERMS}}}_{{n}}$.
"""
# How far past the column's right edge each box's code or formula reaches (a formula's
# pieces: a stretched brace's SVG inside one of them is far wider, and clipped), and how
# much of it a scrolling box hides.
CUT_OFF = """() => {
    const column = document.querySelector('.post-body').getBoundingClientRect().right;
    const pieces = box => {
        if (box.matches('pre')) {
            const text = document.createRange();
            text.selectNodeContents(box);
            return [...text.getClientRects()];
        }
        const katex = '.katex-html > .katex-base, .katex-html > .katex-tag';
        return [...box.querySelectorAll(katex)].map(piece => piece.getBoundingClientRect());
    };
    const boxes = '.math-display, .code-block pre, .post-body p';
    return [...document.querySelectorAll(boxes)].map(box => {
        const right = Math.max(...pieces(box).map(rect => rect.right), 0);
        const hidden = box.scrollWidth - box.clientWidth;
        return [box.className || box.tagName, Math.round(right - column), hidden];
    }).filter(([, past, hidden]) => past > 1 || hidden > 2);
}"""


def test_a_printed_post_shows_all_of_its_wide_formulas_and_code(
    browser: Browser, tmp_path: Path
) -> None:
    """On screen a wide formula scrolls; on paper it was cut at the column's edge. A display
    formula now breaks between its terms, and one with nowhere to break is scaled down."""
    write_files(tmp_path, {"site.yaml": "title: T\n", "content/posts/p.md": PRINTED})
    page = browser.new_page(viewport={"width": 700, "height": 1000})  # an A4 page's column
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/p/")
            settle(page)
            on_screen = page.evaluate(CUT_OFF)
            page.emulate_media(media="print")
            for _ in range(20):  # the page is fitted to paper when told it is printed
                cut = page.evaluate(CUT_OFF)
                if not cut:
                    break
                page.wait_for_timeout(100)
            page.emulate_media(media="screen")
            zoomed = "[...document.querySelectorAll('.math-display')].some(box => box.style.zoom)"
            page.wait_for_function(f"() => !{zoomed}", timeout=3000)  # full size again
    finally:
        page.close()
    assert len(on_screen) >= 3, on_screen  # the case: these scroll on screen
    assert cut == [], cut


WIDE_MARKED = f"""---
title: Wide
date: 2024-01-01
---
```python hl_lines="1 3"
x = 1
y = f(x)  # {"a long comment " * 12}
z = 2
```
"""
# Each marked line's band and the code box's inner edges, once it is scrolled to its end.
BANDS_AT_THE_END = """pre => {
    pre.scrollLeft = pre.scrollWidth;
    const box = pre.getBoundingClientRect();
    return {hidden: pre.scrollWidth - pre.clientWidth,
            left: box.left + pre.clientLeft, right: box.left + pre.clientLeft + pre.clientWidth,
            bands: [...pre.querySelectorAll('.hll')].map(line => {
                const band = line.getBoundingClientRect();
                return [band.left, band.right];
            })};
}"""


def test_a_marked_line_s_band_reaches_the_end_of_a_block_that_scrolls(
    browser: Browser, tmp_path: Path
) -> None:
    """A marked short line's band was as wide as the box's visible part: scrolled sideways to
    read a long line, the band stopped halfway, and on a phone it was gone altogether."""
    write_files(tmp_path, {"site.yaml": "title: T\n", "content/posts/w.md": WIDE_MARKED})
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/w/")
            seen = page.locator(".code-block pre").evaluate(BANDS_AT_THE_END)
    finally:
        page.close()
    assert seen["hidden"] > 100, seen  # the case: the block scrolls
    assert len(seen["bands"]) == 2, seen
    for left, right in seen["bands"]:
        assert left <= seen["left"] + 0.5 and right >= seen["right"] - 0.5, seen


FOLDED = """---
title: Folded
date: 2024-01-01
---
Before.

```python title="train.py" fold
import torch
price = 1
```
"""


def test_folded_code_is_hidden_until_its_summary_is_opened_then_copied(
    browser: Browser, tmp_path: Path
) -> None:
    """A folded block (render.folds): no code shown, one tab stop that says what it holds;
    opened by the keyboard, the code shows and its copy button, named, copies it."""
    write_files(tmp_path, {"site.yaml": "title: T\nlanguage: en\n", "content/posts/f.md": FOLDED})
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/f/")
            settle(page)
            code = page.locator(".code-fold .code-block pre")
            summary = page.locator(".code-fold > summary")
            assert not code.is_visible() and summary.inner_text() == "train.py"
            assert not page.locator(".code-fold .copy-button").is_visible()
            summary.focus()
            page.keyboard.press("Enter")
            assert code.is_visible() and code.inner_text() == "import torch\nprice = 1\n"
            button = page.locator(".code-fold .copy-button")
            assert button.get_attribute("aria-label") == "copy train.py"
            button.click()
            copied = page.evaluate("navigator.clipboard.readText()")
            summary.click()  # and closed again by a click
            hidden_again = not code.is_visible()
    finally:
        context.close()
    assert copied == "import torch\nprice = 1\n" and hidden_again


DIFF = """---
title: Diff
date: 2024-01-01
---
```diff
 def loss_fn(recon, x):
-    return F.mse_loss(recon, x)
+    return F.binary_cross_entropy(recon, x, reduction="sum")
```
"""

# The colours of a diff's kept, removed and added lines, and the code box's background.
DIFF_COLOURS = """() => {
    const color = s => getComputedStyle(document.querySelector(s)).color;
    return {kept: color('.code-block pre code'), removed: color('.code-block .gd'),
            added: color('.code-block .gi'),
            box: getComputedStyle(document.querySelector('.code-block pre')).backgroundColor};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_diff_s_removed_and_added_lines_are_told_apart_by_colour(
    browser: Browser, tmp_path: Path, scheme: str
) -> None:
    """A ```diff block (a change to a training script) showed its - and + lines in the
    same colour as the kept ones: the light style has none for them, the dark one grey."""
    write_files(tmp_path, {"site.yaml": "title: T\n", "content/posts/d.md": DIFF})
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/d/")
            seen = page.evaluate(DIFF_COLOURS)
            contrast = [
                page.evaluate(CONTRAST, [seen[s], seen["box"]]) for s in ("removed", "added")
            ]
    finally:
        context.close()
    assert len({seen["kept"], seen["removed"], seen["added"]}) == 3, seen
    assert min(contrast) >= 4.5, (seen, contrast)  # still text a reader can read (WCAG AA)
