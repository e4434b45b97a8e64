"""A post's opening `# Heading` (or `<h1>`) and its title: one shows the other, never both."""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from typing import Any

# An opening `<h1>` that ends its line: Hugging Face's blog and HTML-first notes open so.
_HTML_H1 = re.compile(r"\s*<h1(?:\s[^>]*)?>(?P<text>.*?)</h1\s*>[ \t]*(?:\n|$)", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")


def heading_title(
    meta: dict[str, Any], meta_lines: dict[str, int], body: str, body_line: int
) -> tuple[dict[str, Any], dict[str, int], str]:
    """A post that names no title takes its opening `# Heading` as one, as GitHub Pages
    does (jekyll-titles-from-headings) and notebooks here do. One that names it and opens
    with it too (`title: 注意力机制`, then `# 注意力机制`: Typora's and Obsidian's habit)
    shows it once, as the page's title: the heading repeated it on the page, in the TOC
    and at the start of the home page's excerpt. Either way the heading's line is left
    blank in the body; the lines after it keep their numbers. A different heading stays."""
    if body.lstrip()[:3].lower() == "<h1":
        return _html_heading_title(meta, meta_lines, body)
    if not body.lstrip().startswith("# "):
        return meta, meta_lines, body  # most posts: no need to split them into lines
    lines = body.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not lines[first].startswith("# "):
        return meta, meta_lines, body
    heading = lines[first][2:].strip().rstrip("#").strip()
    if not heading:
        return meta, meta_lines, body
    title = meta.get("title")
    if title not in (None, ""):
        if not isinstance(title, str) or _folded(title) != _folded(heading):
            return meta, meta_lines, body
        lines[first] = ""
        return meta, meta_lines, "\n".join(lines)
    lines[first] = ""
    meta = {**meta, "title": heading}
    return meta, {**meta_lines, "title": body_line + first}, "\n".join(lines)


def _html_heading_title(
    meta: dict[str, Any], meta_lines: dict[str, int], body: str
) -> tuple[dict[str, Any], dict[str, int], str]:
    """`<h1>` ⏎ `Title` ⏎ `</h1>` under `title: Title`: the lines it spans are left blank.
    (Without a title, or with another, it stays: it may be the post's own banner.)"""
    match = _HTML_H1.match(body)
    title = meta.get("title")
    if match is None or not isinstance(title, str):
        return meta, meta_lines, body
    heading = " ".join(unescape(_TAG.sub("", match["text"])).split())
    if not heading or _folded(heading) != _folded(title):
        return meta, meta_lines, body
    spanned = body[: match.end()].count("\n")
    return meta, meta_lines, "\n" * spanned + body[match.end() :]


def _folded(text: str) -> str:
    """A title as a reader compares it: case aside, composed, spaces trimmed."""
    return unicodedata.normalize("NFC", text).strip().casefold()
