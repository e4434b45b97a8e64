"""Formulas written as images of a formula service, typeset as the formulas they are.

Notes copied from Zhihu carry every formula as `![[公式]](https://www.zhihu.com/equation?tex=…)`,
READMEs from before GitHub had math as `![](https://latex.codecogs.com/svg.latex?…)`, and
语雀 (Yuque) exports each formula card as `![](https://cdn.nlark.com/yuque/__latex/<hash>.svg#card=math&code=…)`
(older exports: `![](https://g.yuque.com/gr/latex?…)`):
pictures fetched from another site on every view (or not at all: such services move and
block), left out of the home page's excerpt and of search. The TeX is in the address, so
the formula is typeset here like any other: alone in its paragraph it is display math,
as it was shown; Zhihu's own mark of a display formula, a closing `\\\\`, says so too.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from mlblog.render.card_images import CARD_DATA, size_card_picture

# The services and where each keeps the TeX: a query field, or the whole query.
_FIELD = {
    "www.zhihu.com": ("/equation", "tex"),
    "zhihu.com": ("/equation", "tex"),
    "render.githubusercontent.com": ("/render/math", "math"),
    "chart.googleapis.com": ("/chart", "chl"),
}
_CODECOGS = re.compile(r"/(?:gif|png|svg|pdf|emf)\.(?:latex|image|download)$")
# CodeCogs' editor writes spaces and pluses as these, and options before the TeX.
_CODECOGS_WORDS = {"&space;": " ", "&plus;": "+", "&hat;": "^", "&amp;": "&"}
_CODECOGS_OPTIONS = re.compile(
    r"^(?:\s*\\(?:dpi\{\d+\}|bg_\w+|bg\{\w+\}|fg_\w+|fg\{\w+\}|inline|fn_\w+|(?:tiny|small|large|Large|LARGE|huge)(?![A-Za-z])))+\s*"
)
_DISPLAY_MARK = re.compile(r"\s*\\\\\s*$")  # Zhihu: a formula ending in \\ is shown on its own


def formula_images(state: StateCore) -> None:
    for token in state.tokens:
        if token.type != "inline" or not token.children or "![" not in token.content:
            continue
        for index, child in enumerate(token.children):
            if child.type != "image":
                continue
            src = str(child.attrGet("src") or "")
            if tex := formula_of(src):
                token.children[index] = _math_token(tex, child)
            elif CARD_DATA in src:  # (a 语雀 picture, not a formula: its size is read here)
                size_card_picture(child, src)


def formula_of(src: str) -> str | None:
    """The TeX of a formula service's image address; None for any other address."""
    if not src.startswith(("https://", "http://", "//")):
        return None
    parts = urlsplit(src)
    host = parts.netloc.lower()
    # 语雀's card data, on whichever host served the picture
    if "card=math" in parts.fragment and (tex := _yuque_code(parts.fragment)):
        return tex
    if host == "g.yuque.com" and parts.path.rstrip("/") == "/gr/latex" and parts.query:
        return unquote(parts.query).strip() or None  # (a `+` in it is a plus: spaces are %20)
    if host == "latex.codecogs.com" and _CODECOGS.search(parts.path) and parts.query:
        tex = unquote(parts.query)
        for word, meant in _CODECOGS_WORDS.items():
            tex = tex.replace(word, meant)
        return _CODECOGS_OPTIONS.sub("", tex).strip() or None
    field = _FIELD.get(host)
    if field is None or parts.path.rstrip("/") != field[0]:
        return None
    if host == "chart.googleapis.com" and "cht=tx" not in parts.query:
        return None
    values = parse_qs(parts.query, keep_blank_values=False).get(field[1])
    if not values:
        return None
    return values[0].strip() or None  # (parse_qs decoded it)


def _yuque_code(fragment: str) -> str | None:
    """The `code` field of 语雀's `#card=math&code=…&id=…`, encoded as JavaScript's
    encodeURIComponent does (a `+` is a plus); None without one (a picture with no TeX)."""
    for field in fragment.split("&"):
        name, _, value = field.partition("=")
        if name == "code":
            return unquote(value).strip() or None
    return None


def _math_token(tex: str, image: Token) -> Token:
    """`$$…$$` written inline: display math when alone in its paragraph (math_syntax's
    is_display), inline in a sentence or a table cell; `\\[…\\]` when Zhihu marked it."""
    if _DISPLAY_MARK.search(tex):
        token = Token("math_inline", "math", 0, content=_DISPLAY_MARK.sub("", tex), markup="\\[")
    else:
        token = Token("math_inline_double", "math", 0, content=tex, markup="$$")
    token.map = image.map
    return token
