"""Writing the output folder: all or nothing, never outside it, only what changed.

The new site is assembled in a staging folder beside the output and swapped in with
renames, so a failed build, or a reader during the build, never sees half a site.
A file whose bytes are unchanged is hard-linked from the previous output instead of
written, so it keeps its mtime (rsync-like deploys copy only what changed). The
manifest in MARKER records each file's hash and mtime; a file edited by hand in
public/ no longer matches its mtime and is written again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
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


@dataclass(slots=True)
class WriteStats:
    written: int = 0
    kept: int = 0  # unchanged, linked from the previous output


def write_site(out_dir: Path, files: Mapping[str, bytes], copies: Mapping[str, Path]) -> WriteStats:
    """Write generated files and copied assets (keys: output-relative paths), then swap in."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.with_name(f".{out_dir.name}.staging-{os.getpid()}")
    retired = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    previous = _read_manifest(out_dir)
    manifest: dict[str, list[object]] = {}
    stats = WriteStats()
    made: set[Path] = set()
    try:
        for relative, source in copies.items():
            stamp = source.stat()
            fingerprint: list[object] = ["copy", str(source), stamp.st_size, stamp.st_mtime_ns]
            manifest[relative] = _place(
                out_dir, staging, relative, fingerprint, previous, made, stats,
                lambda target, src=source: shutil.copyfile(src, target),  # type: ignore[misc]
            )  # fmt: skip
        for relative, data in files.items():
            fingerprint = ["file", hashlib.sha1(data).hexdigest(), len(data)]
            manifest[relative] = _place(
                out_dir, staging, relative, fingerprint, previous, made, stats,
                lambda target, data=data: target.write_bytes(data),  # type: ignore[misc]
            )  # fmt: skip
        (staging / MARKER).write_text(json.dumps({"mlblog": 1, "files": manifest}), "utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out_dir.exists():
        out_dir.rename(retired)
    staging.rename(out_dir)
    shutil.rmtree(retired, ignore_errors=True)
    return stats


def _place(
    out_dir: Path,
    staging: Path,
    relative: str,
    fingerprint: list[object],
    previous: dict[str, list[object]],
    made: set[Path],
    stats: WriteStats,
    write: Callable[[Path], object],
) -> list[object]:
    """Link the previous file when it is the same; otherwise write. Returns its manifest entry."""
    target = _inside(staging, relative)
    if target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        made.add(target.parent)
    old = previous.get(relative)
    if old is not None and old[:-1] == fingerprint:
        try:
            existing = out_dir / relative
            if existing.stat().st_mtime_ns == old[-1]:
                os.link(existing, target)
                stats.kept += 1
                return old
        except OSError:
            pass  # gone, or no hard links on this file system: write it
    write(target)
    stats.written += 1
    return [*fingerprint, target.stat().st_mtime_ns]


def _read_manifest(out_dir: Path) -> dict[str, list[object]]:
    try:
        data = json.loads((out_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return files if isinstance(files, dict) else {}


def _inside(root: Path, relative: str) -> Path:
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        raise ValueError(f"output path escapes the output folder: {relative}")
    return target
