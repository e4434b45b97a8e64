"""`==highlighted text==` (Obsidian, Typora) as `<mark>`: notes from them showed the `==`.

The `==` are delimiters like `~~`: code spans and formulas are tokens before pairs are
matched, so `==` inside them stays as written, and a `==` with a space on both sides (the
`a == b` of prose) can neither open nor close, as in Obsidian. Only a run of exactly two
`=` counts: `===` and longer are text (a rule line in prose, `a === b`).
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter

_EQUALS = 0x3D


def mark_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.after("strikethrough", "mark", _tokenize)
    md.inline.ruler2.before("fragments_join", "mark", _pair)


def _tokenize(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if silent or state.src[start] != "=":
        return False
    scanned = state.scanDelims(start, True)
    token = state.push("text", "", 0)
    token.content = "=" * scanned.length
    if scanned.length == 2:
        state.delimiters.append(
            Delimiter(
                marker=_EQUALS,
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
    """Turn each pair that balance_pairs matched into `<mark>` and `</mark>`."""
    _pair_delimiters(state, state.delimiters)
    for meta in state.tokens_meta:  # the delimiters of link texts, matched on their own
        if meta and "delimiters" in meta:
            _pair_delimiters(state, meta["delimiters"])


def _pair_delimiters(state: StateInline, delimiters: list[Delimiter]) -> None:
    for opener in delimiters:
        if opener.marker != _EQUALS or opener.end == -1:
            continue
        closer = delimiters[opener.end]
        opening, closing = state.tokens[opener.token], state.tokens[closer.token]
        opening.type, opening.nesting = "mark_open", 1
        closing.type, closing.nesting = "mark_close", -1
        for token in (opening, closing):
            token.tag, token.markup, token.content = "mark", "==", ""
