"""The names a post's code blocks use, for search: what a reader remembers of the code
(`torch.nn.functional.scaled_dot_product_attention`, `all_reduce`, `MyAttention`).

Only names made of parts (joined by `.` or `_`, or in camelCase), each once and at most
MAX_NAMES per post: every word of the code would make the index several times larger
(DESIGN.md §5) and match `return` or `x` in every post with code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_NAMES = 60
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_PARTS = re.compile(r"[A-Za-z0-9][._][A-Za-z0-9]|[a-z][A-Z]")


def code_names(blocks: Iterable[str]) -> tuple[str, ...]:
    """The names of parts in `blocks` (code), in order of first use, each once."""
    found: dict[str, None] = {}
    for block in blocks:
        for match in _NAME.finditer(block):
            name = match.group().strip("_.")  # __init__ is init: a plain word
            if name not in found and _PARTS.search(name):
                found[name] = None
                if len(found) == MAX_NAMES:
                    return tuple(found)
    return tuple(found)
