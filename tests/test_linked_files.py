"""Files a note links to beside it: slides, a paper, data, a full-size figure. An image the
note shows was copied beside its page; a file it linked to was not, so the link led
nowhere on the site (and in feed readers), and no warning said so."""

from __future__ import annotations

import re

import feedparser

from conftest import SiteFactory, build_site, read
from notebooks import png_bytes

POST = "---\ntitle: {title}\ndate: 2024-01-0{day}\n---\n{body}\n"


def test_a_linked_file_is_copied_beside_the_page_and_a_missing_one_warned(
    make_site: SiteFactory,
) -> None:
    body = (
        "Slides: [talk](files/talk.pdf#page=3).\n\n"
        "Data: [scores](data/scores.csv), full size: [figure](figs/big.png).\n\n"
        "Gone: [old](files/gone.zip). Served from static: [demo](demo.zip).\n"
    )
    site = make_site({
        "content/posts/notes.md": POST.format(title="Notes", day=1, body=body),
        "content/posts/files/talk.pdf": b"%PDF-1.4\n",
        "content/posts/data/scores.csv": "model,score\na,1\n",
        "content/posts/figs/big.png": png_bytes(40, 20),
        "static/posts/notes/demo.zip": b"PK",
        "content/posts/bundle/index.md": POST.format(
            title="Bundle", day=2, body="[paper](paper.pdf)"
        ),
        "content/posts/bundle/paper.pdf": b"%PDF-1.4\n",
    })  # fmt: skip
    result = build_site(site)
    assert result.ok
    assert [str(w) for w in result.report.sorted()] == [
        "content/posts/notes.md:9: warning: file not found: files/gone.zip"
    ]
    page = read(site, "posts/notes/index.html")
    hrefs = re.findall(r'<a href="([^"]*)">(?:talk|scores|figure|old|demo)</a>', page)
    assert hrefs == [
        "/posts/notes/files/talk.pdf#page=3",
        "/posts/notes/data/scores.csv",
        "/posts/notes/figs/big.png",
        "files/gone.zip",
        "demo.zip",
    ]
    public = site / "public/posts/notes"
    assert (public / "files/talk.pdf").read_bytes() == b"%PDF-1.4\n"
    assert (public / "data/scores.csv").is_file() and (public / "figs/big.png").is_file()
    assert (public / "demo.zip").read_bytes() == b"PK"  # static/'s own copy
    assert '<a href="/posts/bundle/paper.pdf">paper</a>' in read(site, "posts/bundle/index.html")
    assert (site / "public/posts/bundle/paper.pdf").is_file()
    # a feed reader gets the file's whole address
    feed = feedparser.parse(read(site, "atom.xml"))
    notes = next(e for e in feed.entries if e.title == "Notes")
    assert 'href="https://t.example/posts/notes/files/talk.pdf#page=3"' in notes.content[0].value


def test_a_file_linked_from_raw_html_is_copied_but_not_one_in_code_or_a_comment(
    make_site: SiteFactory,
) -> None:
    """`<a href="files/talk.pdf">` in a note's own HTML led nowhere; one shown as code, or
    in a comment or script, is text and stays as written."""
    body = (
        'Slides: <a href="files/talk.pdf#page=2">talk</a>, '
        "data: <a href='data\\scores.csv'>scores</a>.\n\n"
        '<p>Gone: <a href="files/gone.zip">old</a></p>\n\n'
        'Shown: <code><a href="files/shown.pdf">in code</a></code> then '
        '<a href="files/talk.pdf">after code</a> <!-- <a href="files/draft.pdf">x</a> -->\n\n'
        '<pre><a href="files/pre.pdf">in pre</a></pre>\n\n'
        "<script>const a = '<a href=\"files/script.pdf\">';</script>\n\n"
        '<div><!-- <a href="files/draft.pdf">x</a> --> <a href="data/scores.csv">in div</a></div>\n'
    )
    site = make_site({
        "content/posts/notes.md": POST.format(title="Notes", day=1, body=body),
        "content/posts/files/talk.pdf": b"%PDF-1.4\n",
        "content/posts/data/scores.csv": "model,score\na,1\n",
    })  # fmt: skip
    result = build_site(site)
    assert result.ok
    assert [str(w) for w in result.report.sorted()] == [
        "content/posts/notes.md:7: warning: file not found: files/gone.zip"
    ]
    page = read(site, "posts/notes/index.html")
    assert re.findall(r'<a href="([^"]*)">(?:talk|scores|old|after code|in div)</a>', page) == [
        "/posts/notes/files/talk.pdf#page=2",
        "/posts/notes/data/scores.csv",
        "files/gone.zip",
        "/posts/notes/files/talk.pdf",
        "/posts/notes/data/scores.csv",
    ]
    kept = re.findall(r'href="files/(\w+)\.pdf', page)
    assert sorted(kept) == ["draft", "draft", "pre", "script", "shown"]
    public = site / "public/posts/notes"
    assert (public / "files/talk.pdf").read_bytes() == b"%PDF-1.4\n"
    assert (public / "data/scores.csv").is_file()
    feed = feedparser.parse(read(site, "atom.xml"))
    talk = 'href="https://t.example/posts/notes/files/talk.pdf#page=2"'
    assert talk in feed.entries[0].content[0].value


