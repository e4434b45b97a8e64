"""Source → Post | Page: typed, validated fields from front matter and file names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from mlblog.content.addresses import aliases, own_address
from mlblog.content.code_fold import code_fold
from mlblog.content.dates import InvalidDate, parse_date, written
from mlblog.content.front_matter_keys import (
    EXPIRY_KEYS,
    PIN_KEYS,
    PUBLISH_KEYS,
    SUMMARY_KEYS,
    unread_keys,
)
from mlblog.content.slugs import slugify, split_jekyll_name, title_from_name
from mlblog.content.source import Kind, Source
from mlblog.diagnostics import Diagnostic, error, warning
from mlblog.render.emoji_names import emojized

_COMMAS = re.compile(r"\s*[,，]\s*")


@dataclass(frozen=True, slots=True)
class Entry:
    """A post or a page, ready for rendering and indexing."""

    source: Source
    path: str  # source.path, kept as a field: every rebuild reads it ~27 times per entry
    kind: Kind
    title: str
    slug: str
    date: datetime
    updated: datetime | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    draft: bool  # `draft: true`, or Jekyll's and Hexo's `published: false`
    summary: str | None
    math: bool
    toc: bool
    dated: bool  # by front matter or file name; else `date` is the file's modified time
    aliases: tuple[str, ...] = ()  # old site paths that redirect here (`aliases`, `redirect_from`)
    address: str | None = None  # its own site path (`permalink`, `url`), over `permalinks:`
    publish_at: datetime | None = None  # Hugo's `publishDate`: hidden until then
    expires: datetime | None = None  # Hugo's `expiryDate`: hidden from then on
    pin: int = 0  # above the home page's other posts when > 0, higher first (PIN_KEYS)
    # `comments: false` hides site.yaml's comments under a post, `true` shows them on a
    # page (Hexo's and Chirpy's key); None: as its kind has them (posts yes, pages no)
    comments: bool | None = None
    # `bibliography:` its own BibTeX files, relative to it (beside site.yaml's, if any)
    bibliography: tuple[str, ...] = ()
    # `series:` the series it is a part of ("Transformer 详解"), as Hugo's taxonomy is
    # written; `series_weight:` its place there (Hugo's per-taxonomy weight), else its date
    series: tuple[str, ...] = ()
    series_weight: int = 0
    # Quarto's `code-fold:` / `code-summary:` (content.code_fold): (its word, summary)
    code_fold: tuple[str, str] = ("", "")

    @property
    def category(self) -> str | None:
        return self.categories[0] if self.categories else None

    @property
    def meta(self) -> Mapping[str, Any]:
        """All front matter as written, for templates (layout, comments, …)."""
        return self.source.meta


def _terms(
    source: Source, key: str, split_spaces: bool, problems: list[Diagnostic]
) -> tuple[str, ...]:
    """Categories or tags from a list, a flow list or a string."""
    value = source.meta.get(key)
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        # Hexo's documented `- [Diary, Life]` (one category path per item) is flattened in
        # order, as `mlblog import` does: a Hexo post builds as it is written.
        value = [w for v in value for w in (v if isinstance(v, list | tuple) else [v])]
    if isinstance(value, dict) or (
        isinstance(value, list) and any(isinstance(v, dict | list | tuple) for v in value)
    ):
        problems.append(
            error(source.path, source.line_of(key),
                  f"{key} must be a list of names or a comma-separated string"
                  + _keyed_item(key, value))
        )  # fmt: skip
        return ()
    if isinstance(value, list | tuple):  # [深度学习，强化学习]: YAML's comma is ASCII
        items = [part.strip() for v in value if v is not None for part in str(v).split("，")]
    else:
        text = str(value).strip()
        if _COMMAS.search(text):
            items = _COMMAS.split(text)
        elif split_spaces:
            items = text.split()  # Jekyll: `tags: python pytorch`
        else:
            items = [text]  # Hexo: `categories: Deep Learning` is one category
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return tuple(seen)


def _keyed_item(key: str, items: object) -> str:
    """What to write for a list item YAML read as `key: value` (`- BERT: Pre-training`);
    for categories, Hexo's path of one under another too (`- Diary: Life`)."""
    pairs = [v for v in items if isinstance(v, dict)] if isinstance(items, list) else []
    if not pairs or len(pairs[0]) != 1:
        return ""
    [(name, under)] = pairs[0].items()
    if isinstance(under, dict | list):
        return ""
    under = "" if under is None else under
    written = f"{name}: {under}".strip()
    quoted = "'" + written.replace("'", "''") + "'"
    path = (
        f", or for {under} under {name} write [{name}, {under}]" if key != "tags" and under else ""
    )
    return (
        f' (the item "{written}" holds a ":" that starts a key in YAML: quote it, {quoted}{path})'
    )


def _bool(source: Source, key: str, default: bool, problems: list[Diagnostic]) -> bool:
    value = source.meta.get(key, default)
    if isinstance(value, bool):
        return value
    quoted = isinstance(value, str) and value.strip().lower() in ("true", "false")
    text = f', not the text "{value}" (remove the quotes)' if quoted else ""  # `draft: "false"`
    problems.append(error(source.path, source.line_of(key), f"{key} must be true or false{text}"))
    return default


