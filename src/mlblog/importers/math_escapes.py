"""Math as a Hugo site without goldmark's passthrough extension wrote it.

Such a site's Markdown renderer ran before MathJax or KaTeX saw the page, so authors
doubled what Markdown would eat: `\\\\(x\\\\)` for `\\(x\\)`, `a\\_i` for `a_i` (or the
underscores became emphasis), `\\\\\\\\` for a row break `\\\\`. mlblog takes math as
written, so the import undoes Markdown's escapes inside each formula: the formula becomes
what the old site's math script was given, which is what its readers saw.
"""

from __future__ import annotations

import re

from mlblog.importers.mask import code_spans, fenced_code, mask
from mlblog.render.md_escapes import MARKDOWN_ESCAPE

_NOT_CODE = r"[^\x00]"
_FORMULA = re.compile(
    rf"""\\\\\[(?P<display>{_NOT_CODE}+?)\\\\\]
    |\\\\\((?P<inline>{_NOT_CODE}+?)\\\\\)
    |(?<!\\)\$\$(?P<block>{_NOT_CODE}+?)(?<!\\)\$\$
    |(?<![\\$])\$(?P<dollar>(?![\s$])(?:\\.|[^$\\\n\x00])+?(?<![\s\\]))\$(?!\d)""",
    re.VERBOSE,
)
_OPEN_CLOSE = {"display": ("\\[", "\\]"), "inline": ("\\(", "\\)"), "block": ("$$", "$$"),
               "dollar": ("$", "$")}  # fmt: skip


def unescape_math(body: str) -> str:
    """`body` with each formula as its Markdown renderer passed it on (same lines)."""
    protected = fenced_code(body)
    masked = mask(body, [*protected, *code_spans(mask(body, protected))])
    parts: list[str] = []
    done = 0
    for match in _FORMULA.finditer(masked):
        kind = match.lastgroup
        assert kind is not None
        opening, closing = _OPEN_CLOSE[kind]
        inner = MARKDOWN_ESCAPE.sub(r"\1", body[match.start(kind) : match.end(kind)])
        parts.append(body[done : match.start()] + opening + inner + closing)
        done = match.end()
    parts.append(body[done:])
    return "".join(parts)
