"""content/ → Source records: raw front matter and body, with their line numbers."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from mlblog.content.frontmatter import FrontMatterError, read_json, read_toml
from mlblog.content.heading_title import heading_title
from mlblog.diagnostics import Diagnostic, error, warning
from mlblog.symlinks import LOOPS_BACK, link_target
from mlblog.yamlfile import YamlSyntaxError, parse_yaml

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


class Kind(Enum):
    POST = "post"
    PAGE = "page"


@dataclass(frozen=True, slots=True)
class Source:
    """One Markdown file as written: front matter still raw, body untouched."""

    path: str  # relative to the site folder, with '/' separators
    kind: Kind
    meta: Mapping[str, Any]
    meta_lines: Mapping[str, int]  # file line of each front-matter key
    body: str
    body_line: int  # file line on which the body starts
    bundle_assets: tuple[str, ...]  # files beside index.md in a post folder (site-relative)
    mtime: float
    # A notebook's body is generated: the file line of each body line (0: made by us) …
    body_lines: tuple[int, ...] = ()
    # … and the images it shows, (name beside the page, bytes), written with the page.
    attachments: tuple[tuple[str, bytes], ...] = ()
    # The opening `# Heading` that became the title, as written (`Title {#intro}`), or "":
    # the page's title carries the id it gave (content.heading_title)
    title_heading: str = ""
    # What reading it found that the author should know (a notebook's chart that needs
    # JavaScript): warned as `path: note`
    notes: tuple[str, ...] = ()

    @property
    def stem(self) -> str:
        parts = self.path.split("/")
        return parts[-2] if parts[-1] in BUNDLE_INDEXES and len(parts) > 1 else Path(parts[-1]).stem

    def line_of(self, key: str) -> int:
        return self.meta_lines.get(key, 1)

    def file_line(self, line: int) -> int | None:
        """The file line of a (1-based) body line; None when the body line was generated."""
        if not self.body_lines:
            return line + self.body_line - 1
        return self.body_lines[line - 1] or None if 0 < line <= len(self.body_lines) else None

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickle (for the render cache) with plain dicts; read-only views come back."""
        return (_source, (self.path, self.kind, dict(self.meta), dict(self.meta_lines),
                          self.body, self.body_line, self.bundle_assets, self.mtime,
                          self.body_lines, self.attachments, self.title_heading,
                          self.notes))  # fmt: skip


def _source(
    path: str, kind: Kind, meta: dict[str, Any], meta_lines: dict[str, int], body: str,
    body_line: int, bundle_assets: tuple[str, ...], mtime: float,
    body_lines: tuple[int, ...] = (), attachments: tuple[tuple[str, bytes], ...] = (),
    title_heading: str = "", notes: tuple[str, ...] = (),
) -> Source:  # fmt: skip
    return Source(path, kind, MappingProxyType(meta), MappingProxyType(meta_lines), body,
                  body_line, bundle_assets, mtime, body_lines, attachments,
                  title_heading, notes)  # fmt: skip


# site-relative path → ((mtime_ns, size, assets), what parsing it gave)
SourceCache = dict[str, tuple[tuple[int, int, int, tuple[str, ...]], "Source | Diagnostic"]]


ParseJob = tuple[str, "Kind", bytes, float]  # site-relative path, kind, file bytes, mtime
Parser = Callable[[list[ParseJob]], list["Source | Diagnostic"]]


def parse_all(jobs: list[ParseJob]) -> list[Source | Diagnostic]:
    return [parse_source(*job) for job in jobs]


def load_sources(
    site_dir: Path, cache: SourceCache | None = None, parse: Parser = parse_all
) -> tuple[list[Source], list[Diagnostic]]:
    """Every post and page under content/, in path order, and what could not be read.

    With a cache (the dev server's), a file whose stat is unchanged is not read again.
    `parse` gets every file that must be parsed at once (the build looks them up in its
    persistent cache in one query).
    """
    found: list[tuple[str, tuple[int, int, int, tuple[str, ...]], Source | Diagnostic | None]] = []
    jobs: list[ParseJob] = []
    problems: list[Diagnostic] = []
    for kind, folder in ((Kind.POST, POSTS_DIR), (Kind.PAGE, PAGES_DIR)):
        for rel, path, assets in _markdown_files(site_dir / folder, site_dir, problems):
            try:
                stat = os.stat(path)
                # ctime: a file rewritten with its size and mtime kept has a new one
                stamp = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, assets)
                cached = cache.get(rel) if cache is not None else None
                if cached is not None and cached[0] == stamp:
                    found.append((rel, stamp, cached[1]))
                else:
                    with open(path, "rb") as file:
                        jobs.append((rel, kind, file.read(), stat.st_mtime))
                    found.append((rel, stamp, None))  # parsed below
            except OSError as exc:
                problems.append(error(rel, None, f"cannot read: {exc.strerror}"))
    problems.extend(_stray_sources(site_dir))
    parsed = iter(parse(jobs))
    sources: list[Source] = []
    for rel, stamp, known in found:
        result = known
        if result is None:
            result = next(parsed)
            if not isinstance(result, Diagnostic):
                result = _with_assets(result, stamp[3])
            if cache is not None:
                cache[rel] = (stamp, result)
        if isinstance(result, Diagnostic):
            problems.append(result)
        else:
            sources.append(result)
    if cache is not None:
        for gone in set(cache) - {rel for rel, _, _ in found}:
            del cache[gone]
    return sources, problems


