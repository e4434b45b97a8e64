"""GitHub's emoji names, `:tada:` → 🎉: notes kept on GitHub, and Jekyll sites with jemoji
(GitHub Pages' emoji plugin), are written with them, and showed the names as text here.

The names are those of the `emoji` package (GitHub's aliases, `:+1:` `:white_check_mark:`,
and Unicode's names), loaded on the first name-like text found. A name stands between
colons that no ASCII letter or digit touches on the outside: `1:100:1000` and `a:one:b`
stay text, as do names in code and formulas; `\\:tada:` escapes one. A name right before
a backtick is a role, d2l's `:label:`sec_intro`` or Sphinx's `:math:`x``, and stays one.
A title is text, not Markdown, but its names are shown too, as jemoji shows them.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # entries' titles come here too, where no build loads Markdown
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

_NAME = re.compile(r":([a-z0-9_+-]{1,40}):(?![A-Za-z0-9`])")
_NAME_IN_TEXT = re.compile(r"(?<![A-Za-z0-9\\])" + _NAME.pattern)


def emoji_names_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("escape", "emoji_names", _emoji_name)


def _emoji_name(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if state.src[start] != ":":
        return False
    if start and state.src[start - 1].isascii() and state.src[start - 1].isalnum():
        return False
    match = _NAME.match(state.src, start)
    if match is None:
        return False
    character = emoji_of(match.group(1))
    if character is None:
        return False
    if not silent:
        state.push("text", "", 0).content = character
    state.pos = match.end()
    return True


def emojized(text: str) -> str:
    """Plain text (a title) with its emoji names shown as the emoji."""
    if ":" not in text:
        return text
    return _NAME_IN_TEXT.sub(lambda match: emoji_of(match[1]) or match[0], text)


@functools.lru_cache(maxsize=1024)
def emoji_of(name: str) -> str | None:
    """The emoji GitHub shows for `:name:`, or None for a name it does not know."""
    import emoji

    written = f":{name}:"
    shown: str = emoji.emojize(written, language="alias")
    return None if shown == written else shown
