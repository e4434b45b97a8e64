"""A post on a 360 px phone: nothing widens the page, wide things scroll in their own box,
whole and unclipped, and a table's short columns are not squeezed by one long cell."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page

from browser import dark_share, serve_built, settle
from conftest import SiteFactory

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

# No top-level relation or operator: KaTeX allows no break in these.
PROJECTION = (
    r"\mathbf{W}_{\text{query}}^{(\ell)}\mathbf{X}_{\text{input}}^{\top}\mathbf{K}_{\text{cache}}"
)
THROUGHPUT = r"\text{the number of tokens processed per second per device}"
ACCENTS = PROJECTION * 2 + r"\hat{\mathbf{V}}_{\text{value head}}\tilde{\mathbf{O}}_{j_k}"
TALL = rf"\Bigg(\sqrt{{\frac{{{PROJECTION * 2}}}{{\mathbf{{V}}}}}}\Bigg)\widehat{{x y}}"
DISPLAY = PROJECTION + r" = \operatorname{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V"
FORMULAS = f"""---
title: "Why $\\\\text{{the number of tokens per second per device}}$ matters"
date: 2024-01-01
---
The projection ${PROJECTION}$ is computed once per layer.

Accents ${ACCENTS}$ and on.

吞吐量记作 ${THROUGHPUT}_{{j_{{k_l}}}}$，之后。

Tall ${TALL}$ here.

## Heading $\\text{{the number of tokens processed per second}}$

$$
{DISPLAY}
$$
"""

# Every formula's box and what a reader sees of it. A formula that scrolls (katex-wide, a
# display) is its own box; glyphs are KaTeX's boxes holding text, and its svg drawings.
SEEN = """() => {
    const column = document.querySelector('.post-body').getBoundingClientRect();
    const glyphs = box => [...box.querySelectorAll('.katex-html *')].filter(e =>
        e.tagName === 'svg' || [...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()));
    const clipped = box => {
        const top = box.getBoundingClientRect().top + box.clientTop;
        const bottom = top + box.clientHeight;
        return glyphs(box).map(g => g.getBoundingClientRect())
            .filter(r => r.top < top - 0.5 || r.bottom > bottom + 0.5).length;
    };
    const scrolling = [...document.querySelectorAll('.katex-wide, .math-display')];
    return {
        page: document.documentElement.scrollWidth,
        outside: [...document.querySelectorAll('.katex')].filter(k => {
            const r = (k.closest('.katex-wide, .math-display, .math-glue') || k)
                .getBoundingClientRect();
            return r.left < column.left - 1 || r.right > column.right + 1;
        }).map(k => k.textContent.slice(0, 30)),
        scrolling: scrolling.map(box => ({
            text: box.textContent.slice(0, 30),
            hidden: box.scrollWidth - box.clientWidth,
            clipped: clipped(box)})),
    };
}"""

# The glued formula's baseline (its strut sits `depth` below it) and the text's after it: a
# zero-size inline-block's bottom is its line's baseline.
BASELINES = """() => {
    const glue = document.querySelector('.post-body .math-glue');
    const strut = glue.querySelector('.katex-strut');
    const em = parseFloat(getComputedStyle(strut).fontSize);
    const depth = -parseFloat(strut.style.verticalAlign) * em;
    const probe = document.createElement('span');
    probe.style.cssText = 'display: inline-block; width: 0; height: 0';
    glue.append(probe);
    const text = probe.getBoundingClientRect().bottom;
    probe.remove();
    return [strut.getBoundingClientRect().bottom - depth, text];
}"""


def opened(browser: Browser, url: str, viewport: dict[str, int], script: bool = True) -> Page:
    context = browser.new_context(
        viewport=viewport,  # type: ignore[arg-type]
        is_mobile=viewport["width"] < 500,
        java_script_enabled=script,
    )
    page = context.new_page()
    page.goto(url)
    settle(page)
    return page


def test_a_long_inline_formula_stays_whole_and_unclipped_on_a_phone(
    browser: Browser, make_site: SiteFactory
) -> None:
    """A formula with nowhere to break, in the text, a title or a heading, scrolls in its own
    box: its glued "，" went past the column, a title's widened the page to 860 px, accents
    above KaTeX's struts were clipped and the box sat off the text's baseline."""
    site = make_site({"content/posts/f.md": FORMULAS})
    with serve_built(site, "https://t.example/") as url:
        page = opened(browser, url + "posts/f/", PHONE)
        try:
            seen = page.evaluate(SEEN)
            formula, text = page.evaluate(BASELINES)
            glue = page.evaluate("""() => {
                const glue = document.querySelector('.post-body .math-glue');
                const mark = document.createRange();
                mark.selectNodeContents(glue.lastChild);
                return [mark.getBoundingClientRect().right,
                        document.querySelector('.post-body').getBoundingClientRect().right];
            }""")
        finally:
            page.context.close()
    assert seen["page"] <= PHONE["width"], seen
    assert seen["outside"] == [], seen
    texts = [box["text"] for box in seen["scrolling"]]
    assert len(texts) >= 6, seen  # title, contents, three in the text, heading, display
    assert all(box["hidden"] > 0 for box in seen["scrolling"]), seen  # the rest is reachable
    assert [box for box in seen["scrolling"] if box["clipped"]] == [], seen
    assert glue[0] <= glue[1] + 1, glue  # "，" within the column, on the formula's line
    assert abs(formula - text) < 0.5, (formula, text)


# One long sentence, one long URL, short numbers; a Chinese table whose short headers broke
# a character a line.
SENTENCE = "Trained on a very large set of web pages linked from posts with three karma"
URL = "https://huggingface.co/google-bert/bert-large-uncased-whole-word-masking-finetuned-squad"
NOTE_ZH = "这个模型在一个非常大的网页数据集上训练，数据来自社交网站上的外链，每条至少有三个赞"
TABLES = f"""---
title: T
date: 2024-01-01
---
| Model | Params | Layers | Notes |
|---|---|---|---|
| GPT-2 XL | 1.5B | 48 | {SENTENCE} |
| BERT large | 340M | 24 | {URL} |

