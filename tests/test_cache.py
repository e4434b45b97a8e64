"""Cached, parallel and incremental builds give exactly what a plain build gives (issue 7)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from bench.generate import generate

from conftest import NOW, REPO, SiteFactory, build_site, read, rewrite_keeping_mtime
from mlblog.cache import Cache
from mlblog.commands.build import BuildOptions, BuildResult, build


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".mlblog-output"
    }


def run(site: Path, out: Path, **options: object) -> BuildResult:
    result = build(BuildOptions(site_dir=site, output=out, now=NOW, **options))  # type: ignore[arg-type]
    assert result.ok, [str(d) for d in result.report.items]
    return result


def test_demo_cached_build_is_byte_identical(tmp_path: Path) -> None:
    site = tmp_path / "demo"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "site.yaml", site / "site.yaml")
    every = run(site, tmp_path / "plain", cache=False, jobs=1).rendered  # posts and pages
    first = run(site, tmp_path / "cached")
    second = run(site, tmp_path / "cached")  # everything from the cache
    assert every > 20 and first.rendered == every and second.rendered == 0
    assert tree(tmp_path / "cached") == tree(tmp_path / "plain")


def test_parallel_build_is_byte_identical(tmp_path: Path) -> None:
    site = generate(tmp_path / "site", 220, seed=7)
    run(site, tmp_path / "plain", cache=False, jobs=1)
    # 2 render workers, the search index in its own process (≥ 200 posts), and (a first
    # build of ≥ 100 sources) the output written by another process meanwhile
    parallel = run(site, tmp_path / "parallel", cache=False, jobs=2)
    assert parallel.rendered > 96 and parallel.posts >= 200
    assert tree(tmp_path / "parallel") == tree(tmp_path / "plain")


def test_changed_macro_rerenders_with_the_cache(make_site: SiteFactory) -> None:
    post = "---\ntitle: A\ndate: 2024-01-01\n---\n$\\R^n$ and $x$\n"
    site = make_site(
        {"content/posts/a.md": post},
        config="title: T\nbase_url: /\nmath:\n  macros:\n    '\\R': '\\mathbb{R}'\n",
    )
    assert build_site(site).ok
    assert 'mathvariant="double-struck"' in read(site, "posts/a/index.html")
    (site / "site.yaml").write_text(
        "title: T\nbase_url: /\nmath:\n  macros:\n    '\\R': '\\mathbf{R}'\n", "utf-8"
    )
    result = build_site(site)
    assert result.rendered == 1
    page = read(site, "posts/a/index.html")
    assert 'mathvariant="double-struck"' not in page and 'mathvariant="bold"' in page
    shutil.rmtree(site / ".mlblog-cache")
    build_site(site)
    assert read(site, "posts/a/index.html") == page


def test_unchanged_files_keep_their_mtimes(make_site: SiteFactory) -> None:
    post = "---\ntitle: {t}\ndate: 2024-01-0{d}\n---\n{b}\n"
    site = make_site({
        "content/posts/a.md": post.format(t="A", d=1, b="alpha"),
        "content/posts/b.md": post.format(t="B", d=2, b="beta"),
        "content/posts/c.md": post.format(t="C", d=3, b="gamma"),
    })  # fmt: skip
    assert build_site(site).ok
    out = site / "public"
    before = {
        p: p.stat().st_mtime_ns
        for p in out.rglob("*")
        if p.is_file() and p.name != ".mlblog-output"
    }
    assert build_site(site).ok
    assert {p: p.stat().st_mtime_ns for p in before} == before
    (site / "content/posts/a.md").write_text(post.format(t="A", d=1, b="alpha edited"), "utf-8")
    assert build_site(site).ok
    assert (out / "posts/a/index.html").stat().st_mtime_ns != before[out / "posts/a/index.html"]
    assert "alpha edited" in read(site, "posts/a/index.html")
    assert (out / "posts/c/index.html").stat().st_mtime_ns == before[out / "posts/c/index.html"]
    assert (out / "katex/katex.min.css").stat().st_mtime_ns == before[out / "katex/katex.min.css"]


def test_copied_files_are_kept_wherever_the_build_runs_from(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The output record named each copy's source as given (relative to the working
    folder): building as `mlblog build` in the site and as `mlblog build -s site` above
    it rewrote every copied file each time, and published the author's paths."""
    site = make_site({"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nalpha\n",
                      "static/CNAME": "notes.example.com\n"})  # fmt: skip
    monkeypatch.chdir(site)
    assert build_site(Path(".")).ok
    out = site / "public"
    copied = {p: p.stat().st_mtime_ns for p in (out / "CNAME", out / "katex/katex.min.css")}
    monkeypatch.chdir(site.parent)
    assert build_site(Path(site.name)).ok
    assert {p: p.stat().st_mtime_ns for p in copied} == copied
    record = (out / ".mlblog-output").read_text("utf-8")
    assert str(site) not in record and "static/CNAME" not in record
    assert "mlblog/theme" not in record


