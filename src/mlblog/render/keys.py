"""MkDocs' keyboard keys, `++ctrl+shift+p++`, as `<kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>P</kbd>`:
notes from MkDocs sites showed the `++` and the lower-case names.

Key names are ASCII words joined by `+`, with `++` on both sides and no space inside, and
the opening `++` does not follow a letter or digit: `C++ 和 C++`, `C++和C++` and `i++`
stay text. A quoted name (`++ctrl+"Any Key"++`) is shown as written.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

_NAME = r'(?:[A-Za-z0-9][A-Za-z0-9_-]*|"[^"\n]+")'
_KEYS = re.compile(rf"\+\+({_NAME}(?:\+{_NAME})*)\+\+")
# How a key's name is printed on keyboards (the rest: a letter upper-cased, a word capitalized)
_SHOWN = {
    "ctrl": "Ctrl", "control": "Ctrl", "alt": "Alt", "opt": "Option", "option": "Option",
    "shift": "Shift", "cmd": "Cmd", "command": "Cmd", "meta": "Meta", "win": "Win",
    "windows": "Win", "super": "Super", "fn": "Fn", "esc": "Esc", "escape": "Esc",
    "enter": "Enter", "return": "Return", "tab": "Tab", "space": "Space",
    "backspace": "Backspace", "del": "Del", "delete": "Del", "ins": "Ins", "insert": "Ins",
    "home": "Home", "end": "End", "page-up": "PgUp", "page-down": "PgDn",
    "caps-lock": "Caps Lock", "up": "↑", "down": "↓", "left": "←", "right": "→",
    "arrow-up": "↑", "arrow-down": "↓", "arrow-left": "←", "arrow-right": "→",
    "plus": "+", "minus": "-", "equal": "=", "comma": ",", "period": ".", "slash": "/",
    "backslash": "\\", "semicolon": ";", "quote": "'", "backtick": "`",
}  # fmt: skip


def keys_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("strikethrough", "keys", _keys)


def _keys(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if not state.src.startswith("++", start):
        return False
    if start and state.src[start - 1].isascii() and state.src[start - 1].isalnum():
        return False
    match = _KEYS.match(state.src, start)
    if match is None:
        return False
    if not silent:
        for index, name in enumerate(re.findall(_NAME, match.group(1))):
            if index:
                state.push("text", "", 0).content = "+"
            state.push("kbd_open", "kbd", 1)
            state.push("text", "", 0).content = shown(name)
            state.push("kbd_close", "kbd", -1)
    state.pos = match.end()
    return True


def shown(name: str) -> str:
    if name.startswith('"'):
        return name[1:-1]
    if (known := _SHOWN.get(name.lower())) is not None:
        return known
    if len(name) == 1 or re.fullmatch(r"[fF]\d{1,2}", name):
        return name.upper()
    return " ".join(word.capitalize() for word in name.split("-"))
