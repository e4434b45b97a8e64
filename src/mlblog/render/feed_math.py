"""Formulas as feed readers get them: KaTeX's MathML, without its HTML rendering.

A typeset formula is `<span class="katex">` holding the MathML and then the same formula
as positioned spans (`katex-html`), which only KaTeX's stylesheet makes look right. Feed
readers do not load the site's stylesheet, so that second copy shows as loose letters
after the first; the MathML alone reads as the formula.
"""

from __future__ import annotations

import re

_RENDERED = '<span class="katex-html" aria-hidden="true">'
_SPAN = re.compile(r"<span\b|</span>")


def mathml_only(html: str) -> str:
    """`html` with every formula's `katex-html` span (and what it holds) left out."""
    start = html.find(_RENDERED)
    if start < 0:
        return html
    parts: list[str] = []
    done = 0
    while start >= 0:
        parts.append(html[done:start])
        depth = 0
        for tag in _SPAN.finditer(html, start):
            depth += 1 if tag.group() == "<span" else -1
            if depth == 0:
                done = tag.end()
                break
        else:  # not KaTeX's own output after all: leave the rest as it is
            done = start
            break
        start = html.find(_RENDERED, done)
    parts.append(html[done:])
    return "".join(parts)
