"""A post's opening `# Heading` and its title: one shows the other, never both."""

from __future__ import annotations

import unicodedata
from typing import Any


def heading_title(
    meta: dict[str, Any], meta_lines: dict[str, int], body: str, body_line: int
) -> tuple[dict[str, Any], dict[str, int], str]:
    """A post that names no title takes its opening `# Heading` as one, as GitHub Pages
    does (jekyll-titles-from-headings) and notebooks here do. One that names it and opens
    with it too (`title: 注意力机制`, then `# 注意力机制`: Typora's and Obsidian's habit)
    shows it once, as the page's title: the heading repeated it on the page, in the TOC
    and at the start of the home page's excerpt. Either way the heading's line is left
    blank in the body; the lines after it keep their numbers. A different heading stays."""
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


def _folded(text: str) -> str:
    """A title as a reader compares it: case aside, composed, spaces trimmed."""
    return unicodedata.normalize("NFC", text).strip().casefold()
