"""Text fields of YAML front matter as the author typed them, and what YAML dropped.

YAML gives an unquoted `yes` the value True, `3.10` the number 3.1 and `0x1F` 31, and
ends a value at ` #` (a comment). A title, tag or summary is text: it keeps the text
as written, and a comment that cut one is reported with the line quoted.
"""

from __future__ import annotations

import re
from typing import Any

from mlblog.yamlfile import KeyPath, Plain

# The fields mlblog reads as text (mlblog.content.model); the summary's aliases included.
TEXT_KEYS = frozenset(
    {"title", "summary", "excerpt", "description", "tags", "categories", "category",
     "series", "slug"}
)  # fmt: skip
# Obsidian's inline tags, `#ml #dl`, written where YAML reads them as a comment
_HASHTAGS = re.compile(r"#[^\s#,\[\]{}]+(?:[ \t]+#[^\s#,\[\]{}]+)*")
# Where a " #" may be text; a slug keeps no "#" (`slug: old-name # was` is a note)
_PROSE_KEYS = TEXT_KEYS - {"slug"}
_NAMES = {"tags": "a tag", "categories": "a category", "category": "a category"}


def as_written(fields: dict[str, Any], plain: dict[KeyPath, Plain]) -> dict[str, Any]:
    """`fields` with each text field's booleans and numbers back as their written text."""
    typed = [path for path in plain if path[0] in TEXT_KEYS and _typed(_get(fields, path))]
    for path in sorted(typed, key=len):
        fields = _put(fields, path, plain[path].text)
    return fields


def _typed(value: Any) -> bool:
    return isinstance(value, bool | int | float)


def _get(value: Any, path: KeyPath) -> Any:
    for step in path:
        if isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, list) and step.isdigit() and int(step) < len(value):
            value = value[int(step)]
        else:
            return None
    return value


def _put(value: Any, path: KeyPath, text: str) -> Any:
    """A copy of `value` with `text` at `path` (the parsed data stays as YAML gave it)."""
    if not path:
        return text
    if isinstance(value, dict):
        return {**value, path[0]: _put(value[path[0]], path[1:], text)}
    items = list(value)
    items[int(path[0])] = _put(items[int(path[0])], path[1:], text)
    return items


def cut_by_comments(plain: dict[KeyPath, Plain], lines: list[str]) -> list[tuple[int, str]]:
    """(file line, message) for each text field but the slug that a ` #` ended early
    (`title: Issue #42` is "Issue" to YAML). A comment set off by two spaces
    (`tags: ml  # lowercase`) is taken as the note it looks like; `lines`: the file's."""
    found: list[tuple[int, str]] = []
    for path, value in sorted(plain.items(), key=lambda item: item[1].line):
        if path[0] not in _PROSE_KEYS or not value.comment:
            continue
        if value.spaced and value.text and value.comment.startswith("# "):
            continue
        field = _NAMES[path[0]] if len(path) > 1 and path[0] in _NAMES else path[0]
        read = f'"{value.text}"' if value.text else "empty"
        message = (
            f'{field} is read as {read}: in YAML a "#" after a space starts a comment, '
            f'which dropped "{value.comment}"'
        )
        hashtags = _HASHTAGS.fullmatch(value.comment)
        if path[0] == "tags" and not value.text and hashtags and value.one_line:
            names = [name.lstrip("#") for name in value.comment.split()]
            written = lines[value.line - 1][: value.column].strip()
            shown = names[0] if len(path) > 1 else f"[{', '.join(names)}]"
            message += f'; in front matter a tag is written without its "#": {written} {shown}'
        elif value.one_line:
            written = lines[value.line - 1]
            before, typed = written[: value.column].rstrip(), written[value.column :].strip()
            quoted = "'" + typed.replace("'", "''") + "'"
            message += f"; if it is part of the text, quote it: {before.strip()} {quoted}"
        else:
            message += "; if it is part of the text, put the whole value in quotes"
        found.append((value.line, message))
    return found
