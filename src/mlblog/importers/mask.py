"""Where a post's text is code or math, so that tag syntax there is left alone.

Ranges are (start, end) offsets. `mask` replaces them with NUL (newlines kept) so
that later searches can neither match inside them nor across them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

Range = tuple[int, int]

# A fence may follow a quote's `>` markers (code in an Obsidian callout, `> ~~~c`)
_FENCE_OPEN = re.compile(r"^(?P<quote>[ \t]*(?:>[ \t]*)*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]*)*")
# A blank line ends a paragraph, and with it any unclosed code span or inline formula.
_SPAN = r"(?:(?!\n[ \t]*\n)[^\x00])"
_CODE_SPAN = re.compile(rf"(?<![`\\])(?P<ticks>`+)(?!`){_SPAN}+?(?<!`)(?P=ticks)(?!`)")
_MATH = re.compile(
    rf"""(?<!\\)\$\$[^\x00]+?(?<!\\)\$\$
    |\\\[[^\x00]+?\\\]
    |\\\({_SPAN}+?\\\)
    |\\begin\{{(?P<env>[a-zA-Z*]+)\}}[^\x00]*?\\end\{{(?P=env)\}}
    |(?<![\\$])\$(?![\s$])(?:\\.|[^$\\\n\x00])+?(?<![\s\\])\$(?!\d)""",
    re.VERBOSE,
)


def fenced_code(text: str) -> list[Range]:
    """Fenced code blocks, fence lines included; an unclosed fence runs to the end, or, in
    a quote, to the quote's end (a line without `>`)."""
    ranges: list[Range] = []
    offset = 0
    opened: tuple[int, str, bool] | None = None  # (start, fence, in a quote)
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\n")
        if opened is not None and opened[2] and not bare.lstrip(" \t").startswith(">"):
            ranges.append((opened[0], offset))  # the quote ended, and its code with it
            opened = None
        if opened is None:
            match = _FENCE_OPEN.match(bare)
            if match and not (match["fence"][0] == "`" and "`" in match["info"]):
                opened = (offset, match["fence"], ">" in match["quote"])
        else:
            fence = opened[1]
            stripped = (_QUOTE.sub("", bare, count=1) if opened[2] else bare).strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                ranges.append((opened[0], offset + len(bare)))
                opened = None
        offset += len(line)
    if opened is not None:
        ranges.append((opened[0], len(text)))
    return ranges


def code_spans(masked: str) -> list[Range]:
    return [match.span() for match in _CODE_SPAN.finditer(masked)]


def math_spans(masked: str) -> list[Range]:
    return [match.span() for match in _MATH.finditer(masked)]


def mask(text: str, ranges: Iterable[Range]) -> str:
    parts: list[str] = []
    position = 0
    for start, end in sorted(ranges):
        if end <= position:
            continue
        start = max(start, position)
        parts.append(text[position:start])
        parts.append(re.sub(r"[^\n]", "\x00", text[start:end]))
        position = end
    parts.append(text[position:])
    return "".join(parts)


def line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end
