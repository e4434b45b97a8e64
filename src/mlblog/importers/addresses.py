"""Where the old site served a post, by its `permalink` pattern: that address becomes one
of the imported post's `aliases`, so old links and search results still lead to it.

Each generator fills its own tokens (Hexo's `:title`, Jekyll's `:categories`, Hugo's
`:slug`); this module has what they share. An address that cannot be worked out (a
token the generator's plugin fills) is None: the import says so once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

_TOKEN = re.compile(r":([A-Za-z_]+)")


def date_values(when: datetime) -> dict[str, str]:
    """The date tokens the three generators share (`:i_month` is Hexo's and Jekyll's)."""
    return {
        "year": f"{when.year:04d}",
        "short_year": f"{when.year % 100:02d}",
        "month": f"{when.month:02d}",
        "i_month": str(when.month),
        "day": f"{when.day:02d}",
        "i_day": str(when.day),
        "hour": f"{when.hour:02d}",
        "minute": f"{when.minute:02d}",
        "second": f"{when.second:02d}",
        "y_day": f"{when.timetuple().tm_yday:03d}",
    }


def fill(pattern: str, values: Mapping[str, str]) -> str | None:
    """`pattern` with each `:token` replaced; None if one has no value. The longest token
    name that has a value wins (`:title` is not `:ti` + `tle`, `:i_month` not `:i` + …)."""
    names = sorted(values, key=len, reverse=True)
    missing = False

    def value(match: re.Match[str]) -> str:
        nonlocal missing
        word = match[1]
        name = next((n for n in names if word.startswith(n)), None)
        if name is None:
            missing = True
            return match[0]
        return values[name] + word[len(name) :]

    path = _TOKEN.sub(value, pattern)
    if missing:
        return None
    return "/" + re.sub("/{2,}", "/", path).lstrip("/")


def scalar(meta: Mapping[str, Any], key: str) -> str | None:
    """A front-matter value a permalink may name (Hexo's `:abbrlink`), as text."""
    value = meta.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value).strip() or None


def base_path(value: object) -> str:
    """The path a site lived under, from its `root`, `baseurl` or `baseURL` (`/blog`,
    `https://me.github.io/blog/`), as `/blog/`; `/` when it gives none."""
    if not isinstance(value, str) or not value.strip():
        return "/"
    text = value.strip()
    path = "/" + (urlsplit(text).path if "://" in text else text).strip("/")
    return path if path == "/" else path + "/"
