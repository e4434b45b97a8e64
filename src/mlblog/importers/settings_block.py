"""The old site's settings that differ from site.yaml's, as a YAML block to paste in its
place: each value checked as site.yaml checks it (one mlblog would refuse is left out,
said in a comment), each line naming where it came from."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict
from typing import Any

from mlblog.comments import comments_config
from mlblog.config import Config
from mlblog.config_schema import SCHEMA, Inside
from mlblog.importers.settings import Found


def _current(config: Config, key: str) -> Any:
    """site.yaml's value (or mlblog's default) for the key, as the old site's is written."""
    if key == "permalinks.post":
        return config.permalinks.post
    if key == "math.macros":
        return dict(config.math.macros)
    if key == "feed_aliases":
        return list(config.feed_aliases)
    if key == "menu":
        return [{"name": item.name, "url": item.url} for item in config.menu]
    if key == "bibliography":  # one name is written as a string
        names = list(config.bibliography)
        return names[0] if len(names) == 1 else names
    return getattr(config, key)


def _same(config: Config, item: Found) -> bool:
    """Whether site.yaml says the same already (item.value is valid: _problem is None)."""
    if item.key == "comments":
        return bool(comments_config(item.value) == config.comments)
    current = _current(config, item.key)
    if item.key == "math.macros":  # the old ones are added to the site's
        return bool(current == {**current, **item.value})
    if item.key == "feed_aliases":  # the old ones are added to the site's
        return set(item.value) <= set(current)
    if item.key == "menu":  # the old links are added to the site's
        return {link["url"] for link in item.value} <= {link["url"] for link in current}
    if item.key == "base_url" and isinstance(item.value, str):
        return bool(current == item.value.rstrip("/") + "/")
    return bool(current == item.value)


def _problem(item: Found) -> str | None:
    rule: Any = SCHEMA
    for part in item.key.split("."):
        rule = rule[part]
    check: Callable[[Any], str | Inside | None] = rule
    said = check(item.value)
    if isinstance(said, Inside):
        said = said.message
    return None if said is None else f"{item.key} {said}".replace(" .", ".")


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")  # a key YAML reads as written


def _scalar(value: Any) -> str:
    # JSON's strings, numbers and booleans are YAML's too; non-ASCII stays readable
    return json.dumps(value, ensure_ascii=False)


def _lines(key: str, value: Any, origin: str, indent: str = "") -> list[str]:
    if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        lines = [f"{indent}{key}:" + (f"  # {origin}" if origin else "")]
        for item in value:  # `- name: …` with the item's other keys under its first
            inner = [line for k, v in item.items() for line in _lines(str(k), v, "", "")]
            lines += [f"{indent}  " + ("- " if i == 0 else "  ") + x for i, x in enumerate(inner)]
        return lines
    if not isinstance(value, Mapping):
        return [f"{indent}{key}: {_scalar(value)}" + (f"  # {origin}" if origin else "")]
    lines = [f"{indent}{key}:" + (f"  # {origin}" if origin else "")]
    for inner, inner_value in value.items():
        name = str(inner)
        name = name if _PLAIN_KEY.fullmatch(name) else _scalar(name)
        lines += _lines(name, inner_value, "", indent + "  ")
    return lines


def settings_block(found: list[Found], config: Config) -> str:
    """The YAML to paste over site.yaml's keys it names, or "" when nothing differs."""
    chosen: dict[str, Found] = {}
    notes: list[str] = []
    for item in found:
        if item.key in chosen:
            continue
        if (problem := _problem(item)) is not None:
            notes.append(f"# left out ({item.origin}): {problem}")
            continue
        if _same(config, item):
            continue
        chosen[item.key] = item
    if not chosen and not notes:
        return ""
    order = {key: number for number, key in enumerate(SCHEMA)}
    body: list[str] = []
    tops: list[str] = []
    for top in sorted({k.split(".")[0] for k in chosen}, key=order.__getitem__):
        tops.append(top)
        if top == "permalinks":  # the whole mapping, so that replacing the key keeps the rest
            item = chosen["permalinks.post"]
            links = {**asdict(config.permalinks), "post": item.value}
            body += _lines("permalinks", links, item.origin)
        elif top == "math":
            item = chosen["math.macros"]
            macros = {**dict(config.math.macros), **item.value}  # keep the site's own
            body += _lines("math", {"macros": macros}, item.origin)
        elif top == "feed_aliases":
            item = chosen[top]
            kept = list(config.feed_aliases)
            body += _lines(top, kept + [p for p in item.value if p not in kept], item.origin)
        elif top == "menu":
            item = chosen[top]
            links = _current(config, top)
            urls = {link["url"] for link in links}
            added = [link for link in item.value if link["url"] not in urls]
            body += _lines(top, links + added, item.origin)
        else:
            body += _lines(top, chosen[top].value, chosen[top].origin)
    head = "# No setting of the old site differs from site.yaml in a way mlblog can use"
    if tops:
        named = ", ".join(tops)
        head = (f"# The old site's settings that differ from site.yaml: replace {named} in "
                "site.yaml with these lines (site.yaml was not changed)")  # fmt: skip
    return "\n".join([head, *body, *notes])
