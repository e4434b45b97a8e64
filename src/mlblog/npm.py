"""JavaScript packages from the npm registry at pinned versions, never copied into a repo.

KaTeX typesets math at build time (and its CSS and fonts are served); lunr.js answers
searches in the reader's browser; Mermaid draws diagrams there, and is installed
only for a site that has one. Each is found in a node_modules folder near the site
or this checkout, or installed once into the user's cache with npm.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
from pathlib import Path

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
    npm = shutil.which("npm")
    if npm is None:
        raise MlblogError(
            error("npm", None, f"Node.js and npm are needed for {name} (install Node.js 18+)")
        )
    root = _cache_root(name)
    root.mkdir(parents=True, exist_ok=True)
    log.warning("installing %s %s into %s (once)", name, PINS[name], root)
    result = subprocess.run(
        [npm, "install", "--prefix", str(root), "--no-audit", "--no-fund", "--omit=dev",
         f"{name}@{PINS[name]}"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    installed = root / "node_modules" / name
    if result.returncode != 0 or package_version(installed) != PINS[name]:
        detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise MlblogError(error("npm", None, f"could not install {name} with npm: {detail}"))
    return installed
