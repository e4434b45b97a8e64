"""Abbreviations as Python-Markdown and MkDocs define them: a line `*[HTML]: HyperText
Markup Language` anywhere in the post, and each HTML of its text then shows that on
hovering (`<abbr title=…>`). The definition lines showed as text at the end of the post.

A word is matched whole where it starts or ends with a Latin letter or digit (HTML, not
XHTML), and found between Chinese characters too (用HTML写), which `\\b` would miss.
"""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_DEFINITION = re.compile(r"[ \t]*\*\[([^\]\n]+)\]:[ \t]*(.*?)[ \t]*$")
ABBREVIATIONS = "abbreviations"  # env key: {word: its expansion}


def abbreviation_definitions(state: StateCore) -> None:
    """Take the definition lines out of the paragraphs (a paragraph of them goes). Runs
    before inline parsing: the lines are as written."""
    if "*[" not in state.src:
        return  # most posts
    found: dict[str, str] = {}
    gone: set[int] = set()
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "inline" or "*[" not in token.content:
            continue
        if tokens[index - 1].type != "paragraph_open":
            continue
        kept = []
        for line in token.content.split("\n"):
            if (match := _DEFINITION.fullmatch(line)) is not None:
                found[match.group(1).strip()] = match.group(2)
            else:
                kept.append(line)
        if not kept:
            gone.update(range(index - 1, index + 2))
        elif len(kept) < len(token.content.split("\n")):
            token.content = "\n".join(kept)
    if found:
        state.env[ABBREVIATIONS] = {word: text for word, text in found.items() if word}
    if gone:
        state.tokens = [t for i, t in enumerate(tokens) if i not in gone]


def abbreviations(state: StateCore) -> None:
    """Wrap each defined word of the text in `<abbr>` (never in code, math or URLs)."""
    defined: dict[str, str] = state.env.get(ABBREVIATIONS, {})
    if not defined:
        return
    words = sorted(defined, key=len, reverse=True)  # the longest first: "GPU" after "GPUs"
    pattern = re.compile("|".join(_whole(word) for word in words))
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        children: list[Token] = []
        for child in token.children:
            if child.type == "text" and pattern.search(child.content):
                children.extend(_wrapped(child.content, pattern, defined))
            else:
                children.append(child)
        token.children = children


def _whole(word: str) -> str:
    before = r"(?<![A-Za-z0-9_])" if re.match(r"[A-Za-z0-9_]", word) else ""
    after = r"(?![A-Za-z0-9_])" if re.search(r"[A-Za-z0-9_]$", word) else ""
    return before + re.escape(word) + after


def _wrapped(text: str, pattern: re.Pattern[str], defined: dict[str, str]) -> list[Token]:
    made: list[Token] = []
    at = 0
    for match in pattern.finditer(text):
        if match.start() > at:
            made.append(_text(text[at : match.start()]))
        opened = Token("abbr_open", "abbr", 1)
        if defined[match.group(0)]:
            opened.attrSet("title", defined[match.group(0)])
        made += [opened, _text(match.group(0)), Token("abbr_close", "abbr", -1)]
        at = match.end()
    if at < len(text):
        made.append(_text(text[at:]))
    return made


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
