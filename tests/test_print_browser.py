"""A post printed, or saved as PDF, in headless chromium: what is folded on screen is on paper.

`page.pdf()` prints as the browser's print dialog does: it fires `beforeprint`, lays the page
out for print (a print media listener is told), then fires `afterprint` (measured on
Chromium 156). `emulate_media(media="print")` fires neither event."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from browser import serve_built, settle
from conftest import write_files
from test_diagram_browser import WIDE
from test_series_browser import long_series

FOLDED = """---
title: Folded
date: 2024-01-01
---
```python title="train.py" fold
FOLDED_CODE = 1
```

> [!faq]- Why fold?
> FOLDED_CALLOUT answers it.

<details>
<summary>Proof</summary>

FOLDED_PROOF holds.

</details>

```python code-fold="show"
OPEN_CODE = 2
```
"""

# Whether each fold's content is shown when the page is laid out for print: recorded by a
# print media listener, which Chromium calls with the page's print layout in place.
WATCH = """() => {
    window.printed = null;
    const shown = () => ['FOLDED_CODE', 'FOLDED_CALLOUT', 'FOLDED_PROOF', 'OPEN_CODE'].map(
        word => [...document.querySelectorAll('.post-body code, .post-body p')]
            .some(el => el.textContent.includes(word) && el.checkVisibility()));
    const paper = matchMedia('print');
    paper.addEventListener('change', () => { if (paper.matches) window.printed = shown(); });
}"""
OPENED = "() => [...document.querySelectorAll('.post-body details')].map(fold => fold.open)"


def printed(page: Page) -> list[bool]:
    page.evaluate(WATCH)
    page.pdf()
    shown: list[bool] = page.evaluate("window.printed")
    return shown


def test_a_printed_post_shows_its_folded_code_callouts_and_details(
    browser: Browser, tmp_path: Path
) -> None:
    """Chrome prints a <details> as it is: a closed one printed its summary line alone, so a
    post's folded code, folded callout or an author's folded proof was missing on paper,
    where nothing can be opened. They are opened for print, and closed again after it."""
    write_files(tmp_path, {"site.yaml": "title: T\n", "content/posts/f.md": FOLDED})
    page = browser.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/f/")
            settle(page)
            before = page.evaluate(OPENED)
            shown = printed(page)
            page.wait_for_timeout(200)  # the toggle events of the folds closed again
            after = page.evaluate(OPENED)
            expect(page.get_by_text("FOLDED_CODE")).to_be_hidden()
            expect(page.get_by_text("OPEN_CODE")).to_be_visible()
            # The reader opens one, prints: it stays open, as the reader left it.
            page.get_by_text("Why fold?").click()
            printed(page)
            reader = page.evaluate(OPENED)
    finally:
        page.close()
    assert before == [False, False, False, True], before
    assert shown == [True, True, True, True], shown
    assert after == before, after  # the screen as it was
    assert reader == [False, True, False, True], reader


def test_a_long_series_prints_its_short_list(browser: Browser, tmp_path: Path) -> None:
    """On paper the "All 45 parts" toggle cannot be pressed, and 45 titles are a page of
    noise: the parts near this one are printed, even when the reader opened the long list."""
    long_series(tmp_path, 45)
    page = browser.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/p20/")
            settle(page)
            page.get_by_text("全部 45 篇").click()
            links = page.locator("nav.series li a:visible")
            expect(links).to_have_count(44)  # opened on screen: every other part
            page.emulate_media(media="print")
            on_paper = links.all_inner_texts()
            toggle = page.get_by_text("全部 45 篇").is_visible()
            page.emulate_media(media="screen")
            expect(links).to_have_count(44)
    finally:
        page.close()
    parts = [f"Transformer 详解（{n}）" for n in (1, 18, 19, 21, 22, 45)]
    assert on_paper == parts, on_paper
    assert not toggle


WIDE_TABLE = (
    "\n| " + " | ".join(f"heading_{n}" for n in range(12)) + " |\n"
    "|" + "---|" * 12 + "\n| " + " | ".join(["supercalifragilistic"] * 12) + " |\n"
)
# How far past the printed column each wide thing reaches, in px.
PAST = """() => {
    const column = document.querySelector('.post-body').getBoundingClientRect().right;
    const wide = '.post-body table, .post-body .diagram-svg svg';
    return [...document.querySelectorAll(wide)].map(
        box => [box.tagName, Math.round(box.getBoundingClientRect().right - column)]);
}"""


def test_a_wide_table_and_diagram_fit_the_printed_column(browser: Browser, tmp_path: Path) -> None:
    """On screen a wide table or diagram scrolls in its box; on paper nothing scrolls, and a
    twelve-column table ran 900 px past the column, cut at the paper's edge. Its cells now
    wrap; a diagram was already shrunk to the column, under its screen-only least width."""
    write_files(tmp_path, {"site.yaml": "title: T\n", "content/posts/w.md": WIDE + WIDE_TABLE})
    page = browser.new_page(viewport={"width": 700, "height": 1000})  # an A4 page's column
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/w/")
            settle(page)
            expect(page.locator(".post-body .diagram-svg svg")).to_have_count(2)
            on_screen = page.evaluate(PAST)
            page.emulate_media(media="print")
            on_paper = page.evaluate(PAST)
            page.emulate_media(media="screen")
    finally:
        page.close()
    assert [name for name, past in on_screen if past > 1] == ["svg"], on_screen  # the case
    assert [name for name, past in on_paper if past > 1] == [], on_paper
