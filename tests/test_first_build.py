"""A first build writes its output folder from another process while it builds
(mlblog.staging), and that folder is exactly what writing it afterwards gives; a build
that fails at its last step (the search index) leaves the output as it was."""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from bench.generate import generate

from conftest import NOW, SiteFactory, build_site
from mlblog import output, staging
from mlblog.cli import main
from mlblog.commands.build import BuildOptions, BuildResult, build
from mlblog.diagnostics import MlblogError, error
from mlblog.output import MARKER
from mlblog.packed import pack
from mlblog.search import site_index
from mlblog.staging import StagedOutput


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and mtime, the manifest included."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def manifest(root: Path) -> dict[str, list[object]]:
    """The output manifest without the mtimes (its last field)."""
    files = json.loads((root / MARKER).read_text("utf-8"))["files"]
    return {name: entry[:-1] for name, entry in files.items()}


def run(site: Path, out: Path, **options: object) -> BuildResult:
    result = build(BuildOptions(site_dir=site, output=out, now=NOW, **options))  # type: ignore[arg-type]
    assert result.ok, [str(d) for d in result.report.items]
    return result


def test_staged_first_build_equals_writing_afterwards(tmp_path: Path) -> None:
    site = generate(tmp_path / "site", 120, seed=3)
    (site / "static").mkdir()
    (site / "static/robots.txt").write_text("User-agent: *\nDisallow: /drafts/\n", "utf-8")
    run(site, tmp_path / "after", cache=False, jobs=1)  # one process: written at the end
    run(site, tmp_path / "staged", jobs=2)  # ≥ 100 sources: written meanwhile
    run(site, tmp_path / "from-cache", jobs=2)  # a new output folder, every page cached
    after = {name: data for name, (data, _) in snapshot(tmp_path / "after").items()}
    for folder in ("staged", "from-cache"):
        staged = {name: data for name, (data, _) in snapshot(tmp_path / folder).items()}
        assert after.keys() == staged.keys() and len(after) > 200
        assert {n: d for n, d in staged.items() if n != MARKER} == {
            n: d for n, d in after.items() if n != MARKER
        }
        assert manifest(tmp_path / folder) == manifest(tmp_path / "after")
        assert staged["robots.txt"].startswith(b"User-agent: *\nDisallow: /drafts/")  # the user's
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []


def test_staged_output_keeps_the_last_of_each_name(tmp_path: Path) -> None:
    out = tmp_path / "public"
    source = tmp_path / "logo.svg"
    source.write_text("<svg/>", "utf-8")
    with StagedOutput(out) as staged:
        staged.put("a/index.html", pack("first"))
        staged.put("a/index.html", pack("second"))
        staged.put("logo.svg", pack("generated, then replaced by a copy"))
        staged.put("gone.txt", pack("not part of the finished site"))
        staged.finish({"a/index.html": pack("second"), "b.txt": pack("b")}, {"logo.svg": source})
    assert (out / "a/index.html").read_text("utf-8") == "second"
    assert (out / "logo.svg").read_text("utf-8") == "<svg/>"
    assert (out / "b.txt").read_text("utf-8") == "b"
    assert not (out / "gone.txt").exists()
    assert set(manifest(out)) == {"a/index.html", "b.txt", "logo.svg"}


def test_unfinished_staged_output_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "public"
    with StagedOutput(out) as staged:
        staged.put("index.html", pack("never finished"))
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    with pytest.raises(ValueError), StagedOutput(out) as staged:
        staged.put("../outside.html", pack("refused"))
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_staging_folders_of_killed_builds_are_removed(make_site: SiteFactory) -> None:
    site = make_site({"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n"})
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    killed = site / f".public.staging-{ended.stdout.strip()}"  # its process is gone
    running = site / f".public.staging-{os.getppid()}"  # a build still going on
    for folder in (killed, running):
        (folder / "posts").mkdir(parents=True)
        (folder / "index.html").write_text("half a site", "utf-8")
    (site / ".public.staging-notes").mkdir()  # not a process number: not ours to judge
    assert build_site(site).ok
    assert not killed.exists()
    assert (running / "index.html").exists() and (site / ".public.staging-notes").is_dir()


def _failing_index(*args: object) -> tuple[bytes, int]:
    raise MlblogError(error("search", None, "the search index could not be made"))


@pytest.fixture
def broken_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """The search index, the build's last step, fails."""
    monkeypatch.setattr(site_index, "search_payload", _failing_index)