def _toc(source: Source, problems: list[Diagnostic]) -> bool:
    """al-folio asks for a table of contents with a list of its sections (distill posts:
    `toc:` ⏎ `- name: Set-Up`) or with where to put it (`toc:` ⏎ `sidebar: left`); either
    means "show one". Ours lists the headings, which is what such a list names."""
    value = source.meta.get("toc")
    if isinstance(value, list | dict) and value:
        return True
    return _bool(source, "toc", True, problems)


def _switch(source: Source, key: str, problems: list[Diagnostic]) -> bool | None:
    """A front-matter true or false, or None when the key is not given (or left empty)."""
    return None if source.meta.get(key) is None else _bool(source, key, True, problems)


def _text(source: Source, key: str, problems: list[Diagnostic]) -> str | None:
    value = source.meta.get(key)
    if value is None:
        return None
    if isinstance(value, dict | list):
        problems.append(error(source.path, source.line_of(key), f"{key} must be text"))
        return None
    return str(value)


def _files(source: Source, key: str, problems: list[Diagnostic]) -> tuple[str, ...]:
    """A file name or a list of them (pandoc's `bibliography:` takes both)."""
    value = source.meta.get(key)
    if value is None:
        return ()
    names = value if isinstance(value, list) else [value]
    if not all(isinstance(n, str) and n.strip() for n in names):
        problems.append(error(source.path, source.line_of(key), f"{key} must be a file name "
                              "or a list of file names, such as refs.bib"))  # fmt: skip
        return ()
    return tuple(n.strip() for n in names)


def build_entry(
    source: Source, tz: tzinfo, committed: datetime | None = None
) -> tuple[Entry | None, list[Diagnostic]]:
    """The typed entry for a source, or None and the diagnostics that stop it;
    `committed`: when git last changed its file (site.yaml's `updated_from_git`)."""
    problems: list[Diagnostic] = [warning(source.path, None, note) for note in source.notes]
    problems += [warning(source.path, line, note) for line, note in source.line_notes]
    meta = source.meta
    name_date, name_slug = split_jekyll_name(source.stem)

    title = _text(source, "title", problems)
    if title and (control := next((c for c in title if ord(c) < 32 and c not in "\t\n"), None)):
        problems.append(
            warning(source.path, source.line_of("title"), f"title holds the control character "
                    f"U+{ord(control):04X}, as \"\\b\" or \"\\f\" in double quotes make; put TeX "
                    "in 'single quotes'")
        )  # fmt: skip
    if title is None or not title.strip():
        title = title_from_name(name_slug) or source.stem
        line = source.line_of("title")
        given = "title" in meta and isinstance(meta["title"], str | None)  # (a list: an error)
        if given and all(at != line for at, _ in source.line_notes):
            message = f'title is empty, so the {source.kind.value} is titled "{title}" after its '
            problems.append(warning(source.path, line, f'{message}file name; write the title '
                                    'after "title:"'))  # fmt: skip

    moving = _moving_date(source, problems)
    date = None if moving else _date_field(source, "date", tz, problems)
    publish_at = _first_date(source, PUBLISH_KEYS, tz, problems)
    expires = _first_date(source, EXPIRY_KEYS, tz, problems)
    published = meta.get("published", True)
    if not isinstance(published, bool) and published not in (None, ""):
        if publish_at is None:  # Hugo's `published: 2030-01-01`, Jekyll's `published: false`
            try:
                publish_at = parse_date(published, tz)
            except InvalidDate:
                problems.append(error(source.path, source.line_of("published"),
                                      "published must be true, false or a date"))  # fmt: skip
        published = True
    if date is None:  # as Hugo dates a post that gives only when to publish it
        date = publish_at
    if date is None and name_date is not None:
        try:
            date = parse_date(name_date, tz)
        except InvalidDate as exc:
            problems.append(error(source.path, None, f"file name: {exc}"))
    dated = date is not None
    if date is None:
        date = written(datetime.fromtimestamp(source.mtime, tz))
        empty = "date" in meta and meta["date"] in (None, "")  # `date:` left blank
        if source.kind is Kind.POST and (
            empty or not any(k in meta for k in ("date", *PUBLISH_KEYS))
        ):
            problems.append(
                warning(
                    source.path,
                    source.line_of("date") if empty else 1,
                    f"{'date is empty' if empty else 'no date in front matter'}; using the "
                    "file's modified time, which every fresh clone (and so the Pages workflow) "
                    "changes: the post moves to the top of the site at each publish; "
                    + ("write its date: date: YYYY-MM-DD" if empty else "add `date:`"),
                )
            )
    updated = _date_field(source, "updated", tz, problems) or _date_field(
        source, "lastmod", tz, problems
    )
    if updated is None and committed is not None:
        committed = committed.astimezone(tz)
        # Committed the day it was written (or before its date): not an update to show.
        # An undated page's "date" is only its file's time: the commit is the better date.
        if not dated or committed.date() > date.astimezone(tz).date():
            updated = committed

    raw_slug = _text(source, "slug", problems)
    slug = slugify(raw_slug if raw_slug else name_slug)
    if not slug:
        if raw_slug:  # "." or "/": nothing a URL can use is left of it
            message = f"slug {raw_slug!r} has no letter or digit a URL can use; change it"
        else:
            message = "cannot make a URL slug from this name; set `slug:`"
        slug_line = source.line_of("slug") if raw_slug else None
        problems.append(error(source.path, slug_line, message))

    category_key = "categories" if "categories" in meta else "category"
    categories = _terms(source, category_key, split_spaces=False, problems=problems)
    tags = _terms(source, "tags", split_spaces=True, problems=problems)
    summary = next((s for k in SUMMARY_KEYS if (s := _text(source, k, problems))), None)

    entry = Entry(
        source=source,
        path=source.path,
        kind=source.kind,
        title=emojized(title.strip()),
        slug=slug,
        date=date,
        updated=updated,
        categories=categories,
        tags=tags,
        draft=_bool(source, "draft", False, problems) or published is False,
        summary=summary.strip() if summary else None,
        math=_bool(source, "math", True, problems) if "math" in meta else True,
        toc=_toc(source, problems),
        dated=dated,
        aliases=aliases(source, problems),
        address=own_address(source, problems),
        publish_at=publish_at,
        expires=expires,
        pin=_pin(source, problems),
        comments=_switch(source, "comments", problems),
        bibliography=_files(source, "bibliography", problems),
        series=_series(source, problems),
        series_weight=_series_weight(source, problems),
        code_fold=code_fold(meta),
    )
    problems.extend(unread_keys(source))
    if any(p.severity.value == "error" for p in problems):
        return None, problems
    return entry, problems


