"""Where lines break, measured in chromium on phones: a long identifier in a title, a run
of footnote marks."""

from __future__ import annotations

import html
import re

from playwright.sync_api import Browser, Page, expect

from browser import serve_built, settle, spoken_names
from conftest import SiteFactory
from mlblog.render.soft_breaks import BREAK, breakable_html

TITLE = "Why functional.scaled_dot_product_attention beats std::vector::push_back"
CALLS = "It calls torch.nn.functional.scaled_dot_product_attention(q, k, v) once."

# Each pair of characters of a title's words that a line break fell between, but for a
# break after a `.`, `/`, `_` or `:` (spaces are breaks anyway).
SPLIT_WORDS = """selector => {
    const split = [];
    for (const title of document.querySelectorAll(selector)) {
        const chars = [];
        const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT);
        for (let node; (node = walker.nextNode()); ) {
            for (let i = 0; i < node.data.length; i++) {
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                const rect = range.getBoundingClientRect();
                chars.push([node.data[i], Math.round(rect.top)]);
            }
        }
        for (let i = 1; i < chars.length; i++) {
            const [before, top] = chars[i - 1], [after, next] = chars[i];
            if (next > top && !/[\\s./_:]/.test(before) && !/\\s/.test(after))
                split.push(before + after);
        }
    }
    return split;
}"""


def split_words(page: Page, selector: str) -> list[str]:
    found: list[str] = page.evaluate(SPLIT_WORDS, selector)
    return found


def test_long_identifiers_in_titles_break_at_their_dots(
    browser: Browser, make_site: SiteFactory
) -> None:
    """On a phone a title broke "functiona" / "l.scaled_dot_product_attention": the words
    may now break after their dots and underscores, and the title reads, copies and is
    named as it was written. The same for excerpts, in the listings and search results."""
    site = make_site({
        "content/posts/a.md": f"---\ntitle: '{TITLE}'\ndate: 2024-01-01\n---\n{CALLS}\n",
        "content/posts/b.md": "---\ntitle: Next\ndate: 2024-01-02\n---\ntext\n",
    })  # fmt: skip
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        with serve_built(site, "https://t.example/") as url:
            for path, selector in [
                ("posts/a/", "h1.post-title"),
                ("", ".post-item-title a"),
                ("", ".excerpt"),
                (
                    "search/?q=attention",
                    ".search-result-title, .search-page-results .search-result-snippet",
                ),
                ("archives/", ".archive-list a"),
                ("posts/b/", ".post-nav-title"),
            ]:
                page.goto(url + path)
                settle(page)
                page.locator(selector).first.wait_for(timeout=15_000)
                assert split_words(page, selector) == [], path
                shown = page.locator(selector).all_inner_texts()
                # what a reader selects and copies
                assert any(TITLE in text or CALLS in text for text in shown), path
            page.goto(url + "posts/a/")
            assert TITLE in spoken_names(page, "heading")
            assert page.locator("h1[aria-label]").count() == 0
            assert page.title().startswith(TITLE)
    finally:
        page.close()


# Titles search.js gives its own break points (breaksIn), to match the built pages'.
PARITY = [
    "torch.compile",
    "Why F.scaled_dot_product_attention",
    "https://github.com/a/b and more",
    "std::vector::push_back",
    "torch.nn.Module.__init__",
    "pi = 3.14159265358979",
    "理解torch.nn.functional的实现",
    "nn.Module：什么时候用哪个",
    "a<b>&c.d_e.f_g.h_i",
]


def test_search_results_break_titles_where_the_pages_do(
    browser: Browser, make_site: SiteFactory
) -> None:
    """The search page's results (built in the browser) broke a title mid-word, as the
    pages did: they now break where the pages' titles do."""
    site = make_site({
        f"content/posts/p{n}.md":
            f"---\ntitle: '{title}'\ndate: 2024-01-0{n + 1}\ntags: [parity]\n---\ntext\n"
        for n, title in enumerate(PARITY)
    })  # fmt: skip
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        with serve_built(site, "https://t.example/") as url:
            page.goto(url + "search/?q=parity")
            results = page.locator(".search-page-results .search-result-title")
            expect(results).to_have_count(len(PARITY), timeout=15_000)
            shown = {
                html.unescape(re.sub("<[^>]*>", "", h)): h.replace(BREAK, "|")
                for h in results.evaluate_all("titles => titles.map(t => t.innerHTML)")
            }
    finally:
        page.close()
    assert shown == {title: breakable_html(title).replace(BREAK, "|") for title in PARITY}


