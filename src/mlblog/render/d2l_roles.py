"""The cross-references of d2lbook, which "Dive into Deep Learning" and notes written
after it use: a `:label:`name`` line under a heading (or a figure), a `:eqlabel:`name`` line
under a display formula, and `:numref:`name``, `:eqref:`name`` and `:cite:`key`` in the text.

CommonMark shows them as a word and inline code (":eqref: eq_ent_def"). Here a label names
its heading's id (or the figure's), a labelled formula is numbered, `:eqref:` is a link
showing that number (through mlblog.render.equation_refs), `:numref:` a link showing the
section's title, and `:cite:` a citation when the post has a bibliography. What cannot be
resolved in the post (a section of another chapter, a citation without a bibliography) is
warned at its line, with what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from mlblog.render.equation_refs import labels
from mlblog.render.heading_anchors import ID_TEXT
from mlblog.render.math_syntax import BLOCK_MATH
from mlblog.render.numbered import labelled
from mlblog.render.theorems import THEOREMS

ROLE_WARNINGS = "d2l_role_warnings"  # env key: (line, message) for the render's warnings
TITLES = "myst_titles"  # env key: a MyST figure's (table's…) `:name:` → its caption
# env key: a MyST figure's, table's or code listing's `:name:` → its number and what
# {numref} shows ("1", "Fig. 1"; render.myst_figures, render.myst_numbered)
FIGURE_NUMBERS = "myst_figure_numbers"
# env key: the `:name:` of a table or code block without a caption, which Sphinx leaves
# unnumbered → what a {numref} to it warns it is
UNCAPTIONED = "myst_uncaptioned"
# d2lbook's `:eqref:` before the code span, or MyST's `{eq}`
_ROLE_TEXT = re.compile(
    r"(?::(label|eqlabel|numref|eqref|cite|width|height):|\{([a-z][\w:+-]*)\})$"
)
# MyST's references: `{ref}`label``, `{ref}`its text <label>``, `{numref}`Fig. %s <label>``
_MYST_REF = re.compile(r"\{(eq|numref|ref)\}`(?:([^`<]*?)\s*<([^`<>]+)>|([^`<>]+))`")
_MYST_ROLE = re.compile(r"\{[a-z][\w:+-]*\}`")
_CITE = re.compile(r"cite(?::(\w+))?")
_TEXTUAL = frozenset({"t", "ts", "alt", "alts"})  # Vaswani et al. (2017)
_YEAR = frozenset({"year", "yearpar"})
_NUMBER_SLOT = re.compile(r"%s|\{number\}")  # where a {numref} template puts the number
_EXPLICIT = re.compile(r"(.*?)\s*<([^<>]+)>")
_LABELLING = frozenset({"label", "eqlabel", "width", "height"})
_EQREF = re.compile(r":eqref:`([^`]*)`")
_NOT_UNDER_MATH = (
    ":eqlabel:`{name}` is not under a display formula ($$ … $$ on the line above): "
    "nothing is numbered"
)


def d2l_roles(state: StateCore) -> None:
    """d2lbook's roles, and MyST's: `{eq}`label``, `{cite:p}`key`` …"""
    if ":`" not in state.src and ("}`" not in state.src or not _MYST_ROLE.search(state.src)):
        return  # nearly every post
    warnings: list[tuple[int, str]] = state.env.setdefault(ROLE_WARNINGS, [])
    titles = _labels(state, warnings)
    titles.update(state.env.get(TITLES, {}))
    titles.update(state.env.get(THEOREMS, {}))  # "Lemma 1", for {prf:ref}
    titles.update(_myst_headings(state.tokens))
    equations = {label for t in state.tokens if t.type in BLOCK_MATH
                 for label in labels(t.content)}  # fmt: skip
    for token in state.tokens:
        if token.type == "inline" and token.children and ("`" in token.content):
            if ":`" not in token.content and "}`" not in token.content:
                continue
            token.children = _references(token, (titles, equations), state, warnings)
            # what equation_refs looks for before it reads the children
            token.content = _EQREF.sub(r"\\eqref{\1}", token.content)
            token.content = _MYST_REF.sub(lambda m: _eqref(m, equations), token.content)


def _eqref(match: re.Match[str], equations: set[str]) -> str:
    name = (match[3] or match[4]).strip()
    return f"\\eqref{{{name}}}" if match[1] == "eq" or name in equations else match[0]


_OWN_ID = re.compile(r"\s*\{#[^{}]*\}\s*$")


def _myst_headings(tokens: Sequence[Token]) -> dict[str, str]:
    """The headings a MyST `(label)=` names: label → the heading's text."""
    titles: dict[str, str] = {}
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and (name := token.meta.get("myst_label")):
            words = (c.content for c in tokens[index + 1].children or () if c.type in ID_TEXT)
            titles[name] = _OWN_ID.sub("", "".join(words)).strip()
    return titles


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1


