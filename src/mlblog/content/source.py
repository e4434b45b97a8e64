"""content/ → Source records: raw front matter and body, with their line numbers."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from mlblog.content.frontmatter import FrontMatterError, opens_json, read_json, read_toml
from mlblog.content.heading_title import heading_title
from mlblog.content.plain_values import as_written, cut_by_comments
from mlblog.content.source_files import (
    BUNDLE_INDEXES,
    NOTEBOOK_SUFFIX,
    PAGES_DIR,
    POSTS_DIR,
    source_files,
    stray_sources,
)
from mlblog.diagnostics import Diagnostic, error
from mlblog.yamlfile import YamlDocument, YamlSyntaxError, parse_yaml


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
    # … and where in its front matter: (file line, note), warned as `path:line: note`
    line_notes: tuple[tuple[int, str], ...] = ()

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
                          self.notes, self.line_notes))  # fmt: skip


def _source(
    path: str, kind: Kind, meta: dict[str, Any], meta_lines: dict[str, int], body: str,
    body_line: int, bundle_assets: tuple[str, ...], mtime: float,
    body_lines: tuple[int, ...] = (), attachments: tuple[tuple[str, bytes], ...] = (),
    title_heading: str = "", notes: tuple[str, ...] = (),
    line_notes: tuple[tuple[int, str], ...] = (),
) -> Source:  # fmt: skip
    return Source(path, kind, MappingProxyType(meta), MappingProxyType(meta_lines), body,
                  body_line, bundle_assets, mtime, body_lines, attachments,
                  title_heading, notes, line_notes)  # fmt: skip


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
        for rel, path, assets in source_files(site_dir / folder, site_dir, problems):
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
    problems.extend(stray_sources(site_dir))
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


def _with_assets(source: Source, assets: tuple[str, ...]) -> Source:
    from dataclasses import replace

    return replace(source, bundle_assets=assets) if assets else source


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
    if lines[start].rstrip() == "+++" or opens_json(lines[start]):  # Hugo's TOML, Hugo's JSON
        return _toml_or_json_source(rel, kind, lines, start, mtime)
    if lines[start].rstrip() != "---":
        bare = _bare_front_matter(lines, start)
        if bare is None:
            return _no_front_matter(rel, kind, text, mtime)
        return _yaml_source(rel, kind, bare[0], lines, bare[1], mtime)
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
    if doc.data is not None and not isinstance(doc.data, dict):
        return _toml_in_yaml(rel, lines, start, end) or error(
            rel, start + 2, "front matter must be a mapping of `key: value` lines"
        )
    return _yaml_source(rel, kind, doc, lines, end, mtime)


# Hexo (its 2.x scaffolds among them) reads `title: …` lines ended by a `---` line as front
# matter with no opening `---`, as `mlblog import` does; a line `key:` starts it.
_BARE_KEY = re.compile(r"[A-Za-z_][\w-]*:(?:[ \t]|$)")
_DASHES = re.compile(r"-{3,}[ \t]*")


def _bare_front_matter(lines: list[str], start: int) -> tuple[YamlDocument, int] | None:
    """Hexo's front matter without its opening `---`, and the index of its closing line;
    None unless it reads as YAML keys naming a title or a date (else it is the post's text:
    a paragraph over a `---` rule)."""
    if not _BARE_KEY.match(lines[start]):
        return None
    end = next((i for i in range(start + 1, len(lines)) if _DASHES.fullmatch(lines[i])), None)
    if end is None:
        return None
    try:
        doc = parse_yaml("\n".join(lines[start:end]), first_line=start + 1)
    except YamlSyntaxError:
        return None
    if not isinstance(doc.data, dict) or not {"title", "date"} & set(doc.data):
        return None
    return doc, end


def _yaml_source(
    rel: str, kind: Kind, doc: YamlDocument, lines: list[str], end: int, mtime: float
) -> Source:
    """The Source of YAML front matter `doc` closed by the line `lines[end]`."""
    meta = doc.data if isinstance(doc.data, dict) else {}
    meta_lines = {str(path[0]): line for path, line in doc.lines.items() if len(path) == 1}
    written = as_written({str(k): v for k, v in meta.items()}, doc.plain)
    fields, meta_lines, body, heading = heading_title(
        written, meta_lines, "\n".join(lines[end + 1 :]), end + 2
    )
    return Source(
        rel, kind, MappingProxyType(fields), MappingProxyType(meta_lines), body, end + 2, (), mtime,
        title_heading=heading, line_notes=tuple(cut_by_comments(doc.plain, lines)),
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
        else:  # a lone `{` nothing closes: text, as with no front matter at all
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
