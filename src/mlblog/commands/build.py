"""`mlblog build`: build the site once and write it into the output folder."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mlblog import interrupts
from mlblog.content.source_files import count_sources
from mlblog.diagnostics import MlblogError, Report
from mlblog.output import MARKER, check_output_dir, one_writer, write_site
from mlblog.packed import pack_bytes
from mlblog.pipeline import BuildOptions, SiteBuilder
from mlblog.search.site_index import Deferred
from mlblog.site_files import SEARCH_FILE
from mlblog.staging import StagedOutput

STAGED_MIN_SOURCES = 100  # below this, one more process costs more than it saves

__all__ = ["BuildOptions", "BuildResult", "build", "summary_line"]


@dataclass(slots=True)
class BuildResult:
    report: Report = field(default_factory=Report)
    pages: int = 0
    posts: int = 0
    seconds: float = 0.0
    output: Path | None = None
    rendered: int = 0  # Markdown documents rendered (not found in the cache)
    search_bytes: int = 0
    search_gzipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.report.errors


def build(options: BuildOptions) -> BuildResult:
    """Build and write the site; on any error nothing is written and the old output stays."""
    started = time.perf_counter()
    out_dir = options.output or options.site_dir / "public"
    result = BuildResult()
    with contextlib.ExitStack() as stack:
        stack.enter_context(one_writer(out_dir))
        started = time.perf_counter()  # (not counting a wait for another build)
        try:
            check_output_dir(options.site_dir, out_dir)
        except MlblogError as exc:
            result.report.extend(exc.diagnostics)
            return result
        staged = None
        if _first_build(options, out_dir):
            with contextlib.suppress(OSError):  # nothing can be made beside it: in place
                staged = stack.enter_context(StagedOutput(out_dir))
        builder = stack.enter_context(SiteBuilder(options, await_search=False, sink=staged))
        site, result.report = builder.build()
        result.rendered = builder.rendered_last
        if site is None:
            return result
        files = ThenDeferred(site.files.packed, site.deferred)
        try:
            if staged is not None:  # the search index is made before the folder moves in
                with interrupts.deferred():
                    staged.finish(files, site.copies)
            else:  # updated in place: the search index first, so a failure changes nothing
                for make in site.deferred.values():
                    make()
                with interrupts.deferred():  # Ctrl-C: once every file is written
                    write_site(out_dir, files, site.copies)
        except MlblogError as exc:
            result.report.extend(exc.diagnostics)
            return result
        deferred = site.deferred.get(SEARCH_FILE)  # made once, kept: asking again is free
        search = deferred() if deferred is not None else site.files.get(SEARCH_FILE, b"")
        result.search_bytes, result.search_gzipped = len(search), builder.search_gzipped
    result.pages = site.pages
    result.posts = site.posts
    result.seconds = time.perf_counter() - started
    result.output = out_dir
    return result


def _first_build(options: BuildOptions, out_dir: Path) -> bool:
    """Whether the output folder is made from nothing, for a site large enough that
    writing it beside the build (StagedOutput, one more process) pays."""
    if options.jobs == 1 or (out_dir / MARKER).exists():
        return False
    return count_sources(options.site_dir) >= STAGED_MIN_SOURCES


class ThenDeferred(Mapping[str, bytes]):
    """The generated files (packed), then the deferred ones (the search index, made in its
    own process meanwhile), each made and packed when it is reached."""

    def __init__(self, files: Mapping[str, bytes], deferred: Mapping[str, Deferred]) -> None:
        self._files = files
        self._deferred = deferred

    def __getitem__(self, name: str) -> bytes:
        return self._files[name] if name in self._files else pack_bytes(self._deferred[name]())

    def __iter__(self) -> Iterator[str]:
        yield from self._files
        yield from (name for name in self._deferred if name not in self._files)

    def __len__(self) -> int:
        return len(set(self._files) | set(self._deferred))


def summary_line(result: BuildResult) -> str:
    warnings = len(result.report.warnings)
    return (
        f"built {counted(result.pages, 'page')} ({counted(result.posts, 'post')}, "
        f"{result.rendered} rendered) with {counted(warnings, 'warning')} "
        f"in {result.seconds:.2f} s → {result.output}; search index "
        f"{result.search_bytes / 1024:.0f} KB ({result.search_gzipped / 1024:.0f} KB gzipped)"
    )


def counted(number: int, noun: str) -> str:
    """`1 post`, `2 posts`."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
