"""`mlblog serve`: build into memory, serve, watch, rebuild what changed, reload pages."""

from __future__ import annotations

import errno
import signal
import sys
import threading
import traceback
import webbrowser
from collections.abc import Mapping
from dataclasses import replace
from http.server import ThreadingHTTPServer
from types import FrameType

from mlblog import heap
from mlblog.commands.build import counted
from mlblog.config import CONFIG_FILE
from mlblog.diagnostics import Diagnostic, Report, Severity
from mlblog.pipeline import BuildOptions, SiteBuilder, SiteOutput
from mlblog.serve.changes import Change
from mlblog.serve.debounce import Debouncer, Relay
from mlblog.serve.http import LiveSite, Served, make_server
from mlblog.serve.watcher import watch
from mlblog.theme_files import THEME_DIR
from mlblog.urls import output_file

DEBOUNCE_SECONDS = 0.05
PORT_TRIES = 10


def serve(options: BuildOptions, host: str, port: int, open_browser: bool = False) -> int:
    options = replace(options, serving=True)
    builder = SiteBuilder(options, defer_search=True)
    # a typo in --site, or a folder that is no site: nothing to watch, nothing to show
    if not (options.site_dir / CONFIG_FILE).is_file():
        _print_report(builder.build()[1])
        builder.close()
        return 1
    # Watched from before the first build: a file saved while it runs (a minute on a large
    # site's first run) is rebuilt once it is done, instead of staying as the build read it.
    seen: Relay[Change] = Relay()
    watched = watch(options.site_dir, THEME_DIR, seen.poke)
    site, report = builder.build()
    warned = Warned()
    warned.say(report)
    base_path = site.config.base_path if site else builder.base_path
    live = LiveSite(base_path)
    addresses = Addresses()
    drafts = Drafts()
    if site is not None:
        live.publish(_served(site, addresses))
        print(_built(site, len(drafts.update(site, report))))
    else:
        live.channel.failed(_error_text(report))

    server = _bind(host, port, live)
    if server is None:
        watched.stop()
        builder.close()
        return 1

    stopping = threading.Event()  # Ctrl-C: a rebuild under way says nothing more
    # "stopped" is the last line: a rebuild's lines come before it or not at all
    saying = threading.Lock()

    def rebuild(changes: set[Change]) -> None:
        if stopping.is_set():
            return
        if Change.TEMPLATE in changes:
            builder.templates_changed()
        try:
            new, new_report = builder.build()
        except Exception as exc:  # a bug of ours: said once, and the next save tries again
            problem = (
                f"mlblog failed while rebuilding ({type(exc).__name__}: {exc}); please report it"
            )
            with saying:
                if stopping.is_set():  # its helpers were stopped under it
                    return
                traceback.print_exc()
                print(f"{problem}; still serving the last good site", file=sys.stderr, flush=True)
            live.channel.failed(problem)
            return
        with saying:
            if stopping.is_set():
                return
            again = warned.say(new_report, built=new is not None)
            before = f"; {counted(again, 'warning')} as before" if again else ""
            if new is None:
                print(
                    f"build failed; still serving the last good site{before}",
                    file=sys.stderr,
                    flush=True,
                )
            else:
                for why in drafts.update(new, new_report).values():
                    print(why, file=sys.stderr, flush=True)
                if new.config.base_path != live.served.base_path:
                    print(f"base path is now {new.config.base_path}", flush=True)
                kinds = ", ".join(sorted(c.value for c in changes))
                print(
                    f"rebuilt ({kinds}) in {new.seconds:.2f} s: {builder.rendered_last} "
                    f"rendered, {counted(builder.templated_last, 'page')} templated{before}",
                    flush=True,
                )
        watched.watch_files(builder.bibliography_files)  # site.yaml or a post may name others
        # the terminal first, then the pages: a reload never comes before its line
        if new is None:
            live.channel.failed(_error_text(new_report))
        else:
            live.publish(_served(new, addresses))
        heap.tidy()  # the page has its news: now the garbage of the build that was replaced

    def prepare() -> None:
        builder.prepare_for_edits()
        heap.tidy()

    debouncer: Debouncer[Change] = Debouncer(DEBOUNCE_SECONDS, rebuild, prepare=prepare)
    watched.watch_files(builder.bibliography_files)
    seen.connect(debouncer.poke)
    # Said once the watch is on: a file saved after this line is seen.
    shown = f"[{host}]" if ":" in host else host
    # "every address" is no address to visit: this machine's is one of them
    local = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "": "127.0.0.1"}.get(host, shown)
    address = f"http://{local}:{server.server_address[1]}{base_path}"
    also = "  (and at this machine's other addresses)" if local != shown else ""
    print(f"serving at {address}  (Ctrl-C stops){also}", flush=True)
    if open_browser and not webbrowser.open(address):
        print("no web browser found to open; visit the address above", flush=True)
    # `kill` (SIGTERM) stops as Ctrl-C does: the render workers and their KaTeX
    # processes are shut down with the server instead of being left running.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        with saying:
            stopping.set()
            print("\nstopped", flush=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
        stopping.set()
        live.channel.close()
        watched.stop()
        debouncer.stop()
        server.server_close()
        builder.close()
    return 0


def _built(site: SiteOutput, drafts: int) -> str:
    """The line of the first build; drafts are counted there, and named when one is made."""
    line = (
        f"built {counted(site.pages, 'page')} ({counted(site.posts, 'post')}) "
        f"in {site.seconds:.2f} s"
    )
    if drafts:
        them = "it" if drafts == 1 else "them"
        line += f"; {counted(drafts, 'draft')} left out (serve with --drafts to include {them})"
    return line


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _served(site: SiteOutput, addresses: Addresses) -> Served:
    base = site.config.base_path
    moved = addresses.update(site.urls, base)
    return Served(
        base,
        site.files,
        dict(site.copies),
        site.deferred,
        moved=moved,
        skipped=site.skipped,
        gone=dict(addresses.gone),
        former_bases=addresses.bases,
    )


class Addresses:
    """Where posts and pages were and are: a slug changed or a file renamed while serving
    sends the page open at the old address to the new one, not to a 404."""

    def __init__(self) -> None:
        self._urls: Mapping[str, str] = {}  # source path → site path, last good build
        self._moved: dict[str, str] = {}  # output name → site path now
        self._base: str | None = None
        self.bases: tuple[str, ...] = ()  # base paths served before this one, newest first
        self.gone: dict[str, str] = {}  # output name → source path, of files gone since

    def update(self, urls: Mapping[str, str], base: str) -> dict[str, str]:
        """The table of moved addresses after a build with these `urls` under `base`."""
        if self._base is not None and self._base != base:
            earlier = (self._base, *self.bases)
            self.bases = tuple(dict.fromkeys(b for b in earlier if b != base))
        self._base = base
        before = self._urls
        pairs = [(before[s], urls[s]) for s in before.keys() & urls.keys() if before[s] != urls[s]]
        gone, new = before.keys() - urls.keys(), urls.keys() - before.keys()
        if len(gone) == 1 and len(new) == 1:  # one file gone and one made: renamed
            pairs.append((before[gone.pop()], urls[new.pop()]))
        self.gone.update((output_file(before[source]), source) for source in gone)
        for old, now in pairs:
            for name, url in self._moved.items():
                if url == old:  # moved again: every earlier address follows
                    self._moved[name] = now
            self._moved[output_file(old)] = now
        # an address back in use, or moved back to itself, is no longer moved
        live = {output_file(url) for url in urls.values()}
        self._moved = {n: u for n, u in self._moved.items() if n not in live}
        self.gone = {n: s for n, s in self.gone.items() if n not in live and n not in self._moved}
        self._urls = urls
        return dict(self._moved)


class Warned:
    """Prints a build's diagnostics; a warning the last build printed too is only counted:
    the one a save has just caused is not lost among the site's others, said at each save."""

    def __init__(self) -> None:
        self._last: frozenset[Diagnostic] = frozenset()

    def say(self, report: Report, built: bool = True) -> int:
        """Print the errors and new warnings of `report`; the number of the others.
        A failed build (`built` false) stops before some checks: the warnings of those
        are kept, not said again as new by the build that fixes it."""
        again = 0
        for diagnostic in report.sorted():
            if diagnostic.severity is Severity.WARNING and diagnostic in self._last:
                again += 1
            else:
                print(diagnostic, file=sys.stderr, flush=True)
        warnings = frozenset(report.warnings)
        self._last = warnings if built else self._last | warnings
        return again


class Drafts:
    """Posts and pages a build left out that its report does not name (drafts: a date
    ahead is a warning already), each said once, as it becomes one, not at every save."""

    def __init__(self) -> None:
        self._known: frozenset[str] = frozenset()  # output names, last good build

    def update(self, site: SiteOutput, report: Report) -> dict[str, str]:
        """Output name → why, for those left out by this build and not by the last one."""
        said = {_located(d) for d in report.items}
        unsaid = {name: why for name, why in site.skipped.items() if why not in said}
        new = {name: why for name, why in unsaid.items() if name not in self._known}
        self._known = frozenset(unsaid)
        return new


def _located(diagnostic: Diagnostic) -> str:
    """A diagnostic as left_out.addresses writes a reason: `path:line: message`."""
    where = f"{diagnostic.path}:{diagnostic.line}" if diagnostic.line else diagnostic.path
    return f"{where}: {diagnostic.message}"


def _bind(host: str, port: int, live: LiveSite) -> ThreadingHTTPServer | None:
    """Listen on port, or the next free one (said so); None after a clear error."""
    for candidate in range(port, min(port + PORT_TRIES, 65536)):
        try:
            server = make_server(host, candidate, live)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE and port != 0:
                continue
            print(f"mlblog: cannot listen on {host}:{candidate}: {exc.strerror}", file=sys.stderr)
            return None
        if candidate != port:
            print(f"port {port} is in use; using {candidate}")
        return server
    last = min(port + PORT_TRIES, 65536) - 1
    print(f"mlblog: ports {port}-{last} are all in use; choose one with --port", file=sys.stderr)
    return None


def _print_report(report: Report) -> None:
    for diagnostic in report.sorted():
        print(diagnostic, file=sys.stderr, flush=True)


def _error_text(report: Report) -> str:
    return "\n".join(str(d) for d in report.sorted() if d in report.errors)