def _roles(children: Sequence[Token]) -> tuple[list[Token], list[tuple[str, str]]]:
    """The children before the trailing `:label:` (`:eqlabel:`, `:width:`…) roles, and
    those roles as (role, name)."""
    kept = list(children)
    found: list[tuple[str, str]] = []
    while len(kept) >= 2 and kept[-1].type == "code_inline" and kept[-2].type == "text":
        match = _ROLE_TEXT.search(kept[-2].content)
        if match is None or match[1] not in _LABELLING:
            break
        found.insert(0, (match[1], kept[-1].content.strip()))
        kept = kept[:-1]
        kept[-1] = _text(kept[-1], kept[-1].content[: match.start()])
        if not kept[-1].content:
            kept.pop()
        while kept and kept[-1].type in ("softbreak", "hardbreak"):
            kept.pop()
    return kept, found


def _labels(state: StateCore, warnings: list[tuple[int, str]]) -> dict[str, str]:
    """Give each label its element, drop the label lines; label → what `:numref:` shows."""
    titles: dict[str, str] = {}
    tokens = state.tokens
    done: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type != "inline" or not token.children or ":`" not in token.content:
            done.append(token)
            index += 1
            continue
        kept, roles = _roles(token.children)
        names = [(role, name) for role, name in roles if role in ("label", "eqlabel") and name]
        if not roles:
            done.append(token)
            index += 1
            continue
        if kept:  # a figure with its label under it: the paragraph is the labelled element
            token.children = kept
            for role, name in names:
                if role == "eqlabel":
                    warnings.append((_line(token), _NOT_UNDER_MATH.format(name=name)))
                elif done[-1].attrGet("id") is None:
                    done[-1].attrSet("id", name)
                    titles[name] = name
            done.append(token)
            index += 1
            continue
        if not done or done[-1].type != "paragraph_open":
            done.append(token)
            index += 1
            continue
        done.pop()  # a paragraph of labels alone: they name what is above it, and go
        above = done[-1] if done else None
        for role, name in names:
            if above is not None and above.type in BLOCK_MATH:
                if role == "eqlabel" and "\\label" not in above.content:
                    above.content = labelled(above.content, name)
            elif above is not None and above.type == "heading_close":
                heading = done[-2]
                title = "".join(c.content for c in heading.children or () if c.type in ID_TEXT)
                heading.children = [*(heading.children or ()), _text(heading, f" {{#{name}}}")]
                titles[name] = title.strip()
            else:
                anchor = Token("html_block", "", 0)
                anchor.content = f'<span id="{name}"></span>\n'
                done.append(anchor)
                titles[name] = name
            if role == "eqlabel" and (above is None or above.type not in BLOCK_MATH):
                warnings.append((_line(token), _NOT_UNDER_MATH.format(name=name)))
        index += 2  # the inline, and its paragraph_close
    state.tokens = done
    return titles


def _references(
    token: Token,
    known: tuple[dict[str, str], set[str]],
    state: StateCore,
    warnings: list[tuple[int, str]],
) -> list[Token]:
    """The children with each reference role replaced; `known`: label → what a reference
    to it shows, and the labels of the post's equations."""
    titles, _ = known
    children = token.children or []
    done: list[Token] = []
    line = _line(token)
    for child in children:
        line += child.type in ("softbreak", "hardbreak")
        previous = done[-1] if done else None
        match = _ROLE_TEXT.search(previous.content) if previous is not None else None
        if child.type != "code_inline" or previous is None or previous.type != "text":
            done.append(child)
            continue
        if match is None or match[1] in _LABELLING:
            done.append(child)
            continue
        done[-1] = _text(previous, previous.content[: match.start()])
        if match[2] is not None:
            done += _myst_role(child, match[2], known, state, (line, warnings))
            continue
        role, name = match[1], child.content.strip()
        if role == "eqref":  # equation_refs links it, or warns
            done.append(_text(child, f"\\eqref{{{name}}}"))
        elif role == "numref" and name in titles:
            done += _link(child, f"#{name}", titles[name])
        elif role == "numref":
            done.append(_text(child, name))
            warnings.append((line, f":numref:`{name}` names no :label: of this post; link to "
                             f"the section with [its title](address#{name})"))  # fmt: skip
        else:
            done += _citation(child, name, state, line, warnings)
    return [c for c in done if c.type != "text" or c.content]


