"""`[TOC]` and its kin from Typora, Hexo, GitLab and kramdown showed as literal text in the
post, its excerpt and search; the theme's own table of contents is the one shown."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import SiteFactory, build_site, read
from mlblog.render.result import Rendered

Render = Callable[..., Rendered]


@pytest.mark.parametrize(
    "marker",
    ["[TOC]", "[toc]", "[[TOC]]", "[[_TOC_]]", "{:toc}", "* TOC\n{:toc}", "1. 目录\n{:toc}"],
)
def test_a_toc_marker_leaves_the_post(render: Render, marker: str) -> None:
    shown = render(f"{marker}\n\n## 背景\n\n正文。\n")
    assert shown.html == '<h2 id="背景">背景</h2>\n<p>正文。</p>\n'
    assert shown.excerpt == "背景 正文。"
    assert shown.warnings == ()  # kramdown's {:toc} was "not supported; shown as text"


@pytest.mark.parametrize(
    "source",
    [
        "See [TOC] above.\n",
        "# [TOC]\n",
        "\\[TOC]\n",
        "`[TOC]`\n",
        "* TOC\n* More\n{:toc}\n",  # two items: a list, not kramdown's table of contents
        "[toc]\n\n[toc]: https://x.example/contents/\n",  # a link the author defined
    ],
)
def test_toc_written_as_text_stays(render: Render, source: str) -> None:
    assert "toc" in render(source).html.lower()


def test_a_typora_post_shows_the_theme_s_toc_and_no_marker(make_site: SiteFactory) -> None:
    post = "---\ntitle: T\ndate: 2024-01-01\n---\n[TOC]\n\n## 背景\n\n正文。\n\n## 方法\n"
    site = make_site({"content/posts/t.md": post})
    assert build_site(site).ok
    page, home, search = (
        read(site, f) for f in ("posts/t/index.html", "index.html", "search.json")
    )
    assert '<details class="toc" open>' in page and 'href="#方法"' in page
    assert "背景 正文。" in home
    for shown in (page, home, search):
        assert "[TOC]" not in shown


@pytest.mark.parametrize(
    "heading",
    ["## 目录 <!-- omit in toc -->", "## 目录 <!-- omit from toc -->", "## 目录 {.unlisted}"],
)
def test_a_heading_marked_to_be_left_out_of_the_contents_is_left_out(
    render: Render, heading: str
) -> None:
    """VS Code's Markdown All in One leaves a heading ending `<!-- omit in toc -->` (or
    `omit from toc`) out of the contents it writes, Quarto one with `{.unlisted}`: mlblog's
    contents listed it, a post's hand-made "目录" heading first of all."""
    shown = render(f"{heading}\n\n- [背景](#背景)\n\n## 背景\n\n正文。\n")
    assert [item.id for item in shown.toc] == ["背景"]
    assert '<h2 id="目录"' in shown.html  # the heading itself stays in the post
