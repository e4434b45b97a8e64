"""The posts and pages of each build: files read again only when they changed, their
front matter parsed through the render cache, each made into an Entry again only when its
source or its date from git changed, and sorted into those built and those left out."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from mlblog.cache import SCHEMA, Cache, code_fingerprint
from mlblog.cache import key as cache_key
from mlblog.config import Config
from mlblog.content.git_dates import GitDates
from mlblog.content.model import Entry, build_entry
from mlblog.content.source import (
    Kind,
    ParseJob,
    Source,
    SourceCache,
    load_sources,
    parse_all,
    parse_source,
)
from mlblog.diagnostics import Diagnostic, Report
from mlblog.left_out import draft as left_out_draft
from mlblog.left_out import not_yet_or_no_longer

Loaded = tuple[list[Entry], list[Entry], list[tuple[Entry, Diagnostic]]]


class SiteEntries:
    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self._sources: SourceCache = {}
        # path → (its source, its date from git, what build_entry made of them)
        self._entries: dict[
            str, tuple[Source, datetime | None, tuple[Entry | None, list[Diagnostic]]]
        ] = {}
        self.git = GitDates(site_dir)  # read only if site.yaml asks for it

    def forget_entries(self) -> None:
        """site.yaml changed: entries depend on its time zone."""
        self._entries.clear()

    def load(
        self, config: Config, store: Cache | None, report: Report, *, drafts: bool,
        future: bool, now: datetime | None, serving: bool,
    ) -> Loaded:  # fmt: skip
        """Posts and pages to build, and those left out with why (serve shows it)."""
        every = not self._sources  # nothing read before: every file is parsed now
        parse = functools.partial(_parse, store, every=every)
        sources, problems = load_sources(self.site_dir, self._sources, parse)
        report.extend(problems)
        now = now or datetime.now(UTC)
        posts: list[Entry] = []
        pages: list[Entry] = []
        left_out: list[tuple[Entry, Diagnostic]] = []
        entries = {}
        verb = "serve" if serving else "build"  # the command a hint names
        committed: Mapping[str, datetime] = {}
        if config.updated_from_git:
            committed, git_problems = self.git.read()
            at = config.line("updated_from_git")  # (what git said is about that setting)
            report.extend(replace(problem, line=problem.line or at) for problem in git_problems)
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
            if entry.draft and not drafts:
                left_out.append((entry, left_out_draft(entry, verb)))
                continue
            skipped = not_yet_or_no_longer(entry, now, future, verb)
            if skipped is not None:
                report.add(skipped)
                left_out.append((entry, skipped))
            else:
                (pages if entry.kind is Kind.PAGE else posts).append(entry)
        self._entries = entries
        return posts, pages, left_out

    def close(self) -> None:
        self.git.close()


def _parse(store: Cache | None, jobs: list[ParseJob], every: bool) -> list[Source | Diagnostic]:
    """parse_source through the persistent cache (front matter parsing is not free);
    `every`: these are all the site's files, so cached parses of others are dropped."""
    if store is None:
        return parse_all(jobs)
    prefix = (SCHEMA, code_fingerprint(), "source")
    keys = [cache_key(*prefix, rel, kind.value, raw, mtime) for rel, kind, raw, mtime in jobs]
    stored = store.get_many("source", keys)
    results: list[Source | Diagnostic] = []
    for stored_key, job in zip(keys, jobs, strict=True):
        found = stored.get(stored_key)
        if found is None:
            found = parse_source(*job)
            store.put("source", stored_key, found)
        results.append(cast(Source | Diagnostic, found))
    if every:  # forget the parses of file contents that are gone
        store.retain("source", keys)
    return results
