"""SiteIndex + Config → every output page as a Route(url, template, context)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from mlblog.config import Config
from mlblog.content.model import Entry
from mlblog.feeds import SITE_FEED, feed_context, term_feed_url
from mlblog.index import SiteIndex, Term, paginate
from mlblog.render.result import Rendered
from mlblog.theme_strings import site_words
from mlblog.urls import Urls, output_file, paged
from mlblog.views import ArchiveItem, EntryView, Link, Pager, PostSummary, SeriesBox, Views


@dataclass(frozen=True, slots=True)
class Route:
    url: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def _in_feeds(index: SiteIndex, config: Config) -> dict[str, str]:
    """The posts the feeds show, each with its full URL: their feed HTML is made once
    (mlblog.feeds.feed_content), however many feeds show them."""
    limit, urls = config.feed_limit, Urls(config)
    posts = [*index.posts[:limit]]
    if config.term_feeds:
        posts += (p for t in (*index.categories, *index.tags) for p in t.posts[:limit])
        posts += (p for t in index.series for p in _newest_first(t)[:limit])
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
    boxes = _series_boxes(index, archive)
    for post in index.posts:
        around = index.neighbours[post.path]
        series = boxes.get(post.path, ())
        # a part of the post's series is in its box already: not again under "related"
        in_box = {id(part) for box in series for part in box.parts}
        related = [archive[p.path] for p in index.related.get(post.path, ())]
        routes.append(
            Route(views[post.path].url, "post.html", {
                "post": views[post.path],
                "newer": archive[around.newer.path] if around.newer else None,
                "older": archive[around.older.path] if around.older else None,
                "related": [item for item in related if id(item) not in in_box],
                "series": series,
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
    # (no list of series on a site that has none: an empty page no link leads to)
    taxonomies = (("category", index.categories), ("tag", index.tags), ("series", index.series))
    words = site_words(config.language, config.words)
    for kind, terms in taxonomies if index.series else taxonomies[:2]:
        routes += _taxonomy(kind, terms, summaries, config, words)
        if config.term_feeds:
            routes += [
                Route(term_feed_url(t.url), "atom.xml", feed_context(
                    _newest_first(t) if kind == "series" else t.posts, views,
                    config.feed_limit, term_feed_url(t.url), t.url, kind, t.name
                ))
                for t in terms
            ]  # fmt: skip
    # With posts of one year only, the archives are that year's page, byte for byte: the
    # year's address is the one search engines are given (it stays when a second year comes).
    only_year = f"{ARCHIVES}{index.years[0].year}/" if len(index.years) == 1 else ARCHIVES
    routes.append(
        Route(ARCHIVES, "archive.html", {"years": _years(index, archive), "canonical": only_year})
    )
    for year in index.years:
        chosen = [(year.year, [archive[p.path] for p in year.posts])]
        url = f"{ARCHIVES}{year.year}/"
        routes.append(Route(url, "archive.html", {"years": chosen, "canonical": url}))
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
    feed = feed_context(index.posts, views, config.feed_limit, SITE_FEED, "/", pages=index.pages)
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
TERM_LISTS = {"category": "/categories/", "tag": "/tags/", "series": "/series/"}
SITE_PAGES = ("/", ARCHIVES, SEARCH, *TERM_LISTS.values())
# The pages at those addresses, as a message names them
SITE_PAGE_NAMES = {
    "/": "the home page", ARCHIVES: "the archives", SEARCH: "the search page",
    TERM_LISTS["category"]: "the list of categories", TERM_LISTS["tag"]: "the list of tags",
    TERM_LISTS["series"]: "the list of series",
}  # fmt: skip
FEED_ALIAS = "feed_alias"  # in the context of the feed written at an old feed's address


def make_feed_html(routes: Sequence[Route]) -> None:
    """The feed HTML of every post the feeds among `routes` show, made now (in this process)
    and kept in its view: a post is in the site's feed, its category's and its tags', and
    the worker templating each feed would make it again."""
    for route in routes:
        if route.template == "atom.xml":
            for post in route.context["posts"]:
                post.feed_html  # noqa: B018 (made and kept by the property)


SERIES_BOX_MIN = 2  # parts a series needs for its box to show on them (Hugo themes' too)


def _series_boxes(
    index: SiteIndex, archive: Mapping[str, ArchiveItem]
) -> dict[str, tuple[SeriesBox, ...]]:
    """Each part's boxes, one per series it is in, as its front matter orders them; by
    source path. A series' list of parts is one tuple shared by all its boxes: a page's
    cache key hashes it once a build."""
    shown = {
        t.slug: (Link(t.name, t.url), tuple(archive[p.path] for p in t.posts))
        for t in index.series
        if len(t.posts) >= SERIES_BOX_MIN
    }
    boxes: dict[str, tuple[SeriesBox, ...]] = {}
    for term in index.series:
        for post in term.posts if term.slug in shown else ():
            if post.path not in boxes:
                boxes[post.path] = tuple(
                    SeriesBox(*shown[t.slug], t.posts.index(post) + 1)
                    for t in index.series_of(post)
                    if t.slug in shown
                )
    return boxes


def _newest_first(term: Term) -> tuple[Entry, ...]:
    """A series' parts as a feed lists them (its Term holds them in reading order)."""
    return tuple(sorted(term.posts, key=lambda p: (p.date, p.path), reverse=True))


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


_PLURALS = {"category": "categories", "tag": "tags", "series": "series"}  # theme_strings' names


def _taxonomy(
    kind: str,
    terms: Sequence[Term],
    views: Mapping[str, PostSummary],
    config: Config,
    words: Mapping[str, str],
) -> list[Route]:
    """The list of terms, and each term's pages (`feed`: the term's own feed, or None).
    `term_label` and `terms_label` name the kind in the site's words ("Series", "系列"):
    a template that shows them needs no table of kinds, which a new kind would miss."""
    labels = {"term_label": words[kind], "terms_label": words[_PLURALS[kind]]}
    links = [(Link(t.name, t.url), len(t.posts)) for t in terms]
    routes = [Route(TERM_LISTS[kind], "terms.html", {"kind": kind, "terms": links, **labels})]
    for term in terms:
        posts = [views[p.path] for p in term.posts]
        feed = term_feed_url(term.url) if config.term_feeds else None
        extra = {"kind": kind, "term": term.name, "feed": feed, **labels}
        routes += _listing(term.url, "term.html", posts, config.per_page, extra)
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
        # (nor a page whose <link rel="canonical"> names another: not for search engines)
        shown = shown and route.context.get("canonical", route.url) == route.url
        if shown and route.url != NOT_FOUND:
            view = by_url.get(route.url)
            # A date that is only the file's mtime changes with every checkout: none then.
            modified = (view.updated or (view.date if view.dated else None)) if view else None
            entries.append((route.url, modified))
    return entries
