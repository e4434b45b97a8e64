"""Front matter of Hexo, Jekyll and Hugo posts → mlblog's fields (DESIGN.md §2), as YAML.

mlblog reads most of these posts as they are; normalizing still matters where the
generators disagree: `tags: a b` is two tags in Jekyll and one in Hexo, Jekyll hides a
post with `published: false`, Hugo writes TOML. Keys mlblog does not know are kept.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any

import yaml

from mlblog.content.addresses import ADDRESS_KEYS, ALIAS_KEYS, BadPath, address
from mlblog.content.dates import InvalidDate, parse_date
from mlblog.content.front_matter_keys import PIN_KEYS, SUMMARY_KEYS
from mlblog.content.frontmatter import json_problem, opens_json
from mlblog.content.plain_values import as_written, cut_by_comments
from mlblog.content.slugs import slugify, split_jekyll_name
from mlblog.yamlfile import YamlSyntaxError, parse_yaml

_DASHES = re.compile(r"^-{3,}[ \t]*$", re.MULTILINE)
_TOML_KEY = re.compile(r"^[ \t]*([A-Za-z_][\w-]*)[ \t]*=", re.MULTILINE)
_COMMAS = re.compile(r"\s*[,，]\s*")
UPDATED_KEYS = ("updated", "lastmod", "last_modified_at", "modified")
ORDER_KEYS = ("weight",)  # an order mlblog does not keep: noted, left out


class FrontMatterError(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"{line}: {message}")


@dataclass(frozen=True, slots=True)
class Rules:
    split_spaces: bool = False  # Jekyll: `tags: a b` is two tags, `categories: ml nlp` two
    bare_yaml: bool = False  # Hexo: front matter may end with `---` without starting with one
    toml_json: bool = False  # Hugo: `+++` TOML and `{ … }` JSON front matter


@dataclass(frozen=True, slots=True)
class Parsed:
    meta: dict[str, Any]
    lines: dict[str, int]  # file line of each top-level key
    body: str
    body_line: int  # file line on which the body starts
    # (line, message): text YAML cut at a comment (mlblog.content.plain_values)
    notes: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Normalized:
    meta: dict[str, Any]  # mlblog front matter, in the order it is written
    day: date  # the date in the bundle's name, as written (not moved to another zone)
    slug: str
    title: str
    draft: bool
    notes: tuple[tuple[int, str], ...]  # (line, message): things the user should know
    # Hugo's page-relative `aliases` (`old-name`, `../old/path`), with their lines: resolved
    # from the post's old address, which the import works out (importers/relative_aliases)
    relative_aliases: tuple[tuple[int, str], ...] = ()


def split(text: str, rules: Rules) -> Parsed:
    """Front matter and body of a post's text (already decoded, `\\n` line ends)."""
    lines = text.split("\n")
    first = lines[0].rstrip()
    if first == "+++" and rules.toml_json:
        end = _closing(lines, "+++")
        toml = "\n".join(lines[1:end])
        try:
            meta = tomllib.loads(toml)
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"line (\d+)", str(exc))
            raise FrontMatterError(1 + int(found[1]) if found else 1, f"TOML: {exc}") from None
        keys = {m[1]: 2 + toml.count("\n", 0, m.start()) for m in _TOML_KEY.finditer(toml)}
        return Parsed(meta, keys, "\n".join(lines[end + 1 :]), end + 2)
    if opens_json(first) and rules.toml_json:
        try:
            meta, end_offset = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError as exc:
            line, message = json_problem(text, exc)
            raise FrontMatterError(line, f"JSON: {message}") from None
        if not isinstance(meta, dict):
            raise FrontMatterError(1, "front matter must be an object")
        rest = text[end_offset:].removeprefix("\n")
        return Parsed(meta, {}, rest, text[: len(text) - len(rest)].count("\n") + 1)
    if _DASHES.fullmatch(first):
        end = _closing(lines, "---", also="...")
        return _yaml(lines[1:end], 2, "\n".join(lines[end + 1 :]), end + 2)
    if rules.bare_yaml and (match := _DASHES.search(text)):
        # Hexo reads `title: x` … `---` at the top as front matter, too.
        end = text[: match.start()].count("\n")
        try:
            parsed = _yaml(lines[:end], 1, "\n".join(lines[end + 1 :]), end + 2)
        except FrontMatterError:
            parsed = None
        if parsed is not None and parsed.meta:
            return parsed
    return Parsed({}, {}, text, 1)


