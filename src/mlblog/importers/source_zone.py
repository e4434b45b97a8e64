"""The time zone another generator's site writes its dates in (`timezone` in Hexo's and
Jekyll's `_config.yml`, `timeZone` in Hugo's config): a post's `date: 2021-01-01 00:30`
means that hour there, so the import writes it with its offset."""

from __future__ import annotations

import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mlblog.diagnostics import Diagnostic, warning
from mlblog.importers.hugo import CONFIG_FILES as HUGO_CONFIG_FILES
from mlblog.yamlfile import YamlSyntaxError, parse_yaml

# Where each generator keeps its settings, in the order it reads them, and the key.
CONFIG_FILES = {
    "Hexo": (("_config.yml",), "timezone"),
    "Jekyll": (("_config.yml",), "timezone"),
    "Hugo": (HUGO_CONFIG_FILES, "timeZone"),
}  # fmt: skip


def source_zone(generator: str, src: Path) -> tuple[ZoneInfo | None, list[Diagnostic]]:
    """The zone the site names, if it names one mlblog knows."""
    if generator not in CONFIG_FILES:
        return None, []  # (an Obsidian vault has no dates of its own to read in a zone)
    names, key = CONFIG_FILES[generator]
    for name in names:
        path = src / name
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
            data = (
                tomllib.loads(text) if name.endswith(".toml") else parse_yaml(text).data
            )  # JSON is YAML
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, YamlSyntaxError):
            return None, []  # what else it holds is reported where it matters, if anywhere
        if not isinstance(data, dict):
            return None, []
        value = next((v for k, v in data.items() if str(k).lower() == key.lower()), None)
        if not isinstance(value, str) or not value.strip():
            return None, []
        try:
            return ZoneInfo(value.strip()), []
        except (ZoneInfoNotFoundError, ValueError):
            message = (
                f'{key} "{value}" is no time zone mlblog knows; dates are read in site.yaml\'s'
            )
            return None, [warning(name, None, message)]
    return None, []
