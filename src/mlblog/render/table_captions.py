"""Pandoc's table captions, as Quarto and R Markdown notes write them: a paragraph
`: Results per seed {#tbl-results}` (or `Table: …`) right under a pipe table, or right
above it; or Quarto's table div, `::: {#tbl-results}` holding the table and, last, its
caption paragraph.

CommonMark showed the line as a paragraph of its own, colon and braces included. Here it
is the table's `<caption>`; its `{#tbl-…}` is the table's id, which render.quarto numbers
in page order with the other tables ("Table 1: Results per seed") and links `@tbl-results`
to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from mlblog.render.attr_lists import parsed

_CAPTION = re.compile(r"(?:[Tt]able)?:[ \t]+(.*?)[ \t]*(?:\{([^{}]*)\})?[ \t]*", re.DOTALL)


def table_caption_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("block", "table_captions", _captions)  # before inline: moves text


def _captions(state: StateCore) -> None:
    """Each caption paragraph beside a table goes into it (the table under it first)."""
    tokens = state.tokens
    if ":" not in state.src or not any(t.type == "table_open" for t in tokens):
        return  # nearly every post
    _div_captions(tokens)
    lines = state.src.split("\n")
    for index in reversed(range(len(tokens))):
        if tokens[index].type == "table_close":
            _last_row_caption(tokens, index, lines)
    index = 0
    while index + 2 < len(tokens):
        token, inline = tokens[index], tokens[index + 1]
        caption = _caption(inline) if token.type == "paragraph_open" else None
        table = _table_beside(tokens, index) if caption else None
        if caption is None or table is None:
            index += 1
            continue
        text, own_id = caption
        made = _caption_tokens(inline, text, tokens[table].level + 1)
        if own_id:
            tokens[table].attrSet("id", own_id)
        del tokens[index : index + 3]
        if table > index:
            table -= 3
        tokens[table + 1 : table + 1] = made
        index += 3  # what followed the paragraph is there (or the table's first row)


def _div_captions(tokens: list[Token]) -> None:
    """A `::: {#tbl-…}` div's last paragraph, under its one table, is that table's caption,
    and the div's id the table's: the div then leaves no trace (render.fenced_divs)."""
    for index in reversed(range(len(tokens))):
        div = tokens[index]
        if div.type != "pandoc_div_open" or not div.meta.get("id", "").startswith("tbl-"):
            continue
        ends = (i for i, t in enumerate(tokens) if i > index and t.type == "pandoc_div_close")
        close = next(i for i in ends if tokens[i].level == div.level)
        inner = div.level + 1
        tables = [i for i in range(index + 1, close)
                  if tokens[i].type == "table_open" and tokens[i].level == inner]  # fmt: skip
        shapes = [t.type for t in tokens[close - 3 : close]]
        if len(tables) != 1 or shapes != ["paragraph_open", "inline", "paragraph_close"]:
            continue
        table = tokens[tables[0]]
        if table.meta.get("captioned") or tokens[close - 3].level != inner:
            continue
        table.meta["captioned"] = True
        table.attrSet("id", div.meta["id"])
        for token in (div, tokens[close]):
            token.meta["id"] = ""
        div.attrs.pop("id", None)
        made = _caption_tokens(tokens[close - 2], tokens[close - 2].content, table.level + 1)
        del tokens[close - 3 : close]
        tokens[tables[0] + 1 : tables[0] + 1] = made


def _last_row_caption(tokens: list[Token], close: int, lines: Sequence[str]) -> None:
    """A caption on the line right under the table, which GFM reads as a row of one cell
    (it has no `|`; pandoc reads it as the caption)."""
    row = max((i for i in range(close) if tokens[i].type == "tr_open"), default=-1)
    where = tokens[row].map if row >= 0 else None
    if where is None or tokens[row - 1].type == "thead_open" or where[0] >= len(lines):
        return
    written = lines[where[0]].strip()
    caption = None if "|" in written else _caption_text(written)
    if caption is None:
        return
    end = next(i for i in range(row, close) if tokens[i].type == "tr_close")
    empty = tokens[row - 1].type == "tbody_open" and tokens[end + 1].type == "tbody_close"
    del tokens[row - empty : end + 1 + empty]
    opening = max(i for i in range(row) if tokens[i].type == "table_open")
    tokens[opening].meta["captioned"] = True
    inline = Token("inline", "", 0)
    inline.map, inline.children = [where[0], where[0] + 1], []
    if caption[1]:
        tokens[opening].attrSet("id", caption[1])
    tokens[opening + 1 : opening + 1] = _caption_tokens(
        inline, caption[0], tokens[opening].level + 1
    )


def _caption(inline: Token) -> tuple[str, str] | None:
    """The caption's text and id ("" for none), when the paragraph is a caption."""
    return _caption_text(inline.content) if inline.type == "inline" else None


def _caption_text(written: str) -> tuple[str, str] | None:
    if not written.startswith((":", "Table:", "table:")):
        return None
    match = _CAPTION.fullmatch(written)
    if match is None or not match[1]:
        return None
    if match[2] is None:
        return match[1], ""
    items = parsed(match[2])
    if not items:  # braces that are no attributes: the caption's text
        return f"{match[1]} {{{match[2]}}}", ""
    return match[1], next((value for name, value in items if name == "id"), "")


def _table_beside(tokens: Sequence[Token], index: int) -> int | None:
    """The index of the `table_open` of the uncaptioned table right above the paragraph at
    `index` or, failing that, right under it."""
    level = tokens[index].level
    above: list[int] = []
    if index and tokens[index - 1].type == "table_close" and tokens[index - 1].level == level:
        above = [max(i for i in range(index) if tokens[i].type == "table_open")]
    after = index + 3
    below = [after] if after < len(tokens) and tokens[after].type == "table_open" else []
    for table in (*above, *below):
        if tokens[table].level == level and not tokens[table].meta.get("captioned"):
            tokens[table].meta["captioned"] = True
            return table
    return None


def _caption_tokens(inline: Token, text: str, level: int) -> list[Token]:
    opening = Token("table_caption_open", "caption", 1)
    closing = Token("table_caption_close", "caption", -1)
    opening.block = closing.block = True
    opening.level = closing.level = level
    opening.map = inline.map
    inline.content, inline.level = text, level + 1
    return [opening, inline, closing]


def number_caption(tokens: Sequence[Token], index: int, number: str) -> None:
    """Put "Table 1: " before the caption of the table opening at `index`; "表 1：" in
    Chinese, whose colon is full-width."""
    if not number or index + 2 >= len(tokens) or tokens[index + 1].type != "table_caption_open":
        return
    inline = tokens[index + 2]
    shown = Token("text", "", 0)
    shown.content = f"{number}: " if number[:1].isascii() else f"{number}："
    inline.children = [shown, *(inline.children or ())]
