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

import contextlib
import functools
import hashlib
import os
import pickle
import re
import sqlite3
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

CACHE_DIR = ".mlblog-cache"
CACHE_FILE = "render.sqlite"
SCHEMA = 2  # 2: each value is stored after the CRC-32 of its bytes
CLAIM = "claim"  # rows of this kind: for each claimed kind, the tag it was claimed with


def versions(katex: str) -> tuple[str, ...]:
    """Everything besides the inputs that can change a rendered result (emoji: the names)."""
    from mlblog import __version__

    packages = ("markdown-it-py", "mdit-py-plugins", "pygments", "linkify-it-py", "nh3", "emoji")
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
    """A key → object store; `path=None` keeps it in memory only.

    Each value is stored after the CRC-32 of its bytes (~15 ms a warm build reads at
    1,000 posts): a value damaged on disk is a miss, rendered again, never published.
    A file that cannot be written any more is read on; `notes` says what went wrong."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.notes: list[str] = []  # problems met, for the build to report once
        self.damaged = 0  # values found damaged (and treated as missing)
        self._writable = True
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(
            str(path) if path else ":memory:", timeout=60, check_same_thread=False
        )  # render workers write formulas into the same file: wait for their turn
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        # A rowid table: values are kilobytes (pages, documents), which a WITHOUT ROWID
        # table keeps in its key's b-tree, making writes ~1.5x and reads ~2.5x slower
        # (measured on a 1,000-post site's 24 MB).
        # A cache of another schema (user_version) is emptied: its rows, stored without
        # their checksum, would all look damaged.
        if self._db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
            with self._db:
                self._db.execute("DROP TABLE IF EXISTS entries")
            self._db.execute(f"PRAGMA user_version = {SCHEMA}")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS entries (kind TEXT, key BLOB, value BLOB, "
            "PRIMARY KEY (kind, key))"
        )
        self._pending: list[tuple[str, bytes, bytes]] = []

    def get(self, kind: str, item_key: bytes) -> Any | None:
        found = self.get_many_raw(kind, [item_key]).get(item_key)
        return pickle.loads(found) if found is not None else None

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
            for row_key, stored in rows:
                value = stored[4:]
                if len(stored) >= 4 and zlib.crc32(value) == int.from_bytes(stored[:4], "big"):
                    found[row_key] = value
                else:
                    self.damaged += 1
        return found

    def put(self, kind: str, item_key: bytes, value: Any) -> None:
        self.put_raw(kind, item_key, pickle.dumps(value, protocol=5))

    def put_raw(self, kind: str, item_key: bytes, value: bytes) -> None:
        self._pending.append((kind, item_key, zlib.crc32(value).to_bytes(4, "big") + value))
        if len(self._pending) >= 500:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            pending, self._pending = self._pending, []
            self._write(
                lambda: self._db.executemany(
                    "INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", pending
                )
            )

    def _write(self, action: Callable[[], object]) -> None:
        """One transaction. One that fails because the file cannot be written (a cache
        made by root, a full disk) leaves the cache as it was: this build keeps nothing
        new in it, and says so once."""
        if not self._writable:
            return
        try:
            with self._db:
                action()
        except sqlite3.OperationalError as exc:
            self._writable = False
            self.notes.append(f"cannot write the render cache ({exc}); this build keeps "
                              "nothing new in it")  # fmt: skip

    def retain(self, kind: str, keys: list[bytes]) -> None:
        """Drop the rows of `kind` whose key is not among `keys` (what a build still uses)."""
        self.flush()

        def drop() -> None:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key BLOB PRIMARY KEY)")
            self._db.execute("DELETE FROM kept")
            self._db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((k,) for k in keys))
            self._db.execute(
                "DELETE FROM entries WHERE kind = ? AND key NOT IN (SELECT key FROM kept)",
                (kind,),
            )

        self._write(drop)

    def claim(self, kind: str, tag: bytes) -> None:
        """Drop every row of `kind` unless the last claim of `kind` had this tag. For rows
        whose keys hash a setting (formulas: the KaTeX version and the site's macros), a
        changed setting means no build asks for them again; without this, every change
        would leave the whole site's formulas behind."""
        self.flush()
        name = kind.encode()
        if self.get_many_raw(CLAIM, [name]).get(name) == tag:
            return
        self._write(lambda: self._db.execute("DELETE FROM entries WHERE kind = ?", (kind,)))
        self.put_raw(CLAIM, name, tag)
        self.flush()

    def close(self) -> None:
        self.flush()
        self._db.close()


def open_cache(site_dir: Path, enabled: bool) -> Cache:
    """The site's cache; one in memory when it is turned off or cannot be opened (a
    read-only site folder still builds), and a fresh one when the file is damaged."""
    if not enabled:
        return Cache(None)
    path = site_dir / CACHE_DIR / CACHE_FILE
    try:
        return Cache(path)
    except sqlite3.OperationalError:
        return Cache(None)  # cannot be opened or made here
    except sqlite3.DatabaseError as exc:  # not a database any more: damaged
        note = f"the render cache was damaged ({exc}) and is made afresh"
    except OSError as exc:  # .mlblog-cache is a file, say
        cache = Cache(None)
        cache.notes.append(f"cannot use {CACHE_DIR}/ ({exc.strerror}); building without a cache")
        return cache
    discard_cache(site_dir)
    cache = open_cache(site_dir, enabled)
    cache.notes.append(note)
    return cache


def discard_cache(site_dir: Path) -> None:
    """Remove the cache's database (nothing else of the user's: the folder is ours)."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            (site_dir / CACHE_DIR / (CACHE_FILE + suffix)).unlink()
