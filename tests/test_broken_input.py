"""Bad input, case by case: a one-line `path:line: message`, the right exit code, no
traceback, the previous public/ untouched and the sources byte-identical.

Each small broken site lives in tests/fixtures/broken/<case>/ with expect.json (exit
code and the exact messages); inputs too big to keep in git are generated here.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest

from conftest import NOW
from mlblog.cli import main
from mlblog.commands.build import BuildOptions, build

BROKEN = Path(__file__).parent / "fixtures" / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if (p / "expect.json").is_file())
GOOD_SITE = {
    "site.yaml": "title: Previous build\nbase_url: https://t.example/\n",
    "content/posts/good.md": "---\ntitle: Good\ndate: 2024-01-01\n---\nThe last good build.\n",
}

Snapshot = dict[str, tuple[bytes, int]]


def snapshot(root: Path) -> Snapshot:
    """Every file under root (symlinks not followed) with its bytes and mtime."""
    found: Snapshot = {}
    if not root.exists():
        return found
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if path.is_symlink():
                found[path.relative_to(root).as_posix()] = (os.readlink(path).encode(), 0)
            else:
                found[path.relative_to(root).as_posix()] = (
                    path.read_bytes(),
                    path.stat().st_mtime_ns,
                )
    return found


def sources_of(site: Path) -> Snapshot:
    """What the user wrote: everything but the output and the cache."""
    return {
        k: v for k, v in snapshot(site).items() if not k.startswith(("public/", ".mlblog-cache/"))
    }


def previous_build(tmp_path: Path, out_dir: Path) -> Snapshot:
    """A good site built into out_dir: the output a failed build must leave alone."""
    good = tmp_path / "good"
    for name, text in GOOD_SITE.items():
        (good / name).parent.mkdir(parents=True, exist_ok=True)
        (good / name).write_text(text, encoding="utf-8")
    assert build(BuildOptions(site_dir=good, output=out_dir, now=NOW, cache=False)).ok
    return snapshot(out_dir)


RunCli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> RunCli:
    def _run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return _run


@pytest.mark.parametrize("case", CASES)
def test_broken_site(case: str, tmp_path: Path, run_cli: RunCli) -> None:
    site = tmp_path / case
    shutil.copytree(BROKEN / case, site, symlinks=True)
    expect = json.loads((site / "expect.json").read_text(encoding="utf-8"))
    (site / "expect.json").unlink()
    out_dir = site / "public"
    before = previous_build(tmp_path, out_dir)
    sources = sources_of(site)

    code, _out, err = run_cli("build", "--site", str(site))

    assert code == expect["exit"], err
    lines = [line for line in err.splitlines() if not line.startswith("build failed")]
    if "messages" in expect:
        assert lines == expect["messages"]
    assert "Traceback" not in err
    assert sources_of(site) == sources, "a source file was changed"
    if code:
        assert snapshot(out_dir) == before, "a failed build changed the previous output"
        errors = len([line for line in lines if ": warning: " not in line])
        warnings = len(lines) - errors
        assert err.splitlines()[-1] == (
            f"build failed: {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}; nothing written"
        )


def _site(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    site = tmp_path / "site"
    files = {"site.yaml": "title: T\nbase_url: https://t.example/\n", **files}
    for name, data in files.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    return site


POST = "---\ntitle: {title}\ndate: 2024-05-10\n---\n"
PARAGRAPH = "注意力把查询和键的相似度变成权重, and the weights then mix the values. " * 8 + "\n\n"


@pytest.mark.parametrize(
    ("case", "body"),
    [
        ("20 MB post", PARAGRAPH * (20_000_000 // len(PARAGRAPH.encode()))),
        ("10,000 nested lists", "- " * 10_000 + "deep\n"),
        ("10,000 nested indented lists", "".join("  " * i + "- x\n" for i in range(200)) * 50),
        ("10,000 nested blockquotes", "> " * 10_000 + "deep\n"),
        ("21,000-character line", "word " * 4_200 + "\n"),
        ("21,000-character CJK line", "长" * 21_000 + "\n"),
    ],
)
def test_huge_and_deep_inputs_build(case: str, body: str, tmp_path: Path, run_cli: RunCli) -> None:
    site = _site(tmp_path, {"content/posts/big.md": POST.format(title="Big") + body})
    sources = sources_of(site)
    code, out, err = run_cli("build", "--site", str(site))
    assert code == 0, err
    assert "Traceback" not in err and "built " in out
    page = (site / "public/posts/big/index.html").read_text(encoding="utf-8")
    assert "Big" in page
    excerpt = (site / "public/index.html").read_text(encoding="utf-8")
    assert "Big" in excerpt
    assert sources_of(site) == sources


def test_symlinks_inside_followed_outside_and_loops_skipped(
    tmp_path: Path, run_cli: RunCli
) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(POST.format(title="Outside secret") + "secret\n", encoding="utf-8")
    site = _site(tmp_path, {"content/posts/real.md": POST.format(title="Real") + "Hello.\n"})
    posts = site / "content/posts"
    (posts / "alias.md").symlink_to("real.md")
    (posts / "escape.md").symlink_to(outside)
    (posts / "loop-a.md").symlink_to("loop-b.md")
    (posts / "loop-b.md").symlink_to("loop-a.md")
    (posts / "again").symlink_to(".")  # a folder loop
    sources = sources_of(site)

    code, out, err = run_cli("build", "--site", str(site))

    assert code == 0, err
    assert err.splitlines() == [
        "content/posts/again: warning: symlink loops back to a folder that holds it; "
        "skipped (fix or remove it)",
        f"content/posts/escape.md: warning: symlink points outside the site ({outside}); "
        "skipped (copy the file into the site instead)",
        "content/posts/loop-a.md: warning: symlink loops or points nowhere; skipped "
        "(fix or remove it)",
        "content/posts/loop-b.md: warning: symlink loops or points nowhere; skipped "
        "(fix or remove it)",
    ]
    assert "(2 posts" in out  # real.md and its alias, each once
    public = site / "public"
    assert not any("secret" in p.read_text("utf-8", "replace") for p in public.rglob("*.html"))
    assert sources_of(site) == sources


@pytest.mark.parametrize(
    ("unreadable", "message"),
    [
        ("content/pages", "content/pages: cannot read: Permission denied"),
        ("static", "static: cannot read: Permission denied"),
        ("static/cv/cv.pdf", "static/cv/cv.pdf: cannot read: Permission denied"),
        ("content/posts/b/fig.png", "content/posts/b/fig.png: cannot read: Permission denied"),
        ("templates/post.html", "templates/post.html: cannot read: Permission denied"),
    ],
)
def test_what_cannot_be_read_fails_the_build_and_the_output_stays(
    unreadable: str, message: str, tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Skipped, an unreadable folder's pages were deleted from public/ by a build that
    passed. (Permissions are simulated: the tests may run as root, who reads anything.)"""
    site = _site(tmp_path, {
        "content/posts/a.md": POST.format(title="A") + "Text.\n",
        "content/posts/b/index.md": POST.format(title="B") + "![fig](fig.png)\n",
        "content/posts/b/fig.png": b"\x89PNG",
        "content/pages/about.md": "---\ntitle: About\n---\nMe.\n",
        "static/cv/cv.pdf": "%PDF",
        "templates/post.html": "{% extends 'base.html' %}",
    })  # fmt: skip
    code, _, err = run_cli("build", "--site", str(site))
    assert code == 0, err
    before = snapshot(site / "public")
    denied = str(site / unreadable)
    real_scandir, real_access, real_read = os.scandir, os.access, Path.read_bytes

    def scandir(path: str) -> object:
        if os.fspath(path) == denied:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    def access(path: str | Path, mode: int) -> bool:
        return os.fspath(path) != denied and real_access(path, mode)

    def read_bytes(path: Path) -> bytes:
        if str(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    for command in ("check", "build"):
        code, _, err = run_cli(command, "--site", str(site))
        assert code == 1 and err.splitlines()[0] == message, err
    assert snapshot(site / "public") == before


def test_symlinks_in_static_as_in_content(tmp_path: Path, run_cli: RunCli) -> None:
    """Dropped without a word before, and `static/loop -> ..` would have copied the site."""
    outside = tmp_path / "cv.pdf"
    outside.write_text("%PDF secret", encoding="utf-8")
    site = _site(tmp_path, {
        "content/posts/a.md": POST.format(title="A") + "Hello.\n",
        "static/v2/notes.txt": "v2",
        "static/.well-known/security.txt": "contact",
    })  # fmt: skip
    static = site / "static"
    (static / "latest").symlink_to("v2")  # inside the site: followed
    (static / "cv.pdf").symlink_to(outside)
    (static / "loop").symlink_to("..")
    (site / "public").mkdir()
    (static / "out").symlink_to("../public")  # each build would copy the last into it
    (static / "gone.txt").symlink_to("nowhere.txt")
    sources = sources_of(site)

    code, _, err = run_cli("build", "--site", str(site))

    assert code == 0, err
    assert err.splitlines() == [
        f"static/cv.pdf: warning: symlink points outside the site ({outside}); skipped "
        "(copy the file into the site instead)",
        "static/gone.txt: warning: symlink loops or points nowhere; skipped (fix or remove it)",
        "static/loop: warning: symlink loops back to a folder that holds it; skipped "
        "(fix or remove it)",
        "static/out: warning: symlink leads into the output or the cache; skipped (remove it)",
    ]
    public = site / "public"
    assert (public / "latest/notes.txt").read_text() == "v2"
    assert (public / ".well-known/security.txt").read_text() == "contact"
    assert not (public / "cv.pdf").exists() and not (public / "loop").exists()
    assert sources_of(site) == sources


@pytest.mark.parametrize("output", [".", "content", "content/posts", "..", "/", "static/x"])
def test_output_folder_over_sources_refused_before_writing(
    output: str, tmp_path: Path, run_cli: RunCli
) -> None:
    site = _site(tmp_path, {"content/posts/a.md": POST.format(title="A") + "Text.\n"})
    (site / "static").mkdir()
    before = snapshot(tmp_path)
    target = output if output == "/" else str(site / output)
    code, out, err = run_cli("build", "--site", str(site), "--output", target)
    assert code == 1 and out == ""
    first = err.splitlines()[0]
    assert first.startswith("--output: ") and "refusing (choose a folder of its own" in first
    assert snapshot(tmp_path) == before


def test_output_under_a_file_is_refused_before_writing(tmp_path: Path, run_cli: RunCli) -> None:
    """`-o notes.txt/site`: the write failed midway and said files before it were updated."""
    site = _site(tmp_path, {"content/posts/a.md": POST.format(title="A") + "Text.\n"})
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = snapshot(tmp_path)
    code, out, err = run_cli("build", "--site", str(site), "-o", str(tmp_path / "notes.txt/site"))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"--output: {tmp_path}/notes.txt/site: {tmp_path}/notes.txt is a file, not a folder",
        "build failed: 1 error, 0 warnings; nothing written",
    ]
    assert snapshot(tmp_path) == before


