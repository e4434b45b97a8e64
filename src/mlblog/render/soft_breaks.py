"""Break points in long identifiers and URLs: on a phone, "torch.nn.functional.
scaled_dot_product_attention" broke as "functiona" / "l.scaled…" wherever the column
ended (the theme's `overflow-wrap`). Titles, tags, excerpts, inline code and bare links
may now break after a `.`, `/`, `_` or `::` first. search.js has a copy of these rules
(`breaksIn`) for the results it builds."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

# An empty span the theme gives a zero-width space with no text for screen readers (CSS
# `content: "\200B" / ""`): a <wbr> would do, but Chromium reads it as a line break, so
# "functional.<wbr>scaled" was named "functional. scaled". Copies as nothing either way.
BREAK = '<span class="soft-break"></span>'

# A run of this many characters without a space may not fit a phone's line at a title's
# size; a shorter one is better moved whole to the next line than cut at a dot. CJK
# characters and punctuation end a run: a line may break beside any of them.
_SHORTEST = 16
_LONG_RUN = re.compile(
    "[^\\s\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
    f"\uf900-\ufaff\uff00-\uffef]{{{_SHORTEST},}}"
)
# Where such a run may break: after `.`, `/`, `::` or `_` before a letter or digit (never
# at its ends, so ".bashrc" or "__init__" keep their marks), and not in a number (3.14).
# Explicit ranges, as search.js's copy has them (the browser's Unicode is another).
_JOINT = re.compile(r"(?<=[^./_])(?:[./_]|::)+(?=[0-9A-Za-z])(?!(?<=[0-9]\.)[0-9])")


def breakable_html(text: str, escape: Callable[[str], str] = html.escape) -> str:
    """`text` as HTML (each piece through `escape`, the caller's usual one), with a BREAK
    where a long identifier or URL may break."""
    if len(text) < _SHORTEST:  # most text: nothing to look for
        return escape(text)
    parts: list[str] = []
    done = 0
    for run in _LONG_RUN.finditer(text):
        parts.append(escape(text[done : run.start()]))
        word, piece = run[0], 0
        for joint in _JOINT.finditer(word):
            # ".__init__": the break goes after the dot, not inside the underscores.
            marks = joint[0]
            last = max(marks.rfind("."), marks.rfind("/"), marks.rfind(":"))
            cut = joint.start() + (last + 1 if last >= 0 else len(marks))
            parts.append(escape(word[piece:cut]) + BREAK)
            piece = cut
        parts.append(escape(word[piece:]))
        done = run.end()
    parts.append(escape(text[done:]))
    return "".join(parts)


def soft_breaks_plugin(md: MarkdownIt) -> None:
    """Inline code, and a link whose text is its URL (<https://…> or a bare one), get break
    points. Added last: the text rule it wraps may be the math one."""
    assert isinstance(md.renderer, RendererHTML)
    text = md.renderer.rules["text"]

    def render_code(
        self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        return f"<code{self.renderAttrs(token)}>{breakable_html(token.content, escapeHtml)}</code>"

    def render_text(
        self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        before = tokens[idx - 1] if idx else None
        if before is not None and before.type == "link_open" and before.markup in _BARE:
            return breakable_html(tokens[idx].content, escapeHtml)
        shown: str = text(tokens, idx, options, env)
        return shown

    md.add_render_rule("code_inline", render_code)
    md.add_render_rule("text", render_text)


# How markdown-it marks a link written as its URL.
_BARE = frozenset({"linkify", "autolink"})
