"""Math as ML notes write it (Typora, Obsidian, Jupyter, Hexo habits), typeset by KaTeX
and checked as the reader sees it: the glyphs on the page, not the TeX we passed on."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import pytest

from mlblog.render.math import MathItem
from mlblog.render.post_macros import with_post_macros
from mlblog.render.result import Rendered
from test_markdown_sites import tex_of

Render = Callable[..., Rendered]
_MATHML = re.compile(r'<span class="katex-mathml">.*?</math></span>', re.S)
_TAG = re.compile(r"<[^>]+>")


def seen(html: str) -> str:
    """The text a reader sees: KaTeX's glyphs without the MathML copy for screen readers."""
    return unescape(_TAG.sub("", _MATHML.sub("", html))).replace("\u200b", "")


def test_an_equation_label_after_display_math_is_its_number(render: Render) -> None:
    done = render("$$E=mc^2$$ (1)\n\n$$\na_{ij} = b\n$$ (eq_2)\n\n$$x \\tag{3}$$ (4)\n")
    displays = done.html.split('<div class="math-display">')[1:]
    assert [seen(d).strip() for d in displays] == ["E=mc2(1)", "aij=b(eq_2)", "x(3)"]
    assert not done.warnings


def test_a_post_s_own_macros_work_in_all_its_formulas(render: Render) -> None:
    """MathJax keeps a post's `\\newcommand`s for the page, and notes rely on it."""
    done = render(
        r"""
        $$
        \newcommand{\vx}{\mathbf{x}}
        \newcommand{\E}[1]{\mathbb{E}\left[#1\right]}
        \DeclareMathOperator*{\argmax}{arg\,max}
        \DeclareMathOperator{\KL}{KL}
        \newcommand{\R}{\mathbb{R}}
        $$

        设 $\vx \in \R^n$，$\E{\vx'} < 1$，$\KL(p \| q)$，$\argmax_{\vx} f$，$\vxy$。
        """
    )
    assert [w for _, w in done.warnings] == [
        r"math: Undefined control sequence: \vxy (define it in site.yaml, under math: macros:, "
        r'as "\\vxy": "…", or in the post with \newcommand{\vxy}{…})'
    ]
    assert seen(done.html.split("<p>")[1]).startswith("设 x∈Rn，E[x′]<1，KL(p∥q)，argmaxxf，")
    # screen readers and copying get the TeX as written, without the definitions
    assert [unescape(tex) for tex in tex_of(done.html)[1:5]] == [
        r"\vx \in \R^n",
        r"\E{\vx'} < 1",
        r"\KL(p \| q)",
        r"\argmax_{\vx} f",
    ]


def test_katex_s_complaints_say_what_to_do(render: Render) -> None:
    """MathJax's extensions (physics, algorithmic) give notes commands KaTeX lacks."""
    done = render(
        r"""
        $\qty(x)$

        $$
        \begin{algorithmic}
        \STATE x
        \end{algorithmic}
        $$

        $$
        \begin{weird}x\end{weird}
        $$
        """
    )
    assert [w for _, w in done.warnings] == [
        r"math: Undefined control sequence: \qty (define it in site.yaml, under math: macros:, "
        r'as "\\qty": "…", or in the post with \newcommand{\qty}{…})',
        "math: No such environment: algorithmic (write the steps as a numbered list or a code "
        "block)",
        "math: No such environment: weird (KaTeX typesets the environments of amsmath: align, "
        "gather, cases, matrix and the like)",
    ]


@pytest.mark.parametrize(
    ("formulas", "sent"),
    [
        (["x", r"\vx"], ["x", r"\vx"]),  # nothing defined: nothing changes
        (
            [r"\def\f#1#2{#1 {#2}}", r"\f ab", r"\fa"],
            [r"\def\f#1#2{#1 {#2}}", r"\def\f#1#2{#1 {#2}}\f ab", r"\fa"],
        ),
        (
            [r"\newcommand\set[1]{\{#1\}} \set{x}", r"\set{y}"],
            [r"\def\set#1{\{#1\}} \set{x}", r"\def\set#1{\{#1\}}\set{y}"],
        ),
        ([r"\newcommand{\o}[1][x]{#1}", r"\o"], [r"\newcommand{\o}[1][x]{#1}", r"\o"]),
        ([r"\newcommand{\a}{", r"\a"], [r"\newcommand{\a}{", r"\a"]),
    ],
    ids=["none", "def with parameters", "unbraced name", "optional argument", "unclosed"],
)
def test_what_is_sent_for_a_post_s_definitions(formulas: list[str], sent: list[str]) -> None:
    items = [MathItem(tex, False) for tex in formulas]
    assert [item.tex for item in with_post_macros(items)] == sent


