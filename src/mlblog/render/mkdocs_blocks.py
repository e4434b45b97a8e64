"""MkDocs Material's indented blocks: admonitions (`!!! note "Title"`, folded `??? tip`,
open `???+ tip`) and content tabs (`=== "PyTorch"`). Course notes written for MkDocs
showed "!!! note" as a paragraph that swallowed the box's text, and a tab's code with
its ``` fences as text.

An admonition is the callout box `> [!note]` and `::: note` make (mlblog.render.callouts).
Tabs are labelled sections, one after another: each label and its content show without
JavaScript, in feeds and in the excerpt ("PyTorch [代码] JAX [代码]"), where a tab strip
would hide all but one.

A block's body is what follows its marker line indented by 4 spaces or a tab (blank lines
inside it included), as Python-Markdown reads it; the body is Markdown like any other.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from mlblog.render.callouts import KINDS, Callout

# `!!!`, `???` or `???+`, then the box's classes (the first is its kind; Material's
# `inline end` and the like place the box and are left out), then an optional "title".
_ADMONITION = re.compile(
    r'(!!!|\?\?\?\+?)[ \t]*([^\W\d][\w-]*(?:[ \t]+[^\W\d][\w-]*)*)?[ \t]*(?:"(.*)")?[ \t]*$'
)
# `===`, `===+` (the tab shown first) or `===!` (starts a new set), then "Label".
_TAB = re.compile(r'===([+!]?)[ \t]+"(.*)"[ \t]*$')


TERMINATES = ["paragraph", "reference", "blockquote", "list"]  # what a marker line may end


def mkdocs_blocks_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("fence", "mkdocs_admonition", _admonition, {"alt": TERMINATES})
    md.block.ruler.before("fence", "mkdocs_tabs", _tabs, {"alt": TERMINATES})


def marker_line(state: StateBlock, line: int) -> str | None:
    """The line's text when it can start a block here (not itself indented code)."""
    if state.sCount[line] - state.blkIndent >= 4:
        return None
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _body_end(state: StateBlock, start: int, end: int, indent: int) -> int:
    """The line after the last one of the body under `start`: its lines indented by at
    least `indent` columns, and the blank lines between them."""
    last = start
    for line in range(start + 1, end):
        if state.isEmpty(line):
            continue
        if state.sCount[line] < indent:
            break
        last = line
    return last + 1


def _tokenize_body(state: StateBlock, start: int, end: int, indent: int) -> None:
    """The body's blocks, parsed as a document of their own indented by `indent`."""
    saved = state.blkIndent, state.lineMax, state.parentType
    state.blkIndent, state.lineMax = indent, end
    state.parentType = "mkdocs_block"
    state.md.block.tokenize(state, start, end)
    state.blkIndent, state.lineMax, state.parentType = saved


def push_tab(state: StateBlock, label: str, line: int, stop: int, indent: int) -> None:
    """One tab of a set, from its marker `line` to `stop`: a labelled section, its body
    (the lines after the marker, indented by `indent`) parsed as Markdown."""
    tab = state.push("tab_open", "div", 1)
    tab.map = [line, stop]
    tab.attrSet("class", "tabbed-block")
    opening = state.push("tab_label_open", "p", 1)
    opening.map = [line, line + 1]
    opening.attrSet("class", "tabbed-label")
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = label, [line, line + 1], []
    state.push("tab_label_close", "p", -1)
    _tokenize_body(state, line + 1, stop, indent)
    state.push("tab_close", "div", -1)


def _admonition(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    first = state.src[state.bMarks[start] + state.tShift[start]]
    if first not in "!?" or (text := marker_line(state, start)) is None:
        return False
    match = _ADMONITION.match(text)
    if match is None or match.group(2) is match.group(3) is None:
        return False  # "!!!" alone, or words that are no classes: the author's text
    if silent:
        return True
    marker, classes, title = match.group(1), (match.group(2) or "").split(), match.group(3)
    kind = classes[0] if classes else "note"
    word, css = KINDS.get(kind.lower(), (None, "note"))
    fold = {"!!!": "", "???": "-", "???+": "+"}[marker]
    shape = Callout(word, kind[:1].upper() + kind[1:], css, fold)
    indent = state.sCount[start] + 4
    stop = _body_end(state, start, end, indent)
    opened = state.push("callout_open", "div", 1)
    opened.markup, opened.meta, opened.map = marker, {"callout": shape}, [start, stop]
    if title is None or title.strip() or fold:  # `!!! note ""` is a box without a title
        _title(state, start, shape, (title or "").strip())
    _tokenize_body(state, start + 1, stop, indent)
    closed = state.push("callout_close", "div", -1)
    closed.markup, closed.meta = marker, {"callout": shape}
    state.line = stop
    return True


def _title(state: StateBlock, line: int, shape: Callout, title: str) -> None:
    meta = {"callout": shape, "titled": bool(title)}
    head = state.push("callout_title_open", "p", 1)
    head.meta, head.map = meta, [line, line + 1]
    if title:
        inline = state.push("inline", "", 0)
        inline.content, inline.map, inline.children = title, [line, line + 1], []
    state.push("callout_title_close", "p", -1).meta = meta


def _tabs(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A set of tabs: this `===` block and those right after it (blank lines between)."""
    if state.src[state.bMarks[start] + state.tShift[start]] != "=":
        return False
    text = marker_line(state, start)
    if text is None or not _TAB.match(text):
        return False
    if silent:
        return True
    base = state.sCount[start]
    opened = state.push("tabs_open", "div", 1)
    opened.attrSet("class", "tabbed-set")
    line, match = start, _TAB.match(text)
    while match is not None:
        stop = _body_end(state, line, end, base + 4)
        push_tab(state, match.group(2).strip(), line, stop, base + 4)
        line = stop
        while line < end and state.isEmpty(line):
            line += 1
        text = marker_line(state, line) if line < end and state.sCount[line] == base else None
        match = _TAB.match(text) if text else None
        if match is not None and match.group(1) == "!":
            break  # `===!` starts a set of its own
    opened.map = [start, line]
    state.push("tabs_close", "div", -1)
    state.line = line
    return True
