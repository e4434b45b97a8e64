"""Posts of other generators (Hexo, Jekyll, Hugo) and Obsidian notes → mlblog page bundles.

Each generator's module finds the posts in its site folder and describes its dialect;
`convert` rewrites a body, `frontmatter` the front matter, `assets` the images.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mlblog.importers import hexo, hugo, jekyll, obsidian
from mlblog.importers.model import ForeignSite

GENERATORS: dict[str, Callable[[Path], ForeignSite]] = {
    "hexo": hexo.discover,
    "jekyll": jekyll.discover,
    "hugo": hugo.discover,
    "obsidian": obsidian.discover,
}
