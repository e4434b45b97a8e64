"""Pandoc's fenced divs, as Quarto and R Markdown posts write them: `::: {.callout-tip}`,
`::: {.column-margin}`, `:::: {.columns}`, `::: {#fig-runs layout-ncol=2}`.

CommonMark showed the fences as paragraphs of raw text ("::: {.callout-note}") around
the content. Here Quarto's five callouts (and bookdown's `{.rmdtip}`, a bare `{.warning}`)
are the boxes `::: tip` and `> [!TIP]` make (title from `title="…"` or a first
`## heading`; `collapse` folds them; `appearance` and `icon` are styling); a theorem, a
lemma … (`#thm-…`, `.proof`) is the numbered box of render.theorems; a `.panel-tabset`
shows each tab, a heading and what follows it, as a labelled section (as MkDocs tabs are);
any other div shows its content as Markdown, keeps its `#id` for links, and is warned
about when its class asks for something this site does not do. Layout classes (columns,
margins, page widths) are dropped silently: the content reads the same in one column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from mlblog.render.attr_lists import parsed
from mlblog.render.callouts import KINDS, Callout, close_callout, open_callout
from mlblog.render.d2l_roles import ROLE_WARNINGS
from mlblog.render.nested import parse_nested as _nested
from mlblog.render.theorems import Box, close_box, open_box, quarto_box

_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'{}]+)"""
_ITEM = rf"(?:[.#][\w:-]+|[\w-]+={_VALUE})"
# `::: {.a #b key="v"}`, with pandoc's optional colons after it
_OPEN = re.compile(rf"(:{{3,}})[ \t]*\{{[ \t]*({_ITEM}(?:[ \t]+{_ITEM})*)[ \t]*\}}[ \t]*:*[ \t]*$")
_ANY_OPEN = re.compile(r":{3,}[ \t]*[{\w]")  # a nested div of any kind (MyST's, `::: tip`)
_CLOSE = re.compile(r":{3,}[ \t]*$")
_HEADING = re.compile(r"#{1,6}[ \t]+(.*?)[ \t]*(?:\{[^{}]*\})?[ \t]*$")
_CALLOUTS = frozenset({"note", "tip", "warning", "important", "caution"})
_TERMINATES = ["paragraph", "reference", "blockquote", "list"]
# Classes that only place or size the content (Quarto's page layout, reveal.js slides):
# one column reads the same, so they go without a word.
_LAYOUT = frozenset(
    {"columns", "column", "page-columns", "page-full", "smaller", "incremental",
     "nonincremental", "fragment", "r-stack", "center", "aside"}
)  # fmt: skip
_LAYOUT_PREFIXES = ("column-", "page-", "r-", "layout")


