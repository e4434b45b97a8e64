"""How formulas render once typeset: each formula's HTML (or its TeX, marked, where KaTeX
refused it), the anchors its labels give `\\eqref{…}` links, equation references of the
text, and the text around a formula that opens and closes the box holding its punctuation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from mlblog.render.equation_refs import Anchors, labels
from mlblog.render.math import MathItem, MathResult
from mlblog.render.math_glue import INLINE_MATH, OPEN, glued, head, leads, tail
from mlblog.render.math_syntax import formula_tex, is_display
from mlblog.render.soft_breaks import breakable_html
from mlblog.render.words import said

Rule = Callable[[RendererHTML, Sequence[Token], int, OptionsDict, EnvType], str]


def render_equation_ref(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    r"""`\eqref{eq:loss}` of the text: its equation's number, linked (equation_refs)."""
    token = tokens[idx]
    target = escape(token.meta["anchor"])
    return f'<a class="eqref" href="#{target}">{escape(token.content)}</a>'


def _anchors(tex: str, env: EnvType) -> str:
    """An empty element with each label's id (a label given twice links to the first;
    the second has an id of its own, as equation_refs.repeated_labels warns)."""
    numbers = env.get("equations", {})
    if "anchors" not in env:
        env["anchors"] = Anchors(numbers)
    placed: Anchors = env["anchors"]
    ids = [placed.place(label)[0] for label in labels(tex) if label in numbers]
    return "".join(f'<span id="{escape(i)}"></span>' for i in ids)


def _shown(tokens: Sequence[Token], idx: int) -> bool:
    """Whether the formula at `idx` is typeset as display math (as its rule decides)."""
    return is_display(tokens, tokens[idx])


def math_rule(display: bool | None) -> Rule:
    def render(
        self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        shown = display if display is not None else is_display(tokens, token)
        item = MathItem(formula_tex(token.content), shown)
        result: MathResult | None = env.get("math", {}).get(item)
        if result is None or result.html is None:
            message = result.error if result and result.error else "not typeset"
            # The title shows to a mouse; screen readers read the hidden text (KaTeX's words).
            hidden, lang = said(env, "math_error", message=message)
            html = (
                f'<code class="math-error" title="{escape(message)}">{escape(item.tex)}</code>'
                f'<span class="visually-hidden"{lang}> ({hidden})</span>'
            )
        else:
            html = result.html
        if shown and "\\label" in item.tex:  # where \eqref{…} links take the reader
            html = _anchors(item.tex, env) + html
        if token.block:
            return f'<div class="math-display">{html}</div>\n'
        typeset = result.html if result is not None else None
        holds = glued(tokens, idx, shown, typeset)
        if leads(tokens, idx, shown, typeset):  # the text before opened the box
            return html if holds else html + "</span>"
        return OPEN + html if holds else html

    return render


def render_text(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Text, with break points in its long identifiers and URLs (mlblog.render.soft_breaks);
    after a formula that holds the punctuation it starts with, the formula's box closes
    after that punctuation; before one held with the opening punctuation it ends with, the
    box opens before that punctuation (mlblog.render.math_glue)."""
    content = tokens[idx].content
    closed = opened = ""
    if idx and tokens[idx - 1].type in INLINE_MATH and _decided(glued, tokens, idx - 1, env):
        kept = tail(content)
        closed, content = f"{escapeHtml(kept)}</span>", content[len(kept) :]
    after = idx + 1
    if (
        after < len(tokens)
        and tokens[after].type in INLINE_MATH
        and _decided(leads, tokens, after, env)
    ):
        kept = head(content)
        opened, content = f"{OPEN}{escapeHtml(kept)}", content[: len(content) - len(kept)]
    return closed + breakable_html(content, escapeHtml) + opened


def _decided(rule: Callable[..., bool], tokens: Sequence[Token], idx: int, env: EnvType) -> bool:
    """`rule` (glued or leads) for the formula at `idx`, as the formula's own rule decides
    it: from the same formula typeset the same way."""
    shown = _shown(tokens, idx)
    item = MathItem(formula_tex(tokens[idx].content), shown)
    result: MathResult | None = env.get("math", {}).get(item)
    return bool(rule(tokens, idx, shown, result.html if result is not None else None))
