"""A note `mlblog serve` puts at the top of a 404 for the address of a post it left out
(a draft, dated later, expired) or whose file has gone while serving: the author who opens
it learns why and what to do, where the built site's 404.html says only "not found". Never
written to public/."""

from __future__ import annotations

import re
from html import escape

_BODY_START = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)

_STYLE = ";".join(
    (
        "margin:0",
        "padding:1rem 2rem",
        "background:#fff4cc",
        "color:#3d2f00",
        "border-bottom:2px solid #c79a00",
        "font:14px/1.5 ui-monospace,monospace",
    )
)


LEFT_OUT = "the post or page at this address is left out of the site"
GONE = "the file this page was made from is gone"


def with_notice(html: bytes, why: str, heading: str = LEFT_OUT) -> bytes:
    """The page with a note saying `why` under `heading` as its first content (its start
    if it has no <body>)."""
    note = (
        f'<aside id="mlblog-left-out" role="note" style="{_STYLE}">'
        f"<strong>mlblog serve: {escape(heading)}</strong>"
        f"<p style='margin:.25rem 0 0'>{escape(why)}</p></aside>"
    ).encode()
    found = _BODY_START.search(html)
    at = found.end() if found else 0
    return html[:at] + note + html[at:]
