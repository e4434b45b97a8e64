"""GitHub alerts and Obsidian callouts: notes copied from READMEs and vaults showed a quote
starting with a literal "[!NOTE]"; they are the boxes `::: kind` makes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser import serve_built
from conftest import SiteFactory, build_site, read, write_files
from mlblog.cli import main
from mlblog.render.result import Rendered

Render = Callable[..., Rendered]


@pytest.mark.parametrize(
    ("source", "box", "title"),
    [
        (
            "> [!NOTE]\n> Text.\n",
            '<div class="admonition note">',
            '"admonition-title" lang="en">Note<',
        ),
        ("> [!tip]\n> Text.\n", '<div class="admonition tip">', ">Tip</p>"),
        ("> [!Important]\n> Text.\n", '<div class="admonition important">', ">Important</p>"),
        ("> [!WARNING]\n> Text.\n", '<div class="admonition warning">', ">Warning</p>"),
        ("> [!CAUTION]\n> Text.\n", '<div class="admonition caution">', ">Caution</p>"),
        ("> [!hint]\n> Text.\n", '<div class="admonition tip">', ">Hint</p>"),
        ("> [!done]\n> Text.\n", '<div class="admonition tip">', ">Done</p>"),
        ("> [!faq]\n> Text.\n", '<div class="admonition warning">', ">FAQ</p>"),
        ("> [!bug]\n> Text.\n", '<div class="admonition danger">', ">Bug</p>"),
        ("> [!tldr]\n> Text.\n", '<div class="admonition note">', ">TL;DR</p>"),
        ("> [!example]\n> Text.\n", '<div class="admonition important">', ">Example</p>"),
        ("> [!tip|wide]\n> Text.\n", '<div class="admonition tip">', ">Tip</p>"),
        # a kind Obsidian does not know: a note titled with its word
        ("> [!recipe]\n> Text.\n", '<div class="admonition note">', '"admonition-title">Recipe<'),
    ],
)
def test_a_marker_makes_the_admonition_box_of_its_kind(
    render: Render, source: str, box: str, title: str
) -> None:
    html = render(source).html
    assert box in html and title in html
    assert "[!" not in html and "<blockquote>" not in html
    assert "<p>Text.</p>" in html


def test_a_callout_s_own_title_is_markdown_and_its_content_stays_whole(render: Render) -> None:
    html = render(
        """\
        > [!tip] Use **bf16** for $x$
        > First line.
        >
        > 1. one
        > 2. two
        >
        > ```python
        > x = 1
        > ```
        >
        > $$
        > E = mc^2
        > $$
        >
        > > [!warning]
        > > Inner.
        """
    ).html
    assert (
        '<p class="admonition-title"><span class="visually-hidden" lang="en">Tip: </span>' in html
    )
    assert "Use <strong>bf16</strong> for " in html and 'class="katex"' in html
    assert "<p>First line.</p>" in html and "<ol>\n<li>one</li>" in html
    assert 'class="code-block" data-lang="python"' in html and "math-display" in html
    inner = html.index('<div class="admonition warning">')
    assert html.index('<div class="admonition tip">') < inner < html.rindex("</div>")
    assert "[!" not in html


def test_a_folded_callout_is_a_closed_details_and_a_plus_one_open(render: Render) -> None:
    html = render("> [!faq]- Why *fold*?\n> Because.\n\n> [!example]+\n> Shown.\n").html
    assert (
        '<details class="admonition warning">\n<summary class="admonition-title">'
        '<span class="visually-hidden" lang="en">FAQ: </span>Why <em>fold</em>?</summary>\n'
        "<p>Because.</p>\n</details>"
    ) in html
    assert '<details class="admonition important" open>\n<summary class="admonition-title"' in html


@pytest.mark.parametrize(
    "source",
    [
        "> Quoted.\n> [!NOTE]\n",  # not the first line
        "> Text [!NOTE] in a sentence.\n",
        "> \\[!NOTE]\n> Escaped.\n",
        "[!NOTE] outside a quote.\n",
    ],
)
def test_text_that_is_no_marker_stays_as_written(render: Render, source: str) -> None:
    assert "admonition" not in render(source).html


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("> **Heads up**\n> [!NOTE]\n> Text.\n", 2),
        ("Intro.\n\n[!WARNING]\nThe > was lost.\n", 3),
    ],
)
def test_a_marker_left_as_text_is_warned_with_its_line(
    render: Render, source: str, line: int
) -> None:
    marker = source.split("[!")[1].split("]")[0]
    assert render(source).warnings == (
        (line, f"[!{marker}] is shown as text: a callout's marker is the first line of a > quote"),
    )


def test_callouts_and_text_about_markers_are_not_warned(render: Render) -> None:
    assert render("> [!NOTE]\n> Write `[!NOTE]` or [!TIP] in a sentence.\n").warnings == ()


CALLOUTS = """---
title: Callouts
date: 2024-01-01
---
> [!NOTE]
> 显存不够时先减小批量。

> [!faq]- 为什么折叠？
> 答案在这里。

正文。
"""


def test_readers_never_see_the_marker_in_page_listing_search_or_feed(
    make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """The home page's excerpt, the search index and the Atom feed (shown without the
    site's CSS) read the callout as a titled note, never as "[!NOTE]"."""
    site = make_site(
        {"content/posts/c.md": CALLOUTS},
        config="title: T\nlanguage: zh-CN\nbase_url: https://t.example/\n",
    )
    assert build_site(site).ok
    page, home = read(site, "posts/c/index.html"), read(site, "index.html")
    search, feed = read(site, "search.json"), read(site, "atom.xml")
    assert '<div class="admonition note">\n<p class="admonition-title">备注</p>' in page
    assert (
        '<summary class="admonition-title"><span class="visually-hidden">常见问题: </span>' in page
    )
    assert "显存不够时先减小批量。 答案在这里。 正文。" in home
    assert "显存不够时先减小批量" in search
    assert "&lt;p class=&#34;admonition-title&#34;&gt;备注&lt;/p&gt;" in feed
    for shown in (page, home, search, feed):
        assert "[!" not in shown
    capsys.readouterr()
    assert main(["check", "--site", str(site)]) == 0
    assert capsys.readouterr().err == ""


COLOURS = """---
title: Colours
date: 2024-01-02
---
> [!CAUTION]
> Red, as GitHub shows it.

> [!IMPORTANT]
> Purple, as GitHub shows it.
"""


def test_a_folded_callout_opens_on_click(browser: Browser, tmp_path: Path) -> None:
    """…without any script; and GitHub's CAUTION is red, its IMPORTANT purple."""
    files: dict[str, str | bytes] = {"site.yaml": "title: T\n", "content/posts/c.md": CALLOUTS}
    files["content/posts/k.md"] = COLOURS
    write_files(tmp_path, files)
    page = browser.new_page(java_script_enabled=False)
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/c/")
            answer = page.get_by_text("答案在这里。")
            assert not answer.is_visible()
            page.get_by_text("为什么折叠？").click()
            assert answer.is_visible()
            page.goto(url + "posts/k/")
            edges = page.eval_on_selector_all(
                ".admonition", "boxes => boxes.map(b => getComputedStyle(b).borderLeftColor)"
            )
            assert edges == ["rgb(220, 38, 38)", "rgb(139, 92, 246)"]
    finally:
        page.close()