def test_html_entities_in_math_are_the_characters_a_browser_gave_mathjax(render: Render) -> None:
    """Hexo's marked read `$a<b$` as a tag, so its notes wrote `&lt;` in formulas."""
    done = render(
        "若 $p(x) &gt; 0$ 且 $a &lt; b$，则\n\n$$\n"
        "f(x) = \\begin{cases} 1 &amp; x &gt; 0 \\\\ 0 & x &#8804; 0 \\end{cases}\n$$\n"
    )
    assert not done.warnings
    assert seen(done.html.split("<p>")[1]).startswith("若 p(x)>0 且 a<b，则")
    assert seen(done.html.split('"math-display">')[1]).startswith("f(x)={10x>0x≤0")


LABELLED = r"""
损失定义为

$$
\begin{equation}
L = -\sum_i y_i \log p_i \label{eq:ce}
\end{equation}
$$

而梯度满足

\begin{align}
g &= p - y \label{eq:grad} \\
h &= \begin{cases} 1 & x > 0 \\ 0 & \text{否则} \end{cases} \nonumber \\
k &= 2g \tag{*} \label{eq:k} \\
m &= g + k \label{eq:m}
\end{align}

由 $\eqref{eq:ce}$ 与 $\eqref{eq:grad}$、$\ref{eq:k}$、$\eqref{eq:m}$ 可知。
"""


def test_labels_and_equation_references_work_as_mathjax_s(render: Render) -> None:
    """`\\label` and `\\eqref` (MathJax's) were undefined in KaTeX: each labelled equation
    and each reference was red TeX."""
    done = render(LABELLED)
    assert "math-error" not in done.html and not done.warnings, done.warnings
    for label in ("ce", "grad", "k", "m"):  # `eq:ce` is #eq-ce, its `eq:` said once
        assert done.html.count(f'<span id="eq-{label}"></span>') == 1, label
    # numbered as KaTeX's counter numbers the rows: the case row and the tagged one are not
    links = re.findall(r'<a href="#(eq-[^"]+)">.*?</a>', _MATHML.sub("", done.html))
    shown = [
        seen(a) for a in re.findall(r'<a href="#eq-[^"]+">.*?</a>', _MATHML.sub("", done.html))
    ]
    assert links == ["eq-ce", "eq-grad", "eq-k", "eq-m"]
    assert shown == ["(1)", "(2)", "*", "(3)"]
    assert r"\label{eq:ce}" in unescape(done.html)  # what is copied is as written


def test_a_reference_to_no_equation_is_warned(render: Render) -> None:
    done = render("$$\nx \\label{a}\n$$\n\n见 $\\eqref{b}$ 与 $\\eqref{a}$。\n")
    assert [message for _, message in done.warnings] == [  # a is no numbered equation
        rf"math: \eqref{{{label}}} names no numbered equation of this post (label one with "
        r"\label{…} in \begin{equation} or \begin{align})"
        for label in "ab"
    ]
    assert "math-error" not in done.html  # the label alone no longer breaks its formula


def test_an_equation_reference_in_the_text_is_its_number_too(render: Render) -> None:
    """MathJax reads `\\eqref{…}` outside formulas as well (processRefs): it was shown as
    written, backslash and all."""
    done = render(LABELLED + "\n由式 \\eqref{eq:grad} 与 \\ref{eq:m}，而 \\eqref{eq:zz} 不存在。\n")
    text = _MATHML.sub("", done.html).split("由式")[-1]
    assert '<a class="eqref" href="#eq-grad">(2)</a>' in text
    assert '<a class="eqref" href="#eq-m">3</a>' in text
    assert r"\eqref{eq:zz}" in text  # as written, and said:
    assert [m for _, m in done.warnings] == [
        r"math: \eqref{eq:zz} names no numbered equation of this post (label one with "
        r"\label{…} in \begin{equation} or \begin{align})"
    ]
    assert "由式 (2) 与 3" in done.excerpt


