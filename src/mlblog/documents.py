"""The posts' and pages' Markdown, rendered: kept in memory by what renders it (a Job:
body, summary, render settings, citations), then in the persistent cache, else rendered
in worker processes when there are enough to pay for them, or in this process.

Documents holds the KaTeX engine of the build process (titles with formulas, and the
renders done here) and the render workers, which go on to template the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from mlblog.cache import Cache, versions
from mlblog.cache import key as cache_key
from mlblog.config import Config
from mlblog.content.model import Entry
from mlblog.diagnostics import Report, warning
from mlblog.index import SiteIndex
from mlblog.render.cited import Cited
from mlblog.render.code_cache import KIND as CODE_KIND
from mlblog.render.code_cache import HighlightCache
from mlblog.render.math import KatexEngine, explained, find_katex
from mlblog.render.result import Job, Placeholders, Rendered, RenderSettings
from mlblog.render.workers import RenderPool, worker_count

if TYPE_CHECKING:
    from mlblog.render.markdown import MarkdownRenderer

_WARM_UP = "# Warm-up\n\nText with `code`.\n"


class Documents:
    """`cores`: how many worker processes a full render may use (asked at each use)."""

    def __init__(self, site_dir: Path, cores: Callable[[], int]) -> None:
        self.site_dir = site_dir
        self._cores = cores
        self.engine: KatexEngine | None = None
        self.versions: tuple[str, ...] = ()  # of everything a render depends on, for keys
        self._config: Config | None = None
        self._settings: dict[bool, RenderSettings] = {}  # for posts with math, and without
        self._renderer: MarkdownRenderer | None = None  # for a few misses, in this process
        self._code: HighlightCache | None = None  # code blocks in the cache, for it
        self._rendered: dict[Job, Rendered] = {}
        # Workers started before rendering, or kept after it to template pages.
        self._pool: RenderPool | None = None
        self.rendered_last = 0  # documents rendered by the last build (found in no cache)

    def reset(self, config: Config, store: Cache | None) -> None:
        """site.yaml changed (or first build): nothing rendered under the old one is kept;
        the engine is started again if the math settings changed."""
        if self._config is None or self.engine is None or config.math != self._config.math:
            if self.engine is not None:
                self.engine.close()
            self.engine = KatexEngine(find_katex(self.site_dir), config.math.macros, store)
            self.engine.claim_store()
            self._code = HighlightCache(store)
            self._code.claim_store()
            self._renderer = None  # made when a document needs rendering here
            self.versions = (*versions(self.engine.version), repr(config.math.macros))
        self._config = config
        self._rendered.clear()
        self._settings = {math: render_settings(config, math) for math in (False, True)}

    def forget(self) -> None:
        """The cache was made afresh: the next reset starts everything again."""
        self._config = None

    def will_render_all(self, store: Cache | None) -> bool:
        """Nothing rendered in memory or in the cache yet, and no workers started."""
        return (
            self._pool is None
            and not self._rendered
            and store is not None
            and not store.has_any("doc")
        )

    def start_workers(self, documents: int, store: Cache | None) -> None:
        """Workers for a render of `documents`, if that many pay for them: started before the
        sources are read, their start-up (imports, node) overlaps the reading."""
        workers = worker_count(documents, self._cores())
        if workers:
            self._pool = self._new_pool(workers, store)

    def render(
        self, entries: Sequence[Entry], cited: dict[str, Cited], store: Cache | None,
        report: Report,
    ) -> dict[str, Rendered]:  # fmt: skip
        """Each entry's rendering (its warnings reported): from memory, then the persistent
        cache, then rendered."""
        settings = self._settings  # the same objects build after build: compared at once
        keys: dict[str, Job] = {
            e.path: (
                e.source.body, e.summary, _folding(settings[e.math], e.code_fold),
                cited.get(e.path), e.source.title_heading,
            )
            for e in entries
        }  # fmt: skip
        fresh = not self._rendered  # every document is looked up in the persistent cache
        known = {k: self._rendered[k] for k in keys.values() if k in self._rendered}
        misses = list(dict.fromkeys(k for k in keys.values() if k not in known))
        stored_keys: dict[Job, bytes] = {}
        if misses and store is not None:
            stored_keys = {k: cache_key(self.versions, *k) for k in misses}
            found = store.get_many("doc", list(stored_keys.values()))
            known.update((k, found[key]) for k, key in stored_keys.items() if key in found)
            misses = [k for k in misses if k not in known]
        for job, result in zip(misses, self._render_misses(misses, store), strict=True):
            known[job] = result
            if store is not None:
                store.put("doc", stored_keys[job], result)
        if store is not None:
            store.flush()
            if fresh:  # forget documents no source renders to any more (edited, deleted)
                store.retain("doc", list(stored_keys.values()))
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

    def _render_misses(self, misses: list[Job], store: Cache | None) -> Iterator[Rendered]:
        """Each result in order, as soon as it is made. Markdown and Pygments are imported
        only here: a rebuild that finds everything in the cache starts without them."""
        assert self.engine is not None
        pool, self._pool = self._pool, None
        workers = worker_count(len(misses), self._cores())
        if workers and pool is None:
            pool = self._new_pool(workers, store)
        if pool is not None and workers:
            try:
                yield from pool.render(misses)
            except BaseException:
                pool.close()
                raise
            self._pool = pool  # its workers template the pages next (take_pool)
            return
        if pool is not None:  # started early, and not worth it after all
            pool.close()
        if misses and self._renderer is None:
            from mlblog.render.markdown import MarkdownRenderer

            self._renderer = MarkdownRenderer(self.engine, self._code)
        if misses:
            assert self._renderer is not None
            yield from self._renderer.render_many(misses)

    def _new_pool(self, workers: int, store: Cache | None) -> RenderPool:
        assert self.engine is not None and self._config is not None
        cache = store.path if store is not None else None
        look_up = (
            store is not None and store.has_any("formula"),
            store is not None and store.has_any(CODE_KIND),
        )
        macros = self._config.math.macros
        return RenderPool(workers, self.engine.katex_dir, macros, cache, look_up)

    def take_pool(self) -> RenderPool | None:
        """The workers that rendered this build's documents, if any, for the pages."""
        pool, self._pool = self._pool, None
        return pool

    def close_pool(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def prepare_for_edits(self) -> None:
        """Load what the next in-process render needs: markdown-it and Pygments (by
        rendering a sample with a code block) and node with KaTeX."""
        if self._config is None or self.engine is None:
            return  # no build has read site.yaml yet
        self.engine.start()  # posts have math unless they say `math: false`
        if self._renderer is None:
            from mlblog.render.markdown import MarkdownRenderer

            self._renderer = MarkdownRenderer(self.engine, self._code)
        # The sample has no formula and no code block: nothing is asked of node, nothing
        # is stored. Pygments and its Python lexer are loaded by highlighting one directly.
        self._renderer.render(_WARM_UP, None, self._settings[True])
        from mlblog.render.highlight import highlight_block

        highlight_block("step = 1\n", "python")

    def math_titles(self, index: SiteIndex, report: Report) -> dict[str, str]:
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
        assert self.engine is not None
        items = list(dict.fromkeys(i for _, found in wanted.values() for i in found))
        typeset = dict(zip(items, self.engine.render(items), strict=True))
        titles = {}
        for path, (entry, found) in wanted.items():
            titles[path] = title_math.title_html(entry.title, typeset)
            for item in found:
                result = typeset[item]
                line = entry.source.line_of("title")
                if result.error:
                    report.add(warning(path, line, f"math in the title: {explained(result.error)}"))
                report.extend(
                    warning(path, line, f"math in the title: {w}") for w in result.warnings
                )
        return titles

    def close(self) -> None:
        self.close_pool()
        if self.engine is not None:
            self.engine.close()
            self.engine = None


def _folding(settings: RenderSettings, code_fold: tuple[str, str]) -> RenderSettings:
    """The settings of a document that folds its chunks (front matter `code-fold:`): rare."""
    return replace(settings, code_fold=code_fold) if code_fold[0] else settings


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
        numeric_citations=config.citation_style == "numeric",
    )
