"""The rows KaTeX numbers itself: those of `equation`, `align`, `alignat` and `gather`
(not their starred forms), each row once, unless it says `\\nonumber` or `\\notag`."""

from __future__ import annotations

import re
from collections.abc import Iterator

NUMBERED = re.compile(r"\\begin\{(equation|align|alignat|gather)\}(.*?)\\end\{\1\}", re.DOTALL)
TAG = re.compile(r"\\tag\*?\s*\{([^{}]*)\}")
NO_NUMBER = re.compile(r"\\(?:nonumber|notag)(?![A-Za-z])")
_ENV = re.compile(r"\\(begin|end)\{[^{}]*\}|\\\\|\\.|[{}]", re.DOTALL)


def numbered_rows(tex: str) -> Iterator[tuple[str, str]]:
    """(environment, row) for each row of the formula's numbered environments."""
    for env in NUMBERED.finditer(tex):
        for row in [env[2]] if env[1] == "equation" else rows(env[2]):
            yield env[1], row


def rows(body: str) -> list[str]:
    """The rows of an environment's body: split at `\\\\` outside groups and inner
    environments (a `cases` inside an `align` row is one row)."""
    found: list[str] = []
    depth, start = 0, 0
    for match in _ENV.finditer(body):
        token = match[0]
        if token in ("{", "\\begin") or match[1] == "begin":
            depth += 1
        elif token == "}" or match[1] == "end":
            depth -= 1
        elif token == "\\\\" and depth == 0:
            found.append(body[start : match.start()])
            start = match.end()
    found.append(body[start:])
    return [row for row in found if row.strip()]


def numbering(tex: str) -> str | None:
    """The first environment of the formula that shows a number beside a row, if any."""
    for env, row in numbered_rows(tex):
        if TAG.search(row) or not NO_NUMBER.search(row):
            return env
    return None


_END = re.compile(r"\\end\{[a-z]+\*?\}\s*$")


def labelled(tex: str, name: str) -> str:
    """A display formula numbered and labelled, as equation_refs reads labels."""
    if any(True for _ in numbered_rows(tex)):  # already numbered: label its last row
        end = _END.search(tex)
        if end is not None:
            return tex[: end.start()] + f"\\label{{{name}}}" + tex[end.start() :]
    return f"\\begin{{equation}}\n{tex.strip()}\n\\label{{{name}}}\n\\end{{equation}}"