@pytest.mark.parametrize(
    "display",
    [
        "$$\nL = -\\sum_i y_i \\log p_i \\tag{2.1} \\label{eq:ce}\n$$",
        "$$\n\\begin{aligned}\nL &= -\\sum_i y_i \\log p_i\n\\end{aligned}\n"
        "\\tag{2.1}\\label{eq:ce}\n$$",
        "\\begin{equation*}\nL = -\\sum_i y_i \\log p_i \\tag{2.1} \\label{eq:ce}\n"
        "\\end{equation*}",
    ],
    ids=["dollars", "aligned", "equation*"],
)
def test_a_tagged_formula_s_label_is_its_tag(render: Render, display: str) -> None:
    """Typora numbers a formula by hand, `$$ … \\tag{1} \\label{eq:1} $$`, and MathJax
    links `\\eqref{eq:1}` to it: references to such a formula were "(?)", with a warning
    that it was no numbered equation."""
    done = render(f"损失为\n\n{display}\n\n由式 $\\eqref{{eq:ce}}$ 与 \\eqref{{eq:ce}} 可知。\n")
    html = _MATHML.sub("", done.html)
    assert not done.warnings, done.warnings
    assert re.findall(r'\sid="(eq-[^"]*)"', html) == ["eq-ce"]
    shown = [seen(a) for a in re.findall(r'<a (?:class="eqref" )?href="#eq-ce">.*?</a>', html)]
    assert shown == ["(2.1)", "(2.1)"]


@pytest.mark.parametrize(
    "body",
    [
        "$$\n% 交叉熵\nL = -\\sum_i y_i \\log p_i % 对样本求和\n$$\n",
        "损失为\n$$\nL = -\\sum_i y_i \\log p_i % 对样本求和\n$$\n",
        "损失为 $$\nL = -\\sum_i y_i \\log p_i % 对样本求和\n$$ 其中 $y$ 是标签。\n",
        "\\[\nL = -\\sum_i y_i \\log p_i % 对样本求和\n\\]\n",
        "\\[\n% 交叉熵\nL = -\\sum_i y_i \\log p_i\n% 对样本求和\n\\]\n",
        "损失为 \\[\nL = -\\sum_i y_i \\log p_i % 对样本求和\n\\] 其中 $y$ 是标签。\n",
    ],
    ids=[
        "block",
        "under-text",
        "in-a-sentence",
        "bracket-block",
        "bracket-comment-line",
        "bracket-in-a-sentence",
    ],
)
def test_a_comment_ending_a_display_formula_s_last_line_is_no_warning(
    render: Render, body: str
) -> None:
    """A `%` comment on the last line of a `$$` or `\\[` block ends with that line, as in MathJax:
    the build warned "% comment has no terminating newline" for each such formula."""
    done = render(body)
    assert not done.warnings, done.warnings
    assert "L=−i∑yilogpi" in seen(done.html)  # the sum's limit is set first
    assert "对样本求和" not in seen(done.html)


def test_a_comment_that_eats_the_end_of_an_inline_formula_is_still_warned(
    render: Render,
) -> None:
    done = render("取模 $a % b$ 与 $$x % y$$。\n")
    assert [m for _, m in done.warnings] == [
        "math: % comment has no terminating newline; LaTeX would fail because of commenting "
        "the end of math mode (e.g. $)"
    ]


def test_a_reference_written_as_a_formula_reads_as_its_number_in_listings(
    render: Render,
) -> None:
    """Typora only reads `\\eqref` inside a formula, so its notes write `$\\eqref{eq:ce}$`:
    the home feed showed it as [Math], the link preview and the feed as its TeX."""
    done = render(LABELLED + "\n另见 $\\eqref{eq:ce}$、$\\ref{eq:m}$ 与 $\\eqref{eq:zz}$。\n")
    assert "由 (1) 与 (2)、*、(3) 可知。" in done.excerpt
    assert "另见 (1)、3 与 [Math]。" in done.excerpt  # an unknown label stays a formula
    assert "由 (1) 与 (2)、*、(3) 可知。" in done.description
    assert "另见 (1)、3 与 \\eqref{eq:zz}。" in done.description


