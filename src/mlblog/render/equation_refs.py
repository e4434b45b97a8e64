"""Equation numbers and references, as MathJax gives them to notes written for it:
`\\label{eq:loss}` in a numbered environment, `\\eqref{eq:loss}` (or `\\ref`) in a formula
or in the text.

KaTeX has neither command (the whole formula turned red), but numbers the rows of
`equation`, `align`, `alignat` and `gather` itself, in page order, with a CSS counter.
So the labels are taken out of what KaTeX is sent, each labelled row gets the number
the counter will show it with (or its `\\tag`), and a reference becomes a link to it.

Its id is the label after `eq-`, the label's own `eq:`/`eq-`/`eq_` left out: `eq:loss`,
MyST's `loss`, Quarto's `eq-loss` and d2l's `eq_loss` all are `#eq-loss`, never
`#eq-eq-loss`. A label given twice links to the first; the second's id gets `-2`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from markdown_it.token import Token

from mlblog.render.math_syntax import BLOCK_MATH, INLINE_MATH
from mlblog.render.numbered import NO_NUMBER, NUMBERED, TAG, numbered_rows

_LABEL = re.compile(r"\\label\s*\{([^{}]*)\}")
_REF = re.compile(r"\\(eqref|ref)\s*\{([^{}]*)\}")
# What a label says of itself that the id's `eq-` says already: `eq:loss`, `eqn-2`, `eq_ce`
_OWN_PREFIX = re.compile(r"(?:eqn?|equation)[:_-](?=.)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Equation:
    number: str  # as its row shows it: the counter's, or its `\tag`
    id: str  # of the element before it, where references take the reader


def equation_numbers(tokens: Sequence[Token]) -> dict[str, Equation]:
    """label → its number and id, over the post's formulas in page order; {} for a post
    with no label (nearly all)."""
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
        # A formula numbered by hand, `$$ … \tag{1} \label{eq:1} $$` (Typora's way): MathJax
        # gives its label the tag, outside any environment that numbers its rows.
        outside = NUMBERED.sub("", tex) if "\\tag" in tex else ""
        if tag := TAG.search(outside):
            for label in _LABEL.findall(outside):
                numbers.setdefault(label.strip(), tag[1].strip())
    ids = Anchors()
    return {label: Equation(number, ids.first(label)) for label, number in numbers.items()}


class Anchors:
    """The ids of labelled equations, given in page order: each label's first use has the
    id its references go to, a later use of it the next free one (`eq-loss-2`)."""

    def __init__(self, equations: dict[str, Equation] | None = None) -> None:
        self._used = {e.id for e in (equations or {}).values()}
        self._placed: set[str] = set()
        self._equations = equations or {}

    def first(self, label: str) -> str:
        """A fresh id for a label not seen before (equation_numbers' use)."""
        base = anchor(label)
        candidate, count = base, 1
        while candidate in self._used:
            count += 1
            candidate = f"{base}-{count}"
        self._used.add(candidate)
        return candidate

    def place(self, label: str) -> tuple[str, bool]:
        """(the id for this use of a numbered label, whether the label was used before)."""
        if label not in self._placed:
            self._placed.add(label)
            return self._equations[label].id, False
        return self.first(label), True


def _formulas_in_order(tokens: Sequence[Token]) -> Iterator[str]:
    for token in tokens:
        if token.type in BLOCK_MATH and _may_number(token.content):
            yield token.content
        elif token.type == "inline" and _may_number(token.content):
            for child in token.children or ():
                if child.type in INLINE_MATH:
                    yield child.content


def _may_number(tex: str) -> bool:
    return "\\begin" in tex or "\\tag" in tex


def anchor(label: str) -> str:
    """The id a labelled equation has in the page, unless another has it: `eq:loss`,
    `loss`, `eq-loss` and `eq_loss` → `eq-loss`."""
    name = "-".join(label.split())
    return "eq-" + name[own.end() :] if (own := _OWN_PREFIX.match(name)) else "eq-" + name


def sent_tex(tex: str, numbers: dict[str, Equation]) -> str:
    """The TeX KaTeX is sent: labels left out, references as links to their equations."""
    if "\\label" not in tex and "ref" not in tex:
        return tex
    tex = _LABEL.sub("", tex)

    def link(match: re.Match[str]) -> str:
        equation = numbers.get(match[2].strip())
        if equation is None:
            return r"\text{(?)}" if match[1] == "eqref" else r"\text{?}"
        number = equation.number
        shown = f"({number})" if match[1] == "eqref" else number
        target = quote(equation.id, safe=":-_.")  # eq-loss:train as written
        return rf"\href{{#{target}}}{{\text{{{shown}}}}}"

    return _REF.sub(link, tex)


def reference_text(tex: str, numbers: dict[str, Equation]) -> str | None:
    """What a formula that is only a reference (`$\\eqref{eq:ce}$`, Typora's way) reads as
    in plain text, "(1)"; None for any other formula, or a label the post does not have."""
    match = _REF.fullmatch(tex.strip()) if "ref" in tex else None
    equation = numbers.get(match[2].strip()) if match else None
    if match is None or equation is None:
        return None
    return f"({equation.number})" if match[1] == "eqref" else equation.number


def labels(tex: str) -> list[str]:
    return [label.strip() for label in _LABEL.findall(tex)] if "\\label" in tex else []


def unknown_refs(tex: str, numbers: dict[str, Equation]) -> list[str]:
    """The `\\eqref`/`\\ref` of `tex` that name no numbered equation of the post."""
    if "ref" not in tex:
        return []
    return [m[0] for m in _REF.finditer(tex) if m[2].strip() not in numbers]


def text_refs(tokens: Sequence[Token], numbers: dict[str, Equation]) -> list[tuple[int, str]]:
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
                equation = numbers.get(match[2].strip())
                if equation is None:
                    children.append(_text(child, match[0]))
                    found.append((line, f"math: {match[0]} names no numbered equation of this "
                                  "post (label one with \\label{…} in \\begin{equation} or "
                                  "\\begin{align})"))  # fmt: skip
                else:
                    ref = Token("equation_ref", "a", 0)
                    number = equation.number
                    ref.content = f"({number})" if match[1] == "eqref" else number
                    ref.meta = {"anchor": equation.id}
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


def repeated_labels(
    formulas: Iterable[tuple[str, int]], numbers: dict[str, Equation]
) -> list[tuple[int, str]]:
    """(line, warning) for each use of a label after its first, over the display formulas
    in page order (as the page places their ids): references cannot tell them apart."""
    if not numbers:
        return []
    ids = Anchors(numbers)
    found = []
    for tex, line in formulas:
        for label in labels(tex):
            if label not in numbers:
                continue
            given, again = ids.place(label)
            if again:
                found.append((line, f"math: \\label{{{label}}} is given twice: references go "
                              f"to the first (#{numbers[label].id}); this one is #{given} "
                              "(give each equation a label of its own)"))  # fmt: skip
    return found
