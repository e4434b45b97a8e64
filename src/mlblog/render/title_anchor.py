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


def title_anchor(md: MarkdownIt, written: str) -> tuple[str, str]:
    """(the id the heading's text gives, the id it has) for the heading's Markdown as
    written; ("", "") when it gives none. Parsed as the heading alone, by the rules that
    give headings their ids (its own, kramdown's `{: #id}`, d2l's `:label:`…)."""
    tokens = md.parse(f"# {written}\n", {"cited": None, "numeric": False})
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and isinstance(given := token.attrGet("id"), str):
            children = tokens[index + 1].children or ()
            said = heading_id("".join(c.content for c in children if c.type in ID_TEXT))
            return said or given, given
    return "", ""
