"""`![截屏 1](images/loss curve.png)`: an image whose path holds spaces, as Typora writes it
(on a Mac, every pasted image: `/Users/me/Library/Application Support/typora-user-images/`)
and shows it. CommonMark ends a link's address at its first space, so the page showed
the whole `![…](…)` as text. Taken only where CommonMark's own image rule found nothing,
and only for a path that ends in an image's suffix, with an optional `"title"`.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from mlblog.render.wiki_refs import IMAGE_SUFFIXES

_SUFFIX = "|".join(re.escape(s) for s in IMAGE_SUFFIXES)
_SPACED = re.compile(
    rf"""!\[(?P<alt>[^\[\]\n]*)\]\(\s*
    (?P<path>[^()\s][^()\n]*?(?:{_SUFFIX}))
    (?:\s+"(?P<title>[^"\n]*)")?\s*\)""",
    re.IGNORECASE | re.VERBOSE,
)


def spaced_image_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.after("image", "image_spaced", _spaced_image)


def _spaced_image(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("![", state.pos):
        return False
    match = _SPACED.match(state.src, state.pos, state.posMax)
    if match is None or " " not in match["path"]:
        return False
    if not silent:
        alt: list[Token] = []
        state.md.inline.parse(match["alt"], state.md, state.env, alt)
        token = state.push("image", "img", 0)
        token.attrs = {"src": state.md.normalizeLink(match["path"]), "alt": ""}
        token.children = alt or None
        token.content = match["alt"]
        if match["title"]:
            token.attrSet("title", match["title"])
    state.pos = match.end()
    return True
