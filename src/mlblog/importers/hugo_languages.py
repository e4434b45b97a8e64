"""A multilingual Hugo site's languages: which one a content file is in, by its name
(`attention.en.md`) or by its language's content folder (`contentDir = "content/en"`),
and the folder Hugo served each one under (`/en/posts/attention/`).

Hugo serves the default language at the site's root, and every other one under a folder
named by its key; `defaultContentLanguageInSubdir` puts the default one in its folder
too. With a `baseURL` per language (multihost) each is at the root of its own host.
"""

from __future__ import annotations

import contextlib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlblog.importers.model import Translation
from mlblog.yamlfile import YamlSyntaxError, parse_yaml


@dataclass(frozen=True, slots=True)
class Languages:
    default: str  # defaultContentLanguage's key, lower-case as Hugo makes it
    in_subdir: bool  # defaultContentLanguageInSubdir
    tags: Mapping[str, str]  # each language's key → the BCP 47 tag `lang:` takes
    folders: Mapping[str, str]  # a language's own content folder (`content/en`) → its key
    hosts: Mapping[str, str]  # a language's own baseURL (multihost): each at its root

    def translation(self, key: str) -> Translation | None:
        """What an entry in the language `key` is, on a site of more than one language."""
        if len(self.tags) < 2 and not self.folders:
            return None
        default = key == self.default
        host = "" if default else self.hosts.get(key, "")
        return Translation(key, self.tags.get(key, key), default, host)

    def split_stem(self, stem: str) -> tuple[str, str]:
        """`attention.en` → (`attention`, `en`): a file's name without the language Hugo
        reads from it, and that language's key ('' when it names none Hugo knows)."""
        base, dot, key = stem.rpartition(".")
        if dot and key.lower() in self.tags:
            return base, key.lower()
        return stem, ""

    def prefix(self, key: str) -> str:
        """The folder the language's addresses were under: `/en`, or '' at the root."""
        if self.hosts or (key == self.default and not self.in_subdir):
            return ""
        return f"/{key}"


def read_languages(src: Path, settings: Mapping[str, Any]) -> Languages:
    """The languages of the site's config (or of `config/_default/languages.*` when the
    config folder is split); a site without `languages` has only its default one."""
    keys = {str(k).lower(): v for k, v in settings.items()}
    table = keys.get("languages")
    if not isinstance(table, dict):
        table = _settings_file(src, "config/_default/languages")
    default = str(keys.get("defaultcontentlanguage") or "en").lower()
    tags: dict[str, str] = {default: default}
    folders: dict[str, str] = {}
    hosts: dict[str, str] = {}
    for name, values in table.items():
        key = str(name).lower()
        own = {str(k).lower(): v for k, v in values.items()} if isinstance(values, dict) else {}
        # languageCode is what Hugo's themes put in <html lang>; Hugo 0.158 calls it locale
        code = own.get("languagecode") or own.get("locale")
        tags[key] = str(code).strip() if isinstance(code, str) and code.strip() else key
        folder = own.get("contentdir")
        if isinstance(folder, str) and folder.strip("/ "):
            folders[folder.strip("/ ")] = key
        if isinstance(own.get("baseurl"), str) and own["baseurl"].strip():
            hosts[key] = own["baseurl"].strip()
    in_subdir = keys.get("defaultcontentlanguageinsubdir") is True
    return Languages(default, in_subdir, tags, folders, hosts)


def _settings_file(src: Path, stem: str) -> dict[str, Any]:
    """A table of a split config folder (`config/_default/languages.toml`); {} if none."""
    for suffix in (".toml", ".yaml", ".yml"):
        with contextlib.suppress(OSError, UnicodeDecodeError, tomllib.TOMLDecodeError,
                                 YamlSyntaxError):  # fmt: skip
            text = (src / f"{stem}{suffix}").read_text(encoding="utf-8-sig")
            read = tomllib.loads(text) if suffix == ".toml" else parse_yaml(text).data
            if isinstance(read, dict):
                return read
    return {}
