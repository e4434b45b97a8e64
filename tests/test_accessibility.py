"""axe-core in headless chromium: no serious or critical violations, light and dark (issue 5)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from browser import CONTRAST, serve_built, settle, spoken_names, spoken_text
from conftest import REPO, write_files
from notebooks import code, notebook, raw, stream

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["", "posts/flash-attention/", "categories/large-model/", "search/?q=注意力"]


@pytest.fixture(scope="module")
def demo_url() -> Iterator[str]:
    with serve_built(REPO, "https://example.github.io/ml-notes/") as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_violations(browser: Browser, demo_url: str, path: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        page.goto(demo_url + path)
        if path.startswith("search/"):
            page.locator(".search-result").first.wait_for(timeout=15_000)
        serious = axe_serious(page)
    finally:
        context.close()
    assert serious == []


# Posts full of wide formulas, tables and code, on a phone: what scrolls must be reachable.
PHONE_PAGES = ["posts/mixed-precision/", "posts/gaussian-mle/", "posts/matrix-derivatives/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PHONE_PAGES)
def test_no_serious_violations_on_a_phone(
    browser: Browser, demo_url: str, path: str, scheme: str
) -> None:
    context = browser.new_context(
        color_scheme=scheme,  # type: ignore[arg-type]
        viewport={"width": 375, "height": 800},
    )
    page = context.new_page()
    try:
        response = page.goto(demo_url + path)
        assert response is not None and response.ok, path  # the post, not the 404 page
        settle(page)
        serious = axe_serious(page)
    finally:
        context.close()
    assert serious == []


def axe_serious(page: Page, within: str = "html") -> list[str]:
    """axe's serious and critical violations on the page as it is now (in `within`)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("within => axe.run(within, {resultTypes: ['violations']})", within)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_header_results_close_when_focus_leaves_them_and_down_reopens_them(
    browser: Browser, demo_url: str
) -> None:
    """Tabbing past the results left them open over the links focused next (WCAG 2.4.11);
    the box is a combobox saying whether they are open, and a live status says how many."""
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    try:
        page.goto(demo_url + "posts/lora/")
        box = page.get_by_role("combobox", name="搜索文章")
        expect(box).to_have_attribute("aria-expanded", "false")
        box.fill("注意力")
        results = page.locator("#site-search-results")
        first = results.locator(".search-result").first
        expect(first).to_be_visible(timeout=15_000)
        expect(box).to_have_attribute("aria-expanded", "true")
        expect(box).to_have_attribute("aria-controls", "site-search-results")
        status = page.locator("#site-search-status")
        expect(status).to_have_attribute("role", "status")
        expect(status).to_have_text(re.compile(r"^\d+ 条结果$"))  # the count, not the results
        assert axe_serious(page, ".site-header") == []  # open
        for _ in range(results.locator("a").count() + 1):  # every result, then on past them
            page.keyboard.press("Tab")
        expect(results).to_be_hidden()
        expect(box).to_have_attribute("aria-expanded", "false")
        assert page.evaluate(_FOCUSED_IS_SEEN), "the focused element is covered"
        box.focus()
        page.keyboard.press("ArrowDown")
        expect(first).to_be_focused()
        page.keyboard.press("Escape")  # from a result: back in the box, results closed
        expect(box).to_be_focused()
        expect(results).to_be_hidden()
        page.keyboard.press("ArrowDown")
        expect(first).to_be_focused()
        page.keyboard.press("ArrowUp")
        page.keyboard.press("Escape")  # in the box: closes them and keeps what was typed
        expect(results).to_be_hidden()
        expect(box).to_have_value("注意力")
        page.keyboard.press("ArrowDown")
        expect(first).to_be_focused()
        expect(box).to_have_attribute("aria-expanded", "true")
        page.keyboard.press("ArrowUp")
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")  # the next Escape clears the box, as it did before
        expect(box).to_have_value("")
    finally:
        context.close()


_FOCUSED_IS_SEEN = """() => {
    const focused = document.activeElement;
    const box = focused.getBoundingClientRect();
    const seen = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return focused !== document.body && focused.contains(seen);
}"""


