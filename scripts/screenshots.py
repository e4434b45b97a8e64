"""Screenshots of the demo site for the README, from the real build, in light and dark.

    .venv/bin/python scripts/screenshots.py   (writes docs/screenshots/*.png)

Uses Debian's chromium through Playwright; for Chinese glyphs install a CJK font
first (Debian: fonts-noto-cjk).
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import ARGS, CHROMIUM  # noqa: E402
from mlblog.pipeline import BuildOptions, SiteBuilder  # noqa: E402
from mlblog.serve.http import LiveSite, Served, make_server  # noqa: E402

SHOTS = [("home", ""), ("post", "posts/flash-attention/")]
OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    with tempfile.TemporaryDirectory(), SiteBuilder(BuildOptions(site_dir=ROOT)) as builder:
        site, report = builder.build()
        if site is None:
            raise SystemExit("\n".join(str(d) for d in report.items))
        live = LiveSite(site.config.base_path)
        live.publish(Served(site.config.base_path, dict(site.files), dict(site.copies)))
        server = make_server("127.0.0.1", 0, live)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}{site.config.base_path}"
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            for scheme in ("light", "dark"):
                context = browser.new_context(
                    viewport={"width": 1280, "height": 900}, color_scheme=scheme
                )
                page = context.new_page()
                for name, path in SHOTS:
                    page.goto(base + path)
                    page.screenshot(path=str(OUT / f"{name}-{scheme}.png"))
                    print(f"wrote docs/screenshots/{name}-{scheme}.png")
                context.close()
            browser.close()
        live.channel.close()
        server.shutdown()


if __name__ == "__main__":
    main()
