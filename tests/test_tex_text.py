"""A title's formulas as text that reads at a glance, for search results (render.tex_text)."""

from __future__ import annotations

import pytest

from mlblog.render.tex_text import tex_as_text
from mlblog.render.title_math import readable_title


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        ("O(n^2)", "O(n²)"),
        ("O(n \\log n)", "O(n log n)"),
        ("\\log(n)", "log(n)"),
        ("\\sqrt{d_k}", "√dₖ"),
        ("\\frac{QK^\\top}{\\sqrt{d_k}}", "QKᵀ/(√dₖ)"),
        ("\\alpha\\le1", "α ≤ 1"),
        ("x \\in \\mathbb{R}^d", "x ∈ ℝᵈ"),
        ("\\mathbb{R}^{n\\times d}", "ℝ^(n×d)"),  # no raised ×: as typed, bracketed
        ("x_{t+1}", "xₜ₊₁"),
        ("\\text{softmax}(x)", "softmax(x)"),
        ("\\left(\\frac{a}{b}\\right)", "(a/b)"),
        ("\\|x\\|_2", "‖x‖₂"),
        # Nothing plain text shows alike: the TeX as written.
        ("\\hat{y}", "\\hat{y}"),
        ("\\mathcal{L}", "\\mathcal{L}"),
        ("\\begin{matrix}a\\end{matrix}", "\\begin{matrix}a\\end{matrix}"),
        ("x^", "x^"),
        ("{a", "{a"),
        ("a}", "a}"),
    ],
)
def test_a_formula_reads_as_text(tex: str, text: str) -> None:
    assert tex_as_text(tex) == text


def test_only_the_formulas_of_a_title_change() -> None:
    assert readable_title("$O(n^2)$ attention, $5 and $10") == "O(n²) attention, $5 and $10"
    assert readable_title("Plain 标题") == "Plain 标题"