def test_the_search_page_says_its_count_not_its_results(browser: Browser, demo_url: str) -> None:
    """The whole results list was a live region: each key read out ~1,500 characters."""
    page = browser.new_page()
    try:
        page.goto(demo_url + "search/")
        page.fill("#search-page-input", "注意力")
        expect(page.locator(".search-result").first).to_be_visible(timeout=15_000)
        live = page.locator("[aria-live], [role=status], [role=log], [role=alert]")
        assert live.locator(".search-result").count() == 0
        expect(page.locator("#search-page-status")).to_have_text(re.compile(r"^\d+ 条结果$"))
        said = [text for text in live.all_text_contents() if text.strip()]
        assert said and all(len(text) < 40 for text in said), said
    finally:
        page.close()


def test_titles_with_formulas_keep_them_in_what_is_read(browser: Browser, tmp_path: Path) -> None:
    """KaTeX's HTML is aria-hidden and Chromium leaves MathML out of names: the post was
    heading "为什么注意力是 的", and so were its links everywhere. The formula is read as
    text that says it, O(n²), not as its TeX."""
    title = "为什么注意力是 $O(n^2)$ 的"
    spoken = "为什么注意力是 O(n²) 的"
    write_files(tmp_path, {
        "site.yaml": "title: T\nlanguage: zh-CN\n",
        "content/posts/attn.md":
            f"---\ntitle: '{title}'\ndate: 2024-01-01\ntags: [注意力]\n---\n正文。\n",
        "content/posts/next.md": "---\ntitle: 下一篇\ndate: 2024-01-02\n---\n正文。\n",
    })  # fmt: skip
    page = browser.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/attn/")
            assert spoken in spoken_names(page, "heading")
            for path in ("", "archives/", "tags/注意力/"):
                page.goto(url + path)
                assert spoken in spoken_names(page, "link"), path
            page.goto(url + "posts/next/")
            assert f"较旧 → {spoken}" in spoken_names(page, "link")
            assert "下一篇" in spoken_names(page, "heading")  # a plain title as it was
            assert page.locator("h1[aria-label]").count() == 0
    finally:
        page.close()


def test_headings_with_formulas_keep_them_in_what_is_read(browser: Browser, tmp_path: Path) -> None:
    """The same for headings in a post, and their entries in its table of contents: "##
    为什么是 $O(n^2)$" was the heading "为什么是", and so was its TOC link."""
    body = (
        "## 为什么是 $O(n^2)$\n\n正文。\n\n### 显存为 $\\mathcal{O}(n)$ 的做法\n\n正文。\n\n"
        "## 小结\n"
    )
    write_files(tmp_path, {
        "site.yaml": "title: T\nlanguage: zh-CN\n",
        "content/posts/attn.md": f"---\ntitle: 注意力\ndate: 2024-01-01\n---\n{body}",
    })  # fmt: skip
    page = browser.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/attn/")
            spoken = ["为什么是 O(n^2)", "显存为 \\mathcal{O}(n) 的做法"]
            headings, links = spoken_names(page, "heading"), spoken_names(page, "link")
            for name in spoken:
                assert name in headings
                assert name in links
            assert "小结" in headings  # a heading without a formula keeps its own text
            assert page.locator(":is(h2, h3)[aria-label]").count() == 2
            assert page.locator(".toc a[aria-label]").count() == 2
    finally:
        page.close()


WIDE = """---
title: Wide things
date: 2024-01-01
---
```python
x = 1
```

```python
loss = F.cross_entropy(model(inputs).logits.view(-1, vocab), targets)
```

$$
\\mathcal{L}(\\theta) = -\\sum_{t=1}^{T} \\log p_\\theta(x_t \\mid x_{<t})
  + \\lambda \\lVert \\theta \\rVert_2^2 + \\beta \\, \\mathrm{KL}(q \\,\\Vert\\, p)
$$

| optimizer | learning rate | betas | weight decay | warmup steps | schedule |
|---|---|---|---|---|---|
| AdamW | 3e-4 | (0.9, 0.95) | 0.1 | 2000 | cosine to 10% |

| a | b |
|---|---|
| 1 | 2 |
"""


