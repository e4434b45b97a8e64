"""Debian's chromium driven by Playwright (no browser download: executable_path)."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from mlblog.pipeline import BuildOptions, SiteBuilder
from mlblog.serve.http import LiveSite, Served, make_server

CHROMIUM = Path(os.environ.get("MLBLOG_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def launched() -> Iterator[Browser]:
    """Debian's chromium, headless, through Playwright."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: ./dev test installs Debian's chromium (or set MLBLOG_CHROMIUM)"
        )
    if not _has_chinese_font():  # the layout tests measure Chinese text
        pytest.fail("no font covers Chinese (fc-list :lang=zh is empty), so chromium draws "
                    "boxes: ./dev test installs fonts-wqy-microhei")  # fmt: skip
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def _has_chinese_font() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True)
    return bool(found.stdout.strip())


@contextmanager
def serve_built(site_dir: Path, base_url: str) -> Iterator[str]:
    """Build a site in memory and serve it on a free port; yields its URL (with base path)."""
    with SiteBuilder(BuildOptions(site_dir=site_dir, base_url=base_url)) as builder:
        site, report = builder.build()
    assert site is not None, [str(d) for d in report.items]
    live = LiveSite(site.config.base_path)
    live.publish(Served(site.config.base_path, dict(site.files), dict(site.copies)))
    server = make_server("127.0.0.1", 0, live)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{site.config.base_path}"
    finally:
        live.channel.close()
        server.shutdown()
        server.server_close()


def settle(page: Page) -> None:
    """The page loaded, its fonts in, and a moment more for anything lazy to ask. Not
    Playwright's "networkidle": it never sees the end of a shared worker's script request
    (serve's live reload), and waits for ever."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_timeout(500)


def spoken_names(page: Page, role: str) -> list[str]:
    """The names Chromium's accessibility tree gives the page's nodes of `role` (heading,
    link, region …): what a screen reader says of them, not what Playwright computes."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    return [
        str(node.get("name", {}).get("value", ""))
        for node in nodes
        if not node.get("ignored") and node.get("role", {}).get("value") == role
    ]


def spoken_text(page: Page) -> str:
    """All the text Chromium's accessibility tree holds, hidden-on-screen text included."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    return " ".join(
        str(node.get("name", {}).get("value", ""))
        for node in nodes
        if not node.get("ignored") and node.get("role", {}).get("value") == "StaticText"
    )


# The WCAG contrast ratio of two computed colours ("rgb(…)"), for page.evaluate.
CONTRAST = """([one, two]) => {
    const luminance = (color) => {
        const [r, g, b] = color.match(/[\\d.]+/g).slice(0, 3).map(Number).map((c) => {
            c /= 255;
            return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [a, b] = [luminance(one), luminance(two)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
}"""


# The share of dark pixels (luminance < 128) in a screenshot's columns from `x` (from its
# right edge when negative), `width` of them (null: to the right edge).
_DARK_SHARE = """async ([png, x, width]) => {
    const image = new Image();
    image.src = "data:image/png;base64," + png;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext("2d");
    context.drawImage(image, 0, 0);
    const left = x < 0 ? image.width + x : x;
    const pixels = context.getImageData(left, 0, width ?? image.width - left, image.height).data;
    let dark = 0;
    for (let at = 0; at < pixels.length; at += 4) {
        const y = 0.2126 * pixels[at] + 0.7152 * pixels[at + 1] + 0.0722 * pixels[at + 2];
        if (y < 128) dark += 1;
    }
    return dark / (pixels.length / 4);
}"""


def dark_share(page: Page, png: bytes, x: int = 0, width: int | None = None) -> float:
    """How much of a screenshot (or of a strip of its columns) is dark, read in `page`."""
    return float(page.evaluate(_DARK_SHARE, [base64.b64encode(png).decode(), x, width]))
