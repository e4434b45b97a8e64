"""MyST's `{figure}` and `{image}` directives: the image as `![alt](path)` writes it, in a
figure whose caption is Markdown, numbered in page order as Jupyter Book numbers figures
(Sphinx's numfig: "Fig. 1 Loss curve", 图 1 on a Chinese site), so that `{numref}`
shows the number the reader sees under the figure and `{ref}` its caption."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape, unescape

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from mlblog.render.d2l_roles import FIGURE_NUMBERS, TITLES, UNCAPTIONED
from mlblog.render.words import said

FIGURES = frozenset({"figure", "image"})
# A figure with a caption: its tokens (a caption is left out of excerpts, render.excerpt)
FIGCAPTION_OPEN, FIGCAPTION_CLOSE = "myst_figcaption_open", "myst_figcaption_close"
_NUMBER = "myst_figure_number"  # the caption's "Fig. 1", before its text
_COUNT = "myst_figure_count"  # env key: the figures so far (and that the post has one)
_UNCAPTIONED = {
    "figure": "a figure without a caption (write it under the figure's options)",
    "image": "an {image}, which has no caption (make it a {figure} with one)",
}
_HTML = {
    "myst_figure_open": "<figure>\n",
    FIGCAPTION_OPEN: "\n<figcaption>",
    FIGCAPTION_CLOSE: "</figcaption>\n",
    "myst_figure_close": "</figure>\n",
}


def figures_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("inline", "myst_image_sizes", _image_sizes)
    for kind, html in _HTML.items():
        md.add_render_rule(kind, _writes(html))
    md.add_render_rule(_NUMBER, _number_html)


def figure(
    state: StateBlock,
    name: str,
    argument: str,
    options: Mapping[str, str],
    lines: tuple[int, int, int],
) -> None:
    """`lines`: the directive's first line, its body's and its closing one. The caption is
    Markdown as the text around it is (emphasis, `$x$`, links, code: it was shown as
    written, dollars and all); its `:name:` an anchor `{ref}` and `{numref}` link to."""
    start, body, close = lines
    caption = " ".join(_line_text(state, line).strip() for line in range(body, close))
    caption = caption.strip() if name == "figure" else ""
    label = options.get("name", "").strip()
    state.env.setdefault(_COUNT, 0)
    number = _numbered(state.env) if caption else None  # Sphinx numbers captioned figures
    if label:
        anchor = state.push("html_block", "", 0)
        anchor.content = f'<span id="{escape(label)}"></span>\n'
        state.env.setdefault(TITLES, {})[label] = caption or label
        if number is not None:
            word = _word(state.env, number)
            state.env.setdefault(FIGURE_NUMBERS, {})[label] = (number, word)
        else:  # what a {numref} to it says it is (render.d2l_roles)
            state.env.setdefault(UNCAPTIONED, {})[label] = _UNCAPTIONED[name]
    shape, tag = ("myst_figure", "") if caption else ("paragraph", "p")  # `{image}`: a paragraph
    opening = state.push(f"{shape}_open", tag, 1)
    opening.map = [start, close + 1]
    sizes = {key: options[key].strip() for key in ("width", "height") if options.get(key)}
    opening.meta = {"myst_sizes": sizes} if sizes else {}
    inline = state.push("inline", "", 0)
    alt = options.get("alt", "").replace("]", "\\]")
    inline.content = f"![{alt}](<{argument}>)"
    inline.map, inline.children = [start, close + 1], []
    if number is not None:
        state.push(FIGCAPTION_OPEN, "", 1)
        state.push(_NUMBER, "", 0).content = number
        text = state.push("inline", "", 0)
        text.content, text.map, text.children = caption, [body, close], []
        state.push(FIGCAPTION_CLOSE, "", -1)
    state.push(f"{shape}_close", tag, -1)


def _word(env: EnvType, number: str) -> str:
    """The site's words for "Fig. 1", as a `{numref}` to the figure shows it too."""
    return unescape(said(env, "myst_figure_number", number=number)[0])


def _numbered(env: EnvType) -> str:
    env[_COUNT] = env.get(_COUNT, 0) + 1
    return str(env[_COUNT])


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _writes(html: str) -> Callable[..., str]:
    def rule(
        self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return html

    return rule


def _number_html(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    # Sphinx's markup, which Jupyter Book themes style: the number, then the caption's text
    word, lang = said(env, "myst_figure_number", number=tokens[idx].content)
    return f'<span class="caption-number"{lang}>{word} </span>'


def _image_sizes(state: StateCore) -> None:
    """A figure's `:width:` and `:height:`, on its image."""
    if _COUNT not in state.env:
        return  # nearly every post
    tokens = state.tokens
    for index, token in enumerate(tokens):
        opens = token.type in ("paragraph_open", "myst_figure_open")
        sizes = token.meta.get("myst_sizes") if opens else None
        if not sizes:
            continue
        for child in tokens[index + 1].children or ():
            if child.type == "image":
                style = "; ".join(f"{key}: {_css_length(value)}" for key, value in sizes.items())
                child.attrSet("style", style)


def _css_length(value: str) -> str:
    return f"{value}px" if value.isdigit() else value
