"""Hostile titles, tags, categories, summaries and file names come out escaped in every
output (HTML, attributes, Atom, sitemap, search JSON), and `javascript:`/`data:` URLs
in Markdown never become links."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import NOW, SiteFactory
from mlblog.commands.build import BuildOptions, build

TITLE = '</title><script>alert(1)</script> "onmouseover=alert(2) ]]> & x'
CATEGORY = "<script>c</script>"
TAG = '"onmouseover=t'
SUMMARY = '<script>s</script> " onmouseover= ]]> </title>'
HOSTILE = (TITLE, CATEGORY, TAG)
ATOM = "{http://www.w3.org/2005/Atom}"


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = self._in_title and tag != "title"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("hostile")
    (site / "site.yaml").write_text("title: Safe\nbase_url: https://t.example/\n", "utf-8")
    posts = site / "content" / "posts"
    posts.mkdir(parents=True)
    front = {
        "title": TITLE,
        "date": "2024-05-10",
        "categories": [CATEGORY],
        "tags": [TAG, "]]>"],
        "summary": SUMMARY,
    }
    body = (
        "[js](javascript:alert(3)) [JS](JaVaScRiPt:alert(4)) "
        "[data](data:text/html;base64,PHNjcmlwdD4=)"
        "\n\n![img](javascript:alert(5))\n"
    )
    text = "---\n" + json.dumps(front, ensure_ascii=False) + "\n---\n" + body
    (posts / 'evil<script>"x".md').write_text(text, encoding="utf-8")
    assert build(BuildOptions(site_dir=site, now=NOW, cache=False)).ok
    return site / "public"


def test_html_pages_keep_hostile_text_as_text(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        parser = Elements()
        parser.feed(page.read_text(encoding="utf-8"))
        assert [t for t, _ in parser.tags].count("title") == 1, page
        for tag, attrs in parser.tags:
            assert not any(name.startswith("on") for name in attrs), (page, tag, attrs)
            if tag == "script":
                assert (
                    attrs.get("src")
                    or attrs.get("type") == "application/ld+json"
                    or ("alert" not in str(attrs))
                )
        raw = page.read_text(encoding="utf-8")
        assert "<script>alert" not in raw and "<script>c<" not in raw and "<script>s<" not in raw
    post = next(p for p in pages if "/posts/" in p.as_posix())
    parser = Elements()
    parser.feed(post.read_text(encoding="utf-8"))
    assert parser.title.startswith(TITLE)  # shown as written, not interpreted
    metas = {
        a.get("property") or a.get("name"): a.get("content") for t, a in parser.tags if t == "meta"
    }
    assert metas["og:title"] == TITLE
    # a summary is Markdown: its HTML tags are dropped from the plain-text description
    assert metas["description"] == '" onmouseover= ]]>'


def test_markdown_links_never_run_script(hostile_site: Path) -> None:
    post = next(hostile_site.glob("posts/*/index.html"))
    parser = Elements()
    parser.feed(post.read_text(encoding="utf-8"))
    urls = [a.get("href") or a.get("src") or "" for _, a in parser.tags]
    assert not [u for u in urls if u.strip().lower().startswith(("javascript:", "data:"))]


def test_feeds_and_sitemap_parse_and_carry_the_text(hostile_site: Path) -> None:
    atom = ET.parse(hostile_site / "atom.xml").getroot()
    entry = atom.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == TITLE
    categories = {c.get("term") for c in entry.iter(f"{ATOM}category")}
    assert CATEGORY in categories or {TAG, "]]>"} <= categories
    sitemap = ET.parse(hostile_site / "sitemap.xml").getroot()
    assert len(list(sitemap)) > 1


def test_search_json_escapes_markup(hostile_site: Path) -> None:
    raw = (hostile_site / "search.json").read_bytes()
    assert b"<" not in raw and b">" not in raw
    docs = json.loads(raw)["docs"]
    assert docs[0]["t"] == TITLE and docs[0]["c"] == CATEGORY


@pytest.mark.parametrize(("html", "linked"), [(False, False), (True, True)])
def test_raw_html_javascript_only_with_html_trust(
    make_site: SiteFactory, html: bool, linked: bool
) -> None:
    site = make_site(
        {"content/posts/a.md": '---\ndate: 2024-05-10\n---\n<a href="javascript:alert(1)">x</a>\n'},
        config=f"title: T\nbase_url: /\nmarkdown:\n  html: {str(html).lower()}\n",
    )
    assert build(BuildOptions(site_dir=site, now=NOW, cache=False)).ok
    page = (site / "public/posts/a/index.html").read_text(encoding="utf-8")
    assert ('href="javascript:alert(1)"' in page) is linked
