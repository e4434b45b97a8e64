"""Posts and pages left out of a build (drafts, dated later, expired), by the address
each would have had: `mlblog serve` says why at that address instead of a bare 404."""

from __future__ import annotations

from collections.abc import Iterable

from mlblog.content.model import Entry
from mlblog.diagnostics import Diagnostic, warning
from mlblog.urls import Urls, output_file


def draft(entry: Entry, verb: str) -> Diagnostic:
    """Why a draft is left out. Not reported (a draft is left out on purpose); shown at
    its address by serve."""
    line = entry.source.line_of("draft")
    return warning(
        entry.path, line, f"a draft (draft: true); skipped ({verb} with --drafts to include it)"
    )


def addresses(left_out: Iterable[tuple[Entry, Diagnostic]], urls: Urls) -> dict[str, str]:
    """Output name each entry would have been served from → why it is not, as
    `path:line: reason`. The first entry of an address names it."""
    found: dict[str, str] = {}
    for entry, why in left_out:
        where = f"{why.path}:{why.line}" if why.line else why.path
        found.setdefault(output_file(urls.entry(entry)), f"{where}: {why.message}")
    return found
