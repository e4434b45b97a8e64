"""A feed per category and per tag (Hugo gives each term its RSS): a reader subscribes to
"only the CUDA notes" of a blog, from the term's page."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest

from conftest import SiteFactory, build_site, read

ATOM = "{http://www.w3.org/2005/Atom}"
CONFIG = "title: Notes\nbase_url: https://me.github.io/notes/\nfeed_limit: 2\n"


def post(title: str, date: str, category: str, tags: str, body: str = "x") -> str:
    terms = f"categories: [{category}]\ntags: [{tags}]"
    return f"---\ntitle: {title}\ndate: {date}\n{terms}\n---\n{body}\n"


def site_of(make_site: SiteFactory, config: str = CONFIG) -> Path:
    body = "See ![fig](fig.png) and $E=mc^2$:\n\n$$\\sum_i x_i$$\n"
    return make_site(
        {
            "content/posts/k1/index.md": post("Kernel 1", "2024-01-01", "CUDA", "gpu", body),
            "content/posts/k1/fig.png": b"\x89PNG",
            "content/posts/k2.md": post("Kernel 2", "2024-02-01", "CUDA", "gpu, perf"),
            "content/posts/k3.md": post("Kernel 3", "2024-03-01", "CUDA", "perf"),
            "content/posts/m1.md": post("Math 1", "2024-04-01", "Math", "gpu"),
        },
        config=config,
    )


def entries(feed: str) -> dict[str, ElementTree.Element]:
    root = ElementTree.fromstring(feed)
    found = root.findall(f"{ATOM}entry")
    for entry in found:
        entry.tail = None  # (the spacing after it: the last entry's differs)
    return {e.findtext(f"{ATOM}title") or "": e for e in found}


def links(feed: str) -> dict[str, str]:
    root = ElementTree.fromstring(feed)
    return {link.get("rel") or "": link.get("href") or "" for link in root.findall(f"{ATOM}link")}


def test_each_category_and_tag_has_its_own_feed_of_its_newest_posts(
    make_site: SiteFactory,
) -> None:
    site = site_of(make_site)
    assert build_site(site).ok
    cuda = read(site, "categories/cuda/atom.xml")
    parsed = feedparser.parse(cuda)
    assert not parsed.bozo
    assert parsed.feed.title == "Notes · 分类：CUDA"
    assert [e.title for e in parsed.entries] == ["Kernel 3", "Kernel 2"]  # feed_limit: 2
    assert links(cuda) == {
        "self": "https://me.github.io/notes/categories/cuda/atom.xml",
        "alternate": "https://me.github.io/notes/categories/cuda/",
    }
    gpu = feedparser.parse(read(site, "tags/gpu/atom.xml"))
    assert gpu.feed.title == "Notes · 标签：gpu"
    assert [e.title for e in gpu.entries] == ["Math 1", "Kernel 2"]
    assert list(entries(read(site, "tags/perf/atom.xml"))) == ["Kernel 3", "Kernel 2"]
    assert "atom.xml" not in read(site, "sitemap.xml")


def test_a_term_feed_s_entries_are_the_site_feed_s(make_site: SiteFactory) -> None:
    """The same entry, word for word: full URLs for images and links, formulas as MathML."""
    site = site_of(make_site, CONFIG.replace("feed_limit: 2", "feed_limit: 20"))
    assert build_site(site).ok
    site_feed = entries(read(site, "atom.xml"))
    for name in ("categories/cuda/atom.xml", "tags/gpu/atom.xml", "tags/perf/atom.xml"):
        for title, entry in entries(read(site, name)).items():
            assert ElementTree.tostring(entry) == ElementTree.tostring(site_feed[title]), name
    content = entries(read(site, "tags/gpu/atom.xml"))["Kernel 1"].findtext(f"{ATOM}content")
    assert 'src="https://me.github.io/notes/posts/k1/fig.png"' in (content or "")
    assert "<math" in (content or "") and "katex-html" not in (content or "")


def test_a_term_s_pages_name_its_feed_first_for_feed_readers(make_site: SiteFactory) -> None:
    site = site_of(make_site, CONFIG.replace("feed_limit: 2", "per_page: 2"))
    assert build_site(site).ok
    for page in ("categories/cuda/index.html", "categories/cuda/page/2/index.html"):
        found = re.findall(
            r'<link rel="alternate" type="application/atom\+xml"[^>]*>', read(site, page)
        )
        assert found == [
            '<link rel="alternate" type="application/atom+xml" title="Notes · 分类：CUDA" '
            'href="/notes/categories/cuda/atom.xml">',
            '<link rel="alternate" type="application/atom+xml" title="Notes" '
            'href="/notes/atom.xml">',
        ], page


def test_term_feeds_can_be_turned_off(make_site: SiteFactory) -> None:
    site = site_of(make_site, CONFIG + "term_feeds: false\n")
    assert build_site(site).ok
    assert not (site / "public/categories/cuda/atom.xml").exists()
    assert not (site / "public/tags/gpu/atom.xml").exists()
    assert "categories/cuda/atom.xml" not in read(site, "categories/cuda/index.html")
    assert (site / "public/atom.xml").exists()


def test_an_old_feed_address_cannot_take_a_term_s_feed(make_site: SiteFactory) -> None:
    site = site_of(make_site, CONFIG + "feed_aliases: [/tags/gpu/atom.xml]\n")
    result = build_site(site)
    assert [str(e) for e in result.report.errors] == [
        'site.yaml:4: feed_aliases: /tags/gpu/atom.xml is already the feed of the tag "gpu"; '
        "the feed cannot be there"
    ]


def test_a_post_s_feed_html_is_made_once_a_build_and_not_by_a_warm_one(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each feed showing a post (the site's, its category's, its tags') needs its feed HTML,
    which reads the whole post; it is made once per build, and a warm build, whose feeds
    come from the page cache, made it again for every post a feed shows."""
    from mlblog.feeds import feed_content as real

    made: list[str] = []

    def counted(html: str, url: str, slug: str) -> str:
        made.append(slug)
        return real(html, url, slug)

    monkeypatch.setattr("mlblog.views.feed_content", counted)
    site = site_of(make_site)
    assert build_site(site, jobs=1).ok
    assert sorted(made) == ["k2", "k3", "m1"]  # in 1 to 3 feeds each (k1 in none), made once
    feed = read(site, "categories/cuda/atom.xml")
    made.clear()
    assert build_site(site, jobs=1).ok
    assert made == []
    assert read(site, "categories/cuda/atom.xml") == feed


