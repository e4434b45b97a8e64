"""LaTeX → HTML+MathML with KaTeX, in one long-lived node worker per build process (render
workers share one between two: render.katex_server).

KaTeX comes from the npm registry's `katex` package at its pinned version (see
mlblog.npm). Results are cached by (options, TeX) for the engine's life.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import queue
import shutil
import subprocess
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any, Protocol

from mlblog.cache import Cache
from mlblog.cache import key as cache_key
from mlblog.diagnostics import MlblogError, error
from mlblog.npm import PINS, find_package, package_version
from mlblog.packed import pack, unpack
from mlblog.render.katex_server import connect
from mlblog.render.mathml import repair_mathml

WORKER = Path(__file__).with_name("katex_worker.js")
# Formulas kept in memory per engine. Most of a real site's formulas are its posts' own
# (seen once), so keeping every result held ~200 MB per render worker at 10,000 posts;
# the ones that recur (x, O(N^2), a post's own repeats) stay recent.
MEMORY_FORMULAS = 8192


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


Collect = Callable[[], list[MathResult]]


def submit(engine: MathEngine, items: Sequence[MathItem]) -> Collect:
    """Ask for `items` now, take the results later (in the order asked): KatexEngine
    typesets while the caller goes on; any other engine renders when collected."""
    early = getattr(engine, "submit", None)
    if early is not None:
        collect: Collect = early(items)
        return collect
    return lambda: engine.render(items)


class _Node(Protocol):
    """What typesets: node's process, or a connection to a shared one (katex_server)."""

    @property
    def stdin(self) -> IO[bytes] | None: ...
    @property
    def stdout(self) -> IO[bytes] | None: ...
    def poll(self) -> int | None: ...
    def kill(self) -> None: ...
    def wait(self, timeout: float | None = None) -> int: ...


class _Outbox(Protocol):
    def put(self, data: bytes | None) -> None: ...


@dataclass(slots=True)
class _Request:
    """Formulas sent to node in one request, and where their results go."""

    items: list[MathItem]
    results: dict[MathItem, MathResult]
    answered: bool = False
    lost: bool = False  # node stopped before answering it


