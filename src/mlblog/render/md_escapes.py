"""`$\\Omega\\_{0}$`: an underscore escaped for Markdown that does not know math.

Hexo's marked and Hugo's goldmark (before its passthrough) read `_` inside `$…$` as
emphasis, so their notes write `\\_`; the Markdown undid the escape and MathJax got a
subscript. KaTeX, given the TeX as written, prints an underscore instead, silently. A
formula is taken as written that way when it has no bare `_` at all; its `\\_` are then
subscripts, except inside `\\text{…}`, where an underscore is what `\\_` means in TeX too
(and a bare one is an error).
"""

from __future__ import annotations

import re

# CommonMark: a backslash before ASCII punctuation stands for that character (what Markdown
# blind to math made of `\\(x\\)` and `a\\_i` before MathJax saw them)
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")

_TEXT_COMMANDS = frozenset(
    {"text", "textrm", "textit", "textbf", "texttt", "textsf", "textnormal", "mbox", "hbox"}
)


def markdown_unescaped(tex: str) -> str:
    """`tex` with its Markdown-escaped underscores made subscripts again (see above)."""
    if "\\_" not in tex:
        return tex
    escaped: list[int] = []  # where a `\_` outside text stands
    depth = 0
    text_depth: int | None = None  # the brace depth of the \text{…} we are in
    pending_text = False  # a \text command seen, its `{` not yet
    index = 0
    while index < len(tex):
        char = tex[index]
        if char == "\\" and index + 1 < len(tex):
            nxt = tex[index + 1]
            if nxt.isascii() and nxt.isalpha():
                end = index + 1
                while end < len(tex) and tex[end].isascii() and tex[end].isalpha():
                    end += 1
                pending_text = text_depth is None and tex[index + 1 : end] in _TEXT_COMMANDS
                index = end
                continue
            if nxt == "_" and text_depth is None:
                escaped.append(index)
            index += 2
            continue
        if char == "_":
            return tex  # a bare subscript: this formula is written in plain TeX
        if char == "{":
            depth += 1
            if pending_text:
                text_depth = depth
        elif char == "}":
            if text_depth == depth:
                text_depth = None
            depth -= 1
        if not char.isspace():
            pending_text = False
        index += 1
    if not escaped:
        return tex
    kept = set(escaped)
    return "".join(c for i, c in enumerate(tex) if i not in kept)
