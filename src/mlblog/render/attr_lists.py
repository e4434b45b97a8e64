"""Python-Markdown attribute lists, as MkDocs notes write them: `![](a.png){ width="300" }`
sizes the image, `[Docs](url){ target=_blank }` opens a new tab, `{ .annotate }` on the
last line of a block and `## Title { #id }` name the block. Each showed as text after
the image or link (`{ width="300" }`), at the end of the paragraph, or in the heading.

Only what a page of this theme can use is kept: an image's width, height, alignment,
loading, class and id; a link's target, rel, class and id; a heading's id, and whether it
is `.unlisted` (left out of the contents, as Quarto leaves it). The rest
(Material's `.md-button`, `data-…`) goes with the braces.
"""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'{}]+)"""
_ITEM = rf"(?:[.#][\w-]+|[\w-]+={_VALUE})"
_LIST = re.compile(rf"\{{:?[ \t]*({_ITEM}(?:[ \t]+{_ITEM})*)[ \t]*\}}")
_ONE = re.compile(rf"([.#])([\w-]+)|([\w-]+)=({_VALUE})")
# Chirpy's mark of inline code that is a file's path, `_config.yml`{: .filepath}
_FILEPATH = re.compile(r"\{:?[ \t]*\.filepath[ \t]*\}")
# Chirpy's short names of an image's size, `{: w="700" h="400" }`
_SHORT = {"w": "width", "h": "height"}
_KEPT = {
    "image": ("width", "height", "align", "loading", "class", "id"),
    "link_open": ("target", "rel", "class", "id"),
}


def attr_lists(state: StateCore) -> None:
    for index, token in enumerate(state.tokens):
        if token.type != "inline" or "{" not in token.content or not token.children:
            continue  # most paragraphs
        _after_elements(token.children)
        _at_block_end(state.tokens, index, token.children)


_AT_END = re.compile(rf"[ \t]*{_LIST.pattern}[ \t]*$")


def _after_elements(children: list[Token]) -> None:
    """A list right after an image or a link applies to it."""
    for index, child in enumerate(children[1:], 1):
        if child.type != "text" or not child.content.startswith("{"):
            continue
        previous = children[index - 1]
        if previous.type == "code_inline" and (path := _FILEPATH.match(child.content)):
            child.content = child.content[path.end() :]  # Chirpy's: mlblog's code looks the same
            continue
        target = previous if previous.type == "image" else None
        if previous.type == "link_close":
            target = next(c for c in reversed(children[:index]) if c.type == "link_open")
        match = _LIST.match(child.content)
        if target is None or match is None:
            continue
        for written, value in parsed(match.group(1)):
            name = _SHORT.get(written, written) if target.type == "image" else written
            if name in _KEPT[target.type]:
                joined = f"{target.attrGet(name) or ''} {value}" if name == "class" else value
                target.attrSet(name, joined.strip())
        child.content = child.content[match.end() :]


def _at_block_end(tokens: list[Token], index: int, children: list[Token]) -> None:
    """A list on the last line of a paragraph, or at the end of a heading, names the block;
    only a heading's id is kept, as the `{#id}` the heading rule reads."""
    last = children[-1]
    if last.type != "text" or not last.content.rstrip().endswith("}"):
        return
    opened = tokens[index - 1]
    heading = opened.type == "heading_open"
    match = _AT_END.search(last.content)
    if match is None or (opened.type != "paragraph_open" and not heading):
        return
    if match.group(0).lstrip().startswith("{:"):
        return  # kramdown's block lists style the block in their theme: warned (references)
    before = last.content[: match.start()]
    if not heading and (before.strip() or len(children) < 2 or children[-2].type != "softbreak"):
        return  # text that ends in braces, not a line of its own
    items = parsed(match.group(1))
    own = [value for name, value in items if name == "id"]
    named = f" {{#{own[0]}}}" if heading and own else ""
    if heading and ("class", "unlisted") in items:  # Quarto's: not in the contents
        opened.meta["unlisted"] = True
    last.content = before + named
    inline = tokens[index]
    inline.content = _AT_END.sub(named, inline.content)
    if not heading:
        del children[-2:]


def parsed(items: str) -> list[tuple[str, str]]:
    """(name, value) of each item: `.x` is a class, `#x` the id."""
    found: list[tuple[str, str]] = []
    for match in _ONE.finditer(items):
        if match.group(1):
            found.append(("class" if match.group(1) == "." else "id", match.group(2)))
        else:
            found.append((match.group(3), match.group(4).strip("\"'")))
    return found
