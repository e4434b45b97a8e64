"""Mermaid diagrams as a reader sees them, in headless chromium: drawn as SVG, named for
screen readers, in the theme's colours, and a mistake in one said in its place."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from browser import dark_share, serve_built, settle
from conftest import write_files
from test_accessibility import axe_serious

POST = """---
title: Pipeline
date: 2024-01-01
---
The training loop:

```mermaid
graph LR
  accTitle: Training loop
  A[Data] --> B[Model] --> C{Loss}
  C -->|grad| B
```

```{mermaid}
sequenceDiagram
  Trainer->>GPU: step
```
"""

BROKEN = """---
title: Broken
date: 2024-01-02
---
```mermaid
graph TD
  A --> --> B
```
"""


def test_a_mermaid_block_is_drawn_as_a_named_diagram(page: Page, tmp_path: Path) -> None:
    """GitHub draws ```mermaid blocks; here a researcher's copied README showed them as code."""
    write_files(tmp_path, {"site.yaml": "title: T\n", "content/posts/p.md": POST})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    with serve_built(tmp_path, "https://t.example/") as url:
        page.goto(url + "posts/p/")
        settle(page)
        diagrams = page.locator(".post-body .diagram-svg svg")
        expect(diagrams).to_have_count(2)
        expect(diagrams.first.locator("text=Model")).to_have_count(1)
        expect(page.get_by_role("document", name="Training loop")).to_have_count(1)
        # No accTitle: the diagram says its source.
        expect(page.get_by_role("img", name="sequenceDiagram Trainer->>GPU: step")).to_be_visible()
        expect(page.locator(".post-body .code-block").first).to_be_hidden()  # the source
        light = diagrams.first.locator(".node rect").first.evaluate("e => getComputedStyle(e).fill")
        assert axe_serious(page, ".post-body") == []
        page.locator(".theme-toggle").click()
        expect(page.locator(".post-body .diagram-svg svg")).to_have_count(2)
        page.wait_for_timeout(500)
        dark = page.locator(".post-body .diagram-svg svg .node rect").first.evaluate(
            "e => getComputedStyle(e).fill"
        )
        assert axe_serious(page, ".post-body") == []
    assert all(r.startswith(url.split("/posts/")[0]) for r in requested), requested  # no CDN
    assert light == "rgb(226, 243, 242)", light  # --accent-soft of each theme
    assert dark == "rgb(21, 48, 47)", dark


def test_a_diagram_with_a_mistake_shows_mermaid_s_message_and_its_source(
    page: Page, tmp_path: Path
) -> None:
    """Not a blank: the author sees what mermaid could not read, and the reader the source."""
    write_files(tmp_path, {"site.yaml": "title: T\n", "content/posts/b.md": BROKEN})
    with serve_built(tmp_path, "https://t.example/") as url:
        page.goto(url + "posts/b/")
        settle(page)
        error = page.locator(".post-body .diagram-error")
        expect(error).to_be_visible()
        expect(error).to_contain_text("Parse error on line 2")
        expect(page.locator(".post-body .code-block")).to_be_visible()
        expect(page.locator(".post-body .code-block")).to_contain_text("A --> --> B")
        expect(page.locator(".post-body svg")).to_have_count(0)


# The share of an element's pixels that are dark (luminance under a half), as printed.


def test_a_diagram_prints_dark_on_light_for_a_dark_theme_reader(page: Page, tmp_path: Path) -> None:
    """The page prints black on white in any theme, but a diagram drawn for the dark theme
    kept its dark boxes and light grey labels and lines: grey on white paper, hard to read."""
    write_files(tmp_path, {"site.yaml": "title: T\n", "content/posts/p.md": POST})
    shares = {}
    with serve_built(tmp_path, "https://t.example/") as url:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme, media="screen")
            page.goto(url + "posts/p/")
            settle(page)
            expect(page.locator(".post-body .diagram-svg svg")).to_have_count(2)
            page.emulate_media(media="print")
            png = page.locator(".post-body .diagram-svg svg").first.screenshot()
            shares[scheme] = dark_share(page, png)
    assert shares["light"] < 0.05, shares  # labels and lines only
    assert shares["dark"] < 0.05, shares


WIDE = """---
title: Wide
date: 2024-01-03
---
```mermaid
graph LR
  A[Tokenizer] --> B[Embedding] --> C[Attention] --> D[Feed forward] --> E[LayerNorm]
  E --> F[Residual] --> G[Output head] --> H[Softmax] --> I[Sampling]
```

```mermaid
graph TD
  A[Data] --> B[Model]
```
"""

# Each diagram's text as drawn (the label's font size times the SVG's scale), its width as
# drawn and as mermaid made it, and whether its box scrolls sideways.
DRAWN = """() => [...document.querySelectorAll('.post-body .diagram-svg')].map(box => {
    const svg = box.querySelector('svg');
    const label = svg.querySelector('.nodeLabel');
    const width = svg.getBoundingClientRect().width;
    return {text: parseFloat(getComputedStyle(label).fontSize) * width / svg.viewBox.baseVal.width,
            width, natural: svg.viewBox.baseVal.width, scrolls: box.scrollWidth > box.clientWidth};
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_wide_diagram_keeps_readable_text_on_a_phone_and_scrolls(
    browser: Browser, tmp_path: Path, scheme: str
) -> None:
    """Shrunk to a phone's column, a nine-step flowchart's labels were 3 px tall. A diagram
    is shrunk only while its text stays at least 12 px; a wider one scrolls in its own box
    (reached by the keyboard, as wide code is), and the page itself never scrolls sideways.
    A diagram that fits is drawn as before."""
    write_files(tmp_path, {"site.yaml": "title: T\n", "content/posts/w.md": WIDE})
    phone = {"width": 390, "height": 844}
    context = browser.new_context(viewport=phone, color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/w/")
            settle(page)
            expect(page.locator(".post-body .diagram-svg svg")).to_have_count(2)
            wide, small = page.evaluate(DRAWN)
            assert wide["text"] >= 12, wide
            assert wide["scrolls"], wide
            assert page.evaluate("document.documentElement.scrollWidth") == 390
            assert small == {"text": 16, "width": small["natural"], "natural": small["natural"],
                             "scrolls": False}  # fmt: skip
            region = page.get_by_role("region", name="图表")
            expect(region).to_have_count(1)
            expect(region).to_have_attribute("tabindex", "0")
            expect(region.locator("text=Tokenizer")).to_be_in_viewport()  # starts at its start
            assert axe_serious(page, ".post-body") == []
            page.locator(".theme-toggle").click()  # drawn again, in the other colours
            page.wait_for_timeout(500)
            expect(page.get_by_role("region", name="图表")).to_have_count(1)
            redrawn = page.evaluate(DRAWN)
    finally:
        context.close()
    assert redrawn[0]["text"] >= 12 and redrawn[0]["scrolls"], redrawn
