"""YAML parsing that keeps line numbers and leaves dates to us.

PyYAML resolves some date spellings to datetimes and leaves others as strings
(`2020-05-10 22:21:49 +0800`), so timestamps are not resolved at all here and
every date is parsed in one place, `content.dates`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps; its error messages are the ones we report."""


# libyaml parses front matter ~5x faster; a document it rejects is parsed again by the
# Python loader, whose messages (and our hints for them) are the ones users see.
_FastLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", _Loader)

_NO_TIMESTAMPS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.yaml_implicit_resolvers = _NO_TIMESTAMPS
if _FastLoader is not _Loader:
    _FastLoader = type("_FastLoader", (_FastLoader,), {"yaml_implicit_resolvers": _NO_TIMESTAMPS})

KeyPath = tuple[str, ...]
_MERGE = "tag:yaml.org,2002:merge"  # `<<: *defaults`


@dataclass(frozen=True, slots=True)
class Plain:
    """An unquoted scalar as written, before YAML gave it a type (`yes` → True, `3.10` → 3.1)."""

    text: str
    line: int  # the file line it starts on
    column: int  # where it starts on that line (right after the `:` when it is empty)
    one_line: bool
    comment: str  # a `# …` YAML dropped after it on its last line, or ""
    spaced: bool  # two or more spaces (or a tab) before that comment: an aligned note


@dataclass(frozen=True, slots=True)
class YamlDocument:
    data: Any
    lines: dict[KeyPath, int]  # 1-based line of each mapping key, by its path
    # the plain scalars of the top-level mapping's values and their lists' items
    plain: dict[KeyPath, Plain] = field(default_factory=dict)

    def line(self, *path: str, default: int = 1) -> int:
        return self.lines.get(tuple(path), default)


class YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"{line}: {message}")


def _hint(problem: str, quoted: bool, flow: bool) -> str:
    """What to do about PyYAML's most common complaints, in the author's terms."""
    if "'\\t'" in problem:
        return "indent with spaces, not tabs"
    if "unknown escape character" in problem:  # title: "… $\sqrt{d}$"
        return "a backslash in \"double quotes\" starts an escape: put TeX in 'single quotes'"
    if quoted:
        return "a quote is opened here and never closed"
    if flow:
        return "a [ or { is opened here and never closed; quote text that starts with one"
    if "mapping values are not allowed" in problem:
        return "check the indentation, or quote a value that contains ': '"
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return "check the indentation and that each line is `key: value`"
    return "check the YAML syntax"


