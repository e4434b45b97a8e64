"""`##标题` with no space after the hashes, read as the heading its author saw.

kramdown (Jekyll's default), Redcarpet, RDiscount and the older marked of Hexo took
`###### 优点` and `######优点` alike; CommonMark wants the space, so such notes showed
rows of hashes in front of text set as a paragraph. A single `#` stays as written: at
the start of a line, `#深度学习` is an Obsidian tag as often as a heading.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

_SPACES = " \t"


def unspaced_heading_plugin(md: MarkdownIt) -> None:
    md.block.ruler.after(
        "heading",
        "heading_unspaced",
        _unspaced_heading,
        {"alt": ["paragraph", "reference", "blockquote"]},
    )


def _unspaced_heading(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    pos = state.bMarks[start] + state.tShift[start]
    maximum = state.eMarks[start]
    src = state.src
    if not src.startswith("##", pos) or state.is_code_block(start):
        return False
    text = pos
    while text < maximum and src[text] == "#":
        text += 1
    level = text - pos
    # CommonMark's own heading rule took `## x`; seven hashes are no heading anywhere.
    if level > 6 or text >= maximum or src[text] in _SPACES:
        return False
    if silent:
        return True
    close = maximum
    while close > text and src[close - 1] in _SPACES:
        close -= 1
    hashes = close
    while hashes > text and src[hashes - 1] == "#":
        hashes -= 1
    if hashes < close and src[hashes - 1] in _SPACES:  # a closing `##` after a space
        close = hashes
    state.line = start + 1
    token = state.push("heading_open", f"h{level}", 1)
    token.markup = "#" * level
    token.map = [start, state.line]
    token = state.push("inline", "", 0)
    token.content = src[text:close].strip()
    token.map = [start, state.line]
    token.children = []
    token = state.push("heading_close", f"h{level}", -1)
    token.markup = "#" * level
    return True
