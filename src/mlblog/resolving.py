"""The stage after indexing: links between posts become URLs, and the images beside a
source (or carried by a notebook) are copied or written beside its page, with their sizes."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mlblog.content.model import Entry
from mlblog.diagnostics import Diagnostic, Report
from mlblog.image_sizes import ImageSizes, Size
from mlblog.index import SiteIndex
from mlblog.link_check import page_ids
from mlblog.links import resolve
from mlblog.packed import pack
from mlblog.render.result import Rendered
from mlblog.urls import Urls, output_file
from mlblog.wiki_targets import FileFinder, NoteNames, file_finder


def resolve_references(
    site_dir: Path,
    index: SiteIndex,
    rendered: dict[str, Rendered],
    urls: Urls,
    report: Report,
    sizes: ImageSizes,
    left_out: Iterable[tuple[Entry, Diagnostic]] = (),
) -> tuple[dict[str, Rendered], dict[str, bytes], dict[str, str], dict[str, bytes]]:
    """Links between posts become URLs; images beside a source are copied beside its page,
    with their sizes, and the images a notebook carries (its outputs) are written there.
    Feed HTML (packed) only for the entries whose feed version differs from their page's.
    `left_out`: the posts and pages this build leaves out, with why (a link to one says so)."""
    final: dict[str, Rendered] = {}
    feed_html: dict[str, bytes] = {}
    copies: dict[str, str] = {}
    generated: dict[str, bytes] = {}
    static_size = _static_image_size(sizes)
    find_file = file_finder(site_dir)  # (lists content/ and static/ when first asked)
    notes = NoteNames(index.urls, {e.path: why.message for e, why in left_out})
    ids: dict[str, frozenset[str]] = {}  # of the pages linked to a heading by its text

    def ids_of(path: str) -> frozenset[str]:
        if path not in ids:
            ids[path] = page_ids(rendered[path]) if path in rendered else frozenset()
        return ids[path]

    for entry in (*index.posts, *index.pages):
        result = rendered[entry.path]
        if not (result.links or result.assets or entry.source.attachments) and not any(
            kind == "image" for _, kind, _ in result.site_links
        ):
            final[entry.path] = result  # most posts: nothing to resolve
            continue
        folder = output_file(index.url(entry)).rpartition("/")[0]
        beside = posixpath.dirname(entry.path)
        attached = {posixpath.join(beside, name): data for name, data in entry.source.attachments}
        exists = _exists(site_dir, attached)
        resolved = resolve(
            entry.path, entry.source.file_line, folder, result, index.urls, urls.href,
            urls.absolute, exists, sizes.of(attached), static_size,
            partial(_find_in, find_file, exists), notes, partial(_anchors, rendered), ids_of,
        )  # fmt: skip
        report.extend(resolved.problems)
        copies.update((t, s) for t, s in resolved.copies.items() if s not in attached)
        generated.update((posixpath.join(folder, n), d) for n, d in entry.source.attachments)
        if resolved.html is not None:
            result = replace(result, packed_html=pack(resolved.html))
        final[entry.path] = result
        if resolved.feed_html is not None:
            feed_html[entry.path] = pack(resolved.feed_html)
    return final, feed_html, copies, generated


def _static_image_size(sizes: ImageSizes) -> Callable[[str], Size | None]:
    """The size of the image a site path serves from static/ (`/img/a.png`)."""
    size = sizes.of({})

    def at(url: str) -> Size | None:
        path = unquote(urlsplit(url).path).lstrip("/")
        if not path or any(part in ("", ".", "..") for part in path.split("/")):
            return None
        return size(f"static/{path}")  # (where the site copies static/ from)

    return at


def _anchors(rendered: Mapping[str, Rendered], path: str) -> tuple[tuple[str, str], ...]:
    """Where the ids of a source's headings differ from the ids their texts give."""
    found = rendered.get(path)
    return found.anchors if found is not None else ()


def _find_in(
    find_file: FileFinder, exists: Callable[[str], bool], source: str, name: str
) -> str | None:
    return find_file(source, name, exists)


def _exists(site_dir: Path, attached: Mapping[str, bytes]) -> Callable[[str], bool]:
    """Whether a site-relative file exists: on disk, or among a notebook's images."""
    return lambda relative: relative in attached or (site_dir / relative).is_file()