def parse_yaml(text: str, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document; `first_line` is the file line the text starts on."""
    if _FastLoader is not _Loader:
        fast = _FastLoader(text)
        try:
            node = fast.get_single_node()
            # (lines first: constructing moves a `<<` merge's keys into the mapping)
            lines: dict[KeyPath, int] = {}
            if node is not None:
                _record_lines(node, (), first_line, lines)
            data = fast.construct_document(node) if node is not None else None
        except yaml.YAMLError:
            pass  # parsed again below, for the message
        else:
            return YamlDocument(data, lines, _plain_values(node, text, first_line))
        finally:
            fast.dispose()
    try:
        loader = _Loader(text)  # the reader already refuses control characters here
    except yaml.reader.ReaderError as exc:
        line = first_line + text[: exc.position].count("\n")
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        character = f"U+{code:04X}"
        raise YamlSyntaxError(line, f"invalid YAML: control character {character} "
                              "(remove it)") from None  # fmt: skip
    lines = {}
    try:
        node = loader.get_single_node()
        if node is not None:
            _record_lines(node, (), first_line, lines)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        if (found := _full_width(text)) is not None:  # the cause, where YAML saw only its effect
            raise YamlSyntaxError(first_line + found[0], f"invalid YAML: {found[1]}") from None
        mark = exc.problem_mark or exc.context_mark
        context = exc.context or ""
        quoted = "quoted scalar" in context
        flow = "flow sequence" in context or "flow mapping" in context
        if (quoted or flow) and exc.context_mark is not None:  # the opening, not EOF
            mark = exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        index = mark.line if mark else 0
        if flow:
            hint = _comment_in_flow_hint(text, index)
        elif quoted:
            hint = None
        elif "mapping values are not allowed" in problem:
            hint = _indicator_hint(text, index) or _colon_hint(text, index)
        else:
            hint = _indicator_hint(text, index)
        raise YamlSyntaxError(
            line, f"invalid YAML: {problem} ({hint or _hint(problem, quoted, flow)})"
        ) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(first_line, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    return YamlDocument(data, lines, _plain_values(node, text, first_line))


# `title: [WIP] notes`, `title: @home`, `title: *重点* 笔记`: a plain value may not start
# with these, and the error PyYAML gives names the token, not the quoting that fixes it.
_INDICATOR_VALUE = re.compile(r"^([ \t]*(?:- )?[^\s:#'\"\[{][^:]*?):[ \t]+([\[{@`*!%|>\"']|[-?] )")


def _indicator_hint(text: str, index: int) -> str | None:
    """The line `key: value` quoted, when its value starts with a YAML indicator."""
    lines = text.split("\n")
    match = _INDICATOR_VALUE.match(lines[index]) if index < len(lines) else None
    if match is None:
        return None
    value = lines[index][match.end(1) + 1 :].strip()
    quoted = "'" + value.replace("'", "''") + "'"
    return (
        f"a value that starts with {match.group(2).strip()!r} is YAML syntax, not text: "
        f"quote it, as in {match.group(1).strip()}: {quoted}"
    )


# `title: BERT: Pre-training`, `title: Note:`: the key, and a value with ": " or a final ":"
_COLON_VALUE = re.compile(r"^([ \t]*(?:- )?[^\s:#'\"\[{][^:]*?):[ \t]+(\S.*?:(?:[ \t].*?)?)[ \t]*$")


def _colon_hint(text: str, index: int) -> str | None:
    """The line `key: value` quoted, when its value holds ": " or ends in ":", which YAML
    reads as a key."""
    lines = text.split("\n")
    match = _COLON_VALUE.match(lines[index]) if index < len(lines) else None
    if match is None:
        return None
    quoted = "'" + match[2].replace("'", "''") + "'"
    return (
        f'a ":" before a space or at the end of a line starts a key in YAML: quote the value, '
        f"as in {match[1].strip()}: {quoted}"
    )


# `tags: [C #, ml]`: a list on one line whose "#" (after a space) hid its closing "]"
_FLOW_WITH_HASH = re.compile(
    r"^([ \t]*(?:- )?[^\s:#'\"\[{][^:]*?:[ \t]+)\[([^\[\]{}'\"]*)\][ \t]*$"
)


def _comment_in_flow_hint(text: str, index: int) -> str | None:
    """The list `lines[index]` opens, its items with a " #" quoted, when such an item hid
    the rest of the line from YAML (a comment) and with it the list's closing bracket."""
    lines = text.split("\n")
    line = lines[index] if index < len(lines) else ""
    if not re.search(r"\[[^#]*\s#", line):
        return None
    advice = 'a "#" after a space starts a comment in YAML, which hid the rest of the line'
    match = _FLOW_WITH_HASH.match(line)
    if match is None:
        return f"{advice}: put the item with the # in quotes"
    items = [item.strip() for item in match[2].split(",")]
    shown = ", ".join(f"'{item}'" if re.search(r"\s#", item) else item for item in items)
    return f"{advice}: quote the item, as in {match[1].strip()} [{shown}]"


_FULL_WIDTH_KEY = re.compile(r"^[ \t]*(?:- )?[^\s:：#'\"{}\[\],][^:：]*?[ \t]*：")


def _full_width(text: str) -> tuple[int, str] | None:
    """(line index, message) of a full-width colon after a key (`title：注意力`) or an
    indent of full-width spaces, which an input method types and YAML cannot read."""
    for index, line in enumerate(text.split("\n")):
        if line.startswith("\u3000"):
            return index, 'indented with a full-width space "\u3000"; indent with ASCII spaces'
        if _FULL_WIDTH_KEY.match(line):
            return index, 'a full-width colon "：" after the key; write ": " (ASCII colon, space)'
    return None


def _record_lines(
    node: yaml.Node,
    path: KeyPath,
    first_line: int,
    out: dict[KeyPath, int],
    seen: set[int] | None = None,
    inside: tuple[int, ...] = (),
) -> None:
    """The line of every key and item. A node an alias repeats (`*defaults`) is walked
    once (a chain of aliases repeating aliases would take exponential time); one that
    holds itself (`a: &a [*a]`) is an error: nothing could read it to the end."""
    seen = set() if seen is None else seen
    if id(node) in inside:
        line = first_line + node.start_mark.line
        raise YamlSyntaxError(line, "invalid YAML: an alias here contains itself")
    if id(node) in seen:
        return
    seen.add(id(node))
    inside = (*inside, id(node))
    if isinstance(node, yaml.MappingNode):
        merged: set[KeyPath] = set()  # what `<<: *defaults` gave: a key of its own overrides
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = first_line + key_node.start_mark.line
            if key_node.tag == _MERGE:
                merged |= _merge_lines(value_node, path, line, out)
            elif (*path, key) in merged:
                merged.discard((*path, key))
            elif (*path, key) in out and isinstance(key_node, yaml.ScalarNode) and key != "<<":
                # PyYAML keeps the last; which one the author meant, only the author knows
                raise YamlSyntaxError(line, f'invalid YAML: "{key}" is given twice (also on '
                                      f"line {out[(*path, key)]}); keep one")  # fmt: skip
            out[(*path, key)] = line
            _record_lines(value_node, (*path, key), first_line, out, seen, inside)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out[(*path, str(index))] = first_line + item.start_mark.line
            _record_lines(item, (*path, str(index)), first_line, out, seen, inside)


def _merge_lines(
    value: yaml.Node, path: KeyPath, line: int, out: dict[KeyPath, int]
) -> set[KeyPath]:
    """The keys `<<: *defaults` (or `<<: [*a, *b]`) merges into the mapping at `path`, each
    on the `<<` line; a key the mapping gives itself keeps its own line."""
    sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
    merged: set[KeyPath] = set()
    for source in sources:
        for key_node, _ in source.value if isinstance(source, yaml.MappingNode) else ():
            key = (*path, str(key_node.value))
            if key not in out:
                out[key] = line
                merged.add(key)
    return merged


def _plain_values(node: yaml.Node | None, text: str, first_line: int) -> dict[KeyPath, Plain]:
    """The plain scalars a top-level key holds: its value, its list's items and their
    lists' items (Hexo's `categories: [[a, b]]`)."""
    found: dict[KeyPath, Plain] = {}
    if not isinstance(node, yaml.MappingNode):
        return found
    lines = text.split("\n")
    todo: list[tuple[KeyPath, yaml.Node]] = [
        ((str(k.value),), v) for k, v in node.value if isinstance(k, yaml.ScalarNode)
    ]
    while todo:
        path, value = todo.pop()
        if isinstance(value, yaml.SequenceNode) and len(path) < 3:
            todo.extend(((*path, str(i)), item) for i, item in enumerate(value.value))
        elif isinstance(value, yaml.ScalarNode) and not value.style:
            start, end = value.start_mark, value.end_mark
            rest = lines[end.line][end.column :] if end.line < len(lines) else ""
            note = rest.lstrip(" \t")
            comment = note.rstrip() if note.startswith("#") and note != rest else ""
            spaced = rest.startswith(("  ", "\t", " \t"))
            found[path] = Plain(str(value.value), first_line + start.line, start.column,
                                start.line == end.line, comment, spaced)  # fmt: skip
    return found
