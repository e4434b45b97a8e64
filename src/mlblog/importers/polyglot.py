"""jekyll-polyglot: a Jekyll site in several languages (`languages: [en, zh]`,
`default_lang: en`), each post in the language its front matter's `lang:` names, else
the default one. Polyglot served the default language at the site's root and every
other one under a folder of its name (`/zh/2024/01/attention/`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlblog.importers.frontmatter import FrontMatterError, Rules, split
from mlblog.importers.model import Translation


@dataclass(frozen=True, slots=True)
class Polyglot:
    languages: tuple[str, ...]
    default: str

    def language(self, meta: Mapping[str, Any]) -> str:
        lang = meta.get("lang")
        return lang if isinstance(lang, str) and lang in self.languages else self.default

    def prefix(self, meta: Mapping[str, Any]) -> str:
        """The folder the post's language was served under: `/zh`, or '' for the default."""
        lang = self.language(meta)
        return "" if lang == self.default else f"/{lang}"

    def translation(self, file: Path, rules: Rules) -> Translation | None:
        """The post's language, by its front matter; None when that cannot be read (the
        import says why when it reads the post)."""
        try:
            text = file.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
            meta = split(text, rules).meta
        except (OSError, UnicodeDecodeError, FrontMatterError):
            return None
        lang = self.language(meta)
        return Translation(lang, lang, lang == self.default)


def read_polyglot(settings: Mapping[str, Any]) -> Polyglot | None:
    """The site's languages, when `_config.yml` lists more than one."""
    listed = settings.get("languages")
    names = tuple(str(n) for n in listed if n) if isinstance(listed, list) else ()
    if len(names) < 2:
        return None
    default = settings.get("default_lang")
    return Polyglot(names, str(default) if default in names else names[0])