def test_failed_search_index_leaves_the_output_as_it_was(
    make_site: SiteFactory, broken_search: None
) -> None:
    site = make_site({"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n"})
    failed = build_site(site)
    assert not failed.ok
    assert str(failed.report.errors[0]) == "search: the search index could not be made"
    assert not (site / "public").exists()
    assert [p.name for p in site.iterdir() if "staging" in p.name] == []


def test_failed_search_index_keeps_the_previous_output(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site({"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n"})
    assert build_site(site).ok
    before = snapshot(site / "public")
    (site / "content/posts/a.md").write_text(
        "---\ntitle: A new title\ndate: 2024-01-01\n---\nText.\n", "utf-8"
    )
    monkeypatch.setattr(site_index, "search_payload", _failing_index)
    assert not build_site(site).ok
    assert snapshot(site / "public") == before


def test_first_build_of_a_large_site_fails_cleanly(tmp_path: Path, broken_search: None) -> None:
    site = generate(tmp_path / "site", 120, seed=5)
    result = build(BuildOptions(site_dir=site, now=NOW, cache=False, jobs=2))
    assert not result.ok
    assert sorted(p.name for p in site.iterdir()) == ["content", "site.yaml"]


def _failing_build(*args: object) -> bytes:
    raise MlblogError(error("search", None, "the search index could not be made"))


def test_index_failing_in_its_own_process_fails_the_build_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = generate(tmp_path / "site", 220, seed=11)  # ≥ 200 posts: the index in its own process
    monkeypatch.setattr(site_index, "build_search_index", _failing_build)
    result = build(BuildOptions(site_dir=site, now=NOW, jobs=2))
    assert [str(e) for e in result.report.errors] == ["search: the search index could not be made"]
    assert sorted(p.name for p in site.iterdir()) == [".mlblog-cache", "content", "site.yaml"]


def test_search_index_made_in_the_background_is_cached_with_its_size(tmp_path: Path) -> None:
    site = generate(tmp_path / "site", 220, seed=11)  # ≥ 200 posts: the index in its own process
    first = run(site, tmp_path / "out", jobs=2)
    data = (tmp_path / "out/search.json").read_bytes()
    assert first.search_gzipped == len(gzip.compress(data, 6)) > 0
    with sqlite3.connect(site / ".mlblog-cache/render.sqlite") as db:
        rows = db.execute("SELECT count(*) FROM entries WHERE kind = 'search'").fetchone()
    assert rows == (1,)
    second = run(site, tmp_path / "out", jobs=2)
    assert second.search_gzipped == first.search_gzipped and second.rendered == 0
    assert (tmp_path / "out/search.json").read_bytes() == data


def _flags(folder: Path) -> int | None:
    """The folder's inode flags (FS_IOC_GETFLAGS), None where the file system has none."""
    import fcntl
    import os
    import struct

    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return int(struct.unpack("l", fcntl.ioctl(descriptor, 0x80086601, b"\0" * 8))[0])
    except OSError:
        return None
    finally:
        os.close(descriptor)


@pytest.mark.parametrize("jobs", [1, 2])  # written afterwards, and written meanwhile
def test_first_build_marks_folders_that_hold_folders(tmp_path: Path, jobs: int) -> None:
    """Folders that receive folders are marked top directories (mlblog.folders), so ext4
    spreads their subfolders; the folders holding only files, and updates, are left be."""
    if _flags(tmp_path) is None:
        pytest.skip("this file system keeps no inode flags")
    site = generate(tmp_path / "site", 110, seed=4)
    out = tmp_path / "out"
    run(site, out, cache=False, jobs=jobs)
    if (_flags(out) or 0) & 0x20000 == 0:
        pytest.skip("this file system ignores FS_TOPDIR_FL")
    marked = {p.relative_to(out).as_posix() for p in [out, *out.rglob("*")]
              if p.is_dir() and (_flags(p) or 0) & 0x20000}  # fmt: skip
    assert {".", "posts", "tags", "categories", "page", "archives", "assets"} <= marked
    assert not any(name.startswith("posts/") for name in marked)
    (site / "static/img/sub").mkdir(parents=True)
    (site / "static/img/sub/x.txt").write_text("x", "utf-8")
    run(site, out, cache=False, jobs=jobs)  # an update in place: img/ holds a new folder
    assert (out / "img/sub/x.txt").is_file()
    assert {p.relative_to(out).as_posix() for p in [out, *out.rglob("*")]
            if p.is_dir() and (_flags(p) or 0) & 0x20000} == marked  # fmt: skip


@pytest.mark.parametrize(
    ("mistake", "message"),
    [("post.no_such_field", "template: "),
     ('post.reading_minutes + " min"', "template: TypeError: "),
     ("url(5)", "template: "),
     ("1 / 0", "template: ZeroDivisionError: division by zero")],
)  # fmt: skip
def test_template_mistake_met_in_a_worker_is_reported_the_same(
    mistake: str, message: str, tmp_path: Path
) -> None:
    """A first build of many posts templates its pages in the render workers: a mistake
    there, found when the template runs, is the same diagnostic as in the build process
    (file, line, no traceback), and nothing is written."""
    site = generate(tmp_path / "site", 120, seed=6)
    (site / "templates").mkdir()
    (site / "templates/post.html").write_text(
        f'{{% extends "base.html" %}}\n{{% block main %}}\n{{{{ {mistake} }}}}\n{{% endblock %}}\n',
        "utf-8",
    )
    reports = []
    for jobs in (2, 1):
        result = build(BuildOptions(site_dir=site, now=NOW, cache=False, jobs=jobs))
        assert not result.ok
        reports.append([str(d) for d in result.report.errors])
        assert sorted(p.name for p in site.iterdir()) == ["content", "site.yaml", "templates"]
    assert reports[0] == reports[1]
    assert reports[0][0].startswith(f"templates/post.html:3: {message}"), reports[0]


@pytest.mark.parametrize("jobs", [2, 1])
def test_a_first_build_fills_an_output_folder_it_cannot_replace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """A mount point (a Docker volume such as -v ./public:/site/public) cannot be removed
    and replaced by the folder the build assembled beside it: it is filled instead."""
    site = generate(tmp_path / "site", 120, seed=6)
    out = tmp_path / "volume"
    out.mkdir()
    real_rmdir = Path.rmdir

    def busy(self: Path) -> None:
        if self == out:
            raise OSError(16, "Device or resource busy", str(self))
        real_rmdir(self)

    monkeypatch.setattr(Path, "rmdir", busy)
    run(site, out, cache=False, jobs=jobs)
    plain = run(site, tmp_path / "plain", cache=False, jobs=1)
    assert plain.ok and snapshot_bytes(out) == snapshot_bytes(tmp_path / "plain")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain", "site", "volume"]


def test_a_first_build_beside_nothing_writable_fills_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = generate(tmp_path / "site", 120, seed=6)

    def refused(out_dir: Path) -> Path:
        raise PermissionError(13, "Permission denied", str(out_dir.parent))

    monkeypatch.setattr(output, "make_staging", refused)
    monkeypatch.setattr(staging, "make_staging", refused)
    for jobs in (2, 1):
        out = tmp_path / f"out-{jobs}"
        run(site, out, cache=False, jobs=jobs)
        assert (out / "index.html").is_file() and (out / MARKER).is_file()


def snapshot_bytes(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != MARKER
    }


def test_two_builds_at_once_both_succeed_one_after_the_other(tmp_path: Path) -> None:
    """Two first builds of one site (a save hook and a terminal, say): the second used to
    find the first's folder where its own should go, and fail with a traceback."""
    site = generate(tmp_path / "site", 150, seed=6)
    command = [sys.executable, "-m", "mlblog", "build", "--site", str(site)]
    both = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]  # fmt: skip
    outputs = [process.communicate(timeout=300) for process in both]
    assert [process.returncode for process in both] == [0, 0], outputs
    assert all("Traceback" not in err for _, err in outputs)
    run(site, tmp_path / "plain", cache=False, jobs=1)
    assert snapshot_bytes(site / "public") == snapshot_bytes(tmp_path / "plain")


def test_a_file_that_cannot_be_replaced_leaves_no_temporary_file(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An update writes beside the old file and renames: when the rename fails (a full disk,
    a folder in the way), the half-made file is removed, not published with the rest."""
    site = make_site({"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nfirst\n"})
    assert build_site(site).ok
    (site / "content/posts/a.md").write_text("---\ntitle: A\ndate: 2024-01-01\n---\nsecond\n")

    def full(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("mlblog.output.os.replace", full)
    capsys.readouterr()
    assert main(["build", "--site", str(site)]) == 1
    assert capsys.readouterr().err.startswith(f"{site / 'public'}: cannot write: No space left")
    assert not [p for p in (site / "public").rglob("*") if p.name.endswith(".mlblog-tmp")]
    assert "first" in (site / "public/posts/a/index.html").read_text()
