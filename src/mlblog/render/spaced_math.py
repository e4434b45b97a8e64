"""A warning for inline math that a space keeps from being math: `$a_{t}^* $`.

Dollar math needs its delimiters to touch the formula (`allow_space=False`, as Pandoc
and markdown-it-katex read it), so that `$5 and $10` stay prices. MathJax in the
browser takes `$x $` as math, so notes written for it can hold such formulas, which
then show as raw TeX with no word. This finds them in the text the parser left as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from markdown_it.token import Token

# A "$" not escaped nor after a Latin word (US$ 5) or a "$", then a formula with a space
# or tab just inside one of its ends, then a "$" not before a Latin word or a "$" ($PATH
# $HOME is text). ASCII classes: a formula glued to Chinese (损失$x $) counts. The first
# "$" is matched before the look back: the search then skips to each "$" (10x faster).
SPACED = re.compile(
    r"\$(?<![\\A-Za-z0-9_$]\$)(?:[ \t]+(?P<a>[^\s$][^$\n]*)|(?P<b>[^\s$\d][^$\n]*[ \t]))"
    r"\$(?![A-Za-z0-9_$])"
)
_TEX_LIKE = re.compile(r"[A-Za-z\\]")  # a letter or a command: not "$ 5 $"
# The same with a digit first (`$1 = \tau_1 < \tau_K = N $`), which SPACED leaves to
# prices ($5 and 10 $): a TeX command in it makes it a formula. Kept apart from SPACED,
# which lone_dollar blanks out before it looks for a "$" never closed.
_DIGIT_LED = re.compile(
    r"\$(?<![\\A-Za-z0-9_$]\$)(?P<b>\d[^$\n]*?\\[A-Za-z][^$\n]*[ \t])\$(?![A-Za-z0-9_$])"
)


def spaced_math(tokens: Sequence[Token]) -> list[tuple[int, str]]:
    """(1-based line, message) for each `$…$` left as text for a space inside it."""
    found: list[tuple[int, str]] = []
    for token in tokens:
        if token.type != "inline" or "$" not in token.content or not token.map:
            continue
        content = token.content
        if not SPACED.search(content) and not _DIGIT_LED.search(content):
            continue  # nearly every paragraph: no text to walk
        for line, text in text_runs(token):
            for match in [*SPACED.finditer(text), *_DIGIT_LED.finditer(text)]:
                tex = (match.groupdict().get("a") or match["b"]).strip()
                if _TEX_LIKE.search(tex) and as_written(match[0], token.content):
                    at = line + text.count("\n", 0, match.start())
                    found.append((at, f'"{match[0]}" is not math: a "$" must touch the formula '
                                  f"(write ${tex}$)"))  # fmt: skip
    return found


def as_written(found: str, source: str) -> bool:
    """Whether the source holds `found` as it is: `\\$ x \\$` reads as the text "$ x $"
    too, but its "$" were escaped on purpose."""
    return re.search(r"(?<!\\)" + re.escape(found), source) is not None


def text_runs(inline: Token) -> Iterator[tuple[int, str]]:
    """The inline's runs of plain text, each with the line it starts on; a bare address
    (`https://…/$x_1`, `<https://…>`) is left out, as code, math and HTML are."""
    line = (inline.map[0] if inline.map else 0) + 1
    run: list[str] = []
    start = line
    address = False
    for child in inline.children or ():
        if child.type == "text" and not address:
            run.append(child.content)
            continue
        if child.type == "softbreak":
            run.append("\n")
            line += 1
            continue
        if child.type == "link_open" and child.markup in ("linkify", "autolink"):
            address = True
        elif child.type == "link_close":
            address = False
        if run:
            yield start, "".join(run)
        run, start = [], line
    if run:
        yield start, "".join(run)
