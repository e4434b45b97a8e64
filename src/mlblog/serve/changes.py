"""Which kind of change a file event is: a pure function, so a table test covers it."""

from __future__ import annotations

from enum import Enum
from pathlib import PurePath

from mlblog.render.wiki_refs import FILE_SUFFIXES, IMAGE_SUFFIXES


class Change(Enum):
    CONTENT = "content"  # posts, pages, images beside them: re-render what changed
    TEMPLATE = "template"  # Jinja files: template every page again, Markdown stays cached
    STATIC = "static"  # copied files: the list of copies is redone
    CONFIG = "config"  # site.yaml: everything again


_EDITOR_DEBRIS = (
    *(".swp", ".swx", ".swo", "~", ".tmp", ".bak", ".part", ".crdownload"),
    # JetBrains IDEs save x.md by writing x.md___jb_tmp___, moving x.md to x.md___jb_old___
    # and the new file into place: only x.md's own events are the save
    *("___jb_tmp___", "___jb_old___"),
)


def is_editor_debris(name: str) -> bool:
    """Swap, backup and save-dance files that editors create and delete around a save."""
    return (
        name.startswith((".", "#", "~$"))
        or name.endswith(_EDITOR_DEBRIS)
        or name == "4913"  # vim probes whether it can write in a folder with this name
    )


def classify(path: PurePath, site_dir: PurePath, theme_dir: PurePath) -> Change | None:
    """The kind of a changed path, or None when it does not affect the site."""
    if is_editor_debris(path.name):
        return None
    if path == site_dir / "site.yaml":
        return Change.CONFIG
    if path.parent == site_dir and path.suffix.lower() == ".bib":
        return Change.CONTENT  # site.yaml's `bibliography:` (a post's own are in content/)
    for root, kinds in (
        (
            site_dir,
            {"content": Change.CONTENT, "templates": Change.TEMPLATE, "static": Change.STATIC},
        ),
        (theme_dir, {"templates": Change.TEMPLATE, "static": Change.STATIC}),
    ):
        if path.is_relative_to(root):
            parts = path.relative_to(root).parts
            if parts[:1] == ("content",) and _skipped(parts[1:-1], path.name):
                return None  # folders the loader skips, such as Jupyter's .ipynb_checkpoints
            if len(parts) > 1 and parts[0] in kinds:
                return kinds[parts[0]]
    return None


def _skipped(folders: tuple[str, ...], name: str) -> bool:
    """Whether a file in these folders under content/ is none of the site's: the loader
    skips hidden and `_` folders, but a wiki embed (`![[plot.png]]`, `[[paper.pdf]]`)
    finds its file in a `_` folder too, as Obsidian's `_attachments/` (wiki_targets)."""
    if any(folder.startswith(".") for folder in folders):
        return True
    hidden = any(folder.startswith("_") for folder in folders)
    return hidden and not name.lower().endswith((*IMAGE_SUFFIXES, *FILE_SUFFIXES))