def test_missing_base_url_is_allowed_in_serve_only(tmp_path: Path) -> None:
    from mlblog.pipeline import SiteBuilder

    site = _site(
        tmp_path, {"site.yaml": "title: T\n", "content/posts/a.md": POST.format(title="A")}
    )
    with SiteBuilder(BuildOptions(site_dir=site, now=NOW, cache=False, serving=True)) as builder:
        output, report = builder.build()
    assert output is not None and not report.items
    result = build(BuildOptions(site_dir=site, now=NOW, cache=False, base_url="/"))
    assert result.ok  # --base-url stands in for it


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("with space.md", "/posts/with-space/"),
        ("中文 名字.md", "/posts/%E4%B8%AD%E6%96%87-%E5%90%8D%E5%AD%97/"),
        ("a&b.md", "/posts/a-b/"),
        ("why？.md", "/posts/why/"),
        ("hash#tag.md", "/posts/hash-tag/"),
        ("100%.md", "/posts/100/"),
    ],
)
def test_awkward_file_names_make_reachable_pages(name: str, url: str, tmp_path: Path) -> None:
    from urllib.parse import unquote

    site = _site(tmp_path, {f"content/posts/{name}": "---\ndate: 2024-05-10\n---\nText.\n"})
    assert build(BuildOptions(site_dir=site, now=NOW, cache=False)).ok
    home = (site / "public/index.html").read_text(encoding="utf-8")
    assert f'href="{url}"' in home
    assert (site / "public" / unquote(url).strip("/") / "index.html").is_file()


