"""The live-reload channel: build states pushed to open pages over Server-Sent Events.

The server injects a small script into HTML responses (never into public/). The page
learns the current state on connecting and after every build. A state carries what the
last builds changed, so a page reloads only when a build since its own changed it (or
changed a file every page loads, or is too old to be remembered); a failed build shows an
overlay with the diagnostics until a good build replaces it.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections import deque
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path

EVENTS_PATH = "/__mlblog/events"
SCRIPT_PATH = "/__mlblog/live.js"
WORKER_PATH = "/__mlblog/live-worker.js"

LIVE_JS = Path(__file__).with_name("live.js")
# Builds whose changes each state recalls: a page more builds behind than this reloads.
REMEMBERED_BUILDS = 20

# A build's number and the output names of the pages it changed (None: every page).
Changes = tuple[tuple[int, tuple[str, ...] | None], ...]


@dataclass(frozen=True, slots=True)
class State:
    version: str
    error: str | None
    changes: Changes = ()

    def as_json(self) -> str:
        changes = {
            str(number): None if names is None else list(names) for number, names in self.changes
        }
        return json.dumps(
            {"version": self.version, "error": self.error, "changes": changes}, ensure_ascii=False
        )


class ReloadChannel:
    """The current build state, and a way to wait for the next one."""

    def __init__(self) -> None:
        self._run = uuid.uuid4().hex[:8]  # pages from an earlier server run reload too
        self._count = 0
        self._state = State(f"{self._run}-0", None)
        self._changed = threading.Condition()
        self._closed = False
        self._changes: deque[tuple[int, tuple[str, ...] | None]] = deque(maxlen=REMEMBERED_BUILDS)

    @property
    def state(self) -> State:
        with self._changed:
            return self._state

    def built(self, pages: frozenset[str] | None = None) -> None:
        """A good build, which changed these pages (output names; None: every page)."""
        with self._changed:
            self._count += 1
            self._changes.append((self._count, None if pages is None else tuple(sorted(pages))))
            self._state = State(f"{self._run}-{self._count}", None, tuple(self._changes))
            self._changed.notify_all()

    def failed(self, text: str) -> None:
        with self._changed:
            self._state = State(self._state.version, text, self._state.changes)
            self._changed.notify_all()

    def wait(self, seen: State, timeout: float) -> State | None:
        """The state once it differs from `seen`; None on timeout or when closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._state != seen, timeout)
            return None if self._closed or self._state == seen else self._state

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    @property
    def closed(self) -> bool:
        return self._closed


_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def inject(html: bytes, version: str, page: str = "") -> bytes:
    """The page with the live-reload script before its last </body> (or at its end).
    `page`: the output name the page is served from; "" for a page that is none of the
    site's (a 404), which any good build may replace."""
    quoted = html_escape(page, quote=True)
    tag = f'<script src="{SCRIPT_PATH}" data-page="{quoted}" data-version="{version}"></script>'
    matches = list(_BODY_END.finditer(html))
    if not matches:
        return html + tag.encode()
    at = matches[-1].start()
    return html[:at] + tag.encode() + html[at:]


def live_js() -> bytes:
    return LIVE_JS.read_bytes()


def live_worker_js() -> bytes:
    return LIVE_JS.with_name("live-worker.js").read_bytes()
