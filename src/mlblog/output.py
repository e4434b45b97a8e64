"""Writing the output folder: only after a successful build, never outside it, and
only what changed.

Everything is rendered in memory first, so a build with errors writes nothing.
A new output folder is assembled beside its place and renamed into it. An existing
one is updated in place: a changed file is written to a temporary name and renamed
over the old one (no reader sees half a file), an unchanged one is not touched and
keeps its mtime (rsync-like deploys copy only what changed), and files the site no
longer has are removed. The manifest in MARKER records each file's fingerprint and
mtime; a file edited by hand in public/ no longer matches and is written again.
Staging every build in a fresh folder cost ~1 s per 1,000 posts in directory creation
alone, which is why updates happen in place.
"""

import contextlib
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from mlblog.diagnostics import MlblogError, error
from mlblog.folders import Folders
from mlblog.packed import unpack_bytes

MARKER = ".mlblog-output"  # proves a folder was written by mlblog, so replacing it is safe
SOURCE_DIRS = ("content", "templates", "static")


@contextlib.contextmanager
def one_writer(out_dir: Path) -> Iterator[None]:
    """Hold the folder that holds the output folder (no file is made for it) while a build
    checks and writes it: a second build of the same site waits for the first, where two
    first builds at once ended in a traceback. Where flock is missing (Windows), nothing."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    holder = out_dir.absolute().parent
    while not holder.is_dir() and holder != holder.parent:
        holder = holder.parent
    descriptor = os.open(holder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"waiting for another mlblog build writing {out_dir} …", file=sys.stderr, flush=True
            )
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # (and with it the lock)


def check_output_dir(site_dir: Path, out_dir: Path) -> None:
    """Refuse an output folder that is, contains or lies inside the site's sources."""
    site, out = site_dir.resolve(), out_dir.resolve()
    if out == site or site.is_relative_to(out):
        raise MlblogError(
            error(
                "--output",
                None,
                f"{out_dir} contains the site's sources; refusing "
                "(choose a folder of its own, such as public/)",
            )
        )
    for name in (*SOURCE_DIRS, "site.yaml"):
        source = site / name
        if out == source or out.is_relative_to(source) or source.is_relative_to(out):
            raise MlblogError(
                error(
                    "--output",
                    None,
                    f"{out_dir} overlaps {name}; refusing "
                    "(choose a folder of its own, such as public/)",
                )
            )
    if out.exists() and not out.is_dir():
        raise MlblogError(error("--output", None, f"{out_dir} exists and is not a folder"))
    # else the write fails midway, said as if some files had been written; a --site that
    # is a file (`--site site.yaml`) is left for the config to report
    file = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
    if file and site.is_dir():
        raise MlblogError(error("--output", None, f"{out_dir}: {file} is a file, not a folder"))
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


def write_site(
    out_dir: Path, files: Mapping[str, bytes], copies: Mapping[str, Path], fresh: bool = False
) -> WriteStats:
    """Write generated files, given packed (mlblog.packed), and copied assets (keys:
    output-relative paths). A file is unpacked only when it has to be written.
    `fresh`: out_dir is a new staging folder no one reads, so files go straight to their
    names (no temporary name and rename each)."""
    out_dir = out_dir.resolve()
    if not (out_dir / MARKER).exists():
        return _write_new(out_dir, files, copies)
    previous = {} if fresh else _read_manifest(out_dir)
    manifest: dict[str, list[object]] = {}
    stats = WriteStats()
    folders = Folders(out_dir, spread=fresh)
    for relative, source in copies.items():
        manifest[relative] = place(out_dir, relative, source, previous, folders, stats, fresh)
    for relative, packed in files.items():
        manifest[relative] = place(out_dir, relative, packed, previous, folders, stats, fresh)
    for gone in sorted(set(previous) - set(manifest), reverse=True):
        path = inside(out_dir, gone)
        path.unlink(missing_ok=True)
        _prune_empty(path.parent, out_dir)
    if manifest != previous:  # an unchanged site leaves the folder untouched
        write_manifest(out_dir, manifest)
    return stats


