"""`**加粗**` glued to Chinese punctuation is bold, as the editor it was written in showed it.

CommonMark lets a `*` run close after punctuation only when a space or more punctuation
follows, and open before punctuation only after one: rules for languages that put spaces
between words. `**注意：**学习率` and `这里**“二阶矩”**指` stayed as written, asterisks and
all, though 飞书, 语雀, Typora and Obsidian show them bold. Chinese puts no spaces there, so
next to a CJK character a `*` run flanks as if a space were there (as the CJK-friendly
amendment proposed for CommonMark has it); without one, CommonMark's rule stands.

`_` runs get the same between CJK characters: `这是__重点__内容` was shown with its
underscores, since CommonMark never lets `_` open or close inside a word (for `snake_case`).
A `_` run beside an ASCII letter or digit keeps that rule: `调用__init__方法` and
`变量my_var_name` stay as written.
"""

from __future__ import annotations

import re

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline import emphasis
from markdown_it.rules_inline.state_inline import StateInline

from mlblog.render.result import CJK_CHAR

_FIRST_CJK = "\u3040"  # (CJK_CHAR's lowest character)
_IDENTIFIER = re.compile("[A-Za-z0-9]")


def cjk_emphasis(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis rule; a `*` or `_` run beside a CJK character may also open
    or close (a `_` run only if no ASCII letter or digit is beside it: an identifier's)."""
    start, count = state.pos, len(state.delimiters)
    if not emphasis.tokenize(state, silent):
        return False
    before = state.src[start - 1] if start > 0 else " "
    after = state.src[state.pos] if state.pos < state.posMax else " "
    if before < _FIRST_CJK > after or not (CJK_CHAR.match(before) or CJK_CHAR.match(after)):
        return True  # (cheap: Latin text beside it is below the first CJK character)
    if state.src[start] == "_" and (_IDENTIFIER.match(before) or _IDENTIFIER.match(after)):
        return True
    opens, closes = _flanks(before, after)
    for delimiter in state.delimiters[count:]:
        delimiter.open = delimiter.open or opens
        delimiter.close = delimiter.close or closes
    return True


def _flanks(before: str, after: str) -> tuple[bool, bool]:
    """(left-flanking, right-flanking), a CJK character on the far side counting as a space
    where CommonMark asks for a space or punctuation there (never beside the run itself)."""
    punct_before = isMdAsciiPunct(ord(before)) or isPunctChar(before)
    punct_after = isMdAsciiPunct(ord(after)) or isPunctChar(after)
    space_before, space_after = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))
    cjk_before, cjk_after = bool(CJK_CHAR.match(before)), bool(CJK_CHAR.match(after))
    left = not space_after and (not punct_after or space_before or punct_before or cjk_before)
    right = not space_before and (not punct_before or space_after or punct_after or cjk_after)
    return left, right
