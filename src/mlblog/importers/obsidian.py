"""Obsidian: a vault's notes → posts that keep their names, so `[[Note]]` still finds them.

Which notes: those with `publish: true` when any note says `publish:` (as Obsidian
Publish, Quartz and the Digital Garden plugin read it), else every note; never what is
in `.obsidian/`, `.trash/`, the templates folder or the attachments folder the vault's
settings name, nor the notes its Excluded files name (obsidian_excluded), and with
`--folder NAME` only the notes in that folder. Each keeps its folder and its name:
`ML/Attention 笔记.md` → `ML/Attention 笔记/index.md`, beside the files it shows. A
date comes from front matter (`date`, `created`, `date created`), a daily note's name,
the commit that added the file when the vault is a git repository, else the file's
modified time (said); the title is the file's name, as in Obsidian.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC
from pathlib import Path, PurePosixPath
from typing import Any

from mlblog.content.dates import InvalidDate, parse_date
from mlblog.content.git_dates import parse_log
from mlblog.diagnostics import MlblogError, error, warning
from mlblog.importers.convert import Dialect
from mlblog.importers.frontmatter import FrontMatterError, Parsed, Rules, split
from mlblog.importers.model import ForeignPost, ForeignSite, rel_to
from mlblog.importers.obsidian_admonitions import admonitions
from mlblog.importers.obsidian_excluded import excluded_filter
from mlblog.importers.obsidian_text import (
    folded,
    front_matter_tags,
    inline_tags,
    link_aliases,
    markdown_note_links,
    note_links,
    unsupported,
)

CONFIG = ".obsidian"
DIALECT = Dialect(
    labels={}, kinds=frozenset(), code_blocks={}, containers={}, code_lang=lambda tag: "",
    admonition=lambda tag: ("note", ""), inline=lambda tag, links: None, template_tags=False,
    unsupported=unsupported,
)  # fmt: skip
RULES = Rules()
# Front-matter names of a note's creation and change times: Obsidian's own properties and
# those of plugins that keep them (Update Time on Edit, Linter), compared without case.
_CREATED = ("date", "created", "date created", "created_at", "creation date", "created date")
_UPDATED = ("updated", "modified", "date modified", "last modified", "updated_at", "lastmod")
_DAY_NAME = re.compile(r"\d{4}-\d{2}-\d{2}")  # a daily note's name
_DRAWING = ".excalidraw.md"


def discover(src: Path, folder: str | None = None) -> ForeignSite:
    ignored = _settings_folders(src)
    excluded, problems = excluded_filter(src)
    left_out: dict[str, int] = {}  # Excluded files' filter → notes it kept out
    scope = src / folder if folder else src
    if folder and not scope.is_dir():
        raise MlblogError(error(str(scope), None, "no such folder in the vault (--folder)"))
    notes: list[tuple[Path, Parsed | None]] = []
    by_name: dict[str, list[Path]] = {}
    for file in _files(src):
        by_name.setdefault(folded(file.name), []).append(file)
        if not file.name.lower().endswith(".md") or not file.is_relative_to(scope):
            continue
        if any(file.is_relative_to(place) for place in ignored):
            continue
        if (by := excluded(rel_to(file, src))) is not None:
            left_out[by] = left_out.get(by, 0) + 1
            continue
        if file.name.lower().endswith(_DRAWING):
            message = "an Excalidraw drawing is not imported: export it as SVG or PNG, embed that"
            problems.append(warning(rel_to(file, src), None, message))
            continue
        notes.append((file, _peek(file)))
    if not notes:
        where = f"{folder}/" if folder else "it"
        raise MlblogError(error(str(src), None, f"is not an Obsidian vault: no notes in {where}"))
    flagged = [n for n in notes if n[1] is not None and "publish" in n[1].meta]
    chosen = notes
    if flagged:
        chosen = [n for n in notes if n[1] is None or _true(n[1].meta.get("publish"))]
        taken = f"{len(chosen)} note is" if len(chosen) == 1 else f"{len(chosen)} notes are"
        message = (f"only {taken} imported, of {len(notes)}: those with `publish: true`, as a "
                   "note says `publish:` (Obsidian Publish and Quartz read it so)")  # fmt: skip
        problems.append(warning("", None, message))
    attachments = _attachments(src)
    posts = _apart(tuple(_post(file, src, scope, attachments) for file, _ in chosen))
    aliases = _aliases([(post, parsed) for post, (_, parsed) in zip(posts, chosen, strict=True)])
    return ForeignSite(
        "Obsidian", src, posts, (), DIALECT, RULES, tuple(problems), base_path=None,
        adapt=_Adapt(src, posts, _git_added(src), aliases),
        files_by_name={name: tuple(files) for name, files in by_name.items()},
        left_out=_left_out(left_out, excluded.written),
    )  # fmt: skip


def _left_out(counts: dict[str, int], filters: list[str]) -> tuple[str, ...]:
    """The summary's words for the notes Obsidian's Excluded files kept out: how many, and
    the filters that did it, in the author's order."""
    if not counts:
        return ()
    total = sum(counts.values())
    noun = "note" if total == 1 else "notes"
    used = ", ".join(f for f in filters if f in counts)
    return (f"{total} {noun} left out as Excluded files in Obsidian ({used})",)


