"""What templates are given of posts and pages (EntryView, PostSummary, ArchiveItem,
Link, Pager), and Views, which keeps them from one build to the next.

Made by mlblog.routes, which places them on the site's pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mlblog.content.front_matter_keys import LANG_KEYS
from mlblog.content.model import Entry
from mlblog.content.source import Kind
from mlblog.feeds import feed_content
from mlblog.index import SiteIndex, Term
from mlblog.kept import Kept
from mlblog.packed import unpack
from mlblog.render.feed_math import mathml_only
from mlblog.render.result import CJK_CHAR, Rendered, TocItem
from mlblog.render.soft_breaks import breakable_html
from mlblog.render.title_math import readable_title
from mlblog.urls import paged


@dataclass(frozen=True, slots=True)
class Link:
    name: str
    url: str  # site path; templates pass it through url()


@dataclass(frozen=True, slots=True)
class PostSummary:
    """What listings (home, taxonomies, archives, neighbour links) show of a post.

    No body here: a listing page's output depends only on what it shows, so editing a
    post's text below its excerpt does not make every listing that names it change.
    """

    title: str
    url: str
    date: datetime
    updated: datetime | None
    category: Link | None
    tags: tuple[Link, ...]
    excerpt: str
    reading_minutes: int
    lang: str  # BCP 47 tag of the post's own text (its title, body and TOC)
    meta: Mapping[str, Any]
    title_html: str  # the title as HTML, its formulas typeset (`title` is plain text)
    # Shown as pinned: only on the home page's copy of a pinned post (other listings
    # are newest first, and say nothing of pins). Keyword-only: EntryView adds fields.
    pinned: bool = field(default=False, kw_only=True)


@dataclass(frozen=True, slots=True)
class ArchiveItem:
    """What archives and previous/next links show of a post: a dated title."""

    title: str
    url: str
    date: datetime
    category: Link | None
    title_html: str
    lang: str


SERIES_BOX_FULL = 10  # a series of up to this many parts lists them all on each part
SERIES_WINDOW = 2  # parts a longer one lists on each side of the reader's


@dataclass(frozen=True, slots=True)
class SeriesBox:
    """A series as a part's page shows it: every part in reading order, and which is this."""

    series: Link
    parts: tuple[ArchiveItem, ...]
    number: int  # this part's place in `parts`, from 1

    @property
    def near(self) -> tuple[int | None, ...]:
        """The numbers of the parts a long series lists before the reader asks for all of
        them: first, last and two on each side of this one, None where a run is left out;
        () when every part is listed. 45 parts made a box 1,400 px tall, the post's text
        below a phone's first screen."""
        if len(self.parts) <= SERIES_BOX_FULL:
            return ()
        return tuple(window(self.number, len(self.parts), SERIES_WINDOW))


@dataclass(frozen=True, slots=True)
class EntryView(PostSummary):
    """What a post's or page's own page, and the feed, see of it (`html`, `feed_html`)."""

    packed_html: bytes  # mlblog.packed
    packed_feed_html: bytes  # what feed_html is made from: images' URLs full
    description: str  # the excerpt without placeholders: <meta name="description">, the feed
    toc: tuple[TocItem, ...]
    dated: bool  # mlblog.content.model.Entry.dated
    diagrams: bool = False  # Rendered.diagrams: the page loads mermaid.js
    title_id: str = ""  # Rendered.title_id: the id of the title element ("": none)
    comments: bool = False  # site.yaml's comments shown under it: posts, unless turned off
    in_feed: tuple[str, str] | None = None  # a post some feed shows: its full URL, its slug
    # feed_html once made, for the other feeds that show the post: no part of what it is
    # (compare=False: left out of equality and of the page cache's keys)
    _feed_made: list[str] = field(default_factory=list, compare=False, repr=False)

    @property
    def html(self) -> str:
        return unpack(self.packed_html)

    @property
    def feed_html(self) -> str:
        """Formulas as MathML alone (mlblog.render.feed_math); for a post a feed shows,
        every URL full and ids its own too (mlblog.feeds.feed_content). Made when a feed is
        templated, once however many feeds show the post: a rebuild whose feeds come from
        the page cache makes none (each reads the whole HTML, ~1 ms a post)."""
        if not self._feed_made:
            html = unpack(self.packed_feed_html)
            made = feed_content(html, *self.in_feed) if self.in_feed else mathml_only(html)
            self._feed_made.append(made)
        return self._feed_made[0]

    def summary(self) -> PostSummary:
        return PostSummary(
            self.title, self.url, self.date, self.updated, self.category, self.tags,
            self.excerpt, self.reading_minutes, self.lang, self.meta, self.title_html,
        )  # fmt: skip


PAGER_WINDOW = 2  # page numbers shown on each side of the current one


def window(number: int, total: int, side: int) -> list[int | None]:
    """1 … n-side … n+side … total, None for each run left out; a run of one is shown, not
    put as "…" in its place."""
    shown = sorted(
        n for n in {1, total, *range(number - side, number + side + 1)} if 1 <= n <= total
    )
    items: list[int | None] = []
    previous = 0
    for found in shown:
        if found - previous == 2:
            items.append(previous + 1)
        elif found - previous > 2:
            items.append(None)
        items.append(found)
        previous = found
    return items


