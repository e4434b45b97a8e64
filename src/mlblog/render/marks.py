"""`==highlighted text==` (Obsidian, Typora, MkDocs) as `<mark>`: notes from them showed the
`==`; and MkDocs' `^^inserted text^^` as `<ins>` the same way.

The `==` are delimiters like `~~`: code spans and formulas are tokens before pairs are
matched, so `==` inside them stays as written, and a `==` with a space on both sides (the
`a == b` of prose) can neither open nor close, as in Obsidian. Only a run of exactly two
counts: `===` and longer are text (a rule line in prose, `a === b`).
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter

# The delimiter's character → the element it makes
_TAGS = {"=": "mark", "^": "ins"}


def mark_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.after("strikethrough", "mark", _tokenize)
    md.inline.ruler2.before("fragments_join", "mark", _pair)


def _tokenize(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if silent or (char := state.src[start]) not in _TAGS:
        return False
    scanned = state.scanDelims(start, True)
    if char == "^" and scanned.length == 1:
        return False  # an inline footnote's `^[…]`, or text
    token = state.push("text", "", 0)
    token.content = char * scanned.length
    if scanned.length == 2:
        state.delimiters.append(
            Delimiter(
                marker=ord(char),
                length=0,  # no "rule of 3": a pair is always two
                token=len(state.tokens) - 1,
                end=-1,
                open=scanned.can_open,
                close=scanned.can_close,
            )
        )
    state.pos += scanned.length
    return True


def _pair(state: StateInline) -> None:
    """Turn each pair that balance_pairs matched into `<mark>` and `</mark>` (or `<ins>`)."""
    _pair_delimiters(state, state.delimiters)
    for meta in state.tokens_meta:  # the delimiters of link texts, matched on their own
        if meta and "delimiters" in meta:
            _pair_delimiters(state, meta["delimiters"])


def _pair_delimiters(state: StateInline, delimiters: list[Delimiter]) -> None:
    for opener in delimiters:
        tag = _TAGS.get(chr(opener.marker))
        if tag is None or opener.end == -1:
            continue
        closer = delimiters[opener.end]
        opening, closing = state.tokens[opener.token], state.tokens[closer.token]
        opening.type, opening.nesting = f"{tag}_open", 1
        closing.type, closing.nesting = f"{tag}_close", -1
        for token in (opening, closing):
            token.tag, token.markup, token.content = tag, chr(opener.marker) * 2, ""
