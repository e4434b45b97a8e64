"""Chirpy's sidebar pages: the `tabs` collection in `_tabs/`.

Its about tab (and any tab of the author's own) is a page with the author's text; its
archives, categories and tags tabs are stubs (`layout: tags`, no text) from which the
theme made its lists, which mlblog makes itself: the import names and leaves those.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mlblog.importers.addresses import fill
from mlblog.importers.frontmatter import FrontMatterError, Rules, split
from mlblog.importers.model import (
    LISTING_LAYOUTS,
    MARKDOWN_SUFFIXES,
    ForeignPage,
    rel_to,
    starts_front_matter,
)

TABS = "_tabs"
# Chirpy titles its tabs in the site's language (its _data/locales/): the about tab by
# these words; another tab by its front matter's title, else by its name.
_ABOUT = {"zh": "关于", "ja": "について", "ko": "정보", "de": "Über", "fr": "À propos"}


def tabs(src: Path, settings: Mapping[str, Any]) -> list[ForeignPage]:
    """Every tab, as a page of the old site; which are lists is decided as for the
    other pages (by their layout)."""
    folder = src / TABS
    if not folder.is_dir():
        return []
    lang = str(settings.get("lang") or "").split("-")[0].lower()
    return [
        ForeignPage(file, rel_to(file, src), file.stem, (folder,),
                    _ABOUT.get(lang, "About") if file.stem == "about" else file.stem.capitalize())
        for file in sorted(folder.iterdir())
        if file.is_file() and file.suffix.lower() in MARKDOWN_SUFFIXES
        and not file.name.startswith(("_", ".")) and starts_front_matter(file)
    ]  # fmt: skip


def tab_pattern(settings: Mapping[str, Any]) -> str:
    """Where Jekyll served a tab: the permalink front-matter `defaults` give `_tabs`
    (Chirpy's `/:title/`), else the collection's own, else a collection's default."""
    pattern = "/:collection/:path:output_ext"
    collections = settings.get("collections")
    own = collections.get("tabs") if isinstance(collections, Mapping) else None
    if isinstance(own, Mapping) and isinstance(own.get("permalink"), str):
        pattern = own["permalink"]
    defaults = settings.get("defaults")
    for item in defaults if isinstance(defaults, list) else []:
        scope = item.get("scope") if isinstance(item, Mapping) else None
        values = item.get("values") if isinstance(item, Mapping) else None
        scope = scope if isinstance(scope, Mapping) else {}
        covers = str(scope.get("path") or "").strip("/") == TABS or scope.get("type") == "tabs"
        if covers and isinstance(values, Mapping) and isinstance(values.get("permalink"), str):
            pattern = values["permalink"]  # (the last that matches wins, as in Jekyll)
    return pattern


def tab_address(pattern: str, name: str) -> str:
    values = {"collection": "tabs", "path": name, "name": name, "title": name, "slug": name}
    return fill(pattern, values | {"output_ext": ".html"}) or f"/tabs/{name}.html"


def tab_menu(src: Path, settings: Mapping[str, Any]) -> list[dict[str, str]]:
    """Chirpy's sidebar links to the tabs with the author's text, in their `order`:
    site.yaml's menu items for them (the lists' links are mlblog's own)."""
    found: list[tuple[float, str, dict[str, str]]] = []
    pattern = tab_pattern(settings)
    for page in tabs(src, settings):
        try:
            text = page.file.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
            parsed = split(text, Rules())
        except (OSError, UnicodeDecodeError, FrontMatterError):
            continue  # (the page's import names it)
        layout = parsed.meta.get("layout")
        if not parsed.body.strip() or (isinstance(layout, str) and layout in LISTING_LAYOUTS):
            continue
        title = parsed.meta.get("title")
        name = title.strip() if isinstance(title, str) and title.strip() else page.title
        order = parsed.meta.get("order")
        rank = float(order) if isinstance(order, int | float) else float("inf")
        url = parsed.meta.get("permalink")
        url = url if isinstance(url, str) and url.startswith("/") else None
        url = url or tab_address(pattern, page.name)
        found.append((rank, page.name, {"name": name, "url": url}))
    return [item for _, _, item in sorted(found)]
