"""Obsidian's "Excluded files" (Settings → Files and links), kept in `.obsidian/app.json` as
`userIgnoreFilters`: notes the author keeps out of search, graph and links, which an
import leaves out too.

Obsidian reads each filter as the start of a vault-relative path (`Private/`,
`drafts/wip.md`), or, written between slashes (`/\\.draft\\.md$/`), as a pattern searched
for in it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mlblog.diagnostics import Diagnostic, warning

APP = ".obsidian/app.json"
_KEY = "userIgnoreFilters"


class Excluded:
    """A vault-relative path (with `/`) → the filter that excludes it, or None."""

    def __init__(self, filters: list[str], problems: list[Diagnostic]) -> None:
        self.written: list[str] = []  # the filters in use, in the author's order
        self._prefixes: list[tuple[str, str]] = []
        self._patterns: list[tuple[str, re.Pattern[str]]] = []
        for written in filters:
            if len(written) > 2 and written.startswith("/") and written.endswith("/"):
                try:
                    self._patterns.append((written, re.compile(written[1:-1])))
                except re.error as exc:
                    message = f"{_KEY}: {written} is no pattern Python reads ({exc}); not used"
                    problems.append(warning(APP, None, message))
                    continue
            elif written.strip("/ "):
                self._prefixes.append((written, written.lstrip("/")))
            else:
                continue
            self.written.append(written)

    def __call__(self, rel: str) -> str | None:
        found = next((w for w, start in self._prefixes if rel.startswith(start)), None)
        return found or next((w for w, pattern in self._patterns if pattern.search(rel)), None)


def excluded_filter(src: Path) -> tuple[Excluded, list[Diagnostic]]:
    """The vault's Excluded files, and what could not be read of them, said (the import
    goes on without those filters)."""
    filters, problems = _filters(src)
    return Excluded(filters, problems), problems


def _filters(src: Path) -> tuple[list[str], list[Diagnostic]]:
    file = src / APP
    if not file.is_file():
        return [], []  # a vault never opened in Obsidian, or one without settings
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "it is not valid JSON"
        message = f"cannot be read ({why}): notes under its Excluded files are imported too"
        return [], [warning(APP, None, message)]
    value = data.get(_KEY, []) if isinstance(data, dict) else []
    if not isinstance(value, list) or not all(isinstance(f, str) for f in value):
        message = f"{_KEY} is not a list of paths: notes under it are imported too"
        return [], [warning(APP, None, message)]
    return value, []
