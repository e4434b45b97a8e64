"""Once the pages are made: links and images given by a site path (`/posts/x/`,
`/img/a.png`) must name a file the site writes, and `#anchors` (on the page itself, on
another page, or after a link to a Markdown file) an id on their page; so must the
site-path links of site.yaml's menu.

Links to Markdown files and images beside a source are checked when they are resolved
(mlblog.links); this covers what only the finished site can answer.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection, Mapping
from functools import partial
from urllib.parse import unquote, urlsplit

from mlblog.config import CONFIG_FILE, Config
from mlblog.diagnostics import Diagnostic, warning
from mlblog.index import SiteIndex
from mlblog.links import (
    dendron_order,
    link_fragment,
    linked_source,
    named_with_mark,
    written_link,
)
from mlblog.render.result import Rendered
from mlblog.urls import output_file
from mlblog.wiki_targets import NoteNames

_ID = re.compile(r'\sid="([^"]*)"')
# A `#fragment` goes to an `<a name>` too (语雀 writes one above each heading)
_NAMED = re.compile(r'<a\s[^<>]*?\bname="([^"]*)"')


def check_site_links(
    index: SiteIndex, rendered: Mapping[str, Rendered], *outputs: Collection[str]
) -> list[Diagnostic]:
    """`rendered`: each source's final document; `outputs`: the names of every file the
    site writes. Most sites link by file or not at all: then nothing is looked up."""
    linking = [e for e in (*index.posts, *index.pages) if _links_of(rendered[e.path])]
    if not linking:
        return []
    written = frozenset().union(*outputs)
    source_of_file = {output_file(url): path for path, url in index.urls.items()}
    ids: dict[str, frozenset[str]] = {}
    notes = NoteNames(index.urls)  # (wiki links name notes by their file names)

    def ids_of(path: str) -> frozenset[str]:
        if path not in ids:
            ids[path] = page_ids(rendered[path])
        return ids[path]

    problems: list[Diagnostic] = []
    for entry in linking:
        result = rendered[entry.path]
        at = entry.source.file_line
        for line, kind, url in result.site_links:
            parts = urlsplit(url)
            target: str | None = entry.path
            if not url.startswith("#"):
                found = _written_file(unquote(parts.path), written.__contains__)
                if found is None:
                    said = _named_with_mark(kind, url, written) or _missing(kind, url)
                    problems.append(warning(entry.path, at(line), said))
                    continue
                target = source_of_file.get(found)
            if parts.fragment and target and unquote(parts.fragment) not in ids_of(target):
                problems.append(
                    warning(entry.path, at(line), f"link to a missing heading: {unquote(url)}")
                )
        for line, link in result.links:
            link = dendron_order(entry.path, link, notes) or link
            if not link_fragment(link):
                continue
            target = linked_source(entry.path, link, index.urls, notes)
            if target is None:
                continue
            fragment = link_fragment(link, rendered[target].anchors, partial(ids_of, target))
            if unquote(fragment) not in ids_of(target):
                said = f"link to a missing heading: {unquote(written_link(link))}"
                problems.append(warning(entry.path, at(line), said))
    return problems


def page_ids(result: Rendered) -> frozenset[str]:
    """The ids a rendered document's page has, its title's included: where `#anchors` go."""
    page = result.html
    found = _ID.findall(page) + (_NAMED.findall(page) if " name=" in page else [])
    title = [result.title_id] if result.title_id else []  # its <h1>'s
    return frozenset([*(html.unescape(value) for value in found), *title])


def _missing(kind: str, url: str) -> str:
    """The warning for a site path that names no file: for an image, where it belongs (a
    Hexo or Hugo post's `/images/a.png` was in source/images/ or static/images/)."""
    if kind != "image":
        return f"link to a missing page: {unquote(url)}"
    path = unquote(urlsplit(url).path).lstrip("/")
    where = f"a path from the site root is a file in static/: static/{path}"
    return f"image not found: {unquote(url)} ({where})"


def _named_with_mark(kind: str, url: str, written: Collection[str]) -> str | None:
    """For `/img/fig#1.png`, when the site has a file `img/fig#1.png` (static/img/): a `#`
    (or `?`) in a URL ends its path, so the browser asks for `/img/fig`; the warning says
    how to write the name, not where to put a file that is there already."""
    path = unquote(url)
    mark = next((m for m in "#?" if m in path), None)
    if mark is None or (found := _written_file(path, written.__contains__)) is None:
        return None
    return named_with_mark("image" if kind == "image" else "link", path, f"the site's {found}")


def check_menu(config: Config, *outputs: Collection[str]) -> list[Diagnostic]:
    """Menu entries (site.yaml) that point at a site path no file is written for, each
    reported on its `url:` line."""
    problems = []
    for number, item in enumerate(config.menu):
        if urlsplit(item.url).scheme or item.url.startswith(("#", "//")):
            continue  # another site, mail, a phone (`about/` is a site path, as url() places it)
        path = "/" + unquote(urlsplit(item.url).path).lstrip("/")
        if _written_file(path, lambda name: any(name in o for o in outputs)) is None:
            problems.append(
                warning(CONFIG_FILE, config.line("menu", str(number), "url"), f'menu '
                        f'"{item.name}" links to {item.url}, where the site has no page')
            )  # fmt: skip
    return problems


def _links_of(result: Rendered) -> bool:
    """Whether a document links by site path or anchor, or to a Markdown file's anchor."""
    return bool(result.site_links) or any("#" in link for _, link in result.links)


def _written_file(path: str, written: Callable[[str], bool]) -> str | None:
    """The output file a site path reaches, as a static server finds it: `/posts/x/` and
    `/posts/x` serve `posts/x/index.html`. `written`: whether the site writes a file."""
    relative = output_file(path)
    if written(relative):
        return relative
    folder_index = relative + "/index.html"
    return folder_index if written(folder_index) else None
