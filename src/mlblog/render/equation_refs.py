"""Equation numbers and references, as MathJax gives them to notes written for it:
`\\label{eq:loss}` in a numbered environment, `\\eqref{eq:loss}` (or `\\ref`) in a formula
or in the text.

KaTeX has neither command (the whole formula turned red), but numbers the rows of
`equation`, `align`, `alignat` and `gather` itself, in page order, with a CSS counter.
So the labels are taken out of what KaTeX is sent, each labelled row gets the number
the counter will show it with (or its `\\tag`), and a reference becomes a link to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from urllib.parse import quote

from markdown_it.token import Token

from mlblog.render.math_syntax import BLOCK_MATH, INLINE_MATH
from mlblog.render.numbered import NO_NUMBER, TAG, numbered_rows

_LABEL = re.compile(r"\\label\s*\{([^{}]*)\}")
_REF = re.compile(r"\\(eqref|ref)\s*\{([^{}]*)\}")


def equation_numbers(tokens: Sequence[Token]) -> dict[str, str]:
    """label → the number (or tag) its row is shown with, over the post's formulas in
    page order; {} for a post with no label (nearly all)."""
    numbers: dict[str, str] = {}
    count = 0
    for tex in _formulas_in_order(tokens):
        for _env, row in numbered_rows(tex):
            number = None
            if tag := TAG.search(row):
                number = tag[1].strip()
            elif not NO_NUMBER.search(row):
                count += 1
                number = str(count)
            for label in _LABEL.findall(row):
                if number is not None:
                    numbers.setdefault(label.strip(), number)
    return numbers


def _formulas_in_order(tokens: Sequence[Token]) -> Iterator[str]:
    for token in tokens:
        if token.type in BLOCK_MATH and "\\begin" in token.content:
            yield token.content
        elif token.type == "inline" and "\\begin" in token.content:
            for child in token.children or ():
                if child.type in INLINE_MATH:
                    yield child.content


def anchor(label: str) -> str:
    """The id a labelled equation has in the page: `eq:loss` → `eq-eq:loss`."""
    return "eq-" + "-".join(label.split())


def sent_tex(tex: str, numbers: dict[str, str]) -> str:
    """The TeX KaTeX is sent: labels left out, references as links to their equations."""
    if "\\label" not in tex and "ref" not in tex:
        return tex
    tex = _LABEL.sub("", tex)

    def link(match: re.Match[str]) -> str:
        number = numbers.get(match[2].strip())
        if number is None:
            return r"\text{(?)}" if match[1] == "eqref" else r"\text{?}"
        shown = f"({number})" if match[1] == "eqref" else number
        target = quote(anchor(match[2].strip()), safe=":-_.")  # eq:loss as written
        return rf"\href{{#{target}}}{{\text{{{shown}}}}}"

    return _REF.sub(link, tex)


def labels(tex: str) -> list[str]:
    return [label.strip() for label in _LABEL.findall(tex)] if "\\label" in tex else []


def unknown_refs(tex: str, numbers: dict[str, str]) -> list[str]:
    """The `\\eqref`/`\\ref` of `tex` that name no numbered equation of the post."""
    if "ref" not in tex:
        return []
    return [m[0] for m in _REF.finditer(tex) if m[2].strip() not in numbers]


def text_refs(tokens: Sequence[Token], numbers: dict[str, str]) -> list[tuple[int, str]]:
    """`\\eqref{eq:loss}` written in the text, outside any formula (MathJax reads those
    too): each becomes an `equation_ref` token, shown as its number; (line, warning) for
    each that names no numbered equation, which stays as written."""
    found: list[tuple[int, str]] = []
    for token in tokens:
        if token.type != "inline" or "ref" not in token.content or not token.children:
            continue
        if not _REF.search(token.content):
            continue
        line = (token.map[0] if token.map else 0) + 1
        children: list[Token] = []
        for child in token.children:
            if child.type != "text" or not _REF.search(child.content):
                children.append(child)
                line += child.type in ("softbreak", "hardbreak")
                continue
            at = 0
            for match in _REF.finditer(child.content):
                before = child.content[at : match.start()]
                if before:
                    children.append(_text(child, before))
                number = numbers.get(match[2].strip())
                if number is None:
                    children.append(_text(child, match[0]))
                    found.append((line, f"math: {match[0]} names no numbered equation of this "
                                  "post (label one with \\label{…} in \\begin{equation} or "
                                  "\\begin{align})"))  # fmt: skip
                else:
                    ref = Token("equation_ref", "a", 0)
                    ref.content = f"({number})" if match[1] == "eqref" else number
                    ref.meta = {"anchor": anchor(match[2].strip())}
                    children.append(ref)
                at = match.end()
            if child.content[at:]:
                children.append(_text(child, child.content[at:]))
        token.children = children
    return found


def _text(like: Token, content: str) -> Token:
    text = Token("text", "", 0)
    text.content = content
    text.meta = dict(like.meta)
    return text
