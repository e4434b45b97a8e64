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


ADAM = r"\theta_{t+1} = " + " + ".join([
    r"\theta_t - \eta \cdot \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}", r"\lambda \theta_t",
    r"\beta_1 m_{t-1}", r"(1 - \beta_1) g_t", r"\beta_2 v_{t-1}", r"(1 - \beta_2) g_t^2",
    r"\gamma \nabla_\theta \mathcal{L}(\theta_t; x_t, y_t)", r"\mu (\theta_t - \theta_{t-1})",
    r"\rho \lVert \theta_t \rVert_2^2",
])  # fmt: skip
ATTENTION = (
    r"\mathrm{softmax}\left(\frac{Q K^\top}{\sqrt{d_k}}\right) V = \sum_{j=1}^{n} \alpha_{ij} v_j"
    r" = \sum_{j=1}^{n} \frac{\exp(q_i \cdot k_j)}{\sum_l \exp(q_i \cdot k_l)} v_j"
)
ONE_TERM = (  # a sum of 28 terms over a product of 18: no place to break
    r"\underbrace{\frac{" + " + ".join(f"a_{{{n}}}" for n in range(28)) + "}{"
    + " ".join(f"b_{{{n}}}" for n in range(18)) + r"}}_{\text{one term}}"
)  # fmt: skip
FORMULAS = (
    "| Method | Update rule | Cost |\n|---|---|---|\n"
    f"| Adam | ${ADAM}$ | $O(n)$ |\n| Attention | ${ATTENTION}$ | $O(n^2 d)$ |\n\n"
    f"One more.\n\n| Term | Cost |\n|---|---|\n| ${ONE_TERM}$ | $1$ |\n"
)
# How far past the printed column each table and each formula in a cell reach, in px, and
# each table's zoom ("" for none).
PAST_TABLES = """() => {
    const column = document.querySelector('.post-body').getBoundingClientRect().right;
    const past = box => Math.round(box.getBoundingClientRect().right - column);
    const tables = [...document.querySelectorAll('.post-body table')];
    return [tables.map(past), [...document.querySelectorAll('.post-body td .katex-html')].map(past),
            tables.map(table => table.style.zoom)];
}"""
WATCH_TABLES = (
    "() => { const paper = matchMedia('print'); paper.addEventListener('change', () => {"
    f" if (paper.matches) window.printed = ({PAST_TABLES})(); }}); }}"
)


def test_a_table_of_formulas_fits_the_printed_column(browser: Browser, tmp_path: Path) -> None:
    """A formula in a table's cell stays whole on screen, where the table scrolls; on paper
    the table ran 120 px past the column, its formulas cut at the paper's edge. A formula
    now breaks between its terms there, as in the text, and a table with a term that
    cannot break and is still too wide is scaled down to the column, as a display formula
    is; the screen is as it was after printing."""
    post = "---\ntitle: F\ndate: 2024-01-01\n---\n" + FORMULAS
    write_files(tmp_path, {"site.yaml": "title: T\n", "content/posts/f.md": post})
    page = browser.new_page(viewport={"width": 700, "height": 1000})  # an A4 page's column
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/f/")
            settle(page)
            on_screen = page.evaluate(PAST_TABLES)
            page.evaluate(WATCH_TABLES)
            page.pdf()
            tables, formulas, zooms = page.evaluate("window.printed")
            after = page.evaluate(PAST_TABLES)
    finally:
        page.close()
    assert max(on_screen[0]) <= 1 and max(on_screen[1]) > 100, on_screen  # they scroll
    assert max(tables) <= 1 and max(formulas) <= 1, (tables, formulas)
    assert zooms[0] == "" and 0.3 < float(zooms[1]) < 1, zooms  # the first broke its formulas
    assert after == on_screen, after
