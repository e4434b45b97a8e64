"""`==highlighted text==` (Obsidian, Typora) showed its `==`; it is `<mark>`, readable in
both themes, and never taken from code, formulas or the `a == b` of prose."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser import serve_built
from conftest import SiteFactory, build_site, read, write_files
from mlblog.render.result import Rendered

Render = Callable[..., Rendered]


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("这是==重点==内容。", "<p>这是<mark>重点</mark>内容。</p>\n"),
        ("==**Bold** and $x$==", "<mark><strong>Bold</strong> and <span"),
        ("[see ==this==](https://x.example/)", '">see <mark>this</mark></a>'),
        ("## Step ==two==", ">Step <mark>two</mark></h2>"),
    ],
)
def test_double_equals_mark_text(render: Render, source: str, html: str) -> None:
    assert html in render(source).html


@pytest.mark.parametrize(
    "source",
    [
        "If a == b and c == d, stop.",  # prose comparisons: spaces inside
        "`x==y` and ==y alone",  # code keeps its own; an unpaired == is text
        "$a==b$ and $c==d$",
        "=== and ===y===",  # three or more are not the marker
        "```\n==code==\n```",
        "== spaced ==",
    ],
)
def test_equals_that_mark_nothing_stay_as_written(render: Render, source: str) -> None:
    html = render(source).html
    assert "<mark>" not in html and "==" in html


def test_marked_text_reads_as_text_in_listing_and_search(make_site: SiteFactory) -> None:
    post = "---\ntitle: T\ndate: 2024-01-01\n---\n先看==学习率==，再看批量。\n"
    site = make_site({"content/posts/m.md": post})
    assert build_site(site).ok
    assert "<mark>学习率</mark>" in read(site, "posts/m/index.html")
    assert "先看学习率，再看批量。" in read(site, "index.html")
    assert "先看学习率" in read(site, "search.json")


def _luminance(rgb: str) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (float(v) for v in rgb[rgb.index("(") + 1 : -1].split(",")[:3])
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def _contrast(one: str, two: str) -> float:
    high, low = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_marked_text_and_its_link_read_in_the_dark_theme(browser: Browser, tmp_path: Path) -> None:
    post = "---\ntitle: T\ndate: 2024-01-01\n---\n先看==学习率和[批量](https://x.example/)==。\n"
    write_files(tmp_path, {"site.yaml": "title: T\n", "content/posts/m.md": post})
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/m/")
            back, text, link = page.evaluate(
                """() => {
                    const mark = document.querySelector('.post-body mark');
                    return [getComputedStyle(mark).backgroundColor, getComputedStyle(mark).color,
                            getComputedStyle(mark.querySelector('a')).color];
                }"""
            )
    finally:
        context.close()
    assert _contrast(back, text) >= 4.5 and _contrast(back, link) >= 4.5, (back, text, link)
