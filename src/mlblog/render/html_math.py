"""Formulas inside raw HTML blocks (`<p>` ⏎ `$$x$$` ⏎ `</p>`, a `<details>` proof).

Markdown leaves an HTML block alone, and MathJax, running in the reader's browser, then
typeset the formulas in its text anyway: al-folio's distill posts wrap display math in
`<p>` for that reason. Typesetting at build time, we must find them ourselves: each
HTML block's text (never a tag, a comment, nor what `<pre>`, `<code>`, `<script>`,
`<style>` or `<textarea>` hold, which MathJax skips too) is searched for `$$…$$`,
`\\[…\\]`, `\\(…\\)` and `$…$`, and the block is split around each formula into HTML
pieces and an inline token holding the formula, so the formula is collected, typeset and
excerpted like any other.
"""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from mlblog.render.math_syntax import decode_entities

# What MathJax does not look inside, and tags themselves: kept as they are.
_OPAQUE = re.compile(
    r"<(pre|code|script|style|textarea)\b[^>]*>.*?</\1\s*>|<!--.*?-->|<[^>]*>",
    re.DOTALL | re.IGNORECASE,
)
# `$…$` as the inline rule reads it: no space inside either dollar, no digit after the
# closing one, so `$5 and $10` stays text.
_FORMULA = re.compile(
    r"(?<![\\$])\$\$(?P<double>.+?)(?<!\\)\$\$"
    r"|\\\[(?P<bracket>.+?)\\\]"
    r"|\\\((?P<paren>.+?)\\\)"
    r"|(?<![\\$])\$(?=[^\s$])(?P<single>(?:[^$\\]|\\.)+?)(?<=[^\s\\])\$(?!\d)",
    re.DOTALL,
)
_KINDS = {
    "double": ("math_inline_double", "$$"),
    "bracket": ("math_inline_double", "\\["),
    "paren": ("math_inline", "\\("),
    "single": ("math_inline", "$"),
}


def html_block_math(state: StateCore) -> None:
    tokens: list[Token] = []
    for token in state.tokens:
        if token.type == "html_block" and ("$" in token.content or "\\" in token.content):
            tokens.extend(_split(token))
        else:
            tokens.append(token)
    state.tokens = tokens


def _split(block: Token) -> list[Token]:
    content = block.content
    first_line = block.map[0] if block.map else 0
    found: list[tuple[int, int, str, str]] = []  # start, end, group, tex
    done = 0
    for opaque in [*_OPAQUE.finditer(content), None]:
        end = opaque.start() if opaque else len(content)
        for match in _FORMULA.finditer(content, done, end):
            group = match.lastgroup or "single"
            if tex := match[group].strip():
                found.append((match.start(), match.end(), group, tex))
        done = opaque.end() if opaque else end
    if not found:
        return [block]
    pieces: list[Token] = []
    at = 0
    for start, end, group, tex in found:
        line = first_line + content.count("\n", 0, start)
        pieces.append(_html(block, content[at:start], line))
        pieces.append(_formula(group, tex, content[start:end], line))
        at = end
    pieces.append(_html(block, content[at:], first_line + content.count("\n", 0, at)))
    return [piece for piece in pieces if piece.type != "html_block" or piece.content]


def _html(block: Token, html: str, line: int) -> Token:
    token = Token("html_block", "", 0, block=True, content=html, map=[line, line + 1])
    token.meta = dict(block.meta)
    return token


def _formula(group: str, tex: str, written: str, line: int) -> Token:
    kind, markup = _KINDS[group]
    math = Token(kind, "math", 0, content=decode_entities(tex), markup=markup)
    holder = Token("inline", "", 0, block=True, content=written, map=[line, line + 1])
    holder.children = [math]
    return holder
