"""Table tests for the listing excerpt (DESIGN.md §1)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlblog.config import Placeholders
from mlblog.render.excerpt import Piece, Walk, _join, cut, excerpt
from mlblog.render.result import Rendered
from mlblog.templates import whole_placeholders

Render = Callable[..., Rendered]

CASES = [
    ("plain English", "Hello **world**, this is *text*.", "Hello world, this is text."),
    ("plain Chinese", "注意力机制是**核心**。", "注意力机制是核心。"),
    ("mixed", "用 `torch.nn.functional` 实现 softmax。", "用 torch.nn.functional 实现 softmax。"),
    ("inline math", "复杂度为 $O(N^2)$，很高。", "复杂度为 [Math]，很高。"),
    ("latex inline", r"复杂度为 \(O(N)\) 。", "复杂度为 [Math]。"),
    (
        "math before a full stop",
        "the gap is $y$. Then $z$ (small) and ($w$)",
        "the gap is [Math]. Then [Math] (small) and ([Math])",
    ),
    (
        "a word the formula is part of",
        "the $x$-axis of the $n$th layer, $k$ - 1 and $Q$ 矩阵",
        "the [Math]-axis of the [Math]th layer, [Math] - 1 and [Math] 矩阵",
    ),
    ("a line break is a space", "a<br>b<BR/>c", "a b c"),
    (
        "a wrapped line inside Chinese is no space",
        "让模型\n学会。用 PyTorch\n实现，**加粗**\n继续。한국어\n문장",
        "让模型学会。用 PyTorch 实现，加粗继续。한국어 문장",
    ),
    ("full-width punctuation between", "把 $Q$、$K$ 保存：$V$", "把 [Math]、[Math] 保存：[Math]"),
    ("display math", "公式如下\n\n$$\na^2+b^2=c^2\n$$\n\n结束", "公式如下 [公式] 结束"),
    ("display under text", "公式如下\n$$\na=b\n$$\n结束", "公式如下 [公式] 结束"),
    ("bracket display", "看\n\n\\[\nx\n\\]\n\n完", "看 [公式] 完"),
    ("bracket display in a sentence", "So \\[\\sum_i x_i\\] inline.", "So [公式] inline."),
    ("amsmath", "前\n\n\\begin{align}\na &= b\n\\end{align}\n\n后", "前 [公式] 后"),
    ("inline $$ in a sentence", "kramdown 写法 $$x^2$$ 也行", "kramdown 写法 [Math] 也行"),
    (
        "$$ ending a line of text",
        "公式如下 $$\nx^2\n$$\n\n其中 $x$ 是输入。\n\n$$\ny\n$$\n\n完",
        "公式如下 [公式] 其中 [Math] 是输入。 [公式] 完",
    ),
    ("text after the closing $$", "$$\ny^2\n$$ 其中 y 是变量。", "[公式] 其中 y 是变量。"),
    ("fenced code", "代码：\n\n```python\nprint(1)\n```\n\n完", "代码： [代码] 完"),
    ("indented code", "code:\n\n    x = 1\n\nend", "code: [代码] end"),
    ("image dropped", "看图 ![架构图](a.png) 这里", "看图 这里"),
    ("link text kept", "见 [PyTorch 文档](https://pytorch.org) 。", "见 PyTorch 文档 。"),
    ("ordered markers kept", "1. 分块读入\n1. 累积输出", "1. 分块读入 1. 累积输出"),
    ("ordered from 3", "3) three\n4) four", "3) three 4) four"),
    ("bullets dropped", "- 甲\n- 乙", "甲 乙"),
    ("heading text", "## 1. 前言\n\n正文", "1. 前言 正文"),
    ("whitespace collapsed", "a\n   b\n\n\n\nc", "a b c"),
    ("table cells", "| a | b |\n|---|---|\n| 1 | 2 |", "a b 1 2"),
    ("footnotes dropped", "正文[^1]\n\n[^1]: 注释", "正文"),
    ("html stripped", "<div>盒子 <b>粗</b></div>\n\n后", "盒子 粗 后"),
    ("price is text", "It costs $5 and $10 today.", "It costs $5 and $10 today."),
]


@pytest.mark.parametrize(("name", "body", "expected"), CASES, ids=[c[0] for c in CASES])
def test_excerpt(render: Render, name: str, body: str, expected: str) -> None:
    assert render(body).excerpt == expected


def test_more_marker_limits_excerpt(render: Render) -> None:
    body = "第一段。\n\n<!--more-->\n\n第二段不在摘要里。"
    assert render(body).excerpt == "第一段。"


def test_spaced_more_marker(render: Render) -> None:
    assert render("Intro text.\n\n<!-- more -->\n\nRest.").excerpt == "Intro text."


def test_summary_replaces_derived_text(render: Render) -> None:
    result = render("正文很长。", summary="一句 **摘要**。")
    assert result.excerpt == "一句 摘要。"


def test_no_ellipsis_when_short(render: Render) -> None:
    assert render("short").excerpt == "short"


def test_cut_at_350_code_points_for_cjk(render: Render) -> None:
    body = "注" * 400
    assert render(body).excerpt == "注" * 350 + "..."


def test_cut_backs_off_to_word_boundary(render: Render) -> None:
    body = " ".join(["attention"] * 60)  # 599 characters
    result = render(body).excerpt
    assert result.endswith("attention...")
    assert len(result) <= 353
    assert "attentio..." not in result


def test_cut_never_splits_placeholder() -> None:
    pieces = [Piece("a" * 5 + " "), Piece("[公式]", placeholder=True), Piece("tail " * 5)]
    text, spans = _join(pieces)
    assert text.startswith("aaaaa [公式] tail")
    assert cut(text, spans, 8) == "aaaaa..."


PIECES = st.lists(
    st.builds(
        Piece, st.sampled_from(["", " ", "  a ", "word ", "深度学习", "x" * 9, "\n\t", "，", "("])
    )
    | st.builds(Piece, st.sampled_from(["", " ", "[代码]", " [Math] "]), st.just(True)),
    max_size=40,
)


@given(PIECES, st.integers(0, 30))
def test_excerpt_reads_only_as_far_as_the_cut_needs(pieces: list[Piece], limit: int) -> None:
    text, spans = _join(pieces)  # the whole document, as before the early stop
    assert excerpt(Walk(tuple(pieces), None), limit) == cut(text, spans, limit)


@given(PIECES)
def test_whitespace_collapses_whatever_the_placeholders(pieces: list[Piece]) -> None:
    """A site may set a placeholder to "" (code blocks left out of excerpts)."""
    text, _ = _join(pieces)
    assert "  " not in text and text == text.strip()


@pytest.mark.parametrize(
    ("text", "limit", "shown"),
    [
        ("这" * 3 + "使用PyTorchLightning训练", 10, "这这这使用..."),  # a word touching Chinese
        ("这" * 5 + "共1750亿参数", 9, "这这这这这共..."),  # not 共175, another number
        ("这" * 5 + "共1750亿参数", 10, "这这这这这共1750..."),
        ("这" * 7 + "——之后", 8, "这这这这这这这..."),  # one dash, two characters
        ("省" * 7 + "……省", 8, "省省省省省省省..."),
        ("引" * 7 + "「引用内容」", 8, "引引引引引引引..."),  # no quote opened and left
    ],
)
def test_cut_keeps_words_marks_and_quotes_whole_in_chinese(
    text: str, limit: int, shown: str
) -> None:
    joined, spans = _join([Piece(text)])
    assert cut(joined, spans, limit) == shown


def test_cjk_cut_between_any_characters() -> None:
    text, spans = _join([Piece("深度学习" * 10)])
    assert cut(text, spans, 7) == "深度学习深度学..."


FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # one emoji, 7 code points


@pytest.mark.parametrize(
    ("shown", "size"),
    [(FAMILY, 7), ("\U0001f44d\U0001f3fd", 2), ("e\u0301", 2), ("\u2764\ufe0f", 2),
     ("\U0001f1e8\U0001f1f3", 2)],
)  # fmt: skip
def test_cut_never_splits_what_a_reader_sees_as_one_character(shown: str, size: int) -> None:
    """A joined emoji, a skin tone, an accent, a variation selector, a flag: kept whole
    or left out whole, wherever the limit falls inside it."""
    assert len(shown) == size
    text, spans = _join([Piece("深" * 5 + shown + "度" * 20)])
    for limit in range(6, 5 + size):
        assert cut(text, spans, limit) == "深" * 5 + "...", limit
    assert cut(text, spans, 5 + size).startswith("深" * 5 + shown)


def test_excerpt_length_limit_is_a_setting(render: Render) -> None:
    assert render("abc def ghi", length=5).excerpt == "abc..."


def test_excerpt_has_no_markup(render: Render) -> None:
    body = "**粗** _斜_ `code` [l](u) ![i](p) $x$ <span>s</span>"
    excerpt = render(body).excerpt
    for syntax in ("**", "](", "$", "`", "<", "_斜_"):
        assert syntax not in excerpt


@pytest.mark.parametrize(
    ("text", "marks", "html"),
    [
        (
            "见 [公式] 与 <b> & [代码]",
            Placeholders(),
            '见 <span class="placeholder">[公式]</span> 与 &lt;b&gt; &amp; '
            '<span class="placeholder">[代码]</span>',
        ),
        # a mark is found in the text, never in the HTML made of it ("amp" of "&amp;")
        ("a & amp", Placeholders("amp", "", ""), 'a &amp; <span class="placeholder">amp</span>'),
        # the longer of two overlapping marks is the one kept whole
        ("[公式]", Placeholders("[公", "", "[公式]"), '<span class="placeholder">[公式]</span>'),
        ("no marks [公式]", Placeholders("", "", ""), "no marks [公式]"),
    ],
)
def test_placeholders_in_a_listed_excerpt_are_kept_whole(
    text: str, marks: Placeholders, html: str
) -> None:
    assert str(whole_placeholders(text, marks)) == html


@pytest.mark.parametrize(
    "body",
    [
        "$\\newcommand{\\softmax}{\\operatorname{softmax}}$\n\n注意力 $\\softmax(x)$ 归一化。",
        "$$\n\\newcommand{\\softmax}{\\operatorname{softmax}}\n\\DeclareMathOperator*{\\argmax}{arg\\,max}\n$$\n\n"
        "注意力 $\\softmax(x)$ 归一化。",
        "$\\def\\softmax{\\operatorname{softmax}}$ 注意力 $\\softmax(x)$ 归一化。",
    ],
)
def test_a_formula_that_only_defines_commands_is_not_in_the_excerpt(
    render: Render, body: str
) -> None:
    """Notes for MathJax define their shorthands in a formula of their own, which shows
    nothing on the page; the listing and the link preview showed it as [Math] or [公式],
    and the description as the definition's TeX."""
    result = render(body)
    assert result.excerpt == "注意力 [Math] 归一化。"
    assert result.description == "注意力 softmax(x) 归一化。"
