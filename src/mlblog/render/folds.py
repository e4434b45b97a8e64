"""Folded code: a block (or a notebook cell's output, or a whole cell) behind a `<details>`
toggle, as Quarto's `code-fold`, Jupyter Book's `hide-input`/`hide-output`/`hide-cell` tags
and Colab's form cells show code. No script: the browser opens it, by keyboard too, and a
screen reader says it is collapsed. Folded code is still code: `[代码]` in the excerpt.

A fence asks with its info string (render.highlight's `fold`, `code-fold=`); the notebook
loader wraps a cell's outputs, or the whole cell, in a private container, `FOLD_OPEN kind`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from mlblog.render.soft_breaks import breakable_html
from mlblog.render.words import said

# Longer than an output's container (12 colons), which it holds; shorter than a preamble's.
FOLD = "mlblog-fold"
FOLD_MARK = ":" * 14
# The env key of a document's own `code-fold:` and `code-summary:` (front matter), which
# its Quarto chunks take unless they say otherwise: RenderSettings.code_fold.
CODE_FOLD = "code_fold"
_KINDS = {"output": "show_output", "cell": "show_cell"}


def fold_open(kind: str) -> str:
    """The line that opens a fold of a notebook cell's outputs (`output`) or of it (`cell`)."""
    return f"{FOLD_MARK} {FOLD} {kind}"


def folded(block: str, attrs: Mapping[str, str], env: EnvType) -> str:
    """The block behind a toggle, when its info asks for one: a `<summary>` of its
    `code-summary`, else its title (taken out of the block, not said twice), else the
    site's "Show code"."""
    fold = attrs.get("fold")
    if fold is None:
        return block
    # A summary that names the block names its copy button too (site.js reads its class);
    # the site's "Show code" has only its lang attribute, where it needs one.
    attributes = ' class="code-fold-title"'
    if summary := attrs.get("summary", ""):
        words = escape(summary)
    elif title := attrs.get("title", ""):
        words = breakable_html(title)
        block = block.replace(f'<div class="code-title">{words}</div>', "", 1)
    else:
        words, attributes = said(env, "show_code")
    summary_html = f"<summary{attributes}>{words}</summary>"
    return f"{_details(fold == 'open')}{summary_html}\n{block}</details>\n"


def _details(opened: bool) -> str:
    return f'<details class="code-fold"{" open" if opened else ""}>'


def is_cell_fold(params: str, *args: Any) -> bool:
    return params.strip().startswith(FOLD)


def cell_fold(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    if token.nesting != 1:
        return "</details>\n"
    kind = token.info.strip()[len(FOLD) :].strip()
    words, lang = said(env, _KINDS.get(kind, "show_output"))
    return f"{_details(False)}<summary{lang}>{words}</summary>\n"
