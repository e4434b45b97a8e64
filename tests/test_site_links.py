"""Every internal link, image, script, stylesheet and CSS url() of the demo resolves,
under a GitHub Pages project path and at the root (issue 5)."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import NOW, REPO
from mlblog.commands.build import BuildOptions, build

_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
_XML_LINK = re.compile(r"""(?:href|src)=["']([^"']+)["']|<loc>([^<]+)</loc>""")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)
            if (
                name == "content"
                and value
                and dict(attrs).get("property") in ("og:url", "og:image")
            ):
                self.found.append(value)


def links_in(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        parser = _Links()
        parser.feed(text)
        return parser.found
    if path.suffix == ".css":
        return _CSS_URL.findall(text)
    if path.suffix == ".xml":
        return [a or b for a, b in _XML_LINK.findall(text)]
    if path.name == "robots.txt":
        return re.findall(r"Sitemap: (\S+)", text)
    return []


@pytest.mark.parametrize(
    ("base_url", "base_path"),
    [("https://example.github.io/ml-notes/", "/ml-notes/"), ("https://notes.example.com/", "/")],
)
def test_every_internal_link_resolves(tmp_path: Path, base_url: str, base_path: str) -> None:
    out = tmp_path / "public"
    result = build(BuildOptions(site_dir=REPO, output=out, base_url=base_url, now=NOW))
    assert result.ok
    origin = base_url[: -len(base_path) + 1] if base_path != "/" else base_url[:-1]
    checked = 0
    broken: list[str] = []
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".css", ".xml", ".txt"):
            continue
        page_url = base_path + path.relative_to(out).as_posix()
        for link in links_in(path):
            target = _target(link, page_url, origin)
            if target is None:
                continue
            checked += 1
            if not target.startswith(base_path):
                broken.append(f"{page_url}: {link} is outside {base_path}")
                continue
            relative = target[len(base_path) :]
            file = out / (
                relative + "index.html" if relative.endswith("/") or not relative else relative
            )
            if not file.is_file():
                broken.append(f"{page_url}: {link} → missing {file.relative_to(out)}")
    assert broken == []
    assert checked > 1000


def _target(link: str, page_url: str, origin: str) -> str | None:
    """The site path a link points to, or None for external links and in-page anchors."""
    parts = urlsplit(link)
    if parts.scheme in ("mailto", "data", "javascript") or link.startswith("#"):
        return None
    if parts.scheme or link.startswith("//"):
        if f"{parts.scheme}://{parts.netloc}" != origin:
            return None
        return unquote(parts.path)
    if link.startswith("/"):
        return unquote(parts.path)
    return unquote(posixpath.normpath(posixpath.join(posixpath.dirname(page_url), parts.path)))