def test_boxes_that_scroll_sideways_can_be_focused_and_are_named(
    browser: Browser, tmp_path: Path
) -> None:
    """A keyboard scrolls a box only if it can focus it (axe scrollable-region-focusable):
    code, formulas and tables wider than a phone are focusable while they overflow."""
    write_files(tmp_path, {"site.yaml": "title: T\nlanguage: zh-CN\n", "content/posts/w.md": WIDE})
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/w/")
            settle(page)
            regions = spoken_names(page, "region")
            assert regions.count("代码") == 1 and regions.count("公式") == 1, regions
            assert "表格" in spoken_names(page, "table")  # still a table, named
            short, long = page.locator(".code-block pre").all()
            wide, narrow = page.locator(".post-body table").all()
            assert short.get_attribute("tabindex") is None  # nothing to scroll
            assert narrow.get_attribute("tabindex") is None
            for box in (long, wide, page.locator(".math-display")):
                expect(box).to_have_attribute("tabindex", "0")
            long.focus()
            page.keyboard.press("ArrowRight")
            expect(long).not_to_have_js_property("scrollLeft", 0)
            assert axe_serious(page, ".post-body") == []
            page.set_viewport_size({"width": 1400, "height": 800})
            expect(long).not_to_have_attribute("tabindex", "0")  # fits: as it was
            assert spoken_names(page, "region") == []
    finally:
        context.close()


def test_a_long_notebook_output_can_be_focused_and_scrolled(
    browser: Browser, tmp_path: Path
) -> None:
    """A training log taller than its box scrolls in it, reached by the keyboard and named
    as the other boxes that scroll; a short output is no tab stop (each one was, unnamed)."""
    log = "".join(f"epoch {i}: loss {1 / (i + 1):.4f}\n" for i in range(200))
    train = notebook(
        raw("---\ntitle: 训练\ndate: 2024-01-01\n---\n"),
        code("train()\n", stream(log)),
        code("print('done')\n", stream("done\n")),
    )
    write_files(
        tmp_path,
        {"site.yaml": "title: T\nlanguage: zh-CN\n", "content/posts/train.ipynb": train},
    )
    page = browser.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/train/")
            settle(page)
            long, short = page.locator(".nb-output pre").all()
            expect(long).to_have_attribute("tabindex", "0")
            assert short.get_attribute("tabindex") is None  # nothing to scroll
            assert spoken_names(page, "region").count("输出") == 1
            long.focus()
            page.keyboard.press("End")
            page.wait_for_function("box => box.scrollTop > 0", arg=long.element_handle())
    finally:
        page.close()


