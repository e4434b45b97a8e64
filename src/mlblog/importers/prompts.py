"""Chirpy's prompts: a quote with `{: .prompt-tip }` on the line under it is a box.

kramdown puts the class on the quote and Chirpy's stylesheet draws it as a coloured box
with an icon; mlblog's boxes for a quote are callouts, so the quote gets the marker
`> [!TIP]` on a first line of its own (the attribute line itself goes, as kramdown's do).
"""

from __future__ import annotations

import re

from mlblog.importers.mask import line_end, line_start

# Chirpy's four prompts, and the callout kind drawn in the same colour
KINDS = {"tip": "TIP", "info": "INFO", "warning": "WARNING", "danger": "DANGER"}
_PROMPT = re.compile(r"[ \t]*\{:[ \t]*(?:[^}\n]*[ \t])?\.prompt-(?P<kind>[a-z]+)\b[^}\n]*\}")
_QUOTE = re.compile(r"[ \t]*>")  # (indented in a list item too)
_MARKED = re.compile(r"[ \t]*>[ \t]*\[![\w-]+\]")  # already a callout
_QUOTE_PREFIX = re.compile(r"[ \t]*>[ \t]*")


def ends_quote(text: str, ial_start: int, ial_end: int) -> bool:
    """Whether the attribute list is the last line of a quote, `> {: .prompt-tip }`: the
    build boxes that quote too, so the import must not leave it a plain one."""
    first, last = line_start(text, ial_start), line_end(text, ial_end)
    if not _QUOTE_PREFIX.fullmatch(text, first, ial_start) or text[ial_end:last].strip():
        return False
    return last >= len(text) or not text[last + 1 : line_end(text, last + 1)].strip()


def callout_marker(text: str, ial_start: int, ial_end: int) -> tuple[int, str] | None:
    """Where to insert the callout marker, and the marker line, for an attribute list
    `text[ial_start:ial_end]` alone on its line; None if it names no prompt or no quote
    ends on the line above it.

    The quote is the run of lines above it up to a blank line, from its first line
    that starts with `>`; lines after that without `>` continue the quote's paragraph
    (lazily, as Markdown reads them).
    """
    match = _PROMPT.fullmatch(text, ial_start, ial_end)
    kind = KINDS.get(match["kind"]) if match else None
    first = line_start(text, ial_start)
    if kind is None or first == 0:
        return None
    start = first  # the first line of the run of lines right above
    while start > 0:
        above = line_start(text, start - 1)
        if not text[above : start - 1].strip():
            break
        start = above
    quote = None
    position = start
    while position < first:
        end = line_end(text, position)
        if _QUOTE.match(text, position):
            quote = position
            break
        position = end + 1
    if quote is None or _MARKED.match(text, quote):
        return None
    prefix = text[quote : text.index(">", quote) + 1]
    return quote, f"{prefix} [!{kind}]\n"
