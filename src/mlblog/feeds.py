"""The Atom feeds' contexts: the site's, and one per category and tag (as Hugo gives each
term its own RSS), so a reader can follow only "the CUDA notes" of a blog."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from mlblog.content.model import Entry
from mlblog.render.feed_math import mathml_only

if TYPE_CHECKING:
    from mlblog.views import EntryView

SITE_FEED = "/atom.xml"
FEED_FILE = "atom.xml"  # a term's feed: this name in its page's folder


def term_feed_url(term_url: str) -> str:
    """`/categories/cuda/` → `/categories/cuda/atom.xml` (a term's URL ends in "/")."""
    return term_url + FEED_FILE


def feed_context(
    posts: Sequence[Entry],
    views: Mapping[str, EntryView],
    limit: int,
    url: str,
    page: str,
    kind: str | None = None,
    term: str | None = None,
    pages: Sequence[Entry] = (),
) -> dict[str, Any]:
    """What atom.xml shows: the newest `limit` of `posts` (newest first), the feed's own
    address (`url`, its rel="self"), the page it follows (`page`: its id and rel="alternate"),
    and for a term's feed its kind ("category", "tag") and name, for its title.

    Its `updated` is its newest post's; a site with no post yet takes its pages' newest
    date, as Hugo dates its home page, and without one has none (the template then leaves
    the element out): it was 1970-01-01, and a time of the build would make no two builds
    alike. A page's date that is only its file's time is no date here, as in the sitemap:
    every checkout would change it."""
    dates = [p.updated or p.date for p in posts]
    if not dates:
        dates = [p.updated or p.date for p in pages if p.updated or p.dated]
    return {
        "posts": [views[p.path] for p in posts[:limit]],
        "updated": max(dates, default=None),
        "feed_url": url,
        "page_url": page,
        "kind": kind,
        "term": term,
    }


def feed_content(html: str, url: str, slug: str) -> str:
    """A post's HTML as feeds show it: formulas as MathML alone, every URL full (`url`: the
    post's own, absolute), and every id taken apart from other posts' by the post's slug.
    A reader that shows several entries on one page had each post's `fn1` and `fnref1`
    (and "## Background"'s id) many times; the links to them lead to the post's page,
    where its own ids stay as they are. Made once per post and build (mlblog.views.Views),
    however many feeds show the post: each step reads the whole HTML."""
    return _rewrite(mathml_only(html), url, f"{slug}-")


# A URL attribute, or an id; rewritten only inside a tag, so text that reads like one
# (`<img src='a.png'>` in inline code, whose ' is not escaped, but whose < is) stays as written.
_ATTRIBUTE = re.compile(
    r"""(\s)(src|href|poster|srcset|id)(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""",
    re.IGNORECASE,
)


# https:, data:, mailto: … (a footnote's second reference, `#fnref1:1`, has a colon too)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def absolute_urls(html: str, base: str) -> str:
    """Every src, href, poster and srcset of `html`'s tags as a full URL, resolved against
    `base` (the page's): for feed readers, many of which ignore xml:base (and a browser
    picks a srcset's picture over src)."""
    return _rewrite(html, base, None)


def _rewrite(html: str, base: str, id_prefix: str | None) -> str:
    """absolute_urls, and `id_prefix` before each id when given: one pass over the HTML."""
    from urllib.parse import urljoin

    def full(url: str) -> str:
        return url if _SCHEME.match(url) else urljoin(base, url)

    def attribute(match: re.Match[str]) -> str:
        name = match[2].lower()
        quote = '"' if match[4] is not None else "'" if match[5] is not None else ""
        value = next(v for v in (match[4], match[5], match[6]) if v is not None)
        if name == "id":
            if id_prefix is None:
                return match[0]
            value = id_prefix + value
        elif name == "srcset":  # "a.png 1x, b.png 2x"
            candidates = (c.strip().split(None, 1) for c in value.split(","))
            value = ", ".join(" ".join([full(c[0]), *c[1:]]) for c in candidates if c)
        else:
            value = full(value)
        return f"{match[1]}{match[2]}{match[3]}{quote}{value}{quote}"

    def in_tag(match: re.Match[str]) -> str:
        start = match.start()
        if html.rfind("<", 0, start) > html.rfind(">", 0, start):
            return attribute(match)
        return match[0]  # text (escaped: the < of `<img src='a.png'>` in code is &lt;)

    return _ATTRIBUTE.sub(in_tag, html)
