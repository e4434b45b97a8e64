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


def test_a_line_break_in_a_display_formula_is_shown_without_a_warning(
    make_site: SiteFactory,
) -> None:
    """`\\\\` between two lines of a `$$` block (an objective over its constraint) is a line
    break on the page; the build must not say it "does nothing"."""
    site = make_site({
        "content/posts/svm.md": """\
            ---
            title: 支持向量机
            date: 2024-03-02
            ---
            优化问题可以写成
            $$
            \\min_{w,b} \\frac{1}{2}\\|w\\|^2 \\\\
            \\text{s.t. } y_i(w^\\top x_i+b) \\ge 1
            $$
            """,
    })  # fmt: skip
    result = build_site(site)
    assert [d.message for d in result.report.warnings] == []
    page = read(site, "posts/svm/index.html")
    assert page.count('class="mspace katex-newline"') == 1  # the two lines are shown apart


def test_chinese_paragraphs_indented_into_code_blocks_are_warned_with_their_line(
    make_site: SiteFactory,
) -> None:
    """Typora notes indent paragraphs (首行缩进) with a tab or spaces, which Markdown shows
    as code: the build says which lines, and indented code itself is not warned."""
    site = make_site({
        "content/posts/ssd.md": """\
            ---
            title: 检测器笔记
            date: 2024-03-03
            ---
            ## 简介

            \t\t本文整理单阶段检测器，损失为 $L = L_{cls} + L_{loc}$。

            一段正常的文字。

                  （1）先验框按特征图的尺度设置。

                for box in anchors:
                    print(box)
            """,
    })  # fmt: skip
    result = build_site(site)
    messages = [str(d) for d in result.report.warnings]
    hint = "shown as a code block: remove the indent to show it as a paragraph"
    assert [m for m in messages if hint in m] == [
        f"content/posts/ssd.md:{line}: warning: this text is indented by a tab or 4 spaces, "
        f"so it is {hint}"
        for line in (7, 11)
    ]
    assert "print(box)" in read(site, "posts/ssd/index.html")


def test_obsidian_aliases_are_other_names_and_do_not_fail_the_build(
    make_site: SiteFactory,
) -> None:
    """An Obsidian note lists other names of itself under `aliases:`; taken as it is, it
    must build, with a word that those names make no redirect (site paths still do)."""
    site = make_site({
        "content/posts/sac.md": """\
            ---
            title: 柔性演员-评论家
            date: 2024-03-04
            aliases:
              - Soft Actor-Critic
              - /2023/sac/
            ---
            最大熵强化学习。
            """,
    })  # fmt: skip
    result = build_site(site)
    assert result.ok, [str(d) for d in result.report.errors]
    assert [str(d) for d in result.report.warnings] == [
        "content/posts/sac.md:4: warning: aliases: 'Soft Actor-Critic' is not a site path, so "
        "no redirect is made for it (an old address starts with /, such as /2019/05/old-name/; "
        "Obsidian's other names of a note are not read, and Hugo's page-relative ones are "
        "from the page's address on the old site: write the path it gave, or let mlblog "
        "import hugo do it)"
    ]
    assert "最大熵强化学习" in read(site, "posts/sac/index.html")
    assert "/posts/sac/" in read(site, "2023/sac/index.html")  # the site path still redirects


def test_an_align_star_between_single_dollars_is_typeset(make_site: SiteFactory) -> None:
    """`$\\begin{align*}…\\end{align*}$` (MathJax takes it inline) was a KaTeX error shown as
    red TeX: KaTeX sets align* in display mode only, so it is shown that way."""
    site = make_site({
        "content/posts/det.md": """\
            ---
            title: 行列式
            date: 2024-03-05
            ---
            > 反射的情况下，$\\begin{align*}
            > \\det(Q) &= 1-2\\sin^2\\theta - 2\\cos^2\\theta \\\\
            > &= -1
            > \\end{align*}$
            """,
    })  # fmt: skip
    result = build_site(site)
    assert [str(d) for d in result.report.warnings] == []
    page = read(site, "posts/det/index.html")
    assert "math-error" not in page and page.count('class="katex-display"') == 1
