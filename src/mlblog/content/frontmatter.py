"""Hugo's two other front-matter formats: TOML between `+++` lines (Zola's too), and a JSON
object.

Their values come out as YAML's do here (mlblog.yamlfile): dates as the text they were
written as, so every date is read in one place (mlblog.content.dates) and a TOML post
and a YAML post with the same fields are the same to everything after this.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from typing import Any

# A TOML key: bare, "basic" or 'literal'; dotted keys (`a.b = 1`) belong to their first.
_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_KEY_LINE = re.compile(rf"[ \t]*({_KEY})(?:[ \t]*\.[ \t]*{_KEY})*[ \t]*=[ \t]*(.*)")
_TABLE_LINE = re.compile(rf"[ \t]*\[\[?[ \t]*({_KEY})")
_WHERE = re.compile(r" \(at (?:line (\d+), column (\d+)|end of document)\)$")
# What to do about tomllib's commonest complaints, in an author's terms.
_HINTS = {
    "Invalid value": 'TOML puts text in "double quotes": title = "…"; a date is written 2024-05-10',
    "Expected '=' after a key": "TOML writes `key = value`; `key: value` is YAML, which "
    "goes between --- lines",
}


class FrontMatterError(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line = line  # in the file
        self.message = message
        super().__init__(f"{line}: {message}")


FrontMatter = tuple[dict[str, Any], dict[str, int], int]  # fields, their lines, closing index


def read_toml(lines: list[str], start: int) -> FrontMatter:
    """The TOML from the `+++` line `lines[start]` to the next `+++` line."""
    end = next((i for i in range(start + 1, len(lines)) if lines[i].rstrip() == "+++"), None)
    if end is None:
        raise FrontMatterError(
            start + 1, 'front matter starts with "+++" but is never closed (end it with a '
            '"+++" line)'
        )  # fmt: skip
    import tomllib  # here: only Hugo-style `+++` front matter needs it

    first = start + 2  # the file line of the TOML's first line
    found = _toml_keys(lines[start + 1 : end], first)
    try:
        meta = tomllib.loads("\n".join(lines[start + 1 : end]))
    except tomllib.TOMLDecodeError as exc:
        # "at end of document": its last line, where what was left open shows
        last = next((i for i in range(end - 1, start, -1) if lines[i].strip()), end) + 1
        raise _toml_error(str(exc), found, first, last) from None
    meta_lines = {key: found[key][0] for key in meta if key in found}
    taxonomies = meta.get("taxonomies")
    if isinstance(taxonomies, dict):  # Zola's: `[taxonomies]` ⏎ `tags = ["nlp"]`
        for key in ("tags", "categories"):
            if key in taxonomies and key not in meta:
                meta[key] = taxonomies[key]
                if "taxonomies" in meta_lines:
                    meta_lines[key] = meta_lines["taxonomies"]
    return {key: _as_written(value) for key, value in meta.items()}, meta_lines, end


def _toml_error(text: str, found: dict[str, list[int]], first: int, last: int) -> Exception:
    where = _WHERE.search(text)
    message = text[: where.start()] if where else text
    hint = next((h for start, h in _HINTS.items() if message.startswith(start)), None)
    twice = sorted(lines[1] for lines in found.values() if len(lines) > 1)
    if where and where[1]:
        line = first + int(where[1]) - 1
    elif twice and message.startswith("Cannot overwrite"):  # the commonest cause
        line, hint = twice[0], "this key is given twice"
    else:  # "at end of document"
        line = last
    shown = message[:1].lower() + message[1:]
    return FrontMatterError(line, f"front matter in TOML: {shown}" + (f" ({hint})" if hint else ""))


def _toml_keys(lines: list[str], first: int) -> dict[str, list[int]]:
    """The file lines of each top-level key: `key = …` before the first [table], and
    each [table] (or [[table]]) header. Lines inside a multi-line string are skipped."""
    found: dict[str, list[int]] = {}
    in_string = ""  # the open multi-line string's quotes
    root = True
    for number, line in enumerate(lines, start=first):
        if in_string:
            in_string = "" if in_string in line else in_string
            continue
        if table := _TABLE_LINE.match(line):
            root = False  # ([a] then [a.b] name one key: only its first line is kept)
            found.setdefault(_key_name(table[1]), [number])
        elif key := _KEY_LINE.match(line):
            if root:
                found.setdefault(_key_name(key[1]), []).append(number)
            value = key[2]
            quotes = value[:3] if value.startswith(('"""', "'''")) else ""
            if quotes and quotes not in value[3:]:
                in_string = quotes
    return found


