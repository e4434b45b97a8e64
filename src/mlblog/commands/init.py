"""`mlblog init DIR`: a new site folder that builds as it is, from files inside the package.

The files come from `mlblog/scaffold/` (package data), so a site can be started from an
installed wheel with no checkout of this repository.
"""

from __future__ import annotations

import os
import shlex
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from mlblog import __version__
from mlblog.diagnostics import MlblogError, error

# (file in mlblog/scaffold/, where it goes in the new site). Dot-files and .github/ are
# renamed on the way because setuptools' package-data globs skip hidden names.
SCAFFOLD: tuple[tuple[str, str], ...] = (
    ("site.yaml", "site.yaml"),
    ("first-post.md", "content/posts/hello-mlblog.md"),
    ("about.md", "content/pages/about.md"),
    ("archetype-post.md", "archetypes/post.md"),
    ("gitignore", ".gitignore"),
    ("pages.yml", ".github/workflows/pages.yml"),
)
WORKFLOW = ".github/workflows/pages.yml"
SCAFFOLD_FILES: tuple[str, ...] = tuple(target for _, target in SCAFFOLD)

# A folder holding only these is as good as empty: `git init` or an empty clone leaves .git.
_IGNORED_ENTRIES = frozenset({".git"})


def init_site(
    target: Path, force: bool = False, now: datetime | None = None, requirement: str = ""
) -> list[Path]:
    """Write the starter site into `target`; returns the files written.

    A non-empty folder is refused unless `force`; even then an existing file is never
    overwritten, it is kept and left out of the result (SCAFFOLD_FILES lists them all).
    The workflow installs `requirement` (by default this mlblog, as install_source finds it).
    """
    _check_target(target, force)
    if not requirement:
        from mlblog.commands.install_source import workflow_requirement

        requirement = workflow_requirement()[0]
    # The starter post's site.yaml says UTC, so it is dated in UTC.
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S %z")
    written: list[Path] = []
    for name, relative in SCAFFOLD:
        path = target / relative
        text = (resources.files("mlblog") / "scaffold" / name).read_text(encoding="utf-8")
        text = text.replace("@DATE@", stamp).replace("@VERSION@", __version__)
        text = text.replace("@REQUIREMENT@", requirement)
        if _create(path, text.encode("utf-8")):
            written.append(path)
    return written


def _check_target(target: Path, force: bool) -> None:
    if target.exists() and not target.is_dir():
        raise MlblogError(
            error(str(target), None, "exists and is not a folder; choose another name for the site")
        )
    if force or not target.exists():
        return
    entries = sorted(p.name for p in target.iterdir() if p.name not in _IGNORED_ENTRIES)
    if (target / "site.yaml").is_file():  # init run twice, or in the site by mistake
        raise MlblogError(
            error(
                str(target),
                None,
                "is already an mlblog site (it has site.yaml); start a post with "
                '`mlblog new "Title"`, or add --force to add only the starter files it lacks',
            )
        )
    kind = _other_generator(target) if entries else None
    if kind:
        beside = target.resolve().parent / f"{target.resolve().name}-mlblog"
        new, old = shlex.quote(os.path.relpath(beside)), shlex.quote(str(target))
        article = "an" if kind[1][0] in "AEIOU" else "a"
        raise MlblogError(
            error(
                str(target),
                None,
                f"folder is not empty: it is {article} {kind[1]}; to bring its notes to mlblog, "
                f"make the site beside it and import them (the {kind[1]} is left as it is): "
                f"mlblog init {new} && mlblog import {kind[0]} {old} --site {new}",
            )
        )
    if entries:
        shown = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
        raise MlblogError(
            error(
                str(target),
                None,
                f"folder is not empty ({shown}); choose a new folder, or add --force to write "
                "the missing files into it (existing files are never overwritten)",
            )
        )


def _other_generator(folder: Path) -> tuple[str, str] | None:
    """("hexo", "Hexo site") when `folder` is a site `mlblog import` reads, else None."""
    from mlblog.commands.import_site import SOURCE_NAMES, looks_like

    kind = looks_like(folder)
    return (kind, SOURCE_NAMES[kind]) if kind else None


def _create(path: Path, data: bytes) -> bool:
    """Write a new file; False when something is already there (it is left as it was)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # e.g. a file named `content` where the folder should be
        message = f"cannot create this folder: {exc.strerror or exc}"
        raise MlblogError(error(str(path.parent), None, message)) from None
    try:
        # "x" fails instead of truncating, so a file that appears meanwhile is not replaced.
        with path.open("xb") as handle:
            handle.write(data)
    except FileExistsError:
        return False
    except OSError as exc:
        raise MlblogError(error(str(path), None, f"cannot write: {exc.strerror or exc}")) from None
    return True
