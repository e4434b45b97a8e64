"""The build's stages in order (DESIGN.md §3), with what may be kept between builds.

`SiteBuilder.build()` loads everything, renders, indexes, routes and templates, and
returns the finished site in memory; `mlblog build` writes it, `mlblog serve` serves it.
Kept between builds, and always exact:
- sources, by file stat (only changed files are read and parsed again);
- rendered Markdown, by (body, summary, render settings) (only changed posts render);
- template output, by (URL, template, context) (only pages whose context changed
  are templated again), dropped whenever a template or site.yaml changes.
Between stages, HTML and pages are held packed (mlblog.packed), which is what keeps a
10,000-post build under 1 GiB.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from mlblog import heap
from mlblog.cache import (
    CACHE_DIR,
    SCHEMA,
    Cache,
    code_fingerprint,
    discard_cache,
    open_cache,
    versions,
)
from mlblog.cache import key as cache_key
from mlblog.config import CONFIG_FILE, Config, load_config, with_base_url
from mlblog.content.git_dates import GitDates
from mlblog.content.model import Entry, build_entry
from mlblog.content.source import (
    Kind,
    ParseJob,
    Source,
    SourceCache,
    count_sources,
    load_sources,
    parse_all,
    parse_source,
)
from mlblog.diagnostics import Diagnostic, MlblogError, Report, error, warning
from mlblog.image_sizes import ImageSizes
from mlblog.index import SiteIndex, build_index
from mlblog.left_out import addresses as left_out_addresses
from mlblog.left_out import draft as left_out_draft
from mlblog.left_out import not_yet_or_no_longer
from mlblog.link_check import check_menu, check_site_links
from mlblog.npm import find_package
from mlblog.packed import PackedFiles, pack, pack_bytes
from mlblog.pages import PageRenderer
from mlblog.path_clashes import path_clashes
from mlblog.related import RelatedPosts
from mlblog.render.math import KatexEngine, find_katex
from mlblog.render.result import Job, Placeholders, Rendered, RenderSettings
from mlblog.render.workers import RenderPool, worker_count
from mlblog.resolving import resolve_references
from mlblog.routes import make_feed_html, make_routes
from mlblog.search.site_index import Deferred, SearchFile
from mlblog.site_files import (
    NOJEKYLL,
    PYGMENTS_CSS,
    SEARCH_FILE,
    OtherFiles,
    bundle_assets,
    custom_domain,
    diagram_assets,
    static_assets,
    tree,
)
from mlblog.url_clashes import url_clashes
from mlblog.urls import Urls, output_file
from mlblog.views import Views

if TYPE_CHECKING:
    from mlblog.render.markdown import MarkdownRenderer


class Sink(Protocol):
    """Where output files go as soon as they are known (mlblog.staging.StagedOutput)."""

    def put(self, relative: str, content: bytes | Path, final: bool = False) -> None: ...


@dataclass(frozen=True, slots=True)
class BuildOptions:
    site_dir: Path
    output: Path | None = None
    drafts: bool = False
    future: bool = False
    base_url: str | None = None
    strict: bool = False
    now: datetime | None = None  # tests pin the clock; None is the real time
    serving: bool = False  # `mlblog serve`: base_url may be left out (the server knows its URL)
    cache: bool = True  # the persistent render cache in .mlblog-cache/
    jobs: int = 0  # worker processes for rendering; 0 = one per core


@dataclass(frozen=True, slots=True)
class SiteOutput:
    """A complete site: generated files and files copied as they are (output-relative)."""

    config: Config
    files: PackedFiles
    copies: Mapping[str, Path]
    posts: int
    seconds: float
    deferred: Mapping[str, Deferred] = field(default_factory=dict)
    urls: Mapping[str, str] = field(default_factory=dict)  # source path → site path
    # serve: the output name of each post left out (draft, dated later) → why, `path:line: …`
    skipped: Mapping[str, str] = field(default_factory=dict)

    def all_files(self) -> dict[str, bytes]:
        """Every generated file, deferred ones made now."""
        return {**self.files, **{name: make() for name, make in self.deferred.items()}}

    @property
    def pages(self) -> int:
        return sum(1 for name in self.files if name.endswith(".html"))


class SiteBuilder:
    """Builds one site folder, again and again, reusing whatever is still valid."""

    def __init__(
        self,
        options: BuildOptions,
        defer_search: bool = False,
        await_search: bool = True,
        sink: Sink | None = None,
    ) -> None:
        """defer_search: make the search index only when asked (serve);
        await_search=False: start it now but leave it in SiteOutput.deferred (build writes
        the pages while it finishes in its own process);
        sink: given each output file as soon as it is known (a first build writes them
        while the build goes on); the SiteOutput still holds them all."""
        self.options = options
        self._sink = sink
        self.await_search = await_search
        self._config: Config | None = None
        self._engine: KatexEngine | None = None
        self._renderer: MarkdownRenderer | None = None  # for a few misses, in this process
        self._pages: PageRenderer | None = None
        self._views = Views()  # what the last routes showed of each entry
        self._image_sizes = ImageSizes(options.site_dir)  # read again when a file changes
        self._urls: Urls | None = None  # kept with the settings: it remembers its links
        self._settings: dict[bool, RenderSettings] = {}  # for posts with math, and without
        self._search = SearchFile(defer_search)
        self._related = RelatedPosts()  # the last build's lists, while no post's terms change
        self._sources: SourceCache = {}
        # path → (its source, its date from git, what build_entry made of them)
        self._entries: dict[
            str, tuple[Source, datetime | None, tuple[Entry | None, list[Diagnostic]]]
        ] = {}
        self._git = GitDates(options.site_dir)  # read only if site.yaml asks for it
        self._store: Cache | None = None
        self._pending_note = ""  # why the cache was made afresh, for the next build's report
        self._versions: tuple[str, ...] = ()
        self._rendered: dict[Job, Rendered] = {}
        self.rendered_last = 0  # Markdown documents rendered by the last build (not cached)
        self.templated_last = 0  # pages templated by the last build (found in no cache)
        # Workers started before rendering, or kept after it to template pages.
        self._pool: RenderPool | None = None

    @property
    def base_path(self) -> str:
        """The base path of the site.yaml last read ('/' before one is read): where a
        site whose posts failed to build will be served once they are fixed."""
        return self._config.base_path if self._config is not None else "/"

    def templates_changed(self) -> None:
        """A template file changed: every page must be templated again."""
        self._pages = None

    def close(self) -> None:
        self._close_pool()
        self._git.close()
        if self._engine is not None:
            self._engine.close()
            self._engine = None
        self._search.close(store_open=self._store is not None)
        if self._store is not None:
            self._store.close()
            self._store = None

    def prepare_for_edits(self) -> None:
        """After a build that rendered in worker processes (or read the cache), load what
        the next build's in-process render needs: markdown-it and Pygments (by rendering
        a sample with a code block), node with KaTeX, Jinja and the templates. serve calls
        it while the author reads, so the first save reloads as fast as the ones after."""
        if self._config is None or self._engine is None:
            return  # no build has read site.yaml yet
        config = self._config
        self._engine.start()  # posts have math unless they say `math: false`
        if self._renderer is None:
            from mlblog.render.markdown import MarkdownRenderer

            self._renderer = MarkdownRenderer(self._engine)
        # The sample has no formula: nothing is asked of node, nothing is stored.
        self._renderer.render(_WARM_UP, None, render_settings(config, math=True))
        if self._pages is not None:
            self._pages.prepare()

    def _close_pool(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def __enter__(self) -> SiteBuilder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def build(self, renewed: bool = False) -> tuple[SiteOutput | None, Report]:
        """The whole site, or None and the report that says why not."""
        started = time.perf_counter()
        report = Report()
        try:
            output = self._build(report, started)
        except MlblogError as exc:
            report.extend(exc.diagnostics)
            output = None
        except sqlite3.DatabaseError as exc:  # the cache's file went bad under this build
            if renewed or self._store is None or self._store.path is None:
                raise
            self._renew_store(exc)
            return self.build(renewed=True)
        finally:
            self._close_pool()  # workers kept for templating by a build that stopped before
        if self._store is not None:
            report.extend(warning(f"{CACHE_DIR}/", None, note) for note in self._store.notes)
            if self._store.damaged:
                count = self._store.damaged
                entries = "1 damaged entry" if count == 1 else f"{count} damaged entries"
                report.add(warning(f"{CACHE_DIR}/", None,
                                   f"{entries} of the render cache made again"))  # fmt: skip
            self._store.notes.clear()
            self._store.damaged = 0
        if self.options.strict and report.warnings and not report.errors:
            report.add(error("--strict", None, "warnings are errors"))
        return (output if not report.errors else None), report

    def _build(self, report: Report, started: float) -> SiteOutput | None:
        options = self.options
        site_dir = options.site_dir
        config = load_config(site_dir)
        if options.base_url:
            config = with_base_url(config, options.base_url)
        if not config.base_url and not options.serving:
            raise MlblogError(
                error(CONFIG_FILE, 1, 'missing "base_url" (set it to the address the site is '
                      "published at, such as https://you.github.io/notes/, or pass --base-url)")
            )  # fmt: skip
        if config.base_url and not config.origin and not options.serving:
            where = "--base-url" if options.base_url else CONFIG_FILE
            report.add(
                warning(where, None, f'base_url "{config.base_url}" has no scheme and host, '
                        "which the sitemap, the Atom feed and canonical links need (set it "
                        "to the full address, such as https://you.github.io/notes/)")
            )  # fmt: skip
        if self._store is None:
            self._store = open_cache(site_dir, options.cache)
            if self._pending_note:
                self._store.notes.append(self._pending_note)
                self._pending_note = ""
        if config != self._config:
            self._reset(config)
        if config.updated_from_git:  # git reads its log while the sources are read
            self._git.start()
        self._start_workers_early(config)
        assert self._engine is not None
        lunr_dir = find_package("lunr", site_dir)
        static = dict(static_assets(self._engine.katex_dir, lunr_dir))
        output = self.options.output or site_dir / "public"
        never = (output, site_dir / CACHE_DIR)
        user_static = dict(tree(site_dir / "static", "", "static", site_dir, report, never))
        if "CNAME" in user_static and not options.serving:  # serve's address is its own
            report.extend(custom_domain(user_static["CNAME"], config))
        self._emit_copies({**static, **user_static})  # written while the rest is built
        posts, pages, left_out = self._load(config, report)
        heap.keep()  # the sources
        rendered = self._render_all([*posts, *pages], config, report)
        if report.errors:  # the other files' own problems are reported with it; links
            return None  # between posts are checked once every post has loaded
        assert self._urls is not None
        urls = self._urls
        index, problems = build_index(posts, pages, urls, config.related, self._related)
        skipped = left_out_addresses(left_out, urls) if options.serving else {}
        urls.next_build()
        report.extend(problems)
        rendered, feed_html, referenced, generated = resolve_references(
            site_dir, index, rendered, urls, report, self._image_sizes, left_out
        )
        heap.keep()  # the rendered documents and the site's index
        if report.errors:
            return None
        if any(r.diagrams for r in rendered.values()):  # a site without one never needs mermaid
            static.update(diagram_assets(find_package("mermaid", site_dir)))
        copies = {**static, **dict(bundle_assets(site_dir, index))}
        copies.update({target: site_dir / source for target, source in referenced.items()})
        copies.update(user_static)
        for name in sorted(generated.keys() & copies.keys()):  # a notebook's output-3-1.png
            source = copies.pop(name)
            where = (
                source.relative_to(site_dir).as_posix() if source.is_relative_to(site_dir) else name
            )
            report.add(
                warning(where, None, "has the name of an output image the notebook beside it "
                        "makes; the image is published, not this file (rename the file)")
            )  # fmt: skip
        page_files = {output_file(url) for url in index.urls.values()}
        for name in sorted((page_files & copies.keys()) - user_static.keys()):  # posts/b/index.html
            report.add(
                warning(copies.pop(name).relative_to(site_dir).as_posix(), None, "has the name "
                        "of the page made from the post beside it; the page is published, not "
                        "this file (rename the file)")
            )  # fmt: skip
        unreadable = [
            error(source.relative_to(site_dir).as_posix(), None, "cannot read: Permission denied")
            for name, source in copies.items()
            if name not in user_static and name not in static and not os.access(source, os.R_OK)
        ]  # (a file beside a post; static/ files are checked as they are listed)
        if unreadable:
            raise MlblogError(unreadable)
        self._emit_copies(copies)
        # may start in the background; a static/search.json of the user's own replaces it
        own_search = SEARCH_FILE in user_static
        search = None
        if not own_search:
            search = self._search.made(
                index, rendered, urls, self._store, self._versions, self._cores()
            )
        others = OtherFiles(copies, site_dir)
        files = self._render_pages(config, index, rendered, feed_html, report, others)  # packed
        files.update((name, pack_bytes(data)) for name, data in generated.items())
        files[PYGMENTS_CSS] = self._pygments_css()
        files[NOJEKYLL] = pack("")
        for name in user_static:  # the user's own static/robots.txt beats the generated one
            files.pop(name, None)
        if clashes := path_clashes(files, copies, site_dir):
            raise MlblogError(clashes)
        report.extend(check_site_links(index, rendered, files, copies, (SEARCH_FILE,)))
        report.extend(check_menu(config.menu, files, copies))
        deferred = {SEARCH_FILE: search} if search is not None else {}
        if search is not None and not self._search.defer and self.await_search:
            files[SEARCH_FILE] = pack_bytes(search())
            deferred = {}
        seconds = time.perf_counter() - started
        return SiteOutput(
            config,
            PackedFiles(files),
            copies,
            len(index.posts),
            seconds,
            deferred,
            index.urls,
            skipped,
        )

    @property
    def search_gzipped(self) -> int:
        """Size of the search index after gzip -6, once it is made."""
        return self._search.gzipped

    def _renew_store(self, problem: sqlite3.DatabaseError) -> None:
        """Throw the cache away and start the build again from nothing but the sources."""
        self._close_pool()
        self._search.cancel()
        assert self._store is not None
        with contextlib.suppress(sqlite3.Error):
            self._store.close()
        self._store = None
        discard_cache(self.options.site_dir)
        self._config = None  # everything made with the old cache is made again
        self._pending_note = f"the render cache was damaged ({problem}) and is made afresh"

    def _reset(self, config: Config) -> None:
        """site.yaml changed (or first build): nothing rendered under the old one is kept."""
        if self._config is None or config.math != self._config.math:
            if self._engine is not None:
                self._engine.close()
            katex_dir = find_katex(self.options.site_dir)
            self._engine = KatexEngine(katex_dir, config.math.macros, self._store)
            self._engine.claim_store()
            self._renderer = None  # made when a document needs rendering here
            self._versions = (*versions(self._engine.version), repr(config.math.macros))
        self._config = config
        self._entries.clear()  # entries depend on the time zone
        self._rendered.clear()
        self._views = Views()
        self._urls = Urls(config)
        self._settings = {math: render_settings(config, math) for math in (False, True)}
        self._search.reset()
        self._related = RelatedPosts(self._store, self._versions)
        self.templates_changed()

    def _load(
        self, config: Config, report: Report
    ) -> tuple[list[Entry], list[Entry], list[tuple[Entry, Diagnostic]]]:
        """Posts and pages to build, and those left out with why (serve shows it)."""
        every = not self._sources  # nothing read before: every file is parsed now
        parse = functools.partial(self._parse, every=every)
        sources, problems = load_sources(self.options.site_dir, self._sources, parse)
        report.extend(problems)
        now = self.options.now or datetime.now(UTC)
        posts: list[Entry] = []
        pages: list[Entry] = []
        left_out: list[tuple[Entry, Diagnostic]] = []
        entries = {}
        verb = "serve" if self.options.serving else "build"  # the command a hint names
        committed: Mapping[str, datetime] = {}
        if config.updated_from_git:
            committed, git_problems = self._git.read()
            report.extend(git_problems)
        for source in sources:
            cached = self._entries.get(source.path)
            when = committed.get(source.path)
            if cached and cached[0] is source and cached[1] == when:
                built = cached[2]
            else:
                built = build_entry(source, config.tz, when)
            entries[source.path] = (source, when, built)
            entry, diagnostics = built
            report.extend(diagnostics)
            if entry is None:
                continue
            if entry.draft and not self.options.drafts:
                left_out.append((entry, left_out_draft(entry, verb)))
                continue
            skipped = not_yet_or_no_longer(entry, now, self.options.future, verb)
            if skipped is not None:
                report.add(skipped)
                left_out.append((entry, skipped))
            else:
                (pages if entry.kind is Kind.PAGE else posts).append(entry)
        self._entries = entries
        return posts, pages, left_out

    def _render_all(
        self, entries: list[Entry], config: Config, report: Report
    ) -> dict[str, Rendered]:
        """Rendered documents from memory, then the persistent cache, then rendering."""
        settings = self._settings  # the same objects build after build: compared at once
        keys = {e.path: (e.source.body, e.summary, settings[e.math]) for e in entries}
        fresh = not self._rendered  # every document is looked up in the persistent cache
        known = {k: self._rendered[k] for k in keys.values() if k in self._rendered}
        misses = list(dict.fromkeys(k for k in keys.values() if k not in known))
        stored_keys: dict[Job, bytes] = {}
        if misses and self._store is not None:
            stored_keys = {k: self._doc_key(k) for k in misses}
            found = self._store.get_many("doc", list(stored_keys.values()))
            known.update((k, found[key]) for k, key in stored_keys.items() if key in found)
            misses = [k for k in misses if k not in known]
        for job, result in zip(misses, self._render_misses(misses, config), strict=True):
            known[job] = result
            if self._store is not None:
                self._store.put("doc", stored_keys[job], result)
        if self._store is not None:
            self._store.flush()
            if fresh:  # forget documents no source renders to any more (edited, deleted)
                self._store.retain("doc", list(stored_keys.values()))
        self.rendered_last = len(misses)
        self._rendered = known  # forget deleted and outdated documents
        rendered: dict[str, Rendered] = {}
        for entry in entries:
            result = rendered[entry.path] = known[keys[entry.path]]
            report.extend(
                warning(entry.path, entry.source.file_line(line), msg)
                for line, msg in result.warnings
            )
        return rendered

    def _parse(self, jobs: list[ParseJob], every: bool) -> list[Source | Diagnostic]:
        """parse_source through the persistent cache (front matter parsing is not free);
        `every`: these are all the site's files, so cached parses of others are dropped."""
        if self._store is None:
            return parse_all(jobs)
        prefix = (SCHEMA, code_fingerprint(), "source")
        keys = [cache_key(*prefix, rel, kind.value, raw, mtime) for rel, kind, raw, mtime in jobs]
        stored = self._store.get_many("source", keys)
        results: list[Source | Diagnostic] = []
        for stored_key, job in zip(keys, jobs, strict=True):
            found = stored.get(stored_key)
            if found is None:
                found = parse_source(*job)
                self._store.put("source", stored_key, found)
            results.append(cast(Source | Diagnostic, found))
        if every:  # forget the parses of file contents that are gone
            self._store.retain("source", keys)
        return results

    def _doc_key(self, job: Job) -> bytes:
        return cache_key(self._versions, *job)

    def _render_misses(self, misses: list[Job], config: Config) -> Iterator[Rendered]:
        """Each result in order, as soon as it is made. Markdown and Pygments are imported
        only here: a rebuild that finds everything in the cache starts without them."""
        assert self._engine is not None
        pool, self._pool = self._pool, None
        workers = worker_count(len(misses), self._cores())
        if workers and pool is None:
            pool = self._start_workers(workers, config)
        if pool is not None and workers:
            try:
                yield from pool.render(misses)
            except BaseException:
                pool.close()
                raise
            self._pool = pool  # its workers template the pages next (_render_pages)
            return
        if pool is not None:  # started early, and not worth it after all
            pool.close()
        if misses and self._renderer is None:
            from mlblog.render.markdown import MarkdownRenderer

            self._renderer = MarkdownRenderer(self._engine)
        if misses:
            assert self._renderer is not None
            yield from self._renderer.render_many(misses)

    def _start_workers(self, workers: int, config: Config) -> RenderPool:
        assert self._engine is not None
        cache = self._store.path if self._store is not None else None
        return RenderPool(workers, self._engine.katex_dir, config.math.macros, cache)

    def _start_workers_early(self, config: Config) -> None:
        """A build that will render every document (nothing rendered in memory or in the
        cache yet) starts its workers, and the search index's process, before reading the
        sources: their start-up (imports, node) then overlaps the reading."""
        if self._pool is not None or self._rendered or self._store is None:
            return
        if self._store.has_any("doc"):
            return
        sources = count_sources(self.options.site_dir)
        self._search.start_early(sources, self._cores())  # first: see start_early
        workers = worker_count(sources, self._cores())
        if workers:
            self._pool = self._start_workers(workers, config)

    def _emit_copies(self, copies: Mapping[str, Path]) -> None:
        if self._sink is not None:
            for target, source in copies.items():
                self._sink.put(target, source)

    def _cores(self) -> int:
        return self.options.jobs or os.cpu_count() or 1

    def _pygments_css(self) -> bytes:
        """The code stylesheet, packed; kept in the cache (it depends only on versions)."""
        stored_key = cache_key(self._versions, "pygments.css")
        found = self._store.get("css", stored_key) if self._store is not None else None
        if not isinstance(found, bytes):
            from mlblog.render.highlight import stylesheet

            found = pack(stylesheet())
            if self._store is not None:
                self._store.put("css", stored_key, found)
        return found

    def _math_titles(self, index: SiteIndex, report: Report) -> dict[str, str]:
        """The HTML of each title with a formula in it (rare: typeset here, in one batch,
        mostly from the formula cache)."""
        from mlblog.render import title_math

        wanted = {
            e.path: (e, title_math.formulas(e.title))
            for e in (*index.posts, *index.pages)
            if e.math and title_math.may_hold_math(e.title)
        }
        wanted = {path: found for path, found in wanted.items() if found[1]}
        if not wanted:
            return {}
        assert self._engine is not None
        items = list(dict.fromkeys(i for _, found in wanted.values() for i in found))
        typeset = dict(zip(items, self._engine.render(items), strict=True))
        titles = {}
        for path, (entry, found) in wanted.items():
            titles[path] = title_math.title_html(entry.title, typeset)
            for item in found:
                result = typeset[item]
                line = entry.source.line_of("title")
                if result.error:
                    report.add(warning(path, line, f"math in the title: {result.error}"))
                report.extend(
                    warning(path, line, f"math in the title: {w}") for w in result.warnings
                )
        return titles

    def _render_pages(
        self,
        config: Config,
        index: SiteIndex,
        rendered: dict[str, Rendered],
        feed_html: dict[str, bytes],
        report: Report,
        others: Mapping[str, str],
    ) -> dict[str, bytes]:
        """The pages, templated; `others`: the files the site has besides them (output name
        → what it is), where no redirect may go."""
        if self._pages is None:
            self._pages = PageRenderer(self.options.site_dir, config, self._store, self._versions)
        sink = self._sink  # a one-off first build: pages go to it and are let go of
        emit = functools.partial(sink.put, final=True) if sink is not None else None
        titles = self._math_titles(index, report)
        routes = make_routes(index, rendered, feed_html, config, self._views, titles)
        if clashes := url_clashes(routes, index, others):
            raise MlblogError(clashes)
        helpers, self._pool = self._pool, None  # workers that rendered, if any
        try:
            files = self._pages.render(
                routes, emit, helpers, keep=sink is None, shared=make_feed_html
            )
        finally:
            if helpers is not None:
                helpers.close()
        self.templated_last = self._pages.templated_last
        return files


_WARM_UP = "# Warm-up\n\nText with `code`.\n\n```python\nstep = 1\n```\n"


def render_settings(config: Config, math: bool) -> RenderSettings:
    from mlblog.theme_strings import POST_WORDS, in_english, site_words

    p = config.excerpt.placeholders
    words = site_words(config.language, config.words)
    return RenderSettings(
        placeholders=Placeholders(p.code, p.math_inline, p.math_block),
        excerpt_length=config.excerpt.length,
        html=config.markdown.html,
        math=math,
        base_path=config.base_path,
        words=tuple(
            (name, words[name], "en" if in_english(config.language, name, words[name]) else "")
            for name in POST_WORDS
        ),
    )
