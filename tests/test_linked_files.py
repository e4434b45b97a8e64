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
