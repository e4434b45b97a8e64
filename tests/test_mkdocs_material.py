"""Notes written for MkDocs Material: its admonitions (`!!! note "Title"`), folds
(`??? tip`), content tabs (`=== "PyTorch"`) and inline extensions showed as raw text, the
box's indented body swallowed into a paragraph and a tab's ``` fences printed as code."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import SiteFactory, build_site, read
from mlblog.render.result import Rendered

Render = Callable[..., Rendered]


def test_an_admonition_is_the_callout_box_with_its_title_and_body(render: Render) -> None:
    html = render(
        """\
        !!! note "梯度**裁剪**"
            当梯度范数超过阈值 $c$ 时缩放。

            ```python
            clip_grad_norm_(params, 1.0)
            ```

            $$
            g \\leftarrow c \\, g / \\|g\\|
            $$

        之后的正文。
        """
    ).html
    assert html.startswith(
        '<div class="admonition note">\n<p class="admonition-title">'
        '<span class="visually-hidden" lang="en">Note: </span>梯度<strong>裁剪</strong></p>\n'
        "<p>当梯度范数超过阈值 "
    )
    assert 'data-lang="python"' in html and "```" not in html
    assert '<div class="math-display">' in html and 'class="katex"' in html
    assert html.index("math-display") < html.index("</div>\n<p>之后的正文。</p>")
    assert "!!!" not in html


@pytest.mark.parametrize(
    ("source", "opening"),
    [
        # no title: the kind's name, as `::: warning` has it
        ("!!! warning\n    Body.\n", '<div class="admonition warning">\n'
         '<p class="admonition-title" lang="en">Warning</p>\n<p>Body.</p>'),
        # `""`: a box without a title bar
        ('!!! tip ""\n    Body.\n', '<div class="admonition tip">\n<p>Body.</p>'),
        # Material's aliases and placement classes
        ('!!! success inline end "Done"\n    Body.\n', '<div class="admonition tip">\n'
         '<p class="admonition-title"><span class="visually-hidden" lang="en">Success: </span>'
         "Done</p>"),
        ("??? question\n    Body.\n", '<details class="admonition warning">\n'
         '<summary class="admonition-title" lang="en">Question</summary>\n<p>Body.</p>'),
        ('???+ example "Open"\n\tBody.\n', '<details class="admonition important" open>\n'
         '<summary class="admonition-title"><span class="visually-hidden" lang="en">Example: '
         "</span>Open</summary>\n<p>Body.</p>"),
    ],
)  # fmt: skip
def test_each_admonition_shape_makes_its_box(render: Render, source: str, opening: str) -> None:
    html = render(source).html
    assert html.startswith(opening), html
    assert "!!!" not in html and "???" not in html


def test_admonitions_nest_and_end_where_the_indent_ends(render: Render) -> None:
    html = render(
        """\
        !!! note "外层"
            外层正文。

            ??? danger "内层"
                内层正文。

            回到外层。

        不在框里。
        """
    ).html
    inner = html.index('<details class="admonition danger">')
    assert html.index('<div class="admonition note">') < inner
    assert html.index("<p>内层正文。</p>\n</details>\n<p>回到外层。</p>\n</div>") > inner
    assert html.endswith("</div>\n<p>不在框里。</p>\n")


@pytest.mark.parametrize(
    "source",
    [
        "!!!\n",  # a line of exclamation
        "真的吗???\n",
        "!!! 这是强调！\n",
        "Text.\n\n    !!! note\n        code\n",  # indented: a code block
    ],
)
def test_text_that_only_looks_like_a_marker_stays_as_written(render: Render, source: str) -> None:
    assert "admonition" not in render(source).html


def test_content_tabs_are_labelled_sections_of_one_set(render: Render) -> None:
    html = render(
        """\
        === "PyTorch"

            ```python
            x = torch.zeros(3)
            ```

        === "JAX"
            ```python
            x = jnp.zeros(3)
            ```

        ===! "新的一组"
            只有文字，和 $x$。

        正文。
        """
    ).html
    assert html.startswith(
        '<div class="tabbed-set">\n<div class="tabbed-block">\n<p class="tabbed-label">PyTorch</p>'
        '\n<div class="code-block" data-lang="python">'
    )
    assert (
        '</div>\n</div>\n<div class="tabbed-block">\n<p class="tabbed-label">JAX</p>\n'
        '<div class="code-block" data-lang="python">'
    ) in html
    assert html.count('<div class="tabbed-set">') == 2
    assert '<p class="tabbed-label">新的一组</p>\n<p>只有文字，和 ' in html
    assert html.endswith("</div>\n</div>\n<p>正文。</p>\n")
    assert "```" not in html and "===" not in html


POST = """---
title: 优化器笔记
date: 2024-03-01
---
!!! tip "学习率"
    先用 $10^{-3}$ 试一试。

