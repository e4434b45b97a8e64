"""The markdown-it parser: CommonMark + GFM pieces + math + our render rules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from linkify_it import LinkifyIt
from markdown_it import MarkdownIt, rules_block
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from mlblog.render.abbreviations import abbreviation_definitions, abbreviations
from mlblog.render.admonition_kinds import CONTAINER_WORDS, admonition_kind
from mlblog.render.attr_lists import attr_lists
from mlblog.render.callouts import callouts, render_callout, render_title
from mlblog.render.citations import citations_plugin
from mlblog.render.cjk_breaks import cjk_breaks, render_softbreak
from mlblog.render.cjk_emphasis import cjk_emphasis
from mlblog.render.code_attrs import code_attributes
from mlblog.render.code_cache import HIGHLIGHTS
from mlblog.render.csdn_leftovers import csdn_leftover_plugin, leftover_alt
from mlblog.render.csdn_placement import csdn_placement
from mlblog.render.d2l_roles import d2l_roles
from mlblog.render.d2l_tabs import d2l_tabs_plugin
from mlblog.render.emoji_names import emoji_names_plugin
from mlblog.render.empty_anchors import empty_anchor_paragraphs
from mlblog.render.escaped_braces import escaped_braces
from mlblog.render.excerpt import MORE
from mlblog.render.fenced_divs import fenced_div_plugin
from mlblog.render.folds import cell_fold, folded, is_cell_fold
from mlblog.render.heading_anchors import ID_TEXT, heading_anchors
from mlblog.render.heading_ids import heading_ids
from mlblog.render.hexo_notes import hexo_note_plugin
from mlblog.render.highlight import highlight_block, parse_info
from mlblog.render.html_math import html_block_math
from mlblog.render.html_tail import html_block_tails
from mlblog.render.keys import keys_plugin
from mlblog.render.liquid import liquid_in_text
from mlblog.render.marks import mark_plugin
from mlblog.render.math_rules import math_rule, render_equation_ref, render_text
from mlblog.render.math_syntax import BLOCK_MATH, math_plugin
from mlblog.render.mkdocs_blocks import mkdocs_blocks_plugin
from mlblog.render.myst import myst_plugin
from mlblog.render.myst_numbered import LISTING, number_word
from mlblog.render.outputs import MARKDOWN_OUTPUT, PREAMBLE, output_kind, render_output
from mlblog.render.quarto import quarto_plugin
from mlblog.render.soft_breaks import breakable_html
from mlblog.render.spaced_images import spaced_image_plugin
from mlblog.render.table_captions import table_caption_plugin
from mlblog.render.table_math import table_math_plugin
from mlblog.render.theorems import theorems_plugin
from mlblog.render.toc_marker import toc_markers
from mlblog.render.unspaced_headings import unspaced_heading_plugin
from mlblog.render.wikilinks import wikilink_plugin
from mlblog.render.words import said

_ALT_BREAKS = frozenset({"softbreak", "hardbreak"})


class GfmLinkify(LinkifyIt):  # type: ignore[misc]  # linkify-it-py has no type hints
    """Bare links as GitHub finds them: `http://`, `https://`, `ftp://`, `mailto:`,
    `www.` and e-mail addresses. linkify-it's fuzzy links would also turn `train.py` and
    `model.ai` into links to web sites, which ML notes are full of."""

    def __init__(self) -> None:
        super().__init__(options={"fuzzy_link": False, "fuzzy_email": True})
        self.add("//", None)  # protocol-relative links: GitHub leaves them as text
        www = re.compile(self.re["src_host_port_strict"] + self.re["src_path"], re.IGNORECASE)
        self.add("www.", {"validate": www, "normalize": self._normalize_www})

    def _normalize_www(self, match: Any) -> None:
        match.url = "http://" + match.url

    def pretest(self, text: str) -> bool:
        """Every link left needs a `:`, an `@` or `www.`; most text has none of them, and
        looking for them is far cheaper than linkify-it's test (run on every paragraph)."""
        if ":" not in text and "@" not in text and "www." not in text.lower():
            return False
        return bool(super().pretest(text))


