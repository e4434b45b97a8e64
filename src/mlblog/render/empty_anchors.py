"""A line that is only empty anchors, `<a name="Xa1bC"></a>`, is no paragraph.

语雀 writes one above every heading of an exported note, for its own links to the heading
(`[见上文](#Xa1bC)`). Each made an empty paragraph, a paragraph's gap of blank page
above every heading; the anchors stay, between the blocks, where the links find them.
"""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore

_EMPTY_ANCHOR = re.compile(r"<a\s[^<>]*>\s*</a>")


def empty_anchor_paragraphs(state: StateCore) -> None:
    tokens = state.tokens
    for index in range(1, len(tokens) - 1):
        inline = tokens[index]
        if inline.type != "inline" or not inline.content.startswith("<a"):
            continue  # (cheap: most paragraphs start otherwise)
        if tokens[index - 1].type != "paragraph_open" or not _only_anchors(inline.content):
            continue
        if any(c.type not in ("html_inline", "softbreak") for c in inline.children or ()):
            continue  # (raw HTML not allowed: the anchors are text, shown as written)
        tokens[index - 1].hidden = tokens[index + 1].hidden = True


def _only_anchors(content: str) -> bool:
    return not _EMPTY_ANCHOR.sub("", content).strip()