=== "PyTorch"

    ```python
    opt = torch.optim.AdamW(model.parameters())
    ```

=== "JAX"

    ```python
    opt = optax.adamw(1e-3)
    ```

??? note "细节"
    折叠起来的内容。
"""


def test_listing_and_feed_read_the_boxes_and_tabs(make_site: SiteFactory) -> None:
    """The home page's excerpt names each tab before its code; the feed, shown without the
    site's CSS, has each label above its code and the box's text."""
    site = make_site(
        {"content/posts/opt.md": POST},
        config="title: T\nlanguage: zh-CN\nbase_url: https://t.example/\n",
    )
    result = build_site(site)
    assert result.ok and not result.report.items
    home, feed = read(site, "index.html"), read(site, "atom.xml")
    assert (
        '先用 <span class="placeholder">[Math]</span> 试一试。 PyTorch <span class="placeholder">'
        '[代码]</span> JAX <span class="placeholder">[代码]</span> 折叠起来的内容。</p>'
    ) in home
    assert "&lt;p class=&#34;tabbed-label&#34;&gt;PyTorch&lt;/p&gt;" in feed
    assert "折叠起来的内容" in feed
    for shown in (home, feed):
        assert "!!!" not in shown and "===" not in shown and "???" not in shown


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("按 ++ctrl+shift+p++ 打开", "按 <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>P</kbd> 打开"),
        ('++cmd+"Any Key"++ 和 ++f5++', '<kbd>Cmd</kbd>+<kbd>Any Key</kbd> 和 <kbd>F5</kbd>'),
        ("新增 ^^这一行^^，删去 ~~那一行~~。", "新增 <ins>这一行</ins>，删去 <s>那一行</s>。"),
        ("学习率 ==很关键==。", "学习率 <mark>很关键</mark>。"),
        # no keys: C++ in prose, and a superscript-like caret
        ("C++ 和 C++，C++和C++，i++; x^2^", "C++ 和 C++，C++和C++，i++; x^2^"),
    ],
)  # fmt: skip
def test_keys_and_inserted_text(render: Render, source: str, shown: str) -> None:
    assert shown in render(source).html


def test_an_abbreviation_shows_its_expansion_and_its_definition_goes(render: Render) -> None:
    rendered = render(
        """\
        用 GPU 训练，GPUs 不算，`GPU` 在代码里也不算；用GPU写中文。

        *[GPU]: Graphics Processing Unit
        *[TPU]: Tensor Processing Unit
        """
    )
    abbr = '<abbr title="Graphics Processing Unit">GPU</abbr>'
    assert rendered.html == (
        f"<p>用 {abbr} 训练，GPUs 不算，<code>GPU</code> 在代码里也不算；用{abbr}写中文。</p>\n"
    )
    assert "Processing" not in rendered.excerpt


def test_attribute_lists_size_images_and_leave_the_text(render: Render) -> None:
    html = render(
        """\
        ![损失曲线](loss.png){ width="300" align=left }

        [文档](https://docs.example/){ target=_blank }

        ## 训练细节 { #details }

        一段带注释的文字 (1)
        { .annotate }

        1. 注释。
        """
    ).html
    assert 'alt="损失曲线" width="300" align="left" />' in html
    assert '<a href="https://docs.example/" target="_blank">文档</a>' in html
    assert '<h2 id="details">训练细节</h2>' in html
    assert "<p>一段带注释的文字 (1)</p>" in html
    assert "{" not in html and "annotate" not in html


def test_snippets_and_icons_are_warned_with_what_to_write(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "content/posts/m.md": """\
            ---
            title: 片段
            date: 2024-03-02
            ---
            完成 :material-check: 了。

            --8<-- "includes/abbreviations.md"

            ```python
            --8<-- "examples/train.py"
            ```
            """
        }
    )
    result = build_site(site)
    assert result.ok
    assert [str(d) for d in result.report.warnings] == [
        "content/posts/m.md:5: warning: :material-check: is an MkDocs Material icon, shown as text "
        "here: write a character or emoji (✓, ⚠) or an image instead",
        'content/posts/m.md:7: warning: --8<-- "includes/abbreviations.md" is shown as text: '
        "MkDocs snippets are not included here; paste the file's text in its place",
        'content/posts/m.md:10: warning: --8<-- "examples/train.py" is shown as text: MkDocs '
        "snippets are not included here; paste the file's text in its place",
    ]
