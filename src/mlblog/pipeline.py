"""The build's stages in order (DESIGN.md §3), with what may be kept between builds.

`SiteBuilder.build()` loads everything, renders, indexes, routes and templates, and
returns the finished site in memory; `mlblog build` writes it, `mlblog serve` serves it.
Kept between builds, and always exact:
- sources, by file stat (only changed files are read and parsed again);
- rendered Markdown, by (body, summary, render settings, citations) (only changed posts
  render: mlblog.documents);
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
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from mlblog import heap
from mlblog.bibliography import Bibliographies
from mlblog.cache import (
    CACHE_DIR,
    Cache,
    discard_cache,
    open_cache,
)
from mlblog.cache import key as cache_key
from mlblog.config import CONFIG_FILE, Config, load_config, with_base_url
from mlblog.content.source_files import count_sources
from mlblog.diagnostics import MlblogError, Report, error, warning
from mlblog.documents import Documents
from mlblog.entries import SiteEntries
from mlblog.image_sizes import ImageSizes
from mlblog.index import SiteIndex, build_index
from mlblog.left_out import addresses as left_out_addresses
from mlblog.link_check import check_menu, check_site_links
from mlblog.npm import find_package
from mlblog.packed import PackedFiles, pack, pack_bytes
from mlblog.pages import PageRenderer
from mlblog.path_clashes import path_clashes
from mlblog.related import RelatedPosts
from mlblog.render.result import Rendered
from mlblog.resolving import resolve_references
from mlblog.routes import make_feed_html, make_routes
from mlblog.search.site_index import Deferred, SearchFile
from mlblog.site_files import (
    NOJEKYLL,
    PYGMENTS_CSS,
    SEARCH_FILE,
    OtherFiles,
    custom_domain,
    diagram_assets,
    files_to_copy,
    static_assets,
    tree,
)
from mlblog.term_templates import series_templates
from mlblog.url_clashes import url_clashes
from mlblog.urls import Urls
from mlblog.views import Views


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
        self._documents = Documents(options.site_dir, self._cores)
        self._pages: PageRenderer | None = None
        self._views = Views()  # what the last routes showed of each entry
        self._image_sizes = ImageSizes(options.site_dir)  # read again when a file changes
        self._bibliographies = Bibliographies(options.site_dir)  # parsed again when one changes
        self._urls: Urls | None = None  # kept with the settings: it remembers its links
        self._search = SearchFile(defer_search)
        self._related = RelatedPosts()  # the last build's lists, while no post's terms change
        self._entries = SiteEntries(options.site_dir)
        self._store: Cache | None = None
        self._pending_note = ""  # why the cache was made afresh, for the next build's report
        self.templated_last = 0  # pages templated by the last build (found in no cache)

    @property
    def base_path(self) -> str:
        """The base path of the site.yaml last read ('/' before one is read): where a
        site whose posts failed to build will be served once they are fixed."""
        return self._config.base_path if self._config is not None else "/"

    def templates_changed(self) -> None:
        """A template file changed: every page must be templated again."""
        self._pages = None

    @property
    def bibliography_files(self) -> frozenset[Path]:
        """The .bib files the last build that cited any looked for (found or not)."""
        return self._bibliographies.files

    @property
    def rendered_last(self) -> int:
        """Markdown documents rendered by the last build (found in no cache)."""
        return self._documents.rendered_last

    def close(self) -> None:
        self._documents.close()
        self._entries.close()
        self._search.close(store_open=self._store is not None)
        if self._store is not None:
            self._store.close()
            self._store = None

    def prepare_for_edits(self) -> None:
        """After a build that rendered in worker processes (or read the cache), load what
        the next build's in-process render needs: markdown-it and Pygments (by rendering
        a sample with a code block), node with KaTeX, Jinja and the templates. serve calls
        it while the author reads, so the first save reloads as fast as the ones after."""
        self._documents.prepare_for_edits()
        if self._pages is not None:
            self._pages.prepare()

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
            self._documents.close_pool()  # kept for templating by a build that stopped before
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
            line = None if options.base_url else config.line("base_url")
            report.add(
                warning(where, line, f'base_url "{config.base_url}" has no scheme and host, '
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
            self._entries.git.start()
        if self._documents.will_render_all(self._store):
            sources = count_sources(site_dir)
            self._search.start_early(sources, self._cores())  # first: see start_early
            self._documents.start_workers(sources, self._store)
        assert self._documents.engine is not None
        lunr_dir = find_package("lunr", site_dir)
        static = dict(static_assets(self._documents.engine.katex_dir, lunr_dir))
        output = self.options.output or site_dir / "public"
        never = (output, site_dir / CACHE_DIR)
        user_static = dict(tree(site_dir / "static", "", "static", site_dir, report, never))
        if "CNAME" in user_static and not options.serving:  # serve's address is its own
            report.extend(custom_domain(user_static["CNAME"], config))
        self._emit_copies({**static, **user_static})  # written while the rest is built
        posts, pages, left_out = self._entries.load(
            config, self._store, report, drafts=options.drafts, future=options.future,
            now=options.now, serving=options.serving,
        )  # fmt: skip
        heap.keep()  # the sources
        entries = [*posts, *pages]
        cited = self._bibliographies.cited(entries, config.bibliography, report, self._store)
        rendered = self._documents.render(entries, cited, self._store, report)
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
        copies = files_to_copy(site_dir, index, static, user_static, referenced, generated, report)
        self._emit_copies(copies)
        # may start in the background; a static/search.json of the user's own replaces it
        own_search = SEARCH_FILE in user_static
        search = None
        if not own_search:
            search = self._search.made(
                index, rendered, urls, self._store, self._documents.versions, self._cores()
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
        report.extend(check_menu(config, files, copies))
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
        self._documents.close_pool()
        self._search.cancel()
        assert self._store is not None
        with contextlib.suppress(sqlite3.Error):
            self._store.close()
        self._store = None
        discard_cache(self.options.site_dir)
        self._config = None  # everything made with the old cache is made again
        self._documents.forget()
        self._pending_note = f"the render cache was damaged ({problem}) and is made afresh"

    def _reset(self, config: Config) -> None:
        """site.yaml changed (or first build): nothing rendered under the old one is kept."""
        self._documents.reset(config, self._store)
        self._config = config
        self._entries.forget_entries()
        self._views = Views()
        self._urls = Urls(config)
        self._search.reset()
        self._related = RelatedPosts(self._store, self._documents.versions)
        self.templates_changed()

    def _emit_copies(self, copies: Mapping[str, Path]) -> None:
        if self._sink is not None:
            for target, source in copies.items():
                self._sink.put(target, source)

    def _cores(self) -> int:
        return self.options.jobs or os.cpu_count() or 1

    def _pygments_css(self) -> bytes:
        """The code stylesheet, packed; kept in the cache (it depends only on versions)."""
        stored_key = cache_key(self._documents.versions, "pygments.css")
        found = self._store.get("css", stored_key) if self._store is not None else None
        if not isinstance(found, bytes):
            from mlblog.render.highlight import stylesheet

            found = pack(stylesheet())
            if self._store is not None:
                self._store.put("css", stored_key, found)
        return found

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
            versions = self._documents.versions
            self._pages = PageRenderer(self.options.site_dir, config, self._store, versions)
        sink = self._sink  # a one-off first build: pages go to it and are let go of
        emit = functools.partial(sink.put, final=True) if sink is not None else None
        titles = self._documents.math_titles(index, report)
        routes = make_routes(index, rendered, feed_html, config, self._views, titles)
        routes, old_templates = series_templates(routes, self.options.site_dir)
        report.extend([*old_templates, *self._pages.template_warnings()])
        if clashes := url_clashes(routes, index, others, config):
            raise MlblogError(clashes)
        helpers = self._documents.take_pool()  # the workers that rendered, if any
        try:
            files = self._pages.render(
                routes, emit, helpers, keep=sink is None, shared=make_feed_html
            )
        finally:
            if helpers is not None:
                helpers.close()
        self.templated_last = self._pages.templated_last
        return files
