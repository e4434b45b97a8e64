"""Theorem-style boxes, as Quarto and MyST (sphinx-proof) notes write them: `::: {#thm-convex}`
… `:::` (a lemma `#lem-…`, a definition `#def-…` …, a `.proof`), ```` ```{prf:theorem} Title ````
with `:label:`, and the references to them (`@thm-convex`, `{prf:ref}`my-lemma``).

CommonMark showed the fences as text; a plain fenced div showed the content with no name.
Here each is a box headed by its kind in the site's words and its number, counted per kind
in page order ("Theorem 1 (Convexity)", 定理 1（凸性） on a Chinese site), and a reference is a
link showing that name. Proofs, and Quarto's remarks and solutions, are not numbered; a
proof ends with ∎. The block rules of render.fenced_divs and render.myst make the tokens;
the numbers are given here once the whole post is parsed, so a reference may come first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from mlblog.render.words import said
from mlblog.theme_strings import ENGLISH

THEOREMS = "theorem_names"  # env key: a box's id → what a reference to it shows
_SEEN = "theorem_boxes"  # env key: the post has a box (the numbering rule runs)

# Quarto's id prefixes, each naming a numbered kind
QUARTO_PREFIXES = {
    "thm": "theorem", "lem": "lemma", "cor": "corollary", "prp": "proposition",
    "cnj": "conjecture", "def": "definition", "exm": "example", "exr": "exercise",
}  # fmt: skip
QUARTO_UNNUMBERED = frozenset({"proof", "remark", "solution"})  # Quarto's classes
MYST_KINDS = frozenset(
    {"theorem", "lemma", "definition", "remark", "conjecture", "corollary", "algorithm",
     "criterion", "example", "property", "observation", "proposition", "assumption", "axiom",
     "proof"}
)  # fmt: skip
# The class that styles a kind: Quarto's prefix where it has one, else the kind's name
_CSS = {kind: prefix for prefix, kind in QUARTO_PREFIXES.items()}
# The theme word naming a kind: its own name, but an example's box is 例, not the callout's 示例
_WORD = {"example": "example_box"}


@dataclass(frozen=True, slots=True)
class Box:
    kind: str  # theorem, lemma, proof …
    numbered: bool
    own_id: str  # "" for none


def theorems_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("block", "theorem_numbers", _numbers)
    for name in ("theorem_open", "theorem_close", "theorem_title_open", "theorem_title_close"):
        md.add_render_rule(name, _RENDER[name])


def quarto_box(classes: Sequence[str], own_id: str) -> Box | None:
    """The box a Quarto div is: `#thm-…` and the other prefixes numbered, `.proof`,
    `.remark`, `.solution` not; None for any other div."""
    kind = QUARTO_PREFIXES.get(own_id.split("-", 1)[0]) if "-" in own_id else None
    if kind is not None:
        return Box(kind, True, own_id)
    unnumbered = next((c for c in classes if c in QUARTO_UNNUMBERED), None)
    return Box(unnumbered, False, own_id) if unnumbered else None


def open_box(state: StateBlock, box: Box, title: str, start: int, close: int) -> None:
    """A block rule's box: its opening and header (the title parsed later, as inline
    Markdown); the rule then tokenizes the content and calls close_box."""
    state.env[_SEEN] = True
    named = _plain(state.env, "theorem_named").format(title=title.strip())
    # "Theorem 1 (Convexity)", but "定理 1（凸性）": a full-width bracket brings its own space
    sep = " " if title.strip() and named[:1].isascii() else ""
    meta = {"box": box, "label": _plain(state.env, _word(box.kind)), "number": "", "sep": sep}
    opening = state.push("theorem_open", "div", 1)
    opening.meta, opening.map = meta, [start, close + 1]
    head = state.push("theorem_title_open", "p", 1)
    head.meta, head.map = meta, [start, start + 1]
    if title.strip():
        inline = state.push("inline", "", 0)
        inline.content, inline.map, inline.children = named, [start, start + 1], []
    state.push("theorem_title_close", "p", -1).meta = meta


def close_box(state: StateBlock, box: Box) -> None:
    state.push("theorem_close", "div", -1).meta = {"box": box}


def _word(kind: str) -> str:
    return _WORD.get(kind, kind)


def _plain(env: EnvType, name: str) -> str:
    """The site's word, as text (what the excerpt and references show)."""
    text, _lang = env.get("words", {}).get(name) or (ENGLISH[name], "en")
    return str(text)


def _numbers(state: StateCore) -> None:
    """Each numbered box its number, per kind in page order; ids → "Theorem 1"."""
    if not state.env.get(_SEEN):
        return  # nearly every post
    counts: dict[str, int] = {}
    names: dict[str, str] = state.env.setdefault(THEOREMS, {})
    for token in state.tokens:
        if token.type != "theorem_open":
            continue
        box: Box = token.meta["box"]
        if box.numbered:
            counts[box.kind] = counts.get(box.kind, 0) + 1
            token.meta["number"] = str(counts[box.kind])
            token.meta["label"] = f"{token.meta['label']} {counts[box.kind]}"
        if box.own_id and box.own_id not in names:  # (first come, as ids are)
            names[box.own_id] = token.meta["label"]


def _open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    box: Box = tokens[idx].meta["box"]
    own_id = f' id="{escape(box.own_id)}"' if box.own_id else ""
    return f'<div class="theorem theorem-{_CSS.get(box.kind, box.kind)}"{own_id}>\n'


def _close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    box: Box = tokens[idx].meta["box"]
    end = '<p class="theorem-qed">∎</p>\n' if box.kind == "proof" else ""
    return f"{end}</div>\n"


def _title_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """ "Theorem 1", in the site's words; the title, if any, follows in brackets."""
    meta = tokens[idx].meta
    word, lang = said(env, _word(meta["box"].kind))
    number = f" {meta['number']}" if meta["number"] else ""
    label = f'<span class="theorem-label"{lang}>{word}{number}</span>'
    return f'<p class="theorem-title">{label}{meta["sep"]}'


def _title_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</p>\n"


_RENDER = {
    "theorem_open": _open,
    "theorem_close": _close,
    "theorem_title_open": _title_open,
    "theorem_title_close": _title_close,
}
