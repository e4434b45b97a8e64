"""Shapes met in public ML notes (Jekyll, Hexo, GitHub READMEs), written again in our own
words, checked as the reader sees the page."""

from __future__ import annotations

from collections.abc import Callable

from mlblog.render.result import Rendered
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