def _myst_role(
    child: Token,
    role: str,
    known: tuple[dict[str, str], set[str]],
    state: StateCore,
    where: tuple[int, list[tuple[int, str]]],
) -> list[Token]:
    """MyST's `{role}`content`` as what it stands for; an unknown role, its text."""
    titles, equations = known
    line, warnings = where
    content = child.content.strip()
    written = f"{{{role}}}`{content}`"
    if cite := _CITE.fullmatch(role):
        return _citation(child, content, state, line, warnings, written, cite[1] or "p")
    if role == "math" and "math_inline" in state.md.inline.ruler.get_active_rules():
        formula = Token("math_inline", "math", 0)
        formula.content, formula.markup = content, "$"
        return [formula]
    if role not in ("eq", "numref", "ref", "prf:ref"):
        warnings.append((line, f"{written}: {{{role}}} is a MyST role mlblog does not know; "
                         "its text is shown as is"))  # fmt: skip
        return [_text(child, content)]
    text, name = content, content
    if explicit := _EXPLICIT.fullmatch(content):
        text, name = explicit[1], explicit[2].strip()
    if role == "eq" or name in equations:  # equation_refs links it, or warns
        reference = f"\\eqref{{{name}}}"
        if role == "numref" and _NUMBER_SLOT.search(text):  # `Eq. %s <eq-loss>`: "Eq. (1)"
            reference = text.replace("%s", reference).replace("{number}", reference)
        return [_text(child, reference)]
    numbered = state.env.get(FIGURE_NUMBERS, {}).get(name) if role == "numref" else None
    if numbered is not None:  # "Fig. 1", as under the figure; Sphinx's {number}, {name} too
        number, word = numbered
        own = text.replace("%s", number).replace("{number}", number)
        own = own.replace("{name}", titles[name])
        return _marked_link(child, f"#{name}", own if text != name else word, state)
    if role == "numref" and (kind := state.env.get(UNCAPTIONED, {}).get(name)):
        warnings.append((line, f"{written} names {kind}, and only captioned ones "
                         "are numbered: the reference shows its name"))  # fmt: skip
    if name in titles:  # unnumbered: a section (Jupyter Book numbers them only on request)
        shown = titles[name] if text == name else text.replace("%s", titles[name])
        if role == "numref" and text != name:
            shown = _unnumbered(text, titles[name])
        if name in state.env.get(TITLES, {}):  # a figure's caption, Markdown as it is shown
            return _marked_link(child, f"#{name}", shown or titles[name], state)
        return _link(child, f"#{name}", shown or titles[name])
    if role == "prf:ref":
        warnings.append((line, f"{written} names no {{prf:…}} box with that :label: in this "
                         "post; the reference is shown as its text"))  # fmt: skip
        return [_text(child, text)]
    warnings.append((line, f"{written} names no (label)= target, figure :name: or equation "
                     ":label: of this post; link to another page with "
                     f"[its title](address#{name})"))  # fmt: skip
    return [_text(child, text)]


def _unnumbered(template: str, title: str) -> str:
    """What `{numref}`Section %s <label>`` shows for something without a number: its title
    alone, not "Section Setup" (nor "第 Setup 节"); `{name}` is its title too."""
    if _NUMBER_SLOT.search(template):
        return title
    return template.replace("{name}", title)


def _citation(
    like: Token,
    keys: str,
    state: StateCore,
    line: int,
    warnings: list[tuple[int, str]],
    written: str = "",
    style: str = "p",
) -> list[Token]:
    """`:cite:`a,b`` (or MyST's `{cite}`a,b``) as the citation `[@a; @b]` reads
    (mlblog.render.citations); MyST's `{cite:t}` names the authors in the sentence."""
    written = written or f":cite:`{keys}`"
    year_only = style in _YEAR
    items = [("", year_only, key.strip(), "") for key in keys.split(",") if key.strip()]
    if state.env.get("cited") is None:
        warnings.append((line, f"{written} needs a bibliography: name its .bib file in "
                         "the front matter (bibliography: refs.bib) or in site.yaml"))  # fmt: skip
        return [_text(like, "[" + "; ".join(key for _, _, key, _ in items) + "]")]
    citation = Token("citation", "", 0)
    citation.meta = {"items": items, "textual": style in _TEXTUAL}
    citation.content = written
    return [citation]


def _link(like: Token, href: str, title: str) -> list[Token]:
    opening = Token("link_open", "a", 1)
    opening.attrSet("href", href)
    closing = Token("link_close", "a", -1)
    return [opening, _text(like, title), closing]


def _marked_link(like: Token, href: str, markdown: str, state: StateCore) -> list[Token]:
    """A link whose text is Markdown, as a figure's caption is: its `$L(\\theta)$` typeset
    and its `*steps*` emphasised as in the caption (they were shown as written). A link or
    image in it keeps its text alone: a link holds no other link."""
    [inline] = state.md.parseInline(markdown, {"references": state.env.get("references", {})})
    children = [c for c in inline.children or () if c.type not in _NOT_IN_LINK]
    for found in children:
        found.meta = {**(found.meta or {}), **(like.meta or {})}
    opening, _, closing = _link(like, href, "")
    return [opening, *children, closing]


_NOT_IN_LINK = frozenset({"link_open", "link_close", "image", "footnote_ref"})


def _text(like: Token, content: str) -> Token:
    text = Token("text", "", 0)
    text.content = content
    text.meta = dict(like.meta) if like.meta else {}
    return text
