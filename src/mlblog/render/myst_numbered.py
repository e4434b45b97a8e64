"""MyST's numbered tables and code listings, as Jupyter Book numbers them (Sphinx's numfig,
on by default there): a ```` ```{table} Caption ```` around a pipe table, a
```` ```{list-table} Caption ```` written as a list of rows, and a ```` ```{code-block} ````
with a `:caption:` are "Table 1", "Listing 1" (表 1, 代码清单 1 on a Chinese site) in page
order, each kind counted apart; `{numref}` to its `:name:` shows that number and `{ref}` its
caption (mlblog.render.d2l_roles), as it does for figures (mlblog.render.myst_figures).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape, unescape
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from mlblog.render.d2l_roles import FIGURE_NUMBERS, ROLE_WARNINGS, TITLES, UNCAPTIONED
from mlblog.render.nested import parse_nested
from mlblog.render.words import said

TABLES = frozenset({"table", "list-table"})
NUMBER = "myst_caption_number"  # a caption's "Table 1", before its text
LISTING = "myst_listing"  # a code block's meta key: its number, shown as "Listing 1"
_WORDS = {"table": "table_number", "code-block": "listing_number"}
_COUNTS = "myst_numbered_counts"  # env key: kind → how many so far
_KINDS = {
    "table": "a table without a caption (write one after {table})",
    "code-block": "a code block without a :caption:",
}


def numbered_plugin(md: MarkdownIt) -> None:
    md.add_render_rule(NUMBER, _number_html)


def number(env: EnvType, kind: str, label: str, caption: str) -> str:
    """The next number of `kind` ("table", "code-block"), recorded under `label` for
    `{numref}` (its caption for `{ref}`); "" when there is no caption: Sphinx numbers only
    captioned tables and code blocks."""
    if label:
        env.setdefault(TITLES, {})[label] = caption or label
    if not caption:
        if label:
            env.setdefault(UNCAPTIONED, {})[label] = _KINDS[kind]
        return ""
    counts = env.setdefault(_COUNTS, {})
    counts[kind] = counts.get(kind, 0) + 1
    shown = str(counts[kind])
    if label:
        word = unescape(said(env, _WORDS[kind], number=shown)[0])
        env.setdefault(FIGURE_NUMBERS, {})[label] = (shown, word)
    return shown


def number_word(env: EnvType, kind: str, shown: str) -> str:
    """`<span class="caption-number">Listing 1 </span>`: Sphinx's markup for the number."""
    word, lang = said(env, _WORDS[kind], number=shown)
    return f'<span class="caption-number"{lang}>{word} </span>'


def anchor(state: StateBlock, label: str) -> None:
    """An empty element with the label as its id, where a reference to it lands."""
    if label:
        state.push("html_block", "", 0).content = f'<span id="{escape(label)}"></span>\n'


def table(
    state: StateBlock,
    name: str,
    argument: str,
    options: Mapping[str, str],
    lines: tuple[int, int, int],
) -> None:
    """`{table}` (a Markdown table in its body) or `{list-table}` (a list of rows, each a
    list of cells): the table with its caption, the directive's argument, numbered."""
    start, body, close = lines
    first = len(state.tokens)
    parse_nested(state, body, close)
    made = state.tokens[first:]
    if name == "list-table":
        rows = _list_table(made, options, state, start)
        if rows is None:
            return
        state.tokens[first:] = made = rows
    opening = next((t for t in made if t.type == "table_open"), None)
    if opening is None:
        _warn(state, start, f"{{{name}}} holds no table: its content is shown as it is "
              "(write a pipe table, | a | b |, in its body)")  # fmt: skip
        return
    label = options.get("name", "").strip()
    shown = number(state.env, "table", label, argument)
    if label:
        opening.attrSet("id", label)
    opening.meta["captioned"] = opening.meta["myst_numbered"] = True  # (render.table_captions)
    if argument:
        at = state.tokens.index(opening) + 1
        state.tokens[at:at] = _caption(argument, shown, opening.level + 1, (start, body))


