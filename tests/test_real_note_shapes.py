"""Shapes met in public ML notes (Jekyll, Hexo, GitHub READMEs), written again in our own
words, checked as the reader sees the page."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import SiteFactory, build_site, read
from mlblog.render.md_escapes import markdown_unescaped
from mlblog.render.result import Rendered
from test_markdown_sites import tex_of
from test_math_authoring import seen

Render = Callable[..., Rendered]


def test_a_formula_alone_in_a_table_cell_stays_in_the_line(render: Render) -> None:
    """kramdown reads `| $$x$$ |` as inline math: a notation table's symbols sit in their
    row at text size, not centred on lines of their own as display math."""
    done = render(
        """
        | Symbol | Meaning |
        | --- | --- |
        | $$\\gamma$$ | the discount factor |
        | $$\\sum_{k} r_k$$ | the return; also $$G_t$$ |
        """
    )
    cells = done.html.split("<td>")[1:]
    assert len(cells) == 4
    assert all("katex-display" not in cell for cell in cells)
    assert cells[0].startswith('<span class="katex">')
    assert not done.warnings


def test_a_formula_alone_in_its_paragraph_is_still_display_math(render: Render) -> None:
    done = render("Before.\n\n$$\\gamma$$\n\n| a |\n| - |\n| $$x$$ |\n")
    assert done.html.count("katex-display") == 1
    assert done.html.index("katex-display") < done.html.index("<table>")


def test_an_escaped_star_in_math_is_a_star(render: Render) -> None:
    """Notes written for Markdown that does not know math escape `*` against emphasis
    (`$Q^{\\*}$`); the reader of the original saw Q*, not an error."""
    done = render("The optimum $Q^{\\*}(s,a)$ and $$a \\* b$$ in one line.\n")
    assert "math-error" not in done.html
    assert not done.warnings
    assert seen(done.html).strip() == "The optimum Q∗(s,a) and a∗b in one line."


@pytest.mark.parametrize(
    "toc",
    ["toc:\n  - name: Set-Up\n  - name: Bootstrap\n", "toc:\n  sidebar: left\n"],
    ids=["distill section list", "sidebar setting"],
)
def test_an_al_folio_toc_setting_builds_with_a_toc(make_site: SiteFactory, toc: str) -> None:
    """al-folio posts ask for their table of contents this way; the build refused them."""
    post = f"---\ntitle: Bootstrap\ndate: 2024-01-01\n{toc}---\n## Set-Up\n\n## Bootstrap\n"
    site = make_site({"content/posts/a.md": post})
    result = build_site(site)
    assert result.ok, [str(e) for e in result.report.errors]
    page = read(site, "posts/a/index.html")
    toc_html = page[page.index('<details class="toc"') : page.index("</details>")]
    assert 'href="#set-up"' in toc_html and 'href="#bootstrap"' in toc_html


def test_a_toc_that_is_neither_a_switch_nor_a_setting_is_still_an_error(
    make_site: SiteFactory,
) -> None:
    post = "---\ntitle: A\ndate: 2024-01-01\ntoc: maybe\n---\nx\n"
    site = make_site({"content/posts/a.md": post})
    [problem] = build_site(site).report.errors
    assert str(problem) == "content/posts/a.md:4: toc must be true or false"


def test_a_quoted_true_or_false_is_named_as_text(make_site: SiteFactory) -> None:
    """`draft: "false"` read as "draft must be true or false", which it looks like it is."""
    post = '---\ntitle: A\ndate: 2024-01-01\ndraft: "false"\n---\nx\n'
    site = make_site({"content/posts/a.md": post})
    [problem] = build_site(site).report.errors
    assert str(problem) == (
        'content/posts/a.md:4: draft must be true or false, not the text "false" '
        "(remove the quotes)"
    )


def test_formulas_inside_an_html_block_are_typeset(render: Render) -> None:
    """al-folio posts wrap display math in `<p>`, and `<details>` proofs hold formulas:
    MathJax typeset them in the reader's browser, so the reader never saw their TeX."""
    done = render(
        """
        <details>
          <summary>Proof</summary>
          <p>
            $$
            \\hat{P}(y|x) = \\hat{P}(y|x')
            $$
          </p>
          <p>where $x' \\sim T(\\cdot &#124; x)$ and \\(k \\ge 1\\).</p>
        </details>
        """
    )
    text = seen(done.html)
    assert "$" not in text and "\\hat" not in text and "\\(" not in text
    assert "P^(y∣x)=P^(y∣x′)" in text.replace(" ", "")
    assert "x′∼T(⋅∣x)" in text.replace(" ", "")
    assert done.html.count("katex-display") == 1
    assert done.html.count('class="katex"') == 3
    assert "<summary>Proof</summary>" in done.html
    assert not done.warnings