def _series(source: Source, problems: list[Diagnostic]) -> tuple[str, ...]:
    """`series: Name`, or Hugo's `series: [Name]`. A name is never split at commas, as tags
    are: "CUDA, from scratch" is one series. A post in two series is listed in each."""
    value = source.meta.get("series")
    if value is None:
        return ()
    if source.kind is not Kind.POST:
        message = "series is not read on a page: pages are not listed; only posts are parts"
        problems.append(warning(source.path, source.line_of("series"), message))
        return ()
    names = value if isinstance(value, list) else [value]
    if not all(isinstance(n, str | int | float) and not isinstance(n, bool) for n in names):
        problems.append(error(source.path, source.line_of("series"), "series must be a name, "
                              "such as \"Transformer 详解\", or a list of names"))  # fmt: skip
        return ()
    return tuple(dict.fromkeys(text for n in names if (text := str(n).strip())))


def _series_weight(source: Source, problems: list[Diagnostic]) -> int:
    value = source.meta.get("series_weight")
    if value is None:
        return 0
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        message = f"series_weight must be a whole number (1 for the first part), not {value!r}"
        problems.append(error(source.path, source.line_of("series_weight"), message))
        return 0
    return value


def _pin(source: Source, problems: list[Diagnostic]) -> int:
    """How high the post is pinned: the largest of its PIN_KEYS, true counting as 1 (as
    Hexo's sort reads it); 0 when none is given, or all are false or 0."""
    pin = 0
    for key in PIN_KEYS:
        value = source.meta.get(key)
        if value is None:
            continue
        line = source.line_of(key)
        if not isinstance(value, bool | int) or value < 0:
            message = f"{key} must be true, false or a number from 0 up (higher is pinned above "
            problems.append(error(source.path, line, f"{message}lower), not {value!r}"))
        elif value and source.kind is not Kind.POST:
            message = "pages are not listed; only posts are pinned"
            problems.append(warning(source.path, line, f"{key} is not read on a page: {message}"))
        else:
            pin = max(pin, int(value))
    return pin


# Quarto's dates that are whenever the post is rendered: the file's modified time
_MOVING_DATES = frozenset({"last-modified", "today", "now"})


def _moving_date(source: Source, problems: list[Diagnostic]) -> bool:
    """Whether `date:` is one of Quarto's moving dates; it is then the file's modified time,
    with a warning (as a post without a date)."""
    value = source.meta.get("date")
    if not isinstance(value, str) or value.strip().lower() not in _MOVING_DATES:
        return False
    problems.append(
        warning(source.path, source.line_of("date"), f"date: {value.strip()} is the file's "
                "modified time, which every fresh clone (and so the Pages workflow) changes: "
                "the post moves to the top of the site at each publish; write its date, "
                "date: YYYY-MM-DD")
    )  # fmt: skip
    return True


def _first_date(
    source: Source, keys: tuple[str, ...], tz: tzinfo, problems: list[Diagnostic]
) -> datetime | None:
    return next((d for key in keys if (d := _date_field(source, key, tz, problems))), None)


def _date_field(
    source: Source, key: str, tz: tzinfo, problems: list[Diagnostic]
) -> datetime | None:
    if key not in source.meta or source.meta[key] in (None, ""):
        return None
    try:
        return parse_date(source.meta[key], tz)
    except InvalidDate as exc:
        problems.append(error(source.path, source.line_of(key), str(exc)))
        return None