def fenced_div_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("fence", "pandoc_div", _fenced_div, {"alt": _TERMINATES})
    md.add_render_rule("pandoc_div_open", _render_div)
    md.add_render_rule("pandoc_div_close", _render_div)


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _fenced_div(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    first = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith(":::", first) or state.sCount[start] - state.blkIndent >= 4:
        return False  # nearly every line leaves here
    opening = _OPEN.match(_line_text(state, start))
    if opening is None:
        return False
    if silent:
        return True
    attrs = parsed(opening[2])
    close = _closing(state, start, end)
    if close >= end:
        _warn(state, start, f"{opening[1]} {{{opening[2]}}} is never closed (add a "
              f"{opening[1]} line after its content): it runs to the end of the post")  # fmt: skip
    classes = [value for name, value in attrs if name == "class"]
    own_id = next((value for name, value in attrs if name == "id"), "")
    kind = next((k for c in classes if (k := _callout_kind(c))), None)
    box = quarto_box(classes, own_id)
    if box is not None:
        _theorem(state, box, dict(attrs), start, min(close, end))
    elif kind is not None:
        _callout(state, kind, dict(attrs), start, min(close, end))
    elif "panel-tabset" in classes:
        _tabset(state, start, min(close, end))
    else:
        _div(state, classes, own_id, start, min(close, end))
    state.line = min(close + 1, end)
    return True


def _callout_kind(name: str) -> str | None:
    """Quarto's `callout-tip`; bookdown's `rmdtip`; a bare `tip` or `warning`, as pandoc
    filters and themes style them."""
    if name.startswith("callout-"):
        return name[8:] if name[8:] in _CALLOUTS else None
    name = name.removeprefix("rmd")
    return name if name in KINDS else None


def _closing(state: StateBlock, start: int, end: int) -> int:
    """The line of the div's closing fence (`end` when none closes it): any `:::` line
    alone closes the innermost div open, as in pandoc; code fences are skipped."""
    depth, fence = 0, ""
    for line in range(start + 1, end):
        text = _line_text(state, line)
        if fence:
            if text.startswith(fence) and not text[len(fence) :].strip(fence[0] + " \t"):
                fence = ""
            continue
        if text.startswith(("```", "~~~")):
            fence = text[: len(text) - len(text.lstrip(text[0]))]
        elif not text.startswith(":::"):
            continue
        elif _CLOSE.match(text):
            if depth == 0:
                return line
            depth -= 1
        elif _ANY_OPEN.match(text):
            depth += 1
    return end


def _titled(state: StateBlock, title: str, start: int, close: int) -> tuple[str, int]:
    """The box's title (`title` when given, else a first `## heading`) and its body's first
    line."""
    body = start + 1
    while body < close and not _line_text(state, body).strip():
        body += 1
    if not title and body < close and (heading := _HEADING.fullmatch(_line_text(state, body))):
        title, body = heading[1], body + 1
    return title, body


def _callout(state: StateBlock, kind: str, attrs: dict[str, str], start: int, close: int) -> None:
    """Quarto's callout as the box `::: kind` makes; `appearance` and `icon` only style it."""
    title, body = _titled(state, attrs.get("title", ""), start, close)
    collapse = attrs.get("collapse", "").lower()
    fold = "-" if collapse == "true" else "+" if collapse == "false" else ""
    word, css = KINDS[kind]
    shape = Callout(word, kind.capitalize(), css, fold)
    open_callout(state, shape, title, start, close)
    _nested(state, body, close)
    close_callout(state, shape)


def _theorem(state: StateBlock, box: Box, attrs: dict[str, str], start: int, close: int) -> None:
    """Quarto's theorem (`#thm-…`), lemma … or proof: a numbered box titled by its `name`."""
    title, body = _titled(state, attrs.get("name", attrs.get("title", "")), start, close)
    open_box(state, box, title, start, close)
    _nested(state, body, close)
    close_box(state, box)


def _tabset(state: StateBlock, start: int, close: int) -> None:
    """Quarto's tabs, as MkDocs' are shown (render.mkdocs_blocks): each one a labelled
    section, one after another. A tab is a heading of the set's highest level, which stays
    (in the contents too), and what follows it."""
    opening = state.push("tabs_open", "div", 1)
    opening.map = [start, close + 1]
    opening.attrSet("class", "tabbed-set")
    first = len(state.tokens)
    _nested(state, start + 1, close)
    inner = state.tokens[first:]
    heads = [i for i, t in enumerate(inner) if t.type == "heading_open" and t.level == state.level]
    tag = min((inner[i].tag for i in heads), default="")
    heads = [i for i in heads if inner[i].tag == tag]
    if heads:
        tabs = inner[: heads[0]]
        for at, end in zip(heads, [*heads[1:], len(inner)], strict=True):
            tab = Token("tab_open", "div", 1)
            tab.attrSet("class", "tabbed-block")
            tab.map, tab.level, tab.block = inner[at].map, state.level, True
            for token in inner[at:end]:
                token.level += 1
            tabs += [tab, *inner[at:end], Token("tab_close", "div", -1)]
            tabs[-1].level, tabs[-1].block = state.level, True
        state.tokens[first:] = tabs
    state.push("tabs_close", "div", -1)


def _div(state: StateBlock, classes: list[str], own_id: str, start: int, close: int) -> None:
    """The content as Markdown, in a `<div>` with the div's id (for links to it)."""
    unknown = [c for c in classes if c not in _LAYOUT and not c.startswith(_LAYOUT_PREFIXES)]
    if unknown:
        names = " ".join(f".{c}" for c in unknown)
        _warn(state, start, f"::: {{{names}}} has no meaning on this site: its content is "
              "shown as plain Markdown")  # fmt: skip
    opening = state.push("pandoc_div_open", "div", 1)
    opening.map, opening.meta = [start, close + 1], {"id": own_id}
    if own_id:
        opening.attrSet("id", own_id)
    _nested(state, start + 1, close)
    closing = state.push("pandoc_div_close", "div", -1)
    closing.meta = {"id": own_id}


def _warn(state: StateBlock, line: int, message: str) -> None:
    state.env.setdefault(ROLE_WARNINGS, []).append((line + 1, message))


def _render_div(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Only a div with an id is an element (links go to it); the others leave no trace."""
    token = tokens[idx]
    if not token.meta.get("id"):
        return ""
    return self.renderToken(tokens, idx, options, env) if token.nesting == 1 else "</div>\n"
