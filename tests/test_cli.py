"""The command line as a user runs it: exit codes, messages, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SiteFactory


def mlblog(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mlblog", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_build_prints_summary(make_site: SiteFactory) -> None:
    site = make_site({"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nHi $x$\n"})
    run = mlblog("build", cwd=site)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("built ")
    assert "(1 post, 1 rendered) with 0 warnings" in run.stdout
    assert (site / "public/index.html").exists()


def test_bad_site_yaml_exits_1_with_location(make_site: SiteFactory) -> None:
    site = make_site(config="title: T\nper_pgae: 3\n")
    run = mlblog("build", cwd=site)
    assert run.returncode == 1
    assert 'site.yaml:2: unknown key "per_pgae" (did you mean "per_page"?)' in run.stderr
    assert "Traceback" not in run.stderr
    assert not (site / "public").exists()


def test_bad_front_matter_reported_with_line(make_site: SiteFactory) -> None:
    site = make_site({"content/posts/x.md": "---\ntitle: X\ndate: 2024-13-01\n---\nbody\n"})
    run = mlblog("build", "--site", str(site), cwd=site.parent)
    assert run.returncode == 1
    assert 'content/posts/x.md:3: invalid date "2024-13-01"' in run.stderr
    assert "Traceback" not in run.stderr


def test_missing_site_yaml(tmp_path: Path) -> None:
    run = mlblog("build", cwd=tmp_path)
    assert run.returncode == 1
    assert "site.yaml: not found" in run.stderr


@pytest.mark.parametrize("verb", ["build", "check", "import"])
def test_site_option_naming_a_file_or_a_folder_site_yaml(verb: str, make_site: SiteFactory) -> None:
    """--site site.yaml (the file, not its folder), or a folder named site.yaml: one line
    that says what is wrong, exit 1, no traceback."""
    site = make_site()
    (site.parent / "hugo-site/content/posts").mkdir(parents=True)
    extra = ["hugo", str(site.parent / "hugo-site")] if verb == "import" else []
    run = mlblog(verb, *extra, "--site", "site/site.yaml", cwd=site.parent)
    assert run.returncode == 1
    assert run.stderr.startswith(
        "site/site.yaml: is a file, not a site folder (pass the folder that holds site.yaml)"
    ), run.stderr
    odd = site.parent / "odd"
    (odd / "site.yaml").mkdir(parents=True)
    run = mlblog(verb, *extra, "--site", "odd", cwd=site.parent)
    assert run.returncode == 1
    assert run.stderr.startswith("odd/site.yaml: is a folder; it must be a YAML file"), run.stderr


def test_version_and_help(tmp_path: Path) -> None:
    assert mlblog("--version", cwd=tmp_path).stdout.startswith("mlblog ")
    help_text = mlblog("--help", cwd=tmp_path).stdout
    for verb in ("build", "serve"):
        assert verb in help_text


def test_a_negative_job_count_is_refused(make_site: SiteFactory) -> None:
    site = make_site()
    run = mlblog("build", "-j", "-1", cwd=site)
    assert run.returncode == 2 and not (site / "public").exists()
    assert run.stderr.splitlines()[-1] == (
        "mlblog build: error: argument -j/--jobs: must be a whole number of processes, got '-1'"
    )


def test_init_says_the_next_command_as_it_can_be_pasted(tmp_path: Path) -> None:
    run = mlblog("init", "我的 博客", cwd=tmp_path)
    assert "next: cd '我的 博客' && mlblog serve" in run.stdout
    (tmp_path / "here").mkdir()
    assert "next: mlblog serve\n" in mlblog("init", ".", cwd=tmp_path / "here").stdout


def test_new_keeps_each_tag_once(make_site: SiteFactory) -> None:
    site = make_site()
    run = mlblog("new", "Tags", "-t", "a,a, b，a", cwd=site)
    assert run.returncode == 0, run.stderr
    (post,) = (site / "content/posts").glob("*.md")
    assert "\ntags: [a, b]\n" in post.read_text("utf-8")


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("server", 'unknown command "server"; did you mean "mlblog serve"?'),
        ("biuld", 'unknown command "biuld"; did you mean "mlblog build"?'),
        ("g", 'unknown command "g"; did you mean "mlblog build"? (Hexo\'s `hexo g`)'),
        ("doctor", 'unknown command "doctor"; did you mean "mlblog check"?'),
        ("clean", 'unknown command "clean"; mlblog needs no clean: each build removes'),
        ("deploy", 'unknown command "deploy"; mlblog does not deploy: the GitHub Pages workflow'),
        ("frobnicate", 'unknown command "frobnicate"; see `mlblog --help`'),
    ],
)
def test_another_generator_s_command_says_what_mlblog_does_instead(
    typed: str, said: str, make_site: SiteFactory
) -> None:
    """Hexo's `g`/`clean`/`deploy`, Hugo's `server`, Jekyll's `doctor` and typos name the
    verb meant instead of only listing all of them."""
    site = make_site()
    run = mlblog(typed, "--drafts", cwd=site)
    assert run.returncode == 2 and not (site / "public").exists()
    assert run.stderr.splitlines()[-1].startswith(f"mlblog: error: {said}"), run.stderr


@pytest.mark.parametrize("verb", [["build"], ["check"], ["new", "标题"]])
def test_run_inside_the_site_s_content_it_names_the_site_folder(
    verb: list[str], make_site: SiteFactory
) -> None:
    """`mlblog build` typed in content/posts (beside the post just written) said only "is
    this a site folder?"; it names the folder that is, as a --site that can be pasted."""
    site = make_site({"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA\n"})
    run = mlblog(*verb, cwd=site / "content/posts")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.splitlines()[0].startswith("site.yaml: not found")
    assert run.stderr.splitlines()[0].endswith(
        "this folder is inside the site ../..: run mlblog there, or pass --site ../.."
        + (")" if verb[0] != "new" else "")
    ), run.stderr
    assert not (site / "content/posts/public").exists()
    assert [p.name for p in (site / "content/posts").iterdir()] == ["a.md"]