def test_a_file_rewritten_with_its_size_and_mtime_kept_is_copied_again(
    make_site: SiteFactory,
) -> None:
    """cp -p, tar -x and touch -r keep an mtime: the copy is checked by ctime too."""
    site = make_site({
        "content/posts/bb/index.md": "---\ntitle: BB\ndate: 2024-01-01\n---\n![f](fig.png)\n",
        "content/posts/bb/fig.png": "fig v1\n",
        "static/a.txt": "AAAA\n",
    })  # fmt: skip
    assert build_site(site).ok
    rewrite_keeping_mtime(site / "static/a.txt", "BBBB\n")
    rewrite_keeping_mtime(site / "content/posts/bb/fig.png", "fig v2\n")
    assert build_site(site).ok
    assert read(site, "a.txt") == "BBBB\n" and read(site, "posts/bb/fig.png") == "fig v2\n"


def test_a_search_json_in_static_replaces_the_generated_one(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nalpha\n",
        "static/search.json": '{"mine": 1}\n',
    })  # fmt: skip
    assert build_site(site).ok
    assert read(site, "search.json") == '{"mine": 1}\n'


def test_file_edited_by_hand_in_public_is_rewritten(make_site: SiteFactory) -> None:
    site = make_site({"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nalpha\n"})
    assert build_site(site).ok
    page = site / "public/posts/a/index.html"
    good = page.read_bytes()
    page.write_bytes(b"scribbled")
    assert build_site(site).ok
    assert page.read_bytes() == good


def _templated(site: Path, out: Path) -> int:
    """Pages a fresh build process had to template (none found in .mlblog-cache/)."""
    from mlblog.output import write_site
    from mlblog.pipeline import SiteBuilder

    with SiteBuilder(BuildOptions(site_dir=site, output=out, now=NOW)) as builder:
        output, report = builder.build()
        assert output is not None, [str(d) for d in report.items]
        write_site(out, output.files.packed, output.copies)
        return builder.templated_last


def test_page_cache_templates_only_what_changed(tmp_path: Path) -> None:
    site = generate(tmp_path / "site", 40, seed=3)
    out = tmp_path / "out"
    total = _templated(site, out)
    assert total > 60
    assert _templated(site, out) == 0  # nothing changed: every page from the cache

    post = sorted((site / "content/posts").glob("*.md"))[5]
    text = post.read_text("utf-8")
    post.write_text(text + "\nA closing remark.\n", "utf-8")
    edited = _templated(site, out)
    terms = sum(len(line.split(",")) for line in text.splitlines()[2:5] if line.endswith("]"))
    # its page, and the feeds that show it: the site's, its category's and its tags'
    # (its excerpt did not change: no listing)
    assert 1 <= edited <= 2 + terms

    (site / "templates").mkdir()
    (site / "templates/404.html").write_text("<!doctype html><title>gone</title>\n", "utf-8")
    assert _templated(site, out) == total  # a template changed: every page again
    run(site, tmp_path / "plain", cache=False, jobs=1)
    assert tree(out) == tree(tmp_path / "plain")


