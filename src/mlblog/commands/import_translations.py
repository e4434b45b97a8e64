"""The posts of a multilingual site (Hugo's `attention.en.md` beside `attention.zh.md`) in
an import: each with its `lang:`, a translation with a slug of its own where its default
language's post keeps the one they share, and the one line the summary says of them."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from mlblog.content.front_matter_keys import LANG_KEYS
from mlblog.importers.frontmatter import Normalized, Parsed
from mlblog.importers.model import Translation


def with_lang(meta: Normalized, parsed: Parsed, translation: Translation | None) -> None:
    """`lang:` as the old site's language says, unless the front matter names one."""
    if translation is not None and not any(key in parsed.meta for key in LANG_KEYS):
        meta.meta["lang"] = translation.tag


class Translations:
    """The slugs the posts imported so far have, and what became of the translations."""

    def __init__(self) -> None:
        self._slugs: set[str] = set()
        self._languages: Counter[str] = Counter()
        self._renamed: Counter[str] = Counter()  # language key → translations given -key
        self._hosts: dict[str, str] = {}  # language key → the other host it was served at

    def own(self, meta: Normalized, parsed: Parsed, translation: Translation | None) -> Normalized:
        """The post with its `lang:` and, when it is a translation whose slug another post
        has (its default language's), that slug with `-<language>` after it: the two
        would otherwise have one address."""
        with_lang(meta, parsed, translation)
        if translation is not None:
            self._languages[translation.key] += 1
            if translation.host:
                self._hosts[translation.key] = translation.host
            if not translation.default and meta.slug in self._slugs:
                meta.meta["slug"] = f"{meta.slug}-{translation.key.lower()}"
                meta = replace(meta, slug=meta.meta["slug"])
                self._renamed[translation.key] += 1
        self._slugs.add(meta.slug)
        return meta

    def summary(self) -> str:
        """'' on a site of one language."""
        if not self._languages:
            return ""
        total = sum(self._languages.values())
        each = ", ".join(f"{key} {n}" for key, n in self._languages.most_common())
        languages = len(self._languages)
        said = f"{total} post{'s' if total != 1 else ''} in {languages} "
        said += f"language{'s' if languages != 1 else ''} ({each}) have lang: set"
        if self._renamed:
            renamed = sum(self._renamed.values())
            ends = ", ".join(f"-{key.lower()}" for key in self._renamed)
            said += (f", {renamed} translation{'s' if renamed != 1 else ''} got {ends} after "
                     "the slug the default language's post keeps")  # fmt: skip
        for key, host in self._hosts.items():
            said += f"; the {key} posts were at {host}, whose old links no redirect here can catch"
        return said + "; mlblog shows no link between a post and its translations"
