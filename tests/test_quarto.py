"""Posts written for Quarto (or pandoc and R Markdown) moved into a site: what a reader of
the built page sees of their callouts, fenced divs, cross references, code chunks, spans
and front matter."""

from __future__ import annotations

import os
import re
from pathlib import Path

from conftest import SiteFactory, build_site, read

FRONT = "---\ntitle: Notes\ndate: 2024-03-01\n---\n"


def _built(
    make_site: SiteFactory, body: str, name: str = "content/posts/n/index.md", **files: str
) -> tuple[Path, list[str]]:
    site = make_site({name: FRONT + body, **files}, "title: T\nbase_url: https://t.example/\n"
                     "language: en\n")  # fmt: skip
    result = build_site(site)
    return site, [str(w) for w in result.report.sorted()]


def _article(site: Path, page: str = "posts/n/index.html") -> str:
    html = read(site, page)
    return html[html.index('<div class="post-body') : html.index("</article>")]


def _boxes(html: str) -> list[str]:
    return re.findall(r'<(?:div|details) class="admonition[^"]*"[^>]*>.*?</(?:div|details)>', html,
                      re.DOTALL)  # fmt: skip


def test_qmd_files_are_posts_and_quarto_front_matter_builds(make_site: SiteFactory) -> None:
    front = (
        '---\ntitle: "Scaling laws, read slowly"\ndate: last-modified\nauthor: "R. Chen"\n'
        "categories: [reading, scaling]\n"
        'description: "What the compute-optimal frontier says, in two plots."\n'
        "image: frontier.png\ndraft: false\nformat:\n  html:\n    code-fold: true\n---\n"
    )  # fmt: skip
    body = "Loss falls as a power of compute.\n"
    site = make_site({"content/posts/scaling/index.qmd": front + body,
                      "content/posts/other.qmd": FRONT + body})  # fmt: skip
    os.utime(site / "content/posts/scaling/index.qmd", (1.7e9, 1.7e9))  # before the build's now
    result = build_site(site)
    warnings = [str(w) for w in result.report.sorted()]
    assert warnings == [
        "content/posts/scaling/index.qmd:3: warning: date: last-modified is the file's "
        "modified time, which every fresh clone (and so the Pages workflow) changes: the post "
        "moves to the top of the site at each publish; write its date, date: YYYY-MM-DD"
    ]
    assert "Loss falls as a power of compute." in _article(site, "posts/scaling/index.html")
    assert "Loss falls" in _article(site, "posts/other/index.html")
    home = read(site, "index.html")
    assert "What the compute-optimal frontier says, in two plots." in home
    assert "/categories/reading/" in home
