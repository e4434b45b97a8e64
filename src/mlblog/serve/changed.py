"""Which pages a build changed: what decides whether an open tab reloads.

A tab reloads when the bytes of its own page changed, or when a file pages load (CSS,
JS, fonts, images) changed, which may change how any page looks. Feeds, the sitemap,
robots.txt and the search index are loaded by no page as it opens: they reload nothing,
or every edit would reload every tab (the feed changes with any post).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mlblog.packed import PackedFiles

# Outputs no page loads as it opens ("" is CNAME, .nojekyll).
NOT_LOADED_BY_PAGES = frozenset({"", ".xml", ".json", ".txt"})
# Past this many pages a build is told as "every page": the news of a template edit
# on a large site stays small.
MOST_NAMED = 100

Stamp = tuple[int, int, int] | None  # a copied file's inode, mtime and size; None: unreadable


@dataclass(frozen=True, slots=True)
class Outputs:
    """What a build serves, in a form that compares cheaply: generated files as their
    packed bytes (an unchanged page is the same object, build after build), copied files
    as the stat of their source."""

    files: Mapping[str, bytes]
    copies: Mapping[str, Stamp]


def outputs(files: Mapping[str, bytes], copies: Mapping[str, Path]) -> Outputs:
    packed = files.packed if isinstance(files, PackedFiles) else files
    return Outputs(packed, {name: _stamp(path) for name, path in copies.items()})


def _stamp(path: Path) -> Stamp:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def changed_pages(before: Outputs, after: Outputs) -> frozenset[str] | None:
    """The output names of the pages (HTML) whose bytes differ between two builds, made
    or removed ones included; None when every page may look different (a file pages load
    changed, or there was no site before)."""
    if not before.files and not before.copies:
        return None
    names: set[str] = set()
    for old, new in ((before.files, after.files), (before.copies, after.copies)):
        for name in old.keys() | new.keys():
            if old.get(name, _GONE) == new.get(name, _GONE):
                continue
            suffix = posixpath.splitext(name)[1].lower()
            if suffix == ".html":
                names.add(name)
            elif suffix not in NOT_LOADED_BY_PAGES:
                return None
    return frozenset(names) if len(names) <= MOST_NAMED else None


_GONE = object()