@dataclass(frozen=True, slots=True)
class Pager:
    number: int
    total: int
    base: str

    @property
    def url(self) -> str:
        return paged(self.base, self.number)

    @property
    def pages(self) -> list[tuple[int | None, str]]:
        """The numbers to show: first, last and two on each side of the current page, with
        (None, "") where a run is left out (`1 … 4 5 [6] 7 8 … 98`, as Hexo does). Listing
        every number made each of N pages carry N links: quadratic in the number of posts."""
        return [
            (n, "" if n is None else paged(self.base, n))
            for n in window(self.number, self.total, PAGER_WINDOW)
        ]

    @property
    def prev_url(self) -> str | None:
        return paged(self.base, self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return paged(self.base, self.number + 1) if self.number < self.total else None


_CJK_LANGUAGES = ("zh", "ja", "ko")


def language_of(entry: Entry, result: Rendered, site_language: str) -> str:
    """Front matter `lang`/`language`, else English for a nearly CJK-free post on a CJK
    site (unless its title is Chinese: a post of code and links), and Chinese for a mostly
    CJK post elsewhere, else the site's language."""
    for key in LANG_KEYS:
        if isinstance(entry.meta.get(key), str) and entry.meta[key].strip():
            # Hexo's zh_CN, as site.yaml's language: xml:lang and lang= take BCP 47's zh-CN
            return str(entry.meta[key]).strip().replace("_", "-")
    cjk_site = site_language.lower().startswith(_CJK_LANGUAGES)
    if cjk_site and result.cjk_share < 0.05 and not CJK_CHAR.search(entry.title):
        return "en"
    if not cjk_site and result.cjk_share > 0.5:
        return "zh"
    return site_language


_Shown = tuple[EntryView, PostSummary, ArchiveItem]  # what the pages show of one entry


class Views:
    """What each entry's pages show of it (its EntryView, PostSummary and ArchiveItem),
    kept from one make_routes to the next for the entries that did not change. serve's
    rebuilds then give pages.render the very objects of the last routes, which it
    compares at once: compared field by field, the 14,000 routes of 10,000 posts took
    0.2 s a rebuild."""

    def __init__(self) -> None:
        self._kept: Kept[_Shown] = Kept()
        self._links = _Links()  # the same Link objects from build to build: compared at once

    def update(
        self,
        index: SiteIndex,
        rendered: Mapping[str, Rendered],
        feed_html: Mapping[str, bytes],
        site_language: str,
        titles: Mapping[str, str] | None = None,
        in_feeds: Mapping[str, str] | None = None,
    ) -> dict[str, _Shown]:
        """Each entry's views: the kept ones when the entry and its rendering are the same
        objects (both immutable) and what the index and settings add is equal. `titles`:
        the HTML of each title that has formulas in it (mlblog.render.title_math);
        `in_feeds`: the posts some feed shows, each with its full URL."""
        titles = titles or {}
        in_feeds = in_feeds or {}
        links = self._links
        made: dict[str, _Shown] = {}
        for entry in (*index.posts, *index.pages):
            result = rendered[entry.path]
            category = index.category_of(entry)
            shown_by_index = (
                index.url(entry),
                links(category) if category else None,
                tuple(links(t) for t in index.tags_of(entry)),
                feed_html.get(entry.path),
                site_language,
                titles.get(entry.path),
                in_feeds.get(entry.path),
            )
            key = (entry, result, shown_by_index)
            shown = self._kept.get(entry.path, key)
            if shown is None:
                shown = self._kept.put(entry.path, key, _shown(entry, result, shown_by_index))
            made[entry.path] = shown
        self._kept.next_build()
        return made


def _shown(entry: Entry, result: Rendered, shown_by_index: tuple[Any, ...]) -> _Shown:
    view = _view(entry, result, *shown_by_index)
    archived = ArchiveItem(
        view.title, view.url, view.date, view.category, view.title_html, view.lang
    )
    return view, view.summary(), archived


class _Links:
    """One Link per category or tag, shared by every post that shows it (a page's cache
    key hashes each distinct object once)."""

    def __init__(self) -> None:
        self._made: dict[str, Link] = {}

    def __call__(self, term: Term) -> Link:
        link = self._made.get(term.url)
        if link is None or link.name != term.name:  # a term renamed in case or spacing only
            link = self._made[term.url] = Link(term.name, term.url)
        return link


def _view(
    entry: Entry,
    result: Rendered,
    url: str,
    category: Link | None,
    tags: tuple[Link, ...],
    feed_html: bytes | None,
    site_language: str,
    title_html: str | None,
    feed_url: str | None,
) -> EntryView:
    packed_feed = feed_html if feed_html is not None else result.packed_html
    return EntryView(
        title=readable_title(entry.title),  # <title>, feeds, aria-label: as it reads
        title_html=title_html if title_html is not None else breakable_html(entry.title),
        url=url,
        date=entry.date,
        updated=entry.updated,
        category=category,
        tags=tags,
        excerpt=result.excerpt,
        packed_html=result.packed_html,
        packed_feed_html=packed_feed,
        description=result.description,
        toc=result.toc if entry.toc else (),
        reading_minutes=result.reading_minutes,
        lang=language_of(entry, result, site_language),
        meta=entry.meta,
        dated=entry.dated,
        diagrams=result.diagrams,
        title_id=result.title_id,
        comments=entry.comments if entry.comments is not None else entry.kind is Kind.POST,
        in_feed=(feed_url, entry.slug) if feed_url is not None else None,
    )
