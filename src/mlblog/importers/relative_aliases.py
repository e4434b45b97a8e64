"""Hugo's page-relative aliases (`aliases: [old-name, ../old/path]`) as the site paths Hugo
made them: from the folder of the page's own address on the old site, as Hugo's
renderAliases does (`path.Join(page's path, "..", alias)`), so a post Hugo served at
/posts/new/ redirected from /posts/old-name/ and /old/path/.

A redirect is never made over a page: one that names an address a post or page of the
import has (its new one, or the old one that becomes its redirect), or one of the pages
mlblog makes itself (`../` from /posts/a/ is the home page), is left out, said.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from mlblog.content.addresses import BadPath, address
from mlblog.importers.model import AliasRules
from mlblog.routes import SITE_PAGE_NAMES
from mlblog.urls import output_file

_MADE = {output_file(path): what for path, what in SITE_PAGE_NAMES.items()}


def resolve(page: str, alias: str, ugly: bool = False) -> str:
    """`alias` from the folder of `page`'s address: Go's path.Join, whose `..` stops at the
    site's root as Python's normpath does; under `uglyURLs` Hugo then adds `.html` (/a/b.html
    has the same folder as /a/b/, so only the end differs)."""
    folder = posixpath.dirname(page.rstrip("/")) or "/"
    found = posixpath.normpath(posixpath.join(folder, alias))
    return found + ".html" if ugly and not found.endswith(".html") else found


def as_files(aliases: list[str]) -> list[str]:
    """Aliases as Hugo writes them under `uglyURLs`, each a file: `/old/` is /old.html."""
    made = [a if a.endswith(".html") or a == "/" else a.rstrip("/") + ".html" for a in aliases]
    return list(dict.fromkeys(made))


def place(
    relative: tuple[tuple[int, str], ...],
    page: str | None,
    prefix: str,
    taken: Mapping[str, str],
    own: str,
    aliases: list[str],
    rules: AliasRules,
) -> list[tuple[int, str]]:
    """Add each relative alias, resolved from `page` (the old address, None when it cannot
    be worked out) as the old site's `rules` say and put under `prefix`, to `aliases`;
    `taken` maps the output file of each address the import's posts have to the post (`own`
    is this one, by its path in the old site). The notes."""
    notes: list[tuple[int, str]] = []
    for line, text in relative:
        if page is None:
            notes.append((line, f"aliases {text!r} is relative to the post's address on the "
                          "old site, which cannot be worked out; left out (list the old "
                          "address, starting with /, by hand)"))  # fmt: skip
            continue
        try:
            found = prefix + address(resolve(page, text, rules.ugly))
        except BadPath as exc:
            notes.append((line, f"aliases {text!r}: {exc}; left out"))
            continue
        there = taken.get(output_file(found))
        if there == own:
            continue  # its own address: the post is there
        if there is None and (made := _MADE.get(output_file(found))) is not None:
            notes.append((line, f"aliases {text!r} is {found} from this post's old address "
                          f"{prefix + page}, where mlblog makes {made}; no redirect is made "
                          "over it, left out"))  # fmt: skip
            continue
        if there is not None:
            notes.append((line, f"aliases {text!r} is {found} from this post's old address "
                          f"{prefix + page}, where {there} is; no redirect is made over it, "
                          "left out"))  # fmt: skip
        elif found not in aliases:
            aliases.append(found)
    return notes
