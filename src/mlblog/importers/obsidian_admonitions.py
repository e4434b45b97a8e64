"""The Admonition plugin's code blocks (```` ```ad-tip ````, an optional `title:`,
`collapse:`, `icon:` and `color:` line at the top) → callouts (`> [!tip] Title`), which
mlblog draws as the same boxes as `::: tip`: imported notes showed them as code.

Each line stays a line (reports cite the vault's lines): the opening fence becomes the
callout's marker, the settings lines empty quote lines, the closing fence an empty line.
An outer block has the longer fence; its content is converted first, then quoted again.
A block in a quote or a callout (`> ```ad-tip`) is converted inside it, the quote kept.
"""

from __future__ import annotations

import re

_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*ad-(?P<kind>[\w-]+)[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# One level of a quote: `>` and the space after it; a fence in a quote ends where it does
_QUOTE = re.compile(r"^ {0,3}> ?")
_SETTING = re.compile(r"^[ \t]*(?P<key>title|collapse|icon|color)[ \t]*:(?P<value>.*)$", re.I)


def admonitions(body: str) -> str:
    """The body with each ```ad-kind block a callout; other code blocks as they were."""
    if "ad-" not in body:
        return body  # most notes
    return "\n".join(_convert(body.split("\n")))


def _convert(lines: list[str]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if match is None and _QUOTE.match(lines[index]):
            end = next((i for i in range(index, len(lines)) if not _QUOTE.match(lines[i])), None)
            out.extend(_quoted(lines[index:end]))
            index = len(lines) if end is None else end
            continue
        if match is None or (match["fence"][0] == "`" and "`" in match["info"]):
            out.append(lines[index])
            index += 1
            continue
        end = _closing(lines, index + 1, match["fence"])
        opened = _OPEN.match(lines[index])
        if opened is None:  # a code block of another language: kept, ad- inside it too
            out.extend(lines[index : end + 1])
        else:
            inner = lines[index + 1 : end]
            out.extend(_callout(opened, inner))
            if end < len(lines):
                out.append("")  # the closing fence: the quote ends there
        index = end + 1
    return out


def _quoted(lines: list[str]) -> list[str]:
    """A quote's lines with the blocks in it converted (line for line), each line keeping
    its own `> `."""
    if not any("ad-" in line for line in lines):
        return lines
    prefixes = [match[0] for line in lines if (match := _QUOTE.match(line))]
    inside = _convert([line[len(p) :] for line, p in zip(lines, prefixes, strict=True)])
    return [_requoted(prefix, line) for prefix, line in zip(prefixes, inside, strict=True)]


def _requoted(prefix: str, line: str) -> str:
    """A line inside a quote as the quote's again: `>` and a callout's `> [!tip]` are
    `> > [!tip]`, an empty line the quote's own empty line."""
    if not line.strip():
        return prefix.rstrip()
    return prefix + (" " if line.startswith(">") and not prefix.endswith(" ") else "") + line


def _closing(lines: list[str], start: int, fence: str) -> int:
    """The closing fence's line, or the last line's index + 1 when it is never closed (the
    block then runs to the end, as in CommonMark)."""
    for index in range(start, len(lines)):
        stripped = lines[index].strip()
        if stripped.startswith(fence) and not stripped.strip(fence[0]):
            return index
    return len(lines)


def _callout(opened: re.Match[str], inner: list[str]) -> list[str]:
    indent, kind = opened["indent"], opened["kind"]
    settings: dict[str, str] = {}
    taken = 0
    for line in inner:
        setting = _SETTING.match(line)
        if setting is None:
            break
        settings.setdefault(setting["key"].lower(), setting["value"].strip())
        taken += 1
    collapse = settings.get("collapse")
    # `collapse: open` folds open; `none` (or no line) does not fold; any other value, as
    # the plugin reads it, starts folded.
    fold = "" if collapse in (None, "none") else "+" if collapse == "open" else "-"
    title = " ".join(settings.get("title", "").split())
    marker = f"{indent}> [!{kind}]{fold}" + (f" {title}" if title else "")
    quoted = [_quote(line, indent) for line in _convert(inner[taken:])]
    return [marker, *[f"{indent}>"] * taken, *quoted]


def _quote(line: str, indent: str) -> str:
    rest = line[len(indent) :] if line.startswith(indent) else line.lstrip(" \t")
    return f"{indent}> {rest}" if rest.strip() else f"{indent}>"
