"""Adjacent footnote marks (`[^2][^3]`) kept on one line: "]" then "[" is a place a line
may break, so on a phone the second mark started the next line alone."""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

# Styled `white-space: nowrap` by the theme; a lone mark needs no wrapper (nothing to split).
OPEN = '<span class="footnote-refs">'


def footnote_marks_plugin(md: MarkdownIt) -> None:
    """After footnote_plugin: its own rule still writes each mark."""
    assert isinstance(md.renderer, RendererHTML)
    mark = md.renderer.rules["footnote_ref"]

    def render(
        self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        html: str = mark(tokens, idx, options, env)
        after = idx > 0 and tokens[idx - 1].type == "footnote_ref"
        before = idx + 1 < len(tokens) and tokens[idx + 1].type == "footnote_ref"
        if before and not after:
            return OPEN + html
        if after and not before:
            return html + "</span>"
        return html

    md.add_render_rule("footnote_ref", render)
