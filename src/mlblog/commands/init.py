"""`mlblog init DIR`: a new site folder that builds as it is, from files inside the package.

The files come from `mlblog/scaffold/` (package data), so a site can be started from an
installed wheel with no checkout of this repository.
"""

from __future__ import annotations

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
