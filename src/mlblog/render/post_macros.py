"""A post's own `\\newcommand`s, for all its formulas, as MathJax keeps them for the page.

Notes written for MathJax define their shorthands once, in a formula of their own
(`$$\\newcommand{\\vx}{\\mathbf{x}} \\DeclareMathOperator{\\KL}{KL}$$`), and use them in
every formula after. KaTeX typesets each formula alone, so every use was an "Undefined
control sequence". Each definition is sent again, before any other formula of the post
that uses a name it defines, as `\\def` (KaTeX's `\\newcommand` refuses a name it has
itself, `\\R`; it has no `\\DeclareMathOperator`). What is sent changes, not what is keyed:
the caller keeps each result under the formula as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from html import escape

from mlblog.render.equation_refs import Equation, sent_tex
from mlblog.render.math import Collect, MathEngine, MathItem, MathResult, submit

_DEFINE = re.compile(
    r"\\(?:(?P<command>(?:re|provide|new)command\*?)|(?P<operator>DeclareMathOperator\*?)"
    r"|(?P<def>g?def))(?![A-Za-z])"
)
_NAME = re.compile(r"\s*(\\(?:[A-Za-z]+|.))")
_ARITY = re.compile(r"\s*\[\s*(\d)\s*\]")
_DEF_PARAMS = re.compile(r"(?:#\d)*")


def submit_defined(
    engine: MathEngine, items: Sequence[MathItem], numbers: dict[str, Equation] | None = None
) -> Collect:
    """`submit` the post's formulas, each with the definitions it needs, and its labels
    and equation references as render.equation_refs sends them (`numbers`: the post's
    labelled equations); their results carry the TeX as written, for screen readers and
    copying (KaTeX's annotation)."""
    sent = with_post_macros(items)
    if numbers is not None:  # (a new item only where the TeX changes: every formula passes)
        sent = [
            item if (tex := sent_tex(item.tex, numbers)) == item.tex else replace(item, tex=tex)
            for item in sent
        ]
    collect = submit(engine, sent)
    if sent == items:
        return collect
    return lambda: [
        _as_written(result, item.tex, asked.tex)
        for result, item, asked in zip(collect(), items, sent, strict=True)
    ]


def _as_written(result: MathResult, written: str, sent: str) -> MathResult:
    if result.html is None or written == sent:
        return result
    annotation = '<annotation encoding="application/x-tex">'
    html = result.html.replace(annotation + escape(sent), annotation + escape(written), 1)
    return replace(result, html=html)


def with_post_macros(items: Sequence[MathItem]) -> list[MathItem]:
    """What to send KaTeX for each of a post's formulas (most posts define nothing)."""
    if not any(_may_define(item.tex) for item in items):
        return list(items)
    parsed = [_parse(item.tex) for item in items]
    macros: dict[str, str] = {}  # name → its definition, as KaTeX reads it; first one wins
    for found in parsed:
        for name, definition in found[1] if found else ():
            macros.setdefault(name, definition)
    sent: list[MathItem] = []
    for item, found in zip(items, parsed, strict=True):
        tex, own = found if found else (item.tex, [])
        names = {name for name, _ in own}
        needed = [d for n, d in macros.items() if n not in names and _uses(tex, n)]
        if needed:  # all of them: one may use another (\loss → \vx)
            needed = [d for n, d in macros.items() if n not in names]
        sent.append(replace(item, tex="".join(needed) + tex) if tex != item.tex or needed else item)
    return sent


def only_defines(tex: str) -> bool:
    """True when the formula does nothing but define commands: it shows nothing on the page,
    so listings leave it out (not even a placeholder)."""
    if not _may_define(tex):
        return False
    pos = 0
    for match in _DEFINE.finditer(tex):
        if match.start() < pos:
            continue  # inside the definition just read
        read = _definition(tex, match)
        if tex[pos : match.start()].strip() or read is None:
            return False
        pos = read[2]
    return not tex[pos:].strip()


def _may_define(tex: str) -> bool:
    """A quick look first: every formula of every post passes here."""
    return ("def" in tex or "command" in tex or "Operator" in tex) and bool(_DEFINE.search(tex))


def _uses(tex: str, name: str) -> bool:
    start = tex.find(name)
    while start != -1:
        after = start + len(name)
        if not name[-1].isalpha() or after == len(tex) or not tex[after].isalpha():
            return True
        start = tex.find(name, after)
    return False


def _parse(tex: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The TeX with each definition rewritten for KaTeX, and (name, definition) for each;
    None when there are none, or one cannot be read (KaTeX then says what is wrong)."""
    out: list[str] = []
    defined: list[tuple[str, str]] = []
    pos = 0
    for match in _DEFINE.finditer(tex):
        if match.start() < pos:
            continue  # inside the definition just read
        read = _definition(tex, match)
        if read is None:
            return None
        name, definition, pos_after = read
        out.append(tex[pos : match.start()])
        out.append(definition)
        defined.append((name, definition))
        pos = pos_after
    if not defined:
        return None
    out.append(tex[pos:])
    return "".join(out), defined


def _definition(tex: str, match: re.Match[str]) -> tuple[str, str, int] | None:
    """(name, `\\def` for KaTeX, end) of the definition `match` starts."""
    pos = match.end()
    if match["def"]:
        name_match = _NAME.match(tex, pos)
        if not name_match:
            return None
        params = _DEF_PARAMS.match(tex, name_match.end())
        body = _group(tex, params.end() if params else name_match.end())
        if body is None or params is None:
            return None
        name = name_match[1]
        return name, f"\\def{name}{params[0]}{{{body[0]}}}", body[1]
    braced = _group(tex, pos)
    if braced is not None:
        name, pos = braced[0].strip(), braced[1]
    elif name_match := _NAME.match(tex, pos):
        name, pos = name_match[1], name_match.end()
    else:
        return None
    if not _NAME.fullmatch(name):
        return None
    arity = 0
    if match["command"] and (arity_match := _ARITY.match(tex, pos)):
        arity, pos = int(arity_match[1]), arity_match.end()
        if re.match(r"\s*\[", tex[pos:]):
            return None  # an optional argument's default: no \def for it
    body = _group(tex, pos)
    if body is None:
        return None
    text = body[0]
    if match["operator"]:
        star = "*" if match["operator"].endswith("*") else ""
        text = f"\\operatorname{star}{{{text}}}"
    args = "".join(f"#{n}" for n in range(1, arity + 1))
    return name, f"\\def{name}{args}{{{text}}}", body[1]


def _group(tex: str, pos: int) -> tuple[str, int] | None:
    """The inside of the `{…}` group at `pos` (after spaces), and where it ends."""
    while pos < len(tex) and tex[pos].isspace():
        pos += 1
    if pos >= len(tex) or tex[pos] != "{":
        return None
    depth, index = 0, pos
    while index < len(tex):
        char = tex[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return tex[pos + 1 : index], index + 1
        index += 1
    return None
