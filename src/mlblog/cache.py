"""The persistent render cache in `.mlblog-cache/` (SQLite): rendered Markdown and
single formulas, so a rebuild renders only what changed.

Keys are hashes of everything the result depends on: the text, the render settings,
the site's math macros, and the versions of mlblog, markdown-it-py, mdit-py-plugins,
Pygments and KaTeX. A changed input is a different key, so a result is never stale;
old rows are no longer asked for, and builds drop them: documents and pages no source
makes any more, and formulas typeset under other settings (`claim`). `mlblog build
--no-cache` ignores the cache.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

CACHE_DIR = ".mlblog-cache"
SCHEMA = 1
CLAIM = "claim"  # rows of this kind: for each claimed kind, the tag it was claimed with


def versions(katex: str) -> tuple[str, ...]:
    """Everything besides the inputs that can change a rendered result."""
    from mlblog import __version__

    packages = ("markdown-it-py", "mdit-py-plugins", "pygments", "linkify-it-py", "nh3")
    return (
        f"schema {SCHEMA}", __version__, code_fingerprint(),
        *(installed_version(p) for p in packages), f"katex {katex}",
    )  # fmt: skip


def installed_version(name: str) -> str:
    """A distribution's version, from the name of its `.dist-info` folder on sys.path
    (`{name}-{version}.dist-info`, as installers write it); other installs are asked
    through importlib.metadata, which costs every build ~15 ms to import."""
    prefix = re.sub(r"[-_.]+", "_", name).lower() + "-"
    for folder in sys.path:
        for entry in _listing(folder or "."):
            if entry.endswith(".dist-info") and entry.lower().startswith(prefix):
                return entry[len(prefix) : -len(".dist-info")]
    from importlib.metadata import version

    return version(name)


@functools.cache
def _listing(folder: str) -> tuple[str, ...]:
    try:
        return tuple(os.listdir(folder))
    except OSError:
        return ()


@functools.cache
def code_fingerprint() -> str:
    """A hash of mlblog's own code: a changed renderer between two releases (a checkout,
    an editable install) must not reuse what the old one rendered."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".js") and "theme" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def key(*parts: Any) -> bytes:
    return hashlib.sha256(pickle.dumps(parts, protocol=5)).digest()


class Cache:
    """A key → object store; `path=None` keeps it in memory only."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(
            str(path) if path else ":memory:", timeout=60, check_same_thread=False
        )  # render workers write formulas into the same file: wait for their turn
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        # A rowid table: values are kilobytes (pages, documents), which a WITHOUT ROWID
        # table keeps in its key's b-tree, making writes ~1.5x and reads ~2.5x slower
        # (measured on a 1,000-post site's 24 MB). A cache made before keeps its table.
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS entries (kind TEXT, key BLOB, value BLOB, "
            "PRIMARY KEY (kind, key))"
        )
        self._pending: list[tuple[str, bytes, bytes]] = []

    def get(self, kind: str, item_key: bytes) -> Any | None:
        row = self._db.execute(
            "SELECT value FROM entries WHERE kind = ? AND key = ?", (kind, item_key)
        ).fetchone()
        return pickle.loads(row[0]) if row else None

    def has_any(self, kind: str) -> bool:
        query = "SELECT 1 FROM entries WHERE kind = ? LIMIT 1"
        return self._db.execute(query, (kind,)).fetchone() is not None

    def get_many(self, kind: str, keys: list[bytes]) -> dict[bytes, Any]:
        return {k: pickle.loads(v) for k, v in self.get_many_raw(kind, keys).items()}

    def get_many_raw(self, kind: str, keys: list[bytes]) -> dict[bytes, bytes]:
        """Values stored with put_raw (bytes as they are, no pickling)."""
        found: dict[bytes, bytes] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key, value FROM entries WHERE kind = ? AND key IN ({marks})",
                (kind, *chunk),
            )
            found.update(rows)
        return found

    def put(self, kind: str, item_key: bytes, value: Any) -> None:
        self.put_raw(kind, item_key, pickle.dumps(value, protocol=5))

    def put_raw(self, kind: str, item_key: bytes, value: bytes) -> None:
        self._pending.append((kind, item_key, value))
        if len(self._pending) >= 500:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", self._pending
                )
            self._pending.clear()

    def retain(self, kind: str, keys: list[bytes]) -> None:
        """Drop the rows of `kind` whose key is not among `keys` (what a build still uses)."""
        self.flush()
        with self._db:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key BLOB PRIMARY KEY)")
            self._db.execute("DELETE FROM kept")
            self._db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((k,) for k in keys))
            self._db.execute(
                "DELETE FROM entries WHERE kind = ? AND key NOT IN (SELECT key FROM kept)",
                (kind,),
            )

    def claim(self, kind: str, tag: bytes) -> None:
        """Drop every row of `kind` unless the last claim of `kind` had this tag. For rows
        whose keys hash a setting (formulas: the KaTeX version and the site's macros), a
        changed setting means no build asks for them again; without this, every change
        would leave the whole site's formulas behind."""
        self.flush()
        name = kind.encode()
        if self.get_many_raw(CLAIM, [name]).get(name) == tag:
            return
        with self._db:
            self._db.execute("DELETE FROM entries WHERE kind = ?", (kind,))
            self._db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", (CLAIM, name, tag))

    def close(self) -> None:
        self.flush()
        self._db.close()


def open_cache(site_dir: Path, enabled: bool) -> Cache:
    if not enabled:
        return Cache(None)
    try:
        return Cache(site_dir / CACHE_DIR / "render.sqlite")
    except sqlite3.Error:
        return Cache(None)  # a read-only site folder still builds, just without a cache