def test_a_file_with_a_hash_or_question_mark_in_its_name(make_site: SiteFactory) -> None:
    """`fig#1.png` in static/: a link `/img/fig#1.png` asks the browser for /img/fig (a `#`
    ends a URL's path), and the warning said to put a file at static/img/fig. Beside a post,
    `fig%232.png` (the right way to write it) found the file and linked it as fig#2.png."""
    site = make_site({
        "static/img/fig#1.png": png_bytes(),
        "static/files/a?b.pdf": b"%PDF",
        "content/posts/p/fig#2.png": png_bytes(),
        "content/posts/p/index.md": "---\ntitle: P\ndate: 2024-01-01\n---\n"
        "![](/img/fig#1.png)\n\n[pdf](/files/a?b.pdf)\n\n![](/img/fig%231.png)\n\n"
        "![](fig%232.png)\n",
    })  # fmt: skip
    result = build_site(site)
    assert [str(w) for w in result.report.warnings] == [
        'content/posts/p/index.md:5: warning: broken image: "#" in /img/fig#1.png ends the '
        "file's name, so the browser asks for /img/fig, not for the site's img/fig#1.png; "
        'write /img/fig%231.png, or rename the file without "#"',
        'content/posts/p/index.md:7: warning: broken link: "?" in /files/a?b.pdf ends the '
        "file's name, so the browser asks for /files/a, not for the site's files/a?b.pdf; "
        'write /files/a%3Fb.pdf, or rename the file without "?"',
    ]
    page = read(site, "posts/p/index.html")
    assert 'src="/img/fig%231.png"' in page
    assert 'src="/posts/p/fig%232.png"' in page and (site / "public/posts/p/fig#2.png").exists()
    (entry,) = feedparser.parse(read(site, "atom.xml")).entries
    assert 'src="https://t.example/posts/p/fig%232.png"' in entry.content[0].value


def test_a_file_beside_a_post_with_a_hash_or_question_mark_in_its_name(
    make_site: SiteFactory,
) -> None:
    """`![](fig#2.png)` for the post's fig#2.png said "image not found: fig" and wrote
    src="fig": the `#2.png` was lost before the file was looked for."""
    site = make_site({
        "content/posts/p/fig#2.png": png_bytes(),
        "content/posts/p/g?1.png": png_bytes(),
        "content/posts/p/data#1.csv": b"a,b\n",
        "content/posts/p/a.png": png_bytes(),
        "content/posts/p/index.md": "---\ntitle: P\ndate: 2024-01-01\n---\n"
        "![](fig#2.png)\n\n![](./g?1.png)\n\n[data](data#1.csv)\n\n![](a.png#center)\n\n"
        "![](fig%232.png)\n\n![](b#1.png)\n",
    })  # fmt: skip
    result = build_site(site)
    assert [str(w) for w in result.report.warnings] == [
        'content/posts/p/index.md:5: warning: broken image: "#" in fig#2.png ends the '
        "file's name, so the browser asks for fig, not for content/posts/p/fig#2.png; "
        'write fig%232.png, or rename the file without "#"',
        'content/posts/p/index.md:7: warning: broken image: "?" in ./g?1.png ends the '
        "file's name, so the browser asks for ./g, not for content/posts/p/g?1.png; "
        'write ./g%3F1.png, or rename the file without "?"',
        'content/posts/p/index.md:9: warning: broken link: "#" in data#1.csv ends the '
        "file's name, so the browser asks for data, not for content/posts/p/data#1.csv; "
        'write data%231.csv, or rename the file without "#"',
        "content/posts/p/index.md:15: warning: image not found: b#1.png",
    ]
    page = read(site, "posts/p/index.html")
    # as written, as a site path's /img/fig#1.png is; a found image keeps no fragment, as before
    assert 'src="fig#2.png"' in page and 'src="./g?1.png"' in page
    assert 'href="data#1.csv"' in page and 'src="/posts/p/a.png"' in page
    assert 'src="/posts/p/fig%232.png"' in page and 'src="b#1.png"' in page
