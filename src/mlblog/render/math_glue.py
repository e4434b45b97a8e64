"""Punctuation kept on the line of the inline formula it follows or opens.

A browser may break a line after KaTeX's inline-block boxes even before `，` or `.`, so
"$g=1$，GQA …" could start a line with "，". No CSS on the formula's own boxes prevents it:
only a `white-space: nowrap` box holding both the formula and the punctuation does, and
that box also stops the formula itself from wrapping at its own breaks (after `=`, `+`).
Likewise an opening bracket or quote before it, "层数($L$)" or "学习率（$\\eta$）", ended a
line while its formula started the next (on a phone, most paragraphs with one had one).
So a formula of at most three of KaTeX's unbreakable boxes (`$d_h=d/h$`, `$2^{-7}$`,
`$O(n^2)$`, most inline ones) and the punctuation right before and after it are wrapped in
`<span class="math-glue">`; a longer chain (`$a+b+c+…$`) keeps its breaks.

The text rule before a formula opens the box when it `leads` it, else the formula's rule
does; the text rule after closes it when `glued`, else the formula's rule does
(mlblog.render.math_rules). Each decides from the token stream and the typeset formula
alone, so the tokens stay as parsed (excerpts and ids read them after).
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token

# What may not start a line (closing brackets and marks, full-width and ASCII).
_CLOSING = frozenset(",.;:!?)]}%，。、；：！？）】」』》〉”’…")
# What may not end a line (opening brackets and quotes); ASCII quotes open and close alike.
_OPENING = frozenset("([{（【「『《〈“‘")
INLINE_MATH = frozenset({"math_inline", "math_inline_double"})
BOXES = 3  # KaTeX boxes a glued formula may have: it loses the breaks between them
OPEN = '<span class="math-glue">'


def tail(text: str) -> str:
    """The run of closing punctuation `text` starts with."""
    end = 0
    while end < len(text) and text[end] in _CLOSING:
        end += 1
    return text[:end]


def head(text: str) -> str:
    """The run of opening punctuation `text` ends with."""
    start = len(text)
    while start and text[start - 1] in _OPENING:
        start -= 1
    return text[start:]


def _small(html: str | None) -> bool:
    """A formula of few enough boxes to lose their breaks (None: not typeset, shown as code)."""
    return html is None or html.count('class="katex-base"') <= BOXES


def leads(tokens: Sequence[Token], idx: int, display: bool, html: str | None) -> bool:
    """Whether the formula at `idx`, shown inline as `html`, is held with the opening
    punctuation the text before it ends with."""
    if display or tokens[idx].type not in INLINE_MATH or not idx:
        return False
    before = tokens[idx - 1]
    return before.type == "text" and bool(head(before.content)) and _small(html)


def glued(tokens: Sequence[Token], idx: int, display: bool, html: str | None) -> bool:
    """Whether the formula at `idx`, shown inline as `html` (None: not typeset), holds
    the punctuation after it."""
    token = tokens[idx]
    if display or token.type not in INLINE_MATH:
        return False
    after = tokens[idx + 1] if idx + 1 < len(tokens) else None
    if after is None or after.type != "text" or not tail(after.content):
        return False
    return _small(html)
