"""Keep `\\|` inside math in GFM table cells, so `| $\\|x\\|_2$ |` stays a norm.

GFM splits a row on unescaped pipes and turns `\\|` into `|` before inline parsing,
which silently changes `\\|x\\|` (‖x‖) into `|x|`. After markdown-it's table rule has
run, each cell is split again from its source line, keeping the backslash where the
pipe sits inside `$…$`; a cell is replaced only when dropping those backslashes gives
back exactly what markdown-it produced.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

BlockRule = Callable[[StateBlock, int, int, bool], bool]


def table_math_plugin(md: MarkdownIt, table_rule: BlockRule) -> None:
    md.block.ruler.at("table", _keep_math_pipes(table_rule), {"alt": ["paragraph", "reference"]})


def split_row(line: str) -> list[str]:
    """Cells of a table row; `\\|` is a literal pipe, kept escaped inside `$…$` math."""
    cells: list[str] = []
    current: list[str] = []
    in_math = False
    index = 0
    while index < len(line):
        char = line[index]
        if char == "\\" and index + 1 < len(line):
            nxt = line[index + 1]
            current.append(("\\|" if in_math else "|") if nxt == "|" else char + nxt)
            index += 2
            continue
        if char == "$":
            in_math = not in_math
        if char == "|":
            cells.append("".join(current))
            current = []
            in_math = False
        else:
            current.append(char)
        index += 1
    cells.append("".join(current))
    if cells and cells[0].strip() == "":
        cells.pop(0)
    if cells and cells[-1].strip() == "":
        cells.pop()
    return [cell.strip() for cell in cells]


def _keep_math_pipes(rule: BlockRule) -> BlockRule:
    def wrapped(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        first = len(state.tokens)
        found = rule(state, start, end, silent)
        if not found or silent:
            return found
        row: list[str] = []
        cell = 0
        for token in state.tokens[first:]:
            if token.type == "tr_open" and token.map:
                line = token.map[0]
                text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
                row = split_row(text)
                cell = 0
            elif token.type == "inline" and row:
                kept = row[cell] if cell < len(row) else ""
                if "\\|" in kept and kept.replace("\\|", "|") == token.content:
                    token.content = kept
                cell += 1
        return found

    return wrapped


# `$…$` as the inline rule reads it: no space inside either dollar, no digit after the
# closing one (so `| $5 | $10 |`, prices, is no formula).
_FORMULA = re.compile(r"(?<![\\$])\$(?=[^\s$])((?:[^$\\]|\\.)+?)(?<=[^\s\\])\$(?!\d)")
_BARE_PIPE = re.compile(r"(?<!\\)\|")
_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def pipes_in_table_spans(tokens: Sequence[Token], body: str, math: bool) -> list[tuple[int, str]]:
    """(1-based line, message) for each table row where a `|` inside `$…$` (`$p(y|x)$`), or
    inside `code` (`a|b`), ends the cell, as GFM has it: the span is cut in two, and the
    row's last cell is lost (a code span too, on GitHub: GFM wants `\\|` there as well)."""
    lines = body.split("\n")
    found: list[tuple[int, str]] = []
    for token in tokens:
        if token.type != "tr_open" or not token.map or token.map[0] >= len(lines):
            continue
        row = lines[token.map[0]]
        pipes = [len(_BARE_PIPE.findall(m[1])) for m in _FORMULA.finditer(row)] if math else []
        if any(pipes):
            # two in one formula are most often an absolute value, |x|, one a condition
            which = ("\\lvert … \\rvert for an absolute value, \\mid for a condition"
                     if max(pipes) > 1 else "\\mid (or \\vert) for it")  # fmt: skip
            found.append((token.map[0] + 1, f'a "|" inside $…$ ends the table cell; write {which}'))
        elif "`" in row and any(_BARE_PIPE.search(m[2]) for m in _CODE_SPAN.finditer(row)):
            found.append((token.map[0] + 1, 'a "|" inside `code` ends the table cell; write '
                          "\\| for it"))  # fmt: skip
    return found
