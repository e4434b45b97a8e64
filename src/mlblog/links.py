"""After rendering: links between posts become URLs, and local images are found on disk.

Render records `mlblog-link:N` markers and asset paths (render.references); only the
build knows every post's URL and the files beside each source, so it resolves them here.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from mlblog.diagnostics import Diagnostic, warning
from mlblog.render.markdown import Rendered
from mlblog.render.references import LINK_MARKER

_MARKER = re.compile('href="' + re.escape(LINK_MARKER) + r'(\d+)"')


@dataclass(frozen=True, slots=True)
class Resolved:
    html: str
    copies: dict[str, str]  # output-relative path → site-relative source path
    problems: list[Diagnostic]


def resolve(
    source_path: str,
    body_line: int,
    page_folder: str,
    rendered: Rendered,
    url_of_source: Mapping[str, str],
    href: Callable[[str], str],
    exists: Callable[[str], bool],
) -> Resolved:
    """The post's final HTML, the files to copy beside it, and warnings for broken ones.

    `href` applies base_url to a site path; `exists` asks the disk about a site-relative path.
    """
    folder = posixpath.dirname(source_path)
    problems: list[Diagnostic] = []
    targets: list[str] = []
    for line, link in rendered.links:
        parts = urlsplit(link)
        wanted = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
        url = url_of_source.get(wanted) or url_of_source.get(posixpath.join(wanted, "index.md"))
        if url is None:
            problems.append(
                warning(source_path, body_line + line - 1, f"link to a missing post: {link}")
            )
            targets.append(link)
        else:
            targets.append(href(url) + (f"#{parts.fragment}" if parts.fragment else ""))
    html = rendered.html
    if targets:
        html = _MARKER.sub(lambda m: f'href="{targets[int(m.group(1))]}"', html)
    copies: dict[str, str] = {}
    for line, asset in rendered.assets:
        source = posixpath.normpath(posixpath.join(folder, asset))
        target = posixpath.normpath(posixpath.join(page_folder, asset))
        if source.startswith("../") or target.startswith("../") or not exists(source):
            problems.append(warning(source_path, body_line + line - 1, f"image not found: {asset}"))
            continue
        copies[target] = source
    return Resolved(html, copies, problems)
