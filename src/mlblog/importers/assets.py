"""Local images a converted post shows, and local files it links to (a PDF, a CSV), →
files copied into its bundle, references rewritten.

Runs on the converted text, so images made from `asset_img` or `figure` and paths freed
from `{{ site.baseurl }}` are found the same way as images written in Markdown.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from mlblog.content.front_matter_keys import IMAGE_KEYS
from mlblog.importers import emit
from mlblog.importers.convert import Converted
from mlblog.importers.mask import code_spans, fenced_code, mask, math_spans
from mlblog.importers.model import MARKDOWN_SUFFIXES
from mlblog.render.wiki_refs import IMAGE_SUFFIXES as RENDERED_IMAGES
from mlblog.render.wiki_refs import LINKED_FILE_SUFFIXES

IMAGE_SUFFIXES = frozenset(RENDERED_IMAGES)
_MD_IMAGE = re.compile(
    r"!\[(?:\\.|[^\]\\\x00])*\]\(\s*(?:<(?P<angled>[^>\n\x00]*)>|(?P<bare>[^\s)\x00]+))"
)
_HTML_IMAGE = re.compile(r"<img\b[^>\x00]*?\ssrc\s*=\s*(?P<q>[\"'])(?P<src>[^\"'\x00]*)(?P=q)")
_MD_LINK = re.compile(
    r"(?<!!)\[(?:\\.|[^\]\\\x00])*\]\(\s*(?:<(?P<angled>[^>\n\x00]*)>|(?P<bare>[^\s)\x00]+))"
)
_HTML_LINK = re.compile(r"<a\b[^>\x00]*?\shref\s*=\s*(?P<q>[\"'])(?P<src>[^\"'\x00]*)(?P=q)")
# A link to a file with one of these endings that is not found is reported; other links
# that find no file are addresses of pages (`/about/`, `/2020/01/01/x.html`), left alone.
# The build copies the same kinds (render.references); a notebook is a post there.
FILE_SUFFIXES = frozenset({*LINKED_FILE_SUFFIXES, ".ipynb"})
# A wiki link or embed: `[[paper.pdf]]`, `![[attention map.png|300]]`, `[[Note#Heading]]`.
_WIKI = re.compile(r"(?P<bang>!?)\[\[(?P<target>[^\[\]|#^\n\x00]+)(?:[#^|][^\[\]\n\x00]*)?\]\]")
_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\x00]+\]:[ \t]*(?P<src><[^>\n]*>|\S+)", re.MULTILINE)


@dataclass(slots=True)
class Bundle:
    """What goes into one post's folder besides index.md."""

    copies: dict[str, Path] = field(default_factory=dict)  # bundle-relative name → source file
    missing: list[tuple[int, str]] = field(default_factory=list)  # (source line, message)


