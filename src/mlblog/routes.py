"""SiteIndex + Config → every output page as a Route(url, template, context)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from html import escape
from typing import Any

from mlblog.config import Config
from mlblog.content.model import LANG_KEYS, Entry
from mlblog.content.source import Kind
from mlblog.feeds import SITE_FEED, feed_content, feed_context, term_feed_url
from mlblog.index import SiteIndex, Term, paginate
from mlblog.kept import Kept
from mlblog.packed import unpack
from mlblog.render.feed_math import mathml_only
from mlblog.render.result import CJK_CHAR, Rendered, TocItem
from mlblog.render.title_math import plain_title
from mlblog.urls import Urls, output_file, paged


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


@dataclass(frozen=True, slots=True)
class EntryView(PostSummary):
    """What a post's or page's own page, and the feed, see of it (`html`, `feed_html`)."""

    packed_html: bytes  # mlblog.packed
    packed_feed_html: bytes  # what feed_html is made from: images' URLs full
    description: str  # the excerpt without placeholders: <meta name="description">, the feed
    toc: tuple[TocItem, ...]
    dated: bool  # mlblog.content.model.Entry.dated
    diagrams: bool = False  # Rendered.diagrams: the page loads mermaid.js
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
        shown = {1, self.total, *range(self.number - PAGER_WINDOW, self.number + PAGER_WINDOW + 1)}
        items: list[tuple[int | None, str]] = []
        previous = 0
        for number in sorted(n for n in shown if 1 <= n <= self.total):
            if number - previous == 2:  # a gap of one page shows that page, not "…"
                items.append((previous + 1, paged(self.base, previous + 1)))
            elif number - previous > 2:
                items.append((None, ""))
            items.append((number, paged(self.base, number)))
            previous = number
        return items

    @property
    def prev_url(self) -> str | None:
        return paged(self.base, self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return paged(self.base, self.number + 1) if self.number < self.total else None


@dataclass(frozen=True, slots=True)
class Route:
    url: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


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


def _in_feeds(index: SiteIndex, config: Config) -> dict[str, str]:
    """The posts the feeds show, each with its full URL: their feed HTML is made once
    (mlblog.feeds.feed_content), however many feeds show them."""
    limit, urls = config.feed_limit, Urls(config)
    posts = [*index.posts[:limit]]
    if config.term_feeds:
        posts += (p for t in (*index.categories, *index.tags) for p in t.posts[:limit])
    return {p.path: urls.absolute(index.url(p)) for p in posts}


def make_routes(
    index: SiteIndex,
    rendered: Mapping[str, Rendered],
    feed_html: Mapping[str, bytes],
    config: Config,
    kept: Views | None = None,
    titles: Mapping[str, str] | None = None,
) -> list[Route]:
    """`kept`: the views of the last routes made (serve), reused where nothing changed.
    `titles`: the HTML of titles with formulas, by source path."""
    in_feeds = _in_feeds(index, config)
    shown = (kept or Views()).update(index, rendered, feed_html, config.language, titles, in_feeds)
    views = {path: view for path, (view, _, _) in shown.items()}
    summaries = {path: summary for path, (_, summary, _) in shown.items()}
    archive = {path: archived for path, (_, _, archived) in shown.items()}
    home = [replace(summaries[p.path], pinned=True) if p.pin else summaries[p.path]
            for p in index.home]  # fmt: skip
    routes: list[Route] = []
    routes += _listing("/", "index.html", home, config.per_page, {})
    for post in index.posts:
        around = index.neighbours[post.path]
        routes.append(
            Route(views[post.path].url, "post.html", {
                "post": views[post.path],
                "newer": archive[around.newer.path] if around.newer else None,
                "older": archive[around.older.path] if around.older else None,
                "related": [archive[p.path] for p in index.related.get(post.path, ())],
            })
        )  # fmt: skip
    # A page at /404.html (Jekyll's and Hexo's 404.md, `permalink: /404.html`) is the
    # site's own "not found" page, in place of the theme's: the host serves it anywhere.
    own_404 = False
    for page in index.pages:
        url = views[page.path].url
        not_found = url == NOT_FOUND
        own_404 |= not_found
        routes.append(Route(url, "page.html", {"page": views[page.path], "not_found": not_found}))
    for kind, terms in (("category", index.categories), ("tag", index.tags)):
        routes += _taxonomy(kind, terms, summaries, config.per_page, config.term_feeds)
        if config.term_feeds:
            routes += [
                Route(term_feed_url(t.url), "atom.xml", feed_context(
                    t.posts, views, config.feed_limit, term_feed_url(t.url), t.url, kind, t.name
                ))
                for t in terms
            ]  # fmt: skip
    routes.append(Route(ARCHIVES, "archive.html", {"years": _years(index, archive)}))
    for year in index.years:
        chosen = [(year.year, [archive[p.path] for p in year.posts])]
        routes.append(Route(f"{ARCHIVES}{year.year}/", "archive.html", {"years": chosen}))
    routes.append(Route(SEARCH, "search.html", {}))
    if not own_404:
        routes.append(Route(NOT_FOUND, "404.html", {}))
    for entry in (*index.posts, *index.pages):
        line = entry.source.line_of("aliases" if "aliases" in entry.meta else "redirect_from")
        here = views[entry.path].url
        routes += [
            Route(alias, ALIAS_TEMPLATE, {"target": here, "source": entry.path, "line": line})
            for alias in entry.aliases
            if output_file(alias) != output_file(here)  # its own address: the post is there
        ]  # (an import writes the old address; permalinks: may then be set to the old style)
    feed = feed_context(index.posts, views, config.feed_limit, SITE_FEED, "/")
    # The same feed at the old site's addresses: a redirect page would be HTML there.
    routes.append(Route(SITE_FEED, "atom.xml", feed))
    # Each names itself as rel="self": a feed that names another address is flagged by
    # validators, and some readers move the subscription there.
    routes += [
        Route(path, "atom.xml", {**feed, "feed_url": path, FEED_ALIAS: True})
        for path in config.feed_aliases
    ]
    routes.append(Route("/sitemap.xml", "sitemap.xml", {"entries": _sitemap(routes, views)}))
    routes.append(Route("/robots.txt", "robots.txt", {}))
    return routes


ENTRY_TEMPLATES = ("post.html", "page.html")
ALIAS_TEMPLATE = "alias.html"  # a page at an old URL that sends the reader to the new one
# The site's own pages at fixed URLs (besides the home page's `/`).
ARCHIVES, SEARCH, NOT_FOUND = "/archives/", "/search/", "/404.html"
TERM_LISTS = {"category": "/categories/", "tag": "/tags/"}
SITE_PAGES = ("/", ARCHIVES, SEARCH, *TERM_LISTS.values())
FEED_ALIAS = "feed_alias"  # in the context of the feed written at an old feed's address


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
        title=plain_title(entry.title),
        title_html=title_html if title_html is not None else escape(entry.title),
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
        comments=entry.comments if entry.comments is not None else entry.kind is Kind.POST,
        in_feed=(feed_url, entry.slug) if feed_url is not None else None,
    )


def make_feed_html(routes: Sequence[Route]) -> None:
    """The feed HTML of every post the feeds among `routes` show, made now (in this process)
    and kept in its view: a post is in the site's feed, its category's and its tags', and
    the worker templating each feed would make it again."""
    for route in routes:
        if route.template == "atom.xml":
            for post in route.context["posts"]:
                post.feed_html  # noqa: B018 (made and kept by the property)


def _listing(
    base: str, template: str, posts: Sequence[PostSummary], per_page: int, extra: dict[str, Any]
) -> list[Route]:
    chunks = paginate(posts, per_page)
    return [
        Route(
            paged(base, number),
            template,
            {**extra, "posts": list(chunk), "pager": Pager(number, len(chunks), base)},
        )
        for number, chunk in enumerate(chunks, start=1)
    ]


def _taxonomy(
    kind: str,
    terms: Sequence[Term],
    views: Mapping[str, PostSummary],
    per_page: int,
    feeds: bool,
) -> list[Route]:
    """The list of terms, and each term's pages (`feed`: the term's own feed, or None)."""
    links = [(Link(t.name, t.url), len(t.posts)) for t in terms]
    routes = [Route(TERM_LISTS[kind], "terms.html", {"kind": kind, "terms": links})]
    for term in terms:
        posts = [views[p.path] for p in term.posts]
        feed = term_feed_url(term.url) if feeds else None
        extra = {"kind": kind, "term": term.name, "feed": feed}
        routes += _listing(term.url, "term.html", posts, per_page, extra)
    return routes


def _years(
    index: SiteIndex, views: Mapping[str, ArchiveItem]
) -> list[tuple[int, list[ArchiveItem]]]:
    return [(y.year, [views[p.path] for p in y.posts]) for y in index.years]


def _sitemap(
    routes: Sequence[Route], views: Mapping[str, EntryView]
) -> list[tuple[str, datetime | None]]:
    by_url = {v.url: v for v in views.values()}
    entries = []
    for route in routes:
        shown = route.template.endswith(".html") and route.template != ALIAS_TEMPLATE
        if shown and route.url != NOT_FOUND:
            view = by_url.get(route.url)
            # A date that is only the file's mtime changes with every checkout: none then.
            modified = (view.updated or (view.date if view.dated else None)) if view else None
            entries.append((route.url, modified))
    return entries
