"""Warnings for blocks left open: an unclosed ``` swallows the rest of the post as code,
an unclosed `::: tip` puts it in the box, an unclosed `$$` or `\\begin{align}` shows raw
TeX. All are legal Markdown, so they build, but say where."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.token import Token
from mdit_py_plugins.amsmath import RE_OPEN

_CONTAINER_PREFIX = re.compile(r"^[ \t>]*")


def _is_closing_fence(line: str, markup: str) -> bool:
    rest = _CONTAINER_PREFIX.sub("", line, count=1).rstrip()
    return len(rest) >= len(markup) and set(rest) == {markup[0]}


def unclosed_blocks(tokens: Sequence[Token], body: str) -> list[tuple[int, str]]:
    """(1-based line, message) for each fence or `$$` block that is never closed."""
    lines = body.split("\n")
    found: list[tuple[int, str]] = []
    boxes: list[Token] = []  # `:::` containers open at this point
    for token in tokens:
        if token.type.startswith("container_"):
            if token.nesting == 1:
                boxes.append(token)
            elif boxes and (opened := boxes.pop()).map and not token.markup:
                marker = opened.markup  # closed only by the end of the post
                found.append((opened.map[0] + 1, f"{marker} {opened.info.strip()} is never "
                              f"closed (add a {marker} line after its text)"))  # fmt: skip
        if token.map is None:
            continue
        start, end = token.map
        if token.type == "fence":
            last = lines[end - 1] if end - start >= 2 and end - 1 < len(lines) else ""
            if not _is_closing_fence(last, token.markup):
                fence = token.markup
                message = f"code fence {fence} is never closed (add a {fence} line after the code)"
                found.append((start + 1, message))
        elif token.type == "paragraph_open":
            block = [_CONTAINER_PREFIX.sub("", line, count=1) for line in lines[start:end]]
            text = "\n".join(block).strip()
            if text.startswith("$$") and text.count("$$") % 2 == 1:
                found.append(
                    (start + 1, "display math $$ is never closed (add a $$ line after the formula)")
                )
    return found


def unended_environments(tokens: Sequence[Token], body: str) -> list[tuple[int, str]]:
    """(1-based line, message) for each `\\begin{align}` (or another environment written
    without `$$`) never ended: amsmath's rule leaves it a paragraph of TeX."""
    lines = body.split("\n")
    found: list[tuple[int, str]] = []
    for token in tokens:
        if token.type != "paragraph_open" or token.map is None:
            continue
        start, end = token.map
        text = "\n".join(_CONTAINER_PREFIX.sub("", line, count=1) for line in lines[start:end])
        if (opened := re.match(RE_OPEN, text.strip())) is None:
            continue
        env = opened[1] + opened[2]
        if f"\\end{{{env}}}" not in text:
            message = (
                f"\\begin{{{env}}} is never ended (add an \\end{{{env}}} line after the formula)"
            )
            found.append((start + 1, message))
    return found