| 模型 | 参数量 | 层数 | 说明 |
|---|---|---|---|
| 小模型 | 1.5B | 48 | {NOTE_ZH} |

| Name | Value |
|---|---|
| lr | 3e-4 |
"""

# Per table: whether it scrolls, its box, and per cell its width and its lines of text.
CELLS = """() => [...document.querySelectorAll('.post-body table')].map(table => {
    const box = table.getBoundingClientRect();
    return {
        scrolls: table.scrollWidth > table.clientWidth,
        left: box.left, right: box.right, width: table.clientWidth,
        cells: [...table.rows].map(row => [...row.cells].map(cell => {
            const text = document.createRange();
            text.selectNodeContents(cell);
            const tops = new Set([...text.getClientRects()].filter(r => r.width > 0)
                .map(r => Math.round(r.bottom)));
            return [Math.round(cell.getBoundingClientRect().width), tops.size];
        })),
    };
})"""


def test_a_table_with_one_long_cell_scrolls_and_keeps_its_short_columns_on_one_line(
    browser: Browser, make_site: SiteFactory
) -> None:
    """The long cell took the room and broke "参数量" and "BERT large" a piece a line; on a
    desktop the tables are laid out as they were (as with no script at all)."""
    site = make_site({"content/posts/t.md": TABLES})
    with serve_built(site, "https://t.example/") as url:
        page = opened(browser, url + "posts/t/", PHONE)
        try:
            phone: list[dict[str, Any]] = page.evaluate(CELLS)
            width = page.evaluate("document.documentElement.scrollWidth")
            column = page.evaluate(
                "(b => [b.left, b.right])"
                "(document.querySelector('.post-body').getBoundingClientRect())"
            )
        finally:
            page.context.close()
        desktop = {}
        for script in (True, False):
            page = opened(browser, url + "posts/t/", DESKTOP, script)
            try:
                desktop[script] = page.evaluate(CELLS)
            finally:
                page.context.close()
    assert width <= PHONE["width"]
    english, chinese, short = phone
    for table in (english, chinese):
        assert table["scrolls"], table  # in its own box,
        assert table["left"] >= column[0] - 1 and table["right"] <= column[1] + 1, table
        for row in table["cells"]:
            *narrow, (wide, _) = row
            assert [lines for _, lines in narrow] == [1] * len(narrow), table
            assert table["width"] * 0.6 <= wide <= table["width"], table  # wraps, not squeezed
    assert not short["scrolls"] and all(lines == 1 for row in short["cells"] for _, lines in row)
    assert desktop[True] == desktop[False]
    assert not any(table["scrolls"] for table in desktop[True])


BAR = "---\ntitle: Bar\ndate: 2024-01-01\n---\nA bar wider than a phone:\n\n"
BAR += "$$\n\\rule{60em}{1em}\n$$\n"


def test_a_scrolling_formula_fades_at_each_edge_with_more_past_it(
    browser: Browser, make_site: SiteFactory
) -> None:
    """A display formula wider than a phone scrolls in its box, but nothing showed that it
    went on: cut between two terms, it looked whole. The edge with more past it fades out;
    scrolled to the middle both do, and at the end only the start. (A solid bar: ink is
    wherever the formula is.)"""
    site = make_site({"content/posts/bar.md": BAR})
    with serve_built(site, "https://t.example/") as url:
        page = opened(browser, url + "posts/bar/", PHONE)
        try:
            box = page.locator(".post-body .math-display[data-scrolls]")
            seen = {}
            for where, state in (("0", "end"), ("box.scrollWidth / 3", "start end"),
                                 ("box.scrollWidth", "start")):  # fmt: skip
                box.evaluate(f"box => {{ box.scrollLeft = {where}; }}")
                page.wait_for_function(
                    "state => document.querySelector('.math-display').dataset.more === state",
                    arg=state,
                )
                page.wait_for_timeout(50)  # the scroll painted
                png = box.screenshot()
                seen[state] = (dark_share(page, png, 0, 6), dark_share(page, png, -6, 6))
        finally:
            page.context.close()
    faded, solid = 0.05, 0.2
    assert seen["end"][0] > solid and seen["end"][1] < faded, seen
    assert seen["start end"][0] < faded and seen["start end"][1] < faded, seen
    assert seen["start"][0] < faded and seen["start"][1] > solid, seen
