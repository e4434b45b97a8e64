"""The old site's stand-alone pages (about, 404) → content/pages/<name>/index.md, each at
the address the old site served it, so old links still lead to it.

Pages mlblog makes itself are not imported: the home page (said when it had text of its
own), and the lists of tags, categories and archives and the search page that a theme
made from the posts (always said).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any

from mlblog.commands.import_bundles import Entry, ImportResult, Links, rebase, skip, write_entry
from mlblog.commands.import_translations import with_lang
from mlblog.config import Config
from mlblog.content.addresses import address, address_key
from mlblog.content.source_files import BUNDLE_INDEX
from mlblog.diagnostics import MlblogError, error, warning
from mlblog.importers.frontmatter import FrontMatterError, Normalized, Parsed, normalize, split
from mlblog.importers.model import LISTING_LAYOUTS, ForeignPage, ForeignSite
from mlblog.importers.relative_aliases import as_files, place
from mlblog.routes import SITE_PAGE_NAMES
from mlblog.urls import Urls, output_file

# The pages mlblog makes at fixed addresses, as a note names them (the home page is said
# apart, as an old theme's own front page; the list of series is made only for a site with
# series)
_MADE = {path: what for path, what in SITE_PAGE_NAMES.items() if path not in ("/", "/series/")}
_HOME = "index.html"  # the output file of the site's `/`


@dataclass(frozen=True, slots=True)
class PagesInto:
    """Where pages go, and what decides their addresses."""

    folder: Path  # SITE/content/pages
    posts: Path  # where the posts went, for links from a page to one
    config: Config
    zone: tzinfo | None  # the old site's time zone, when site.yaml's differs
    prefix: str  # what puts the old site's addresses under this site's base_url


def import_pages(site: ForeignSite, into: PagesInto, links: Links, result: ImportResult) -> None:
    urls = Urls(into.config)
    made = {output_file(path): what for path, what in _MADE.items()}
    taken: dict[str, str] = {}  # folder name → the page that has it
    for page in site.pages:
        read = _read(page, site, into, result)
        if read is None:
            continue
        parsed, meta = read
        with_lang(meta, parsed, page.translation)
        if page.title and not meta.meta.get("title"):
            given = dict(meta.meta)  # (the title first, where front matter has it)
            meta.meta.clear()
            meta.meta.update({"title": page.title, **given})
        own = address_key(meta.meta)
        old = address(meta.meta[own]) if own else _located(site, page, parsed.meta)
        note = _made_by_mlblog(parsed, old, made)
        if note is not None:
            if note:
                result.problems.append(warning(page.rel, None, note))
            continue
        name = wanted = meta.slug
        number = 1
        while name in taken:  # Hexo's about.md and about/index.md, served apart
            number += 1
            name = f"{wanted}-{number}"
        if name != wanted:
            meta.meta["slug"] = name
        taken[name] = page.rel
        existing = next(
            (p for p in (into.folder / name, into.folder / f"{name}.md") if p.exists()), None
        )
        if existing is not None:  # the author's own (mlblog init's about.md), or imported before
            message = f"not imported: {existing} already exists (remove it to import this page)"
            skip(result, warning(page.rel, None, message), page=True)
            continue
        # A translation served at another host (Hugo's baseURL per language) was not here.
        elsewhere = page.translation is not None and bool(page.translation.host)
        if own is None and not elsewhere and output_file(old) != output_file(urls.page(name)):
            meta.meta["permalink"] = old  # where the old site served it: old links lead here
        rebase(meta, into.prefix)
        if into.prefix and address_key(meta.meta) is None and not meta.draft and not elsewhere:
            aliases = meta.meta.setdefault("aliases", [])
            aliases[:] = list(dict.fromkeys([*aliases, into.prefix + old]))
        result.problems.extend(warning(page.rel, line, text) for line, text in meta.notes)
        if site.alias_rules.ugly and (written := meta.meta.get("aliases")):
            meta.meta["aliases"] = as_files(written)  # as Hugo wrote them under uglyURLs
        if meta.relative_aliases:  # Hugo's, from the page's old address
            aliases = list(meta.meta.get("aliases", ()))
            key = address_key(meta.meta)
            here = {output_file(address(meta.meta[key]) if key else urls.page(name)): page.rel}
            relative, rules = meta.relative_aliases, site.alias_rules
            located = None if elsewhere else old
            notes = place(relative, located, into.prefix, here, page.rel, aliases, rules)
            meta.meta.update({"aliases": aliases} if aliases else {})
            result.problems.extend(warning(page.rel, line, text) for line, text in notes)
        _write(page, site, into, name, links, meta, parsed, result)


def _read(
    page: ForeignPage, site: ForeignSite, into: PagesInto, result: ImportResult
) -> tuple[Parsed, Normalized] | None:
    try:
        text = page.file.read_bytes().decode("utf-8-sig")
        if not text.strip():
            skip(result, warning(page.rel, None, "is empty; not imported"), page=True)
            return None
        parsed = split(text.replace("\r\n", "\n").replace("\r", "\n"), site.rules)
        mtime = page.file.stat().st_mtime
        tz = into.config.tz
        meta = normalize(parsed, page.name, False, mtime, site.rules, tz, into.zone, page=True)
    except OSError as exc:
        skip(result, error(page.rel, None, f"cannot read: {exc.strerror}; not imported"), True)
    except UnicodeDecodeError:
        skip(result, error(page.rel, None, "is not valid UTF-8; not imported"), page=True)
    except FrontMatterError as exc:
        skip(result, error(page.rel, exc.line, f"{exc.message}; not imported"), page=True)
    else:
        return parsed, meta
    return None


def _located(site: ForeignSite, page: ForeignPage, meta: Mapping[str, Any]) -> str:
    return site.page_address(page, meta) if site.page_address else f"/{page.name}/"


def _made_by_mlblog(parsed: Parsed, old: str, made: Mapping[str, str]) -> str | None:
    """A note when the page is one mlblog makes itself ('' to say nothing), else None."""
    if output_file(old) == _HOME:
        if not parsed.body.strip():
            return ""  # (minima's `layout: home`): the list of posts, which mlblog makes
        return ("the home page is not imported: mlblog's home page is the list of posts; "
                "copy what it says into a page by hand")  # fmt: skip
    for key in ("layout", "type"):  # Jekyll's and Hugo's layout, Hexo's type
        value = parsed.meta.get(key)
        where = LISTING_LAYOUTS.get(value.strip().lower()) if isinstance(value, str) else None
        if where is not None:
            return (f"not imported: the old theme made this page from the posts ({key}: "
                    f"{value}); mlblog makes {_MADE[where]} itself, at {where}")  # fmt: skip
    what = made.get(output_file(old))
    if what is not None:
        return f"not imported: its address {old} is {what}, which mlblog makes itself"
    return None


def _write(
    page: ForeignPage,
    site: ForeignSite,
    into: PagesInto,
    name: str,
    links: Links,
    meta: Normalized,
    parsed: Parsed,
    result: ImportResult,
) -> None:
    folder = into.folder / name
    try:
        into.folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MlblogError(error(str(into.folder), None, f"cannot create it: {exc}")) from None
    base = Path(os.path.relpath(into.posts, folder)).as_posix()
    entry = Entry(page.rel, page.asset_dirs, meta, parsed, folder, page=True)
    if write_entry(entry, site, links.seen_from(base), result):
        result.pages.append(folder / BUNDLE_INDEX)
