"""The title of a notebook that names none: the heading its author wrote for it.

Notebooks open with more than Markdown posts do: a Colab badge, a book's licence and
navigation, an install cell, a `#hide` setup cell, or a title cell written in HTML
(`<center><h1>第七章</h1></center>`). Jupyter Book and nbsphinx take the first heading
as the page's title wherever it sits, so we do too when it is the notebook's one `# `
heading; the heading then leaves the body, where it would show twice, and what stood
above it (badge, licence, "install this first") is marked as a preamble: shown, but not
the excerpt every chapter of a book would otherwise share.
"""

from __future__ import annotations

import re
from html import unescape

from mlblog.content.heading_title import OWN_ID
from mlblog.render.outputs import PREAMBLE_CLOSE, PREAMBLE_OPEN

_CLOSING = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")  # `# Title ##`'s closing #s
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# A cell that is only a heading in HTML, perhaps centred: the title cell of course notebooks
_HTML_H1 = re.compile(
    r"\s*(?:<(?:center|div|p)\b[^>]*>\s*)?<h1\b[^>]*>(?P<text>.*?)</h1\s*>"
    r"\s*(?:</(?:center|div|p)\s*>)?\s*",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")
_HTML_ID = re.compile(r"""<h1\b[^>]*?\sid\s*=\s*["']?([^\s"'>{}#]+)""", re.IGNORECASE)


def take_title(
    lines: list[str], where: list[int], prose: list[bool]
) -> tuple[str, int, str] | None:
    """(title, its file line, the heading as written: its id is the title's) from the
    body's lines, deleting the heading's line from all three lists; None when the notebook
    has no heading that is plainly its title."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None
    if not prose[first]:
        found = _only_h1(lines, prose, first)
    elif lines[first].startswith("# "):
        found = first  # the opening heading, as in Markdown posts: no further conditions
    elif _html_title(lines, first):
        found = first
    else:
        found = _only_h1(lines, prose, first)
    if found is None:
        return None
    line = lines[found]
    if line.startswith("<"):
        title = _html_title(lines, found)
        own = _HTML_ID.search(line)
        written = f"{{#{own[1]}}}" if own else ""
    else:
        written = _text(line)
        title = OWN_ID.sub("", written).strip()  # `# Title {#intro}`: the id is not its text
    if not title:
        return None
    at = where[found]
    del lines[found], where[found], prose[found]
    if found > first:
        for index, line in ((found, PREAMBLE_CLOSE), (first, PREAMBLE_OPEN)):
            lines.insert(index, line)
            where.insert(index, 0)
            prose.insert(index, False)
    return title, at, written


def _text(line: str) -> str:
    return _CLOSING.sub("", line[2:]).strip()


def _html_title(lines: list[str], at: int) -> str:
    """The text of an `<h1>` that is a whole block on its own line, else ''."""
    match = _HTML_H1.fullmatch(lines[at])
    if match is None or (at + 1 < len(lines) and lines[at + 1].strip()):
        return ""
    return " ".join(unescape(_TAG.sub("", match["text"])).split())


def _only_h1(lines: list[str], prose: list[bool], start: int) -> int | None:
    """The line of the notebook's first heading if it is its only `# ` one, else None."""
    found: int | None = None
    fence = ""
    for i in range(start, len(lines)):
        if not prose[i]:
            fence = ""  # a fence never runs past its cell
            continue
        line = lines[i]
        if fence:
            if line.strip().startswith(fence):
                fence = ""
            continue
        if opened := _FENCE.match(line):
            fence = opened.group(1)
            continue
        if not _HEADING.match(line):
            continue
        if not line.startswith("# "):
            if found is None:
                return None  # a `## Section` before any `# ` heading: no title here
            continue
        if found is not None:
            return None  # a second `# ` heading: they are sections, not a title
        found = i
    return found
