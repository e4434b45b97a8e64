"""What front matter keys mean to mlblog: the names it reads for each field (other
generators' included), and warnings for keys it does not read that look meant for it."""

from __future__ import annotations

from mlblog.content.addresses import ADDRESS_KEYS, ALIAS_KEYS
from mlblog.content.code_fold import READ_KEYS as FOLD_KEYS
from mlblog.content.source import Source
from mlblog.diagnostics import Diagnostic, warning

# What a listing shows instead of the post's opening; `excerpt` is written for listings,
# `description` often for search engines, so it comes last (Jekyll shows `excerpt`).
SUMMARY_KEYS = ("summary", "excerpt", "description")
# The link preview's picture: jekyll-seo-tag's, Hugo's, Hexo themes', Hexo's own `photos`
# (which its open_graph helper reads), in that order (mlblog.templates).
IMAGE_KEYS = ("image", "images", "cover", "photos")
LANG_KEYS = ("lang", "language")  # the post's language, where its text does not tell
# Hugo's keys (and their aliases) for a post shown only from, or only until, a time.
PUBLISH_KEYS = ("publishDate", "publishdate", "pubdate")
# A post pinned to the top of the home page: Hexo's `sticky: N` (hexo-generator-index),
# Hexo themes' `top: true`, Chirpy's and other Jekyll themes' `pin: true`.
PIN_KEYS = ("sticky", "top", "pin")
EXPIRY_KEYS = ("expiryDate", "expirydate", "unpublishdate")
SERIES_KEYS = ("series", "series_weight")


# Keys other generators give a meaning mlblog does not: said, not silently ignored.
_OTHERS_KEYS = {
    "weight": "nothing is ordered by weight: lists show the newest first (a series' parts "
    "are ordered by `series_weight:`)",
    # jekyll-redirect-from's "this page is elsewhere now" (misread as redirect_from)
    "redirect_to": "a post cannot send its readers elsewhere; to move it, give its new "
    "file the old address under `aliases:`",
    # Jekyll's own marker: here the excerpt would run past it, as if none were written
    "excerpt_separator": "the excerpt ends at a `<!--more-->` line; write one where it "
    "should end (mlblog import turns Jekyll's markers into it)",
}  # fmt: skip
# Every key mlblog reads; any other key is the author's own, for their templates.
READ_KEYS = (
    "title", "date", "updated", "lastmod", "category", "categories", "tags", "slug", "draft",
    "published", *SUMMARY_KEYS, "math", "toc", "comments", *IMAGE_KEYS, *ALIAS_KEYS, *LANG_KEYS,
    *PUBLISH_KEYS, *EXPIRY_KEYS, *ADDRESS_KEYS, *PIN_KEYS, "bibliography",
    *SERIES_KEYS, *FOLD_KEYS,
)  # fmt: skip


# Keys too short to guess a misspelling of: an author's own `urls:` is no misspelt `url:`.
_NOT_GUESSED = ("url",)


def _close_match(key: str) -> list[str]:
    import difflib  # (only for a key mlblog does not read)

    keys = [k for k in READ_KEYS if k not in _NOT_GUESSED]
    return difflib.get_close_matches(key.lower(), keys, n=1, cutoff=0.8)


def unread_keys(source: Source) -> list[Diagnostic]:
    """Warnings for keys that look like a misspelt one of ours (`tag:`, `categroies:`) or
    that another generator reads and mlblog does not (Hexo's `sticky:`)."""
    problems = []
    for key in source.meta:
        if key in READ_KEYS:
            continue
        if (meaning := _OTHERS_KEYS.get(key.lower())) is not None:
            problems.append(warning(source.path, source.line_of(key), f"{key} is not read: "
                                    f"{meaning}"))  # fmt: skip
        elif close := _close_match(key):
            problems.append(warning(source.path, source.line_of(key), f'unknown key "{key}" '
                                    f'(did you mean "{close[0]}"?); it is not read'))  # fmt: skip
    return problems
