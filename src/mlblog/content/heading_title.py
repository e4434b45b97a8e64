"""A post's opening `# Heading` (or `<h1>`) and its title: one shows the other, never both.

The heading leaves the body but not its id: links to `#my-title` (a hand-written TOC,
another post's `a.md#my-title`) went nowhere once it had gone. Its Markdown travels with
the source (`Source.title_heading`) so that the page's title carries the id it had.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from typing import Any

# A heading's own id at its end, `# 引言 {#intro}` (render.heading_ids reads it): not its text
OWN_ID = re.compile(r"[ \t]*\{#[^\s{}#]+\}[ \t]*$")
_CLOSING = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")  # `# Title ##`'s closing #s (not C#'s)
_SETEXT_H1 = re.compile(r" {0,3}=+[ \t]*")  # the `===` under a setext heading's text
# A line Markdown reads as something other than a paragraph's text, so never as a setext
# heading's: a quote, list item, heading, HTML, table, fence, math, indented code
_NOT_TEXT = re.compile(
    r" {0,3}(?:[>#<|]|[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|```|~~~|\$\$)| {4}|\t"
)
# An opening `<h1>` that ends its line: Hugging Face's blog and HTML-first notes open so.
_HTML_H1 = re.compile(r"\s*<h1(?:\s[^>]*)?>(?P<text>.*?)</h1\s*>[ \t]*(?:\n|$)", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
_HTML_ID = re.compile(r"""<h1\b[^>]*?\sid\s*=\s*["']?([^\s"'>{}#]+)""", re.I)

# (front matter, each key's file line, body, the Markdown of the heading taken out or "")
Titled = tuple[dict[str, Any], dict[str, int], str, str]


def heading_title(
    meta: dict[str, Any], meta_lines: dict[str, int], body: str, body_line: int
) -> Titled:
    """A post that names no title takes its opening `# Heading` as one, as GitHub Pages
    does (jekyll-titles-from-headings) and notebooks here do. One that names it and opens
    with it too (`title: 注意力机制`, then `# 注意力机制`: Typora's and Obsidian's habit)
    shows it once, as the page's title: the heading repeated it on the page, in the TOC
    and at the start of the home page's excerpt. The heading may be written `Heading` over
    a `===` line, may end with its own id (`{#intro}`, not part of its text), or be an
    `<h1>` (repeating a title, never giving one). Either way the heading's lines are left
    blank in the body; the lines after them keep their numbers. A different heading stays.
    What the heading said (`Heading {#intro}`) is returned for the id it gives the title."""
    opening = body.lstrip()
    if opening[:3].lower() == "<h1":
        return _html_heading_title(meta, meta_lines, body)
    if not opening.startswith("# "):
        end = opening.find("\n")  # a setext heading's `===` comes right after its text
        if end < 0 or not opening[end + 1 : end + 5].lstrip(" ").startswith("="):
            return meta, meta_lines, body, ""  # most posts: no need to split them into lines
    lines = body.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return meta, meta_lines, body, ""
    written, taken = _opening_h1(lines, first)
    heading = OWN_ID.sub("", written).strip()
    if not heading:
        return meta, meta_lines, body, ""
    title = meta.get("title")
    if title not in (None, ""):
        if not isinstance(title, str) or _folded(title) != _folded(heading):
            return meta, meta_lines, body, ""
        lines[first : first + taken] = [""] * taken
        return meta, meta_lines, "\n".join(lines), written
    lines[first : first + taken] = [""] * taken
    meta = {**meta, "title": heading}
    return meta, {**meta_lines, "title": body_line + first}, "\n".join(lines), written


def _opening_h1(lines: list[str], first: int) -> tuple[str, int]:
    """(the level-1 heading at `lines[first]` as written, its own `{#id}` kept; how many
    lines it takes): `# Heading`, or `Heading` over `===`; ("", 0) when there is none."""
    line = lines[first]
    if line.startswith("# "):
        text, taken = _CLOSING.sub("", line[2:]), 1
    elif (
        first + 1 < len(lines)
        and _SETEXT_H1.fullmatch(lines[first + 1])
        and not _NOT_TEXT.match(line)
    ):
        text, taken = line, 2
    else:
        return "", 0
    text = text.strip()
    return (text, taken) if text else ("", 0)


def _html_heading_title(meta: dict[str, Any], meta_lines: dict[str, int], body: str) -> Titled:
    """`<h1>` ⏎ `Title` ⏎ `</h1>` under `title: Title`: the lines it spans are left blank,
    and an id it has goes to the title. (Without a title, or with another, it stays: it
    may be the post's own banner.)"""
    match = _HTML_H1.match(body)
    title = meta.get("title")
    if match is None or not isinstance(title, str):
        return meta, meta_lines, body, ""
    heading = " ".join(unescape(_TAG.sub("", match["text"])).split())
    if not heading or _folded(heading) != _folded(title):
        return meta, meta_lines, body, ""
    spanned = body[: match.end()].count("\n")
    own = _HTML_ID.match(body.lstrip())
    written = f"{{#{own[1]}}}" if own else ""
    return meta, meta_lines, "\n" * spanned + body[match.end() :], written


def _folded(text: str) -> str:
    """A title as a reader compares it: case aside, composed, spaces trimmed."""
    return unicodedata.normalize("NFC", text).strip().casefold()
