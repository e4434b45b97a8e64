"""Where each cell's source lines sit in a notebook's JSON text, for `path:line` messages.

Jupyter writes a cell's source as `"source": [` followed by one JSON string per line.
We find those lines and check that each decodes to the cell's text, so a notebook
written any other way (all on one line, say) gets no line numbers rather than wrong ones.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

_SOURCE_KEY = re.compile(r'^\s*"source":\s*(.*?)\s*$')
_TRIES = 8  # candidates tried per cell: bounds the work on a notebook we cannot follow


def cell_source_lines(text: str, cells: Sequence[Any]) -> list[list[int]]:
    """For each cell, the file line (1-based) of each line of its source; [] where unknown."""
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines) if _SOURCE_KEY.match(line)]
    found: list[list[int]] = []
    next_candidate = 0
    for cell in cells:
        source = cell.get("source") if isinstance(cell, Mapping) else None
        located: list[int] = []
        for position in range(next_candidate, min(len(candidates), next_candidate + _TRIES)):
            at = _locate(lines, candidates[position], source)
            if at is not None:
                located, next_candidate = at, position + 1
                break
        found.append(located)
    return found


def _locate(lines: list[str], key_line: int, source: Any) -> list[int] | None:
    """File lines of the source's lines if the `"source":` key on key_line holds it."""
    match = _SOURCE_KEY.match(lines[key_line])
    assert match is not None
    rest = match.group(1).rstrip(",")
    if isinstance(source, str):
        return [key_line + 1] * (source.count("\n") + 1) if _decodes_to(rest, source) else None
    if not isinstance(source, list):
        return None
    if rest == "[]":
        return [] if not source else None
    if rest != "[" or key_line + len(source) >= len(lines):
        return None
    items = [key_line + 2 + i for i in range(len(source))]  # 1-based file line of each item
    if not all(
        _decodes_to(lines[n - 1].strip().rstrip(","), s) for n, s in zip(items, source, strict=True)
    ):
        return None
    return _per_line(source, items)


def _decodes_to(fragment: str, expected: object) -> bool:
    try:
        return bool(json.loads(fragment) == expected)
    except ValueError:
        return False


def _per_line(items: Sequence[str], item_lines: Sequence[int]) -> list[int]:
    """The file line of each line of `"".join(items)`: the item in which the line starts."""
    out: list[int] = []
    line_starts = True
    for item, line in zip(items, item_lines, strict=True):
        if not item:
            continue
        if line_starts:
            out.append(line)
        inner = item[:-1] if item.endswith("\n") else item
        out.extend([line] * inner.count("\n"))
        line_starts = item.endswith("\n")
    if line_starts:
        out.append(item_lines[-1] if item_lines else 0)  # the empty line after a final newline
    return out