@dataclass(frozen=True, slots=True)
class Finder:
    root: Path  # SRC: nothing outside it is ever read
    asset_dirs: tuple[Path, ...]
    static_dirs: tuple[Path, ...]
    # Files by lower-case name, where a name alone finds a file anywhere (an Obsidian
    # vault's `![[x.png]]`, or `![](x.png)` in its "shortest path" link format); also
    # what makes wiki embeds and links be looked for.
    named: Mapping[str, tuple[Path, ...]] | None = None
    # Chirpy's `media_subpath`: every image path of the post, `/x.png` too, is under it
    media_dir: Path | None = None

    def find(self, path: str) -> tuple[Path, str | None] | None:
        """The file a path means, and the bundle name it keeps when it is already relative."""
        candidates: list[tuple[Path, str | None]]
        if self.media_dir is not None and "://" not in path:
            candidates = [(self.media_dir / path.lstrip("/"), None)]
            if (found := self._first(candidates)) is not None:
                return found
        if path.startswith("/"):
            candidates = [(d / path.lstrip("/"), None) for d in self.static_dirs]
        else:
            normal = posixpath.normpath(path)
            # mlblog skips folders named `_x` or `.x`, so only a plain subpath can be kept.
            hidden = any(part.startswith(("_", ".")) for part in normal.split("/"))
            kept = normal if not hidden and not normal.startswith("../") else None
            candidates = [(d / path, kept) for d in self.asset_dirs]
            candidates += [(d / path, None) for d in self.static_dirs]
        return self._first(candidates) or self._by_name(path)

    def _first(self, candidates: list[tuple[Path, str | None]]) -> tuple[Path, str | None] | None:
        root = self.root.resolve()
        for candidate, kept in candidates:
            if candidate.is_file() and candidate.resolve().is_relative_to(root):
                return candidate, kept
        return None

    def _by_name(self, path: str) -> tuple[Path, str | None] | None:
        """As Obsidian finds a file by name: one beside the note first, else the one with
        the shortest path; `folder/x.png` narrows it to those whose path ends so."""
        if not self.named or path.startswith("/"):
            return None
        wanted = posixpath.normpath(path).lower()
        fits = [
            p for p in self.named.get(wanted.rpartition("/")[2], ())
            if ("/" + p.relative_to(self.root).as_posix().lower()).endswith("/" + wanted)
        ]  # fmt: skip
        here = self.asset_dirs[0] if self.asset_dirs else self.root
        best = min(fits, key=lambda p: (p.parent != here, len(p.parts), str(p)), default=None)
        return (best, None) if best is not None else None

    def looked_in(self, path: str) -> str:
        dirs = self.static_dirs if path.startswith("/") else self.asset_dirs + self.static_dirs
        dirs = (self.media_dir, *dirs) if self.media_dir is not None else dirs
        names = dict.fromkeys(_rel(d, self.root) for d in dirs)
        found = ", ".join(names)
        return f"{found}, and by its name anywhere in SRC" if self.named else found


def _rel(folder: Path, root: Path) -> str:
    relative = folder.relative_to(root).as_posix()
    return "SRC/" if relative == "." else relative + "/"


def copy_images(converted: Converted, finder: Finder) -> tuple[str, Bundle]:
    """The text with local images pointing into the bundle, and what to copy there."""
    text = converted.text
    protected = fenced_code(text)
    masked = mask(text, protected)
    masked = mask(text, [*protected, *code_spans(masked)])
    masked = mask(text, [*protected, *code_spans(masked), *math_spans(masked)])
    bundle = Bundle()
    edits: list[tuple[int, int, str]] = []
    for match in _MD_IMAGE.finditer(masked):
        group = "angled" if match["angled"] is not None else "bare"
        _reference(converted, finder, bundle, edits, match.span(group), match[group], True)
    for match in _HTML_IMAGE.finditer(masked):
        _reference(converted, finder, bundle, edits, match.span("src"), match["src"], False)
    for match in _MD_LINK.finditer(masked):
        group = "angled" if match["angled"] is not None else "bare"
        _reference(converted, finder, bundle, edits, match.span(group), match[group], True, True)
    for match in _HTML_LINK.finditer(masked):
        _reference(converted, finder, bundle, edits, match.span("src"), match["src"], False, True)
    for match in _DEFINITION.finditer(masked):
        start, end = match.span("src")
        src = match["src"]
        if src.startswith("<"):
            start, end, src = start + 1, end - 1, src[1:-1]
        image = PurePosixPath(urlsplit(src).path).suffix.lower() in IMAGE_SUFFIXES
        _reference(converted, finder, bundle, edits, (start, end), src, True, not image)
    if finder.named is not None:
        for match in _WIKI.finditer(masked):
            _wiki_file(converted, finder, bundle, edits, match)
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, bundle


