"""What feed readers, crawlers and link previews get: the feed, the sitemap, <head>."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from xml.etree import ElementTree

import feedparser

from conftest import SiteFactory, build_site, read

ATOM = "{http://www.w3.org/2005/Atom}"
PROJECT = "title: T\nbase_url: https://me.github.io/notes/\n"


def feed_content(site: Path, index: int = 0) -> str:
    """An entry's content as written: feedparser would resolve its URLs against xml:base
    and drop what its sanitizer does not know (srcset), as some readers do and others not."""
    assert not feedparser.parse(read(site, "atom.xml")).bozo
    entry = ElementTree.fromstring(read(site, "atom.xml")).findall(f"{ATOM}entry")[index]
    return entry.findtext(f"{ATOM}content") or ""


def test_the_feed_leaves_text_that_reads_like_a_link_as_written(make_site: SiteFactory) -> None:
    """Markdown leaves ' unescaped in code and prose: `src='a.png'` there was made a URL."""
    body = "Write `<img src='pic.png'>`, or set href='x' in the template.\n"
    site = make_site({"content/posts/a.md": f"---\ntitle: A\ndate: 2024-01-01\n---\n{body}"},
                     config=PROJECT)  # fmt: skip
    assert build_site(site).ok
    content = feed_content(site)
    assert "<code>&lt;img src='pic.png'&gt;</code>" in content
    assert "set href='x' in the template" in content


def test_the_feed_gives_srcset_and_poster_as_full_urls_too(make_site: SiteFactory) -> None:
    """A browser shows a srcset's picture rather than src's: relative, it broke in readers
    that ignore xml:base, as a video's poster did."""
    body = (
        '<img srcset="fig@2x.png 2x, big/fig.png 1x" src="fig.png" alt="f">\n\n'
        '<video poster="poster.jpg" src=clip.mp4 controls></video>\n'
    )
    site = make_site({"content/posts/a.md": f"---\ntitle: A\ndate: 2024-01-01\n---\n{body}"},
                     config=PROJECT)  # fmt: skip
    build_site(site)
    content = feed_content(site)
    assert 'srcset="https://me.github.io/notes/posts/a/fig@2x.png 2x, ' \
           'https://me.github.io/notes/posts/a/big/fig.png 1x"' in content  # fmt: skip
    assert 'src="https://me.github.io/notes/posts/a/fig.png"' in content
    assert 'poster="https://me.github.io/notes/posts/a/poster.jpg"' in content
    assert "src=https://me.github.io/notes/posts/a/clip.mp4 controls" in content


def og_image(site: Path, page: str) -> str:
    found = re.search(r'<meta property="og:image" content="([^"]*)">', read(site, page))
    assert found, page
    return unescape(found[1])  # what a scraper reads from the attribute


def test_link_previews_get_the_image_url_as_the_post_gives_it(make_site: SiteFactory) -> None:
    """The first image's src was taken as the HTML has it (`&amp;`) and escaped again; a
    cover named as written (a space, Chinese) or protocol-relative was no URL either."""
    site = make_site(
        {
            "content/posts/cdn.md": "---\ntitle: C\ndate: 2024-01-01\n---\n"
            "![chart](https://cdn.example.com/chart.png?w=800&h=600)\n",
            "content/posts/named/index.md": "---\ntitle: N\ndate: 2024-01-02\n"
            "cover: 封面 1.png\n---\ntext\n",
            "content/posts/named/封面 1.png": b"png",
            "content/posts/cdn2.md": "---\ntitle: D\ndate: 2024-01-03\n"
            "image: //cdn.example.com/d.png\n---\ntext\n",
        },
        config=PROJECT,
    )
    assert build_site(site).ok
    assert og_image(site, "posts/cdn/index.html") == "https://cdn.example.com/chart.png?w=800&h=600"
    assert (
        og_image(site, "posts/named/index.html")
        == "https://me.github.io/notes/posts/named/%E5%B0%81%E9%9D%A2%201.png"
    )
    assert og_image(site, "posts/cdn2/index.html") == "https://cdn.example.com/d.png"


def test_a_post_s_language_written_as_hexo_writes_it_is_a_language_tag(
    make_site: SiteFactory,
) -> None:
    """`lang: en_US` reached xml:lang and lang= as it was: no language tag (BCP 47), so
    the feed failed validation and readers and screen readers took no language from it."""
    site = make_site(
        {"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\nlang: en_US\n---\nText.\n"},
        config=PROJECT + "language: zh-CN\n",
    )
    assert build_site(site).ok
    entry = ElementTree.fromstring(read(site, "atom.xml")).find(f"{ATOM}entry")
    assert entry is not None
    assert entry.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-US"
    page = read(site, "posts/a/index.html")
    assert '<div class="post-body" lang="en-US">' in page
    assert '<meta property="og:locale" content="en_US">' in page


