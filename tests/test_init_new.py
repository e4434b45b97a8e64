"""`mlblog init` and `mlblog new` as a user meets them: from a wheel, in a fresh folder."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml

from conftest import NOW, REPO, build_site, read
from mlblog.cli import main
from mlblog.commands.init import SCAFFOLD_FILES, init_site
from mlblog.commands.new import new_post
from mlblog.comments import Giscus, Utterances
from mlblog.config import load_config, parse_config
from mlblog.config_schema import SCHEMA
from mlblog.content.source import load_sources
from mlblog.diagnostics import MlblogError
from test_publishing import actionlint

SHANGHAI_SITE = "title: 笔记\nbase_url: https://t.example/\ntimezone: Asia/Shanghai\n"
# 20:15 in Shanghai on 2026-11-29, written in UTC to show the conversion.
EVENING = datetime(2026, 11, 29, 12, 15, tzinfo=UTC)


def front_matter(path: Path) -> dict[str, Any]:
    """The front matter as mlblog's own loader reads it."""
    site = path.parents[2] if path.name != "index.md" else path.parents[3]
    sources, problems = load_sources(site)
    assert problems == []
    rel = path.relative_to(site).as_posix()
    return dict(next(s for s in sources if s.path == rel).meta)


def write_site(tmp_path: Path, config: str = SHANGHAI_SITE) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.yaml").write_text(config, encoding="utf-8")
    return site


# --- init from an installed wheel ---------------------------------------------------------


