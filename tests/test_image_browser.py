"""Pictures in a post as a reader sees them, in either theme."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page

from browser import CONTRAST, dark_share, serve_built, settle
from conftest import write_files

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
            shares[scheme] = dark_share(page, png)
        page.emulate_media(color_scheme="dark", media="print")  # paper: no grey box
        backing = page.evaluate("getComputedStyle(document.querySelector('.post-body img'))"
                                ".backgroundColor")  # fmt: skip
    assert shares["light"] < 0.1, shares  # the lines and the label, on a light page
    assert shares["dark"] < 0.1, shares  # the same, not a dark box with dark lines in it
    assert backing == "rgba(0, 0, 0, 0)"


def test_a_picture_that_does_not_load_says_its_alt_text_legibly_in_the_dark_theme(
    browser: Browser, tmp_path: Path
) -> None:
    """A picture hot-linked from a site that refuses others (CSDN's, Zhihu's) shows its alt
    text instead: in the dark theme, the page's light text on the light backing meant for
    transparent figures, about 1.2:1, all but invisible."""
    post = "---\ntitle: P\ndate: 2024-01-01\n---\n![注意力热力图](http://127.0.0.1:9/heatmap.png)\n"
    write_files(tmp_path, {"site.yaml": "title: T\n", "content/posts/p.md": post})
    # Not the `page` fixture: the picture's failed load is a console error there.
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    with serve_built(tmp_path, "https://t.example/") as url:
        page.goto(url + "posts/p/")
        settle(page)
        shown = page.evaluate("""() => {
            const img = document.querySelector('.post-body img');
            const style = getComputedStyle(img);
            return {broken: img.complete && img.naturalWidth === 0,
                    colours: [style.color, style.backgroundColor]};
        }""")
        contrast = page.evaluate(CONTRAST, shown["colours"])
    context.close()
    assert shown["broken"], shown
    assert contrast >= 4.5, (shown, contrast)
