"""Break points in long identifiers and URLs of a title's HTML, and nowhere else: the
title's text (`<title>`, the feed, search) stays as written. Measured in a browser in
test_line_breaks_browser.py."""

from __future__ import annotations

import feedparser
import pytest

from conftest import SiteFactory, build_site, read
from mlblog.render.soft_breaks import BREAK, breakable_html


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Short title", "Short title"),
        ("torch.compile", "torch.compile"),  # short: moved whole to the next line
        ("torch.nn.functional", "torch.|nn.|functional"),
        ("Why F.scaled_dot_product_attention", "Why F.|scaled_|dot_|product_|attention"),
        ("https://github.com/a/b", "https://|github.|com/|a/|b"),
        ("std::vector::push_back", "std::|vector::|push_|back"),
        ("torch.nn.Module.__init__", "torch.|nn.|Module.|__init__"),  # its marks kept whole
        ("pi = 3.14159265358979", "pi = 3.14159265358979"),  # a number is no identifier
        ("理解torch.nn.functional的实现", "理解torch.|nn.|functional的实现"),
        ("nn.Module：什么时候用哪个", "nn.Module：什么时候用哪个"),  # CJK breaks anywhere
        ("a<b>&c.d_e.f_g.h_i", "a&lt;b&gt;&amp;c.|d_|e.|f_|g.|h_|i"),
    ],
)
def test_long_identifiers_get_break_points(title: str, shown: str) -> None:
    assert breakable_html(title) == shown.replace("|", BREAK)


def test_break_points_stay_out_of_the_title_s_text(make_site: SiteFactory) -> None:
    title = "Why functional.scaled_dot_product_attention"
    site = make_site({
        "content/posts/a.md": f"---\ntitle: {title}\ndate: 2024-01-01\ntags: [a]\n---\ntext\n",
    })  # fmt: skip
    assert build_site(site).ok
    page = read(site, "posts/a/index.html")
    assert f"<title>{title} · Test site</title>" in page
    assert f'<meta property="og:title" content="{title}">' in page
    heading = page.split('<h1 class="post-title"')[1].split("</h1>")[0]
    assert "aria-label" not in heading  # its text is its name, as before
    shown = "Why functional.|scaled_|dot_|product_|attention".replace("|", BREAK)
    assert heading.split(">", 1)[1] == shown
    for listing in ("index.html", "archives/index.html", "tags/a/index.html"):
        assert BREAK in read(site, listing), listing
    assert [e.title for e in feedparser.parse(read(site, "atom.xml")).entries] == [title]
    assert "soft-break" not in read(site, "search.json")
