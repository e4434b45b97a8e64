"""The theme's layout measured in chromium, on phones and desktops, light and dark: what a
reader would notice (a name broken over two lines, uneven line spacing, a glaring rule)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

from browser import serve_built, settle, spoken_names
from conftest import REPO, SiteFactory


@pytest.fixture(scope="module")
def demo_url() -> Iterator[str]:
    with serve_built(REPO, "https://example.github.io/ml-notes/") as url:
        yield url


@pytest.mark.parametrize("width", [320, 360])
def test_a_short_site_title_stays_on_one_line_on_a_phone(
    browser: Browser, demo_url: str, width: int
) -> None:
    """At 360 px the header's flex row shrank "ML notes" to "ML / notes", though the menu
    beside it had room to spare."""
    page = browser.new_page(viewport={"width": width, "height": 740})
    try:
        page.goto(demo_url)
        settle(page)
        lines = page.evaluate("""() => {
            const range = document.createRange();
            range.selectNodeContents(document.querySelector('.site-title'));
            return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
        }""")
    finally:
        page.close()
    assert lines == 1


@pytest.mark.parametrize(
    "title",
    [
        "The Long And Winding Notebook Of Machine Learning",
        "我的机器学习笔记",
        "深度学习与系统笔记本",
        "Transformers",
    ],
)
def test_a_long_site_title_wraps_inside_a_phone_s_header(
    browser: Browser, make_site: SiteFactory, title: str
) -> None:
    """The short title's room is not taken from a long one: it wraps, the page stays put,
    and a long word is not run under the menu."""
    site = make_site(
        {"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\ntext\n"},
        config=f"title: {title}\nbase_url: https://t.example/\n",
    )
    with serve_built(site, "https://t.example/") as url:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        try:
            page.goto(url)
            settle(page)
            found = page.evaluate("""() => ({
                page: document.scrollingElement.scrollWidth,
                boxes: [...document.querySelectorAll('.site-title, .site-nav a, .site-search,'
                    + ' .theme-toggle')].map(e => e.getBoundingClientRect().right),
                title: document.querySelector('.site-title').scrollWidth
                    - document.querySelector('.site-title').clientWidth,
                header: document.querySelector('.site-header').getBoundingClientRect().height,
            })""")
        finally:
            page.close()
    assert found["page"] <= 360 and max(found["boxes"]) <= 360, found
    assert found["title"] <= 0, found  # its text inside its box, not under the menu
    if len(title) < 20:  # two rows, as with the short title (a long one wraps over more)
        assert found["header"] < 100, found


FOOTNOTED = """---
title: A
date: 2024-01-01
---
Plain words on one line.

Noted words[^1] on one line.

这一行有脚注。[^2]

---

[^1]: The note.
[^2]: 脚注。
"""


def measure_footnoted(browser: Browser, make_site: SiteFactory, scheme: str) -> dict[str, Any]:
    """FOOTNOTED's post on a phone: its paragraphs' heights, its rules' colours and heights,
    and the theme's colour for rules (the header's)."""
    site = make_site({"content/posts/a.md": FOOTNOTED})
    with serve_built(site, "https://t.example/") as url:
        context = browser.new_context(
            viewport={"width": 360, "height": 740},
            color_scheme=scheme,  # type: ignore[arg-type]
        )
        page = context.new_page()
        try:
            page.goto(url + "posts/a/")
            settle(page)
            found: dict[str, Any] = page.evaluate("""() => {
                const style = e => getComputedStyle(e);
                return {
                    lines: [...document.querySelectorAll('.post-body > p')].map(
                        p => p.getBoundingClientRect().height),
                    rules: [...document.querySelectorAll('.post-body hr')].map(hr => [
                        style(hr).borderTopColor, hr.getBoundingClientRect().height]),
                    border: style(document.querySelector('.site-header')).borderBottomColor,
                };
            }""")
        finally:
            context.close()
    return found


def test_a_footnote_mark_leaves_its_line_as_tall_as_the_others(
    browser: Browser, make_site: SiteFactory
) -> None:
    """A footnote mark (a <sup>) made its line 3 px taller than the others: uneven spacing
    in every paragraph with a note."""
    found = measure_footnoted(browser, make_site, "light")
    plain, *noted = found["lines"]
    assert noted and all(abs(height - plain) < 0.5 for height in noted), found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_rules_in_a_post_are_the_theme_s_quiet_line(
    browser: Browser, make_site: SiteFactory, scheme: str
) -> None:
    """The rule above the notes (and a --- in the text) was the browser's grey 2 px groove,
    glaring in dark beside the theme's other rules."""
    found = measure_footnoted(browser, make_site, scheme)
    assert len(found["rules"]) == 2, found  # the --- and the notes' rule
    assert all(colour == found["border"] and height <= 1 for colour, height in found["rules"]), (
        found
    )


