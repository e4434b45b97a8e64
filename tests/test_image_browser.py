"""Pictures in a post as a reader sees them, in either theme."""

from __future__ import annotations

import base64
from pathlib import Path

from playwright.sync_api import Page

from browser import serve_built, settle
from conftest import write_files
from test_diagram_browser import DARK_SHARE

# A plot as matplotlib (transparent=True) or draw.io exports it: black lines on nothing.
LINES = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120">'
    '<path d="M0 110 L60 40 L120 80 L240 10" stroke="#000" stroke-width="3" fill="none"/>'
    '<text x="10" y="20" font-size="14">loss</text></svg>'
)
POST = "---\ntitle: Plot\ndate: 2024-01-01\n---\n训练曲线：\n\n![loss](loss.svg)\n"


def test_a_transparent_figure_stays_readable_in_the_dark_theme(page: Page, tmp_path: Path) -> None:
    """Black lines on a transparent background were black on near-black in the dark theme:
    the figure showed as an empty dark box."""
    write_files(tmp_path, {
        "site.yaml": "title: T\n",
        "content/posts/plot/index.md": POST,
        "content/posts/plot/loss.svg": LINES,
    })  # fmt: skip
    shares = {}
    with serve_built(tmp_path, "https://t.example/") as url:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme, media="screen")
            page.goto(url + "posts/plot/")
            settle(page)
            png = page.locator(".post-body img").screenshot()
            shares[scheme] = page.evaluate(DARK_SHARE, base64.b64encode(png).decode())
        page.emulate_media(color_scheme="dark", media="print")  # paper: no grey box
        backing = page.evaluate("getComputedStyle(document.querySelector('.post-body img'))"
                                ".backgroundColor")  # fmt: skip
    assert shares["light"] < 0.1, shares  # the lines and the label, on a light page
    assert shares["dark"] < 0.1, shares  # the same, not a dark box with dark lines in it
    assert backing == "rgba(0, 0, 0, 0)"
