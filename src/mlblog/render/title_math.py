"""Formulas in a title (`title: "Why divide by $\\sqrt{d_k}$?"`): typeset where the page
shows the title as HTML, and shown as their TeX, without the dollars, where only text
can go (`<title>`, the feed, search). A title is text, not Markdown: nothing else in it
is read. Its HTML also gets break points in long identifiers and URLs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape

from mlblog.render.math import MathItem, MathResult

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


def title_html(title: str, typeset: Mapping[MathItem, MathResult]) -> str:
    """The title as HTML: text escaped, formulas typeset (or their TeX, if KaTeX could not)."""
    parts: list[str] = []
    done = 0
    for match in _FORMULA.finditer(title):
        parts.append(text_html(title[done : match.start()]))
        result = typeset.get(MathItem(_tex(match), False))
        parts.append(result.html if result and result.html else escape(_tex(match)))
        done = match.end()
    parts.append(text_html(title[done:]))
    return "".join(parts)


# A run of this many characters without a space may not fit a phone's line at a title's
# size; a shorter one is better moved whole to the next line than cut at a dot. CJK
# characters and punctuation end a run: a line may break beside any of them.
_LONG_RUN = re.compile(
    "[^\\s\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
    "\uf900-\ufaff\uff00-\uffef]{16,}"
)
# Where such a run may break: after `.`, `/`, `::` or `_` before a letter or digit (never
# at its ends, so ".bashrc" or "__init__" keep their marks), and not in a number (3.14).
# Explicit ranges, as search.js's copy of these rules (`breaksIn`) has them.
_JOINT = re.compile(r"(?<=[^\s./_])(?:[./_]|::)+(?=[0-9A-Za-z])(?!(?<=[0-9]\.)[0-9])")


# An empty span the theme gives a zero-width space with no text for screen readers (CSS
# `content: "\200B" / ""`): a <wbr> would do, but Chromium reads it as a line break, so
# "functional.<wbr>scaled" was named "functional. scaled". Copies as nothing either way.
BREAK = '<span class="soft-break"></span>'


def text_html(text: str) -> str:
    """Text escaped as HTML, with a BREAK where a long identifier or URL may break:
    "torch.nn.functional.scaled_dot_product_attention" on a phone broke as "functiona" /
    "l.scaled…"."""
    parts: list[str] = []
    done = 0
    for run in _LONG_RUN.finditer(text):
        parts.append(escape(text[done : run.start()]))
        piece = run.start()
        for joint in _JOINT.finditer(text, run.start(), run.end()):
            # ".__init__": the break goes after the dot, not inside the underscores.
            marks = joint[0]
            last = max(marks.rfind("."), marks.rfind("/"), marks.rfind(":"))
            cut = joint.start() + (last + 1 if last >= 0 else len(marks))
            parts.append(escape(text[piece:cut]) + BREAK)
            piece = cut
        parts.append(escape(text[piece : run.end()]))
        done = run.end()
    parts.append(escape(text[done:]))
    return "".join(parts)


def _tex(match: re.Match[str]) -> str:
    return (match["dollar"] or match["paren"]).strip()
