"""Math as ML notes write it (Typora, Obsidian, Jupyter, Hexo habits), typeset by KaTeX
and checked as the reader sees it: the glyphs on the page, not the TeX we passed on."""

from __future__ import annotations

import re
from collections.abc import Callable

from mlblog.render.result import Rendered

Render = Callable[..., Rendered]
_MATHML = re.compile(r'<span class="katex-mathml">.*?</math></span>', re.S)
_TAG = re.compile(r"<[^>]+>")


def seen(html: str) -> str:
    """The text a reader sees: KaTeX's glyphs without the MathML copy for screen readers."""
    return _TAG.sub("", _MATHML.sub("", html)).replace("\u200b", "")


def test_an_equation_label_after_display_math_is_its_number(render: Render) -> None:
    done = render("$$E=mc^2$$ (1)\n\n$$\na_{ij} = b\n$$ (eq_2)\n\n$$x \\tag{3}$$ (4)\n")
    displays = done.html.split('<div class="math-display">')[1:]
    assert [seen(d).strip() for d in displays] == ["E=mc2(1)", "aij=b(eq_2)", "x(3)"]
    assert not done.warnings
