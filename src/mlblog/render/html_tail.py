"""Markdown written on the line right after a closing HTML tag, as Jekyll posts have it:

    <div class="figure"><img src="a.png"></div>
    ## Results

CommonMark ends an HTML block only at a blank line, so the heading above (a list, a fence,
a `$$` formula) was shown as raw text: `## Results`. kramdown, which Jekyll uses, ends the
block where its first element closes and reads what follows as Markdown; so do we. The
lines after the element's closing line are parsed again as Markdown, in place.
"""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# The element an HTML block opens with (CommonMark's kinds 6 and 7: `<div`, `<p`, `<span`…;
# not `<pre>`, `<script>`, `<style>`, `<textarea>`, which end at their own closing tag).
_FIRST_TAG = re.compile(r"\s*<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")
_CLOSING_LINE = re.compile(r"[ \t]*(?:</[A-Za-z][A-Za-z0-9-]*\s*>[ \t]*)+\n")
_VERBATIM = frozenset({"pre", "script", "style", "textarea"})


def _tags(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?)({re.escape(name)})(?=[\s/>])[^>]*?(/?)>", re.IGNORECASE)


def _element_end(content: str) -> int | None:
    """How many lines the block's first element takes, when lines follow it; else None.
    A block that opens with closing tags alone (`</details>`, after a blank line inside the
    element) takes that line."""
    if _CLOSING_LINE.match(content):
        rest = content.partition("\n")[2]
        return 1 if rest.strip() else None
    first = _FIRST_TAG.match(content)
    if first is None or first.group(1).lower() in _VERBATIM:
        return None
    tags = _tags(first.group(1))
    depth = 0
    lines = content.split("\n")
    for number, line in enumerate(lines, start=1):
        for match in tags.finditer(line):
            closing, _, self_closing = match.groups()
            depth += -1 if closing else 0 if self_closing else 1
        if depth <= 0:
            rest = "\n".join(lines[number:])
            # only where the line ends with the element, and something follows it
            ends_with_tag = line.rstrip().endswith(">")
            return number if ends_with_tag and rest.strip() else None
    return None


# Notion's callout: `<aside>` on a line of its own, then its emoji and text right under it
_ASIDE = re.compile(r"[ \t]*<aside>[ \t]*\n(?=[ \t]*\S)", re.IGNORECASE)


def _callout_start(content: str) -> int | None:
    """1 for an `<aside>` line with text right under it, as Notion exports a callout
    (`<aside>` ⏎ `💡 先**归一化**再相加` ⏎ ⏎ `</aside>`): the text is Markdown, shown as
    raw HTML (asterisks and all) by CommonMark's rule; else None."""
    return 1 if content.startswith(("<aside>", "<ASIDE>")) and _ASIDE.match(content) else None


def html_block_tails(state: StateCore) -> None:
    """Split each HTML block whose first element closes before the block ends, and parse
    the lines after it as the Markdown they are."""
    if "</" not in state.src and "/>" not in state.src:  # nearly every post without HTML
        return
    tokens: list[Token] = []
    for token in state.tokens:
        tokens.extend(_split(token, state))
    state.tokens = tokens


def _split(token: Token, state: StateCore) -> list[Token]:
    if token.type != "html_block" or token.map is None:
        return [token]
    taken = _element_end(token.content) or _callout_start(token.content)
    if taken is None:
        return [token]
    lines = token.content.split("\n")
    token.content = "\n".join(lines[:taken]) + "\n"
    start = token.map[0] + taken
    token.map = [token.map[0], start]
    tail: list[Token] = []
    state.md.block.parse("\n".join(lines[taken:]), state.md, state.env, tail)
    done = [token]
    for part in tail:
        part.level += token.level
        if part.map is not None:
            part.map = [part.map[0] + start, part.map[1] + start]
        done.extend(_split(part, state))  # the next element may close early too
    return done
