"""Two things made for one address: a post at a page the site makes (content/pages/tags.md
and the list of tags), a category and a tag at one URL, a redirect (`aliases`) or an old
feed address at a page or a file. Only one of them could be written: each is an error
that names both."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mlblog.config import CONFIG_FILE, Config
from mlblog.content.addresses import address_key
from mlblog.diagnostics import Diagnostic, error
from mlblog.index import SiteIndex
from mlblog.routes import ALIAS_TEMPLATE, ARCHIVES, ENTRY_TEMPLATES, FEED_ALIAS, Route
from mlblog.urls import output_file
from mlblog.views import Pager


def url_clashes(
    routes: Sequence[Route],
    index: SiteIndex,
    files: Mapping[str, str] | None = None,
    config: Config | None = None,
) -> list[Diagnostic]:
    """Two pages made for one URL: a post or page at a URL the site makes a page of its
    own for (content/pages/tags.md and the list of tags), or a category and a tag that
    permalinks put at one URL; or a redirect (`aliases`) at one of the site's pages, or
    at one of the `files` (output name → what it is) the site copies or makes besides
    its pages. Only one of them could be written. URLs are compared by the file that
    serves them: `/index.html` is `/`. `config`: where site.yaml's errors are, by line."""
    config = config if config is not None else Config(title="")
    sources = {url: path for path, url in index.urls.items()}
    first: dict[str, Route] = {}
    problems: list[Diagnostic] = []
    for route in routes:
        name = output_file(route.url)
        if _moved(route) and files:
            # (a folder's index.html cannot be where a file of that name is: /me.pdf/)
            folder = name.removesuffix("/index.html")
            if (there := files.get(name) or files.get(folder)) is not None:
                problems.append(_moved_clash(route, there, config))
                continue
        other = first.setdefault(name, route)
        if other is not route and (_moved(route) or _moved(other)):
            moved, taken = (route, other) if _moved(route) else (other, route)
            what = f"the URL of {sources[taken.url]}" if taken.url in sources else _what(taken)
            problems.append(_moved_clash(moved, what, config))
            continue
        entries = (route.template in ENTRY_TEMPLATES) + (other.template in ENTRY_TEMPLATES)
        if other is route or entries == 2:  # (two entries at one URL: mlblog.index tells)
            continue
        if (_page(route) > 1 and _page(other) > 1) or (_term_feed(route) and _term_feed(other)):
            continue  # the clash of their first pages says it (of the terms' pages: their feeds')
        if entries:
            entry, generated = (
                (route, other) if route.template in ENTRY_TEMPLATES else (other, route)
            )
            problems.append(_entry_clash(index, sources[entry.url], entry.url, _what(generated)))
        else:
            line = _permalink_line(config, route, other)
            problems.append(
                error(CONFIG_FILE, line, f"URL {route.url} is both {_what(other)} and "
                      f"{_what(route)} (change `permalinks:` so that they differ)")
            )  # fmt: skip
    return problems


def _entry_clash(index: SiteIndex, path: str, url: str, what: str) -> Diagnostic:
    entry = next(e for e in (*index.posts, *index.pages) if e.path == path)
    key = address_key(entry.meta)
    if entry.address is not None and key is not None:  # its own address: that is to change
        return error(path, entry.source.line_of(key), f"URL {url} is also {what} (change "
                     f"its `{key}:`)")  # fmt: skip
    return error(path, None, f"URL {url} is also {what} (change its `slug:`, or "
                 "`permalinks:` in site.yaml)")  # fmt: skip


def _moved(route: Route) -> bool:
    """A redirect (`aliases`) or the feed at an old address (`feed_aliases`)."""
    return route.template == ALIAS_TEMPLATE or FEED_ALIAS in route.context


def _moved_clash(route: Route, what: str, config: Config) -> Diagnostic:
    if FEED_ALIAS in route.context:
        aliases = config.feed_aliases
        number = str(aliases.index(route.url)) if route.url in aliases else ""
        line = config.line("feed_aliases", number) or config.line("feed_aliases")
        return error(CONFIG_FILE, line, f"feed_aliases: {route.url} is already {what}; the "
                     "feed cannot be there")  # fmt: skip
    return _alias_clash(route, what)


def _alias_clash(alias: Route, what: str) -> Diagnostic:
    return error(alias.context["source"], alias.context["line"],
                 f"aliases: {alias.url} is already {what}; a redirect cannot be there")  # fmt: skip


def _permalink_line(config: Config, *routes: Route) -> int | None:
    """The line of the `permalinks:` key that put a term's pages at a clashing URL."""
    kinds = [r.context["kind"] for r in routes if r.template in ("term.html", "atom.xml")]
    lines = [config.line("permalinks", kind) for kind in kinds if kind]
    return max((line for line in lines if line), default=config.line("permalinks"))


def _what(route: Route) -> str:
    """A generated page, as a message names it."""
    context, number = route.context, _page(route)
    if route.template == "term.html":
        page = f" (page {number})" if number > 1 else ""
        return f'the {context["kind"]} "{context["term"]}"{page}'
    if route.template == "terms.html":
        return {"category": "the list of categories", "tag": "the list of tags"}.get(
            context["kind"], "the list of series"
        )
    if route.template == "index.html":
        return f"page {number} of the home page" if number > 1 else "the home page"
    if route.template == "archive.html":
        years = context["years"]
        return f"the archive of {years[0][0]}" if route.url != ARCHIVES else "the archives"
    if route.template == "search.html":
        return "the search page"
    if route.template == "atom.xml":
        term = context.get("term")
        return f'the feed of the {context["kind"]} "{term}"' if term else "the feed"
    return f"the site's {route.template}"


def _term_feed(route: Route) -> bool:
    return route.template == "atom.xml" and route.context.get("term") is not None


def _page(route: Route) -> int:
    pager = route.context.get("pager")
    return pager.number if isinstance(pager, Pager) else 1
