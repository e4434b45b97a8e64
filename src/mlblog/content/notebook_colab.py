"""Google Colab's form markup in a code cell, read as Colab shows it.

`#@title Name { display-mode: "form" }` on a cell's first line is the cell's heading: the
code block's title here. `#@markdown text` lines are Markdown shown above the fields: prose
above the code here. Both are taken out of the code; it runs the same without them, as
they are comments. `#@param` comments stay: the page has no form, so they are where the
reader sees a field's choices (`["resnet18", "resnet50"]`, a slider's range), and the code
pasted back into Colab is a form again. A `display-mode: "form"` cell's code, which Colab
hides behind its form, is folded under its title (render.folds): a click shows it, with the
values its form shows. Colab now writes the markup with a space (`# @title`), and reads both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mlblog.render.highlight import quoted_option

# The title runs to the options at the end of the line, `{ key: value, … }`, which are Colab's.
# Two steps, not one pattern: a lazy title before optional spaces and options backtracked
# in cubic time on a run of spaces inside the title (2,000 took 10 s).
_TITLE = re.compile(r"[ \t]*#[ \t]*@title(?=[ \t{]|$)(.*)")
_OPTIONS = re.compile(r"\{[^{}]*\}$")  # holding a `key: value`
_FORM_MODE = re.compile(r"""display-mode[ \t]*:[ \t]*["']?form\b""")
_MARKDOWN = re.compile(r"[ \t]*#[ \t]*@markdown(?:[ \t](.*)|)")


@dataclass(frozen=True, slots=True)
class ColabForm:
    title: str  # "" for none
    prose: str  # the #@markdown lines' Markdown, "" for none
    prose_where: tuple[int, ...]  # its file lines
    code: str  # the rest of the cell
    where: tuple[int, ...]  # the code's file lines
    folded: bool = False  # `display-mode: "form"`: Colab shows the form, the code folded


def colab_form(source: str, where: Sequence[int]) -> ColabForm | None:
    """The cell's form, None when it has no title line and no #@markdown line."""
    if "@title" not in source and "@markdown" not in source:  # most cells: no line to read
        return None
    lines = source.split("\n")
    places = [where[i] if i < len(where) else 0 for i in range(len(lines))]
    title = ""
    folded = False
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    titled = first is not None and (found := _title_line(lines[first])) is not None
    if titled and first is not None and found is not None:
        title, options = found
        folded = bool(_FORM_MODE.search(options))
        del lines[first], places[first]
    prose: list[str] = []
    prose_where: list[int] = []
    code: list[str] = []
    code_where: list[int] = []
    for line, place in zip(lines, places, strict=True):
        if markdown := _MARKDOWN.fullmatch(line):
            prose.append(markdown.group(1) or "")
            prose_where.append(place)
        else:
            code.append(line)
            code_where.append(place)
    if not titled and not prose:
        return None
    while code and not code[0].strip():  # the blank line often left under the title
        del code[0], code_where[0]
    return ColabForm(
        title, "\n".join(prose), tuple(prose_where), "\n".join(code), tuple(code_where), folded
    )


def _title_line(line: str) -> tuple[str, str] | None:
    """A `#@title` line's title and its options (`{ display-mode: "form" }`, or ""); None
    for another line."""
    found = _TITLE.fullmatch(line)
    if found is None:
        return None
    title = found.group(1).strip(" \t")
    start = title.rfind("{")  # the options are the last braces, holding no brace
    options = _OPTIONS.match(title, start) if start >= 0 else None
    if options is not None and ":" in options.group():
        return title[:start].strip(" \t"), options.group()
    if found.group(1).startswith("{"):  # `#@title{x}`: no title, and no options
        return None
    return title.strip(), ""


def titled_info(language: str, title: str) -> str:
    """A fence's info string giving the code block this title, whatever its quotes."""
    return f"{language or 'text'} {quoted_option('title', title)}"
