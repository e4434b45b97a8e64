"""The id of the opening `# Heading` that became the page's title.

content.heading_title takes that heading out of the body, so the title is not shown twice;
its id went with it, and `[see](#my-title)`, a hand-written TOC and other posts'
`a.md#my-title` links arrived nowhere. The id is made here as the heading would have had
it (its own `{#intro}`, else its text's), for the page's title element to carry; the
body's headings leave it to the title, as they left it to the heading before.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from mlblog.content.slugs import heading_id
from mlblog.render.heading_anchors import ID_TEXT
from mlblog.render.parser import own_id


def title_anchor(md: MarkdownIt, written: str) -> tuple[str, str]:
    """(the id the heading's text gives, the id it has) for the heading's Markdown as
    written; ("", "") when it gives none."""
    inline = md.parseInline(written, {})[0]
    given = own_id(inline)
    said = heading_id("".join(c.content for c in inline.children or () if c.type in ID_TEXT))
    return (said, given or said) if given or said else ("", "")