@pytest.mark.parametrize("width", [360, 1280])
def test_the_search_page_lines_up_with_its_column(
    browser: Browser, demo_url: str, width: int
) -> None:
    """The search page's text started at three edges: the heading and the field at the
    column's, the count and the checkbox 4 px in, the results 10 px in (their hover band's
    padding); the home, category and tag lists start theirs at the column's edge."""
    page = browser.new_page(viewport={"width": width, "height": 740})
    try:
        page.goto(demo_url + "search/?q=注意力")
        page.locator(".search-page-results .search-result").first.wait_for(timeout=15_000)
        lefts = page.evaluate("""() => Object.fromEntries([
            '.search-page .section-title', '#search-page-input', '.search-shortcut input',
            '.search-page-results .search-status', '.search-page-results .search-result-title',
        ].map(s => [s, document.querySelector(s).getBoundingClientRect().left]))""")
    finally:
        page.close()
    column = lefts[".search-page .section-title"]
    assert all(abs(left - column) < 1 for left in lefts.values()), lefts


TAGS = "attention, pytorch, cuda, kernels, memory, numerics, softmax, 分布式, 显存, 注意力"
HEADINGS = "".join(f"## Part {n}\n\ntext\n\n### Detail {n}\n\ntext\n\n" for n in range(1, 8))


