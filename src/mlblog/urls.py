"""Every internal link is made here: permalinks, base_url's path, absolute URLs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from mlblog.config import Config
from mlblog.content.model import Entry
from mlblog.content.slugs import slugify
from mlblog.content.source import Kind
from mlblog.kept import Kept

UNCATEGORIZED = "uncategorized"


@dataclass(frozen=True, slots=True)
class Urls:
    config: Config
    _base_path: str = field(init=False)
    _origin: str = field(init=False)
    _hrefs: dict[str, str] = field(init=False, default_factory=dict, compare=False)
    # each entry's URL while it is the same object (serve keeps a Urls per site.yaml)
    _entries: Kept[str] = field(init=False, default_factory=Kept, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_base_path", self.config.base_path)  # parsed once
        object.__setattr__(self, "_origin", self.config.origin)

    # site-relative paths (start with '/', not yet under base_url) ---------------

    def entry(self, entry: Entry) -> str:
        key = (entry,)
        url = self._entries.get(entry.path, key)
        return url if url is not None else self._entries.put(entry.path, key, self._entry(entry))

    def next_build(self) -> None:
        """Entries not asked for since the last call (deleted, renamed) are let go: each
        holds its source's text."""
        self._entries.next_build()

    def _entry(self, entry: Entry) -> str:
        if entry.address is not None:  # its own `permalink:`: the address it had elsewhere
            return entry.address
        if entry.kind is Kind.PAGE:
            return self.page(entry.slug)
        return self.post(entry.slug, entry.date, entry.category)

    def page(self, slug: str) -> str:
        """A page's URL by permalinks.page."""
        return _fill(self.config.permalinks.page, slug=slug)

    def post(self, slug: str, date: datetime, category: str | None) -> str:
        """A post's URL by permalinks.post: `date` in the site's time zone."""
        category_slug = slugify(category) if category else UNCATEGORIZED
        return _fill(
            self.config.permalinks.post,
            slug=slug,
            year=f"{date.year:04d}",
            month=f"{date.month:02d}",
            day=f"{date.day:02d}",
            category=category_slug or UNCATEGORIZED,
        )

    def category(self, slug: str) -> str:
        return _fill(self.config.permalinks.category, slug=slug)

    def tag(self, slug: str) -> str:
        return _fill(self.config.permalinks.tag, slug=slug)

    def series(self, slug: str) -> str:
        return _fill(self.config.permalinks.series, slug=slug)

    # links as written into pages ----------------------------------------------

    def href(self, path: str) -> str:
        """A site path under base_url's path, percent-encoded for the href attribute."""
        known = self._hrefs.get(path)
        if known is not None:
            return known
        if "://" in path or path.startswith(("#", "mailto:", "//")):
            return path
        site_path, fragment = path, ""
        if "#" in path:
            site_path, _, fragment = path.partition("#")
            fragment = "#" + quote(fragment, safe="-_.~")
        joined = self._base_path + site_path.lstrip("/")
        made = quote(joined, safe="/-_.~%?=&") + fragment
        self._hrefs[path] = made
        return made

    def absolute(self, path: str) -> str:
        """Full URL for feeds, sitemaps and canonical links."""
        href = self.href(path)
        return href if "://" in href else self._origin + href


def paged(base: str, number: int) -> str:
    """Page 1 of a listing is its base path; page n is `base/page/n/`."""
    return base if number == 1 else f"{base}page/{number}/"


def output_file(path: str) -> str:
    """The file in the output folder that serves a site path: `/posts/x/` → `posts/x/index.html`."""
    relative = path.lstrip("/")
    if not relative or relative.endswith("/"):
        return relative + "index.html"
    return relative


def _fill(pattern: str, **values: str) -> str:
    path = pattern
    for name in sorted(values, key=len, reverse=True):
        path = path.replace(f":{name}", values[name])
    return path
