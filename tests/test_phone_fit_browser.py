"""A post on a 360 px phone: nothing widens the page, wide things scroll in their own box,
whole and unclipped, and a table's short columns are not squeezed by one long cell."""

from __future__ import annotations

from playwright.sync_api import Browser, Page

from browser import serve_built, settle
from conftest import SiteFactory

PHONE = {"width": 360, "height": 740}

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