def test_search_engines_link_previews_and_readers_get_no_placeholders(
    make_site: SiteFactory,
) -> None:
    """The listing's `[Math]` and `[代码]` were the description search results and link
    previews showed, and the feed's summary: there they read as part of the sentence. A
    formula in the text reads as text there (O(n²)), as in a title; code and display math
    go; one with no text form is its TeX."""
    body = (
        "设查询头数为 $h$、KV 头数为 $g$：MHA 是 $g=h$，$\\hat{y}$ 不变。\n\n"
        "$$\nO(n^2)\n$$\n\n```python\nx = 1\n```\n\nThe end.\n"
    )
    site = make_site(
        {"content/posts/a.md": f"---\ntitle: A\ndate: 2024-01-01\n---\n{body}",
         "content/posts/s.md": "---\ntitle: S\ndate: 2024-01-02\n"
                               "summary: 复杂度为 $O(n^2)$ 的算法\n---\n正文\n"},
        config=PROJECT,
    )  # fmt: skip
    assert build_site(site).ok
    text = "设查询头数为 h、KV 头数为 g：MHA 是 g=h，\\hat{y} 不变。 The end."
    page = read(site, "posts/a/index.html")
    for tag in ('name="description"', 'property="og:description"', 'name="twitter:description"'):
        assert f'<meta {tag} content="{text}">' in page
    summaries = [e.summary for e in feedparser.parse(read(site, "atom.xml")).entries]
    assert summaries == ["复杂度为 O(n²) 的算法", text]
    assert '<meta name="description" content="复杂度为 O(n²) 的算法">' in read(
        site, "posts/s/index.html"
    )
    # the site's own listing keeps its placeholders (each in a span that keeps it whole)
    listed = re.sub(r"<[^>]+>", "", read(site, "index.html"))
    assert (
        "设查询头数为 [Math]、KV 头数为 [Math]：MHA 是 [Math]，[Math] 不变。 [公式] [代码] The end."
        in listed
    )


def test_a_post_with_no_text_takes_the_site_s_description_or_has_none(
    make_site: SiteFactory,
) -> None:
    """A post of code alone had `content=""`: search engines and link previews take an
    empty description as the description (jekyll-seo-tag and Hexo take the site's, or
    leave the tag out); and the feed had an empty <summary>."""
    files = {"content/posts/c.md": "---\ntitle: C\ndate: 2024-01-01\n---\n```python\nx = 1\n```\n"}
    site = make_site(files, config=PROJECT + "description: 机器学习笔记\n")
    assert build_site(site).ok
    page = read(site, "posts/c/index.html")
    assert '<meta name="description" content="机器学习笔记">' in page
    assert '<meta property="og:description" content="机器学习笔记">' in page
    assert "<summary" not in read(site, "atom.xml")

    bare = make_site(files, config=PROJECT)
    assert build_site(bare).ok
    for page in ("posts/c/index.html", "index.html", "tags/index.html"):
        assert 'content=""' not in read(bare, page)
        assert "description" not in read(bare, page)


def test_a_feed_s_entries_share_no_ids_and_their_footnote_links_still_lead_to_the_notes(
    make_site: SiteFactory,
) -> None:
    """A reader that shows several entries on one page had every post's `fn1`, `fnref1`
    and "## 背景" id many times, and took a reference's link to another post's note."""
    body = "## 背景\n\n正文[^1]，再看一次[^1]。\n\n`<a id='x'>` in code.\n\n[^1]: 脚注。\n"
    site = make_site(
        {"content/posts/a.md": f"---\ntitle: A\ndate: 2024-01-01\n---\n{body}",
         "content/posts/b.md": f"---\ntitle: B\ndate: 2024-01-02\n---\n{body}"},
        config=PROJECT,
    )  # fmt: skip
    assert build_site(site).ok
    contents = [feed_content(site, 0), feed_content(site, 1)]
    ids = [i for content in contents for i in re.findall(r'\sid="([^"]*)"', content)]
    assert len(ids) == len(set(ids)) == 2 * 4  # a heading, a note and its two references
    assert {i.split("-", 1)[0] for i in ids[:4]} == {"b"}
    assert {i.split("-", 1)[0] for i in ids[4:]} == {"a"}
    for slug, content in zip("ba", contents, strict=True):
        page = read(site, f"posts/{slug}/index.html")  # the post's own ids stay as they are
        for href in re.findall(r'href="([^"]*#[^"]*)"', content):
            assert href.startswith(f"https://me.github.io/notes/posts/{slug}/#"), href
            assert f' id="{unescape(href.split("#", 1)[1])}"' in page, href
        assert "<code>&lt;a id='x'&gt;</code>" in content  # code's text, not an id
