"""Which pages a build changed: what decides whether an open tab reloads.

A tab reloads when the bytes of its own page changed, or when a file pages load (CSS,
JS, fonts, images) changed, which may change how any page looks. Feeds, the sitemap and
robots.txt are loaded by no page as it opens: they reload nothing, or every edit would
reload every tab (the feed changes with any post). The search index reloads the search
page only, whose results come from it (its query stays in the address); another page whose
header box had loaded it loads it again, without reloading.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mlblog.packed import PackedFiles
from mlblog.routes import SEARCH
from mlblog.site_files import SEARCH_FILE
from mlblog.urls import output_file

# Outputs no page loads as it opens ("" is CNAME, .nojekyll).
NOT_LOADED_BY_PAGES = frozenset({"", ".xml", ".json", ".txt"})
# Past this many pages a build is told as "every page": the news of a template edit
# on a large site stays small.
MOST_NAMED = 100
# Outputs a page shows as it opens without being one (fetched by its script), and that page.
SHOWN_BY = {SEARCH_FILE: output_file(SEARCH)}

Stamp = tuple[int, int, int] | None  # a copied file's inode, mtime and size; None: unreadable


@dataclass(frozen=True, slots=True)
class Outputs:
    """What a build serves, in a form that compares cheaply: generated files as their
    packed bytes (an unchanged page is the same object, build after build), copied files
    as the stat of their source, files made on first request (serve's search index) as
    the object that makes them (the builder keeps it while what it holds is unchanged)."""

    files: Mapping[str, bytes]
    copies: Mapping[str, Stamp]
    deferred: Mapping[str, object] = field(default_factory=dict)


def outputs(
    files: Mapping[str, bytes],
    copies: Mapping[str, Path],
    deferred: Mapping[str, object] | None = None,
) -> Outputs:
    packed = files.packed if isinstance(files, PackedFiles) else files
    stamps = {name: _stamp(path) for name, path in copies.items()}
    return Outputs(packed, stamps, dict(deferred or {}))


def _stamp(path: Path) -> Stamp:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def changed_pages(before: Outputs, after: Outputs) -> frozenset[str] | None:
    """The output names of the pages (HTML) whose bytes differ between two builds, made
    or removed ones included, and of those showing a changed file of SHOWN_BY, with that
    file's name (live.js has pages that fetched it fetch it again); None when every page
    may look different (a file pages load changed, or there was no site before)."""
    if not before.files and not before.copies:
        return None
    names: set[str] = set()
    compared = (
        (before.files, after.files),
        (before.copies, after.copies),
        (before.deferred, after.deferred),  # the same object while unchanged (no __eq__)
    )
    for old, new in compared:
        for name in old.keys() | new.keys():
            if old.get(name, _GONE) == new.get(name, _GONE):
                continue
            suffix = posixpath.splitext(name)[1].lower()
            if name in SHOWN_BY:  # itself too: a page that fetched it fetches it again
                names.update((SHOWN_BY[name], name))
            elif suffix == ".html":
                names.add(name)
            elif suffix not in NOT_LOADED_BY_PAGES:
                return None
    return frozenset(names) if len(names) <= MOST_NAMED else None


_GONE = object()
