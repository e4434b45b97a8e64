"""Shapes found in real Chinese ML notes (Hexo, Typora, LLM-written posts), rewritten in
our own words: what a reader sees when such a post is built as it is."""

from __future__ import annotations

from urllib.parse import quote

from conftest import SiteFactory, build_site, read


def test_hexo_category_paths_build_and_list_the_post_under_each_name(
    make_site: SiteFactory,
) -> None:
    """Hexo documents `- [A, B]` items (one category path each) for a post in several
    categories; such a post must build as it is, as `mlblog import` reads it."""
    site = make_site({
        "content/posts/tracking.md": """\
            ---
            title: 孪生网络跟踪
            date: 2024-03-01
            categories:
              - [目标跟踪, 模板更新]
              - [目标跟踪, 在线学习]
            ---
            正文。
            """,
    })  # fmt: skip
    result = build_site(site)
    assert result.ok, [d.message for d in result.report.items]
    page = read(site, "posts/tracking/index.html")
    assert f'class="chip" href="/categories/{quote("目标跟踪")}/">目标跟踪<' in page  # the first
    for name in ("目标跟踪", "模板更新", "在线学习"):
        assert "孪生网络跟踪" in read(site, f"categories/{name}/index.html")