def test_link_lists_are_targets_a_finger_can_hit(browser: Browser, make_site: SiteFactory) -> None:
    """On a phone a post's tags were 16 px tall, its contents' links 17 px, the archive's and
    related posts' 20 px: lists of links a finger picks from, under the 24 px of WCAG 2.5.8."""
    site = make_site(
        {
            "content/posts/a.md": f"---\ntitle: Attention\ndate: 2024-01-02\ntags: [{TAGS}]\n---\n"
            f"{HEADINGS}",
            "content/posts/b.md": "---\ntitle: B 的标题\ndate: 2024-01-01\ntags: [cuda]\n---\nb\n",
        }
    )
    found = {}
    with serve_built(site, "https://t.example/") as url:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        try:
            for path in ("posts/a/", "archives/"):
                page.goto(url + path)
                settle(page)
                found[path] = page.evaluate("""() => [...document.querySelectorAll(
                    '.tags a, .toc a, .archive-list a')].map(a => {
                        const r = a.getBoundingClientRect();
                        return [a.textContent, r.left, r.top, r.right, r.bottom];
                    })""")
        finally:
            page.close()
    for path, boxes in found.items():
        assert len(boxes) > (20 if path == "posts/a/" else 1), boxes
        small = [box for box in boxes if box[3] - box[1] < 24 or box[4] - box[2] < 24]
        assert small == [], (path, small)
        overlapping = [
            (one[0], two[0])
            for i, one in enumerate(boxes)
            for two in boxes[i + 1 :]
            if one[1] < two[3] and two[1] < one[3] and one[2] < two[4] and two[2] < one[4]
        ]
        assert overlapping == [], (path, overlapping)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_header_s_results_show_titles_in_the_text_colour(
    browser: Browser, demo_url: str, scheme: str
) -> None:
    """The menu's grey (.site-nav a) reached the results under the header's box, which sit in
    the menu: titles as grey as their snippets, unlike the search page's."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 800},
        color_scheme=scheme,  # type: ignore[arg-type]
    )
    page = context.new_page()
    try:
        page.goto(demo_url)
        page.fill("#site-search-input", "注意力")
        page.locator("#site-search-results .search-result").first.wait_for(timeout=15_000)
        found = page.evaluate("""() => {
            const colour = s => getComputedStyle(document.querySelector(s)).color;
            return {text: colour('body'), title: colour('#site-search-results .search-result'),
                    snippet: colour('#site-search-results .search-result-snippet'),
                    menu: colour('.site-nav > a')};
        }""")
    finally:
        context.close()
    assert found["title"] == found["text"] != found["snippet"], found
    assert found["menu"] == found["snippet"], found  # the menu keeps its quieter grey


@pytest.mark.parametrize(
    ("path", "texts"),
    [("", ".excerpt"), ("search/?q=注意力", ".search-page-results .search-result-snippet")],
)
def test_an_excerpt_s_placeholders_are_never_split_over_two_lines(
    browser: Browser, demo_url: str, path: str, texts: str
) -> None:
    """Chinese may break between any two characters, so "[公式]" in an excerpt (in the
    listings, and the search results' snippets) came out as "[公" at the end of one line
    and "式]" at the start of the next, on phones."""
    page = browser.new_page(viewport={"width": 360, "height": 740})
    split: set[tuple[int, str]] = set()
    try:
        page.goto(demo_url + path)
        settle(page)
        page.locator(texts).first.wait_for(timeout=15_000)
        for width in range(320, 480, 6):
            page.set_viewport_size({"width": width, "height": 740})
            found = page.evaluate(
                """texts => {
                const split = [];
                for (const p of document.querySelectorAll(texts)) {
                    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
                    for (let node; (node = walker.nextNode()); ) {
                        for (const m of node.data.matchAll(/\\[(代码|公式|Math)\\]/g)) {
                            const range = document.createRange();
                            range.setStart(node, m.index);
                            range.setEnd(node, m.index + m[0].length);
                            const tops = new Set([...range.getClientRects()].map(
                                r => Math.round(r.top)));
                            if (tops.size > 1) split.push(m[0]);
                        }
                    }
                }
                return split;
            }""",
                texts,
            )
            split.update((width, text) for text in found)
    finally:
        page.close()
    assert split == set()


TWO_WIDE_BLOCKS = """---
title: A
date: 2024-01-01
---
```python
print("a line of code far wider than a phone's column, which has to scroll sideways")
```

```python
print("another line of code far wider than a phone's column, which scrolls as well")
```
"""


def test_two_code_boxes_that_scroll_are_told_apart(
    browser: Browser, make_site: SiteFactory
) -> None:
    """Two code blocks wider than a phone were both the region "代码": a screen reader's
    list of regions showed two of the same name (axe landmark-unique)."""
    site = make_site({"content/posts/a.md": TWO_WIDE_BLOCKS})
    with serve_built(site, "https://t.example/") as url:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        try:
            page.goto(url + "posts/a/")
            settle(page)
            names = spoken_names(page, "region")
            page.set_viewport_size({"width": 1400, "height": 740})
            page.wait_for_timeout(300)
            wide = spoken_names(page, "region")
        finally:
            page.close()
    assert names == ["代码 1", "代码 2"], names  # the default language is zh-CN
    assert wide == [], wide  # they fit: no regions, as before


TASKS = """---
title: 实验记录
date: 2024-01-01
---
- [x] 复现 FlashAttention v2 的 benchmark
- [ ] 测试 FP8 下的精度损失
  1. KL annealing
  2. Free bits
- 不是任务的一项
"""


def test_a_task_list_shows_its_boxes_in_place_of_bullets(
    browser: Browser, make_site: SiteFactory
) -> None:
    """`- [x] done` showed a bullet and then a checkbox, "• ☑ done", where GitHub, Typora and
    Obsidian show the box alone; a list under a task kept its numbers, a plain item its bullet."""
    site = make_site({"content/posts/a.md": TASKS})
    with serve_built(site, "https://t.example/") as url:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        try:
            page.goto(url + "posts/a/")
            settle(page)
            found = page.evaluate("""() => {
                const ul = document.querySelector('.post-body > ul');
                const items = [...ul.children];
                const box = items[0].querySelector('input').getBoundingClientRect();
                const range = document.createRange();
                range.selectNodeContents(items[2]);
                const words = document.createRange();  // from the first letter, not the space
                const said = items[0].lastChild;
                words.setStart(said, said.data.search(/[^ ]/));
                words.setEnd(said, said.data.length);
                return {
                    markers: items.map(li => getComputedStyle(li).listStyleType),
                    nested: getComputedStyle(items[1].querySelector('li')).listStyleType,
                    list: ul.getBoundingClientRect().left, box: [box.left, box.right],
                    text: range.getBoundingClientRect().left,
                    words: words.getBoundingClientRect().left,
                };
            }""")
        finally:
            page.close()
    assert found["markers"] == ["none", "none", "disc"], found
    assert found["nested"] == "decimal", found
    # The box where the bullet was, inside the list's indent; its words where a plain item's are.
    assert found["list"] <= found["box"][0] and found["box"][1] < found["text"], found
    assert abs(found["words"] - found["text"]) < 1.5, found