def _closing(lines: list[str], fence: str, also: str = "") -> int:
    for index in range(1, len(lines)):
        line = lines[index].rstrip()
        if line == fence or (also and line == also) or (fence == "---" and _DASHES.match(line)):
            return index
    raise FrontMatterError(1, f'front matter starts with "{fence}" but is never closed')


def _yaml(lines: list[str], first_line: int, body: str, body_line: int) -> Parsed:
    try:
        doc = parse_yaml("\n".join(lines), first_line=first_line)
    except YamlSyntaxError as exc:
        raise FrontMatterError(exc.line, f"front matter: {exc.message}") from None
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        raise FrontMatterError(first_line, "front matter must be a mapping of `key: value` lines")
    keys = {path[0]: line for path, line in doc.lines.items() if len(path) == 1}
    meta = as_written({str(k): v for k, v in data.items()}, doc.plain)
    cut = cut_by_comments(doc.plain, [""] * (first_line - 1) + lines)
    return Parsed(meta, keys, body, body_line, tuple(cut))


def normalize(
    parsed: Parsed,
    name: str,
    draft: bool,
    mtime: float,
    rules: Rules,
    tz: tzinfo,
    written_in: tzinfo | None = None,
    folder_categories: tuple[str, ...] = (),
    page: bool = False,
) -> Normalized:
    """mlblog's fields first (title, date, updated, categories, tags, slug, draft, summary),
    then every other key as it was. `written_in`: the old site's time zone, when it named
    one other than `tz` (site.yaml's): a time written without an offset gets that zone's.
    A `page` needs no date: it gets none it did not have."""
    rest = {key: _plain(value) for key, value in parsed.meta.items()}
    notes: list[tuple[int, str]] = [*parsed.notes]
    name_date, name_slug = split_jekyll_name(name)

    title = rest.pop("title", None)
    title = str(title).strip() if title is not None else ""
    written = rest.pop("date", None) or rest.get("publishDate") or name_date
    undated = page and not written
    if not written:
        written = datetime.fromtimestamp(mtime, tz).strftime("%Y-%m-%d %H:%M:%S")
        if not page:
            notes.append((1, f"no date; using the file's modified time {written}"))
    try:
        day = parse_date(written, written_in or tz).date()
        written = _with_offset(written, written_in)
    except InvalidDate as exc:
        raise FrontMatterError(parsed.lines.get("date", 1), str(exc)) from None
    updated = None
    for key in UPDATED_KEYS:
        value = rest.pop(key, None)
        if value and updated is None:
            try:
                updated = _with_offset(value, written_in)
            except InvalidDate as exc:
                notes.append((parsed.lines.get(key, 1), f"{key}: {exc}; left out"))

    written_categories = [rest.pop("categories", None), rest.pop("category", None)]
    categories = _terms([list(folder_categories), *written_categories], rules)
    tags = _terms([rest.pop("tags", None), rest.pop("tag", None)], rules)
    written_slug = rest.pop("slug", None)
    slug = slugify(str(written_slug or "")) or slugify(name_slug) or slugify(title)
    if not slug:
        raise FrontMatterError(1, "cannot make a URL slug from the file name or the title")
    published = rest.get("published", True)
    if not _is_date(published):  # (Hugo's `published: 2030-01-01` is kept: mlblog reads it)
        rest.pop("published", None)
        if not isinstance(published, bool) and str(published).lower() not in _YES_NO:
            notes.append((parsed.lines.get("published", 1), f"published: {published!r} is "
                          "neither true, false nor a date; left out"))  # fmt: skip
    hidden = _true(rest.pop("draft", False)), str(published).lower() in ("false", "no", "off")
    draft = draft or any(hidden)  # Jekyll and Hexo hide a post with `published: false`
    for key in ORDER_KEYS:  # Hugo's weight
        if key in rest:
            notes.append((parsed.lines.get(key, 1), f"{key}: {rest.pop(key)} left out: mlblog "
                          "lists posts newest first, and does not weigh them"))  # fmt: skip
    for key in PIN_KEYS:  # Hexo's sticky and top, Chirpy's pin: kept, as mlblog reads them
        pin = rest.get(key)
        if pin is not None and (not isinstance(pin, bool | int) or pin < 0):
            notes.append((parsed.lines.get(key, 1), f"{key}: {rest.pop(key)!r} left out: a pin "
                          "is true, false or a number from 0 up"))  # fmt: skip
    summary_key = next((k for k in SUMMARY_KEYS if isinstance(rest.get(k), str) and rest[k]), None)
    summary = rest.pop(summary_key) if summary_key else None

    relative: list[tuple[int, str]] = []
    aliases = _aliases(rest, parsed.lines, notes, relative)
    meta: dict[str, Any] = {"title": title} if title else {}
    if not undated:
        meta["date"] = written
    fields = {
        "updated": updated,
        "categories": categories,
        "tags": tags,
        "slug": slug,
        "draft": draft,
        "summary": summary,
        "aliases": aliases,
    }
    meta.update({key: value for key, value in fields.items() if value})  # draft only if true
    meta.update(rest)
    return Normalized(meta, day, slug, title, draft, tuple(notes), tuple(relative))