def test_what_mathjax_skips_in_html_stays_as_written(render: Render) -> None:
    done = render(
        """
        <div class="price" title="$a$">It costs $5 and $10.
        <code>$x$</code> <pre>$$y$$</pre> <!-- $z$ --></div>
        """
    )
    assert "katex" not in done.html
    assert '<div class="price" title="$a$">It costs $5 and $10.' in done.html
    assert "<code>$x$</code> <pre>$$y$$</pre> <!-- $z$ -->" in done.html


def test_a_broken_formula_in_an_html_block_is_warned_at_its_line(render: Render) -> None:
    done = render("Intro.\n\n<div>\n\nno\n</div>\n\n<p>\nfine $a$\nbad $\\frac{1}$\n</p>\n")
    assert [line for line, _ in done.warnings] == [10]
    assert '<code class="math-error"' in done.html


def test_an_html_block_formula_is_a_placeholder_in_the_excerpt(render: Render) -> None:
    done = render("<p>We define $$T(x)$$ and $y$ here.</p>\n")
    assert done.excerpt == "We define [公式] and [Math] here."


def test_doubled_backslash_delimiters_are_math(render: Render) -> None:
    """Notes written for Markdown blind to math double the backslash (`\\\\(x\\\\)`) so
    that the page holds `\\(x\\)` for MathJax; their escapes (`\\_`) were undone too."""
    done = render(
        "Let \\\\(M=X\\_{(n)}\\\\) and \\\\(\\lbrace T_n\\rbrace\\\\) be given. Then\n"
        "\\\\[\n\\frac{n+1}{n} M\n\\\\]\n"
        "is unbiased.\n"
    )
    text = seen(done.html)
    assert "\\" not in text and "(n)" in text
    assert "M=X(n)" in text.replace(" ", "")
    assert "{Tn}" in text.replace(" ", "")
    assert done.html.count("katex-display") == 1
    assert done.html.count('class="katex"') == 3
    assert not done.warnings


def test_a_doubled_backslash_in_code_stays_as_written(render: Render) -> None:
    done = render("In code: `\\\\(x\\\\)`.\n")
    assert "katex" not in done.html
    assert "<code>\\\\(x\\\\)</code>" in done.html


@pytest.mark.parametrize(
    ("tex", "meant"),
    [
        ("\\Omega\\_{0}", "\\Omega_{0}"),
        ("y\\_{n+1} = y\\_n + \\Delta\\_{t}", "y_{n+1} = y_n + \\Delta_{t}"),
        ("W_{\\text{RATING\\_HIGH}}", "W_{\\text{RATING\\_HIGH}}"),  # a bare `_`: plain TeX
        ("\\text{max\\_len} + a\\_1", "\\text{max\\_len} + a_1"),  # \\text keeps its own
        ("\\mathrm{arg\\_max}", "\\mathrm{arg_max}"),  # as MathJax got it
        ("a \\\\_1", "a \\\\_1"),  # `\\\\` then a bare `_`
        ("x^2", "x^2"),
    ],
)
def test_markdown_escaped_underscores(tex: str, meant: str) -> None:
    assert markdown_unescaped(tex) == meant


def test_an_underscore_escaped_for_markdown_is_a_subscript(render: Render) -> None:
    """Hexo and Hugo notes write `$\\Omega\\_{0}$` so that `_` is no emphasis; their
    readers saw Ω₀, and KaTeX printed "Ω_0" without a word."""
    done = render("The reference $\\Omega\\_{0}$ and the current $\\Omega\\_{t}$ domain.\n")
    text = seen(done.html).strip()
    assert "_" not in text
    assert text == "The reference Ω0 and the current Ωt domain."
    assert done.html.count("msupsub") == 2  # set as subscripts
    assert not done.warnings


def test_an_escaped_underscore_in_raw_html_stays_an_underscore(render: Render) -> None:
    """Markdown leaves raw HTML alone, so MathJax got `\\_` there as written."""
    done = render("<p>The name $\\mathit{max\\_len}$.</p>\n")
    assert tex_of(done.html) == ["\\mathit{max\\_len}"]


