"""Markdown → Rendered: the post's HTML, TOC, excerpt, plain text and warnings.

A pure function of the text and the render settings (DESIGN.md §3): the math
engine is deterministic for a given KaTeX version, which is part of the cache key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from mlblog.content.slugs import heading_id
from mlblog.render import excerpt as excerpts
from mlblog.render.highlight import highlight_block
from mlblog.render.math import MathEngine, MathItem, MathResult
from mlblog.render.math_syntax import BLOCK_MATH, INLINE_MATH, math_plugin

_CJK_CHAR = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
_LATIN_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’.-][A-Za-z0-9\u00c0-\u024f]+)*")


@dataclass(frozen=True, slots=True)
class RenderSettings:
    """Everything besides the text that changes the output; hashable for cache keys."""

    placeholders: excerpts.Placeholders
    excerpt_length: int = 350
    html: bool = True
    math: bool = True


@dataclass(frozen=True, slots=True)
class TocItem:
    level: int
    id: str
    html: str


@dataclass(frozen=True, slots=True)
class Rendered:
    html: str
    toc: tuple[TocItem, ...]
    excerpt: str
    text: str
    reading_minutes: int
    warnings: tuple[tuple[int, str], ...]  # (line within the body, 1-based; message)


def reading_minutes(text: str) -> int:
    """One CJK character is a word read at 400 a minute; Latin words at 200 a minute."""
    cjk = len(_CJK_CHAR.findall(text))
    latin = len(_LATIN_WORD.findall(text))
    return max(1, round(cjk / 400 + latin / 200))


class MarkdownRenderer:
    """Parsers built once per process; `render` is the pure stage function."""

    def __init__(self, math: MathEngine) -> None:
        self.math = math
        self._parsers: dict[tuple[bool, bool], MarkdownIt] = {}

    def parser(self, html: bool, math: bool) -> MarkdownIt:
        key = (html, math)
        if key not in self._parsers:
            self._parsers[key] = _make_parser(html, math)
        return self._parsers[key]

    def render(self, body: str, summary: str | None, settings: RenderSettings) -> Rendered:
        md = self.parser(settings.html, settings.math)
        env: dict[str, Any] = {}
        tokens = md.parse(body, env)
        warnings: list[tuple[int, str]] = []
        env["math"] = self._typeset(tokens, warnings)
        toc = _toc(tokens, md, env)
        html = md.renderer.render(tokens, md.options, env)
        walked = excerpts.walk(tokens, settings.placeholders)
        if summary:
            summary_walk = excerpts.walk(md.parse(summary, {}), settings.placeholders)
            text_excerpt = excerpts.excerpt(summary_walk, settings.excerpt_length)
        else:
            text_excerpt = excerpts.excerpt(walked, settings.excerpt_length)
        text = excerpts.plain_text(walked.pieces)
        return Rendered(
            html=html,
            toc=toc,
            excerpt=text_excerpt,
            text=text,
            reading_minutes=reading_minutes(text),
            warnings=tuple(sorted(set(warnings))),
        )

    def _typeset(
        self, tokens: Sequence[Token], warnings: list[tuple[int, str]]
    ) -> dict[MathItem, MathResult]:
        """Render every formula of the document in one request to the math engine."""
        found: list[tuple[MathItem, int]] = []
        line = 0
        for token in tokens:
            if token.map:
                line = token.map[0] + 1
            if token.type in BLOCK_MATH:
                found.append((_math_item(token, display=True), line))
            for child in token.children or ():
                if child.type in INLINE_MATH:
                    found.append((_math_item(child, _is_display(child, token)), line))
        if not found:
            return {}
        results = self.math.render([item for item, _ in found])
        for (_item, where), result in zip(found, results, strict=True):
            if result.error:
                warnings.append((where, f"math: {result.error}"))
            warnings.extend((where, f"math: {w}") for w in result.warnings)
        return {item: result for (item, _), result in zip(found, results, strict=True)}


def _math_item(token: Token, display: bool) -> MathItem:
    return MathItem(token.content.strip(), display)


def _is_display(child: Token, parent: Token) -> bool:
    """Inline `$$x$$` is display math only when it is all its paragraph holds."""
    if child.type != "math_inline_double":
        return False
    siblings = [c for c in parent.children or () if c.type != "softbreak"]
    return siblings == [child]


def _render_math(tokens: Sequence[Token], idx: int, env: EnvType, display: bool) -> str:
    token = tokens[idx]
    item = MathItem(token.content.strip(), display)
    result: MathResult | None = env.get("math", {}).get(item)
    if result is None or result.html is None:
        message = result.error if result and result.error else "not typeset"
        code = f'<code class="math-error" title="{escape(message)}">{escape(item.tex)}</code>'
        return f'<div class="math-display">{code}</div>\n' if token.block else code
    if token.block:
        return f'<div class="math-display">{result.html}</div>\n'
    return result.html


def _make_parser(html: bool, math: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": html, "linkify": True, "typographer": False})
    md.enable(["table", "strikethrough", "linkify"])
    footnote_plugin(md)
    tasklists_plugin(md)
    deflist_plugin(md)
    if math:
        math_plugin(md)
    md.core.ruler.push("heading_ids", _heading_ids)
    renderer = md.renderer
    assert isinstance(renderer, RendererHTML)

    def fence(
        self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        return highlight_block(token.content, token.info if token.type == "fence" else "")

    def math_rule(display: bool | None) -> Any:
        def rule(
            self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict,
            env: EnvType,
        ) -> str:  # fmt: skip
            shown = display if display is not None else _is_display_in(tokens, idx)
            return _render_math(tokens, idx, env, shown)

        return rule

    md.add_render_rule("fence", fence)
    md.add_render_rule("code_block", fence)
    if math:
        md.add_render_rule("math_inline", math_rule(False))
        md.add_render_rule("math_inline_double", math_rule(None))
        for kind in BLOCK_MATH:
            md.add_render_rule(kind, math_rule(True))
    return md


def _is_display_in(tokens: Sequence[Token], idx: int) -> bool:
    others = [t for t in tokens if t.type != "softbreak"]
    return len(others) == 1


def _heading_ids(state: Any) -> None:
    """Give every heading a unique GitHub-style id that keeps Chinese."""
    tokens: list[Token] = state.tokens
    seen: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        text = "".join(
            c.content for c in inline.children or () if c.type in ("text", "code_inline")
        )
        base = heading_id(text) or "section"
        count = seen.get(base, 0)
        seen[base] = count + 1
        token.attrSet("id", base if count == 0 else f"{base}-{count}")


def _toc(tokens: Sequence[Token], md: MarkdownIt, env: dict[str, Any]) -> tuple[TocItem, ...]:
    items: list[TocItem] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            inline = tokens[index + 1]
            children = [c for c in inline.children or () if c.type != "footnote_ref"]
            renderer = md.renderer
            assert isinstance(renderer, RendererHTML)
            html = renderer.renderInline(_unlinked(children), md.options, env)
            items.append(TocItem(int(token.tag[1]), str(token.attrGet("id")), html))
    return tuple(items)


def _unlinked(children: list[Token]) -> list[Token]:
    """TOC entries are links themselves, so links inside a heading keep only their text."""
    return [c for c in children if c.type not in ("link_open", "link_close")]
