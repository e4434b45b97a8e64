"""The width and height in pixels of the images a site's pages show, read from the
files' headers (imagesize: PNG, JPEG with its EXIF rotation, GIF, WebP, SVG with sizes in
pixels, ...), so that `<img>` tags can hold them."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from pathlib import Path

Size = tuple[int, int]


Stamp = tuple[int, int, int]  # size, mtime and ctime in ns: a rewritten file differs


class ImageSizes:
    """Sizes kept by a builder from build to build (serve's rebuilds): a file is read
    again only when its stamp changed, however many pages show it."""

    def __init__(self, site_dir: Path) -> None:
        self._site_dir = site_dir
        self._known: dict[str, tuple[Stamp, Size | None]] = {}

    def of(self, attached: Mapping[str, bytes]) -> Callable[[str], Size | None]:
        """The size of a site-relative image: on disk, or one of a notebook's outputs."""

        def size(relative: str) -> Size | None:
            if relative in attached:
                return _size(io.BytesIO(attached[relative]))
            path = self._site_dir / relative
            try:
                info = path.stat()
            except OSError:
                return None
            stamp = (info.st_size, info.st_mtime_ns, info.st_ctime_ns)
            known = self._known.get(relative)
            if known is None or known[0] != stamp:
                known = self._known[relative] = (stamp, _size(path))
            return known[1]

        return size


def _size(image: Path | io.BytesIO) -> Size | None:
    """None for what is no image, or an SVG sized in % or not at all."""
    import imagesize  # here: it loads urllib.request, ~40 ms a build without images paid

    try:
        width, height = imagesize.get(image)
    except (OSError, ValueError):  # imagesize returns -1s for most bad files itself
        return None
    return (int(width), int(height)) if width > 0 and height > 0 else None