def test_a_comment_added_to_site_yaml_templates_no_page_again(tmp_path: Path) -> None:
    """site.yaml's lines are kept for its warnings (a menu item linking nowhere names its
    `url:` line); where a setting is written is not a setting of any page."""
    site = generate(tmp_path / "site", 5, seed=3)
    out = tmp_path / "out"
    assert _templated(site, out) > 0
    config = site / "site.yaml"
    config.write_text("# my notes\n" + config.read_text("utf-8"), "utf-8")
    assert _templated(site, out) == 0


def test_rebuild_from_the_cache_loads_no_renderer(make_site: SiteFactory) -> None:
    """What makes a no-change rebuild fast: nothing is parsed, highlighted, templated or
    indexed, so Markdown, Pygments, Jinja and the index builder are never even imported;
    nor are what only images (imagesize, which loads urllib.request), TOML front matter and
    installing a package need: ~40 ms of a ~0.6 s rebuild at 1,000 posts."""
    site = make_site({"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n$x$ `y`\n"})
    heavy = ("markdown_it", "pygments", "jinja2", "mlblog.search.lunr_format", "nbformat",
             "multiprocessing", "imagesize", "urllib.request", "tomllib", "tarfile")  # fmt: skip
    probe = (
        "import sys\nfrom mlblog.cli import main\n"
        "code = main(['build'])\n"
        f"print(code, sorted(m for m in {heavy!r} if m in sys.modules))\n"
    )
    first = subprocess.run(
        [sys.executable, "-c", probe], cwd=site, capture_output=True, text=True, check=True
    )
    needed = first.stdout.split("\n")[-2]  # the first build uses them
    used = ("markdown_it", "pygments", "jinja2", "mlblog.search.lunr_format")
    assert all(repr(m) in needed for m in used), needed
    again = subprocess.run(
        [sys.executable, "-c", probe], cwd=site, capture_output=True, text=True, check=True
    )
    assert again.stdout.split("\n")[-2] == "0 []", again.stdout + again.stderr


def test_an_edit_to_prose_highlights_none_of_the_posts_code_again(
    make_site: SiteFactory,
) -> None:
    """A post's code blocks are kept highlighted in the cache: a rebuild after a change to
    its text finds them there and never imports Pygments (~0.1 s of a one-post rebuild);
    a changed block is highlighted again, and the page is what a build without the cache
    makes."""
    post = (
        '---\ntitle: A\ndate: 2024-01-01\n---\n{0}\n\n```python title="train.py"\n'
        "loss = model({1})\n```\n\n```rust\nfn main() {{}}\n```\n"
    )
    site = make_site({"content/posts/a.md": post.format("First words.", "x")})
    probe = (
        "import sys\nfrom mlblog.cli import main\n"
        "code = main(['build'])\n"
        "print(code, sorted(m for m in ('markdown_it', 'pygments') if m in sys.modules))\n"
    )

    def rebuilt_with() -> str:
        done = subprocess.run(
            [sys.executable, "-c", probe], cwd=site, capture_output=True, text=True, check=True
        )
        return done.stdout.split("\n")[-2]

    assert rebuilt_with() == "0 ['markdown_it', 'pygments']"
    (site / "content/posts/a.md").write_text(post.format("Other words.", "x"), "utf-8")
    assert rebuilt_with() == "0 ['markdown_it']"  # parsed again, highlighted from the cache
    page = read(site, "posts/a/index.html")
    assert "Other words." in page and '<span class="n">model</span>' in page
    assert 'data-lang="rust"' in page and "train.py" in page
    (site / "content/posts/a.md").write_text(post.format("Other words.", "batch"), "utf-8")
    assert rebuilt_with() == "0 ['markdown_it', 'pygments']"
    page = read(site, "posts/a/index.html")
    assert '<span class="n">batch</span>' in page and '<span class="n">x</span>' not in page
    run(site, site.parent / "plain", cache=False, jobs=1)
    assert tree(site / "public") == tree(site.parent / "plain")


