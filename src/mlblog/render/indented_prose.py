"""A warning for a paragraph of Chinese prose indented into a code block.

Notes written in Typora often start each paragraph with a tab or a few spaces, as a
first-line indent (首行缩进): Typora has no indented code blocks and shows them as text,
but Markdown (CommonMark, GitHub, Hexo, Hugo, Jekyll) reads four spaces or a tab as code,
so the reader gets the paragraph in a code box, its formulas as raw `$…$`. That is legal
Markdown and stays so; the build says where, since code hardly ever opens with Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.token import Token

from mlblog.render.result import CJK_CHAR

# Full-width punctuation a sentence may open with: （1） 【注】 《…》 “…”
_OPENING = re.compile("[\uff08\u3010\u300a\u201c]")


def indented_prose(tokens: Sequence[Token]) -> list[tuple[int, str]]:
    """(1-based line, message) for each indented code block that opens with Chinese."""
    found: list[tuple[int, str]] = []
    for token in tokens:
        if token.type != "code_block" or not token.map:
            continue
        first = token.content.lstrip()[:1]
        if first and (CJK_CHAR.match(first) or _OPENING.match(first)):
            found.append((token.map[0] + 1, "this text is indented by a tab or 4 spaces, so "
                          "it is shown as a code block: remove the indent to show it as a "
                          "paragraph"))  # fmt: skip
    return found
