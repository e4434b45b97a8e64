"""watchdog on the site's sources and the theme; each event becomes a classified change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from mlblog.serve.changes import Change, classify

WATCHED = ("content", "templates", "static")


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
        self.watched: set[Path] = set()

    def watch_folder(self, folder: Path) -> None:
        if folder not in self.watched and folder.is_dir():
            self.watched.add(folder)
            self.observer.schedule(self, str(folder), recursive=True)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type in ("created", "moved"):
            self._new_source_folder(event)
        paths = [event.src_path, getattr(event, "dest_path", "")]
        for raw in paths:
            if not raw:
                continue
            path = Path(raw.decode() if isinstance(raw, bytes) else raw)
            kind = classify(path, self.site_dir, self.theme_dir)
            if kind is not None:
                self.notify(kind)

    def _new_source_folder(self, event: FileSystemEvent) -> None:
        """templates/ (or content/, static/) made after serve started: watch it too."""
        raw = getattr(event, "dest_path", "") or event.src_path
        folder = Path(raw.decode() if isinstance(raw, bytes) else raw)
        if folder.parent == self.site_dir and folder.name in WATCHED:
            self.watch_folder(folder)
            self.notify(
                {"content": Change.CONTENT, "templates": Change.TEMPLATE}.get(
                    folder.name, Change.STATIC
                )
            )


def watch(site_dir: Path, theme_dir: Path, notify: Callable[[Change], None]) -> BaseObserver:
    """Start watching site.yaml, content/, templates/, static/ and the theme; return the observer.

    The site folder itself is watched without recursion (for site.yaml), so large
    neighbours such as .venv/ or node_modules/ cost nothing.
    """
    site_dir, theme_dir = site_dir.resolve(), theme_dir.resolve()
    observer = Observer()
    handler = _Handler(site_dir, theme_dir, notify, observer)
    observer.schedule(handler, str(site_dir), recursive=False)
    for name in WATCHED:
        handler.watch_folder(site_dir / name)
    for name in ("templates", "static"):
        handler.watch_folder(theme_dir / name)
    observer.start()
    return observer
