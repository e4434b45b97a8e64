"""LaTeX → HTML+MathML with KaTeX, in one long-lived node worker per build process.

KaTeX comes from the npm registry's `katex` package at KATEX_VERSION; it is found in
a node_modules folder near the site or this checkout, or installed once into the
user's cache with npm. Results are cached by (options, TeX) for the engine's life.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from mlblog.diagnostics import MlblogError, error
from mlblog.render.mathml import repair_mathml

KATEX_VERSION = "0.19.1"
WORKER = Path(__file__).with_name("katex_worker.js")
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MathItem:
    tex: str
    display: bool


@dataclass(frozen=True, slots=True)
class MathResult:
    html: str | None
    error: str | None = None
    warnings: tuple[str, ...] = ()


class MathEngine(Protocol):
    version: str

    def render(self, items: Sequence[MathItem]) -> list[MathResult]: ...


def _katex_version(directory: Path) -> str | None:
    try:
        data = json.loads((directory / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = data.get("version")
    return version if isinstance(version, str) else None


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mlblog" / f"katex-{KATEX_VERSION}"


def find_katex(site_dir: Path, install: bool = True) -> Path:
    """The folder of the pinned KaTeX package; installs it into the user cache if missing."""
    candidates: list[Path] = []
    if env := os.environ.get("MLBLOG_KATEX_DIR"):
        candidates.append(Path(env))
    for start in (site_dir.resolve(), Path(__file__).resolve().parent):
        candidates.extend(p / "node_modules" / "katex" for p in (start, *start.parents))
    candidates.append(_cache_root() / "node_modules" / "katex")
    for candidate in candidates:
        if _katex_version(candidate) == KATEX_VERSION:
            return candidate
    if not install:
        raise MlblogError(error("math", None, f"KaTeX {KATEX_VERSION} is not installed"))
    return _install_katex()


def _install_katex() -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise MlblogError(
            error("math", None, "Node.js and npm are needed to typeset math (install Node.js 18+)")
        )
    root = _cache_root()
    root.mkdir(parents=True, exist_ok=True)
    log.warning("installing KaTeX %s into %s (once)", KATEX_VERSION, root)
    result = subprocess.run(
        [npm, "install", "--prefix", str(root), "--no-audit", "--no-fund", "--omit=dev",
         f"katex@{KATEX_VERSION}"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    installed = root / "node_modules" / "katex"
    if result.returncode != 0 or _katex_version(installed) != KATEX_VERSION:
        detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise MlblogError(error("math", None, f"could not install KaTeX with npm: {detail}"))
    return installed


class KatexEngine:
    """A node process running katex_worker.js, started on first use."""

    def __init__(self, katex_dir: Path, macros: Sequence[tuple[str, str]] = ()) -> None:
        self.katex_dir = katex_dir
        self.version = _katex_version(katex_dir) or KATEX_VERSION
        self._macros = dict(macros)
        self._process: subprocess.Popen[str] | None = None
        self._cache: dict[MathItem, MathResult] = {}

    def _start(self) -> subprocess.Popen[str]:
        node = shutil.which("node")
        if node is None:
            raise MlblogError(
                error("math", None, "Node.js is needed to typeset math (install 18+)")
            )
        return subprocess.Popen(
            [node, str(WORKER), str(self.katex_dir / "dist" / "katex.js")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
        )  # fmt: skip

    def render(self, items: Sequence[MathItem]) -> list[MathResult]:
        missing = list(dict.fromkeys(item for item in items if item not in self._cache))
        if missing:
            request = {"macros": self._macros, "items": [[i.tex, i.display] for i in missing]}
            for item, raw in zip(missing, self._ask(request)["results"], strict=True):
                html = raw.get("html")
                self._cache[item] = MathResult(
                    html=repair_mathml(html) if html else None, error=raw.get("error"),
                    warnings=tuple(raw.get("warnings", ())),
                )  # fmt: skip
        return [self._cache[item] for item in items]

    def _ask(self, request: Mapping[str, object]) -> dict[str, list[dict[str, str]]]:
        if self._process is None or self._process.poll() is not None:
            self._process = self._start()
        stdin, stdout = self._pipes(self._process)
        stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
        stdin.flush()
        line = stdout.readline()
        if not line:
            raise RuntimeError("the KaTeX worker stopped unexpectedly")
        response: dict[str, list[dict[str, str]]] = json.loads(line)
        if "fatal" in response:
            raise RuntimeError(f"KaTeX worker: {response['fatal']}")
        return response

    @staticmethod
    def _pipes(process: subprocess.Popen[str]) -> tuple[IO[str], IO[str]]:
        assert process.stdin is not None and process.stdout is not None
        return process.stdin, process.stdout

    def close(self) -> None:
        if self._process is not None:
            if self._process.stdin:
                self._process.stdin.close()
            self._process.wait(timeout=10)
            self._process = None

    def __enter__(self) -> KatexEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