TAG = "torch.nn.functional.scaled_dot_product_attention"


def test_long_identifiers_in_tags_break_at_their_dots(
    browser: Browser, make_site: SiteFactory
) -> None:
    """The same for a tag: "#torch.nn.functional.scaled_dot_product_att" / "ention" under a
    post's title, in the tags page and the tag's own page."""
    site = make_site({
        "content/posts/a.md": f"---\ntitle: A\ndate: 2024-01-01\ntags: [{TAG}]\n---\ntext\n",
    })  # fmt: skip
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        with serve_built(site, "https://t.example/") as url:
            page.goto(url + "posts/a/")
            settle(page)
            assert split_words(page, ".tags a") == []
            assert page.locator(".tags a").inner_text() == f"#{TAG}"
            assert f"#{TAG}" in spoken_names(page, "link")
            page.goto(url + "tags/")
            settle(page)
            assert split_words(page, ".term-cloud a") == []
            page.locator(".term-cloud a").click()
            settle(page)
            assert split_words(page, "h1") == []
            assert page.locator("h1").inner_text().endswith(f" {TAG}")
    finally:
        page.close()


NOTED = """---
title: A
date: 2024-01-01
---
A sentence long enough to run over a few lines of a phone's column, ending in three
notes, and on[^1][^2][^3] then a few more words to follow them on the line.

Another one, long enough to run over a few lines of a phone's column, and its note
comes after the full stop, as notes often do.[^4] Then the next sentence follows it.

[^1]: One.
[^2]: Two.
[^3]: Three.
[^4]: Four.
"""

# For each paragraph's run of marks: how far apart (px) the bottoms of the character
# before it and of each mark are. A raised mark sits a few px above its word; a mark on
# the next line, a line's height (~30 px) below.
MARK_LINES = """() => [...document.querySelectorAll('.post-body > p')].map(p => {
    const marks = [...p.querySelectorAll('.footnote-ref')];
    const before = marks[0].previousSibling;
    const range = document.createRange();
    range.setStart(before, before.data.length - 1);
    range.setEnd(before, before.data.length);
    const bottoms = [range, ...marks].map(e => e.getBoundingClientRect().bottom);
    return Math.max(...bottoms) - Math.min(...bottoms);
})"""


def test_footnote_marks_stay_on_the_line_of_their_word(
    browser: Browser, make_site: SiteFactory
) -> None:
    """A run "[1][2]" may break between "]" and "[", and "stop.[1]" after the stop: at some
    widths a mark began the next line alone, away from the word it annotates."""
    site = make_site({"content/posts/a.md": NOTED})
    page = browser.new_page(viewport={"width": 360, "height": 740})
    split: list[tuple[int, int]] = []
    try:
        with serve_built(site, "https://t.example/") as url:
            page.goto(url + "posts/a/")
            settle(page)
            for width in range(300, 480, 2):
                page.set_viewport_size({"width": width, "height": 740})
                apart: list[float] = page.evaluate(MARK_LINES)
                split += [(width, n) for n, px in enumerate(apart) if px > 15]
            assert "\u2060" not in page.locator(".post-body").inner_text()  # nothing to copy
            assert {"[1]", "[4]"} <= set(spoken_names(page, "link"))
    finally:
        page.close()
    assert split == []


CODE = "torch.nn.functional.scaled_dot_product_attention"
LINK = "https://pytorch.org/docs/stable/generated/torch.nn.functional.softmax.html"
PATH = "src/models/attention/scaled_dot_product_attention_reference.py"
CODED = f"""---
title: A
date: 2024-01-01
---
Call `{CODE}` when you can, or read {LINK} first.

## Why `{CODE}` matters

Text.

> [!NOTE] Prefer {CODE}
> As its name says.

```python title="{PATH}"
x = 1
```

:::note Or {CODE}
The other kind of callout.
:::

![A plot](plot.png "Time taken by {CODE}")
"""


