"""Braces the author means as text: `\\{{ question }}`, `\\{% if x %}`, and what Jekyll's
`{% raw %}…{% endraw %}` wraps in prose.

A note about Jinja or about an LLM prompt template shows `{{ question }}` on purpose;
without a way to say so, the build warned it as another generator's leftover
(references.scan). CommonMark's backslash escape is that way: the brace shows, the
backslash does not. markdown-it-py's escape rule makes a `text_special` token that
`text_join` merges into the text around it, losing the escape; this rule, run just
before `text_join`, joins those runs itself and keeps, in the joined token's meta, the
offsets of the braces that were escaped (or wrapped in raw tags: render.liquid marks
those with MARK before inline parsing), for the scan to leave alone.
"""

from __future__ import annotations

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# Put before a brace by render.liquid (in a raw region): a noncharacter, never in a post
MARK = "\ufdd0"
# MARK in an address, as markdown-it's normalizeLink wrote it (a raw region's `[a](/x/{{y}})`)
_ENCODED_MARK = "%EF%B7%90"
ESCAPED = "escaped_braces"  # text token meta: offsets of braces meant as text


def escaped_braces(state: StateCore) -> None:
    for token in state.tokens:
        if token.type != "inline":
            if MARK in token.content:  # math a raw region held (`$$ {{a}} $$`)
                token.content = token.content.replace(MARK, "")
            continue
        if not token.children or ("\\{" not in token.content and MARK not in token.content):
            continue  # most paragraphs
        token.content = token.content.replace(MARK, "")
        token.children = _joined(token.children)


def _joined(children: list[Token]) -> list[Token]:
    """The children with each run of text joined (as `text_join` would), the escaped
    braces' offsets kept on the run's token; MARK left out everywhere."""
    out: list[Token] = []
    offsets: list[int] = []
    for child in children:
        if child.type == "text_special" and child.markup == "\\{":
            child.type = "text"
            escaped = [0]
        elif child.type in ("text", "text_special"):
            child.type = "text"
            escaped = []
        else:
            _unmark(child)
            out.append(child)
            continue
        while (at := child.content.find(MARK)) >= 0:
            child.content = child.content[:at] + child.content[at + 1 :]
            escaped.append(at)
        if out and out[-1].type == "text" and out[-1].meta.get(ESCAPED) is offsets:
            start = len(out[-1].content)
            out[-1].content += child.content
        else:
            start, offsets = 0, []
            child.meta = {**child.meta, ESCAPED: offsets}
            out.append(child)
        offsets.extend(start + at for at in escaped)
    for token in out:
        if token.type == "text" and not token.meta.get(ESCAPED):
            token.meta.pop(ESCAPED, None)
    return out


def _unmark(token: Token) -> None:
    if MARK in token.content:
        token.content = token.content.replace(MARK, "")
    for name, value in token.attrs.items():  # a link's title, an image's src
        if isinstance(value, str) and (MARK in value or _ENCODED_MARK in value):
            token.attrs[name] = value.replace(MARK, "").replace(_ENCODED_MARK, "")
    for child in token.children or ():
        _unmark(child)
