"""Line breaks inside Chinese and Japanese prose join their lines, as pandoc's
east_asian_line_breaks does: authors wrap long paragraphs, and a browser shows the break
between two characters as a space (注意力机制让模型 学会…), which these languages never
put between words. A break beside a Latin word, a formula or Korean stays a space.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict


def cjk_breaks(state: StateCore) -> None:
    """Mark each soft break between two wide characters `joined` (rendered as nothing, and
    left out of excerpts); the token stays, as its line count matters to messages."""
    for token in state.tokens:
        if token.type != "inline" or "\n" not in token.content or not token.children:
            continue
        children = token.children
        for at, child in enumerate(children):
            if child.type != "softbreak":
                continue
            before, after = _edge(children, at, -1), _edge(children, at, 1)
            if before and after and _wide(before) and _wide(after):
                child.meta["joined"] = True


def render_softbreak(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "" if tokens[idx].meta.get("joined") else "\n"


def _edge(children: Sequence[Token], at: int, step: int) -> str:
    """The character of text nearest the break on one side: through emphasis and links,
    not through anything else (a formula, an image, raw HTML)."""
    at += step
    while 0 <= at < len(children):
        child = children[at]
        if child.type == "text":
            if child.content:
                return child.content[-1] if step < 0 else child.content[0]
        elif not child.type.endswith(("_open", "_close")):
            return ""
        at += step
    return ""


def _wide(char: str) -> bool:
    """Han, kana, full-width punctuation (，。「」); not Hangul, which Korean spaces."""
    code = ord(char)
    if 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F or 0xAC00 <= code <= 0xD7AF:
        return False
    return unicodedata.east_asian_width(char) in ("W", "F")
