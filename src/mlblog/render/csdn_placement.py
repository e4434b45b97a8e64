"""CSDN's way of placing an image: `![](https://img-blog.csdnimg.cn/a.png#pic_center)`.

CSDN's editor centres (or floats) a picture by a fragment on its address: `#pic_center`,
`#pic_left`, `#pic_right`. Notes copied out of CSDN keep it; the page showed the image
at the left, as if nothing were asked, and the fragment went on to the image's address.
Here the fragment leaves the address and becomes a class the theme places the image by
(`img-center`, `img-left`, `img-right`).
"""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore

_PLACED = re.compile(r"#pic_(center|left|right)$")


def csdn_placement(state: StateCore) -> None:
    if "#pic_" not in state.src:
        return  # (nearly every post)
    for token in state.tokens:
        for child in token.children or () if token.type == "inline" else ():
            if child.type != "image":
                continue
            src = str(child.attrGet("src") or "")
            if placed := _PLACED.search(src):
                child.attrSet("src", src[: placed.start()])
                child.attrJoin("class", f"img-{placed[1]}")
