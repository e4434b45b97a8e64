"""The width and height in pixels of the images a site's pages show, read from the
files' headers (imagesize: PNG, JPEG with its EXIF rotation, GIF, WebP, SVG with sizes in
pixels, ...), so that `<img>` tags can hold them."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from pathlib import Path

import imagesize

Size = tuple[int, int]


class ImageSizes:
    """Sizes for one build: each file is read once, however many pages show it."""

    def __init__(self, site_dir: Path) -> None:
        self._site_dir = site_dir
        self._known: dict[str, Size | None] = {}

    def of(self, attached: Mapping[str, bytes]) -> Callable[[str], Size | None]:
        """The size of a site-relative image: on disk, or one of a notebook's outputs."""

        def size(relative: str) -> Size | None:
            if relative in attached:
                return _size(io.BytesIO(attached[relative]))
            if relative not in self._known:
                self._known[relative] = _size(self._site_dir / relative)
            return self._known[relative]

        return size


def _size(image: Path | io.BytesIO) -> Size | None:
    """None for what is no image, or an SVG sized in % or not at all."""
    try:
        width, height = imagesize.get(image)
    except (OSError, ValueError):  # imagesize returns -1s for most bad files itself
        return None
    return (int(width), int(height)) if width > 0 and height > 0 else None