class KatexEngine:
    """A node process running katex_worker.js, started on first use, or a connection to
    one shared with another render worker (`shared`)."""

    def __init__(
        self,
        katex_dir: Path,
        macros: Sequence[tuple[str, str]] = (),
        store: Cache | None = None,
        look_up: bool = True,
        shared: str | None = None,
    ) -> None:
        """`look_up=False`: keep formulas in `store` but never look for them there. A render
        worker of a build whose store held no formula when it began (a first build) asks
        nothing of it: a query per post found nothing but what another worker had just
        typeset (~3% of a cold build), and typesetting that again gives the same result.
        `shared`: the address of a node shared with another worker (render.katex_server),
        used instead of a node of this engine's own while it can be reached."""
        self.katex_dir = katex_dir
        self._shared = shared
        self.version = package_version(katex_dir) or PINS["katex"]
        self._macros = dict(macros)
        self._process: _Node | None = None
        self._outbox: _Outbox | None = None  # requests for node
        self._waiting: deque[_Request] = deque()  # sent to node, not answered yet
        self._cache: dict[MathItem, MathResult] = {}
        self._store = store  # the persistent per-formula cache, keyed with version and macros
        self._look_up = look_up
        # What this script makes of a formula (its warnings) is part of every stored one.
        script = hashlib.sha256(WORKER.read_bytes()).hexdigest()[:16]
        self._store_prefix = (self.version, script, tuple(sorted(self._macros.items())))

    def _store_key(self, item: MathItem) -> bytes:
        return cache_key(self._store_prefix, item.tex, item.display)

    def _start(self) -> _Node:
        if self._shared is not None:
            if (connection := connect(self._shared)) is not None:
                return connection
            self._shared = None  # gone: a node of this engine's own
        node = shutil.which("node")
        if node is None:
            raise MlblogError(
                error("math", None, "Node.js is needed to typeset math (install 18+)")
            )
        # In a session of its own, Ctrl-C in the terminal does not stop it under a build
        # that is still using it (it ends when the build closes its stdin, or exits).
        return subprocess.Popen(
            [node, str(WORKER), str(self.katex_dir / "dist" / "katex.js")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True,
        )  # fmt: skip

    def claim_store(self) -> None:
        """Formulas stored under another KaTeX version or other macros leave the store: their
        keys hash both, so no build with these settings can ask for them. Called by the
        build process before any worker typesets; single edits leave stray formulas too,
        but one each, where a changed macro leaves one per formula of the site."""
        if self._store is not None:
            self._store.claim("formula", cache_key(self._store_prefix))

    def _launch(self) -> None:
        if self._outbox is not None:
            self._outbox.put(None)  # the old node's stdin closes (on Windows, its thread ends)
        self._lose_waiting()
        self._process = self._start()
        stdin = self._pipes(self._process)[0]
        self._outbox = _writer(stdin) if _BLOCKING_ANSWERS else _Direct(stdin)

    def start(self) -> None:
        """Start node now, before it is asked anything: loading KaTeX takes it ~0.3 s,
        which a render worker spends while the build still reads the sources. Without
        node this does nothing; the first formula reports it. A shared node is already
        starting (render.katex_server): the engine connects at its first request. (It
        connected here, and a worker that began after every formula was typeset, on a
        small site, found its node gone, waited 10 s for it, then started one of its own.)"""
        if self._process is None and self._shared is None and shutil.which("node"):
            self._launch()

    def render(self, items: Sequence[MathItem]) -> list[MathResult]:
        return self.submit(items)()

    def submit(self, items: Sequence[MathItem]) -> Collect:
        """Send the formulas not typeset yet to node, and return what collects the results.
        A render worker parses its next document while node typesets this one's formulas.
        Answers come in the order of the requests: collecting one reads (and keeps) those
        of earlier requests first, so a request never collected costs nothing but time."""
        known = {item: self._cache[item] for item in items if item in self._cache}
        missing = list(dict.fromkeys(item for item in items if item not in known))
        if missing and self._store is not None and self._look_up:
            keys = {self._store_key(item): item for item in missing}
            for found_key, stored in self._store.get_many_raw("formula", list(keys)).items():
                known[keys[found_key]] = self._cache[keys[found_key]] = _unstored(stored)
            missing = [item for item in missing if item not in known]
        if not missing:
            return lambda: [known[item] for item in items]
        request = _Request(missing, known)
        self._send(request)

        def collect() -> list[MathResult]:
            while not request.answered:
                if request.lost:
                    raise RuntimeError("the KaTeX worker stopped unexpectedly")
                self._answer_oldest()
            return [known[item] for item in items]

        return collect

    def _send(self, request: _Request) -> None:
        """Send a request to node (the protocol: katex_worker.js), or on Windows queue it
        for a thread that writes it (see _BLOCKING_ANSWERS). A node that stopped is
        replaced only when no request waits for its answer."""
        if self._process is None or (not self._waiting and self._process.poll() is not None):
            self._launch()  # (a node that stopped with requests waiting fails their collect)
        assert self._outbox is not None
        items = [[item.tex, item.display] for item in request.items]
        line = json.dumps({"macros": self._macros, "items": items}, ensure_ascii=False)
        self._outbox.put(line.encode() + b"\n")
        self._waiting.append(request)

    def _answer_oldest(self) -> None:
        request = self._waiting[0]
        try:
            answers = self._receive()
            if len(answers) != len(request.items):
                raise RuntimeError("the KaTeX worker answered out of step")
        except BaseException:
            self._stop()  # what node still owes can no longer be matched: a new one starts
            raise  # at the next request
        self._waiting.popleft()
        for item, (html, problem, warnings) in zip(request.items, answers, strict=True):
            result = MathResult(
                html=repair_mathml(html) if html else None, error=problem, warnings=warnings
            )
            request.results[item] = self._cache[item] = result
            if self._store is not None:
                self._store.put_raw("formula", self._store_key(item), _stored(result))
        request.answered = True
        if len(self._cache) > MEMORY_FORMULAS:  # the oldest go, down to half (the store
            for old in list(islice(self._cache, len(self._cache) - MEMORY_FORMULAS // 2)):
                del self._cache[old]  # keeps them all)

    def _receive(self) -> list[tuple[str | None, str | None, tuple[str, ...]]]:
        """(html, error, warnings) for each item of the oldest request not answered yet."""
        assert self._process is not None
        stdout = self._pipes(self._process)[1]
        line = stdout.readline()
        if not line:
            raise RuntimeError("the KaTeX worker stopped unexpectedly")
        header: dict[str, list[dict[str, Any]]] = json.loads(line)
        if "fatal" in header:
            raise RuntimeError(f"KaTeX worker: {header['fatal']}")
        results = header["results"]
        body = stdout.read(sum(r.get("bytes", 0) for r in results))
        answers: list[tuple[str | None, str | None, tuple[str, ...]]] = []
        at = 0
        for raw in results:
            html = None
            if "bytes" in raw:
                html = body[at : at + raw["bytes"]].decode()
                at += raw["bytes"]
            answers.append((html, raw.get("error"), tuple(raw.get("warnings", ()))))
        if at != len(body):
            raise RuntimeError("the KaTeX worker stopped unexpectedly")
        return answers

    @staticmethod
    def _pipes(process: _Node) -> tuple[IO[bytes], IO[bytes]]:
        assert process.stdin is not None and process.stdout is not None
        return process.stdin, process.stdout

    def _lose_waiting(self) -> None:
        for request in self._waiting:
            request.lost = True
        self._waiting.clear()

    def _stop(self) -> None:
        self._lose_waiting()
        if self._outbox is not None:
            self._outbox.put(None)
            self._outbox = None
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None

    def close(self) -> None:
        self._cache.clear()
        self._lose_waiting()
        if self._outbox is not None:
            self._outbox.put(b"\n")  # the end: node exits (a shared one lets this engine go)
            self._outbox.put(None)
            self._outbox = None
        elif self._process is not None and self._process.stdin:
            self._process.stdin.close()
        if self._process is not None:
            self._process.wait(timeout=10)
            self._process = None

    def __enter__(self) -> KatexEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_PACKED_HTML = b"L"  # a stored formula that is HTML alone, LZ4-packed; else a pickle


# Where node writes to pipes synchronously (Windows; on POSIX its pipes and sockets are
# asynchronous), it stops reading while an answer waits to be read: a large request
# written before the answers ahead of it are read would wait for ever. There a thread
# writes the requests (_writer); elsewhere the engine's own thread does (_Direct).
_BLOCKING_ANSWERS = os.name == "nt"


class _Direct:
    """Writes each request at once, from the engine's own thread: node never blocks
    writing an answer, so it reads on. Handing every request to a thread cost more than
    the writing (waking it, and waiting to get the GIL back): without it a cold build of
    the 1,000-post bench site took ~7% less CPU and ~8% less time on two workers (two A/Bs
    of 5 alternating builds: 15.0 → 14.1 s and 13.6 → 12.6 s of CPU)."""

    def __init__(self, stdin: IO[bytes]) -> None:
        self._stdin = stdin

    def put(self, data: bytes | None) -> None:
        try:
            if data is None:
                self._stdin.close()
            else:
                self._stdin.write(data)
                self._stdin.flush()
        except OSError:
            pass  # node has gone: the reader finds its pipe or socket closed and says so


def _writer(stdin: IO[bytes]) -> queue.SimpleQueue[bytes | None]:
    """A thread writing what is put in the queue to `stdin`; None closes it. If node has
    stopped, what is left is dropped: the reader finds the pipe closed and says so."""
    outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()

    def write() -> None:
        try:
            while (data := outbox.get()) is not None:
                stdin.write(data)
                stdin.flush()
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                stdin.close()

    threading.Thread(target=write, name="katex-requests", daemon=True).start()
    return outbox


def _stored(result: MathResult) -> bytes:
    """Nearly every formula is HTML without warnings: stored packed, not pickled (a
    dataclass pickles at ~10 µs, and packing makes the formula rows ~2.5 times smaller)."""
    if result.html is not None and result.error is None and not result.warnings:
        return _PACKED_HTML + pack(result.html)
    return pickle.dumps(result, protocol=5)  # starts with b"\x80", as formulas stored before


def _unstored(stored: bytes) -> MathResult:
    if stored[:1] == _PACKED_HTML:
        return MathResult(html=unpack(stored[1:]))
    result: MathResult = pickle.loads(stored)
    return result


_UNDEFINED = "Undefined control sequence: "
_NO_ENVIRONMENT = "No such environment: "
# What MathJax extensions give notes that KaTeX has no equivalent of.
_NOT_IN_KATEX = {
    "algorithm": "write the steps as a numbered list or a code block",
    "algorithmic": "write the steps as a numbered list or a code block",
    "tikzpicture": "draw it as an image, or as a ```mermaid diagram",
}


def explained(problem: str) -> str:
    """KaTeX's message about a formula, with what the author can do about it."""
    if problem.startswith(_UNDEFINED):
        name = problem[len(_UNDEFINED) :].strip()
        yaml_key = '"' + name.replace("\\", "\\\\") + '"'  # as YAML writes it in quotes
        return (f"{problem} (define it in site.yaml, under math: macros:, as {yaml_key}: "
                f'"…", or in the post with \\newcommand{{{name}}}{{…}})')  # fmt: skip
    if problem.startswith(_NO_ENVIRONMENT):
        name = problem[len(_NO_ENVIRONMENT) :].strip()
        advice = _NOT_IN_KATEX.get(name, "KaTeX typesets the environments of amsmath: align, "
                                   "gather, cases, matrix and the like")  # fmt: skip
        return f"{problem} ({advice})"
    return problem


def find_katex(site_dir: Path) -> Path:
    return find_package("katex", site_dir)
