"""The demo site at the repository root, checked as a reader sees it (issue 2 acceptance).

Refresh the golden home page after an intended change:
    MLBLOG_UPDATE_GOLDEN=1 ./dev test tests/test_demo.py
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from conftest import NOW, REPO
from mlblog.commands.build import BuildOptions, BuildResult, build

GOLDEN = Path(__file__).parent / "golden" / "demo-index.html"
PLACEHOLDERS = ("[代码]", "[Math]", "[公式]")


class Excerpts(HTMLParser):
    """Collect (title, excerpt) pairs of a listing page, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[str, str]] = []
        self._in: str | None = None
        self._title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "h2" and "post-item-title" in classes:
            self._in, self._title = "title", ""
        elif tag == "p" and "excerpt" in classes:
            self._in = "excerpt"
            self.items.append((self._title, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "p"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self._title += data
        elif self._in == "excerpt":
            title, text = self.items[-1]
            self.items[-1] = (title, text + data)


def excerpts(html: str) -> list[tuple[str, str]]:
    parser = Excerpts()
    parser.feed(html)
    return parser.items


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    out = tmp_path_factory.mktemp("demo") / "public"
    result = build(BuildOptions(site_dir=REPO, output=out, now=NOW))
    assert result.ok, [str(d) for d in result.report.items]
    return result, out


def listing_pages(out: Path) -> list[Path]:
    pages = [out / "index.html", *sorted((out / "page").glob("*/index.html"))]
    return pages


def test_demo_builds_without_warnings(demo: tuple[BuildResult, Path]) -> None:
    result, _ = demo
    assert [str(w) for w in result.report.warnings] == []
    assert result.posts >= 24


def test_home_page_feed(demo: tuple[BuildResult, Path]) -> None:
    _, out = demo
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "INCOMING TRANSMISSION" in home
    assert "LATEST UPDATES" in home
    assert len(excerpts(home)) == 10
    assert (out / "page/2/index.html").exists()
    assert (out / "page/3/index.html").exists()
    assert re.search(r'aria-current="page">1<', home)
    assert re.search(r'href="[^"]*/page/2/">2<', home)
    assert re.search(r'href="[^"]*/page/3/">3<', home)


def test_excerpts_are_plain_text_within_limit(demo: tuple[BuildResult, Path]) -> None:
    _, out = demo
    items = [item for page in listing_pages(out) for item in excerpts(page.read_text("utf-8"))]
    assert len(items) >= 24
    seen: set[str] = set()
    for title, text in items:
        body = text.removesuffix("...")
        assert len(body) <= 350, title
        assert text == text.strip() and "  " not in text, title
        for syntax in ("**", "](", "$", "`", "<", "\\"):
            assert syntax not in text, (title, syntax)
        seen.update(p for p in PLACEHOLDERS if p in text)
    assert seen == set(PLACEHOLDERS)


def test_placeholders_where_code_or_math_comes_early(demo: tuple[BuildResult, Path]) -> None:
    """A post whose first 150 characters of Markdown hold code or math shows a placeholder."""
    _, out = demo
    shown = {
        title: text
        for page in listing_pages(out)
        for title, text in excerpts(page.read_text("utf-8"))
    }
    checked = 0
    for path in sorted((REPO / "content/posts").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        meta, body = text.split("\n---\n", 1) if text.startswith("---\n") else ("", text)
        if "summary:" in meta or "draft: true" in meta:
            continue
        title = re.search(r"^title:\s*[\"']?(.*?)[\"']?\s*$", meta, re.M)
        if not title or title.group(1) not in shown:
            continue
        opening = body.strip()[:150]
        if "```" in opening or "$" in opening:
            checked += 1
            assert any(p in shown[title.group(1)] for p in PLACEHOLDERS), path.name
    assert checked >= 8


def test_post_pages_have_typeset_math_and_highlighted_code(demo: tuple[BuildResult, Path]) -> None:
    _, out = demo
    posts = sorted((out / "posts").glob("*/index.html"))
    assert len(posts) >= 24
    with_math = with_code = 0
    for page in posts:
        html = page.read_text(encoding="utf-8")
        prose = re.sub(
            r"<pre.*?</pre>|<code.*?</code>|<annotation.*?</annotation>", "", html, flags=re.S
        )
        assert "$$" not in prose, page
        assert not re.search(r"(?<![\w\\])\$[^\s$][^$<]*\$", prose), page
        with_math += 'class="katex"' in html
        with_code += '<span class="k' in html
    assert with_math >= 12
    assert with_code >= 12


def test_feed_and_extras(demo: tuple[BuildResult, Path]) -> None:
    _, out = demo
    feed = feedparser.parse((out / "atom.xml").read_text(encoding="utf-8"))
    assert not feed.bozo
    assert len(feed.entries) >= 10
    for name in (
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "katex/katex.min.css",
        "about/index.html",
    ):
        assert (out / name).exists(), name
    assert (out / "archives/index.html").exists()
    assert len(list((out / "categories").glob("*/index.html"))) >= 5


def test_golden_home_page(demo: tuple[BuildResult, Path]) -> None:
    _, out = demo
    home = (out / "index.html").read_text(encoding="utf-8")
    if os.environ.get("MLBLOG_UPDATE_GOLDEN") or not GOLDEN.exists():
        GOLDEN.write_text(home, encoding="utf-8")
        if not os.environ.get("MLBLOG_UPDATE_GOLDEN"):
            pytest.fail(f"wrote missing golden file {GOLDEN}; commit it")
    assert home == GOLDEN.read_text(encoding="utf-8"), (
        "the demo home page changed; if intended, refresh with MLBLOG_UPDATE_GOLDEN=1"
    )