def test_long_inline_code_and_links_break_at_their_dots(
    browser: Browser, make_site: SiteFactory
) -> None:
    """In a post, inline code, a bare link and an identifier in text broke mid-word on a
    phone ("…scaled_dot_pro" / "duct_attention"), in its paragraphs, headings, contents,
    callouts' titles, code blocks' file names and captions; they copy and read as
    written."""
    site = make_site({"content/posts/a.md": CODED})
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        with serve_built(site, "https://t.example/") as url:
            page.goto(url + "posts/a/")
            settle(page)
            written = (
                ".post-body p, .post-body h2, .toc a, .admonition-title, .code-title, figcaption"
            )
            assert split_words(page, written) == []
            assert page.locator(".code-title").inner_text() == PATH
            assert page.locator(".post-body p code").inner_text() == CODE
            assert page.locator(".post-body p a").inner_text() == LINK
            assert f"Why {CODE} matters" in spoken_names(page, "heading")
            assert LINK in spoken_names(page, "link")
    finally:
        page.close()


CATEGORY = "distributed_training_with_torch.distributed.elastic"


def test_a_long_category_name_wraps_inside_a_phone_s_column(
    browser: Browser, make_site: SiteFactory
) -> None:
    """A category such as distributed_training_with_torch.distributed.elastic, in its chip
    above a post's title and in the listings, and under a search result's title, ran past
    the column: the whole page scrolled sideways at 360 px."""
    site = make_site({
        "content/posts/a.md":
            f"---\ntitle: A\ndate: 2024-01-01\ncategory: {CATEGORY}\n---\nattention\n",
    })  # fmt: skip
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        with serve_built(site, "https://t.example/") as url:
            for path, selector in [
                ("posts/a/", ".post-meta .chip"),
                ("", ".post-meta .chip"),
                ("search/?q=attention", ".search-page-results .search-result-meta"),
            ]:
                page.goto(url + path)
                settle(page)
                page.locator(selector).first.wait_for(timeout=15_000)
                assert page.evaluate("document.documentElement.scrollWidth") == 360, path
                assert split_words(page, selector) == [], path
                assert CATEGORY in page.locator(selector).first.inner_text(), path
    finally:
        page.close()


def test_a_long_series_name_wraps_inside_a_phone_s_column(
    browser: Browser, make_site: SiteFactory
) -> None:
    """A series named like a module (or one long word) ran past the box of its parts above
    a post: the whole page scrolled sideways at 360 px. It breaks at its dots now, as a
    category does, and a name with nowhere to break wraps anywhere."""
    word = "TransformerFromScratchWithoutAnyPlaceToBreak"
    site = make_site({
        "content/posts/a.md": f"---\ntitle: A\ndate: 2024-01-01\nseries: {CATEGORY}\n---\na\n",
        "content/posts/b.md": f"---\ntitle: B\ndate: 2024-01-02\nseries: {CATEGORY}\n---\nb\n",
        "content/posts/c.md": f"---\ntitle: C\ndate: 2024-01-03\nseries: {word}\n---\nc\n",
        "content/posts/d.md": f"---\ntitle: D\ndate: 2024-01-04\nseries: {word}\n---\nd\n",
    })  # fmt: skip
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        with serve_built(site, "https://t.example/") as url:
            for path, name in [("posts/a/", CATEGORY), ("posts/c/", word)]:
                page.goto(url + path)
                settle(page)
                assert page.evaluate("document.documentElement.scrollWidth") == 360, path
                assert name in page.locator(".series-title").inner_text(), path
                assert name in spoken_names(page, "link"), path
            assert split_words(page, ".series-title a") != []  # the long word, cut anywhere
            page.goto(url + "posts/a/")
            assert split_words(page, ".series-title a") == []  # the module, at its dots
    finally:
        page.close()
