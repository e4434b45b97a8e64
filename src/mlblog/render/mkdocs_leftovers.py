"""Warnings for MkDocs syntax mlblog leaves as text: snippets (`--8<-- "file.md"`, which
MkDocs replaces by another file's text) and Material's icon shortcodes
(`:material-check:`, `:fontawesome-brands-github:`), which need its icon fonts. Both show
as written, so the build says where and what to write instead."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.token import Token

from mlblog.render.references import iter_inline

_SNIPPET = re.compile(r"[ \t]*-{2,}8<-{2,}")
_ICON = re.compile(r":(?:material|fontawesome|octicons|simple)-[a-z0-9-]+:")


def mkdocs_leftovers(tokens: Sequence[Token], body: str) -> list[tuple[int, str]]:
    """(1-based line, message) for each snippet line and icon shortcode shown as text."""
    found: list[tuple[int, str]] = []
    if "8<-" in body:
        found += _snippets(tokens)
    if "-" in body and _ICON.search(body):
        for _parent, child, line in iter_inline(tokens):
            if child.type == "text":
                found.extend(
                    (line, f"{icon} is an MkDocs Material icon, shown as text here: write a "
                     "character or emoji (✓, ⚠) or an image instead")
                    for icon in _ICON.findall(child.content)
                )  # fmt: skip
    return found


def _snippets(tokens: Sequence[Token]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for token in tokens:
        if token.type not in ("inline", "fence") or "8<-" not in token.content or not token.map:
            continue
        first = token.map[0] + (1 if token.type == "fence" else 0)  # after the ``` line
        for offset, line in enumerate(token.content.split("\n")):
            if _SNIPPET.match(line):
                found.append((first + offset + 1, f"{line.strip()} is shown as text: MkDocs "
                              "snippets are not included here; paste the file's text in "
                              "its place"))  # fmt: skip
    return found
