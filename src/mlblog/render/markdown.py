"""Markdown → Rendered: the post's HTML, TOC, excerpt, plain text and what it references.

A pure function of the text and the render settings (DESIGN.md §3): the math
engine is deterministic for a given KaTeX version, which is part of the cache key.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from mlblog.packed import pack
from mlblog.render import excerpt as excerpts
from mlblog.render.callouts import stray_markers
from mlblog.render.cited import Cited
from mlblog.render.code_cache import HIGHLIGHTS, HighlightCache
from mlblog.render.code_names import code_names
from mlblog.render.csdn_leftovers import leftover_warnings
from mlblog.render.d2l_roles import ROLE_WARNINGS
from mlblog.render.equation_refs import (
    equation_numbers,
    repeated_labels,
    text_refs,
    unknown_refs,
)
from mlblog.render.folds import CODE_FOLD
from mlblog.render.heading_anchors import ANCHORS, TITLE_ANCHOR
from mlblog.render.indented_prose import indented_prose
from mlblog.render.liquid import LIQUID_WARNINGS
from mlblog.render.lone_dollar import lone_dollars
from mlblog.render.math import Collect, MathEngine, MathItem, explained
from mlblog.render.math_syntax import (
    BLOCK_MATH,
    INLINE_MATH,
    formula_tex,
    is_display,
    unused_labels,
)
from mlblog.render.mkdocs_leftovers import mkdocs_leftovers
from mlblog.render.outputs import output_formula, output_kind
from mlblog.render.parser import code_block, is_diagram, make_parser, render_inline
from mlblog.render.post_macros import submit_defined
from mlblog.render.references import References, capped, iter_inline, scan
from mlblog.render.result import CJK_CHAR, OPENING_CHARS, Job, Rendered, RenderSettings, TocItem
from mlblog.render.spaced_math import spaced_math
from mlblog.render.table_math import pipes_in_table_spans
from mlblog.render.title_anchor import title_anchor
from mlblog.render.unclosed import unclosed_blocks, unended_environments
from mlblog.render.words import said

_CODE = frozenset({"fence", "code_block"})
_LATIN_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’.-][A-Za-z0-9\u00c0-\u024f]+)*")


def word_counts(text: str) -> tuple[int, int]:
    """(CJK characters, Latin words): each CJK character counts as a word."""
    return len(CJK_CHAR.findall(text)), len(_LATIN_WORD.findall(text))


def reading_minutes(text: str, sources: Iterable[str] = ()) -> int:
    """One CJK character is a word read at 400 a minute; Latin words at 200 a minute.
    `sources`: the code and TeX a post shows, counted by their words as Hugo and Hexo count
    them (their pages hold that text); left out, a note of formulas read as "1 min"."""
    return _minutes(word_counts(text), word_counts("\n".join(sources)))


def _minutes(*counts: tuple[int, int]) -> int:
    cjk, latin = sum(c for c, _ in counts), sum(w for _, w in counts)
    return max(1, round(cjk / 400 + latin / 200))


class MarkdownRenderer:
    """Parsers built once per process; `render` is the pure stage function. `code`: where
    highlighted code blocks are looked for and kept (none: each is highlighted)."""

    def __init__(self, math: MathEngine, code: HighlightCache | None = None) -> None:
        self.math = math
        self.code = code
        self._parsers: dict[tuple[bool, bool], MarkdownIt] = {}

    def parser(self, html: bool, math: bool) -> MarkdownIt:
        key = (html, math)
        if key not in self._parsers:
            self._parsers[key] = make_parser(html, math)
        return self._parsers[key]

    def render(
        self, body: str, summary: str | None, settings: RenderSettings,
        cited: Cited | None = None, title_heading: str = "",
    ) -> Rendered:  # fmt: skip
        return self._finish(self._begin(body, summary, settings, cited, title_heading))

    def render_many(self, jobs: Iterable[Job]) -> Iterator[Rendered]:
        """Each job's result, in order. A document's formulas are sent to the math engine
        before the one before it is finished: node typesets while this process parses."""
        begun: deque[_Begun] = deque()
        for job in jobs:
            begun.append(self._begin(*job))
            if len(begun) > 1:
                yield self._finish(begun.popleft())
        while begun:
            yield self._finish(begun.popleft())

    def _begin(
        self, body: str, summary: str | None, settings: RenderSettings, cited: Cited | None,
        title_heading: str = "",
    ) -> _Begun:  # fmt: skip
        """Parse, and ask for the formulas."""
        md = self.parser(settings.html, settings.math)
        env: dict[str, Any] = {"cited": cited, "numeric": settings.numeric_citations}
        if title_heading and (anchor := title_anchor(md, title_heading))[1]:
            env[TITLE_ANCHOR] = anchor
        if settings.words is not None:
            env["words"] = {name: (text, lang) for name, text, lang in settings.words}
        if settings.code_fold[0]:
            env[CODE_FOLD] = settings.code_fold
        tokens = md.parse(body, env)
        references = scan(tokens, settings.base_path)
        warnings = list(references.warnings)
        warnings.extend(env.get("citation_warnings", ()))
        warnings.extend(env.get(ROLE_WARNINGS, ()))
        foreign = [*references.templates, *env.get(LIQUID_WARNINGS, ())]
        warnings.extend(capped([*foreign, *mkdocs_leftovers(tokens, body)]))
        warnings.extend(unclosed_blocks(tokens, body))
        warnings.extend(leftover_warnings(tokens, env))
        warnings.extend(stray_markers(tokens))
        warnings.extend(indented_prose(tokens))
        warnings.extend(pipes_in_table_spans(tokens, body, settings.math))
        if settings.math:
            warnings.extend(spaced_math(tokens))
            warnings.extend(lone_dollars(tokens))
            warnings.extend(unended_environments(tokens, body))
            warnings.extend(unused_labels(tokens))
        found = _formulas(tokens)
        numbers = equation_numbers(tokens)
        env["equations"] = numbers
        if settings.math:  # without math, `\eqref{…}` is text like any other
            warnings.extend(text_refs(tokens, numbers))
            warnings.extend(repeated_labels(_displayed(tokens), numbers))
        for item, line in found:
            warnings.extend(
                (line, f"math: {ref} names no numbered equation of this post (label one "
                 "with \\label{…} in \\begin{equation} or \\begin{align})")
                for ref in unknown_refs(item.tex, numbers)
            )  # fmt: skip
        items = [item for item, _ in found]
        collect = submit_defined(self.math, items, numbers) if found else None
        return _Begun(summary, settings, md, env, tokens, references, warnings, found, collect)

    def _finish(self, begun: _Begun) -> Rendered:
        """Typeset, render and sum up."""
        md, env, tokens, settings, warnings = (
            begun.md, begun.env, begun.tokens, begun.settings, begun.warnings
        )  # fmt: skip
        env["math"] = {}
        if begun.collect is not None:
            results = begun.collect()
            for (_item, where), result in zip(begun.found, results, strict=True):
                if result.error:
                    warnings.append((where, f"math: {explained(result.error)}"))
                warnings.extend((where, f"math: {w}") for w in result.warnings)
            env["math"] = {item: r for (item, _), r in zip(begun.found, results, strict=True)}
        toc = _toc(tokens, md, env)
        if self.code is not None:
            env[HIGHLIGHTS] = self.code.for_document(
                code_block(t) for t in tokens if t.type in _CODE and not output_kind(t)
            )
        html = md.renderer.render(tokens, md.options, env)
        if self.code is not None:
            self.code.keep(env[HIGHLIGHTS])
        walked = excerpts.walk(tokens, settings.placeholders, env["equations"])
        shown = walked
        if begun.summary:
            shown = excerpts.walk(md.parse(begun.summary, {}), settings.placeholders)
        text_excerpt = excerpts.excerpt(shown, settings.excerpt_length)
        text = excerpts.plain_text(walked.pieces)
        cjk, latin = word_counts(text)
        code = [t for t in tokens if t.type in _CODE and not output_kind(t)]
        sources = [t.content for t in code] + [item.tex for item, _ in begun.found]  # read too
        return Rendered(
            packed_html=pack(html),
            toc=toc,
            excerpt=text_excerpt,
            text=text[:OPENING_CHARS],
            reading_minutes=_minutes((cjk, latin), word_counts("\n".join(sources))),
            cjk_share=cjk / (cjk + latin) if cjk + latin else 0.0,
            warnings=tuple(sorted(set(warnings))),
            headings=_headings(tokens),
            code_names=code_names(t.content for t in code if not is_diagram(t)),
            assets=begun.references.assets,
            links=begun.references.links,
            site_links=begun.references.site_links,
            description=excerpts.description(shown, settings.excerpt_length),
            diagrams=any(is_diagram(t) for t in tokens),
            anchors=tuple(env.get(ANCHORS, {}).items()),
            title_id=env[TITLE_ANCHOR][1] if TITLE_ANCHOR in env else "",
        )


@dataclass(slots=True)
class _Begun:
    """A document parsed, its formulas asked for: what finishing it needs."""

    summary: str | None
    settings: RenderSettings
    md: MarkdownIt
    env: dict[str, Any]
    tokens: list[Token]
    references: References
    warnings: list[tuple[int, str]]
    found: list[tuple[MathItem, int]]  # each formula, with its line
    collect: Collect | None


def _formulas(tokens: Sequence[Token]) -> list[tuple[MathItem, int]]:
    """Every formula of the document, with its line, for one request to the math engine."""
    found: list[tuple[MathItem, int]] = [
        (MathItem(formula_tex(t.content), True), t.map[0] + 1 if t.map else 1)
        for t in tokens
        if t.type in BLOCK_MATH
    ]
    found += [  # a notebook's LaTeX outputs are typeset even when `math: false`
        (MathItem(tex, True), t.map[0] + 1 if t.map else 1)
        for t in tokens
        if (tex := output_formula(t)) is not None
    ]
    found += [
        (MathItem(formula_tex(child.content), is_display(parent.children or (), child)), line)
        for parent, child, line in iter_inline(tokens)
        if child.type in INLINE_MATH
    ]
    return found


def _displayed(tokens: Sequence[Token]) -> Iterator[tuple[str, int]]:
    """The TeX and line of each display formula with a label, in page order."""
    for token in tokens:
        line = token.map[0] + 1 if token.map else 1
        if token.type in BLOCK_MATH and "\\label" in token.content:
            yield token.content, line
        elif token.type == "inline" and "\\label" in token.content:
            children = token.children or ()
            for child in children:
                if child.type in INLINE_MATH and is_display(children, child):
                    yield child.content, line


def _headings(tokens: Sequence[Token]) -> tuple[str, ...]:
    return tuple(
        "".join(
            c.content for c in tokens[i + 1].children or () if c.type in ("text", "code_inline")
        )
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    )


# TOC entries are links themselves: links in a heading keep only their text; footnote
# references and citations stay in the heading (their ids, which back-links go to, too).
_NOT_IN_TOC = frozenset({"footnote_ref", "link_open", "link_close", "citation"})
# A heading its author left out of contents: VS Code's Markdown All in One's comment at its
# end, Quarto's (pandoc's) `{.unlisted}` (render.attr_lists).
_OMIT = re.compile(r"<!--\s*omit (?:in|from) toc\s*-->", re.I)


def _unlisted(heading: Token, inline: Sequence[Token]) -> bool:
    if heading.meta.get("unlisted"):
        return True
    return any(c.type == "html_inline" and _OMIT.fullmatch(c.content) for c in inline)


def _toc(tokens: Sequence[Token], md: MarkdownIt, env: dict[str, Any]) -> tuple[TocItem, ...]:
    """The h2/h3 entries (h1/h2 in a post with h1 sections); every heading with a formula is
    named by its plain text, TeX as written, since Chromium leaves KaTeX's MathML out of
    names (cf. templates.title_name): "## 为什么是 $O(n^2)$" was the heading, and the TOC
    link, "为什么是"."""
    items: list[TocItem] = []
    # A post whose sections are `#` headings (Typora's notes) lists them and their `##`
    # subsections: h2/h3 alone gave subsections without their sections. Shown as h2/h3.
    # One `#` opening the post names the note, not a section: its `###` stay listed.
    tags = [t.tag for t in tokens if t.type == "heading_open"]
    named = tags[:1] == ["h1"] and tags.count("h1") == 1
    top = 1 if "h1" in tags and not named else 2
    for index, token in enumerate(tokens):
        if token.type == "references" and items:
            # The list a citation links to is a section of the post, as pandoc's TOC has it
            # (footnotes are not: their heading is for screen readers); a post without
            # headings gets no contents box for it alone.
            word, lang = said(env, "references")
            html = f"<span{lang}>{word}</span>" if lang else word
            items.append(TocItem(2, str(token.meta["id"]), html))
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1].children or []
        name = ""
        if any(c.type in INLINE_MATH for c in inline):
            words = (c.content for c in inline if c.type in ("text", "code_inline", *INLINE_MATH))
            name = " ".join("".join(words).split())
            token.attrSet("aria-label", name)
        level = int(token.tag[1]) - top + 2
        if level in (2, 3) and not _unlisted(token, inline):
            children = [c for c in inline if c.type not in _NOT_IN_TOC]
            html = render_inline(md, children, env)
            items.append(TocItem(level, str(token.attrGet("id")), html, name))
    return tuple(items)
