"""Heading ids: a unique GitHub-style id for every heading (Chinese kept), or the one it
names itself, `## 环境配置 {#setup}`, as Hugo and kramdown read it."""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from mlblog.content.slugs import heading_id
from mlblog.render.heading_anchors import ID_TEXT, TITLE_ANCHOR


def heading_ids(state: StateCore) -> None:
    """Give every heading a unique GitHub-style id that keeps Chinese, unless it names its
    own, as Hugo and kramdown read it: `## 环境配置 {#setup}` (first come, first served,
    the heading that became the title first)."""
    tokens = state.tokens
    own = {i: given for i, t in enumerate(tokens) if t.type == "heading_open"
           if (given := _own_id(tokens[i + 1]))}  # fmt: skip
    used: set[str] = set(own.values())
    if title := state.env.get(TITLE_ANCHOR):  # the heading above them all, now the title
        used.add(title[1])
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        if index in own:
            token.attrSet("id", own[index])
            continue
        inline = tokens[index + 1]
        text = "".join(c.content for c in inline.children or () if c.type in ID_TEXT)
        base = heading_id(text) or "section"
        candidate, count = base, 0
        # "A", "A", "A 1" → a, a-1, a-1-1; and never a footnote's own id (fn1, fnref1)
        while candidate in used or _FOOTNOTE_ID.fullmatch(candidate):
            count += 1
            candidate = f"{base}-{count}"
        used.add(candidate)
        token.attrSet("id", candidate)


_FOOTNOTE_ID = re.compile(r"fn(?:ref)?\d+")
_OWN_ID = re.compile(r"[ \t]*\{#([^\s{}#]+)\}[ \t]*$")


def _own_id(inline: Token) -> str | None:
    """The id in a trailing `{#id}`, which leaves the heading's text (and so its TOC entry
    and search text); None when there is none."""
    last = inline.children[-1] if inline.children else None
    if last is None or last.type != "text" or not (match := _OWN_ID.search(last.content)):
        return None
    last.content = last.content[: match.start()]
    inline.content = _OWN_ID.sub("", inline.content)
    if not last.content:
        inline.children = inline.children[:-1] if inline.children else []
    return match.group(1)
