"""What an importer finds in another generator's site folder."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from mlblog.diagnostics import Diagnostic
from mlblog.importers.convert import Dialect
from mlblog.importers.frontmatter import Rules

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")


@dataclass(frozen=True, slots=True)
class ForeignPost:
    file: Path
    rel: str  # relative to SRC with '/' separators
    name: str  # file stem or bundle folder: the fallback for date and slug
    keys: tuple[str, ...]  # the names other posts use to link to this one
    draft: bool  # from where it lies (`_drafts/`)
    asset_dirs: tuple[Path, ...]  # where relative image paths are looked up, in order
    categories: tuple[str, ...] = ()  # from where it lies (Jekyll's `ml/_posts/`)


# (post, its front matter as written, its date in the old site's time zone) → the site
# path the old site served it at (mlblog.importers.addresses), or None if unknown
Address = Callable[[ForeignPost, Mapping[str, Any], datetime], "str | None"]


@dataclass(frozen=True, slots=True)
class ForeignSite:
    generator: str  # "Hexo", "Jekyll", "Hugo"
    root: Path
    posts: tuple[ForeignPost, ...]
    static_dirs: tuple[Path, ...]  # where `/…` paths are looked up, in order
    dialect: Dialect
    rules: Rules
    problems: tuple[Diagnostic, ...] = ()  # files that look like posts but cannot be imported
    more_marker: str = ""  # Jekyll's excerpt_separator: where a listing's excerpt ends
    escaped_math: bool = (
        False  # Markdown ran before the math script (mlblog.importers.math_escapes)
    )
    address: Address | None = None  # by the site's permalink pattern
    base_path: str = "/"  # the path it lived under (Hexo's root, Jekyll's baseurl): "/blog/"
    archetype: Path | None = None  # what `mlblog new` may start from (Hexo's scaffolds/post.md)


def walk_files(root: Path) -> Iterator[Path]:
    """Files under root in path order, hidden ones left out."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def rel_to(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def without_suffix(rel: str) -> str:
    stem, dot, suffix = rel.rpartition(".")
    return stem if dot and "/" not in suffix else rel
