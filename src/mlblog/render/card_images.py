"""A picture exported from 语雀 at the width its author gave it.

语雀 appends its card data to every picture's address: `image.png#averageHue=%23f5f5f5&
clientId=…&height=300&originHeight=600&originWidth=800&ratio=2&…&width=400`. `width` is
the width the author set the picture to (a screenshot taken at twice the screen's pixels,
shown at half); the page showed it at the file's own width, often twice as wide as the
author saw it, up to the whole column. The rest is the editor's own bookkeeping, and goes.
"""

from __future__ import annotations

from markdown_it.token import Token

CARD_DATA = "originWidth="  # in every picture's card data, and in no ordinary address


def size_card_picture(image: Token, src: str) -> None:
    """Set the width 语雀 showed the picture at, and leave its card data out of the address."""
    address, _, card = src.partition("#")
    if "averageHue=" not in card and "clientId=" not in card and CARD_DATA not in card:
        return
    image.attrSet("src", address)
    for field in card.split("&"):
        name, _, value = field.partition("=")
        if name == "width" and image.attrGet("width") is None:
            try:
                width = round(float(value))
            except ValueError:
                return
            if width > 0:
                image.attrSet("width", str(width))
            return