@pytest.mark.parametrize(
    ("body", "line", "quoted"),
    [
        ("the loss $\\mathcal{L} = -\\log p", 1, "\\mathcal{L} = -\\log p"),
        ("第一行\n损失$x^2 + 1，其中 $x$ 是输入", 2, "x^2 + 1，其中"),
        ("$x$ and then $W_q = XW$5", 1, "W_q = XW"),
        ("- item\n- $\\alpha + \\beta + \\gamma + \\delta + \\epsilon", 2,
         "\\alpha + \\beta + \\gamma…"),
        ("## Loss $QK^T", 1, "QK^T"),
        ("costs $5, loss $f(x_i)", 1, "f(x_i)"),
    ],
)  # fmt: skip
def test_a_formula_never_closed_is_warned_at_its_line(
    render: Render, body: str, line: int, quoted: str
) -> None:
    r"""`$\mathcal{L} = -\log p` with no closing `$` showed as raw TeX, with no word."""
    done = render(body)
    assert done.warnings == (
        (line, f'"${quoted}" is not math: its "$" is never closed (end the formula with "$", '
         'or write \\$ for a dollar sign)'),
    )  # fmt: skip


@pytest.mark.parametrize(
    "body",
    [
        "costs $5 and $1.2M, or US$30",
        "export PATH=$CUDA_HOME/bin:$PATH and $HOME_DIR",
        "${CUDA_HOME}/lib64, ${x:-1} and $(date +%Y_%m) with $(nproc)",
        "PHP's $_POST['a_b'] and jQuery's $('.a_b') or $env:CUDA_PATH\\bin",
        "an escaped \\$\\alpha_1 and \\$x^2",
        "code `$\\alpha_1` and ```$x^2```",
        "see https://example.com/a$b_c and <https://example.com/$x_1>",
        "closed $x^2$ and $$\\sum_i x_i$$ and $a_{t}^* $ (spaced_math's)",
        "a $ \\alpha with a space",
    ],
)
def test_a_dollar_that_opens_no_formula_is_not_warned(render: Render, body: str) -> None:
    done = render(body)
    assert [m for _, m in done.warnings if "never closed" in m] == []


@pytest.mark.parametrize("env", ["align", "equation*", "gather"])
def test_an_environment_never_ended_is_warned(render: Render, env: str) -> None:
    """`\\begin{align}` written without `$$` (as Jupyter and MathJax allow) and never
    ended showed its TeX as a paragraph, with no word, where an unclosed `$$` is warned."""
    done = render(f"推导如下：\n\n\\begin{{{env}}}\na &= b \\\\\nc &= d\n\n于是得到结论。\n")
    assert (3, f"\\begin{{{env}}} is never ended (add an \\end{{{env}}} line after the "
               "formula)") in done.warnings  # fmt: skip


@pytest.mark.parametrize(
    "body",
    [
        "\\begin{align}\na &= b\n\n\\end{align}\n",  # ended after a blank line: math
        "\\begin{align} a &= b \\end{align} 之后的文字\n",  # ended on its line
        "\\begin{itemize}\n\\item a\n",  # not math: LaTeX text, left alone
        "`\\begin{align}` 是环境的开头\n",
    ],
)
def test_an_environment_that_is_ended_or_not_math_is_not_warned(render: Render, body: str) -> None:
    assert [m for _, m in render(body).warnings if "never ended" in m] == []


ALIGN = "$$\n\\begin{align%s}\na &= b%s \\\\\nc &= d%s\n\\end{align%s}\n$$%s\n"


def test_a_number_after_display_math_is_never_a_second_one(render: Render) -> None:
    """`$$ … $$ (1)` beside an `align`, whose rows KaTeX numbers itself, added "(1)" to
    their "(1)" and "(2)". It numbers a formula whose rows have no numbers of their own
    (`align*`, rows with `\\notag`) and is otherwise left out, with a warning at its line."""
    numbered = render("text\n\n" + ALIGN % ("", "", "", "", " (1)"))
    assert numbered.html == render("text\n\n" + ALIGN % ("", "", "", "", "")).html
    assert numbered.warnings == (
        (3, 'math: "(1)" after $$ is not shown: the formula\'s align environment numbers '
         "each row (put \\tag{1} in the row it is for, or write align* to give the whole "
         "formula this number)"),
    )  # fmt: skip
    notag = " \\notag"
    for whole in (ALIGN % ("*", "", "", "*", " (1)"), ALIGN % ("", notag, notag, "", " (1)")):
        done = render(whole)
        assert seen(done.html).strip().endswith("(1)") and not done.warnings
        assert "eqn-num" not in done.html  # no row numbered beside it


