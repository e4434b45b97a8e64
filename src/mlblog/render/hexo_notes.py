"""Hexo's `{% note danger 标题 %}` … `{% endnote %}` (the NexT, Fluid and Butterfly themes'
callout) as the box a `::: danger 标题` admonition makes.

Posts copied from such a blog showed both tags as text, on the page and in the home
page's excerpt. `mlblog import hexo` rewrites them; this reads them where they stand.
The words that name the kind are the themes' colours and classes (`success`, `red`, …);
the theme's styling words (`no-icon`, `flat`, a Font Awesome icon) are left out of the
title. A note that is never closed stays text, with the foreign-syntax warning.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from mlblog.render.admonition_kinds import admonition_kind

_OPEN = re.compile(r"\{%-?\s*note(?:\s+(?P<args>[^%]*?))?\s*-?%\}[ \t]*$")
_CLOSE = re.compile(r"\{%-?\s*endnote\s*-?%\}[ \t]*$")
# Words of the themes that style the box rather than name it.
_STYLE = frozenset({"no-icon", "simple", "modern", "flat", "disabled", "icon"})


def hexo_note_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "fence", "hexo_note", _hexo_note, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )


def kind_and_title(args: str) -> tuple[str, str]:
    """`danger no-icon 显存不够时` → ("danger", "显存不够时"); no kind named is a note."""
    words = [w.strip("\"'") for w in args.split()]
    kind = admonition_kind(words[0]) if words else None
    if kind is not None:
        words = words[1:]
    title = [w for w in words if w.lower() not in _STYLE and not w.startswith("fa")]
    return kind or "note", " ".join(title)


def _hexo_note(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    first = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith("{%", first) or state.is_code_block(start):
        return False
    opened = _OPEN.match(state.src, first, state.eMarks[start])
    if opened is None:
        return False
    close = _closing_line(state, start, end)
    if close is None:
        return False
    if silent:
        return True
    kind, title = kind_and_title(opened["args"] or "")
    parent, line_max = state.parentType, state.lineMax
    state.parentType = "container"
    state.lineMax = close
    token = state.push("container_admonition_open", "div", 1)
    token.markup, token.block, token.map = "{% note %}", True, [start, close]
    token.info = f"{kind} {title}".strip()
    state.md.block.tokenize(state, start + 1, close)
    token = state.push("container_admonition_close", "div", -1)
    token.markup, token.block = "{% endnote %}", True
    state.parentType, state.lineMax = parent, line_max
    state.line = close + 1
    return True


def _closing_line(state: StateBlock, start: int, end: int) -> int | None:
    """The line of the `{% endnote %}` that closes this note, notes inside it counted."""
    depth = 1
    for line in range(start + 1, end):
        first = state.bMarks[line] + state.tShift[line]
        if not state.src.startswith("{%", first):
            continue
        if _OPEN.match(state.src, first, state.eMarks[line]):
            depth += 1
        elif _CLOSE.match(state.src, first, state.eMarks[line]):
            depth -= 1
            if depth == 0:
                return line
    return None
