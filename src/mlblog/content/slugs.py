"""Slugs for URLs and heading ids. Chinese stays Chinese; nothing can escape a folder."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_URL_UNSAFE = re.compile(r"[^\w]+")
_DASHES = re.compile(r"-{2,}")
# Names Windows refuses as files; a site built there must not break.
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)
MAX_SLUG_BYTES = 180  # room for a suffix such as "-2" and for the index.html beside it
_JEKYLL_NAME = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})-(.+)$")


@lru_cache(maxsize=8192)
def slugify(text: str) -> str:
    """A safe URL path segment: lower-case letters, digits, CJK and '-'; '' if none remain."""
    text = unicodedata.normalize("NFKC", text).lower()
    slug = _DASHES.sub("-", _URL_UNSAFE.sub("-", text).replace("_", "-")).strip("-")
    if len(slug.encode()) > MAX_SLUG_BYTES:  # file systems refuse names over 255 bytes
        slug = slug.encode()[:MAX_SLUG_BYTES].decode(errors="ignore")
        slug = (slug.rpartition("-")[0] or slug).strip("-")
    if slug in _RESERVED:
        slug += "-"
    return slug


def heading_id(text: str) -> str:
    """GitHub/kramdown-style anchor: `1. 前言` → `1-前言`, so hand-written TOCs keep working."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    kept = "".join(ch for ch in text if ch.isalnum() or ch in " -_")
    return kept.replace(" ", "-")


def split_jekyll_name(stem: str) -> tuple[str | None, str]:
    """`2024-01-02-lora` → ("2024-01-02", "lora"); other names → (None, name)."""
    match = _JEKYLL_NAME.match(stem)
    if match:
        return match.group(1), match.group(2)
    return None, stem


def title_from_name(name: str) -> str:
    """The title of a post that gives none, from its file name: a slug-like name reads as
    Jekyll shows it, each word capitalised (`marschner-hair` → "Marschner Hair"); a name
    written as a title (`Attention 机制`, as Obsidian and Typora name notes) as written."""
    if " " in name.strip() or "-" not in name:
        return name.strip()
    return " ".join(word[:1].upper() + word[1:] for word in name.split("-") if word)
