"""After rendering: links between posts become URLs, and local images are found on disk.

Render records `mlblog-link:N` markers and asset paths (render.references); only the
build knows every post's URL and the files beside each source, so it resolves them here.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import unescape
from urllib.parse import quote, unquote, urlsplit

from mlblog.content.source import BUNDLE_INDEXES
from mlblog.diagnostics import Diagnostic, warning
from mlblog.image_sizes import Size
from mlblog.render.result import ASSET_MARKER, LINK_MARKER, Rendered

_LINK = re.compile('href="' + re.escape(LINK_MARKER) + r'(\d+)"')
_ASSET = re.compile('src="' + re.escape(ASSET_MARKER) + r'(\d+)"')
_IMG = re.compile(r"<img\s[^>]*>", re.IGNORECASE)
_SIZED = re.compile(r"\s(?:width|height|style)\s*=", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Resolved:
    html: str | None  # None: the rendered HTML as it is (nothing to resolve)
    feed_html: str | None  # with absolute URLs for images, for feed readers; None: as html
    copies: dict[str, str]  # output-relative path → site-relative source path
    problems: list[Diagnostic]


def linked_source(source_path: str, link: str, url_of_source: Mapping[str, str]) -> str | None:
    """The source a link to a Markdown file names (`../lora.md#why`), if the site has it;
    a link to a bundle's folder means its index file."""
    folder = posixpath.dirname(source_path)
    wanted = posixpath.normpath(posixpath.join(folder, unquote(urlsplit(link).path)))
    if wanted in url_of_source:
        return wanted
    return next((f for name in BUNDLE_INDEXES if (f := f"{wanted}/{name}") in url_of_source), None)


def resolve(
    source_path: str,
    file_line: Callable[[int], int | None],
    page_folder: str,
    rendered: Rendered,
    url_of_source: Mapping[str, str],
    href: Callable[[str], str],
    absolute: Callable[[str], str],
    exists: Callable[[str], bool],
    size: Callable[[str], Size | None] = lambda _: None,
    size_at: Callable[[str], Size | None] = lambda _: None,
) -> Resolved:
    """The post's final HTML, the files to copy beside it, and warnings for broken ones.

    `file_line` maps a line of the body to one of the file; `href` and `absolute` make a
    site path a link; `exists` asks whether a source file exists, `size` what size in
    pixels an image file has (an image's page keeps its place while the image loads), and
    `size_at` the size of the image a site path serves (`/img/a.png`), if the site copies it.
    """
    folder = posixpath.dirname(source_path)
    problems: list[Diagnostic] = []
    targets: list[str] = []
    for line, link in rendered.links:
        parts = urlsplit(link)
        target = linked_source(source_path, link, url_of_source)
        url = url_of_source[target] if target is not None else None
        if url is None:
            problems.append(
                warning(source_path, file_line(line), f"link to a missing post: {link}")
            )
            targets.append(link)
        else:
            targets.append(href(url) + (f"#{parts.fragment}" if parts.fragment else ""))
    # images by site path (`/img/a.png`, copied from static/): their sizes by page URL
    by_src = {href(url): found for _, kind, url in rendered.site_links
              if kind == "image" and (found := size_at(url)) is not None}  # fmt: skip
    if not targets and not rendered.assets and not by_src:
        return Resolved(None, None, {}, problems)  # most posts: no need to unpack the HTML
    html = rendered.html
    if targets:
        html = _LINK.sub(lambda m: f'href="{targets[int(m.group(1))]}"', html)
    if by_src:
        html = _IMG.sub(lambda m: _sized_by_src(m[0], by_src), html)
    copies: dict[str, str] = {}
    on_page: list[str] = []
    in_feed: list[str] = []
    sizes: list[Size | None] = []
    for line, asset in rendered.assets:
        source = posixpath.normpath(posixpath.join(folder, asset))
        target = posixpath.normpath(posixpath.join(page_folder, asset))
        if source.startswith("../") or target.startswith("../") or not exists(source):
            problems.append(warning(source_path, file_line(line), f"image not found: {asset}"))
            on_page.append(quote(asset))
            in_feed.append(quote(asset))
            sizes.append(None)
            continue
        copies[target] = source
        on_page.append(href("/" + target))
        in_feed.append(absolute("/" + target))
        sizes.append(size(source))
    if not on_page:
        return Resolved(html, None, copies, problems)
    if any(sizes):
        html = _IMG.sub(lambda m: _sized(m[0], sizes), html)
    page_html = _ASSET.sub(lambda m: f'src="{on_page[int(m.group(1))]}"', html)
    feed_html = _ASSET.sub(lambda m: f'src="{in_feed[int(m.group(1))]}"', html)
    return Resolved(page_html, feed_html, copies, problems)


_SRC = re.compile(r'\ssrc="([^"]*)"')


def _sized_by_src(tag: str, by_src: Mapping[str, Size]) -> str:
    """An `<img>` of a site-path image with its width and height (see `_sized`)."""
    found = _SRC.search(tag)
    src = unescape(found[1]) if found is not None else ""  # (a&amp;b.png is a&b.png)
    if found is None or src not in by_src or _SIZED.search(tag):
        return tag
    width, height = by_src[src]
    return f'{tag[: found.end()]} width="{width}" height="{height}"{tag[found.end() :]}'


def _sized(tag: str, sizes: list[Size | None]) -> str:
    """An `<img>` of a local image with its width and height, unless the author gave it
    a size (`<img src="a.png" width="50%">`): the browser keeps the image's place while
    it loads, and the theme's `max-width: 100%; height: auto` scales it as before."""
    found = _ASSET.search(tag)
    if found is None or _SIZED.search(tag):
        return tag
    wanted = sizes[int(found[1])]
    if wanted is None:
        return tag
    return f'{tag[: found.end()]} width="{wanted[0]}" height="{wanted[1]}"{tag[found.end() :]}'
