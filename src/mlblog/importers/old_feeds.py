"""Where the old site wrote its feed, for site.yaml's `feed_aliases`: readers subscribed
to that address keep reading only if the new site writes its feed there too."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mlblog.feeds import SITE_FEED


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [str(item).strip() for item in items if isinstance(item, str | int) and str(item)]


def _get(data: Any, key: str) -> Any:
    """A key of a mapping whatever its case (Hugo's keys are case-insensitive)."""
    if not isinstance(data, Mapping):
        return None
    return next((v for k, v in data.items() if str(k).lower() == key.lower()), None)


def _paths(names: list[str]) -> list[str]:
    """Site paths, without mlblog's own feed (it is there already)."""
    paths = ["/" + name.lstrip("/") for name in names]
    return [path for path in dict.fromkeys(paths) if path != SITE_FEED]


def hexo(data: Mapping[str, Any]) -> list[str]:
    """hexo-generator-feed's `feed:` block: `type` atom or rss2 (or both), `path` by default
    the type's name (`rss2.xml`)."""
    feed = data.get("feed")
    if not isinstance(feed, Mapping):
        return []
    types = _names(feed.get("type")) or ["atom"]
    return _paths(_names(feed.get("path")) or [f"{kind}.xml" for kind in types])


def jekyll(data: Mapping[str, Any]) -> list[str]:
    """jekyll-feed's `feed.path`, by default `feed.xml`, when the site uses the plugin."""
    if "jekyll-feed" not in _names(data.get("plugins")) + _names(data.get("gems")):
        return []
    return _paths(_names(_get(data.get("feed"), "path")) or ["feed.xml"])


def hugo(data: Mapping[str, Any]) -> list[str]:
    """The home page's RSS, `index.xml` unless RSS is turned off or renamed (`baseName`)."""
    disabled = [name.lower() for name in _names(_get(data, "disableKinds"))]
    home = _get(_get(data, "outputs"), "home")
    if "rss" in disabled or (home is not None and "rss" not in map(str.lower, _names(home))):
        return []
    base = _names(_get(_get(_get(data, "outputFormats"), "rss"), "baseName")) or ["index"]
    return _paths([f"{base[0]}.xml"])
