"""Output files where the site needs a folder (`static/tags`, a file, beside the tag pages
in `tags/`), or the other way round: only one of them could be written."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from mlblog.diagnostics import Diagnostic, error


def path_clashes(
    generated: Iterable[str], copies: Mapping[str, Path], site_dir: Path
) -> list[Diagnostic]:
    """Each copied file (static/, bundles) named like a folder of the output, and each
    output file named like a folder a copy goes in. Names are output-relative."""
    copied = set(copies)
    copied_folders: dict[str, str] = {}
    for name in copied:
        for folder in _folders(name):
            copied_folders.setdefault(folder, name)
    problems: list[Diagnostic] = []
    reported: set[str] = set()
    for name in (*generated, *copied):
        for folder in _folders(name):
            if folder in copied and folder not in reported:
                reported.add(folder)
                problems.append(
                    error(_source(copies[folder], site_dir), None, f"is copied to {folder}, "
                          f"where the site has a folder ({name} is in it); rename one of them")
                )  # fmt: skip
        if name in copied_folders and name not in copied and name not in reported:
            reported.add(name)
            inside = copied_folders[name]
            problems.append(
                error(_source(copies[inside], site_dir), None, f"is copied into the folder "
                      f"{name}/, where the site writes the file {name}; rename one of them")
            )  # fmt: skip
    return problems


def _folders(name: str) -> Iterable[str]:
    at = name.find("/")
    while at != -1:
        yield name[:at]
        at = name.find("/", at + 1)


def _source(path: Path, site_dir: Path) -> str:
    try:
        return path.resolve().relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return str(path)
