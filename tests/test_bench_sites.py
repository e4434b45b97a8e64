"""The bench's like-for-like mlblog site for the plain peers: the same posts with every
formula left to the browser, as Hugo and Pelican are benchmarked."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from bench.__main__ import compile_like_installed
from bench.generate import generate
from bench.peers import mlblog_nokatex_site

from conftest import build_site


def _pages(site: Path) -> dict[str, str]:
    public = site / "public"
    return {
        str(path.relative_to(public)): path.read_text("utf-8") for path in public.rglob("*.html")
    }


def test_nokatex_site_builds_the_same_pages_with_formulas_as_text(tmp_path: Path) -> None:
    generated = generate(tmp_path / "generated", 12, seed=7)
    sources = {p: p.read_bytes() for p in (generated / "content").rglob("*.md")}
    plain = mlblog_nokatex_site(generated, tmp_path / "plain")
    assert build_site(generated).ok and build_site(plain).ok

    typeset, left = _pages(generated), _pages(plain)
    assert sorted(typeset) == sorted(left)
    posts = [name for name in typeset if name.startswith("posts/")]
    assert posts
    assert all('class="katex"' in typeset[name] for name in posts)
    assert not any('class="katex"' in page for page in left.values())
    assert all(left[name].count("$") >= 2 for name in posts)  # the formulas, as TeX
    assert {p: p.read_bytes() for p in (generated / "content").rglob("*.md")} == sources


def test_timed_runs_find_mlblog_compiled_as_pip_installs_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With PYTHONDONTWRITEBYTECODE (set on this machine) an editable mlblog was compiled
    from source in every timed run, while pip had compiled the peers' modules."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    modules = [package / "__init__.py", package / "sub" / "mod.py"]
    for module in modules:
        module.write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    compile_like_installed(package)
    assert all(Path(importlib.util.cache_from_source(str(m))).is_file() for m in modules)


def test_bare_loop_renders_every_post_and_typesets_its_formulas(tmp_path: Path) -> None:
    """The floor the cold target is weighed against (bench/bare_loop.py) does the work it
    claims: each post a page, code highlighted, and with KaTeX every formula typeset."""
    from bench.bare_loop import bare_loop

    from mlblog.render.math import find_katex

    generated = generate(tmp_path / "generated", 6, seed=3)
    posts = generated / "content" / "posts"
    assert bare_loop(posts, tmp_path / "plain") == 6
    assert bare_loop(posts, tmp_path / "typeset", find_katex(generated)) == 6
    for name in ("plain", "typeset"):
        assert sorted(p.name for p in (tmp_path / name).iterdir()) == sorted(
            p.stem for p in posts.glob("*.md")
        )
    for post in posts.glob("*.md"):
        plain = (tmp_path / "plain" / post.stem / "index.html").read_text("utf-8")
        typeset = (tmp_path / "typeset" / post.stem / "index.html").read_text("utf-8")
        for page in (plain, typeset):  # highlighted
            assert '<pre class="highlight"><code><span class="' in page
        assert "$" in plain and 'class="katex"' not in plain
        assert typeset.count('class="katex"') >= 2 and "$" not in typeset
