"""What `mlblog import` writes and tells, for posts and pages alike: one folder per entry
(index.md beside its images), and the tally the summary line reports."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mlblog.commands.new import ARCHETYPE
from mlblog.content.addresses import ADDRESS_KEYS, address
from mlblog.content.source_files import BUNDLE_INDEX
from mlblog.diagnostics import Diagnostic, error, warning
from mlblog.importers.assets import Finder, copy_cover, copy_images
from mlblog.importers.convert import convert
from mlblog.importers.frontmatter import Normalized, Parsed, dump
from mlblog.importers.math_escapes import unescape_math
from mlblog.importers.model import ForeignSite


@dataclass(slots=True)
class ImportResult:
    into: Path
    written: list[Path] = field(default_factory=list)  # the index.md of each imported post
    pages: list[Path] = field(default_factory=list)  # the index.md of each imported page
    pages_into: Path | None = None
    drafts: int = 0
    images: int = 0  # files copied into bundles (images, and files linked to)
    unconverted: int = 0  # constructs left as they were
    missing_images: int = 0
    skipped: int = 0  # posts not imported
    skipped_pages: int = 0  # pages that could not be read or are there already
    problems: list[Diagnostic] = field(default_factory=list)
    archetype: str = ""  # the old site's post template, copied to archetypes/post.md
    settings: str = ""  # the old site's settings that differ from site.yaml, as YAML to paste
    left_out: tuple[str, ...] = ()  # what SRC holds and was left out on purpose, and why
    bibliography: str = ""  # what became of the old site's .bib files, for the summary
    translations: str = ""  # what became of a multilingual site's translations, for the summary

    def summary(self) -> str:
        drafts = f" ({_count(self.drafts, 'draft')})" if self.drafts else ""
        parts = [
            f"{_count(self.images, 'file')} copied",
            f"{_count(self.unconverted, 'construct')} left unconverted",
        ]
        if self.missing_images:
            parts.append(f"{_count(self.missing_images, 'file')} not found")
        if self.skipped:
            parts.append(f"{_count(self.skipped, 'post')} skipped")
        if self.skipped_pages:
            parts.append(f"{_count(self.skipped_pages, 'page')} skipped")
        parts.extend(self.left_out)
        imported = f"{_count(len(self.written), 'post')}{drafts} into {self.into}"
        if self.pages:
            imported += f" and {_count(len(self.pages), 'page')} into {self.pages_into}"
        made = f"; {self.archetype} copied to {ARCHETYPE}" if self.archetype else ""
        made += f"; {self.bibliography}" if self.bibliography else ""
        made += f"; {self.translations}" if self.translations else ""
        return f"imported {imported}: {', '.join(parts)}{made}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def skip(result: ImportResult, problem: Diagnostic, page: bool = False) -> None:
    result.problems.append(problem)
    if page:
        result.skipped_pages += 1
    else:
        result.skipped += 1


class Links:
    """Imported posts by the names SRC uses for them (`post_url`, `post_link`, `ref`), as
    paths from the folder of the entry that links to them."""

    def __init__(self, posts: Iterable[tuple[tuple[str, ...], str, str]], base: str = "..") -> None:
        """`posts`: (names, bundle folder, title); `base`: the posts' folder, from the
        folder of the entry that links."""
        self._base = base
        self._posts = list(posts)
        self._by_key: dict[str, tuple[str, str] | None] = {}
        for keys, bundle, title in self._posts:
            value = (f"{base}/{bundle}/{BUNDLE_INDEX}", title)
            for key in dict.fromkeys(keys):
                known = self._by_key.get(key, value)
                self._by_key[key] = value if known == value else None  # None: ambiguous

    def seen_from(self, base: str) -> Links:
        return Links(self._posts, base)

    def link(self, name: str) -> tuple[str, str] | None:
        name = name.strip().strip("/")
        return self._by_key.get(name) or self._by_key.get(name.rpartition("/")[2])


def rebase(meta: Normalized, prefix: str) -> None:
    """The entry's old redirects under this site's base_url, and, when that differs from
    the old site's, a redirect from its own address as the old site served it."""
    if not prefix:
        return
    aliases = [prefix + alias for alias in meta.meta.get("aliases", ())]
    own = next((meta.meta[k] for k in ADDRESS_KEYS if meta.meta.get(k) not in (None, "")), None)
    if own is not None and not meta.draft:
        aliases.append(prefix + address(own))
    if aliases:
        meta.meta["aliases"] = list(dict.fromkeys(aliases))


