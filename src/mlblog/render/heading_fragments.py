"""A Markdown link's `#fragment` that names a heading by its text, as Obsidian
(`[x](note.md#Some%20Heading)`) and Typora (`[x](#Some Heading)`) write it, goes to that
heading's id. Parser-free: the build resolves links between cached documents with it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from urllib.parse import unquote

from mlblog.content.slugs import heading_id


def heading_fragment(
    fragment: str, moved: Mapping[str, str], ids: Callable[[], Collection[str]]
) -> str:
    """The `#fragment` of a Markdown link (percent-encoded) as its page has it: as written
    when `ids()` (the page's ids) holds it, else the id of the heading whose text it names
    (`Some%20Heading` → `some-heading`), else as written, for the link check to report.
    `moved`: the page's headings whose ids are not the ones their texts give."""
    wanted = unquote(fragment)
    said = heading_id(wanted)
    if not said or (said == wanted and said not in moved):
        return fragment  # an id as ids are made (most links): no heading's text could differ
    if wanted in (found := ids()):
        return fragment
    given = moved.get(said, said)
    return given if given in found else fragment
