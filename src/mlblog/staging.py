"""A first build's output folder, written by another process while the build goes on.

A site's first build (a fresh clone, CI, after `rm -r public`) creates every folder and
file of its output: about 1,500 of each per 1,000 posts, which took as long as all the
templating on a slow disk. Handed to a writer process as soon as each file is known
(static files before rendering, pages as they are templated), that work overlaps the
build instead of following it. The folder is still assembled beside its place and
renamed in only when the build succeeds; a failed build removes it.

A process, not a thread: a thread waiting for each write to return would wait for the
GIL too, up to the switch interval (5 ms) per call while the build thread templates.
"""

from __future__ import annotations

import contextlib
import queue
import shutil
import threading
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from mlblog import processes
from mlblog.folders import Folders
from mlblog.interrupts import ignore_in_helper, starting_helpers
from mlblog.output import WriteStats, inside, make_staging, move_into_place, place, write_manifest
from mlblog.packed import SENT

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

Content = bytes | Path  # packed bytes (mlblog.packed), or a file to copy
Files = list[tuple[str, Content]]  # sent as ("files", files); the last message: ("end", names)
WRITERS = 2


class StagedOutput:
    """`put` files in any order, the same name again to replace it; `finish` with the
    complete site (what was not put yet, or put differently, is written then) renames
    the folder into place. Leaving the `with` block unfinished removes the folder.

    `put` never waits: a thread sends what has piled up, in one message, whenever the
    writer has taken the last (it falls behind while the build templates, and catches
    up once the build has no more CPU work)."""

    def __init__(self, out_dir: Path) -> None:
        self._out_dir = out_dir.resolve()
        self._staging = make_staging(self._out_dir)
        context = processes.context()
        self._connection, child = context.Pipe()
        self._process = context.Process(
            target=_write_staged, args=(child, str(self._staging)), daemon=True
        )
        with starting_helpers():
            self._process.start()
        child.close()
        self._sent: dict[str, Content] = {}
        self._outbox: queue.SimpleQueue[tuple[str, Content] | None] = queue.SimpleQueue()
        # Started with the first file: until then the build has no thread but its own,
        # which lets its render workers be forked (mlblog.render.workers).
        self._sender = threading.Thread(target=self._send_piles, daemon=True)
        self._done = False

    def put(self, relative: str, content: Content, final: bool = False) -> None:
        """`final`: the build will not change this file; it keeps only its name (SENT
        in place of its bytes, in `files` at finish), so a 10,000-post build no longer
        holds every page until its end (~200 MB)."""
        inside(self._staging, relative)  # a name that would leave the folder fails here
        self._sent[relative] = SENT if final else content
        self._outbox.put((relative, content))
        if self._sender.ident is None:
            self._sender.start()

    def _send_piles(self) -> None:
        """Until put(None): all that waits, as one message."""
        last = False
        while not last:
            pile: Files = []
            item = self._outbox.get()
            while True:
                if item is None:
                    last = True
                    break
                pile.append(item)
                try:
                    item = self._outbox.get_nowait()
                except queue.Empty:
                    break
            if pile:
                try:
                    self._connection.send(("files", pile))
                except OSError:  # the writer is gone; finish() finds out
                    return

    def finish(self, files: Mapping[str, bytes], copies: Mapping[str, Path]) -> WriteStats:
        """Complete the folder as write_site would (copies, then files, the later of two
        with one name winning) and move it into place."""
        final: dict[str, Content] = dict(copies)
        for relative in files:  # files may make their last entries now (the search index)
            final[relative] = files[relative]
        for relative, content in final.items():
            if content is not SENT and self._sent.get(relative) != content:
                self.put(relative, content)
        self._outbox.put(None)
        if self._sender.ident is not None:
            self._sender.join()
        self._connection.send(("end", list(final)))
        ok, result = self._connection.recv()
        self._stop()
        if not ok:
            raise result
        write_manifest(self._staging, result)
        move_into_place(self._staging, self._out_dir)
        self._done = True
        return WriteStats(written=len(result))

    def _stop(self) -> None:
        self._connection.close()
        self._process.join()

    def abandon(self) -> None:
        if self._done:
            return
        self._done = True
        if self._process.is_alive():
            self._process.terminate()
        self._outbox.put(None)
        if self._sender.ident is not None:
            self._sender.join()
        with contextlib.suppress(OSError):
            self._stop()
        shutil.rmtree(self._staging, ignore_errors=True)

    def __enter__(self) -> StagedOutput:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.abandon()


def _write_staged(connection: Connection, staging: str) -> None:
    """The writer process: files as they arrive, then the manifest back to the parent.

    This thread only takes messages off the pipe (the build never waits on a full pipe
    while the disk is slow) and hands them to WRITERS threads: creating a file is mostly
    kernel time, which two threads spread over two cores once the build has no more CPU
    work. A name always goes to the same thread, so the last of two writes wins.
    It runs at the build's own priority: at nice 10 it fell behind while the build
    templated and held ~65 MB of unwritten pages at 10,000 posts, for no gain in time."""
    ignore_in_helper()
    out_dir = Path(staging)
    manifest: dict[str, list[object]] = {}
    failures: list[BaseException] = []
    folders = Folders(out_dir, spread=True)
    inboxes: list[queue.SimpleQueue[tuple[str, Content] | None]] = []
    writers = []
    for _ in range(WRITERS):
        inbox: queue.SimpleQueue[tuple[str, Content] | None] = queue.SimpleQueue()
        writer = threading.Thread(
            target=_write_files, args=(out_dir, inbox, manifest, folders, failures), daemon=True
        )
        writer.start()
        inboxes.append(inbox)
        writers.append(writer)
    while True:
        try:
            kind, items = connection.recv()
        except (EOFError, OSError):  # the build is gone without finishing: so are we
            return
        if kind == "end":
            break
        for relative, content in items:
            inboxes[hash(relative) % WRITERS].put((relative, content))
    for inbox in inboxes:
        inbox.put(None)
    for writer in writers:
        writer.join()
    for gone in set(manifest) - set(items):  # replaced by nothing in the end
        inside(out_dir, gone).unlink(missing_ok=True)
        del manifest[gone]
    connection.send((False, failures[0]) if failures else (True, manifest))


def _write_files(
    out_dir: Path,
    inbox: queue.SimpleQueue[tuple[str, Content] | None],
    manifest: dict[str, list[object]],
    folders: Folders,
    failures: list[BaseException],
) -> None:
    stats = WriteStats()  # unused: the manifest counts what was written
    while (item := inbox.get()) is not None:
        if failures:  # after one failure, only wait for the end to report it
            continue
        relative, content = item
        try:
            manifest[relative] = place(out_dir, relative, content, {}, folders, stats, True)
        except Exception as exc:  # raised again in the build process
            failures.append(exc)
