"""Where the build shows a post's text exactly as written: indented code blocks and HTML
blocks, as mlblog's own parser reads them. A backslash written there to keep `{{` literal
would show, as it would in fenced code (which mask.fenced_code finds without parsing)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from mlblog.importers.mask import Range
from mlblog.render.parser import make_parser

_VERBATIM = ("code_block", "html_block")


def verbatim_blocks(text: str, dropped: Sequence[Range]) -> list[Range]:
    """The ranges of `text` in such blocks, read with the `dropped` ranges (Jekyll's raw
    tags, which the import leaves out) already gone, as the build will read the post."""
    pieces: list[tuple[int, int]] = []  # (offset in what the build reads, offset in text)
    parts: list[str] = []
    read = position = 0
    for start, end in sorted(dropped):
        pieces.append((read, position))
        parts.append(text[position:start])
        read += start - position
        position = end
    pieces.append((read, position))
    parts.append(text[position:])
    built = "".join(parts)
    lines = [0] + [i + 1 for i, c in enumerate(built) if c == "\n"] + [len(built)]

    def in_text(offset: int) -> int:
        read_at, text_at = pieces[bisect_right(pieces, (offset, len(text))) - 1]
        return text_at + offset - read_at

    tokens = make_parser(html=True, math=True).parse(built, {})
    return [
        (in_text(lines[t.map[0]]), in_text(lines[min(t.map[1], len(lines) - 1)]))
        for t in tokens
        if t.type in _VERBATIM and t.map
    ]
