"""Posts and pages left out of a build (drafts, dated later, expired), by the address
each would have had: `mlblog serve` says why at that address instead of a bare 404."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from mlblog.content.front_matter_keys import EXPIRY_KEYS, PUBLISH_KEYS
from mlblog.content.model import Entry
from mlblog.content.source import Kind
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


def not_yet_or_no_longer(
    entry: Entry, now: datetime, future: bool, verb: str = "build"
) -> Diagnostic | None:
    """Why an entry is left out of this build, by its dates: dated in the future, or
    shown only from a later `publishDate` (built with --future), or past its `expiryDate`.
    A page's date is only a page's if it gives one (else it is the file's mtime)."""
    line = entry.source.line_of
    if entry.expires is not None and entry.expires <= now:
        key = _given(entry, EXPIRY_KEYS)
        when = f"{entry.expires:%Y-%m-%d %H:%M %z}"
        return warning(
            entry.path,
            line(key),
            f"expired ({key} {when}); skipped (remove {key} to show it again)",
        )
    later = f"skipped ({verb} with --future to include it)"
    if future:
        return None
    if entry.publish_at is not None and entry.publish_at > now:
        key = _given(entry, PUBLISH_KEYS) or "published"
        return warning(
            entry.path,
            line(key),
            f"to be published at {entry.publish_at:%Y-%m-%d %H:%M %z}; {later}",
        )
    if entry.date > now and (entry.dated or entry.kind is Kind.POST):
        return warning(
            entry.path,
            line("date"),
            f"dated in the future ({entry.date:%Y-%m-%d %H:%M %z}); {later}",
        )
    return None


def _given(entry: Entry, keys: tuple[str, ...]) -> str:
    """The first of `keys` the front matter gives a value ("" if none does)."""
    return next((k for k in keys if entry.meta.get(k) not in (None, "")), "")
