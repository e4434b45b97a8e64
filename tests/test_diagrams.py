"""```mermaid blocks: marked for the browser to draw, their source kept as text, and
mermaid.js copied to (and loaded by) only the sites and pages that have one.
How they look in a browser: test_diagram_browser.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, SiteFactory, build_site, read
from mlblog import pipeline
from mlblog.npm import PINS
from mlblog.render.result import Rendered

DIAGRAM = """
Before.

```mermaid
graph LR
  A[Data] --> B["Model <b>"]
```

After.
"""

POST = """---
title: {title}
date: 2024-01-01
---
{body}
"""


def test_a_mermaid_fence_is_marked_with_its_source_as_text(
    render: Callable[..., Rendered],
) -> None:
    result = render(DIAGRAM)
    assert result.diagrams
    assert '<div class="diagram" data-diagram="mermaid"><div class="code-block"' in result.html
    # the source as a reader without JavaScript sees it, escaped (no <b> element)
    assert "graph LR\n  A[Data] --&gt; B[&quot;Model &lt;b&gt;&quot;]" in result.html
    assert result.excerpt == "Before. [代码] After."  # a diagram is code in the excerpt


@pytest.mark.parametrize("info", ["{mermaid}", "Mermaid", "mermaid title=x"])
def test_other_ways_to_write_the_fence_are_diagrams_too(
    render: Callable[..., Rendered], info: str
) -> None:
    result = render(f"```{info}\ngraph TD\n  A --> B\n```\n")
    assert result.diagrams
    assert 'data-diagram="mermaid"' in result.html


@pytest.mark.parametrize(
    "body", ["```python\nx = 1\n```\n", "    mermaid\n", "`mermaid` text\n", "```\nmermaid\n```\n"]
)
def test_other_code_is_no_diagram(render: Callable[..., Rendered], body: str) -> None:
    result = render(body)
    assert not result.diagrams
    assert "data-diagram" not in result.html


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The npm packages a build looks for (and would install if missing)."""
    names: list[str] = []
    from mlblog.npm import find_package as real

    def recorded(name: str, site_dir: Path, install: bool = True) -> Path:
        names.append(name)
        return real(name, site_dir, install)

    monkeypatch.setattr(pipeline, "find_package", recorded)
    return names


def test_a_site_without_diagrams_neither_needs_nor_copies_mermaid(
    make_site: SiteFactory, asked: list[str]
) -> None:
    site = make_site({"content/posts/p.md": POST.format(title="P", body="```python\nx\n```")})
    result = build_site(site)
    assert result.ok, result.report.items
    assert "mermaid" not in asked
    assert not (site / "public" / "mermaid").exists()
    assert "mermaid" not in read(site, "posts/p/index.html")


def test_only_pages_with_a_diagram_load_mermaid_which_the_build_copies(
    make_site: SiteFactory, asked: list[str]
) -> None:
    site = make_site({
        "content/posts/d.md": POST.format(title="D", body=DIAGRAM),
        "content/posts/plain.md": POST.format(title="Plain", body="Text."),
        "content/pages/about.md": "---\ntitle: About\n---\n```mermaid\ngraph TD\n  X --> Y\n```\n",
    })  # fmt: skip
    result = build_site(site)
    assert result.ok, result.report.items
    assert not result.report.warnings, result.report.items
    copied = site / "public" / "mermaid" / "mermaid.min.js"
    assert copied.stat().st_size > 1_000_000  # mermaid's one-file build
    loads = '<script src="/mermaid/mermaid.min.js" defer></script>'
    assert loads in read(site, "posts/d/index.html")
    assert loads in read(site, "about/index.html")
    assert "/assets/js/diagrams.js" in read(site, "posts/d/index.html")
    for page in ("posts/plain/index.html", "index.html", "archives/index.html"):
        assert "mermaid.min.js" not in read(site, page), page
    assert "A[Data] --&amp;gt; B" in read(site, "atom.xml")  # the source, for feed readers
    assert asked.count("mermaid") == 1


def test_package_json_pins_what_mlblog_looks_for() -> None:
    """CI and ./dev setup install package.json; a build looks for npm.PINS, else installs it."""
    declared = json.loads((REPO / "package.json").read_text("utf-8"))["dependencies"]
    assert {name: declared.get(name) for name in PINS} == PINS