def test_code_highlighted_by_another_pygments_leaves_the_cache(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blocks are stored under the Pygments version (and mlblog's code): another version
    never finds them, and its first build drops them."""
    from mlblog.render import code_cache

    post = "---\ntitle: A\ndate: 2024-01-01\n---\n```python\nx = 1\n```\n\n    y = 2\n"
    site = make_site({"content/posts/a.md": post})
    run(site, site / "public")
    assert _rows(site)["code"] == 2  # a fence and an indented block
    store = Cache(site / ".mlblog-cache/render.sqlite")
    blocks = [("x = 1\n", "python"), ("y = 2\n", "")]
    assert code_cache.HighlightCache(store).for_document(blocks).made == {}  # both found
    monkeypatch.setattr(code_cache, "installed_version", lambda name: "0.0")
    other = code_cache.HighlightCache(store)
    highlights = other.for_document(blocks)
    assert [highlights.html(*block) for block in blocks]
    assert list(highlights.made) == blocks  # found under no key of this version
    other.claim_store()
    assert not store.has_any("code")
    store.close()


def test_serve_prepares_the_first_edit_without_writing_anything(tmp_path: Path) -> None:
    """A first build renders in worker processes, so the server's own process has not
    loaded the renderer; serve prepares it (and node) before the first save, and that
    stores nothing in the cache."""
    site = generate(tmp_path / "site", 120, seed=5)
    posts = sum("draft: true" not in p.read_text("utf-8") for p in site.glob("content/posts/*"))
    probe = f"""
import json, os, sqlite3, sys
from pathlib import Path
from mlblog.pipeline import BuildOptions, SiteBuilder
heavy = ("markdown_it", "pygments.lexers.python", "jinja2")
def state():
    kids = []
    for task in os.listdir("/proc/self/task"):
        kids += open(f"/proc/self/task/{{task}}/children").read().split()
    nodes = sum(open(f"/proc/{{k}}/comm").read().strip() == "node" for k in kids)
    with sqlite3.connect(Path({str(site)!r}) / ".mlblog-cache/render.sqlite") as db:
        rows = db.execute("SELECT kind, count(*) FROM entries GROUP BY kind").fetchall()
    return sorted(m for m in heavy if m in sys.modules), nodes, sorted(rows)
options = BuildOptions(site_dir=Path({str(site)!r}), output=Path({str(tmp_path / "out")!r}),
                       jobs=2, serving=True)
with SiteBuilder(options, defer_search=True) as builder:
    site, report = builder.build()
    assert site is not None and builder.rendered_last == {posts}, report
    print(json.dumps(state()))
    builder.prepare_for_edits()
    print(json.dumps(state()))
"""
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    built, prepared = (json.loads(line) for line in shown)
    assert built[:2] == [[], 0]  # the workers rendered and templated, with their own node
    assert prepared[:2] == [["jinja2", "markdown_it", "pygments.lexers.python"], 1]
    assert prepared[2] == built[2] and dict(built[2])["formula"] > 100  # nothing stored


def _rows(site: Path) -> dict[str, int]:
    with sqlite3.connect(site / ".mlblog-cache/render.sqlite") as db:
        return dict(db.execute("SELECT kind, count(*) FROM entries GROUP BY kind").fetchall())


def test_cache_keeps_only_what_the_site_still_uses(make_site: SiteFactory) -> None:
    """Edits and deletions do not make .mlblog-cache/ grow: each fresh build forgets the
    parsed sources, documents and pages no file produces any more."""
    post = "---\ntitle: {0}\ndate: 2024-01-0{1}\n---\nText {2} with $x_{1}$.\n"
    site = make_site({f"content/posts/{n}.md": post.format(n, n, 0) for n in (1, 2, 3)})
    out = site / "public"
    run(site, out)
    before = _rows(site)
    assert before["source"] == 3 and before["doc"] == 3
    for version in range(1, 4):  # the same post edited three times
        (site / "content/posts/1.md").write_text(post.format(1, 1, version), "utf-8")
        run(site, out)
    assert _rows(site) == before
    (site / "content/posts/3.md").unlink()
    run(site, out)
    after = _rows(site)
    assert after["source"] == 2 and after["doc"] == 2 and after["page"] < before["page"]


def _formulas(site: Path) -> set[bytes]:
    with sqlite3.connect(site / ".mlblog-cache/render.sqlite") as db:
        return {k for (k,) in db.execute("SELECT key FROM entries WHERE kind = 'formula'")}


def test_changed_macros_leave_no_formulas_behind(make_site: SiteFactory) -> None:
    """Formulas typeset under old macros can never be asked for again: a build under new
    ones drops them, so .mlblog-cache/ does not grow by the site's formulas each time."""
    config = "title: T\nbase_url: /\nmath:\n  macros:\n    '\\R': '{}'\n"
    post = "---\ntitle: A\ndate: 2024-01-01\n---\n$\\R^n$ and $x$ and $y^{}$\n"
    site = make_site({"content/posts/a.md": post.format(2)}, config=config.format("\\mathbb{R}"))
    run(site, site / "public")
    first = _formulas(site)
    assert len(first) == 3
    (site / "content/posts/a.md").write_text(post.format(3), "utf-8")
    run(site, site / "public")  # same macros: the formulas stay, the edit adds one
    edited = _formulas(site)
    assert first < edited and len(edited) == 4
    (site / "site.yaml").write_text(config.format("\\mathbf{R}"), "utf-8")
    run(site, site / "public")
    assert 'mathvariant="bold"' in read(site, "posts/a/index.html")
    remade = _formulas(site)
    assert len(remade) == 3 and not remade & edited


def test_claiming_a_kind_with_a_new_tag_empties_it(tmp_path: Path) -> None:
    store = Cache(tmp_path / "c.sqlite")
    store.claim("formula", b"katex 1")
    store.put_raw("formula", b"a", b"1")
    store.put_raw("doc", b"a", b"2")
    store.claim("formula", b"katex 1")
    assert store.get_many_raw("formula", [b"a"]) == {b"a": b"1"}
    store.claim("formula", b"katex 2")
    assert store.get_many_raw("formula", [b"a"]) == {}
    assert store.get_many_raw("doc", [b"a"]) == {b"a": b"2"}
    store.close()
    reopened = Cache(tmp_path / "c.sqlite")
    reopened.put_raw("formula", b"b", b"3")
    reopened.claim("formula", b"katex 2")  # the tag is kept in the file
    assert reopened.get_many_raw("formula", [b"b"]) == {b"b": b"3"}
    reopened.close()


def test_templates_compiled_by_workers_are_kept_for_the_next_build(tmp_path: Path) -> None:
    """A large first build templates its pages in the render workers; the templates they
    compile are kept (Jinja's bytecode cache) for the builds after it."""
    site = generate(tmp_path / "site", 120, seed=8)
    run(site, tmp_path / "out", jobs=2)
    compiled = sorted((site / ".mlblog-cache/templates").glob("*/*.cache"))
    assert len(compiled) >= 3, compiled  # base, post and listing templates at least
    assert not list((site / ".mlblog-cache/templates").glob("*/*.tmp"))


def test_versions_in_cache_keys_are_the_installed_ones() -> None:
    from importlib.metadata import version

    from mlblog.cache import installed_version

    for name in ("markdown-it-py", "mdit-py-plugins", "pygments", "linkify-it-py", "nh3", "emoji"):
        assert installed_version(name) == version(name)
    assert installed_version("PyYAML") == version("pyyaml")


def _demo_site(tmp_path: Path) -> Path:
    site = tmp_path / "demo"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "site.yaml", site / "site.yaml")
    return site


def _damage(site: Path, kind: str) -> None:
    """One byte of one stored value changed, as a bad disk or a stray write would."""
    with sqlite3.connect(site / ".mlblog-cache/render.sqlite") as db:
        rowid, value = db.execute(
            "SELECT rowid, value FROM entries WHERE kind = ? ORDER BY length(value) DESC LIMIT 1",
            (kind,),
        ).fetchone()
        middle = len(value) // 2
        changed = value[:middle] + bytes([value[middle] ^ 0x5A]) + value[middle + 1 :]
        db.execute("UPDATE entries SET value = ? WHERE rowid = ?", (changed, rowid))


def test_a_damaged_cache_entry_is_made_again_never_published(tmp_path: Path) -> None:
    site = _demo_site(tmp_path)
    run(site, tmp_path / "plain", cache=False, jobs=1)
    run(site, tmp_path / "out")
    for kind in ("doc", "page", "search"):
        _damage(site, kind)
        result = run(site, tmp_path / "out")
        assert [str(d) for d in result.report.warnings] == [
            ".mlblog-cache/: warning: 1 damaged entry of the render cache made again"
        ], kind
        assert result.rendered == (1 if kind == "doc" else 0)
        assert tree(tmp_path / "out") == tree(tmp_path / "plain"), kind
        json.loads((tmp_path / "out/search.json").read_bytes())
    assert not run(site, tmp_path / "out").report.warnings  # made again, and kept


def test_a_cache_file_that_is_no_database_is_made_afresh(tmp_path: Path) -> None:
    site = _demo_site(tmp_path)
    every = run(site, tmp_path / "plain", cache=False, jobs=1).rendered
    run(site, tmp_path / "out")
    database = site / ".mlblog-cache/render.sqlite"
    for damage in (b"\x00garbage" * 1000, database.read_bytes()[: 3 * 4096]):
        for extra in database.parent.glob("render.sqlite-*"):
            extra.unlink()
        database.write_bytes(damage)
        result = run(site, tmp_path / "out")
        assert [str(d).split(" (")[0] for d in result.report.warnings] == [
            ".mlblog-cache/: warning: the render cache was damaged"
        ]
        assert result.rendered == every and tree(tmp_path / "out") == tree(tmp_path / "plain")
        again = run(site, tmp_path / "out")
        assert again.rendered == 0 and not again.report.warnings


def test_a_cache_that_cannot_be_written_is_read_and_left_alone(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "render.sqlite")
    cache.put("doc", b"k", "kept")
    cache.flush()
    cache._db.execute("PRAGMA query_only = ON")  # as a file made by root is to a user
    cache.put("doc", b"new", "lost")
    cache.flush()
    cache.retain("doc", [b"new"])
    assert cache.get("doc", b"k") == "kept" and cache.get("doc", b"new") is None
    assert cache.notes == [
        "cannot write the render cache (attempt to write a readonly database); this build "
        "keeps nothing new in it"
    ]


def test_a_file_where_the_cache_folder_goes_is_left_and_the_site_built(
    make_site: SiteFactory,
) -> None:
    site = make_site({"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n"})
    (site / ".mlblog-cache").write_text("someone's notes", "utf-8")
    result = build_site(site)
    assert result.ok and (site / "public/posts/a/index.html").exists()
    assert [str(d) for d in result.report.warnings] == [
        ".mlblog-cache/: warning: cannot use .mlblog-cache/ (File exists); building without a cache"
    ]
    assert (site / ".mlblog-cache").read_text("utf-8") == "someone's notes"


def test_a_cache_of_an_older_schema_is_emptied_not_called_damaged(tmp_path: Path) -> None:
    """Rows stored before values carried their checksum would all fail the check."""
    path = tmp_path / "render.sqlite"
    with sqlite3.connect(path) as db:  # as schema 1 made it: no user_version, bare values
        db.execute(
            "CREATE TABLE entries (kind TEXT, key BLOB, value BLOB, PRIMARY KEY (kind, key))"
        )
        db.execute("INSERT INTO entries VALUES ('formula', x'01', x'4c0000')")
    cache = Cache(path)
    assert cache.get_many_raw("formula", [b"\x01"]) == {} and cache.damaged == 0
    cache.put_raw("formula", b"\x01", b"new")
    cache.close()
    assert Cache(path).get_many_raw("formula", [b"\x01"]) == {b"\x01": b"new"}
