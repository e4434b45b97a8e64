"""SiteIndex: everything that needs all posts at once, computed once after loading."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from mlblog.content.addresses import address_key
from mlblog.content.model import Entry
from mlblog.content.slugs import slugify
from mlblog.diagnostics import Diagnostic, error, warning
from mlblog.related import related_posts
from mlblog.urls import Urls, output_file

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Term:
    """A category or tag with its posts, newest first; or a series with its parts in
    reading order (`series_weight:`, then oldest first)."""

    name: str
    slug: str
    url: str
    posts: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Year:
    year: int
    posts: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Neighbours:
    newer: Entry | None
    older: Entry | None


@dataclass(frozen=True, slots=True)
class SiteIndex:
    posts: tuple[Entry, ...]  # newest first
    home: tuple[Entry, ...]  # the home page's order: pinned posts first (Entry.pin)
    pages: tuple[Entry, ...]
    categories: tuple[Term, ...]
    tags: tuple[Term, ...]
    years: tuple[Year, ...]  # newest first
    urls: dict[str, str]  # source path → site path
    neighbours: dict[str, Neighbours]  # source path → newer/older post
    category_by_slug: dict[str, Term]
    tag_by_slug: dict[str, Term]
    # source path → related posts, best first (mlblog.related); none: no entry
    related: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    series: tuple[Term, ...] = ()  # the series with the newest part first
    series_by_slug: dict[str, Term] = field(default_factory=dict)

    def url(self, entry: Entry) -> str:
        return self.urls[entry.path]

    def category_of(self, entry: Entry) -> Term | None:
        name = entry.category
        return self.category_by_slug.get(slugify(name) or "-") if name is not None else None

    def tags_of(self, entry: Entry) -> list[Term]:
        found = (self.tag_by_slug.get(slugify(tag) or "-") for tag in entry.tags)
        return list({t.slug: t for t in found if t is not None}.values())

    def series_of(self, entry: Entry) -> list[Term]:
        """The series the post is a part of (none for nearly every post: no lookup then)."""
        if not entry.series:
            return []
        found = (self.series_by_slug.get(slugify(name) or "-") for name in entry.series)
        return list({t.slug: t for t in found if t is not None}.values())


def build_index(
    posts: Iterable[Entry],
    pages: Iterable[Entry],
    urls: Urls,
    related: int = 0,
    find_related: Callable[[Sequence[Entry], int], dict[str, tuple[Entry, ...]]] = related_posts,
) -> tuple[SiteIndex, list[Diagnostic]]:
    """`related`: how many related posts to find for each post (site.yaml's `related:`);
    `find_related`: how (a RelatedPosts keeps the last build's lists)."""
    ordered = tuple(sorted(posts, key=lambda p: (p.date, p.path), reverse=True))
    page_list = tuple(sorted(pages, key=lambda p: p.path))
    problems: list[Diagnostic] = []
    url_of: dict[str, str] = {}
    owner: dict[str, Entry] = {}
    for entry in (*ordered, *page_list):
        url = urls.entry(entry)
        served_by = output_file(url)  # `/x/index.html` is `/x/`
        if served_by in owner:
            other = owner[served_by]
            key = _address_key(entry)
            problems.append(
                error(entry.path, entry.source.line_of(key) if key in entry.meta else None,
                      f"URL {url} is also used by {other.path} (change one "
                      f"`{_address_key(other) if key == 'slug' else key}:`)")
            )  # fmt: skip
            continue
        owner[served_by] = entry
        url_of[entry.path] = url
    kept = tuple(p for p in ordered if p.path in url_of)
    neighbours = {
        post.path: Neighbours(
            newer=kept[i - 1] if i > 0 else None,
            older=kept[i + 1] if i + 1 < len(kept) else None,
        )
        for i, post in enumerate(kept)
    }
    # A post is listed under each of its categories, and shown with the first one.
    categories = _terms(kept, "category", lambda p: p.categories, urls.category, problems)
    tags = _terms(kept, "tag", lambda p: p.tags, urls.tag, problems)
    series = _series(kept, urls, problems)
    index = SiteIndex(
        posts=kept,
        # Higher pins first, each pin's posts newest first (a stable sort), as Hexo's
        # index sorts by sticky and then date; the rest follow, newest first.
        home=tuple(sorted(kept, key=lambda p: -p.pin)),
        pages=tuple(p for p in page_list if p.path in url_of),
        categories=categories,
        tags=tags,
        years=_years(kept),
        urls=url_of,
        neighbours=neighbours,
        category_by_slug={t.slug: t for t in categories},
        tag_by_slug={t.slug: t for t in tags},
        related=find_related(kept, related),
        series=series,
        series_by_slug={t.slug: t for t in series},
    )
    return index, problems


def _series(posts: Sequence[Entry], urls: Urls, problems: list[Diagnostic]) -> tuple[Term, ...]:
    """Each series with its parts in reading order: those given a `series_weight:` by it,
    then the rest oldest first, as Hugo orders a taxonomy's weighted pages before the
    others. The series whose newest part is newest comes first."""
    parts = [p for p in posts if p.series]  # most sites: none, and nothing more to do
    if not parts:
        return ()
    grouped = _terms(parts, "series", lambda p: p.series, urls.series, problems)
    made = []
    for term in grouped:
        ordered = sorted(term.posts, key=lambda p: (p.series_weight == 0, p.series_weight,
                                                    p.date, p.path))  # fmt: skip
        made.append(Term(term.name, term.slug, term.url, tuple(ordered)))
    return tuple(sorted(made, key=lambda t: max(p.date for p in t.posts), reverse=True))


def _address_key(entry: Entry) -> str:
    """The key that gives the entry its URL, as a message names it."""
    return (address_key(entry.meta) if entry.address is not None else None) or "slug"


def _terms(
    posts: Sequence[Entry],
    kind: str,
    names_of: Callable[[Entry], Iterable[str]],
    url_of: Callable[[str], str],
    problems: list[Diagnostic],
) -> tuple[Term, ...]:
    """Terms by URL: names that slugify alike are one term, each post listed once. Its
    name is the spelling most posts use (the newest post's on a tie), so one post's
    spelling does not rename it everywhere. Names that differ in more than case and
    separators ("C", "C#", "C++") are told apart by a warning at the first post of each."""
    grouped: dict[str, tuple[list[str], list[Entry]]] = {}
    for post in posts:
        for name in names_of(post):
            slug = slugify(name) or "-"
            group = grouped.get(slug)
            if group is None:
                grouped[slug] = ([name], [post])
            else:
                group[0].append(name)
                if group[1][-1] is not post:
                    group[1].append(post)
    terms = []
    for slug, (names, items) in grouped.items():
        spellings = Counter(names) if len(set(names)) > 1 else {names[0]: len(names)}
        name = max(spellings, key=spellings.__getitem__)  # the first of the most used
        terms.append(Term(name, slug, url_of(slug), tuple(items)))
        if len(spellings) > 1:
            _name_clashes(kind, name, spellings, items, terms[-1].url, problems)
    return tuple(sorted(terms, key=lambda t: (-len(t.posts), t.name.lower())))


_SEPARATORS = re.compile(r"[\s_-]+")


def _same_name(a: str, b: str) -> bool:
    """Whether two names are one term spelt two ways, as "Deep Learning" and
    "deep_learning" are: they differ only in case and separators."""

    def folded(name: str) -> str:
        return _SEPARATORS.sub("-", unicodedata.normalize("NFKC", name).casefold()).strip("-")

    return folded(a) == folded(b)


def _name_clashes(
    kind: str,
    name: str,
    spellings: Mapping[str, int],
    posts: Sequence[Entry],
    url: str,
    problems: list[Diagnostic],
) -> None:
    for other in spellings:
        if _same_name(other, name):
            continue
        post = next(p for p in posts if other in _names(p, kind))
        keys = ("categories", "category") if kind == "category" else (_KEYS[kind],)
        key = next((k for k in keys if k in post.meta), keys[0])
        line = post.source.line_of(key)
        problems.append(
            warning(post.path, line, f'{kind} "{other}" has the same URL as "{name}" ({url}): '
                    f'both are listed as "{name}" (rename one to keep them apart)')
        )  # fmt: skip


_KEYS = {"tag": "tags", "series": "series"}  # the front-matter key of each kind of term


def _names(post: Entry, kind: str) -> tuple[str, ...]:
    return post.categories if kind == "category" else post.tags if kind == "tag" else post.series


def _years(posts: Sequence[Entry]) -> tuple[Year, ...]:
    grouped: dict[int, list[Entry]] = {}
    for post in posts:
        grouped.setdefault(post.date.year, []).append(post)
    return tuple(Year(year, tuple(items)) for year, items in sorted(grouped.items(), reverse=True))


def paginate(items: Sequence[T], per_page: int) -> list[Sequence[T]]:
    """Pages of at most per_page items; an empty listing still has one (empty) page."""
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [items[:0]]
