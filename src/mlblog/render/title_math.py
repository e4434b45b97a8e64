"""Formulas in a title (`title: "Why divide by $\\sqrt{d_k}$?"`): typeset where the page
shows the title as HTML; where only text can go (`<title>`, the feed, a heading's
aria-label, the search's results) as text that reads like them, `√dₖ`
(mlblog.render.tex_text), and as their TeX without the dollars for the search's terms. A
title is text, not Markdown: nothing else in it is read. Its HTML also gets break points
in long identifiers (mlblog.render.soft_breaks)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape

from mlblog.render.math import MathItem, MathResult
from mlblog.render.soft_breaks import breakable_html
from mlblog.render.tex_text import tex_as_text

# As in Markdown: no space inside the dollars, no digit after the closing one ($5 and $10).
_FORMULA = re.compile(
    r"(?<![\\$])\$(?![\s$])(?P<dollar>(?:\\.|[^$\\])+?)(?<![\s\\])\$(?!\d)|\\\((?P<paren>.+?)\\\)"
)


def may_hold_math(title: str) -> bool:
    """A cheap first look, made for every title of every build."""
    return "$" in title or "\\(" in title


def formulas(title: str) -> list[MathItem]:
    return [MathItem(_tex(m), False) for m in _FORMULA.finditer(title)]


def plain_title(title: str) -> str:
    """The title as text: each formula as its TeX."""
    return _FORMULA.sub(_tex, title) if may_hold_math(title) else title


def readable_title(title: str) -> str:
    """The title as text for a glance (`<title>`, feeds, search results): each formula as
    it reads, O(n²), or its TeX where it has no text form."""
    if not may_hold_math(title):
        return title
    return _FORMULA.sub(lambda match: tex_as_text(_tex(match)), title)


def title_html(title: str, typeset: Mapping[MathItem, MathResult]) -> str:
    """The title as HTML: text escaped, formulas typeset (or their TeX, if KaTeX could not)."""
    parts: list[str] = []
    done = 0
    for match in _FORMULA.finditer(title):
        parts.append(breakable_html(title[done : match.start()]))
        result = typeset.get(MathItem(_tex(match), False))
        parts.append(result.html if result and result.html else escape(_tex(match)))
        done = match.end()
    parts.append(breakable_html(title[done:]))
    return "".join(parts)


def _tex(match: re.Match[str]) -> str:
    return (match["dollar"] or match["paren"]).strip()
