"""Pinned posts: Hexo's `sticky: N`, Hexo themes' `top: true` and Chirpy's `pin: true`
put a post ("about this blog", a series index) at the top of the home page, marked so."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

from conftest import SiteFactory, build_site, read

ATOM = "{http://www.w3.org/2005/Atom}"


def dated(title: str, date: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {date}\ncategories: [Notes]\ntags: [cuda]\n{extra}---\nx\n"


def titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="post-item-title"><a href="[^"]*">([^<]*)</a>', html)


def pinned_titles(html: str, word: str) -> list[str]:
    """The titles of the items that show the pinned marker."""
    items = html.split('<article class="post-item"')[1:]
    return [titles(item)[0] for item in items if f'<span class="pinned">{word}</span>' in item]


def pinned_site(make_site: SiteFactory, config: str | None = None) -> Path:
    return make_site(
        {
            "content/posts/p1.md": dated("P1", "2024-01-01"),
            "content/posts/p2.md": dated("P2", "2024-02-01"),
            "content/posts/p3.md": dated("P3", "2024-03-01"),
            "content/posts/p4.md": dated("P4", "2024-04-01"),
            "content/posts/p5.md": dated("P5", "2024-05-01"),
            "content/posts/about.md": dated("About", "2023-01-01", "sticky: 10\n"),
            "content/posts/series.md": dated("Series", "2023-06-01", "top: true\n"),
            "content/posts/chirpy.md": dated("Chirpy", "2022-01-01", "pin: true\n"),
        },
        config=config or "title: T\nbase_url: https://t.example/\nper_page: 4\n",
    )


def test_pinned_posts_come_first_on_the_home_page_and_are_not_repeated(
    make_site: SiteFactory,
) -> None:
    """Higher sticky first, equal pins newest first (as hexo-generator-index sorts), then
    the rest newest first; page 2 goes on where page 1 stopped."""
    site = pinned_site(make_site)
    result = build_site(site)
    assert result.ok, [str(d) for d in result.report.items]
    assert not result.report.warnings  # sticky, top and pin are read now
    first, second = read(site, "index.html"), read(site, "page/2/index.html")
    assert titles(first) == ["About", "Series", "Chirpy", "P5"]
    assert titles(second) == ["P4", "P3", "P2", "P1"]
    assert pinned_titles(first, "置顶") == ["About", "Series", "Chirpy"]  # zh-CN: the default
    assert pinned_titles(second, "置顶") == []


def test_other_listings_and_the_feed_stay_newest_first_and_unmarked(
    make_site: SiteFactory,
) -> None:
    site = pinned_site(make_site, "title: T\nbase_url: https://t.example/\nper_page: 20\n")
    assert build_site(site).ok
    newest_first = ["P5", "P4", "P3", "P2", "P1", "Series", "About", "Chirpy"]
    for page in ("categories/notes/index.html", "tags/cuda/index.html"):
        assert titles(read(site, page)) == newest_first, page
        assert 'class="pinned"' not in read(site, page), page
    feed = ElementTree.fromstring(read(site, "atom.xml"))
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == newest_first
    archive = read(site, "archives/index.html")
    assert archive.index(">P1<") < archive.index(">Series<")  # by date only


def test_the_marker_is_english_on_an_english_site_and_follows_words(
    make_site: SiteFactory,
) -> None:
    site = pinned_site(make_site, "title: T\nbase_url: https://t.example/\nlanguage: en\n")
    assert build_site(site).ok
    assert pinned_titles(read(site, "index.html"), "Pinned") == ["About", "Series", "Chirpy"]
    config = "title: T\nbase_url: https://t.example/\nwords:\n  pinned: 顶\n"
    site = pinned_site(make_site, config)
    assert build_site(site).ok
    assert pinned_titles(read(site, "index.html"), "顶") == ["About", "Series", "Chirpy"]


def test_a_pin_that_is_not_a_number_or_true_is_an_error_at_its_line(
    make_site: SiteFactory,
) -> None:
    site = make_site({
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\nsticky: abc\n---\nx\n",
        "content/posts/b.md": "---\ntitle: B\ndate: 2024-01-01\ntop: -1\n---\nx\n",
        "content/posts/c.md": "---\ntitle: C\ndate: 2024-01-01\nsticky: 0\npin: false\n---\nx\n",
        "content/pages/about.md": "---\ntitle: About\nsticky: 1\n---\nx\n",
    })  # fmt: skip
    result = build_site(site)
    assert not result.ok
    assert sorted(str(d) for d in result.report.items) == [
        "content/pages/about.md:3: warning: sticky is not read on a page: pages are not "
        "listed; only posts are pinned",
        "content/posts/a.md:4: sticky must be true, false or a number from 0 up "
        "(higher is pinned above lower), not 'abc'",
        "content/posts/b.md:4: top must be true, false or a number from 0 up "
        "(higher is pinned above lower), not -1",
    ]