@pytest.mark.parametrize(
    ("slug", "folder"),
    [
        ("../../etc", "posts/etc"),
        ("/abs", "posts/abs"),
        ("con", "posts/con-"),
        ("a/../../b", "posts/a-b"),
    ],
)
def test_unsafe_slugs_stay_inside_the_output(slug: str, folder: str, tmp_path: Path) -> None:
    site = _site(
        tmp_path, {"content/posts/x.md": f"---\ntitle: X\ndate: 2024-05-10\nslug: '{slug}'\n---\n"}
    )
    out = tmp_path / "out"
    assert build(BuildOptions(site_dir=site, output=out, now=NOW, cache=False)).ok
    assert (out / folder / "index.html").is_file()
    assert sorted(p for p in tmp_path.iterdir()) == [out, site]


@pytest.mark.parametrize(
    "title",
    [
        "[论文笔记] Attention",
        "`torch.compile` 入门",
        '"KV" 的显存',
        "*重点* 笔记",
        "@home",
        "It's [x]",
        "BERT: Pre-training",
        "FAQ:",
    ],
)
def test_the_quoting_a_yaml_error_suggests_gives_the_title_as_typed(
    title: str, tmp_path: Path, run_cli: RunCli
) -> None:
    """`title: [论文笔记] Attention` was "expected <block end>, but found '<scalar>'"; the
    message now shows the line quoted, and that line, pasted, builds with the title."""
    site = _site(tmp_path, {"content/posts/a.md": POST.format(title=title) + "Text.\n"})
    post = site / "content/posts/a.md"
    code, _out, err = run_cli("build", "--site", str(site))
    if code == 0:  # a title plain YAML reads as text needs no quoting
        assert "It's" in title
        return
    first = err.splitlines()[0]
    assert first.startswith("content/posts/a.md:2: front matter: invalid YAML: "), err
    suggested = first.rpartition(", as in ")[2].removesuffix(")")
    post.write_text(post.read_text("utf-8").replace(f"title: {title}", suggested), "utf-8")
    code, _out, err = run_cli("build", "--site", str(site))
    assert code == 0, err
    html = (site / "public/posts/a/index.html").read_text("utf-8")
    assert title in unescape(html.partition('class="post-title"')[2].partition("</h1>")[0])
