"""site.yaml's `updated_from_git` (Hugo's enableGitInfo): a post edited without touching
`updated:` shows the day of its file's last commit, in the post, the sitemap and the feed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import NOW, build_site, read, write_files
from mlblog.config import parse_config
from mlblog.content.git_dates import parse_log
from mlblog.diagnostics import MlblogError
from mlblog.pipeline import BuildOptions, SiteBuilder

CONFIG = (
    "title: Notes\nbase_url: https://me.github.io/notes/\nlanguage: en\n"
    "timezone: Asia/Shanghai\nupdated_from_git: true\n"
)
ATOM = "{http://www.w3.org/2005/Atom}"
FIRST = "2024-01-01T10:00:00+08:00"
# 20:00 UTC is the next day in the site's time zone: the date shown is Shanghai's.
SECOND = "2024-03-05T20:00:00+00:00"


def post(title: str, extra: str = "", body: str = "Text.") -> str:
    return f"---\ntitle: {title}\ndate: 2024-01-01\n{extra}---\n{body}\n"


def git(repo: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when is not None:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    identity = ("-c", "user.name=T", "-c", "user.email=t@t.example", "-c", "commit.gpgsign=false")
    done = subprocess.run(
        ["git", *identity, *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def commit(repo: Path, when: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "edit", when=when)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose site is a folder of it (paths from git are the site's own), with
    two commits: all on the posts' day, then an edit of `edited.md` and the about page."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "repo"
    site = root / "blog"
    write_files(
        site,
        {
            "site.yaml": CONFIG,
            "content/posts/edited.md": post("Edited"),
            "content/posts/same-day.md": post("Same day"),
            "content/posts/own-date.md": post("Own date", "updated: 2024-02-02\n"),
            "content/posts/新文章.md": post("Chinese name"),
            "content/pages/about.md": "---\ntitle: About\n---\nMe.\n",
        },
    )
    git(root, "init", "-q")
    commit(root, FIRST)
    edits = {
        "edited.md": ("Edited", ""),
        "own-date.md": ("Own date", "updated: 2024-02-02\n"),
        "新文章.md": ("Chinese name", ""),
    }
    for name, (title, extra) in edits.items():
        (site / "content/posts" / name).write_text(post(title, extra, "Edited text."), "utf-8")
    (site / "content/pages/about.md").write_text("---\ntitle: About\n---\nMe, now.\n", "utf-8")
    commit(root, SECOND)
    # Written after the last commit: no date from git.
    write_files(site, {"content/posts/uncommitted.md": post("Uncommitted")})
    return site


def shown_update(html: str) -> str | None:
    found = re.search(r'updated <time datetime="([^"]+)">([^<]+)</time>', html)
    return f"{found[1]} {found[2]}" if found else None


def lastmods(site: Path) -> dict[str, str | None]:
    sitemap = read(site, "sitemap.xml")
    pairs = re.findall(r"<loc>([^<]+)</loc>(?:\s*<lastmod>([^<]+)</lastmod>)?", sitemap)
    return {url.removeprefix("https://me.github.io/notes"): when or None for url, when in pairs}


def feed_updated(site: Path) -> dict[str, str]:
    """Each entry's <updated> by its title, and the feed's own as "feed"."""
    root = ElementTree.fromstring(read(site, "atom.xml"))
    found = {"feed": root.findtext(f"{ATOM}updated") or ""}
    for entry in root.findall(f"{ATOM}entry"):
        found[entry.findtext(f"{ATOM}title") or ""] = entry.findtext(f"{ATOM}updated") or ""
    return found


def test_an_edit_committed_later_is_the_update_in_the_post_the_sitemap_and_the_feed(
    repo: Path,
) -> None:
    result = build_site(repo)
    assert result.ok, result.report
    assert list(result.report.warnings) == []
    update = "2024-03-06T04:00:00+08:00 2024-03-06"
    assert shown_update(read(repo, "posts/edited/index.html")) == update
    assert shown_update(read(repo, "posts/新文章/index.html")) == update
    # Committed on its own day: no update; front matter's `updated:` wins; uncommitted: none.
    assert shown_update(read(repo, "posts/same-day/index.html")) is None
    assert shown_update(read(repo, "posts/own-date/index.html")).startswith("2024-02-02")  # type: ignore[union-attr]
    assert shown_update(read(repo, "posts/uncommitted/index.html")) is None
    lastmod = lastmods(repo)
    assert lastmod["/posts/edited/"] == "2024-03-06T04:00:00+08:00"
    assert lastmod["/posts/same-day/"] == "2024-01-01T00:00:00+08:00"
    assert lastmod["/about/"] == "2024-03-06T04:00:00+08:00"
    updated = feed_updated(repo)
    assert updated["Edited"] == "2024-03-06T04:00:00+08:00"
    assert updated["Same day"] == "2024-01-01T00:00:00+08:00"
    assert updated["feed"] == "2024-03-06T04:00:00+08:00"  # the feed's own: its newest


def test_without_the_option_git_is_not_asked(repo: Path) -> None:
    (repo / "site.yaml").write_text(CONFIG.replace("true", "false"), "utf-8")
    assert build_site(repo).ok
    assert shown_update(read(repo, "posts/edited/index.html")) is None


def test_rebuilds_read_the_log_again_only_when_head_moves(repo: Path) -> None:
    def edited_page(builder: SiteBuilder) -> str:
        output, report = builder.build()
        assert output is not None, report
        return output.files["posts/edited/index.html"].decode()

    with SiteBuilder(BuildOptions(site_dir=repo, now=NOW, cache=False)) as builder:
        assert shown_update(edited_page(builder)) == "2024-03-06T04:00:00+08:00 2024-03-06"
        edited_page(builder)
        assert builder._entries.git.logs_read == 1
        (repo / "content/posts/edited.md").write_text(post("Edited", body="Again."), "utf-8")
        commit(repo.parent, "2024-05-01T12:00:00+08:00")
        assert shown_update(edited_page(builder)) == "2024-05-01T12:00:00+08:00 2024-05-01"
        assert builder._entries.git.logs_read == 2


def warnings_of(site: Path) -> list[str]:
    result = build_site(site)
    assert result.ok, result.report
    return [str(w) for w in result.report.warnings]


def test_outside_a_repository_a_warning_and_no_update(tmp_path: Path, repo: Path) -> None:
    outside = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(repo), str(outside)], check=True)
    assert warnings_of(outside) == [
        f"site.yaml:5: warning: updated_from_git: {outside} is not in a git repository, so no "
        "file has a commit date; posts and pages show only the `updated` their front matter "
        "gives"
    ]
    assert shown_update(read(outside, "posts/edited/index.html")) is None


def test_in_a_shallow_clone_a_warning_that_says_to_fetch_the_history(
    tmp_path: Path, repo: Path
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo.parent}", str(clone))
    (warned,) = warnings_of(clone / "blog")
    assert "shallow clone" in warned and "`fetch-depth: 0`" in warned
    # Every file would seem changed by the one commit there is: none is dated from it.
    assert shown_update(read(clone / "blog", "posts/same-day/index.html")) is None


def test_without_git_a_warning(tmp_path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    only_node = tmp_path / "bin"  # KaTeX still runs; git is not there
    only_node.mkdir()
    node = shutil.which("node")
    assert node is not None
    (only_node / "node").symlink_to(node)
    monkeypatch.setenv("PATH", str(only_node))
    (warned,) = warnings_of(repo)
    assert warned.startswith("site.yaml:5: warning: updated_from_git: cannot run git")


def test_the_option_is_true_or_false() -> None:
    with pytest.raises(MlblogError) as caught:
        parse_config("title: T\nupdated_from_git: yes please\n")
    assert [str(d) for d in caught.value.diagnostics] == [
        "site.yaml:2: updated_from_git must be true or false"
    ]


def test_serve_s_rebuilds_say_it_once(tmp_path: Path, repo: Path) -> None:
    outside = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(repo), str(outside)], check=True)
    options = BuildOptions(site_dir=outside, now=NOW, cache=False, serving=True)
    with SiteBuilder(options) as builder:
        said = [len(builder.build()[1].warnings) for _ in range(2)]
    assert said == [1, 0]


def test_the_log_gives_each_file_its_newest_commit() -> None:
    log = (
        "\x012024-03-05T20:00:00+00:00\0\ncontent/posts/a.md\0content/posts/注意 力.md\0"
        "\x012024-01-01T10:00:00+08:00\0\ncontent/posts/a.md\0content/pages/about.md\0"
        "\x012023-12-31T00:00:00+00:00\0"  # a commit that changed nothing here (a merge)
    )
    assert {path: when.isoformat() for path, when in parse_log(log).items()} == {
        "content/posts/a.md": "2024-03-05T20:00:00+00:00",
        "content/posts/注意 力.md": "2024-03-05T20:00:00+00:00",
        "content/pages/about.md": "2024-01-01T10:00:00+08:00",
    }


def test_a_repository_with_no_commit_yet_is_quiet(tmp_path: Path, repo: Path) -> None:
    fresh = tmp_path / "fresh"
    subprocess.run(["cp", "-r", str(repo), str(fresh)], check=True)
    git(fresh, "init", "-q")  # `mlblog init` then `git init`, before the first commit
    assert warnings_of(fresh) == []
    assert shown_update(read(fresh, "posts/edited/index.html")) is None
