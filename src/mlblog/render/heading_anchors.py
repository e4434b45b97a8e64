"""Where a wiki link to a heading goes: Obsidian names a heading by its text
(`[[Note#环境配置]]`), and mlblog's id for that text is not always the heading's id: a
heading may name its own (`## 环境配置 {#setup}`), or give way to another's (`## Setup`
after it is `setup-1`). Links went to an id no element had, or to the wrong heading.

Markdown links name a heading by its text too, as Obsidian (`[x](note.md#Some%20Heading)`)
and Typora (`[x](#Some Heading)`) write them: they go to that heading's id
(render.heading_fragments).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from mlblog.content.slugs import heading_id
from mlblog.render.heading_fragments import heading_fragment

# The inline tokens whose text makes a heading's id
ID_TEXT = frozenset({"text", "code_inline", "math_inline", "math_inline_double"})
# env key: {id the text gives: id the heading has}, where they differ (not "anchors",
# which holds the equation labels' ids: math_rules._anchors)
ANCHORS = "moved_headings"
WIKI_HEADING = "wiki_heading"  # meta of a link to a heading of its own page, `[[#Heading]]`
# env key: (the id its text gives, the id it has) of the heading that became the page's
# title (render.title_anchor): no heading of the body takes that id
TITLE_ANCHOR = "title_anchor"


def heading_anchors(state: StateCore) -> None:
    """After the headings have their ids: record where each heading's text-made id moved
    (the first heading of a text wins, as in Obsidian), and send `[[#Heading]]` links
    on this page there, and Markdown links naming a heading of it by its text."""
    tokens = state.tokens
    said_title, title_id = state.env.get(TITLE_ANCHOR, ("", ""))
    anchors: dict[str, str] = {said_title: title_id} if said_title else {}
    ids = {title_id} if title_id else set()
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            children = tokens[index + 1].children or ()
            said = heading_id("".join(c.content for c in children if c.type in ID_TEXT))
            ids.add(given := str(token.attrGet("id")))
            if said:
                anchors.setdefault(said, given)
    moved = {said: given for said, given in anchors.items() if said != given}
    state.env[ANCHORS] = moved
    for token in tokens:
        for child in token.children or () if token.type == "inline" else ():
            if child.type != "link_open":
                continue
            if (wanted := child.meta.get(WIKI_HEADING)) in moved:
                child.attrSet("href", "#" + moved[wanted])
            elif (href := str(child.attrGet("href") or "")).startswith("#") and len(href) > 1:
                found = heading_fragment(href[1:], moved, lambda: ids)
                if found != href[1:] and not _named_in_html(tokens, unquote(href[1:])):
                    child.attrSet("href", "#" + found)


def _named_in_html(tokens: list[Token], name: str) -> bool:
    """Whether raw HTML on the page may give an element this id (`<a name="Top">`)."""
    quoted = (f'"{name}"', f"'{name}'", f"={name}")
    return any(quote in t.content for t in _html(tokens) for quote in quoted)


def _html(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        if token.type == "html_block":
            yield token
        elif token.type == "inline":
            yield from (c for c in token.children or () if c.type == "html_inline")