def _caption(text: str, shown: str, level: int, lines: tuple[int, int]) -> list[Token]:
    opening = Token("table_caption_open", "caption", 1)
    closing = Token("table_caption_close", "caption", -1)
    opening.block = closing.block = True
    opening.level = closing.level = level
    numbered = Token(NUMBER, "", 0)
    numbered.content, numbered.meta = shown, {"kind": "table"}
    inline = Token("inline", "", 0)
    inline.content, inline.map, inline.children = text, list(lines), []
    inline.level = level + 1
    return [opening, numbered, inline, closing]


def _list_table(
    tokens: list[Token], options: Mapping[str, str], state: StateBlock, start: int
) -> list[Token] | None:
    """A `{list-table}`'s two-level list as a table: its `:header-rows:` in the head, its
    `:stub-columns:` header cells. None, with a warning, for another body."""
    rows = _rows(tokens)
    if rows is None:
        _warn(state, start, "{list-table} is a list of rows, each a list of its cells "
              "(* - a, then   - b under it): its content is shown as it is")  # fmt: skip
        return None
    if len({len(cells) for cells in rows}) > 1:
        _warn(state, start, "{list-table}'s rows have different numbers of cells: "
              "the table has gaps")  # fmt: skip
    heads = _count_option(options, "header-rows")
    stubs = _count_option(options, "stub-columns")
    outer = tokens[0]
    made: list[Token] = [_tag("table_open", "table", 1, outer)]
    for index, cells in enumerate(rows):
        if index == 0:
            part = "thead" if heads else "tbody"
            made.append(_tag(f"{part}_open", part, 1, outer))
        elif index == heads:
            made += [_tag("thead_close", "thead", -1, outer), _tag("tbody_open", "tbody", 1, outer)]
        made.append(_tag("tr_open", "tr", 1, outer))
        for column, cell in enumerate(cells):
            tag = "th" if index < heads or column < stubs else "td"
            made.append(_tag(f"{tag}_open", tag, 1, outer))
            made += _unwrapped(cell)
            made.append(_tag(f"{tag}_close", tag, -1, outer))
        made.append(_tag("tr_close", "tr", -1, outer))
    ends = "thead" if heads >= len(rows) else "tbody"
    return [*made, _tag(f"{ends}_close", ends, -1, outer), _tag("table_close", "table", -1, outer)]


def _rows(tokens: Sequence[Token]) -> list[list[list[Token]]] | None:
    """Rows of cells (each cell its tokens) of a list of lists, or None for another shape."""
    if not _one_list(tokens):
        return None
    level = tokens[0].level
    rows: list[list[list[Token]]] = []
    items = _children(tokens[1:-1], level + 1)
    for item in items:
        inner = item[1:-1]
        if not _one_list(inner):
            return None  # an item holding more than its list of cells, or no list
        rows.append([cell[1:-1] for cell in _children(inner[1:-1], level + 3)])
    return rows


def _one_list(tokens: Sequence[Token]) -> bool:
    """Whether the tokens are one bullet list, and nothing else."""
    if not tokens or tokens[0].type != "bullet_list_open":
        return False
    return len(_children(tokens, tokens[0].level)) == 1


def _children(tokens: Sequence[Token], level: int) -> list[list[Token]]:
    """The blocks at `level`, each with its inner tokens."""
    found: list[list[Token]] = []
    for token in tokens:
        if token.level == level and token.nesting >= 0:
            found.append([token])
        elif found:
            found[-1].append(token)
    return found


def _unwrapped(cell: list[Token]) -> list[Token]:
    """A cell of one paragraph as its text alone, as a pipe table's cell is."""
    if [t.type for t in cell] == ["paragraph_open", "inline", "paragraph_close"]:
        cell[0].hidden = cell[2].hidden = True
    return cell


def _count_option(options: Mapping[str, str], key: str) -> int:
    value = options.get(key, "").strip()
    return int(value) if value.isdigit() else 0


def _tag(kind: str, tag: str, nesting: Literal[-1, 0, 1], like: Token) -> Token:
    token = Token(kind, tag, nesting)
    token.block, token.level = True, like.level
    if kind == "table_open":  # (a row's own map would be read as a caption's line)
        token.map = like.map
    return token


def _warn(state: StateBlock, line: int, message: str) -> None:
    state.env.setdefault(ROLE_WARNINGS, []).append((line + 1, message))


def _number_html(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    return number_word(env, token.meta["kind"], token.content) if token.content else ""
