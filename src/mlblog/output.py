"""Writing the output folder: all or nothing, and never outside it.

The new site is written into a staging folder beside the output and swapped in
with renames, so a failed build, or a reader during the build, never sees half a site.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from mlblog.diagnostics import MlblogError, error

MARKER = ".mlblog-output"  # proves a folder was written by mlblog, so replacing it is safe
SOURCE_DIRS = ("content", "templates", "static")


def check_output_dir(site_dir: Path, out_dir: Path) -> None:
    """Refuse an output folder that is, contains or lies inside the site's sources."""
    site, out = site_dir.resolve(), out_dir.resolve()
    if out == site or site.is_relative_to(out):
        raise MlblogError(
            error("--output", None, f"{out_dir} contains the site's sources; refusing")
        )
    for name in (*SOURCE_DIRS, "site.yaml"):
        source = site / name
        if out == source or out.is_relative_to(source) or source.is_relative_to(out):
            raise MlblogError(error("--output", None, f"{out_dir} overlaps {name}/; refusing"))
    if out.exists() and not out.is_dir():
        raise MlblogError(error("--output", None, f"{out_dir} exists and is not a folder"))
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise MlblogError(
            error("--output", None,
                  f"{out_dir} is not empty and was not written by mlblog; "
                  "remove it or choose another --output")
        )  # fmt: skip


def write_site(out_dir: Path, files: Mapping[str, bytes], copies: Mapping[str, Path]) -> None:
    """Write generated files and copied assets (keys: output-relative paths), then swap in."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.with_name(f".{out_dir.name}.staging-{os.getpid()}")
    retired = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for relative, source in copies.items():
            target = _inside(staging, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        for relative, data in files.items():
            target = _inside(staging, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (staging / MARKER).write_text("written by mlblog; safe to delete\n", encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out_dir.exists():
        out_dir.rename(retired)
    staging.rename(out_dir)
    shutil.rmtree(retired, ignore_errors=True)


def _inside(root: Path, relative: str) -> Path:
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        raise ValueError(f"output path escapes the output folder: {relative}")
    return target
