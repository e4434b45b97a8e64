"""What an importer finds in another generator's site folder."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from mlblog.diagnostics import Diagnostic, warning
from mlblog.importers.convert import Dialect
from mlblog.importers.frontmatter import Parsed, Rules

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")


@dataclass(frozen=True, slots=True)
class Translation:
    """The language an entry of a multilingual site is in (Hugo's `attention.en.md`)."""

    key: str  # the old site's name for it, its address folder (`/en/`): `en`, `zh-cn`
    tag: str  # the BCP 47 tag `lang:` takes (`en-US`): the site's languageCode, else the key
    default: bool  # the site's default language, whose entry keeps the shared slug
    # The host the old site served it at when that was another than the default language's
    # (Hugo's baseURL per language): old links to it never reach this site.
    host: str = ""


@dataclass(frozen=True, slots=True)
class ForeignPost:
    file: Path
    rel: str  # relative to SRC with '/' separators
    name: str  # file stem or bundle folder: the fallback for date and slug
    keys: tuple[str, ...]  # the names other posts use to link to this one
    draft: bool  # from where it lies (`_drafts/`)
    asset_dirs: tuple[Path, ...]  # where relative image paths are looked up, in order
    categories: tuple[str, ...] = ()  # from where it lies (Jekyll's `ml/_posts/`)
    # The folder it keeps under the posts' folder, when its name is how it is linked
    # (an Obsidian note's `ML/Attention 笔记`, for `[[Attention 笔记]]`): else YYYY-MM-DD-slug.
    bundle: str = ""
    translation: Translation | None = None  # on a site of more than one language


def translated_last(post: ForeignPost) -> bool:
    """A sort key putting the default language's posts first: they keep the slug they share
    with their translations (mlblog.commands.import_translations)."""
    return post.translation is not None and not post.translation.default


@dataclass(frozen=True, slots=True)
class ForeignPage:
    """A stand-alone page of the old site (about.md, 404.md): not in its feed."""

    file: Path
    rel: str  # relative to SRC with '/' separators
    name: str  # its folder under content/pages/: `about`, `docs-setup`
    asset_dirs: tuple[Path, ...]  # where relative image paths are looked up, in order
    title: str = ""  # the title the old theme gave it when its front matter gives none
    translation: Translation | None = None  # on a site of more than one language


# (post, its front matter as read) → the front matter mlblog's fields are read from (an
# Obsidian note's `created:` as `date:`, its inline #tags in `tags:`), and notes on it
Adapt = Callable[[ForeignPost, Parsed], tuple[Parsed, list[tuple[int, str]]]]

# (page, its front matter as written) → the site path the old site served it at, when
# the page gives no `permalink`/`url` of its own
PageAddress = Callable[[ForeignPage, Mapping[str, Any]], str]

# (post, its front matter as written, its date in the old site's time zone) → the site
# path the old site served it at (mlblog.importers.addresses), or None if unknown
Address = Callable[[ForeignPost, Mapping[str, Any], datetime], "str | None"]


@dataclass(frozen=True, slots=True)
class AliasRules:
    """How the old site turned a page-relative alias (Hugo's `aliases: [old-name]`) into
    an address."""

    ugly: bool = False  # `.html` after it, as Hugo adds under `uglyURLs`


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
    base_path: str | None = "/"  # the path it lived under (Hexo's root, Jekyll's baseurl):
    # "/blog/"; None for notes that were never a site (an Obsidian vault)
    archetype: Path | None = None  # what `mlblog new` may start from (Hexo's scaffolds/post.md)
    pages: tuple[ForeignPage, ...] = ()
    page_address: PageAddress | None = None  # where it served a page by its place
    adapt: Adapt | None = None  # front matter in the generator's own terms → mlblog's
    # Files by name in lower case, where a name alone finds one (Obsidian's `![[x.png]]`);
    # wiki embeds and links to files are then copied into the bundle too.
    files_by_name: Mapping[str, tuple[Path, ...]] | None = None
    # What was left out on purpose, and why, for the summary ("2 notes left out as …")
    left_out: tuple[str, ...] = ()
    bibliographies: tuple[Path, ...] = ()  # .bib files its citations cite from (al-folio)
    # (a post's front matter) → the site path its images are under (Chirpy's media_subpath)
    media_path: Callable[[Mapping[str, Any]], str | None] | None = None
    alias_rules: AliasRules = AliasRules()


# A page whose `layout:` (Jekyll, Hugo) or `type:` (Hexo) is one of these showed a list
# the old theme made from the posts; mlblog makes its own (value: where, by routes).
LISTING_LAYOUTS = {
    **dict.fromkeys(("tags", "tag", "tag-cloud"), "/tags/"),
    **dict.fromkeys(("categories", "category"), "/categories/"),
    **dict.fromkeys(("archive", "archives"), "/archives/"),
    "search": "/search/",
}


def page_name(rel: str) -> str:
    """A page's folder name from its path in the old site's content folder, which mlblog's
    flat content/pages/ cannot nest (a folder holding index.md is one page with its
    images): `about/index.md` → `about`, `docs/setup.md` → `docs-setup`."""
    stem = without_suffix(rel)
    parts = [part for part in stem.split("/") if part]
    if len(parts) > 1 and parts[-1] == "index":
        parts.pop()
    return "-".join(parts)


def starts_front_matter(file: Path) -> bool:
    """Whether the file opens with a `---` line, as Jekyll requires of a page (and a file
    without one is copied as it is)."""
    try:
        with file.open("rb") as handle:
            first = handle.readline(64)
    except OSError:
        return False
    return first.removeprefix(b"\xef\xbb\xbf").rstrip() == b"---"


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


def html_page(rel: str) -> Diagnostic:
    """The note on an HTML page with front matter (Jekyll's 404.html): a template of the
    old theme, Liquid and markup, more than a text."""
    not_found = rel.endswith(("404.html", "404.htm"))
    own = " (mlblog's theme has its own not-found page)" if not_found else ""
    return warning(rel, None, f"an HTML page is not imported{own}: mlblog's pages are "
                   "Markdown in content/pages/; copy what it says into one by hand")  # fmt: skip
