"""A quote tag's pair (Hexo's `{% blockquote author, source %}` … `{% endblockquote %}`)
→ a Markdown quote, `> ` before each line, ending with its attribution line.

The lines between the tags may already hold edits (a code block tag made a fence, a box
inside): an edit's own line breaks get the `> ` in its text, every other line start an
insertion, so the quote's lines stay one quote.
"""

from __future__ import annotations

from mlblog.importers.mask import line_end, line_start
from mlblog.importers.tags import Tag

Edit = tuple[int, int, str]


def quote_edits(body: str, opener: Tag, closer: Tag, attribution: str, edits: list[Edit]) -> bool:
    """Add to `edits` what makes the pair a quote, or add nothing and say False when its
    tags are not each alone on a line of their own at the left margin."""
    for tag in (opener, closer):
        first, last = line_start(body, tag.start), line_end(body, tag.end)
        if first != tag.start or body[tag.end : last].strip():
            return False
    content_start = min(line_end(body, opener.end) + 1, closer.start)
    inside = [i for i, e in enumerate(edits) if content_start <= e[0] and e[1] <= closer.start]
    for index in inside:
        start, end, text = edits[index]
        edits[index] = (start, end, text.replace("\n", "\n> "))
    position = content_start
    while position < closer.start:
        if not any(s < position < e for s, e, _ in edits):
            blank = not body[position : line_end(body, position)].strip()
            edits.append((position, position, ">" if blank else "> "))
        position = line_end(body, position) + 1
    edits.append((opener.start, content_start, ""))
    closing = f">\n> {attribution}" if attribution else ""
    end = line_end(body, closer.end)
    edits.append((closer.start, end if closing else min(end + 1, len(body)), closing))
    return True
