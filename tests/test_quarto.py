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


def test_quarto_callouts_are_the_boxes_other_callouts_make(make_site: SiteFactory) -> None:
    body = (
        "::: tip\nClip the gradients.\n:::\n\n"
        "::: {.callout-tip}\nClip the gradients.\n:::\n\n"
        '::: {.callout-warning title="Mixed precision" collapse="true" icon=false}\n'
        "Loss scaling avoids underflow.\n:::\n\n"
        '::: {.callout-important appearance="simple"}\n## Check the *seed*\n\n'
        "Runs differ by 0.3 points.\n:::\n\n"
        "::: {.callout-note collapse=false}\nOpen by default.\n:::\n\n"
        ":::: {.callout-caution}\nOuter.\n\n::: {.column-margin}\nA remark.\n:::\n::::\n\n"
        "::: {.rmdwarning}\nBookdown's box.\n:::\n"
    )
    site, warnings = _built(make_site, body)
    assert warnings == []
    html = _article(site)
    assert ":::" not in html and "callout-" not in html and "{." not in html
    boxes = _boxes(html)
    assert boxes[0] == boxes[1] and boxes[0].startswith('<div class="admonition tip">')
    assert boxes[2].startswith('<details class="admonition warning">\n<summary')
    assert "Mixed precision</summary>" in boxes[2]
    assert "<p>Loss scaling avoids underflow.</p>" in boxes[2]
    assert boxes[3].startswith('<div class="admonition important">')
    assert "</span>Check the <em>seed</em></p>" in boxes[3] and "<h2" not in boxes[3]
    assert boxes[4].startswith('<details class="admonition note" open>')
    assert boxes[5].startswith('<div class="admonition caution">')
    assert "<p>Outer.</p>\n<p>A remark.</p>" in html
    assert boxes[6].startswith('<div class="admonition warning">')
    assert "Bookdown's box." in boxes[6]


def test_fenced_divs_show_their_content_and_warn_about_unknown_classes(
    make_site: SiteFactory,
) -> None:
    body = (
        ':::: {.columns}\n::: {.column width="40%"}\nLeft side.\n:::\n'  # 5
        '::: {.column width="60%"}\nRight side.\n:::\n::::\n\n'
        "::: {.panel-tabset}\n## PyTorch\n\nTorch code.\n:::\n\n"  # 14
        "::: {#note-a}\nA named block.\n:::\n"
    )
    site, warnings = _built(make_site, body)
    assert warnings == [
        "content/posts/n/index.md:14: warning: ::: {.panel-tabset} has no meaning on this "
        "site: its content is shown as plain Markdown"
    ]
    html = _article(site)
    assert "::" not in html and "{." not in html
    assert "<p>Left side.</p>\n<p>Right side.</p>" in html
    assert '<h2 id="pytorch">PyTorch</h2>\n<p>Torch code.</p>' in html
    assert '<div id="note-a">\n<p>A named block.</p>\n</div>' in html