def _key_name(written: str) -> str:
    if written.startswith('"'):
        import tomllib

        try:
            return str(tomllib.loads(f"k = {written}")["k"])
        except tomllib.TOMLDecodeError:
            return written
    return written.strip("'")


def _as_written(value: Any) -> Any:
    """TOML's dates and times as the text mlblog's YAML reader gives: an offset date-time
    keeps its offset, a local one has none (the site's time zone applies, as for YAML)."""
    if isinstance(value, datetime):
        return value.isoformat() if value.tzinfo else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _as_written(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_written(v) for v in value]
    return value


def json_problem(text: str, exc: json.JSONDecodeError) -> tuple[int, str]:
    """The line of `text` (from 1) and the message for JSON's complaint. A comma after the
    last item (`"date": "2024-01-01",` over the `}`), which JSON alone refuses, was blamed
    on the `}` or `]` after it as "Expecting property name enclosed in double quotes"."""
    before = text[: exc.pos].rstrip()
    if text[exc.pos : exc.pos + 1] in ("}", "]") and before.endswith(","):
        return before.count("\n") + 1, (
            "a trailing comma after the last item, which JSON does not allow (remove the comma)"
        )
    return exc.lineno, exc.msg


# Hugo's JSON front matter is an object from a first `{` to the `}` that matches it, on one
# line or many. Only `{` alone or `{"` opens it here: `{{< figure >}}`, `{{% note %}}`,
# `{% raw %}` and `{#id .class}` are text, which Hugo would fail to read as JSON.
_JSON_OPENS = re.compile(r'\{[ \t]*(?:"|$)')


def opens_json(line: str) -> bool:
    """Whether a post's first line opens JSON front matter."""
    return _JSON_OPENS.match(line.rstrip()) is not None


def _json_end(lines: list[str], start: int) -> tuple[int, int] | None:
    """The line and column of the `}` that closes the `{` opening `lines[start]`, counting
    braces outside strings as Hugo does; None when none does."""
    level, quoted, escaped = 0, False, False
    for number in range(start, len(lines)):
        for column, char in enumerate(lines[number]):
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = not quoted
            elif not quoted and char in "{}":
                level += 1 if char == "{" else -1
                if level == 0:
                    return number, column
    return None


def read_json(lines: list[str], start: int) -> FrontMatter | None:
    """The JSON object opening on `lines[start]` (see opens_json) to the `}` that matches
    its `{`, as Hugo reads it; None when a lone `{` is never closed (then the file has no
    front matter)."""
    found = _json_end(lines, start)
    if found is None:
        if lines[start].strip() == "{":
            return None
        raise FrontMatterError(
            start + 1, 'front matter in JSON starts with "{" but no "}" closes it'
        )
    end, column = found
    if lines[end][column + 1 :].strip():
        raise FrontMatterError(
            end + 1, 'text after the "}" that closes the front matter in JSON (start the '
            "post's text on the next line)"
        )  # fmt: skip
    text = "\n".join([*lines[start:end], lines[end][: column + 1]])
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as exc:
        line, message = json_problem(text, exc)
        raise FrontMatterError(start + line, f"front matter in JSON: {message}") from None
    if not isinstance(meta, dict):
        raise FrontMatterError(start + 1, "front matter must be a JSON object")
    meta_lines: dict[str, int] = {}
    for key in meta:  # the first line naming each key: near enough for messages
        quoted = json.dumps(key, ensure_ascii=False) + ":"
        named = (i for i in range(start, end + 1) if quoted in lines[i].replace('" :', '":'))
        meta_lines[str(key)] = next(named, start) + 1
    return {str(k): v for k, v in meta.items()}, meta_lines, end