def test_markdown_right_under_a_closing_tag_is_markdown(render: Render) -> None:
    """Jekyll posts put a heading, a list or a formula on the line after `</div>`: kramdown
    reads it as Markdown, where CommonMark kept it in the HTML block as raw `## Setup`."""
    done = render(
        """
        <div class="figure">
          <div class="inner"><img src="plot.png"></div>
        </div>
        ## Setup
        We sweep the rate $\\eta$ over a grid.
        <p class="note">seeds fixed</p>
        - three seeds
        - two widths

        $$
        \\eta_t = \\eta_0 / \\sqrt{t}
        $$
        """
    )
    assert '<h2 id="setup">Setup</h2>' in done.html
    assert "## Setup" not in done.html
    assert '<p class="note">seeds fixed</p>\n<ul>\n<li>three seeds</li>' in done.html
    assert done.html.count('class="katex"') == 2 and "$" not in seen(done.html)
    assert [item.id for item in done.toc] == ["setup"]
    assert done.excerpt.startswith("Setup We sweep the rate [Math] over a grid.")
    assert not done.warnings


def test_markdown_right_under_a_closing_tag_after_a_blank_line_is_markdown(
    render: Render,
) -> None:
    """A proof folded in `<details>` has blank lines inside it, so `</details>` opens a block
    of its own; the heading written under it showed as raw `## 下一节`."""
    done = render(
        """
        <details>
        <summary>证明</summary>

        由勾股定理可得。

        </details>
        ## 下一节
        正文。
        """
    )
    assert '<h2 id="下一节">下一节</h2>' in done.html and "## " not in done.html
    assert "</details>\n<h2" in done.html


def test_a_line_opening_with_a_formula_and_ending_in_a_digit_keeps_it(render: Render) -> None:
    """A list item, table cell or paragraph that starts with `$x$` and ends with a digit
    showed that first formula as raw `$x$` text, with a warning that it was never closed."""
    done = render(
        """
        - $h_k$ 逐步累加，最后变得很小，接近 0
        - 其余不变

        | 记号 | 值 |
        | --- | --- |
        | $\\lambda$ 的初值 | 1 |

        $\\eta$ 一般取 3
        """
    )
    assert tex_of(done.html) == ["h_k", "\\lambda", "\\eta"]
    assert "$" not in seen(done.html)
    assert not done.warnings


def test_mathjax_only_commands_in_a_formula_are_typeset(render: Render) -> None:
    """`\\mbox{…}` (LaTeX's text box) and `\\require{cancel}` are MathJax's; KaTeX refused
    the whole formula and showed it in red."""
    done = render(
        "$$d_i = \\mbox{第} i \\mbox{个样本到中心的距离}$$\n\n$\\require{cancel} \\cancel{w} + b$\n"
    )
    assert "math-error" not in done.html
    assert not done.warnings
    assert "di=第i个样本到中心的距离" in seen(done.html).replace(" ", "")
    assert "require" not in seen(done.html) and "cancel" not in seen(done.html)


def test_a_heading_without_a_space_after_its_hashes_is_a_heading(render: Render) -> None:
    """kramdown and the Markdown of older Hexo took `####优点` for a heading; the page
    showed the hashes in front of a plain paragraph."""
    done = render(
        """
        ####优点:

        收敛快。

        ######缺点 ###

        #强化学习 stays a tag, and so do ####### seven.

        ```
        ##not a heading in code
        ```
        """
    )
    assert '<h4 id="优点">优点:</h4>' in done.html
    assert '<h6 id="缺点">缺点</h6>' in done.html
    assert "<p>#强化学习 stays a tag" in done.html
    assert "##not a heading in code" in done.html
    assert "#" not in done.excerpt.replace("#强化学习", "").replace("#######", "")


def test_characters_katex_has_no_glyph_for_are_shown_without_warnings(render: Render) -> None:
    """A row drawn with — in a matrix and ① marking an equation render in the page's
    font; each drew a warning or two that the formula's character was unrecognised."""
    done = render(
        "$W=\\begin{bmatrix}—w_1— \\\\ —w_2—\\end{bmatrix}$\n\n"
        "$\\begin{cases} z = Wx + b …① \\\\ a = g(z) …② \\end{cases}$\n"
    )
    assert not done.warnings
    assert "math-error" not in done.html
    assert "—w" in seen(done.html) and "①" in seen(done.html)