def _stray_sources(site_dir: Path) -> list[Diagnostic]:
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


def _with_assets(source: Source, assets: tuple[str, ...]) -> Source:
    from dataclasses import replace

    return replace(source, bundle_assets=assets) if assets else source


def _contains(folder: str, path: str) -> bool:
    """Whether `path` is `folder` or inside it (both real paths)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _markdown_files(
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


_TOML_KEY = re.compile(r"([A-Za-z_][\w.-]*)\s*=\s*\S")


def _toml_in_yaml(rel: str, lines: list[str], start: int, end: int) -> Diagnostic | None:
    """Front matter between --- lines that YAML cannot read, with a Hugo habit in it:
    `date = 2024-01-01T10:00:00+08:00` (TOML). YAML's own message named the line after it,
    or called the whole block no mapping. Only asked once YAML has failed."""
    for number in range(start + 1, end):
        found = _TOML_KEY.match(lines[number])
        if found:
            key = found[1]
            return error(
                rel, number + 1, f"front matter: `{key} = …` is TOML; between --- lines write "
                f"YAML, `{key}: …` (or put the TOML between +++ lines, as Hugo does)",
            )  # fmt: skip
    return None


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


def parse_source(rel: str, kind: Kind, raw: bytes, mtime: float = 0.0) -> Source | Diagnostic:
    """Split one file into front matter and body; a mistake becomes a Diagnostic."""
    if rel.endswith(NOTEBOOK_SUFFIX):
        return _notebook_source(rel, kind, raw, mtime)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return error(rel, line, "is not valid UTF-8 (save the file as UTF-8)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        return error(
            rel,
            text[: text.index("\x00")].count("\n") + 1,
            "contains a NUL byte (is it a binary file? remove the byte)",
        )
    lines = text.split("\n")
    # Blank lines before the front matter are skipped, as Hugo does (Jekyll would show it).
    start = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if lines[start].rstrip() in ("+++", "{"):  # Hugo's TOML, Hugo's JSON
        return _toml_or_json_source(rel, kind, lines, start, mtime)
    if lines[start].rstrip() != "---":
        return _no_front_matter(rel, kind, text, mtime)
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].rstrip() in ("---", "...")),
        None,
    )
    if end is None:
        return error(
            rel, start + 1,
            'front matter starts with "---" but is never closed (end it with a "---" line)',
        )  # fmt: skip
    try:
        doc = parse_yaml("\n".join(lines[start + 1 : end]), first_line=start + 2)
    except YamlSyntaxError as exc:
        return _toml_in_yaml(rel, lines, start, end) or error(
            rel, exc.line, f"front matter: {exc.message}"
        )
    meta = doc.data if doc.data is not None else {}
    if not isinstance(meta, dict):
        return _toml_in_yaml(rel, lines, start, end) or error(
            rel, start + 2, "front matter must be a mapping of `key: value` lines"
        )
    meta_lines = {str(path[0]): line for path, line in doc.lines.items() if len(path) == 1}
    fields, meta_lines, body, heading = heading_title(
        {str(k): v for k, v in meta.items()}, meta_lines, "\n".join(lines[end + 1 :]), end + 2
    )
    return Source(
        rel, kind, MappingProxyType(fields), MappingProxyType(meta_lines), body, end + 2, (), mtime,
        title_heading=heading,
    )  # fmt: skip


def _toml_or_json_source(
    rel: str, kind: Kind, lines: list[str], start: int, mtime: float
) -> Source | Diagnostic:
    """Front matter in TOML (`+++` lines) or JSON (a `{` … `}` object), as Hugo reads them."""
    try:
        if lines[start].rstrip() == "+++":
            found = read_toml(lines, start)
        elif (json_found := read_json(lines, start)) is not None:
            found = json_found
        else:  # a `{` no line closes: text, as with no front matter at all
            return _no_front_matter(rel, kind, "\n".join(lines), mtime)
    except FrontMatterError as exc:
        return error(rel, exc.line, exc.message)
    meta, meta_lines, end = found
    fields, meta_lines, body, heading = heading_title(
        meta, meta_lines, "\n".join(lines[end + 1 :]), end + 2
    )
    return Source(
        rel, kind, MappingProxyType(fields), MappingProxyType(meta_lines), body, end + 2, (), mtime,
        title_heading=heading,
    )  # fmt: skip


def _no_front_matter(rel: str, kind: Kind, text: str, mtime: float) -> Source:
    meta, meta_lines, text, heading = heading_title({}, {}, text, 1)
    return Source(rel, kind, MappingProxyType(meta), MappingProxyType(meta_lines), text, 1,
                  (), mtime, title_heading=heading)  # fmt: skip


def _notebook_source(rel: str, kind: Kind, raw: bytes, mtime: float) -> Source | Diagnostic:
    """A notebook as a Source whose body is Markdown made from its cells."""
    from mlblog.content.notebook import NotebookError, read_notebook  # only sites with notebooks

    try:
        notebook = read_notebook(raw)
    except NotebookError as exc:
        return error(rel, exc.line, exc.message)
    meta, meta_lines = MappingProxyType(notebook.meta), MappingProxyType(notebook.meta_lines)
    return Source(rel, kind, meta, meta_lines, notebook.body, 1, (), mtime,
                  notebook.body_lines, notebook.attachments, notebook.title_heading,
                  notebook.notes)  # fmt: skip