def _aliases(
    rest: dict[str, Any],
    lines: Mapping[str, int],
    notes: list[tuple[int, str]],
    relative: list[tuple[int, str]],
) -> list[str]:
    """The old site's redirects to a post (`aliases`, `redirect_from`) as `aliases`. Its own
    `permalink`/`url` stays: mlblog serves the post at that address, as the old site did.
    Hugo's page-relative `aliases` go to `relative`; one that is no site path (a Jekyll
    pattern, a full URL) is noted and left out."""
    for key in ADDRESS_KEYS:
        if key in rest:
            try:
                address(rest[key])
            except BadPath as exc:
                notes.append((lines.get(key, 1), f"{key}: {exc}; left out"))
                del rest[key]
    found: list[str] = []
    for key in ALIAS_KEYS:
        if key not in rest:
            continue
        value = rest.pop(key)
        for item in value if isinstance(value, list) else [value]:
            text = str(item).strip()
            if key == "aliases" and _page_relative(text):
                relative.append((lines.get(key, 1), text))
                continue
            if not text.startswith("/") or text.startswith("//") or "/:" in text:
                notes.append((lines.get(key, 1), f"{key} {text!r} is not a site path; left out"))
                continue
            found.append(text)
    return list(dict.fromkeys(found))


def _page_relative(text: str) -> bool:
    """Hugo's page-relative alias (`old-name`, `../old/path`), not a URL or a pattern."""
    return bool(text) and text[0] != "/" and "://" not in text and ":" not in text


_YES_NO = ("true", "false", "yes", "no", "on", "off")


def _is_date(value: Any) -> bool:
    if isinstance(value, bool) or value in (None, ""):
        return False
    try:
        parse_date(value, UTC)
    except InvalidDate:
        return False
    return True


def _with_offset(value: Any, zone: tzinfo | None) -> Any:
    """`value` checked as a date; a time without an offset, read in `zone`, written with
    one ("2021-01-01 00:30:00 +0800"). A bare day stays as it is: the day people see."""
    when = parse_date(value, zone or UTC)
    bare_day = isinstance(value, date) and not isinstance(value, datetime)
    if zone is None or bare_day or len(str(value).strip()) <= 10 or when.tzinfo is not zone:
        return value  # no zone to add, only a day, or its own offset
    return when.strftime("%Y-%m-%d %H:%M:%S %z")


def _plain(value: Any) -> Any:
    """TOML's dates and times as the strings mlblog reads; nested values likewise."""
    if isinstance(value, datetime):
        return value.isoformat() if value.tzinfo else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _true(value: Any) -> bool:
    return value is True or str(value).strip().lower() in ("true", "yes")


def _terms(values: list[Any], rules: Rules) -> list[str]:
    """One flat list; Hexo's `[[ML, NLP], Math]` category paths are flattened in order.
    Jekyll splits a string at spaces, never an item of a list (`[Deep Learning, CV]`)."""
    found: dict[str, None] = {}

    def add(value: Any, listed: bool = False) -> None:
        if value is None:
            return
        if isinstance(value, list | tuple):
            for item in value:
                add(item, listed=True)
            return
        text = str(value).strip()
        parts = _COMMAS.split(text) if _COMMAS.search(text) else [text]
        for part in parts:
            for word in part.split() if rules.split_spaces and not listed else [part]:
                if word:
                    found.setdefault(word, None)

    for value in values:
        add(value)
    return list(found)


class _Dumper(yaml.SafeDumper):
    """Dates stay plain strings (`date: 2024-01-02`), as mlblog's reader leaves them."""


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def _list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    """`tags: [a, b]` on one line, as people write it; a list of mappings stays a block."""
    flat = all(not isinstance(item, dict | list) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flat)


_Dumper.add_representer(list, _list)


def dump(meta: dict[str, Any], body: str) -> str:
    """The post as mlblog reads it: YAML front matter, a blank line, the body."""
    text = yaml.dump(
        meta,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,  # a long title or summary stays on its line
    )
    body = body.lstrip("\n")
    return f"---\n{text}---\n\n{body.rstrip()}\n" if body.strip() else f"---\n{text}---\n"
