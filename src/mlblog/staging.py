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

from mlblog.output import WriteStats, inside, make_staging, move_into_place, place, write_manifest

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

Content = bytes | Path  # packed bytes (mlblog.packed), or a file to copy
Message = tuple[str, Content] | tuple[None, list[str]]  # a file, or the end: every final name


class StagedOutput:
    """`put` files in any order, the same name again to replace it; `finish` with the
    complete site (what was not put yet, or put differently, is written then) renames
    the folder into place. Leaving the `with` block unfinished removes the folder."""

    def __init__(self, out_dir: Path) -> None:
        import multiprocessing  # not loaded by builds that find the output folder there

        self._out_dir = out_dir.resolve()
        self._staging = make_staging(self._out_dir)
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self._process = context.Process(
            target=_write_staged, args=(child, str(self._staging)), daemon=True
        )
        self._process.start()
        child.close()
        self._sent: dict[str, Content] = {}
        self._done = False

    def put(self, relative: str, content: Content) -> None:
        inside(self._staging, relative)  # a name that would leave the folder fails here
        self._sent[relative] = content
        self._connection.send((relative, content))

    def finish(self, files: Mapping[str, bytes], copies: Mapping[str, Path]) -> WriteStats:
        """Complete the folder as write_site would (copies, then files, the later of two
        with one name winning) and move it into place."""
        final: dict[str, Content] = dict(copies)
        for relative in files:  # files may make their last entries now (the search index)
            final[relative] = files[relative]
        for relative, content in final.items():
            if self._sent.get(relative) != content:
                self.put(relative, content)
        self._connection.send((None, list(final)))
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
    """The writer process: each file as it arrives, then the manifest back to the parent.

    A thread empties the pipe into a queue, so the build never waits on a full pipe
    while this process waits on the disk."""
    inbox: queue.SimpleQueue[Message | None] = queue.SimpleQueue()
    threading.Thread(target=_receive, args=(connection, inbox), daemon=True).start()
    out_dir = Path(staging)
    manifest: dict[str, list[object]] = {}
    made: set[Path] = set()
    stats = WriteStats()
    failure: BaseException | None = None
    while (message := inbox.get()) is not None:
        if message[0] is None:
            for gone in set(manifest) - set(message[1]):  # replaced by nothing in the end
                inside(out_dir, gone).unlink(missing_ok=True)
                del manifest[gone]
            connection.send((True, manifest) if failure is None else (False, failure))
            return
        relative, content = message
        if failure is None:  # after one failure, only wait for the end to report it
            try:
                manifest[relative] = place(out_dir, relative, content, {}, made, stats, True)
            except Exception as exc:  # raised again in the build process
                failure = exc


def _receive(connection: Connection, inbox: queue.SimpleQueue[Message | None]) -> None:
    try:
        while True:
            inbox.put(connection.recv())
    except (EOFError, OSError):  # the build is done with us (or gone)
        inbox.put(None)