@pytest.mark.parametrize(
    "labelled",
    [
        "$$\n\\begin{equation}\nL = 1 \\label{eq:loss}\n\\end{equation}\n$$\n\n"
        "See \\eqref{eq:loss} and $\\eqref{eq:loss}$.\n",
        "$$\n\\begin{equation}\nL = 1 \\label{loss}\n\\end{equation}\n$$\n\nSee $\\eqref{loss}$.\n",
        "```{math}\n:label: eq:loss\nL = 1\n```\n\nSee {eq}`eq:loss`.\n",
        "```{math}\n---\nlabel: eq:loss\n---\nL = 1\n```\n\nSee {eq}`eq:loss`.\n",
        "$$\nL = 1\n$$ (eq:loss)\n\nSee {eq}`eq:loss`.\n",
        "(eq:loss)=\n$$\nL = 1\n$$\n\nSee {eq}`eq:loss`.\n",
        "$$\nL = 1\n$$ {#eq-loss}\n\nSee @eq-loss.\n",
        "$$L = 1$$\n:eqlabel:`eq_loss`\n\nSee :eqref:`eq_loss`.\n",
    ],
    ids=["latex", "latex-bare", "myst-option", "myst-yaml", "myst-dollar", "myst-target",
         "quarto", "d2l"],
)  # fmt: skip
def test_every_label_syntax_gives_the_equation_one_id(render: Render, labelled: str) -> None:
    """`\\label{eq:loss}`, MyST's, Quarto's `{#eq-loss}` and d2l's `eq_loss` name one
    equation `#eq-loss`: their `eq` was not said twice (`#eq-eq-loss`, `#eq-eq:loss`)."""
    done = render(labelled)
    html = _MATHML.sub("", done.html)
    assert not done.warnings, done.warnings
    assert re.findall(r'\sid="(eq-[^"]*)"', html) == ["eq-loss"]
    links = re.findall(r'href="#(eq[^"]*)"', html)
    assert links and set(links) == {"eq-loss"}


def test_a_label_given_twice_gives_the_second_its_own_id(render: Render) -> None:
    """Two equations named alike had one id between them (only the first was placed);
    references go to the first, and the author is told."""
    twice = "$$\n\\begin{equation}\nTEX \\label{eq:loss}\n\\end{equation}\n$$\n\n"
    done = render(
        twice.replace("TEX", "L = 1") + twice.replace("TEX", "M = 2") + "See \\eqref{eq:loss}.\n"
    )
    html = _MATHML.sub("", done.html)
    assert re.findall(r'\sid="(eq-[^"]*)"', html) == ["eq-loss", "eq-loss-2"]
    assert '<a class="eqref" href="#eq-loss">(1)</a>' in html
    assert done.warnings == (
        (7, "math: \\label{eq:loss} is given twice: references go to the first (#eq-loss); "
            "this one is #eq-loss-2 (give each equation a label of its own)"),
    )  # fmt: skip


def test_a_math_fence_is_display_math_as_github_shows_it(render: Render) -> None:
    """READMEs written for GitHub or GitLab put formulas in ```math fences."""
    body = (
        "损失：\n\n```math\n\\mathcal{L} = -\\sum_i y_i \\log p_i\n```\n\n"
        "- 列表里\n\n  ~~~ Math\n  a^2 + b^2 = c^2\n  ~~~\n\n"
        "```latex\n\\frac{a}{b}\n```\n"
    )
    done = render(body)
    displays = done.html.split('<div class="math-display">')[1:]
    assert [tex_of(d)[0] for d in displays] == [
        "\\mathcal{L} = -\\sum_i y_i \\log p_i",
        "a^2 + b^2 = c^2",
    ]
    assert seen(displays[1]).startswith("a2+b2=c2")
    assert done.html.count("<pre") == 1 and 'data-lang="latex"' in done.html  # TeX as source
    assert done.excerpt == "损失： [公式] 列表里 [公式] [代码]"
    plain = render(body, math=False)  # a post with `math: false` keeps its fences as code
    assert "math-display" not in plain.html and "\\mathcal{L}" in plain.html