def _body(meta: Normalized, parsed: Parsed, site: ForeignSite) -> str:
    """The body with its formulas as the old site's math script got them, and Jekyll's
    `excerpt_separator` (the post's, or the site's) made into mlblog's `<!--more-->`,
    which ends the excerpt at the same place."""
    own = meta.meta.pop("excerpt_separator", None)
    marker = own if isinstance(own, str) and own.strip() else site.more_marker
    body = unescape_math(parsed.body) if site.escaped_math else parsed.body
    # Jekyll's `render_with_liquid: false` and Hexo's `disableNunjucks: true`: the post's
    # tags are its text, as inside a raw block (on the first line: lines keep their numbers)
    liquid = meta.meta.pop("render_with_liquid", None)
    nunjucks = meta.meta.pop("disableNunjucks", None)
    if site.dialect.raw_blocks and (liquid is False or nunjucks is True):
        body = "{% raw %}" + body + "{% endraw %}"
    if not marker.strip() or marker.strip() == "<!--more-->" or marker not in body:
        return body
    return body.replace(marker, "<!--more-->" + "\n" * marker.count("\n"), 1)  # same lines


@dataclass(frozen=True, slots=True)
class Entry:
    """One post or page to write: where it was, what it became."""

    rel: str  # in SRC, for reports
    asset_dirs: tuple[Path, ...]
    meta: Normalized
    parsed: Parsed
    folder: Path  # its bundle: created here, never one that exists
    page: bool = False


def write_entry(entry: Entry, site: ForeignSite, links: Links, result: ImportResult) -> bool:
    """Convert the entry, copy its images beside it and write its folder; False (said)
    when it could not be written."""
    rel, folder = entry.rel, entry.folder
    converted = convert(_body(entry.meta, entry.parsed, site), entry.parsed.body_line,
                        site.dialect, links)  # fmt: skip
    media = site.media_path(entry.parsed.meta) if site.media_path else None
    media_dir = site.root / media.strip("/") if media else None
    finder = Finder(site.root, entry.asset_dirs, site.static_dirs, site.files_by_name, media_dir)
    body, bundle = copy_images(converted, finder)
    copy_cover(entry.meta.meta, entry.parsed.lines, finder, bundle)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)  # (a vault's folder: `ML/Note/`)
        folder.mkdir()  # fails if it appeared meanwhile: never write into what is there
    except FileExistsError:
        skip(result, error(rel, None, f"not imported: {folder} already exists"), entry.page)
        return False
    except OSError as exc:
        skip(result, error(rel, None, f"cannot create {folder}: {exc.strerror}"), entry.page)
        return False
    try:
        with (folder / BUNDLE_INDEX).open("xb") as out:
            out.write(dump(entry.meta.meta, body).encode("utf-8"))
        for name, source in bundle.copies.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            with (folder / name).open("xb") as out:
                out.write(source.read_bytes())
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)  # the folder is ours: made just above
        skip(result, error(rel, None, f"cannot write {folder}: {exc.strerror}"), entry.page)
        return False
    result.images += len(bundle.copies)
    result.unconverted += len(converted.leftovers)
    result.missing_images += len(bundle.missing)
    result.problems.extend(warning(rel, line, text) for line, text in converted.leftovers)
    result.problems.extend(warning(rel, line, text) for line, text in bundle.missing)
    return True
