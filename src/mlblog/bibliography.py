"""BibTeX files → the references each post may cite (mlblog.render.cited).

A site names its files in site.yaml (`bibliography: references.bib`, relative to the site
folder), a post its own in front matter (relative to the post's file, so a post folder can
carry its .bib). Each file is parsed once, when a post may cite from it, and kept while its
bytes stay the same. A post's job gets only the entries whose keys its text holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from mlblog.cache import SCHEMA, Cache, code_fingerprint
from mlblog.cache import key as cache_key
from mlblog.config import CONFIG_FILE
from mlblog.diagnostics import Diagnostic, Report, error
from mlblog.render.cited import Cited, Reference

if TYPE_CHECKING:
    from pybtex.database import Entry as BibEntry
    from pybtex.database import Person

    from mlblog.content.model import Entry

# A citation key as pandoc reads one: inner punctuation only before a letter or digit, so
# "@vaswani2017." ends at the full stop. (Only a first look: the render stage decides.)
KEY = r"\w(?:\w|[:.#$%&+?<>~/-](?=\w))*"
_KEYS = re.compile("@(" + KEY + ")")
# d2lbook's citations, :cite:`a,b`, and MyST's, {cite}`a,b` or {cite:t}`a`
_ROLE_KEYS = re.compile(r"(?::cite:|\{cite(?::\w+)?\})`([^`]*)`")
_BRACED = re.compile(r"\{|\}")
_ARXIV_ID = re.compile(r"(?i)^(?:arxiv:)?\s*")
Library = Mapping[str, Reference]


class Bibliographies:
    """The parsed .bib files, kept between builds (`mlblog serve`) while their bytes last."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self._parsed: dict[Path, tuple[bytes, Library | None, list[Diagnostic]]] = {}
        self._stored: list[bytes] = []  # the cache keys of this build's files
        # the files the last build looked for, found or not: serve watches them where they are
        self.files: frozenset[Path] = frozenset()

    def cited(
        self,
        entries: Iterable[Entry],
        site_files: tuple[str, ...],
        report: Report,
        store: Cache | None = None,
    ) -> dict[str, Cited]:
        """Each post's Cited, for the posts that have a bibliography and an @ in their text
        (the others are left out: they render as before, at no cost). `store`: where parsed
        files are kept between builds (pybtex takes ~0.5 s to load and read 1,000 entries)."""
        found: dict[str, Cited] = {}
        read: dict[Path, Library | None] = {}  # this build's reads, one per file
        self._stored = []
        for entry in entries:
            body = entry.source.body
            if not (site_files or entry.bibliography) or (
                "@" not in body and ":cite:`" not in body and "{cite" not in body
            ):
                continue
            folder = PurePosixPath(entry.path).parent
            line = entry.source.line_of("bibliography")
            files: list[tuple[str, Path, str, int | None]] = [
                (name, self.site_dir / folder / name, entry.path, line)
                for name in entry.bibliography
            ]  # the post's own first: its entry wins over the site's of the same key
            files += [(name, self.site_dir / name, CONFIG_FILE, None) for name in site_files]
            libraries = []
            for name, path, named_in, named_line in files:
                if path not in read:
                    read[path] = self._read(path, name, named_in, named_line, report, store)
                libraries.append(read[path])
            if any(library is None for library in libraries):
                continue  # a file is missing or broken: said once; the citations stay text
            keys = set(_KEYS.findall(body))
            keys.update(k.strip() for keys_ in _ROLE_KEYS.findall(body) for k in keys_.split(","))
            chosen: dict[str, Reference] = {}
            for library in libraries:
                assert library is not None
                for key in keys & library.keys():
                    chosen.setdefault(key, library[key])
            found[entry.path] = Cited(
                tuple(name for name, *_ in files), tuple(chosen[k] for k in sorted(chosen))
            )
        if store is not None and read:  # (a site that cites nothing writes nothing)
            store.retain("bib", self._stored)  # the parses of files as they are now
        self.files = frozenset(read)
        return found

    def _read(
        self,
        path: Path,
        name: str,
        named_in: str,
        named_line: int | None,
        report: Report,
        store: Cache | None,
    ) -> Library | None:
        """The file's references, or None (and why in `report`, once per build)."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            report.add(error(named_in, self._line(named_in, named_line), f'bibliography "{name}" '
                             f"not found (looked for {self._shown(path)})"))  # fmt: skip
            return None
        except OSError as exc:
            report.add(error(self._shown(path), None, f"cannot be read: {exc.strerror}"))
            return None
        shown = self._shown(path)
        stored_key = cache_key(SCHEMA, code_fingerprint(), "bib", shown, data)
        self._stored.append(stored_key)
        kept = self._parsed.get(path)
        if kept is None or kept[0] != data:
            found = store.get("bib", stored_key) if store is not None else None
            if found is None:
                found = parse_bib(data, shown)
                if store is not None:
                    store.put("bib", stored_key, found)
            kept = (data, *found)
            self._parsed[path] = kept
        report.extend(kept[2])
        return kept[1]

    def _line(self, named_in: str, line: int | None) -> int | None:
        if line is not None or named_in != CONFIG_FILE:
            return line
        from mlblog.yamlfile import parse_yaml  # only to name the line of a missing file

        try:
            text = (self.site_dir / CONFIG_FILE).read_text(encoding="utf-8-sig")
            return parse_yaml(text).line("bibliography")
        except Exception:  # site.yaml was read a moment ago; a line is only a help
            return None

    def _shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.site_dir).as_posix()
        except ValueError:
            return str(path)


def parse_bib(data: bytes, shown: str) -> tuple[Library | None, list[Diagnostic]]:
    """A .bib file's entries by key, or None and the error that stops it (`shown`: its path
    as messages name it). pybtex is imported here: a site that cites nothing never loads it."""
    from pybtex.database import parse_string
    from pybtex.exceptions import PybtexError
    from pybtex.scanner import PybtexSyntaxError

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [error(shown, line, "is not UTF-8 text (save it as UTF-8)")]
    try:
        parsed = parse_string(text, "bibtex")
    except PybtexSyntaxError as exc:
        return None, [error(shown, exc.lineno, _without_line(str(exc)))]
    except PybtexError as exc:  # a key given twice, a bad name list …
        return None, [error(shown, None, str(exc))]
    return {key: _reference(key, entry) for key, entry in parsed.entries.items()}, []


def _without_line(message: str) -> str:
    """pybtex says "syntax error in line 6: '}' expected": the line goes in path:line. After
    a field either may come: most often it is the comma that was left out."""
    message = re.sub(r"^syntax error in line \d+: ", "syntax error: ", message)
    return message.replace("'}' expected", "',' or '}' expected")


def _reference(key: str, entry: BibEntry) -> Reference:
    fields = entry.fields
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    et_al = bool(people) and str(people[-1]).strip().lower() == "others"
    if et_al:
        people = people[:-1]
    year = _text(fields.get("year", "")) or _text(fields.get("date", ""))[:4]
    return Reference(
        key=key,
        surnames=tuple(_text(" ".join([*p.prelast_names, *p.last_names])) for p in people),
        names=tuple(_full_name(p) for p in people),
        et_al=et_al,
        year=year,
        title=_text(fields.get("title", "")),
        venue=_venue(entry),
        link=_link(fields),
    )


def _full_name(person: Person) -> str:
    parts = [*person.first_names, *person.middle_names, *person.prelast_names, *person.last_names]
    name = " ".join(parts)
    if person.lineage_names:
        name += ", " + " ".join(person.lineage_names)
    return _text(name)


def _venue(entry: BibEntry) -> str:
    fields = entry.fields
    for name in ("journal", "journaltitle", "booktitle"):
        if fields.get(name):
            return _text(fields[name])
    if _is_arxiv(fields):
        return "arXiv:" + _arxiv_id(fields)
    kind = entry.type.lower()
    for name in ("publisher", "school", "institution", "organization", "howpublished"):
        if fields.get(name) and (name != "publisher" or kind in ("book", "inbook", "misc")):
            return _text(fields[name])
    return ""


def _is_arxiv(fields: Mapping[str, str]) -> bool:
    where = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    return bool(fields.get("eprint")) and where == "arxiv"


def _arxiv_id(fields: Mapping[str, str]) -> str:
    return _ARXIV_ID.sub("", fields.get("eprint", "").strip())


def _link(fields: Mapping[str, str]) -> str:
    """doi, else url, else the arXiv page; only web addresses (a url field is not HTML)."""
    doi = fields.get("doi", "").strip()
    if doi:
        doi = re.sub(r"(?i)^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", doi)
        return "https://doi.org/" + doi
    url = _BRACED.sub("", fields.get("url", "")).strip()
    if re.match(r"(?i)https?://", url):
        return url
    if _is_arxiv(fields):
        return "https://arxiv.org/abs/" + _arxiv_id(fields)
    return ""


def _text(latex: str) -> str:
    """A field's LaTeX as plain text: accents, escapes, protective braces, dashes."""
    if not latex:
        return ""
    if "\\" not in latex and "{" not in latex and "-" not in latex and "~" not in latex:
        return " ".join(latex.split())  # most fields: nothing to convert
    from pybtex.richtext import Text

    try:
        return " ".join(Text.from_latex(latex).render_as("text").split())
    except Exception:  # pybtex's reader gives up on odd TeX: the field as written is better
        return " ".join(_BRACED.sub("", latex).split())
