"""What a wiki link names, once the site is known: a note by its file name, or a file
(an embedded image) by its name, found the way Obsidian finds them.

A note's name is its file name without the suffix, or its folder's name for a bundle's
index.md, matched without regard to case anywhere under content/; `[[folder/name]]` picks
one of two notes of the same name, and where no path fits, means Logseq's namespaced page
(`folder___name.md`). Titles and front matter `aliases:` (URL aliases in mlblog) are not
names: Obsidian matches file names, and so one title edit breaks no link.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from mlblog.content.source_files import BUNDLE_INDEXES, SOURCE_SUFFIXES
from mlblog.site_files import tree


def note_path(path: str) -> str:
    """`content/posts/lora.md` → `content/posts/lora`; a bundle's `…/lora/index.md` → `…/lora`."""
    folder, _, name = path.rpartition("/")
    if name in BUNDLE_INDEXES and folder:
        return folder
    return path[: -len(suffix)] if (suffix := _suffix(path)) else path


def _suffix(name: str) -> str:
    return next((s for s in SOURCE_SUFFIXES if name.lower().endswith(s)), "")


def _folded(name: str) -> str:
    """A name as matched: lower case, and composed (macOS writes é and 의 decomposed in file
    names; a link typed in a note has them composed)."""
    return unicodedata.normalize("NFC", name).lower()


class NoteNames:
    """The site's published notes by name; `left_out`: the notes this build leaves out
    (drafts, dated later, expired), with why, for a warning that says so."""

    def __init__(self, paths: Iterable[str], left_out: Mapping[str, str] | None = None) -> None:
        self._by_name: dict[str, list[str]] = {}
        for path in paths:
            name = _folded(note_path(path).rpartition("/")[2])
            self._by_name.setdefault(name, []).append(path)
        self._left_out = left_out or {}
        self._unpublished = NoteNames(self._left_out) if self._left_out else None

    def left_out(self, source_path: str, name: str) -> tuple[str, str] | None:
        """(path, why) of the left-out note `name` means, if it means one."""
        found = self._unpublished.find(source_path, name)[0] if self._unpublished else None
        return (found, self._left_out[found]) if found is not None else None

    def why_left_out(self, path: str) -> str | None:
        """Why this build leaves out the source at `path` (a draft, dated later), if it does."""
        return self._left_out.get(path)

    def find(self, source_path: str, name: str) -> tuple[str | None, list[str]]:
        """(the note `name` means from `source_path`, or None; every note it fits when it
        fits more than one). Of several, one in the linking note's folder is taken, else
        the one with the shortest path, as Obsidian takes it."""
        wanted = _folded(name.strip().strip("/"))
        wanted = wanted[: -len(suffix)] if (suffix := _suffix(wanted)) else wanted
        if wanted.startswith(("./", "../")):  # relative to the linking note's folder
            here = posixpath.dirname(note_path(source_path))
            wanted = _folded(posixpath.normpath(posixpath.join(here, wanted)))
        fits = self._by_name.get(wanted.rpartition("/")[2], [])
        if "/" in wanted:
            fits = [p for p in fits if ("/" + _folded(note_path(p))).endswith("/" + wanted)]
            if not fits:  # Logseq's page `ml/attention` is the file `ml___attention.md`
                fits = [p for mark in _NAMESPACE_MARKS for p in self._by_name.get(
                    wanted.replace("/", mark), [])]  # fmt: skip
        return _nearest(note_path(source_path), fits, note_path), fits if len(fits) > 1 else []


# How Logseq writes the `/` of a namespaced page's name in its file's name: `___` (its
# `:file/name-format :triple-lowbar`), `%2F` in older graphs (folded: lower case)
_NAMESPACE_MARKS = ("___", "%2f")


def _nearest(source: str, paths: list[str], key: Callable[[str], str]) -> str | None:
    folder = posixpath.dirname(source) + "/"
    return min(
        paths,
        key=lambda p: (posixpath.dirname(key(p)) + "/" != folder, p.count("/"), len(p), p),
        default=None,
    )


FileFinder = Callable[[str, str, Callable[[str], bool]], str | None]


def file_finder(site_dir: Path) -> FileFinder:
    """`find(source_path, name, exists)`: the site-relative file `![[name]]` shows: beside the
    note (or in its bundle), else a file of that name anywhere under content/ or static/
    (Obsidian's attachment folder: `content/attachments/`), the nearest one if several.
    content/ and static/ are listed once, on the first embed not beside its note."""
    listing: dict[str, list[str]] = {}

    def find(source_path: str, name: str, exists: Callable[[str], bool]) -> str | None:
        wanted = name.strip().lstrip("/")
        beside = posixpath.normpath(posixpath.join(posixpath.dirname(source_path), wanted))
        if not beside.startswith("../") and exists(beside):
            return beside
        if not listing:
            listing.update(_files_by_name(site_dir))
        lower = _folded(wanted)
        fits = [p for p in listing.get(lower.rpartition("/")[2], [])
                if ("/" + _folded(p)).endswith("/" + lower)]  # fmt: skip
        return _nearest(source_path, fits, lambda p: p)

    return find


def _files_by_name(site_dir: Path) -> dict[str, list[str]]:
    """Every file under content/ and static/ by its name in lower case, found as the build
    finds the files it copies (site_files.tree: symlinks inside the site followed once);
    those in hidden folders such as `.obsidian/` left out. Never empty."""
    found: dict[str, list[str]] = {"": []}
    for top in ("content", "static"):
        for relative, _ in tree(site_dir / top, f"{top}/", top, site_dir):
            if not any(part.startswith(".") for part in relative.split("/")):
                found.setdefault(_folded(relative.rpartition("/")[2]), []).append(relative)
    return found