def test_a_misspelt_site_folder_is_named(make_site: SiteFactory) -> None:
    site = make_site()
    run = mlblog("build", "--site", "sitee", cwd=site.parent)
    assert run.returncode == 1
    assert run.stderr.splitlines()[0] == "sitee: no such folder", run.stderr


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (["build", "-D", "--baseURL", "https://x.test/"],
         'unrecognized arguments: -D --baseURL https://x.test/; -D: did you mean "--drafts"?; '
         '--baseURL: did you mean "--base-url"?'),
        (["build", "--destination", "out"],
         'unrecognized arguments: --destination out; --destination: did you mean "--output"?'),
        (["build", "--stirct"],
         'unrecognized arguments: --stirct; --stirct: did you mean "--strict"?'),
        (["build", "--minify"],
         "unrecognized arguments: --minify; --minify: mlblog does not minify its pages"),
        (["serve", "--bind", "0.0.0.0"],
         'unrecognized arguments: --bind 0.0.0.0; --bind: did you mean "--host"?'),
        (["check", "-x"], "unrecognized arguments: -x (see `mlblog check --help`)"),
        (["new", "T", "--categroy", "ML"],
         'unrecognized arguments: --categroy ML; --categroy: did you mean "--category"?'),
    ],
)  # fmt: skip
def test_a_stray_option_is_reported_by_its_verb_with_the_one_meant(
    typed: list[str], said: str, make_site: SiteFactory
) -> None:
    """Hugo's `-D`/`--baseURL`/`--minify`, Jekyll's `--destination`, typos: the error was
    `mlblog: error: unrecognized arguments` under the usage of mlblog, not of the verb."""
    site = make_site()
    run = mlblog(*typed, cwd=site)
    assert run.returncode == 2 and run.stdout == ""
    assert f"usage: mlblog {typed[0]} " in run.stderr
    assert run.stderr.splitlines()[-1].startswith(f"mlblog {typed[0]}: error: {said}"), run.stderr
    assert sorted(p.name for p in site.iterdir()) == ["site.yaml"]  # nothing built, no post


@pytest.mark.parametrize(
    ("verb", "says"),
    [
        ("build", "removed from the output (no clean step)"),
        ("serve", "http://127.0.0.1:8000/"),
        ("check", "without writing any file; exit 1 on an error"),
        ("init", "init a new folder and run `mlblog import` there"),
        ("new", "`slug: pinyin` in site.yaml"),
    ],
)
def test_each_verb_s_help_says_what_it_does(verb: str, says: str, tmp_path: Path) -> None:
    """`mlblog build --help` was the usage and the options alone."""
    run = mlblog(verb, "--help", cwd=tmp_path)
    assert run.returncode == 0
    described = run.stdout.split("\n\n")[1]  # between the usage and the arguments
    assert says in " ".join(described.split()), run.stdout


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (["Attention", "Is", "All"], "put a title of several words in quotes: "
         "mlblog new 'Attention Is All'"),
        (["post", "注意力机制"], "mlblog new takes only the title, no layout: "
         "mlblog new '注意力机制'"),
        (["page", "about"], "mlblog new makes posts: a page is a file you write yourself, "
         "such as content/pages/about.md"),
        (["content", "posts/my-first-post.md"], "mlblog new takes the title, not a path: "
         "mlblog new 'my first post'"),
        (["site", "我的博客"], "a new site is made with: mlblog init '我的博客'"),
    ],
)  # fmt: skip
def test_new_given_several_words_shows_the_command_meant(
    typed: list[str], said: str, make_site: SiteFactory
) -> None:
    """An unquoted title, Hexo's `hexo new post T`, Hugo's `hugo new content posts/t.md`:
    "unrecognized arguments" alone left the user guessing; no post is written."""
    site = make_site()
    run = mlblog("new", *typed, cwd=site)
    assert run.returncode == 2
    assert run.stderr.splitlines()[-1] == (
        f"mlblog new: error: unrecognized arguments: {' '.join(typed[1:])}; {said}"
    )
    assert not (site / "content/posts").exists()


def test_help_verb_and_a_stray_option_before_any_verb(tmp_path: Path) -> None:
    """`mlblog help build` (git's and hugo's habit) shows build's help; `mlblog -v` is
    pointed to --version instead of failing with a traceback."""
    run = mlblog("help", "build", cwd=tmp_path)
    assert run.returncode == 0 and run.stdout.startswith("usage: mlblog build ")
    assert mlblog("help", cwd=tmp_path).stdout == mlblog("--help", cwd=tmp_path).stdout
    run = mlblog("-v", cwd=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.splitlines()[-1] == (
        'mlblog: error: unrecognized arguments: -v; -v: did you mean "--version"?'
    )
    run = mlblog("-x", cwd=tmp_path)
    assert run.stderr.splitlines()[-1] == (
        "mlblog: error: unrecognized arguments: -x (see `mlblog --help`)"
    )
