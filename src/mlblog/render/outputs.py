"""Notebook outputs inside a Markdown body: fenced blocks with a private info string.

The notebook loader writes each cell output as a fence whose info string is
`mlblog-output <kind>`, and the renderer turns that fence into HTML here. Not raw
HTML in the body: `markdown.html: false` is about the author's own HTML, and
outputs are ours, so they must render whatever that setting says. A fence also
keeps outputs out of excerpts and search text (like code), and because the HTML
kind is sanitized here, at render time, a hand-written `mlblog-output html` fence
in a Markdown post gets no more than a notebook does: tables and basic formatting.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape

import nh3
from markdown_it.token import Token

from mlblog.render.math import MathItem, MathResult

OUTPUT_INFO = "mlblog-output"
# stdout/stderr: streams; result: a value's text; error: a traceback; html; latex (TeX alone)
KINDS = frozenset({"stdout", "stderr", "result", "error", "html", "latex"})
_BACKTICKS = re.compile(r"`{3,}")

# What a pandas table or a short formatted result needs; no scripts, styles, forms, images.
_TAGS = frozenset(
    {"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
     "div", "span", "p", "br", "hr", "b", "strong", "i", "em", "u", "s", "code", "pre",
     "sub", "sup", "small", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "a",
     "details", "summary"}
)  # fmt: skip
_ATTRIBUTES = {
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "a": {"href", "title"},
}


# A text/markdown output is Markdown (its formulas typeset with the cells'), in a container
# so that it is shown as an output and, like every output, left out of excerpts.
MARKDOWN_OUTPUT = "mlblog-output markdown"
_CONTAINER = ":" * 12


def markdown_output(text: str) -> str:
    return f"{_CONTAINER} {MARKDOWN_OUTPUT}\n{text.strip(chr(10))}\n{_CONTAINER}\n"


# What a notebook has above the heading that is its title (a Colab badge, a book's licence,
# setup cells): shown as written, left out of the excerpt and search like an output. Its
# fence is longer than an output's, which it may hold.
PREAMBLE = "mlblog-output preamble"
PREAMBLE_OPEN = f"{':' * 16} {PREAMBLE}"
PREAMBLE_CLOSE = ":" * 16


def fenced(info: str, text: str) -> str:
    """`text` as a fenced block, its fence longer than any backtick run inside it."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=2)
    fence = "`" * (longest + 1)
    body = text if text.endswith("\n") else text + "\n"
    return f"{fence}{info}\n{body}{fence}\n"


def output_block(kind: str, text: str) -> str:
    """The Markdown for one output of the given kind."""
    return fenced(f"{OUTPUT_INFO} {kind}", text)


def output_kind(token: Token) -> str | None:
    """The kind of an output fence, or None for any other token."""
    if token.type != "fence":
        return None
    name, _, kind = token.info.strip().partition(" ")
    if name != OUTPUT_INFO:
        return None
    kind = kind.strip()
    return kind if kind in KINDS else "result"


def output_formula(token: Token) -> str | None:
    """The TeX of a `latex` output, for typesetting with the document's other formulas."""
    return token.content.strip() if output_kind(token) == "latex" else None


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
    )


def render_output(token: Token, math: Mapping[MathItem, MathResult]) -> str:
    kind = output_kind(token) or "result"
    if kind == "html":
        return f'<div class="nb-output nb-html">{sanitize_html(token.content)}</div>\n'
    if kind == "latex":
        return f'<div class="nb-output nb-latex math-display">{_formula(token, math)}</div>\n'
    text = escape(token.content.rstrip("\n"))
    # No tabindex: site.js makes one focusable, and names it, while it scrolls (a short
    # output was a tab stop with nothing to scroll and no name)
    return f'<div class="nb-output nb-{kind}"><pre>{text}</pre></div>\n'


def _formula(token: Token, math: Mapping[MathItem, MathResult]) -> str:
    tex = token.content.strip()
    result = math.get(MathItem(tex, True))
    if result is not None and result.html is not None:
        return result.html
    message = result.error if result and result.error else "not typeset"
    return f'<code class="math-error" title="{escape(message)}">{escape(tex)}</code>'
