"""In chromium: punctuation after an inline formula stays on the formula's line."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from browser import serve_built

PROSE = (
    "每组共享一对 K/V 投影，$g=1$，GQA 则取两者之间的分组数。bf16 在 1.0 附近的间隔是 $2^{-7}$。"
    "Near 1.0 the gap of bf16 is $2^{-7}$. 多头注意力的每个头宽 $d_h=d/h$：于是总参数量不变。"
)

# For each formula followed by text starting with punctuation: the bottom of the formula's
# last box and of that mark, a line apart when a line starts with the mark.
PAIRS = """() => [...document.querySelectorAll('.post-body .katex')].flatMap(k => {
    const next = k.nextSibling;
    if (!next || next.nodeType !== Node.TEXT_NODE || !/^[，。：.]/.test(next.data)) return [];
    const boxes = k.querySelectorAll('.katex-html > *');
    const mark = document.createRange();
    mark.setStart(next, 0);
    mark.setEnd(next, 1);
    return [[boxes[boxes.length - 1].getBoundingClientRect().bottom,
             mark.getBoundingClientRect().bottom]];
})"""


def _glued_pairs(
    browser: Browser, tmp_path: Path, prose: str, pairs_script: str
) -> tuple[int, list[tuple[int, list[float]]]]:
    """A post of `prose` three times, laid out at every width from 280 to 420 px (every place a
    line can end, at some width): how many formula-and-mark pairs `pairs_script` found, and
    those whose two sides were more than 12 px apart (on two lines)."""
    (tmp_path / "site.yaml").write_text("title: T\n", "utf-8")
    (tmp_path / "content/posts").mkdir(parents=True)
    (tmp_path / "content/posts/a.md").write_text(
        "---\ntitle: A\ndate: 2024-01-01\n---\n" + "\n\n".join([prose] * 3) + "\n", "utf-8"
    )
    broken: list[tuple[int, list[float]]] = []
    seen = 0
    with serve_built(tmp_path, "https://t.example/") as url:
        context = browser.new_context(viewport={"width": 420, "height": 800})
        page = context.new_page()
        page.goto(url + "posts/a/")
        page.evaluate("document.fonts.ready")
        for width in range(280, 421, 3):
            page.set_viewport_size({"width": width, "height": 800})
            pairs = page.evaluate(pairs_script)
            seen += len(pairs)
            broken += [(width, pair) for pair in pairs if abs(pair[0] - pair[1]) > 12]
        context.close()
    return seen, broken


def test_no_line_starts_with_the_punctuation_after_a_formula(
    browser: Browser, tmp_path: Path
) -> None:
    """ "$g=1$，GQA …" wrapped with "，GQA" at the start of the next line."""
    seen, broken = _glued_pairs(browser, tmp_path, PROSE, PAIRS)
    assert seen == 47 * 12  # every formula with a mark after it, at every width
    assert broken == []


def test_a_chain_of_terms_keeps_its_own_line_breaks(browser: Browser, tmp_path: Path) -> None:
    """A 31-character chain glued to its comma could not wrap at its `+`: on a phone it
    became a box scrolling sideways, showing "a+b+…+h+" and its comma past the column."""
    chain = "a+b+c+d+e+f+g+h+i+j+k+l+m+n+o+p"
    (tmp_path / "site.yaml").write_text("title: T\n", "utf-8")
    (tmp_path / "content/posts").mkdir(parents=True)
    (tmp_path / "content/posts/a.md").write_text(
        f"---\ntitle: A\ndate: 2024-01-01\n---\nAnother sentence with ${chain}$, and text "
        "after it to continue.\n",
        "utf-8",
    )
    with serve_built(tmp_path, "https://t.example/") as url:
        context = browser.new_context(viewport={"width": 320, "height": 800})
        page = context.new_page()
        page.goto(url + "posts/a/")
        page.evaluate("document.fonts.ready")
        page.wait_for_timeout(300)  # (site.js marks wide formulas after fonts load)
        shown = page.evaluate("""() => {
            const k = document.querySelector('.post-body .katex');
            const tops = [...k.querySelectorAll('.katex-html > .katex-base')]
                .map(b => Math.round(b.getBoundingClientRect().top));
            return {lines: new Set(tops).size, wide: k.classList.contains('katex-wide'),
                    page: document.scrollingElement.scrollWidth};
        }""")
        context.close()
    assert shown["lines"] > 1 and not shown["wide"], shown  # wrapped at its own breaks
    assert shown["page"] <= 320


OPENED = (
    "学习率（$\\eta$）和权重衰减（$\\lambda$）一起调，层数($L$)与宽度($d$)同时翻倍，"
    "记作“$x$”，共 [$n$] 个样本。The batch size ($B=512$) and the warmup ($w$) matter."
)

# For each formula after text ending with an opening bracket or quote: the bottom of that
# mark and of the formula's first box, a line apart when a line ends with the mark.
OPENED_PAIRS = """() => [...document.querySelectorAll('.post-body .katex')].flatMap(k => {
    const host = k.parentElement.classList.contains('math-glue') ? k.parentElement : k;
    const before = k.previousSibling || host.previousSibling;
    if (!before || before.nodeType !== Node.TEXT_NODE || !/[（(“\\[]$/.test(before.data)) return [];
    const mark = document.createRange();
    mark.setStart(before, before.data.length - 1);
    mark.setEnd(before, before.data.length);
    return [[mark.getBoundingClientRect().bottom,
             k.querySelector('.katex-html > *').getBoundingClientRect().bottom]];
})"""


def test_no_line_ends_with_the_bracket_before_a_formula(browser: Browser, tmp_path: Path) -> None:
    """ "层数($L$)" wrapped as "层数(" at a line's end and "L)" at the next one's start: on a
    phone, most paragraphs with a bracketed formula had one."""
    seen, broken = _glued_pairs(browser, tmp_path, OPENED, OPENED_PAIRS)
    assert seen == 47 * 24  # every formula with a mark before it, at every width
    assert broken == []