def test_a_site_with_no_post_yet_dates_its_feed_by_its_pages_or_not_at_all(
    make_site: SiteFactory,
) -> None:
    """`mlblog init` and the sample post deleted: the feed said it was updated in 1970.
    As Hugo dates its home page: the newest page's date, else none (a time of the build
    would make no two builds alike)."""
    site = make_site({"content/pages/about.md": "---\ntitle: About\n---\nme\n"})
    assert build_site(site).ok
    feed = ElementTree.fromstring(read(site, "atom.xml"))
    assert feed.find(f"{ATOM}updated") is None and feed.find(f"{ATOM}entry") is None
    assert "1970" not in read(site, "atom.xml")
    plain = read(site, "atom.xml")
    assert build_site(site, cache=False, jobs=1).ok and read(site, "atom.xml") == plain

    # a date that is only the file's time changes with every checkout: not the feed's
    (site / "content/pages/now.md").write_text("---\ntitle: Now\n---\nx\n", "utf-8")
    (site / "content/pages/cv.md").write_text(
        "---\ntitle: CV\ndate: 2024-03-01\nupdated: 2024-05-02 08:00\n---\ncv\n", "utf-8"
    )
    assert build_site(site).ok
    feed = ElementTree.fromstring(read(site, "atom.xml"))
    assert feed.findtext(f"{ATOM}updated") == "2024-05-02T08:00:00+00:00"
