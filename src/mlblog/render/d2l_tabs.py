"""d2lbook's framework tabs: text that "Dive into Deep Learning" (动手学深度学习), and notes
written after it, say once per framework, between `:begin_tab:`pytorch`` and `:end_tab:`.

CommonMark ran each into a paragraph starting ":begin_tab: pytorch" and ending ":end_tab:".
d2lbook shows one framework at a time; with no tab strip here, each tab is a labelled
section, one after another, as MkDocs' `=== "PyTorch"` tabs are (render.mkdocs_blocks);
tabs with only blank lines between them are one set. A `:begin_tab:` never closed stays as
written, and is warned at its line. (Code cells marked `#@tab pytorch` keep that comment:
it names their framework.)
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from mlblog.render.d2l_roles import ROLE_WARNINGS
from mlblog.render.mkdocs_blocks import TERMINATES, marker_line, push_tab

_BEGIN = re.compile(r":begin_tab:`([^`]+)`[ \t]*$")
_END = re.compile(r":end_tab:[ \t]*$")


def d2l_tabs_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("fence", "d2l_tabs", _tabs, {"alt": TERMINATES})


def _begins(state: StateBlock, line: int) -> re.Match[str] | None:
    """The `:begin_tab:` marker on the line, if one starts a block there."""
    if state.src[state.bMarks[line] + state.tShift[line]] != ":":
        return None  # (cheap: nearly every line)
    text = marker_line(state, line)
    return _BEGIN.match(text) if text is not None else None


def _closing(state: StateBlock, start: int, end: int) -> int | None:
    """The `:end_tab:` line closing the tab begun at `start`."""
    for line in range(start + 1, end):
        if (text := marker_line(state, line)) is not None and _END.match(text):
            return line
    return None


def _tabs(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    match = _begins(state, start)
    if match is None:
        return False
    close = _closing(state, start, end)
    if close is None:
        if not silent:
            state.env.setdefault(ROLE_WARNINGS, []).append((start + 1, (
                f":begin_tab:`{match[1]}` has no :end_tab: line after it; it is shown as written"
            )))  # fmt: skip
        return False
    if silent:
        return True
    opened = state.push("tabs_open", "div", 1)
    opened.attrSet("class", "tabbed-set")
    line = start
    while match is not None and close is not None:
        push_tab(state, match[1].strip(), line, close, state.blkIndent)
        line = close + 1
        following = line
        while following < end and state.isEmpty(following):
            following += 1
        match = _begins(state, following) if following < end else None
        close = _closing(state, following, end) if match else None
        if close is not None:
            line = following
    opened.map = [start, line]
    state.push("tabs_close", "div", -1)
    state.line = line
    return True
