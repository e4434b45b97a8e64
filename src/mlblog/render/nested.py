"""The body of a block between fences (a MyST directive, a pandoc div `:::`), parsed as the
Markdown it is, as markdown-it's own containers parse theirs."""

from __future__ import annotations

from markdown_it.rules_block import StateBlock


def parse_nested(state: StateBlock, body: int, close: int) -> None:
    """The lines from `body` up to the closing fence at `close`, as blocks of their own."""
    parent, line_max = state.parentType, state.lineMax
    state.parentType, state.lineMax = "container", close
    state.md.block.tokenize(state, body, close)
    state.parentType, state.lineMax = parent, line_max
