"""Punctuation kept on the line of the inline formula it follows.

A browser may break a line after KaTeX's inline-block boxes even before `，` or `.`, so
"$g=1$，GQA …" could start a line with "，". No CSS on the formula's own boxes prevents it:
only a `white-space: nowrap` box holding both the formula and the punctuation does, and
that box also stops the formula itself from wrapping. So a short formula (most inline
ones: `$d_h=d/h$`, `$2^{-7}$`) and the punctuation right after it are wrapped in
`<span class="math-glue">`; a long one may still wrap inside and is left as it is.

The formula's rule opens the box and the text rule closes it (mlblog.render.parser), each
deciding by `glued` from the token stream alone, so the tokens stay as parsed (excerpts
and ids read them after).
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token

# What may not start a line (closing brackets and marks, full-width and ASCII).
_CLOSING = frozenset(",.;:!?)]}%，。、；：！？）】」』》〉”’…")
INLINE_MATH = frozenset({"math_inline", "math_inline_double"})
SHORT_TEX = 40  # characters of TeX: wider formulas keep their own line breaks
OPEN = '<span class="math-glue">'


def tail(text: str) -> str:
    """The run of closing punctuation `text` starts with."""
    end = 0
    while end < len(text) and text[end] in _CLOSING:
        end += 1
    return text[:end]


def glued(tokens: Sequence[Token], idx: int, display: bool) -> bool:
    """Whether the formula at `idx`, shown inline, holds the punctuation after it."""
    token = tokens[idx]
    if display or token.type not in INLINE_MATH or len(token.content.strip()) > SHORT_TEX:
        return False
    after = tokens[idx + 1] if idx + 1 < len(tokens) else None
    return after is not None and after.type == "text" and bool(tail(after.content))
