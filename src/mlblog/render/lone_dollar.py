"""A warning for inline math whose closing `$` is missing: `the loss $\\mathcal{L} = -\\log p`.

Such a `$` is legal Markdown and shows as text, TeX and all, with no word. A lone `$` is
also a price (`$5`), a shell or PHP variable (`$HOME`, `${CUDA_HOME}`, `$_POST`) or jQuery,
so it is warned only when what follows it reads as TeX: a command, `^`, `_` or `{`.
Sibling of spaced_math, which warns of a pair of `$` kept apart from their formula.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.token import Token

from mlblog.render.spaced_math import SPACED, as_written, text_runs

# A "$" not after a Latin word (US$), a backslash or a "$" ($$), and not before a space,
# a digit ($5, $1.2M) or a "$": then the text it would open, to the next "$" or line end.
_LONE = re.compile(r"(?<![\\A-Za-z0-9$])\$(?![\s\d$])(?P<tex>[^$\n]*)")
# A variable, not a formula: a name of two characters or more (`HOME`, `CUDA_HOME`, not
# `x_i`), PHP's `_POST`, a shell expansion (`{HOME}`, `{x:-1}`), a command's output
# (`(nproc)`, `(date +%Y_%m)`, not `(x_i)`) or jQuery's `('.a_b')`; none followed by TeX.
_VARIABLE = re.compile(
    r"(?>(?:[A-Za-z][A-Za-z0-9]+|_)[A-Za-z0-9_]*)(?![\^\\{(])"  # all the name: not AB of ABC^2
    r"|\{#?[A-Za-z_][A-Za-z0-9_]*(?=[}:#%/\[=?+,@^-])"
    r"|\((?:['\"]|[a-z][a-z0-9-]+[\s)])"
)
_TEX = re.compile(r"\\[A-Za-z]|[\^_{]")
_SHOWN = 24  # characters of the would-be formula quoted in the message


def lone_dollars(tokens: Sequence[Token]) -> list[tuple[int, str]]:
    """(1-based line, message) for each `$` that opens a formula it never closes."""
    found: list[tuple[int, str]] = []
    for token in tokens:
        if token.type != "inline" or "$" not in token.content or not token.map:
            continue
        children = token.children or ()
        if not any(c.type == "text" and "$" in c.content for c in children):
            continue  # every "$" of the paragraph is in its math or code: nearly always
        for line, text in text_runs(token):
            text = SPACED.sub(lambda m: " " * len(m[0]), text)  # spaced_math's to warn of
            for match in _LONE.finditer(text):
                tex = match["tex"].rstrip()
                if _VARIABLE.match(tex) or not _TEX.search(tex):
                    continue
                if not as_written("$" + tex[:8], token.content):
                    continue
                shown = tex if len(tex) <= _SHOWN else tex[:_SHOWN].rstrip() + "…"
                at = line + text.count("\n", 0, match.start())
                found.append((at, f'"${shown}" is not math: its "$" is never closed (end '
                              'the formula with "$", or write \\$ for a dollar sign)'))  # fmt: skip
    return found
