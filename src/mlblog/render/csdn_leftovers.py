"""What CSDN leaves where it could not copy an image: the image its author meant.

Text copied from CSDN (or saved by its editor) has, for every picture whose site refused
CSDN's copy, `[外链图片转存失败,源站可能有防盗链机制,…(img-Ab12-167…)(<address>)]` in the
picture's place; and a picture it did copy often keeps that sentence as its alt text.
The page showed the sentence and the address as text (in the excerpt too), and screen
readers read the sentence out (as they read out 在这里插入图片描述, the alt text CSDN's editor
puts on every picture for its author to replace). The leftover is now the image at its
address, with a warning where that address is another site's; CSDN's words as alt text
are left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from mlblog.render.references import iter_inline, on_own_computer

_SAID = "[外链图片转存失败"
_LEFTOVER = re.compile(r"\[外链图片转存失败[^()\[\]\n]*\(img-[^()\s]*\)\((?P<src>[^()\n]*)\)\]")
LEFTOVER = "csdn_leftover"  # an image's meta: the address as written; env: whether any was met


def csdn_leftover_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "csdn_leftover", _leftover)


def _leftover(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith(_SAID, state.pos):
        return False
    match = _LEFTOVER.match(state.src, state.pos, state.posMax)
    if match is None or not match["src"].strip():
        return False
    if not silent:
        src = match["src"].strip()
        token = state.push("image", "img", 0)
        token.attrs = {"src": state.md.normalizeLink(src), "alt": ""}
        token.meta[LEFTOVER] = src
        state.env[LEFTOVER] = True
    state.pos = match.end()
    return True


# What CSDN's editor writes as the alt text of every pasted picture, for its author to replace
_ASKED = frozenset({"在这里插入图片描述", "这里写图片描述"})


def leftover_alt(alt: str) -> bool:
    """Whether an image's alt text is CSDN's words, not a description of the picture."""
    return alt.startswith((_SAID, "外链图片转存失败")) or alt in _ASKED


def leftover_warnings(tokens: Sequence[Token], env: dict[str, Any]) -> list[tuple[int, str]]:
    """Each leftover whose image is on another site, which refused CSDN and may refuse
    readers of other sites too. (An address on the author's computer, or beside the post,
    is checked as any image is.)"""
    if not env.get(LEFTOVER):
        return []
    return [
        (line, f"CSDN could not copy the image {src} (its site refuses copies): it is shown "
         "from that site, which may refuse it to readers too; save it beside the post and "
         "write ![](its-name.png) in place of the [外链图片转存失败…] line")
        for _parent, child, line in iter_inline(tokens)
        if (src := child.meta.get(LEFTOVER)) is not None
        and "://" in src and not on_own_computer(src)
    ]  # fmt: skip
