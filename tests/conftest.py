"""Shared helpers: small sites written into tmp_path, and one KaTeX engine per test session."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from mlblog.commands.build import BuildOptions, BuildResult, build
from mlblog.render.markdown import MarkdownRenderer
from mlblog.render.math import KatexEngine, find_katex
from mlblog.render.result import Placeholders, Rendered, RenderSettings

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
PLACEHOLDERS = Placeholders("[代码]", "[Math]", "[公式]")

SiteFactory = Callable[..., Path]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless chromium for the whole session (Playwright allows one sync driver)."""
    from browser import launched

    with launched() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page of its own context, failing its test on any script error or console error."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert errors == []


@pytest.fixture(scope="session")
def katex_engine() -> Iterator[KatexEngine]:
    with KatexEngine(find_katex(REPO), [("\\R", "\\mathbb{R}")]) as engine:
        yield engine


@pytest.fixture(scope="session")
def renderer(katex_engine: KatexEngine) -> MarkdownRenderer:
    return MarkdownRenderer(katex_engine)


@pytest.fixture
def render(renderer: MarkdownRenderer) -> Callable[..., Rendered]:
    def _render(
        body: str, summary: str | None = None, length: int = 350, math: bool = True
    ) -> Rendered:
        settings = RenderSettings(PLACEHOLDERS, excerpt_length=length, math=math)
        return renderer.render(textwrap.dedent(body), summary, settings)

    return _render


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")


@pytest.fixture
def make_site(tmp_path: Path) -> SiteFactory:
    """A site folder in tmp_path; site.yaml defaults to a minimal valid one."""

    def _make(files: dict[str, str | bytes] | None = None, config: str | None = None) -> Path:
        site = tmp_path / "site"
        site.mkdir(exist_ok=True)
        (site / "site.yaml").write_text(
            config if config is not None else "title: Test site\nbase_url: https://t.example/\n",
            encoding="utf-8",
        )
        write_files(site, files or {})
        return site

    return _make


def build_site(site: Path, **options: object) -> BuildResult:
    options.setdefault("now", NOW)
    return build(BuildOptions(site_dir=site, **options))  # type: ignore[arg-type]


def read(site: Path, relative: str) -> str:
    return (site / "public" / relative).read_text(encoding="utf-8")


def post_body(html: str) -> str:
    """A post page's body as the reader sees it, from `.post-body` to the article's end."""
    return html[html.index('<div class="post-body"') : html.index("</article>")]


def rewrite_keeping_mtime(path: Path, text: str) -> None:
    """New contents under the old mtime, as cp -p, tar -x and touch -r leave a file."""
    stamp = path.stat()
    path.write_text(text, "utf-8")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