def _files(src: Path) -> list[Path]:
    """Every file of the vault, hidden folders (`.obsidian/`, `.trash/`, `.git/`) left out."""
    found: list[Path] = []
    for here, folders, files in os.walk(src):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        found.extend(Path(here) / name for name in sorted(files) if not name.startswith("."))
    return found


def _read_json(src: Path, name: str) -> Any:
    try:
        return json.loads((src / CONFIG / name).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def _setting(src: Path, name: str, key: str) -> str:
    data = _read_json(src, name)
    value = data.get(key) if isinstance(data, dict) else None
    return value.strip().strip("/") if isinstance(value, str) else ""


def _settings_folders(src: Path) -> list[Path]:
    """The folders whose notes are no posts: templates (the core plugin's and Templater's)
    and a fixed attachments folder."""
    names = [
        _setting(src, "templates.json", "folder"),
        _setting(src, "plugins/templater-obsidian/data.json", "templates_folder"),
    ]
    attachments = _setting(src, "app.json", "attachmentFolderPath")
    if not attachments.startswith("."):  # `./x`: beside each note, where notes are posts
        names.append(attachments)
    return [src / name for name in names if name]


def _attachments(src: Path) -> str:
    """Where new attachments go: `attachments`, or `./x` for a folder beside each note."""
    return _setting(src, "app.json", "attachmentFolderPath")


def _peek(file: Path) -> Parsed | None:
    """The note's front matter, None when it cannot be read (the import says why)."""
    try:
        text = file.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
        return split(text, RULES)
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return None


def _true(value: object) -> bool:
    return value is True or str(value).strip().lower() in ("true", "yes")


def _post(file: Path, src: Path, scope: Path, attachments: str) -> ForeignPost:
    name = file.name[: -len(".md")]
    folder = file.parent.relative_to(scope)
    # mlblog passes over folders named `_x`: `_inbox/` is imported as `inbox/`.
    parts = [part.lstrip("_") or part for part in folder.parts]
    asset_dirs = [file.parent, src]
    if attachments.startswith("./"):
        asset_dirs.insert(1, file.parent / attachments[2:])
    elif attachments:
        asset_dirs.append(src / attachments)
    rel = rel_to(file, src)
    return ForeignPost(
        file=file,
        rel=rel,
        name=name,
        keys=(rel[: -len(".md")], name),
        draft=False,
        asset_dirs=tuple(dict.fromkeys(asset_dirs)),
        bundle="/".join([*parts, name]),
    )


def _apart(posts: tuple[ForeignPost, ...]) -> tuple[ForeignPost, ...]:
    """A folder note (`ML.md` beside the folder `ML/`) would be `ML/index.md`, and mlblog
    reads a folder holding index.md as one post, the notes inside as its files: it goes
    one level down instead, `ML/ML/index.md`, which keeps its name."""
    folders = {part for post in posts for part in _ancestors(post.bundle)}
    return tuple(
        replace(post, bundle=f"{post.bundle}/{post.name}") if post.bundle in folders else post
        for post in posts
    )


def _ancestors(bundle: str) -> list[str]:
    parts = bundle.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def _aliases(notes: list[tuple[ForeignPost, Parsed | None]]) -> dict[str, str]:
    """Each alias a note's front matter lists → that note's name."""
    found: dict[str, str] = {}
    for post, parsed in notes:
        value = parsed.meta.get("aliases", parsed.meta.get("alias")) if parsed else None
        for alias in value if isinstance(value, list) else [value]:
            if isinstance(alias, str) and alias.strip() and not alias.startswith("/"):
                found.setdefault(folded(alias), post.name)
    return found


def _git_added(src: Path) -> dict[str, str]:
    """Vault-relative path → when the commit that added it was made, when the vault is (in)
    a git repository; {} when it is none, or git is missing."""
    try:
        done = subprocess.run(
            ["git", "-C", str(src), "log", "--reverse", "--no-renames", "--diff-filter=A",
             "-z", "--format=%x01%aI", "--name-only", "--relative", "--", "."],
            capture_output=True, check=False, timeout=120,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return {}
    if done.returncode != 0:
        return {}
    # Oldest commit first, and parse_log keeps each path's first date: the one it was added.
    added = parse_log(done.stdout.decode("utf-8", errors="replace"))
    return {path: when.strftime("%Y-%m-%d %H:%M:%S %z") for path, when in added.items()}


class _Adapt:
    """A note's front matter in mlblog's fields, and its links in names that still find
    the notes once imported (ForeignSite.adapt)."""

    def __init__(
        self,
        src: Path,
        posts: tuple[ForeignPost, ...],
        added: Mapping[str, str],
        aliases: dict[str, str],
    ) -> None:
        self._src = src
        self._added = added
        self._aliases = aliases
        self._by_file = {post.file.resolve(): post.bundle for post in posts}
        self._by_name: dict[str, list[str]] = {}
        for post in posts:
            self._by_name.setdefault(folded(post.name), []).append(post.bundle)

    def __call__(self, post: ForeignPost, parsed: Parsed) -> tuple[Parsed, list[tuple[int, str]]]:
        meta, lines = dict(parsed.meta), dict(parsed.lines)
        parsed = replace(parsed, body=admonitions(parsed.body))
        notes: list[tuple[int, str]] = []
        if not str(meta.get("title") or "").strip() and not _opens_with(parsed.body, post.name):
            meta["title"] = post.name  # Obsidian's title is the file's name
        _first_date(meta, lines, _CREATED, "date", notes)
        _first_date(meta, lines, _UPDATED, "updated", notes)
        if not meta.get("date"):
            if _DAY_NAME.fullmatch(post.name):
                meta["date"] = post.name
            elif post.rel in self._added:
                meta["date"] = self._added[post.rel]
        tags = front_matter_tags([meta.pop(k, None) for k in ("tags", "tag")])
        tags += inline_tags(parsed.body)
        if tags:
            meta["tags"] = list(dict.fromkeys(tags))
        for key in ("aliases", "alias"):  # other names to link it by: the links are rewritten
            kept = [a for a in _listed(meta.pop(key, None)) if str(a).startswith("/")]
            if kept:
                meta["aliases"] = kept  # (site paths: mlblog's own redirects)
        body = link_aliases(parsed.body, self._aliases, set(self._by_name))
        body = markdown_note_links(body, lambda path: self._note(post, path))
        for offset, target in note_links(body):
            name = folded(target.rpartition("/")[2].removesuffix(".md"))
            if name not in self._by_name and name not in self._aliases:
                line = parsed.body_line + body.count("\n", 0, offset)
                notes.append((line, f"[[{target}]] names no imported note (one not published, "
                              "a template, or none): the page shows it as text"))  # fmt: skip
        return Parsed(meta, lines, body, parsed.body_line), notes

    def _note(self, post: ForeignPost, path: str) -> str | None:
        """The imported note a Markdown link's path names, as Obsidian finds it: from the
        linking note's folder, from the vault's top, else by its name alone."""
        for base in (post.file.parent, self._src):
            found = self._by_file.get((base / path).resolve())
            if found is not None:
                return found
        fits = self._by_name.get(folded(PurePosixPath(path).name.removesuffix(".md")), [])
        return fits[0] if len(fits) == 1 else None


def _opens_with(body: str, name: str) -> bool:
    """Whether the note opens with its name as a `# Heading`, which mlblog then takes as the
    title and shows once (with a `title:`, the page would show it twice)."""
    first = next((line.strip() for line in body.split("\n") if line.strip()), "")
    return first.startswith("# ") and folded(first[2:].strip().rstrip("#")) == folded(name)


def _listed(value: object) -> list[object]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _first_date(
    meta: dict[str, Any],
    lines: dict[str, int],
    keys: tuple[str, ...],
    field: str,
    notes: list[tuple[int, str]],
) -> None:
    """`field` from the first of `keys` (any case) that holds a date mlblog reads; one that
    holds something else is said and left as it was."""
    by_key = {key.lower(): key for key in meta}
    for key in keys:
        written = by_key.get(key)
        if written is None or meta[written] in (None, ""):
            continue
        try:
            parse_date(meta[written], UTC)
        except InvalidDate:
            line = lines.get(written, 1)
            notes.append((line, f"{written}: {meta[written]!r} is no date mlblog reads; not used"))
            if written == field:
                meta.pop(written)  # (kept, it would stop the import of the note)
            continue
        if written != field:
            meta[field] = meta.pop(written)
            lines[field] = lines.get(written, 1)
        return
