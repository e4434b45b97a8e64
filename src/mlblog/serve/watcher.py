"""watchdog on the site's sources and the theme; each event becomes a classified change."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from mlblog.serve.changes import Change, classify, is_editor_debris

WATCHED = ("content", "templates", "static")


def _not_a_stopped_watch(record: logging.LogRecord) -> bool:
    """watchdog logs an error when a folder's watch is read as it is being removed (serve
    stopping, a linked folder unwatched); it then does nothing, and the author, who saw
    "stopped", saw this line after it."""
    return "called when the thread is inactive" not in record.getMessage()


class _Handler(FileSystemEventHandler):
    def __init__(
        self,
        site_dir: Path,
        theme_dir: Path,
        notify: Callable[[Change], None],
        observer: BaseObserver,
    ) -> None:
        self.site_dir = site_dir
        self.theme_dir = theme_dir
        self.notify = notify
        self.observer = observer
        self.watched: dict[Path, ObservedWatch] = {}
        # Folders reached through a symlink (content/posts/ml -> ../../notes/ml, or
        # templates -> ../shared): watched where they are, their changes of the kind of
        # the folder that links them. The build follows such links; the watch must too.
        self.linked: dict[Path, Change] = {}
        # Files the build reads outside the folders above (site.yaml's `bibliography:
        # refs/ml.bib`, a Zotero export elsewhere), and the folders watched for them alone.
        self.files: frozenset[Path] = frozenset()
        self.file_folders: dict[Path, ObservedWatch] = {}

    def watch_folder(self, folder: Path) -> None:
        """Watch `folder` and all under it, afresh: a folder deleted and made again (a
        backup restored, a sync tool) is a new folder, which the old watch never sees."""
        self._unwatch(folder)
        if folder.is_dir():
            self.watched[folder] = self.observer.schedule(self, str(folder), recursive=True)
            kind = _KINDS.get(folder.name, Change.STATIC)
            if folder.parent == self.site_dir:
                self.follow_links(folder, kind)

    def follow_links(self, folder: Path, kind: Change) -> None:
        """Watch the real folders that symlinks under `folder` (or `folder` itself) lead to."""
        real = folder.resolve()
        if folder.is_symlink() or real != folder:
            self._watch_linked(real, kind)
        seen = {os.path.realpath(folder)}
        for here, dirs, _ in os.walk(folder, followlinks=True):
            kept = []
            for name in dirs:
                path = Path(here) / name
                target = os.path.realpath(path)
                if target in seen:  # a loop (again -> .), or a second way in
                    continue
                seen.add(target)
                kept.append(name)
                if path.is_symlink():
                    self._watch_linked(Path(target), kind)
            dirs[:] = kept

    def _watch_linked(self, real: Path, kind: Change) -> None:
        if real in self.linked or real in self.watched or not real.is_dir():
            return
        if any(real.is_relative_to(w.resolve()) for w in self.watched if not w.is_symlink()):
            return  # inside a folder watched already (its events name its own paths)
        self.linked[real] = kind
        with contextlib.suppress(OSError):
            self.watched[real] = self.observer.schedule(self, str(real), recursive=True)

    def watch_files(self, files: Iterable[Path]) -> None:
        """Watch these files from now on, and no longer the ones given before: each
        through its folder, not recursively, unless a watch sees that folder already."""
        wanted = frozenset(Path(os.path.realpath(file)) for file in files)
        folders = {file.parent for file in wanted if not self._seen(file.parent)}
        for folder in self.file_folders.keys() - folders:
            with contextlib.suppress(KeyError, OSError):
                self.observer.unschedule(self.file_folders.pop(folder))
        for folder in folders - self.file_folders.keys():
            if folder.is_dir():  # (a missing one is reported; its fix is a save elsewhere)
                with contextlib.suppress(OSError):
                    self.file_folders[folder] = self.observer.schedule(self, str(folder))
        self.files = wanted

    def _seen(self, folder: Path) -> bool:
        """Whether a watch already reports the files of `folder` (the site's own, without
        recursion, or a recursive one above it)."""
        if folder == self.site_dir:
            return True
        return any(folder.is_relative_to(watched.resolve()) for watched in self.watched)

    def _unwatch(self, folder: Path) -> None:
        old = self.watched.pop(folder, None)
        if old is not None:
            with contextlib.suppress(KeyError, OSError):  # already gone with its folder
                self.observer.unschedule(old)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            # A folder is "modified" whenever a file in it is made, written or removed, vim's
            # swap file too: that file's own event says whether it matters.
            return
        if event.is_directory and event.event_type in ("deleted", "moved"):
            self._source_folder_gone(event)
        if event.is_directory and event.event_type in ("created", "moved"):
            self._new_source_folder(event)
        paths = [event.src_path, getattr(event, "dest_path", "")]
        for raw in paths:
            if not raw:
                continue
            path = Path(raw.decode() if isinstance(raw, bytes) else raw)
            kind = classify(path, self.site_dir, self.theme_dir) or self._linked_kind(path)
            if kind is None and path in self.files:
                kind = Change.CONTENT  # posts cite from it: re-rendered as a post's edit is
            if kind is not None:
                self.notify(kind)
            if event.event_type == "created" and path.is_symlink() and path.is_dir():
                linking = classify(path / "x", self.site_dir, self.theme_dir)
                if linking is not None:  # a link made while serving: followed from now on
                    self._watch_linked(path.resolve(), linking)

    def _linked_kind(self, path: Path) -> Change | None:
        if not self.linked or is_editor_debris(path.name):
            return None
        return next((k for real, k in self.linked.items() if path.is_relative_to(real)), None)

    def _source_folder_gone(self, event: FileSystemEvent) -> None:
        """content/ (or templates/, static/) deleted or moved away: what was in it is gone.
        The news of it can come after a new folder of that name was made (the old watch
        reports its end late): then the new one is watched afresh."""
        folder = Path(_text(event.src_path))
        if folder.parent == self.site_dir and folder.name in WATCHED:
            self.watch_folder(folder)
            self.notify(_KINDS.get(folder.name, Change.STATIC))

    def _new_source_folder(self, event: FileSystemEvent) -> None:
        """templates/ (or content/, static/) made after serve started: watch it too."""
        folder = Path(_text(getattr(event, "dest_path", "") or event.src_path))
        if folder.parent == self.site_dir and folder.name in WATCHED:
            self.watch_folder(folder)
            self.notify(_KINDS.get(folder.name, Change.STATIC))


_KINDS = {"content": Change.CONTENT, "templates": Change.TEMPLATE}  # else static


def _text(raw: str | bytes) -> str:
    return raw.decode() if isinstance(raw, bytes) else raw


class Watch:
    """A running watch: stop() ends it; watch_files() follows the files the last build read
    outside the watched folders."""

    def __init__(self, observer: BaseObserver, handler: _Handler) -> None:
        self.observer = observer
        self._handler = handler

    def watch_files(self, files: Iterable[Path]) -> None:
        self._handler.watch_files(files)

    def stop(self) -> None:
        self.observer.stop()

    def join(self) -> None:
        self.observer.join()


def watch(site_dir: Path, theme_dir: Path, notify: Callable[[Change], None]) -> Watch:
    """Start watching site.yaml, content/, templates/, static/ and the theme.

    The site folder itself is watched without recursion (for site.yaml), so large
    neighbours such as .venv/ or node_modules/ cost nothing.
    """
    site_dir, theme_dir = site_dir.resolve(), theme_dir.resolve()
    inotify_log = logging.getLogger("watchdog.observers.inotify")
    if _not_a_stopped_watch not in inotify_log.filters:
        inotify_log.addFilter(_not_a_stopped_watch)
    observer = Observer()
    handler = _Handler(site_dir, theme_dir, notify, observer)
    observer.schedule(handler, str(site_dir), recursive=False)
    for name in WATCHED:
        handler.watch_folder(site_dir / name)
    for name in ("templates", "static"):
        handler.watch_folder(theme_dir / name)
    observer.start()
    return Watch(observer, handler)