def _write_new(out_dir: Path, files: Mapping[str, bytes], copies: Mapping[str, Path]) -> WriteStats:
    """A first build: assembled beside its place, then renamed into it whole; where
    nothing can be made beside it, the (new or empty) folder is filled in place."""
    try:
        staging = make_staging(out_dir)
    except OSError:
        out_dir.mkdir(parents=True, exist_ok=True)
        write_manifest(out_dir, {})
        return write_site(out_dir, files, copies)
    try:
        (staging / MARKER).write_text("{}", encoding="utf-8")
        stats = write_site(staging, files, copies, fresh=True)
        move_into_place(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return stats


def make_staging(out_dir: Path) -> Path:
    """A new, empty folder beside out_dir, where a first build assembles its output.
    Staging folders of builds that were killed (their process is gone) are removed."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_staging(out_dir)
    staging = out_dir.with_name(f".{out_dir.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    return staging


def _remove_abandoned_staging(out_dir: Path) -> None:
    """`.public.staging-PID` folders whose build process no longer runs (killed with
    SIGKILL, or the machine stopped), where that can be told (POSIX)."""
    if os.name != "posix":
        return
    prefix = f".{out_dir.name}.staging-"
    for folder in out_dir.parent.iterdir():
        pid = folder.name[len(prefix) :] if folder.name.startswith(prefix) else ""
        if pid.isdigit() and folder.is_dir() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:  # it exists, owned by someone else
        return True
    return True


def move_into_place(staging: Path, out_dir: Path) -> None:
    if out_dir.exists():  # empty (check_output_dir refuses anything else)
        try:
            out_dir.rmdir()
        except OSError:  # a mount point (a Docker volume, say): filled, not replaced
            entries = sorted(staging.iterdir(), key=lambda entry: entry.name == MARKER)
            for entry in entries:  # the record last: it says the folder is whole
                shutil.move(entry, out_dir / entry.name)
            staging.rmdir()
            return
    staging.rename(out_dir)


def place(
    out_dir: Path,
    relative: str,
    content: bytes | Path,
    previous: dict[str, list[object]],
    folders: Folders,
    stats: WriteStats,
    fresh: bool,
) -> list[object]:
    """One output file, from packed bytes or copied from a Path; its manifest entry."""
    if isinstance(content, Path):
        stamp = content.stat()
        # The source's absolute path, hashed: the same wherever the build is run from, and
        # no path of the author's machine in the published folder.
        source = hashlib.sha1(os.path.abspath(content).encode()).hexdigest()[:20]
        # ctime too: a file rewritten with its old size and mtime kept (cp -p, tar, touch
        # -r) has a new ctime, which no tool can set back.
        fingerprint: list[object] = [
            "copy", source, stamp.st_size, stamp.st_mtime_ns, stamp.st_ctime_ns
        ]  # fmt: skip
        return _update(
            out_dir, relative, fingerprint, previous, folders, stats, fresh,
            lambda target: shutil.copyfile(content, target),
        )  # fmt: skip
    fingerprint = ["packed", hashlib.sha1(content).hexdigest(), len(content)]
    return _update(
        out_dir, relative, fingerprint, previous, folders, stats, fresh,
        lambda target: target.write_bytes(unpack_bytes(content)),
    )  # fmt: skip


def _update(
    out_dir: Path,
    relative: str,
    fingerprint: list[object],
    previous: dict[str, list[object]],
    folders: Folders,
    stats: WriteStats,
    fresh: bool,
    write: Callable[[Path], object],
) -> list[object]:
    """Leave the file when it is the same; otherwise replace it. Returns its manifest entry."""
    target = inside(out_dir, relative)
    old = previous.get(relative)
    if old is not None and old[:-1] == fingerprint:
        try:
            if target.stat().st_mtime_ns == old[-1]:
                stats.kept += 1
                return old
        except OSError:
            pass  # gone: write it again
    folders.make(target.parent)
    if fresh:
        write(target)
    else:
        temporary = target.with_name(f".{target.name}.mlblog-tmp")
        try:
            write(temporary)
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)  # never left in the output to be published
            raise
    stats.written += 1
    return [*fingerprint, target.stat().st_mtime_ns]


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty
        folder = folder.parent


def write_manifest(out_dir: Path, manifest: dict[str, list[object]]) -> None:
    temporary = out_dir / f"{MARKER}.tmp"
    temporary.write_text(json.dumps({"mlblog": 1, "files": manifest}), encoding="utf-8")
    os.replace(temporary, out_dir / MARKER)


def _read_manifest(out_dir: Path) -> dict[str, list[object]]:
    try:
        data = json.loads((out_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return files if isinstance(files, dict) else {}


def inside(root: Path, relative: str) -> Path:
    """root/relative, refusing any name that could lead outside root (no filesystem calls)."""
    parts = relative.split("/")
    if relative.startswith("/") or "\\" in relative or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"output path escapes the output folder: {relative}")
    return root / relative
