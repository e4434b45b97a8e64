"""JavaScript packages from the npm registry at pinned versions, never copied into a repo.

KaTeX typesets math at build time (and its CSS and fonts are served); lunr.js answers
searches in the reader's browser; Mermaid draws diagrams there, and is installed
only for a site that has one. Each is found in a node_modules folder near the site
or this checkout, or installed once into the user's cache with `npm pack`, without
its dependencies, which mlblog never reads.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import shutil
import subprocess
from pathlib import Path, PurePosixPath
from typing import NoReturn

from mlblog.diagnostics import MlblogError, error

# package.json pins the same versions (tested)
PINS = {"katex": "0.19.1", "lunr": "2.3.9", "mermaid": "12.3.0"}
log = logging.getLogger(__name__)


def package_version(directory: Path) -> str | None:
    try:
        data = json.loads((directory / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = data.get("version")
    return version if isinstance(version, str) else None


def _cache_root(name: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mlblog" / f"{name}-{PINS[name]}"


def find_package(name: str, site_dir: Path, install: bool = True) -> Path:
    """The folder of the pinned package; installs it into the user cache if missing."""
    version = PINS[name]
    candidates: list[Path] = []
    if env := os.environ.get("MLBLOG_NODE_MODULES"):
        candidates.append(Path(env) / name)
    for start in (site_dir.resolve(), Path(__file__).resolve().parent):
        candidates.extend(p / "node_modules" / name for p in (start, *start.parents))
    candidates.append(_cache_root(name) / "node_modules" / name)
    for candidate in candidates:
        if package_version(candidate) == version:
            return candidate
    if not install:
        raise MlblogError(error("npm", None, f"{name} {version} is not installed"))
    return _install(name)


def _install(name: str) -> Path:
    """Packs the pinned package with npm and unpacks only it, none of its dependencies:
    mlblog reads files of the package alone (KaTeX's dist/, lunr.min.js, mermaid.min.js),
    and mermaid's ~70 dependencies (~80 MB, ~10 s) are bundled into the one file it uses."""
    import tempfile  # here, as tarfile: every build imports this module, few install

    npm = shutil.which("npm")
    if npm is None:
        raise MlblogError(
            error("npm", None, f"Node.js and npm are needed for {name} (install Node.js 18+)")
        )
    modules = _cache_root(name) / "node_modules"
    modules.mkdir(parents=True, exist_ok=True)
    installed = modules / name
    log.warning("installing %s %s into %s (once)", name, PINS[name], installed)
    # Everything happens in a hidden folder beside the package's, which find_package never
    # looks at, and the package appears under its name by one rename once it is complete.
    with tempfile.TemporaryDirectory(prefix=f".{name}-", dir=modules) as work:
        unpacked = _unpack(name, _pack(npm, name, Path(work)), Path(work) / "package")
        if package_version(unpacked) != PINS[name]:
            _fail(name, f"the packed package.json is not version {PINS[name]}")
        if installed.exists():  # a broken earlier install: leaves with the temp folder
            installed.rename(Path(work) / "stale")
        try:
            unpacked.rename(installed)
        except OSError as exc:
            if package_version(installed) != PINS[name]:  # else another build won the race
                _fail(name, f"cannot move it into {installed}: {exc}")
    return installed


def _fail(name: str, detail: str) -> NoReturn:
    raise MlblogError(error("npm", None, f"could not install {name} with npm: {detail}"))


def _pack(npm: str, name: str, work: Path) -> Path:
    """The registry's tarball of the pinned version, in `work`. npm checks it against the
    integrity hash the registry lists for that version (EINTEGRITY if it differs) and
    reports the file's hash, which is checked again here against what was written."""
    result = subprocess.run(
        [npm, "pack", f"{name}@{PINS[name]}", "--pack-destination", str(work), "--json",
         "--ignore-scripts", "--no-audit", "--no-fund"],
        capture_output=True, text=True, check=False, cwd=work,
    )  # fmt: skip
    try:
        report = json.loads(result.stdout)
    except ValueError:
        report = None
    if result.returncode != 0 or not isinstance(report, list) or len(report) != 1:
        summary = report.get("error", {}).get("summary") if isinstance(report, dict) else None
        lines = result.stderr.strip().splitlines() or ["no output"]
        _fail(name, summary if isinstance(summary, str) and summary else lines[-1])
    packed = report[0] if isinstance(report[0], dict) else {}
    filename, integrity = packed.get("filename"), packed.get("integrity")
    if not isinstance(filename, str) or not isinstance(integrity, str):
        _fail(name, "npm pack reported no file or integrity")
    tarball = work / Path(filename).name
    algorithm, _, expected = integrity.partition("-")
    try:
        digest = hashlib.new(algorithm, tarball.read_bytes()).digest()
    except (OSError, ValueError) as exc:
        _fail(name, f"cannot check {tarball.name}: {exc}")
    if base64.b64encode(digest).decode("ascii") != expected:
        _fail(name, f"{tarball.name} does not match its integrity {integrity}")
    return tarball


def _unpack(name: str, tarball: Path, target: Path) -> Path:
    """The tarball's files without its top folder (npm's is `package/`), in `target`;
    the "data" filter refuses absolute paths, `..`, links out of `target` and devices."""
    import tarfile

    if not hasattr(tarfile, "data_filter"):  # added in Python 3.11.4
        _fail(name, "unpacking safely needs Python 3.11.4 or later")

    def strip_top(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
        parts = PurePosixPath(member.name).parts
        if len(parts) < 2:
            return None  # the top folder itself
        return tarfile.data_filter(member.replace(name="/".join(parts[1:]), deep=False), dest)

    try:
        with tarfile.open(tarball, "r:gz") as archive:
            archive.extractall(target, filter=strip_top)
    except (OSError, tarfile.TarError) as exc:
        _fail(name, f"cannot unpack {tarball.name}: {exc}")
    return target
