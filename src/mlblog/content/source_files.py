"""Which files under content/ are posts and pages: each one's path, and a bundle's assets
(a folder holding index.md is one post), found with symlinks followed only inside the
site; and the Markdown that no build reads, which the author is told of."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from mlblog.diagnostics import Diagnostic, error, warning
from mlblog.symlinks import LOOPS_BACK, link_target

POSTS_DIR = "content/posts"
PAGES_DIR = "content/pages"
BUNDLE_INDEX = "index.md"
NOTEBOOK_SUFFIX = ".ipynb"
# Quarto's and R Markdown's sources are Markdown too (render.quarto and render.fenced_divs
# read their syntax): a Quarto blog's posts are posts/name/index.qmd.
PANDOC_SUFFIXES = (".qmd", ".Rmd", ".rmd")
# the files that are posts and pages
SOURCE_SUFFIXES = (".md", ".markdown", NOTEBOOK_SUFFIX, *PANDOC_SUFFIXES)
# index.md wins when several exist
BUNDLE_INDEXES = (BUNDLE_INDEX, "index" + NOTEBOOK_SUFFIX, *("index" + s for s in PANDOC_SUFFIXES))


def stray_sources(site_dir: Path) -> list[Diagnostic]:
    """Markdown under content/ that no build reads: a post at content/a.md or in Hugo's
    content/post/ was left out without a word. Only content/'s top and the folders in it
    are listed (an attachments folder of many images costs one listing)."""
    content = site_dir / "content"
    homes = {POSTS_DIR.rpartition("/")[2], PAGES_DIR.rpartition("/")[2]}
    try:
        with os.scandir(content) as listing:
            entries = sorted(listing, key=_name)
    except OSError:
        return []
    homes_are = f"posts go in {POSTS_DIR}/ and pages in {PAGES_DIR}/"
    problems: list[Diagnostic] = []
    for entry in entries:
        if entry.name.startswith((".", "_")) or entry.name in homes:
            continue
        rel = f"content/{entry.name}"
        if entry.is_file() and entry.name.endswith(SOURCE_SUFFIXES):
            problems.append(warning(rel, None, f"not built: {homes_are}; move it there"))
        elif entry.is_dir() and _holds_sources(entry.path):
            problems.append(
                warning(rel + "/", None, f"not built: {homes_are} (Hugo's content/post/, "
                        f"Hexo's source/_posts/, Jekyll's _posts/); move its files there")
            )  # fmt: skip
    return problems


def _holds_sources(folder: str) -> bool:
    """Whether a folder holds a post or page file, or a bundle folder (`x/index.md`)."""
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.name.startswith((".", "_")):
                    continue
                if entry.is_file() and entry.name.endswith(SOURCE_SUFFIXES):
                    return True
                if entry.is_dir() and any(
                    os.path.isfile(os.path.join(entry.path, name)) for name in BUNDLE_INDEXES
                ):
                    return True
    except OSError:
        pass
    return False


def count_sources(site_dir: Path) -> int:
    """About how many posts and pages there are (a quick count of source files, for
    deciding early how much work a build will be)."""
    return sum(
        sum(1 for name in names if name.endswith(SOURCE_SUFFIXES))
        for folder in (POSTS_DIR, PAGES_DIR)
        for _, _, names in os.walk(site_dir / folder)
    )


def _contains(folder: str, path: str) -> bool:
    """Whether `path` is `folder` or inside it (both real paths)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def source_files(
    root: Path, site_dir: Path, problems: list[Diagnostic]
) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(site-relative path, file path, site-relative assets) of each post or page; a folder
    holding index.md is one post with its assets.

    Symlinks are followed once when they stay inside the site; one that leads outside
    it, loops, or dangles is skipped with a warning (a build must not read /etc).
    Paths stay strings: this runs over every file on every rebuild, and making a Path
    object per file and name was most of a 10,000-post site's 0.25 s here.
    """
    top = str(root)
    if not os.path.isdir(top):
        return
    site = site_dir.resolve()
    top_rel = root.relative_to(site_dir).as_posix()
    visited = {os.path.realpath(top)}

    def relative(path: str) -> str:  # every path _walk(top) gives starts with top
        return top_rel + path[len(top) :].replace(os.sep, "/")

    def usable(entry: os.DirEntry[str]) -> bool:
        """A name that is no symlink, or one to follow."""
        if not entry.is_symlink():
            return True
        target, why = link_target(Path(entry.path), site)
        if target is None:
            problems.append(warning(relative(entry.path), None, why))
            return False
        return True

    def unreadable(path: str, exc: OSError) -> None:
        problems.append(error(relative(path), None, f"cannot read: {exc.strerror}"))

    for here, folders, files in _walk(top, unreadable):
        kept = []
        for folder in sorted(folders, key=_name):
            if folder.name.startswith((".", "_")) or not usable(folder):
                continue
            real = os.path.realpath(folder.path)
            if real in visited:  # a second way into a folder already read, or a loop
                if _contains(real, os.path.realpath(here)):
                    problems.append(warning(relative(folder.path), None, LOOPS_BACK))
                continue
            visited.add(real)
            kept.append(folder)
        folders[:] = kept
        visible = sorted((f for f in files if not f.name.startswith(".") and usable(f)), key=_name)
        index = _bundle_index(visible) if here != top else None
        if index is not None and index.name == BUNDLE_INDEX:
            for twin in (f for f in visible if f.name == BUNDLE_INDEXES[1]):
                problems.append(
                    warning(relative(twin.path), None, f"not a post: {BUNDLE_INDEX} beside it "
                            "is the folder's post (one post a folder); it is copied as a file")
                )  # fmt: skip
        if index is not None:
            assets = [relative(f.path) for f in visible
                      if f is not index and not f.name.endswith(".md")]  # fmt: skip
            for sub in folders:  # a bundle's subfolders hold its images, not posts
                assets.extend(
                    relative(str(p))
                    for p in sorted(Path(sub.path).rglob("*"))
                    if p.is_file() and p.suffix != ".md" and p.resolve().is_relative_to(site)
                )
            folders[:] = []
            yield relative(index.path), index.path, tuple(assets)
            continue
        for file in visible:
            if file.name.endswith(SOURCE_SUFFIXES):
                yield relative(file.path), file.path, ()


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _bundle_index(files: list[os.DirEntry[str]]) -> os.DirEntry[str] | None:
    by_name = {f.name: f for f in files}
    return next((by_name[name] for name in BUNDLE_INDEXES if name in by_name), None)


def _walk(
    top: str, unreadable: Callable[[str, OSError], None]
) -> Iterator[tuple[str, list[os.DirEntry[str]], list[os.DirEntry[str]]]]:
    """os.walk(top, followlinks=True) with each name's DirEntry, which says whether it is a
    symlink without a system call where the file system lists file types (nearly all do):
    a 10,000-post site's rebuild spent ~0.05 s asking it of every file. The caller may
    prune the folders list, as with os.walk. A folder that cannot be listed is told to
    `unreadable` (skipped quietly, its posts' pages would go from the output)."""
    pending = [top]
    while pending:
        here = pending.pop()
        try:
            with os.scandir(here) as listing:
                entries = list(listing)
        except OSError as exc:
            unreadable(here, exc)
            continue
        folders: list[os.DirEntry[str]] = []
        files: list[os.DirEntry[str]] = []
        for entry in entries:
            try:
                is_folder = entry.is_dir()  # follows symlinks
            except OSError:
                is_folder = False
            (folders if is_folder else files).append(entry)
        yield here, folders, files
        pending.extend(folder.path for folder in reversed(folders))  # in order, depth first