def test_wheel_init_then_build_outside_the_checkout(tmp_path: Path) -> None:
    """pip-installed mlblog starts a site and builds it with nothing from this repository.

    KaTeX and lunr.js come from MLBLOG_NODE_MODULES pointing at the checkout's node_modules
    (the pinned versions), so the test needs no npm download; everything Python comes from
    the wheel and the package registry.
    """
    started = time.perf_counter()
    # Build from a copy so the shared checkout gets no build/ folder or egg-info.
    src = tmp_path / "src-copy"
    shutil.copytree(
        REPO / "src", src / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    run([*pip, "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(src)], cwd=tmp_path)
    (wheel,) = wheels.glob("mlblog-*.whl")

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    run([str(venv / "bin/python"), "-m", "pip", "install", "--quiet", str(wheel)], cwd=tmp_path)

    # A clean environment: no PYTHONPATH, no user cache that might hold KaTeX.
    work = tmp_path / "work"
    work.mkdir()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path / "home"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "MLBLOG_NODE_MODULES": str(REPO / "node_modules"),
    }
    where = run([str(venv / "bin/python"), "-c", "import mlblog; print(mlblog.__file__)"],
                cwd=work, env=env)  # fmt: skip
    assert where.stdout.startswith(str(venv)), where.stdout

    init = run([str(venv / "bin/mlblog"), "init", "blog"], cwd=work, env=env)
    assert "created blog/site.yaml" in init.stdout
    assert "next: cd blog && mlblog serve" in init.stdout
    built = run([str(venv / "bin/mlblog"), "build"], cwd=work / "blog", env=env)
    assert built.stdout.startswith("built "), built.stdout
    assert "with 0 warnings" in built.stdout

    page = (work / "blog/public/posts/hello-mlblog/index.html").read_text(encoding="utf-8")
    assert 'class="katex"' in page
    assert 'class="katex-display"' in page
    assert "math-error" not in page
    assert '<div class="highlight">' in page and '<span class="k">def</span>' in page
    assert (work / "blog/public/about/index.html").exists()
    # Keep an eye on the cost: wheel build + venv + install from the registry + build.
    assert time.perf_counter() - started < 300


def run(
    command: list[str], cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


# --- init ----------------------------------------------------------------------------------


def test_init_writes_a_site_that_builds_with_math_and_code(tmp_path: Path) -> None:
    target = tmp_path / "blog"
    written = init_site(target, now=datetime(2026, 11, 1, 9, 30, tzinfo=UTC))
    assert written == [target / name for name in SCAFFOLD_FILES]
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == [
        ".github/workflows/pages.yml",
        ".gitignore",
        "archetypes/post.md",
        "content/pages/about.md",
        "content/posts/hello-mlblog.md",
        "site.yaml",
    ]
    assert front_matter(target / "content/posts/hello-mlblog.md")["date"] == (
        "2026-11-01 09:30:00 +0000"
    )
    gitignore = (target / ".gitignore").read_text(encoding="utf-8").split()
    assert {"public/", ".mlblog-cache/", "node_modules/"} <= set(gitignore)

    result = build_site(target)
    assert result.ok and not result.report.warnings, result.report.sorted()
    post = read(target, "posts/hello-mlblog/index.html")
    assert post.count('class="katex"') >= 3  # inline ones and the display formula
    assert 'class="katex-display"' in post and "math-error" not in post
    assert '<span class="k">def</span>' in post
    home = read(target, "index.html")
    assert "第一篇笔记" in home and 'href="/notes/posts/hello-mlblog/"' in home
    assert 'href="/notes/about/"' in home  # the menu reaches the about page
    assert "关于" in read(target, "about/index.html")


def test_site_yaml_sets_and_explains_every_key(tmp_path: Path) -> None:
    init_site(tmp_path / "blog")
    text = (tmp_path / "blog/site.yaml").read_text(encoding="utf-8")
    config = load_config(tmp_path / "blog")
    assert config.base_url == "https://your-name.github.io/notes/"
    assert config.slug == "keep"

    data = yaml.safe_load(text)

    def missing(schema: Mapping[str, Any], values: Mapping[str, Any], prefix: str) -> list[str]:
        gaps = []
        for key, rule in schema.items():
            if key not in values:
                gaps.append(prefix + key)
            elif isinstance(rule, Mapping):
                gaps += missing(rule, values[key], f"{prefix}{key}.")
        return gaps

    # A key added to the config schema must be added (and explained) in the starter too.
    assert missing(SCHEMA, data, "") == []
    assert text.count("\n# ") >= 15  # explained, not just listed


def test_site_yaml_names_every_comments_setting(tmp_path: Path) -> None:
    # `comments:` is {} in the starter: its settings are shown in comments, all of them
    init_site(tmp_path / "blog")
    text = (tmp_path / "blog/site.yaml").read_text(encoding="utf-8")
    for service in (Giscus, Utterances):
        for setting in fields(service):
            assert re.search(rf"#.*\b{setting.name}: ", text), f"{service.service}.{setting.name}"


def test_init_refuses_a_non_empty_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "blog"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert main(["init", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"{target}: folder is not empty (notes.txt)" in err
    assert "--force" in err and "never overwritten" in err
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]


def test_init_in_a_site_says_it_is_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    init_site(tmp_path / "blog")
    capsys.readouterr()
    assert main(["init", str(tmp_path / "blog")]) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path / 'blog'}: is already an mlblog site (it has site.yaml); start a post with "
        '`mlblog new "Title"`, or add --force to add only the starter files it lacks\n'
    )


def test_init_in_a_hexo_site_gives_the_commands_that_import_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Hexo user's first try is `mlblog init` in their blog: it was "not empty, use
    --force", which would have mixed the two sites. The commands it gives work as pasted."""
    hexo = tmp_path / "my blog"
    (hexo / "source/_posts").mkdir(parents=True)
    (hexo / "_config.yml").write_text("title: 旧博客\n", encoding="utf-8")
    post = "---\ntitle: 旧文\ndate: 2023-05-01 10:00:00\n---\n正文\n"
    (hexo / "source/_posts/old.md").write_text(post, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["init", "my blog"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("my blog: folder is not empty: it is a Hexo site;"), err
    commands = err.rstrip("\n").rpartition("): ")[2]
    assert commands == (
        "mlblog init 'my blog-mlblog' && mlblog import hexo 'my blog' --site 'my blog-mlblog'"
    )
    for command in commands.split(" && "):
        assert main(shlex.split(command)[1:]) == 0
    assert sorted(p.name for p in hexo.iterdir()) == ["_config.yml", "source"]
    assert "旧文" in (tmp_path / "my blog-mlblog/content/posts/2023-05-01-old/index.md").read_text(
        "utf-8"
    )


def test_init_accepts_a_folder_with_only_git(tmp_path: Path) -> None:
    target = tmp_path / "blog"
    (target / ".git").mkdir(parents=True)
    assert len(init_site(target)) == len(SCAFFOLD_FILES)


def test_init_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "blog").write_text("x", encoding="utf-8")
    with pytest.raises(MlblogError, match="exists and is not a folder"):
        init_site(tmp_path / "blog")


def test_init_force_keeps_existing_files_byte_identical(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "blog"
    mine = {
        "site.yaml": b"title: Mine\r\nbase_url: /\r\n",
        ".gitignore": b"\xef\xbb\xbfdist/\n",
        "README.md": b"# my notes\n",
    }
    for name, data in mine.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(data)
    before = {name: os.stat(target / name).st_mtime_ns for name in mine}

    assert main(["init", str(target), "--force"]) == 0
    out = capsys.readouterr().out
    for name, data in mine.items():
        assert (target / name).read_bytes() == data
        assert os.stat(target / name).st_mtime_ns == before[name]
    assert f"kept {target}/site.yaml (it already exists; not overwritten)" in out
    assert f"kept {target}/.gitignore (it already exists; not overwritten)" in out
    assert f"created {target}/content/posts/hello-mlblog.md" in out
    assert f"created {target}/site.yaml" not in out
    assert (target / ".github/workflows/pages.yml").exists()

    # Running it again writes nothing at all.
    assert init_site(target, force=True) == []


def test_starter_workflow_installs_this_mlblog_and_passes_actionlint(tmp_path: Path) -> None:
    init_site(tmp_path / "blog", requirement="mlblog @ git+https://github.com/me/mlblog@abc123")
    workflow = tmp_path / "blog/.github/workflows/pages.yml"
    lint = actionlint(workflow)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    text = workflow.read_text(encoding="utf-8")
    for needle in (
        'run: pip install "mlblog @ git+https://github.com/me/mlblog@abc123"',
        'run: mlblog build --base-url "${{ steps.pages.outputs.base_url }}"',
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "path: public",
        "needs: build",
        "actions/deploy-pages@",
        "pages: write",
        "id-token: write",
        "name: github-pages",
        "workflow_dispatch",
    ):
        assert needle in text, needle
    assert "./dev" not in text  # a user's site has no checkout of mlblog
    assert "@VERSION@" not in text
    flow = yaml.safe_load(text)
    # a post dated ahead is published on its day, not at the next push
    assert flow[True]["schedule"] == [{"cron": "23 0 * * *"}]  # (YAML 1.1 reads `on` as True)
    assert flow["permissions"] == {"contents": "read", "pages": "read"}  # private repos too
    [cache] = [step for step in flow["jobs"]["build"]["steps"]
               if step.get("uses", "").startswith("actions/cache@")]  # fmt: skip
    # publishing after the first build is a warm build, without installing KaTeX again
    assert cache["with"]["path"].split() == [".mlblog-cache", "~/.cache/mlblog"]


class FakeDistribution:
    def __init__(self, direct_url: str | None) -> None:
        self.direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        return self.direct_url if name == "direct_url.json" else None


def installed_as(monkeypatch: pytest.MonkeyPatch, direct_url: str | None) -> None:
    from importlib import metadata

    monkeypatch.setattr(metadata, "distribution", lambda name: FakeDistribution(direct_url))


def git(folder: Path, *args: str) -> str:
    run = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def test_the_workflow_installs_the_mlblog_that_ran_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pip install mlblog` named a package that is not on PyPI for a copy from GitHub."""
    from mlblog import __version__
    from mlblog.commands.install_source import workflow_requirement

    installed_as(monkeypatch, None)  # from PyPI: that version
    assert workflow_requirement() == (f"mlblog=={__version__}", "")
    installed_as(monkeypatch, '{"url": "https://github.com/me/mlblog.git", '
                 '"vcs_info": {"vcs": "git", "commit_id": "0123abc"}}')  # fmt: skip
    assert workflow_requirement() == ("mlblog @ git+https://github.com/me/mlblog.git@0123abc", "")

    checkout = tmp_path / "mlblog"  # pip install -e . in a clone
    checkout.mkdir()
    git(checkout, "init", "-q")
    git(checkout, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-q", "--allow-empty",
        "-m", "x")  # fmt: skip
    head = git(checkout, "rev-parse", "HEAD")
    installed_as(monkeypatch, f'{{"url": "{checkout.as_uri()}", "dir_info": {{"editable": true}}}}')
    requirement, note = workflow_requirement()  # no remote: GitHub cannot reach it
    assert requirement == f"mlblog=={__version__}" and checkout.as_uri() in note
    git(checkout, "remote", "add", "origin", "git@github.com:me/mlblog.git")
    requirement, note = workflow_requirement()  # not pushed: origin's default branch
    assert requirement == "mlblog @ git+https://github.com/me/mlblog.git"
    assert "not on https://github.com/me/mlblog.git yet" in note
    git(checkout, "update-ref", "refs/remotes/origin/main", head)  # pushed
    assert workflow_requirement() == (f"mlblog @ git+https://github.com/me/mlblog.git@{head}", "")


def test_init_says_when_the_workflow_may_not_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    installed_as(monkeypatch, '{"url": "file:///nowhere/mlblog", "dir_info": {}}')
    assert main(["init", str(tmp_path / "blog")]) == 0
    out = capsys.readouterr().out
    assert "note: the workflow installs mlblog==" in out and "file:///nowhere/mlblog" in out
    workflow = (tmp_path / "blog/.github/workflows/pages.yml").read_text(encoding="utf-8")
    assert 'run: pip install "mlblog==' in workflow


# --- new -----------------------------------------------------------------------------------


def test_new_chinese_title_keeps_characters_and_dates_in_site_timezone(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    path = new_post(site, "注意力机制 Attention", "Deep Learning", ["transformer", "注意力"],
                    now=EVENING)  # fmt: skip
    assert path == site / "content/posts/2026-11-29-注意力机制-attention.md"
    assert path.read_text(encoding="utf-8") == (
        "---\n"
        "title: 注意力机制 Attention\n"
        "date: 2026-11-29 20:15:00 +0800\n"
        "categories: [Deep Learning]\n"
        "tags: [transformer, 注意力]\n"
        "---\n"
        "\n"
    )


def test_new_date_crosses_midnight_in_the_site_timezone(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    late = datetime(2026, 11, 29, 17, 30, tzinfo=UTC)  # already the 30th in Shanghai
    path = new_post(site, "凌晨笔记", None, [], now=late)
    assert path.name == "2026-11-30-凌晨笔记.md"
    assert front_matter(path)["date"] == "2026-11-30 01:30:00 +0800"
    assert front_matter(path)["categories"] == [] and front_matter(path)["tags"] == []


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("长序列建模", "chang-xu-lie-jian-mo"),  # pypinyin alone: zhang
        ("一行代码实现 LoRA", "yi-hang-dai-ma-shi-xian-lora"),  # xing
        ("重参数化技巧", "chong-can-shu-hua-ji-qiao"),  # zhong
        ("最大似然估计", "zui-da-si-ran-gu-ji"),  # shi
        ("增长与银行", "zeng-zhang-yu-yin-hang"),  # what pypinyin knew stays
    ],
)
def test_pinyin_slugs_read_ml_terms_right(title: str, slug: str) -> None:
    from mlblog.commands.new import post_slug

    assert post_slug(title, parse_config("title: T\nslug: pinyin\n")) == slug


def test_new_pinyin_slug(tmp_path: Path) -> None:
    site = write_site(tmp_path, SHANGHAI_SITE + "slug: pinyin\n")
    path = new_post(site, "重庆的 LoRA 微调笔记", None, [], now=EVENING)
    assert path.name == "2026-11-29-chong-qing-de-lora-wei-diao-bi-ji.md"
    assert front_matter(path)["title"] == "重庆的 LoRA 微调笔记"  # the title stays Chinese


def test_wrong_slug_setting_names_the_line(tmp_path: Path) -> None:
    site = write_site(tmp_path, SHANGHAI_SITE + "slug: pingyin\n")
    with pytest.raises(MlblogError) as caught:
        new_post(site, "标题", None, [], now=EVENING)
    assert str(caught.value) == (
        'site.yaml:4: slug must be "keep" (Chinese stays Chinese) or "pinyin", got "pingyin"'
    )


def test_new_bundle_makes_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = write_site(tmp_path)
    assert main(["new", "带图的文章 With images", "-s", str(site), "--bundle",
                 "-c", "Notes", "-t", "图片，plots"]) == 0  # fmt: skip
    printed = Path(capsys.readouterr().out.strip())
    assert printed.name == "index.md"
    assert printed.parent.parent == site / "content/posts"
    assert printed.parent.name.endswith("-带图的文章-with-images")
    meta = front_matter(printed)
    assert meta["categories"] == ["Notes"] and meta["tags"] == ["图片", "plots"]


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    path = new_post(site, "Attention", None, [], now=EVENING)
    path.write_text("---\ntitle: Attention\n---\nmy draft\n", encoding="utf-8")
    with pytest.raises(MlblogError, match="already exists; mlblog new never overwrites"):
        new_post(site, "Attention", None, [], now=EVENING)
    # A bundle of the same name would publish at the same address: refused too.
    with pytest.raises(MlblogError, match=f"{path}: already exists"):
        new_post(site, "Attention", None, [], bundle=True, now=EVENING)
    assert path.read_text(encoding="utf-8").endswith("my draft\n")
    assert not (site / "content/posts/2026-11-29-attention").exists()


def test_a_title_used_before_gets_a_url_of_its_own(tmp_path: Path) -> None:
    """A second "Year in review" a year later had the first one's /posts/year-in-review/,
    and the next build failed on the clash."""
    site = write_site(tmp_path)
    posts = site / "content/posts"
    posts.mkdir(parents=True, exist_ok=True)
    (posts / "2025-12-31-year-in-review.md").write_text(
        "---\ntitle: Year in review 2025\n---\ny\n", encoding="utf-8"
    )
    (posts / "renamed.md").write_text(  # a URL given by `slug:`, a draft's too
        "---\ntitle: Old\nslug: weekly-notes\ndraft: true\ndate: 2025-01-01\n---\nw\n",
        encoding="utf-8",
    )
    first = new_post(site, "Year in review", None, [], now=EVENING)
    assert first.name == "2026-11-29-year-in-review-2.md"
    assert new_post(site, "Weekly notes", None, [], now=EVENING).name == (
        "2026-11-29-weekly-notes-2.md"
    )
    again = new_post(site, "Year in review", None, [], now=EVENING + timedelta(days=1))
    assert again.name == "2026-11-30-year-in-review-3.md"
    # where a post was (its alias redirects from there) is taken too
    (posts / "moved.md").write_text(
        "---\ntitle: Moved\ndate: 2025-01-01\naliases: [/posts/alias-me/]\n---\nm\n",
        encoding="utf-8",
    )
    assert new_post(site, "Alias me", None, [], now=EVENING).name == "2026-11-29-alias-me-2.md"
    result = build_site(site, now=EVENING + timedelta(days=2))
    assert result.ok, result.report.sorted()


def test_a_title_naming_a_page_of_the_site_gets_a_url_of_its_own(tmp_path: Path) -> None:
    """Under `permalinks.post: /:slug/`, a post called "Tags" was at the list of tags."""
    site = write_site(tmp_path, SHANGHAI_SITE + "permalinks:\n  post: /:slug/\n")
    assert new_post(site, "Tags", None, [], now=EVENING).name == "2026-11-29-tags-2.md"
    assert new_post(site, "Search", None, [], now=EVENING).name == "2026-11-29-search-2.md"
    assert new_post(site, "Notes", None, [], now=EVENING).name == "2026-11-29-notes.md"
    assert build_site(site, now=EVENING + timedelta(days=1)).ok


def test_a_post_called_series_keeps_its_url_on_a_site_without_series(tmp_path: Path) -> None:
    """/series/ is a page of the site only once a post is part of a series."""
    site = write_site(tmp_path, SHANGHAI_SITE + "permalinks:\n  post: /:slug/\n")
    assert new_post(site, "Series", None, [], now=EVENING).name == "2026-11-29-series.md"
    assert build_site(site, now=EVENING + timedelta(days=1)).ok
    (site / "content/posts/2026-11-29-series.md").unlink()
    (site / "content/posts/part.md").write_text(
        "---\ntitle: Part\ndate: 2026-11-01\nseries: Notes\n---\nText.\n", "utf-8"
    )
    assert new_post(site, "Series", None, [], now=EVENING).name == "2026-11-29-series-2.md"
    assert build_site(site, now=EVENING + timedelta(days=1)).ok


HEXO_STYLE = """---
title: {{ title }}
date: {{ date }}
categories: {{ categories }}
tags: {{ tags }}
math: true
toc: true
draft: true  # 写完再发
---

## 动机

<!--more-->

## 参考
"""


def test_new_starts_from_the_site_s_archetype(tmp_path: Path) -> None:
    """What every post starts with (Hugo's archetypes, Hexo's scaffolds): keys, comments
    and headings as written, with the title, date, categories and tags filled in."""
    site = write_site(tmp_path)
    (site / "archetypes").mkdir()
    (site / "archetypes/post.md").write_text(HEXO_STYLE, encoding="utf-8")
    path = new_post(site, "C++: 模板", "Notes", ["c++"], now=EVENING)
    assert path.read_text(encoding="utf-8") == (
        HEXO_STYLE.replace("{{ title }}", '"C++: 模板"')
        .replace("{{ date }}", "2026-11-29 20:15:00 +0800")
        .replace("{{ categories }}", "[Notes]")
        .replace("{{ tags }}", "[c++]")
    )
    meta = front_matter(path)
    assert meta["title"] == "C++: 模板" and meta["draft"] is True and meta["toc"] is True
    bundle = new_post(site, "带图", None, [], bundle=True, now=EVENING)
    assert "## 动机" in bundle.read_text(encoding="utf-8")
    assert front_matter(bundle)["categories"] == []
    result = build_site(site, now=EVENING + timedelta(days=1), drafts=True)
    assert result.ok and not result.report.warnings, result.report.sorted()
    assert "模板" in read(site, "index.html")


HUGO_STYLE = """{# Hugo's archetype, in TOML -#}
+++
title = {{ title }}
date = {{ date }}
categories = {{ categories }}
tags = {{ tags }}
math = true
+++

## 动机
"""


def test_new_fills_a_toml_archetype_with_toml_values(tmp_path: Path) -> None:
    """A Hugo user's `+++` archetype got YAML's spellings (`title = C++: 模板`), which is
    no TOML: `mlblog new` stopped at its own archetype."""
    site = write_site(tmp_path)
    (site / "archetypes").mkdir()
    (site / "archetypes/post.md").write_text(HUGO_STYLE, encoding="utf-8")
    path = new_post(site, 'C++: "模板"', "Notes", ["c++", "模板"], now=EVENING)
    assert path.read_text(encoding="utf-8") == (
        '+++\ntitle = "C++: \\"模板\\""\ndate = 2026-11-29T20:15:00+08:00\n'
        'categories = ["Notes"]\ntags = ["c++", "模板"]\nmath = true\n+++\n\n## 动机\n'
    )
    meta = front_matter(path)
    assert meta["title"] == 'C++: "模板"' and meta["tags"] == ["c++", "模板"]
    result = build_site(site, now=EVENING + timedelta(days=1))
    assert result.ok and not result.report.warnings, result.report.sorted()
    assert "C++: &quot;模板&quot;" in read(site, "index.html")


@pytest.mark.parametrize(
    ("archetype", "message"),
    [
        (
            "---\ntitle: {{ .Title }}\n---\n",
            "archetypes/post.md:2: unexpected '.' (an archetype "
            "is a Jinja template: {{ title }}, not Hugo's {{ .Title }})",
        ),
        (
            "---\ntitle: {{ title }}\nauthor: {{ author }}\n---\n",
            "archetypes/post.md: 'author' "
            "is undefined (it may use title, date, categories, tags, slug)",
        ),
        ("---\ntitle: {{ title }}\ntags: [{{ tags }}\n---\n", "archetypes/post.md:3: front matter"),
        (
            "---\ntitle: {{ title }}\n---\n",
            "archetypes/post.md: has no {{ categories }}: the "
            "category given would be lost (add `categories: {{ categories }}` to its front matter)",
        ),
    ],
)
def test_a_mistake_in_the_archetype_names_its_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], archetype: str, message: str
) -> None:
    site = write_site(tmp_path)
    (site / "archetypes").mkdir()
    (site / "archetypes/post.md").write_text(archetype, encoding="utf-8")
    assert main(["new", "标题", "-s", str(site), "-c", "Notes", "-t", "a"]) == 1
    assert message in capsys.readouterr().err
    assert not (site / "content/posts").exists() or not any((site / "content/posts").iterdir())


def test_slug_option_names_a_chinese_post_in_ascii(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hexo's `hexo new --slug`: one post gets the address its author chose; its title
    stays as typed, and the build publishes it there."""
    site = write_site(tmp_path)
    assert main(["new", "注意力机制", "--slug", "Self Attention", "-s", str(site)]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.name.endswith("-self-attention.md") and printed.parent == site / "content/posts"
    assert front_matter(printed)["title"] == "注意力机制"
    assert build_site(site, now=datetime.now(UTC) + timedelta(days=1)).ok
    assert "注意力机制" in read(site, "posts/self-attention/index.html")


def test_a_slug_option_already_taken_is_refused_not_numbered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = write_site(tmp_path)
    first = new_post(site, "旧文", None, [], now=EVENING, slug="attention")
    later = EVENING + timedelta(days=3)
    assert main(["new", "新文", "--slug", "attention", "-s", str(site)]) == 1
    assert capsys.readouterr().err == (
        "--slug: attention: the site already has /posts/attention/; choose another slug\n"
    )
    with pytest.raises(MlblogError, match=r"^--slug: \"！\" has no letters"):
        new_post(site, "新文", None, [], now=later, slug="！")
    assert [p.name for p in (site / "content/posts").iterdir()] == [first.name]


def test_new_outside_a_site_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "标题", "-s", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path}/site.yaml: not found" in err and "mlblog init" in err
    assert not (tmp_path / "content").exists()


@pytest.mark.parametrize(
    ("title", "tags"),
    [
        ("C++: 模板元编程", ["c++", "2024"]),
        ("yes", ["yes", "null", "a, b", "[x]", "#hash"]),
        ('引号 "quoted" 和 \\ 反斜杠', ["'single'"]),
        ("- 以破折号开头", ["- dash", "@at"]),
    ],
)
def test_front_matter_reads_back_as_typed(tmp_path: Path, title: str, tags: list[str]) -> None:
    site = write_site(tmp_path)
    meta = front_matter(new_post(site, title, "a: b", tags, now=EVENING))
    assert meta["title"] == title and meta["tags"] == tags and meta["categories"] == ["a: b"]


def test_title_without_words_is_refused(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    with pytest.raises(MlblogError, match="no letters, digits or CJK characters"):
        new_post(site, "？！…", None, [], now=EVENING)


def test_long_title_gives_a_file_name_the_disk_accepts(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    path = new_post(site, "很长的标题" * 40, None, [], now=EVENING)
    assert len(path.name.encode("utf-8")) < 255
    assert front_matter(path)["title"] == "很长的标题" * 40


def test_new_post_builds_and_is_listed_on_the_home_page(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    init_site(site, now=datetime(2026, 11, 1, tzinfo=UTC))
    body = "QKV 的缩放点积：$\\operatorname{softmax}(QK^\\top/\\sqrt{d})V$。\n"
    path = new_post(site, "注意力机制 Attention", "Deep Learning", ["transformer"], now=EVENING)
    started = path.read_text(encoding="utf-8")  # from the archetype init wrote, its note left out
    assert started.startswith("---\ntitle: 注意力机制 Attention\n") and "{" not in started
    path.write_text(started + body, encoding="utf-8")

    result = build_site(site, now=max(NOW, EVENING))
    assert result.ok and not result.report.warnings, result.report.sorted()
    assert result.posts == 2
    page = read(site, "posts/注意力机制-attention/index.html")
    assert 'class="katex"' in page and "2026-11-29" in page
    home = read(site, "index.html")
    assert "注意力机制 Attention" in home
    assert f"/notes/posts/{quote('注意力机制-attention')}/" in home
    # Newest first: the new post is above the starter post.
    assert home.index("注意力机制 Attention") < home.index("第一篇笔记")