def test_an_english_result_on_a_chinese_site_is_read_as_english(
    browser: Browser, demo_url: str
) -> None:
    page = browser.new_page()
    try:
        page.goto(demo_url + "search/?q=allreduce")
        title = page.locator(".search-result-title").first
        expect(title).to_contain_text("Ring all-reduce", timeout=15_000)
        expect(title).to_have_attribute("lang", "en")
        expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    finally:
        page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_broken_formula_is_legible_and_says_its_error(
    browser: Browser, tmp_path: Path, scheme: str
) -> None:
    """Its red was 2.89:1 on the dark background, and its message only a title tooltip."""
    write_files(tmp_path, {
        "site.yaml": "title: T\nlanguage: zh-CN\n",
        "content/posts/e.md": "---\ntitle: 错误\ndate: 2024-01-01\n---\n"
                              "损失 $\\frac{1}{$ 写错了。\n\n$$\n\\begin{x}\n$$\n",
    })  # fmt: skip
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/e/")
            assert page.locator("code.math-error").count() == 2
            assert axe_serious(page, ".post-body") == []
            assert "Unexpected end of input" in spoken_text(page)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_404_page_links_are_seen_as_links(browser: Browser, demo_url: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        page.goto(demo_url + "404.html")
        assert page.locator(".not-found a").count() == 2
        assert axe_serious(page) == []  # link-in-text-block: 1.36:1 from the text, no underline
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_header_search_field_and_its_placeholder_can_be_seen(
    browser: Browser, demo_url: str, scheme: str
) -> None:
    """Its border was 1.29:1 on the header (WCAG 1.4.11 wants 3:1), its placeholder
    Chrome's #757575 at 4.34:1."""
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        page.goto(demo_url)
        colors = page.evaluate("""() => {
            const input = document.querySelector('#site-search-input');
            const header = getComputedStyle(document.querySelector('.site-header'));
            return [getComputedStyle(input).borderTopColor, header.backgroundColor,
                    getComputedStyle(input, '::placeholder').color,
                    getComputedStyle(input).backgroundColor];
        }""")
        border = page.evaluate(CONTRAST, colors[:2])
        placeholder = page.evaluate(CONTRAST, colors[2:])
    finally:
        context.close()
    assert border >= 3, colors
    assert placeholder >= 4.5, colors


MARKED = """---
title: 标记
date: 2024-01-01
---
```python hl_lines="2"
a = 1
b = 2
```

::: warning 显存
batch 太大会 OOM。
:::
"""


def test_marked_lines_show_in_forced_colours(browser: Browser, tmp_path: Path) -> None:
    """Forced colours drop a marked line's band and bar (background, box-shadow)."""
    write_files(
        tmp_path, {"site.yaml": "title: T\nlanguage: zh-CN\n", "content/posts/m.md": MARKED}
    )
    context = browser.new_context(forced_colors="active")
    page = context.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/m/")
            edge, band = page.evaluate("""() => {
                const line = getComputedStyle(document.querySelector('.code-block .hll'));
                const pre = getComputedStyle(document.querySelector('.code-block pre'));
                return [[line.borderLeftWidth, line.borderLeftStyle, line.borderLeftColor],
                        pre.backgroundColor];
            }""")
    finally:
        context.close()
    assert float(edge[0][:-2]) >= 2 and edge[1] == "solid" and edge[2] != band, edge


def test_an_admonition_says_its_kind_not_only_by_colour(browser: Browser, tmp_path: Path) -> None:
    write_files(
        tmp_path, {"site.yaml": "title: T\nlanguage: zh-CN\n", "content/posts/m.md": MARKED}
    )
    page = browser.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/m/")
            assert "注意: 显存" in spoken_text(page).replace("  ", " ")  # the site's words
    finally:
        page.close()


def test_the_header_search_says_it_is_loading_on_a_slow_network(
    browser: Browser, demo_url: str
) -> None:
    """The box showed nothing for the ~9 s the index took to come on a slow network."""
    context = browser.new_context()
    held: list[Route] = []
    context.route("**/search.json", lambda route: held.append(route))
    page = context.new_page()
    try:
        page.goto(demo_url + "posts/lora/")
        page.fill("#site-search-input", "注意力")
        expect(page.locator("#site-search-results .search-status")).to_have_text("正在载入索引…")
        expect(page.locator("#site-search-status")).to_have_text("正在载入索引…")
        assert len(held) == 1
        held[0].continue_()
        expect(page.locator("#site-search-results .search-result").first).to_be_visible()
        expect(page.locator("#site-search-status")).to_have_text(re.compile(r"^\d+ 条结果$"))
    finally:
        context.close()


def test_a_copy_button_names_its_block_and_says_it_copied(browser: Browser, tmp_path: Path) -> None:
    """ "copied" showed on the button only, in English on a Chinese site, and every button
    was called "copy" whatever it copied."""
    post = '---\ntitle: 训练\ndate: 2024-01-01\n---\n```python title="train.py"\nstep()\n```\n'
    write_files(tmp_path, {"site.yaml": "title: T\nlanguage: zh-CN\n", "content/posts/t.md": post})
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/t/")
            button = page.get_by_role("button", name="复制 train.py")
            expect(button).to_have_text("复制")
            button.click()
            expect(page.get_by_role("status").filter(has_text="已复制")).to_have_count(1)
            expect(button).to_have_text("已复制")
            assert page.evaluate("navigator.clipboard.readText()") == "step()\n"
    finally:
        context.close()


def test_footnote_back_links_are_named_in_the_site_s_words(
    browser: Browser, tmp_path: Path
) -> None:
    """They were read "↩︎" (markdown-it's text), a character screen readers skip or spell."""
    post = "---\ntitle: 脚注\ndate: 2024-01-01\n---\n正文[^1]，再引一次[^1]。\n\n[^1]: 出处。\n"
    write_files(tmp_path, {"site.yaml": "title: T\nlanguage: zh-CN\n", "content/posts/f.md": post})
    page = browser.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/f/")
            links = spoken_names(page, "link")
    finally:
        page.close()
    assert links.count("返回正文") == 2, links
    assert not [name for name in links if "↩" in name]


def test_the_banner_cursor_stops_blinking_within_five_seconds(
    browser: Browser, demo_url: str
) -> None:
    """It blinked for ever (WCAG 2.2.2: moving content over 5 s needs a way to stop it)."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(demo_url)
        blink = page.evaluate(
            "(() => { const s = getComputedStyle(document.querySelector('.cursor'));"
            " return [s.animationName, s.animationDuration, s.animationIterationCount]; })()"
        )
        page.emulate_media(reduced_motion="reduce")
        still = page.evaluate("getComputedStyle(document.querySelector('.cursor')).animationName")
    finally:
        context.close()
    assert blink[0] == "blink" and blink[2] != "infinite", blink
    assert float(blink[1][:-1]) * float(blink[2]) <= 5, blink
    assert still == "none"


def test_the_search_page_s_two_search_landmarks_are_told_apart(
    browser: Browser, demo_url: str
) -> None:
    page = browser.new_page()
    try:
        page.goto(demo_url + "search/")
        names = spoken_names(page, "search")
    finally:
        page.close()
    assert len(names) == 2 and all(names) and len(set(names)) == 2, names


def test_post_counts_say_what_they_count(browser: Browser, demo_url: str) -> None:
    """An archive year was read "2026 6" and a tag "PyTorch 8"."""
    page = browser.new_page()
    try:
        page.goto(demo_url + "archives/")
        years = spoken_names(page, "heading")
        page.goto(demo_url + "tags/")
        tags = spoken_names(page, "link")
    finally:
        page.close()
    assert [y for y in years if re.fullmatch(r"20\d\d \d+ 篇", y)], years
    assert [t for t in tags if re.fullmatch(r"PyTorch \d+ 篇", t)], tags


def test_line_numbers_are_not_read_into_the_code(browser: Browser, tmp_path: Path) -> None:
    """Numbered code (linenums) was read "1import torch"."""
    post = '---\ntitle: 行号\ndate: 2024-01-01\n---\n```python linenums="1"\nimport torch\n```\n'
    write_files(tmp_path, {"site.yaml": "title: T\nlanguage: zh-CN\n", "content/posts/n.md": post})
    page = browser.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/n/")
            assert page.locator(".linenos").count() == 1
            text = spoken_text(page)
    finally:
        page.close()
    assert "import" in text and not re.search(r"\b1\s*import", text), text


@pytest.mark.parametrize("width", [320, 390])
def test_a_phone_s_header_is_two_rows_of_targets_big_enough_to_tap(
    browser: Browser, demo_url: str, width: int
) -> None:
    """At 390 px the ◐ button sat alone on a third row under the menu and the search box."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(demo_url + "posts/lora/")
        boxes = page.evaluate("""() => [...document.querySelectorAll(
            '.site-title, .site-nav a, #site-search-input, .theme-toggle')].map(e => {
                const r = e.getBoundingClientRect();
                return [r.top, r.bottom, r.width, r.height, r.right];
            })""")
    finally:
        page.close()
    rows: list[list[float]] = []
    for top, bottom, *_ in sorted(boxes):
        if rows and top < rows[-1][1]:  # overlaps the row above: on it
            rows[-1][1] = max(rows[-1][1], bottom)
        else:
            rows.append([top, bottom])
    assert len(rows) <= 2, rows
    assert all(w >= 24 and h >= 24 and right <= width for _, _, w, h, right in boxes), boxes


def test_a_formula_in_a_table_cell_stays_on_one_line(browser: Browser, demo_url: str) -> None:
    """At 1280 px "about 3.4 × 10³⁸" broke after the ×, in mixed-precision's table."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(demo_url + "posts/mixed-precision/")
        settle(page)
        lines = page.evaluate("""() => [...document.querySelectorAll(
            '.post-body td .katex-html, .post-body th .katex-html')].map(math => [
                math.closest('.katex').textContent, math.getClientRects().length])""")
    finally:
        page.close()
    assert lines and [text for text, rows in lines if rows > 1] == [], lines


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_series_box_is_clean_and_says_which_part_is_this(
    browser: Browser, tmp_path: Path, scheme: str
) -> None:
    part = "---\ntitle: {}\ndate: 2024-0{}-01\nseries: Transformer 详解\n---\n正文。\n"
    write_files(tmp_path, {
        "site.yaml": "title: T\nlanguage: zh-CN\n",
        "content/posts/a.md": part.format("注意力", 1),
        "content/posts/b.md": part.format("位置编码", 2),
        "content/posts/c.md": part.format("解码", 3),
    })  # fmt: skip
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/b/")
            assert axe_serious(page) == []
            current = page.locator(".series [aria-current='page']")
            expect(current).to_have_text("位置编码")
            names = spoken_names(page, "link")
            assert "注意力" in names and "解码" in names and "位置编码" not in names
            page.get_by_role("link", name="Transformer 详解").click()
            expect(page).to_have_url(re.compile(r"/series/transformer-"))
            assert axe_serious(page) == []
    finally:
        context.close()