def make_parser(html: bool, math: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": html, "linkify": True, "typographer": False})
    md.linkify = GfmLinkify()
    md.enable(["table", "strikethrough", "linkify"])
    md.inline.ruler.at("emphasis", cjk_emphasis)
    footnote_plugin(md)
    tasklists_plugin(md)
    deflist_plugin(md)
    unspaced_heading_plugin(md)
    spaced_image_plugin(md)
    csdn_leftover_plugin(md)
    mark_plugin(md)
    keys_plugin(md)
    emoji_names_plugin(md)
    wikilink_plugin(md)
    # One rule for every kind (a rule per kind tried every line seven times)
    container_plugin(md, "admonition", validate=_is_admonition, render=_admonition)
    hexo_note_plugin(md)  # its boxes are those admonitions
    container_plugin(md, "nb_markdown", validate=_is_markdown_output, render=_markdown_output)
    container_plugin(md, "nb_fold", validate=is_cell_fold, render=cell_fold)
    mkdocs_blocks_plugin(md)
    d2l_tabs_plugin(md)
    myst_plugin(md, math)
    fenced_div_plugin(md)  # pandoc's `::: {.class}`: after MyST's `:::{name}`
    theorems_plugin(md)  # the boxes of both
    table_caption_plugin(md)
    if math:
        math_plugin(md)
        table_math_plugin(md, rules_block.table)
        # after math_escapes: Markdown never undid an escape inside raw HTML
        md.core.ruler.after("math_in_cells", "html_block_math", html_block_math)
    if not html:  # `<!--more-->` is mlblog's marker, not HTML: it ends excerpts either way
        md.block.ruler.before("paragraph", "more_marker", _more_marker)
    # first of all: what follows an HTML element on its block's lines is Markdown like any other
    md.core.ruler.after("block", "html_block_tails", html_block_tails)
    md.core.ruler.after("html_block_tails", "callouts", callouts)  # before inline: moves titles
    md.core.ruler.after("callouts", "code_attributes", code_attributes)  # Chirpy's file=
    md.core.ruler.after("code_attributes", "toc_markers", toc_markers)
    md.core.ruler.after("toc_markers", "liquid_in_text", liquid_in_text)
    md.core.ruler.after("liquid_in_text", "abbreviation_definitions", abbreviation_definitions)
    md.core.ruler.after("inline", "d2l_roles", d2l_roles)  # before ids and citations
    md.core.ruler.after("d2l_roles", "csdn_placement", csdn_placement)
    md.core.ruler.after("d2l_roles", "abbreviations", abbreviations)
    md.core.ruler.after("abbreviations", "attr_lists", attr_lists)  # before heading ids
    quarto_plugin(md, math)  # after math and attr_lists, which its rules follow
    # last before text_join, which would merge `\{` into its text and forget the escape
    md.core.ruler.before("text_join", "escaped_braces", escaped_braces)
    md.core.ruler.push("heading_ids", heading_ids)
    if html:
        md.core.ruler.push("empty_anchor_paragraphs", empty_anchor_paragraphs)
    md.core.ruler.push("heading_anchors", heading_anchors)
    md.core.ruler.push("cjk_breaks", cjk_breaks)
    citations_plugin(md)  # after heading_ids: its list's id is one no heading has
    md.add_render_rule("softbreak", render_softbreak)
    md.add_render_rule("footnote_block_open", _footnotes_open)
    md.add_render_rule("footnote_caption", _footnote_caption)
    md.add_render_rule("footnote_anchor", _footnote_anchor)
    md.add_render_rule("equation_ref", render_equation_ref)
    for nesting in ("open", "close"):
        md.add_render_rule(f"callout_{nesting}", render_callout)
        md.add_render_rule(f"callout_title_{nesting}", render_title)
    md.add_render_rule("image", _image)
    md.add_render_rule("paragraph_open", _paragraph_open)
    md.add_render_rule("paragraph_close", _paragraph_close)
    md.add_render_rule("fence", _code)
    md.add_render_rule("code_block", _code)
    md.add_render_rule("text", render_text)
    md.add_render_rule("code_inline", _code_inline)
    if math:
        md.add_render_rule("math_inline", math_rule(display=None))
        md.add_render_rule("math_inline_double", math_rule(display=None))
        for kind in BLOCK_MATH:
            md.add_render_rule(kind, math_rule(display=True))
    return md


def _more_marker(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A line that is only `<!--more-->`, as the html_block it is with raw HTML allowed."""
    first = state.bMarks[start] + state.tShift[start]
    line = state.src[first : state.eMarks[start]]
    if state.sCount[start] - state.blkIndent >= 4 or not MORE.match(line):
        return False
    if not silent:
        token = state.push("html_block", "", 0)
        token.content = "<!--more-->\n"
        token.map = [start, start + 1]
        state.line = start + 1
    return True


def _code(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    if output_kind(token):  # a notebook cell's output, written by the notebook loader
        return render_output(token, env.get("math", {}))
    highlights = env.get(HIGHLIGHTS)  # the document's blocks found in the cache
    block = (highlights.html if highlights is not None else highlight_block)(*code_block(token))
    if is_diagram(token):  # drawn in the browser; its source is what the block shows until then
        return f'<div class="diagram" data-diagram="mermaid">{block}</div>\n'
    if shown := token.meta.get(LISTING):  # a MyST code-block's caption: "Listing 1 …"
        title = '<div class="code-title">'
        block = block.replace(title, title + number_word(env, "code-block", shown), 1)
    if token.type == "fence" and "fold" in token.info:  # a few blocks, never a diagram
        return folded(block, parse_info(token.info)[1], env)
    return block


def code_block(token: Token) -> tuple[str, str]:
    """A fence's or an indented block's (code, info string), as highlighted."""
    return token.content, token.info if token.type == "fence" else ""


def is_diagram(token: Token) -> bool:
    """A ```mermaid fence (or MyST's ```{mermaid}), drawn as GitHub, Hugo and Hexo themes do."""
    return token.type == "fence" and parse_info(token.info)[0] == "mermaid"


def _image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """markdown-it's image, with an alt text that keeps code and formulas (as their TeX):
    `![Loss $L(\\theta)$](x.png)` is "Loss L(\\theta)", not "Loss ", which is what
    screen readers, search engines and a broken image would show. A figure's image leaves
    its title to the caption (read twice by screen readers otherwise)."""
    token = tokens[idx]
    alt = alt_text(token.children or ())
    token.attrSet("alt", "" if leftover_alt(alt) else alt)
    if not token.meta.get("figure"):
        return self.renderToken(tokens, idx, options, env)
    title = token.attrs.pop("title")
    try:
        return self.renderToken(tokens, idx, options, env)
    finally:
        token.attrs["title"] = title


def _figure_image(tokens: Sequence[Token], idx: int) -> Token | None:
    """The image of a paragraph that is one image with a title, alone or as a link:
    `![Loss curve](loss.png "Validation loss per epoch")` is a figure with that caption
    (as Hugo's figure shortcode makes, and its importer writes)."""
    if idx < 0 or idx >= len(tokens) or tokens[idx].type != "inline":
        return None
    children: Sequence[Token] = tokens[idx].children or []  # (a paragraph's text is trimmed)
    if len(children) not in (1, 3):  # run for every paragraph: most leave here
        return None
    shapes = [child.type for child in children]
    if shapes == ["image"]:
        image = children[0]
    elif shapes == ["link_open", "image", "link_close"]:
        image = children[1]
    else:
        return None
    title = image.attrGet("title")
    return image if isinstance(title, str) and title.strip() else None


def _paragraph_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    image = None if tokens[idx].hidden else _figure_image(tokens, idx + 1)
    if image is None:
        return self.renderToken(tokens, idx, options, env)
    image.meta["figure"] = True
    return "<figure>\n"


def _paragraph_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    image = None if tokens[idx].hidden else _figure_image(tokens, idx - 1)
    if image is None:
        return self.renderToken(tokens, idx, options, env)
    caption = breakable_html(str(image.attrGet("title")))  # a caption naming an identifier
    return f"\n<figcaption>{caption}</figcaption>\n</figure>\n"


def alt_text(children: Sequence[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type == "image":
            parts.append(alt_text(child.children or ()))
        elif child.type in ID_TEXT:
            parts.append(child.content.strip() if child.type.startswith("math") else child.content)
        elif child.type in _ALT_BREAKS:
            parts.append("\n")
    return "".join(parts)


def _footnotes_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """The footnote list is a section with a heading for screen readers (hidden on screen)."""
    heading, lang = said(env, "footnotes")
    return (
        '<hr class="footnotes-sep">\n<section class="footnotes">\n'
        f'<h2 class="visually-hidden"{lang}>{heading}</h2>\n<ol class="footnotes-list">\n'
    )


def _footnote_caption(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """A note's number, the same at each of its marks: the plugin's "[1:1]" at a second
    mark is its id's suffix, which the mark keeps (its back-link goes there)."""
    return f"[{tokens[idx].meta['id'] + 1}]"


def _footnote_anchor(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """The back-link to a mark; those to a note's second and later marks numbered, ↩︎², as
    GitHub shows them: the plugin's were the same ↩︎ each, which led to which, unsaid."""
    number, sub = tokens[idx].meta["id"] + 1, tokens[idx].meta["subId"]
    target, count = (f"{number}:{sub}", f"<sup>{sub + 1}</sup>") if sub else (str(number), "")
    # U+FE0E: the arrow as text, not iOS's emoji
    return f' <a href="#fnref{target}" class="footnote-backref">\u21a9\ufe0e{count}</a>'


def _is_markdown_output(params: str, *args: Any) -> bool:
    return params.strip() in (MARKDOWN_OUTPUT, PREAMBLE)


def _markdown_output(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """A notebook's text/markdown output: Markdown like the cells, shown as an output; or
    what the notebook has above its title, shown as the cells are."""
    token = tokens[idx]
    if token.nesting != 1:
        return "</div>\n"
    if token.info.strip() == PREAMBLE:
        return '<div class="nb-preamble">\n'
    return '<div class="nb-output nb-markdown">\n'


def _is_admonition(params: str, *args: Any) -> bool:
    """`::: warning`, and the words other editors write for a kind (语雀's `:::tips`)."""
    return params.strip().split(" ", 1)[0] in CONTAINER_WORDS


def _admonition(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """`::: warning 显存` … `:::` → a titled box; the title defaults to the kind's name
    in the site's words. The kind is shown by colour alone under a title of the author's:
    screen readers get its name as hidden text."""
    token = tokens[idx]
    if token.nesting != 1:
        return "</div>\n"
    word, _, title = token.info.strip().partition(" ")
    name = admonition_kind(word) or "note"
    kind, lang = said(env, name)
    if not title.strip():
        return f'<div class="admonition {name}">\n<p class="admonition-title"{lang}>{kind}</p>\n'
    hidden = f'<span class="visually-hidden"{lang}>{kind}: </span>'
    return (
        f'<div class="admonition {name}">\n'
        f'<p class="admonition-title">{hidden}{breakable_html(title.strip())}</p>\n'
    )


def _code_inline(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Inline code, with break points in a long identifier (mlblog.render.soft_breaks)."""
    token = tokens[idx]
    return f"<code{self.renderAttrs(token)}>{breakable_html(token.content, escapeHtml)}</code>"


def render_inline(md: MarkdownIt, children: list[Token], env: dict[str, Any]) -> str:
    renderer = md.renderer
    assert isinstance(renderer, RendererHTML)
    return renderer.renderInline(children, md.options, env)
