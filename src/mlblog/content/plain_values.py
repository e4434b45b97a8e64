"""Text fields of YAML front matter: what YAML dropped from them.

YAML ends an unquoted value at ` #` (a comment): a comment that cut a title, tag or
summary is reported with the line quoted.
"""

from __future__ import annotations

from mlblog.yamlfile import KeyPath, Plain

# The fields mlblog reads as text (mlblog.content.model); the summary's aliases included.
TEXT_KEYS = frozenset(
    {"title", "summary", "excerpt", "description", "tags", "categories", "category",
     "series", "slug"}
)  # fmt: skip
_NAMES = {"tags": "a tag", "categories": "a category", "category": "a category"}


def cut_by_comments(plain: dict[KeyPath, Plain], lines: list[str]) -> list[tuple[int, str]]:
    """(file line, message) for each text field a ` #` ended early (`title: Issue #42` is
    "Issue" to YAML). A comment set off by two spaces (`tags: ml  # lowercase`) is taken as
    the note it looks like; `lines` are the file's lines."""
    found: list[tuple[int, str]] = []
    for path, value in sorted(plain.items(), key=lambda item: item[1].line):
        if path[0] not in TEXT_KEYS or not value.comment:
            continue
        if value.spaced and value.text and value.comment.startswith("# "):
            continue
        field = _NAMES[path[0]] if len(path) > 1 and path[0] in _NAMES else path[0]
        read = f'"{value.text}"' if value.text else "empty"
        message = (
            f'{field} is read as {read}: in YAML a "#" after a space starts a comment, '
            f'which dropped "{value.comment}"'
        )
        if value.one_line:
            written = lines[value.line - 1]
            before, typed = written[: value.column].rstrip(), written[value.column :].strip()
            quoted = "'" + typed.replace("'", "''") + "'"
            message += f"; if it is part of the text, quote it: {before.strip()} {quoted}"
        else:
            message += "; if it is part of the text, put the whole value in quotes"
        found.append((value.line, message))
    return found
