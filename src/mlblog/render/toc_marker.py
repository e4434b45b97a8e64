"""Table-of-contents markers of other editors, taken out: `[TOC]` (Typora, CSDN, Python
Markdown, GitLab), `[[TOC]]` (Hexo's markdown-it plugins), `[[_TOC_]]` (GitLab) and
kramdown's `* TOC` + `{:toc}` list showed as literal text in the post, its excerpt and
search. The theme shows every post's table of contents at its top already (where these
markers stand in nearly every note), so the marker goes and that one stays: a second
table in the text would repeat it a screen below."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_MARKER = re.compile(r"\[\[?_?toc_?\]\]?|\{:toc\}", re.IGNORECASE)
_KRAMDOWN = re.compile(r"\n[ \t]*\{:toc\}$")  # the line under the list's one item
_LISTS = {"bullet_list_open": "bullet_list_close", "ordered_list_open": "ordered_list_close"}


def toc_markers(state: StateCore) -> None:
    """Drop each paragraph that is only a marker, and each one-item list that kramdown
    reads as its table of contents. Runs before inline parsing: the text is as written."""
    tokens = state.tokens
    gone: set[int] = set()  # indexes of the tokens to drop
    for index, token in enumerate(tokens):
        if token.type != "inline" or "toc" not in token.content[-6:].lower():
            continue  # (every marker ends in "toc", "toc]", "toc]]", "toc}" or "toc_]]")
        if tokens[index - 1].type != "paragraph_open":
            continue  # a heading or a table cell that says "[TOC]" is the author's text
        if _MARKER.fullmatch(marker := token.content.strip()) and not _linked(state, marker):
            gone.update(range(index - 1, index + 2))  # paragraph_open, inline, paragraph_close
        elif _KRAMDOWN.search(token.content) and (span := _toc_list(tokens, index)):
            gone.update(range(*span))
    if gone:
        state.tokens = [t for i, t in enumerate(tokens) if i not in gone]


def _linked(state: StateCore, marker: str) -> bool:
    """Whether `[toc]` is a link the author defined (`[toc]: /contents/`)."""
    return marker.strip("[]_").upper() in state.env.get("references", {})


def _toc_list(tokens: Sequence[Token], index: int) -> tuple[int, int] | None:
    """(start, end) of the list whose one item is the paragraph at `index`: `* TOC`,
    `1. 目录` … followed by `{:toc}`."""
    start = index - 3  # list open, item open, paragraph open, inline
    if start < 0 or tokens[start].type not in _LISTS or tokens[start + 1].type != "list_item_open":
        return None
    end = index + 3  # paragraph close, item close, list close
    if end >= len(tokens) or tokens[end].type != _LISTS[tokens[start].type]:
        return None
    return start, end + 1