def test_formula_service_images_are_typeset(render: Render) -> None:
    """Zhihu exports every formula as `![[公式]](https://www.zhihu.com/equation?tex=…)` and old
    READMEs used CodeCogs: the page showed `[[公式]]` read as a link to a missing note (or
    fetched pictures from elsewhere), and the excerpt left the formulas out."""
    done = render(
        "熵为 ![[公式]](https://www.zhihu.com/equation?tex="
        "H%28X%29%3D-%5Csum_i+p_i%5Clog+p_i) 。\n\n"
        "![[公式]](https://www.zhihu.com/equation?tex=D_%7BKL%7D%28p%7C%7Cq%29+%5Cgeq+0)\n\n"
        "行间：![[公式]](https://www.zhihu.com/equation?tex=a%2Bb%3Dc%5C%5C)\n\n"
        "打分 ![](https://latex.codecogs.com/gif.latex?\\dpi{120}&space;softmax(QK^T)V) 。\n\n"
        "An embed stays one: ![[loss.png]] (beside it).\n"
    )
    assert tex_of(done.html) == [
        "H(X)=-\\sum_i p_i\\log p_i",
        "D_{KL}(p||q) \\geq 0",
        "a+b=c",
        "softmax(QK^T)V",
    ]
    assert done.html.count("katex-display") == 2  # alone in its paragraph, and marked \\
    assert "[[公式]]" not in done.html and "<img" in done.html  # loss.png
    assert not [w for w in done.warnings if "公式" in w[1]]
    assert done.excerpt.startswith("熵为 [Math]。 [公式] 行间：[公式] 打分 [Math]。")


def test_a_formula_closed_mid_line_does_not_swallow_the_text_after_it(render: Render) -> None:
    """A `$$` line opening a formula whose `$$` closes on a later line with text after it
    (`\\end{pmatrix}$$，其中 …`) was read as a block running on to the next line that ends
    in `$$`, two paragraphs below: everything between showed as one red formula."""
    done = render(
        """
        标签向量记为
          $$y = \\begin{pmatrix}
        y_1, \\dots, y_m
          \\end{pmatrix}$$，其中 $y_i$ 是第 $i$ 个样本的标签。

        **间隔**
        点到平面的距离为
        $$r = \\frac{|w^Tx+b|}{||w||}$$
        """
    )
    assert "math-error" not in done.html and not done.warnings
    assert "，其中" in seen(done.html) and "<strong>间隔</strong>" in done.html
    assert len(tex_of(done.html)) == 4


def test_a_numbered_formula_inside_a_sentence_is_display_math(render: Render) -> None:
    """`损失：$$\\tag{3.1} l = \\max(0, 1-z)$$` in a line of text: MathJax shows `$$` as display
    math wherever it stands; KaTeX refused the number inline and the formula was red."""
    done = render("合页损失：$$\\tag{3.1} l = \\max(0, 1-z)$$ 其余照旧，$$a$$ 仍在行内。\n")
    assert "math-error" not in done.html and not done.warnings
    assert done.html.count("katex-display") == 1
    assert "(3.1)" in seen(done.html)
    assert "[公式]" in done.excerpt and "[Math]" in done.excerpt


def test_a_hexo_theme_note_is_an_admonition_box(render: Render) -> None:
    """NexT, Fluid and Butterfly write a callout as `{% note danger %}` … `{% endnote %}`:
    both tags showed as text on the page and in the home page's excerpt, each warned."""
    done = render(
        """
        {% note success no-icon 收敛条件 %}
        当 $J$ 不再下降时停止。
        {% endnote %}

        {% note %}
        ```python
        # {% endnote %} inside code does not close it
        ```
        {% endnote %}

        {% note warning %}
        never closed
        """
    )
    boxes = done.html.split('<div class="admonition ')[1:]
    assert [box.split('"', 1)[0] for box in boxes] == ["tip", "note"]
    assert "收敛条件</p>" in boxes[0] and "katex" in boxes[0]
    assert "inside code does not close it" in boxes[1]
    assert "{% note success" not in done.html and "{% note warning %}" in done.html
    assert done.excerpt.startswith("当 [Math] 不再下降时停止。 [代码] {% note warning %}")
    assert [w for _, w in done.warnings] == [
        "Hexo/Jekyll tag {% note warning %} is not supported; it is shown as text (write a "
        "box: ::: tip … :::; mlblog import converts a whole site's)"
    ]


def test_underscore_emphasis_between_chinese_characters(render: Render) -> None:
    """`__重点__` between Chinese characters showed its underscores (CommonMark keeps `_`
    from opening inside a word, for snake_case); it is bold, as `**重点**` there is.
    Identifiers keep their underscores, in Chinese text or English."""
    html = render(
        "这是__重点__内容，那是_斜体_文字。__注意：__学习率要小。\n\n"
        "调用__init__方法，变量my_var_name很重要，文件_v2_版本。\n\n"
        "In English, my_var_name and snake_case_name stay.\n"
    ).html
    assert "这是<strong>重点</strong>内容，那是<em>斜体</em>文字。" in html
    assert "<strong>注意：</strong>学习率要小。" in html
    assert "调用__init__方法，变量my_var_name很重要，文件_v2_版本。" in html
    assert "my_var_name and snake_case_name stay." in html