def copy_cover(
    meta: dict[str, Any], lines: Mapping[str, int], finder: Finder, bundle: Bundle
) -> None:
    """The pictures front matter names for link previews (`image: /assets/cover.png`,
    Chirpy's `image: {path, alt}` under its `media_subpath` too, Hexo's `photos: [...]`),
    copied into the bundle and named by their file there: the build reads a path, and
    /assets/ is not imported."""
    for key in IMAGE_KEYS:
        value = meta.get(key)
        if isinstance(value, list):
            meta[key] = [_cover(key, item, lines, finder, bundle) for item in value]
        elif value is not None:
            meta[key] = _cover(key, value, lines, finder, bundle)


def _cover(key: str, value: Any, lines: Mapping[str, int], finder: Finder, bundle: Bundle) -> Any:
    path = value.get("path") if isinstance(value, Mapping) else value
    if not isinstance(path, str) or not path.strip() or "://" in path:
        return value
    found = finder.find(unquote(path.strip()))
    if found is None:
        where = finder.looked_in(path.strip())
        message = f"{key} {path.strip()} not found (looked in {where}); left as is"
        bundle.missing.append((lines.get(key, 1), message))
        return value
    return _name_in_bundle(bundle, found[0], found[1] or found[0].name)


def _wiki_file(
    converted: Converted,
    finder: Finder,
    bundle: Bundle,
    edits: list[tuple[int, int, str]],
    match: re.Match[str],
) -> None:
    """A file a wiki link embeds or links to, copied into the bundle under its own name, which
    mlblog finds `![[name]]` by; a link with a folder in it is rewritten to that name."""
    target = match["target"].strip()
    suffix = PurePosixPath(target).suffix.lower()
    if not suffix or suffix in MARKDOWN_SUFFIXES or suffix == ".excalidraw" or "://" in target:
        return  # a note (a name with a dot in it is one too, unless it is found as a file)
    found = finder.find(target)
    if found is None:
        if suffix in FILE_SUFFIXES | IMAGE_SUFFIXES:
            line = converted.source_line(match.start())
            what = "image" if match["bang"] and suffix in IMAGE_SUFFIXES else "file"
            where = finder.looked_in(target)
            message = f"{what} {target} not found (looked in {where}); left as is"
            bundle.missing.append((line, message))
        return
    source = found[0]
    name = _name_in_bundle(bundle, source, source.name)
    if name != target:
        start = match.start("target")
        edits.append((start, start + len(match["target"]), name))


def _reference(
    converted: Converted,
    finder: Finder,
    bundle: Bundle,
    edits: list[tuple[int, int, str]],
    span: tuple[int, int],
    src: str,
    markdown: bool,
    link: bool = False,
) -> None:
    """`link`: the target of a link, which may be a file or the address of a page."""
    parts = urlsplit(src)
    path = unquote(parts.path)
    if parts.scheme or parts.netloc or not path or path.lower().endswith(MARKDOWN_SUFFIXES):
        return
    suffix = PurePosixPath(path).suffix.lower()
    if link and not suffix:
        return  # `/about/`, `../x/`: a page
    found = finder.find(path)
    if found is None:
        if link and suffix not in FILE_SUFFIXES | IMAGE_SUFFIXES:
            return
        line = converted.source_line(span[0])
        where = finder.looked_in(path)
        what = "file" if link else "image"
        bundle.missing.append((line, f"{what} {src} not found (looked in {where}); left as is"))
        return
    source, kept = found
    name = _name_in_bundle(bundle, source, kept or source.name)
    edits.append((*span, emit.destination(name) if markdown else name.replace('"', "%22")))


def _name_in_bundle(bundle: Bundle, source: Path, wanted: str) -> str:
    """`wanted`, or `stem-2.png` … when another file already took that name."""
    stem, suffix = posixpath.splitext(wanted)
    name, number = wanted, 1
    while name in bundle.copies and bundle.copies[name].resolve() != source.resolve():
        number += 1
        name = f"{stem}-{number}{suffix}"
    bundle.copies[name] = source
    return name
