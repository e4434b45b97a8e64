"""KaTeX MathML with token elements holding elements is repaired; the visible HTML is not."""

from __future__ import annotations

import re

import pytest

from mlblog.render.math import KatexEngine, MathItem
from mlblog.render.mathml import TOKEN_ELEMENTS, repair_mathml

FLAWED = [r"a \bmod p", r"\underset{!}{=}", r"\stackrel{a}{=}", r"\operatorname{GL_2}(\mathbb{C})"]


def token_with_element(html: str) -> bool:
    """True when some <mi>/<mo>/… directly contains an element (invalid MathML)."""
    depth: list[str] = []
    for closing, name in re.findall(r"<(/?)([a-z]+)[^>]*?(?<!/)>", html):
        if closing:
            depth.pop()
            continue
        if depth and depth[-1] in TOKEN_ELEMENTS:
            return True
        depth.append(name)
    return False


@pytest.mark.parametrize("tex", FLAWED)
def test_katex_flaws_repaired(katex_engine: KatexEngine, tex: str) -> None:
    [result] = katex_engine.render([MathItem(tex, False)])
    assert result.html is not None
    assert not token_with_element(result.html)
    mathml = result.html[: result.html.index('<span class="katex-html"')]
    assert "<annotation" in mathml and "<mrow>" in mathml


@pytest.mark.parametrize("tex", FLAWED)
def test_visible_html_unchanged(katex_engine: KatexEngine, tex: str) -> None:
    [result] = katex_engine.render([MathItem(tex, True)])
    assert result.html is not None
    raw = result.html  # the HTML half is identical before and after repair
    assert raw[raw.index('<span class="katex-html"') :] in repair_mathml(raw)


def test_valid_output_returned_unchanged() -> None:
    html = '<span class="katex"><math><mrow><mi>x</mi><mo>+</mo><mn>1</mn></mrow></math></span>'
    assert repair_mathml(html) is html or repair_mathml(html) == html


def test_repair_shape() -> None:
    flawed = '<math><mo lspace="0.22em"><mrow><mi>m</mi></mrow></mo></math>'
    assert repair_mathml(flawed) == "<math><mrow><mrow><mi>m</mi></mrow></mrow></math>"


def test_quick_check_skips_only_formulas_that_need_no_repair(
    katex_engine: KatexEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """KaTeX's own output for every formula of the demo posts, and the flawed ones: the
    repair is the one that parsing every <math> subtree gives (the quick check that
    skips most formulas only saves the parse)."""
    from pathlib import Path

    from mlblog.render import math
    from mlblog.render.mathml import _MATH, _repair_math

    posts = Path(__file__).parents[1] / "content" / "posts"
    text = "\n".join(p.read_text("utf-8") for p in sorted(posts.rglob("*.md")))
    found = re.findall(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", text, re.DOTALL)
    formulas = [(display or inline).strip() for display, inline in found] + FLAWED
    assert len(formulas) > 300
    monkeypatch.setattr(math, "repair_mathml", lambda html: html)  # KaTeX's output as it is
    with KatexEngine(katex_engine.katex_dir) as engine:
        raw = [r.html for r in engine.render([MathItem(tex, False) for tex in formulas])]
    assert sum(1 for html in raw if html and token_with_element(html)) >= len(FLAWED)
    for html in raw:
        if html is not None:
            assert repair_mathml(html) == _MATH.sub(lambda m: _repair_math(m.group(0)), html)


def test_formulas_dropped_from_memory_render_the_same(
    katex_engine: KatexEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlblog.render import math

    monkeypatch.setattr(math, "MEMORY_FORMULAS", 4)  # a site with many more formulas
    items = [MathItem(f"x_{{{n}}} + y^{n}", n % 2 == 0) for n in range(12)]
    with KatexEngine(katex_engine.katex_dir) as engine:
        first = engine.render(items)
        assert len(engine._cache) <= 4  # the rest were let go
        again = engine.render(list(reversed(items)))
    assert again == list(reversed(first))
    assert all(result.html and "katex" in result.html for result in first)
