"""Where an entry is served: its own address (`permalink:`, `url:`) and the old ones that
redirect to it (`aliases:`, `redirect_from:`), each checked and written as its page will
be: a path ending in `/` (a folder's index.html), or a file name with a suffix."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from mlblog.content.source import Source
from mlblog.diagnostics import Diagnostic, error, warning

# Jekyll's and Hexo's `permalink`, Hugo's `url`: the entry's address, in that order.
ADDRESS_KEYS = ("permalink", "url")
ALIAS_KEYS = ("aliases", "redirect_from")  # Hugo's, and jekyll-redirect-from's
# What a server sends as data, not as a page: a page cannot be there.
_DATA_SUFFIXES = (".xml", ".rss", ".atom", ".json", ".css", ".js", ".txt")
_TOKEN = re.compile(r":[A-Za-z_]+")  # Jekyll's `/:categories/:title/`: a pattern


class BadPath(ValueError):
    pass


class NotAnAddress(BadPath):
    """A value that is no address at all (a full URL, a pattern): not read, not an error."""


def own_address(source: Source, problems: list[Diagnostic]) -> str | None:
    """The site path the entry's `permalink:` (or `url:`) gives, as a Jekyll, Hexo or Hugo
    site served it: `/2019/05/old-name/`, `/about.html`; one without a leading `/` is
    taken from the site root, as Hexo's are. None when it gives none (or a bad one: said)."""
    key = address_key(source.meta)
    if key is None:
        return None
    try:
        return address(source.meta[key])
    except NotAnAddress as exc:  # an author's own `url: https://arxiv.org/…`
        problems.append(warning(source.path, source.line_of(key), f"{key} is not read: {exc}"))
    except BadPath as exc:
        problems.append(error(source.path, source.line_of(key), f"{key}: {exc}"))
    return None


def address_key(meta: Mapping[str, Any]) -> str | None:
    """The key that gives the entry's address, if one does."""
    return next((k for k in ADDRESS_KEYS if meta.get(k) not in (None, "")), None)


def address(value: object) -> str:
    """A `permalink:` value as the site path of its page; BadPath says why it is none."""
    if not isinstance(value, str):
        raise BadPath(f"must be a site path, such as /2019/05/old-name/, not {value!r}")
    text = value.strip()
    if "://" in text or text.startswith("//"):
        raise NotAnAddress(f"{text} is no address on this site (a site path, /notes/x/, is)")
    if _TOKEN.search(text):
        raise NotAnAddress(f"{text} is a pattern; permalinks: in site.yaml gives addresses "
                           "by pattern")  # fmt: skip
    return _page_path(unquote(text if text.startswith("/") else "/" + text), text)


def aliases(source: Source, problems: list[Diagnostic]) -> tuple[str, ...]:
    """Site paths the entry was served at before (`/2019/05/old-name/`, `/old.html`)."""
    found: list[str] = []
    for key in ALIAS_KEYS:
        value = source.meta.get(key)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        for item in values:
            if key == "aliases" and isinstance(item, str) and item.strip() and item[0] != "/":
                # Obsidian's `aliases:` are other names of the note (`Soft Actor-Critic`):
                # notes taken from a vault as they are must build, so say it and go on.
                # Hugo's page-relative ones are from the old site's address, unknown here.
                problems.append(
                    warning(source.path, source.line_of(key), f"aliases: {item!r} is not "
                            "a site path, so no redirect is made for it (an old address "
                            "starts with /, such as /2019/05/old-name/; Obsidian's other "
                            "names of a note are not read, and Hugo's page-relative ones "
                            "are from the page's address on the old site: write the path "
                            "it gave, or let mlblog import hugo do it)")
                )  # fmt: skip
                continue
            if not isinstance(item, str) or not item.startswith("/") or item.startswith("//"):
                shown = "an empty item" if item is None else repr(item)
                problems.append(
                    error(source.path, source.line_of(key), f"{key} must be site paths "
                          f"starting with / (such as /2019/05/old-name/), not {shown}")
                )  # fmt: skip
                return ()
            try:
                found.append(_page_path(item.split("#", 1)[0].split("?", 1)[0], item, True))
            except BadPath as exc:
                problems.append(error(source.path, source.line_of(key), f"{key}: {exc}"))
                return ()
    return tuple(dict.fromkeys(found))


def _page_path(path: str, written: str, redirect: bool = False) -> str:
    """`path` (starting with `/`) as the page there is written; BadPath if it cannot be."""
    if "?" in path or "#" in path:
        raise BadPath(f"{written!r} has a ? or #; give the path alone")
    if "\\" in path or any(part in (".", "..") for part in path.split("/")):
        if redirect:
            raise BadPath(f"{written!r} has a . or .. part; give the old address as the site "
                          "path it was")  # fmt: skip
        raise BadPath(f"{written!r} has a . or .. part; give the path from the site's root")
    if any(ord(c) < 32 for c in path):
        raise BadPath(f"{written!r} holds a control character")
    path = re.sub("/{2,}", "/", path)
    name = path.rsplit("/", 1)[-1].lower()
    if name.endswith(_DATA_SUFFIXES):
        # GitHub Pages sends /feed.xml as XML: the page would not be shown as a page
        if redirect:
            feed = name.endswith((".xml", ".rss", ".atom"))
            hint = " (an old feed: list it under feed_aliases in site.yaml)" if feed else ""
            raise BadPath(f"{written!r} is not a page; a redirect is an HTML page, which a "
                          "server sends under that name as what its suffix says, so nothing "
                          f"follows it{hint}")  # fmt: skip
        raise BadPath(f"{written!r} is not a page's address: a server sends a file of that "
                      "name as what its suffix says, not as a page")  # fmt: skip
    if not name.endswith((".html", ".htm")) and not path.endswith("/"):
        path += "/"  # a folder's index.html, as Hugo makes it: /posts/gpt-3.5/, /old.php/
    return path
