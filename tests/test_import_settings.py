"""`mlblog import` tells the old site's settings that differ from site.yaml as a block of
YAML to paste, and never writes site.yaml itself."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import SiteFactory, build_site, read, write_files
from mlblog.cli import main
from mlblog.yamlfile import parse_yaml

FIXTURES = Path(__file__).parent / "fixtures" / "import"
SITE_YAML = "title: Test site\nbase_url: https://t.example/\n"
DEFAULT_LINKS = {
    "page": "/:slug/",
    "category": "/categories/:slug/",
    "tag": "/tags/:slug/",
    "series": "/series/:slug/",
}
DATED = {"post": "/:year/:month/:day/:slug/", **DEFAULT_LINKS}

# What each fixture's config sets that differs from SITE_YAML and mlblog's defaults. Not
# here: what equals them (Hexo's and Hugo's language zh-CN, mlblog's default).
EXPECTED: dict[str, dict[str, Any]] = {
    "hexo": {
        "title": "张量笔记",
        "tagline": "从归一化到注意力",
        "base_url": "https://example.org/",
        "timezone": "Asia/Shanghai",
        "author": "林一",
        "permalinks": DATED,
        "comments": {"giscus": {
            "repo": "lin-yi/tensor-notes", "repo_id": "R_kgDOExample",
            "category": "Announcements", "category_id": "DIC_kwDOExample4Cabc",
            "mapping": "pathname", "reactions": True, "input_position": "top",
        }},
    },
    "jekyll": {
        "title": "Fine-tuning notes",
        "description": "Notes on adapting pretrained models",
        "base_url": "https://ada.example.com/notes/",
        "language": "en",
        "author": "Ada Chen",
        "per_page": 5,
        "permalinks": DATED,
        "math": {"macros": {"\\Var": "\\operatorname{Var}"}},
        "comments": {"utterances": {"repo": "ada-chen/notes", "issue_term": "title"}},
    },
    "hugo": {
        "title": "推理优化笔记",
        "description": "推理加速的笔记",
        "base_url": "https://example.org/",
        "author": "王五",
        "per_page": 8,
        "feed_aliases": ["/index.xml"],
        "updated_from_git": True,
        "comments": {"giscus": {
            "repo": "wangwu/infer-notes", "repo_id": "R_kgDOInfer", "category": "General",
            "category_id": "DIC_kwDOInfer4Cxyz", "mapping": "title", "reactions": False,
        }},
    },
}  # fmt: skip
# Values mlblog would refuse: left out, with a note naming where they were.
LEFT_OUT = {
    "hexo": ["# left out (_config.yml: per_page): per_page must be a positive integer"],
    "jekyll": [],
    "hugo": [],
}


def site_files(site: Path) -> dict[str, str]:
    """Every file of SITE but what the import makes (content/, archetypes/)."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.relative_to(site).parts[0] not in ("content", "archetypes")
    }


def import_block(generator: str, site: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The import's output after its summary line: the settings block, or ""."""
    assert main(["import", generator, str(FIXTURES / generator), "--site", str(site)]) == 0
    summary, _, block = capsys.readouterr().out.strip().partition("\n\n")
    assert summary.startswith("imported ")
    return block


def pasted(site_yaml: str, block: str) -> str:
    """site.yaml with the keys the block's first line names replaced by the block."""
    named = re.search(r"replace (.+) in site\.yaml", block.splitlines()[0])
    assert named, block
    keys = named[1].split(", ")
    kept = [line for line in site_yaml.splitlines() if line.split(":")[0] not in keys]
    return "\n".join([*kept, block, ""])


@pytest.mark.parametrize("generator", sorted(EXPECTED))
def test_the_old_site_s_settings_are_told_as_yaml_to_paste_and_site_yaml_is_not_written(
    generator: str, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(config=SITE_YAML)
    before = site_files(site)
    block = import_block(generator, site, capsys)
    assert site_files(site) == before  # site.yaml included: only content/ is new

    assert parse_yaml(block).data == EXPECTED[generator]
    lines = block.splitlines()
    assert lines[0].startswith("# The old site's settings that differ from site.yaml: replace "
                               + ", ".join(EXPECTED[generator]) + " in site.yaml")  # fmt: skip
    for key in EXPECTED[generator]:  # each says where it came from
        [line] = [line for line in lines if line.startswith(f"{key}:")]
        assert re.search(r"  # \S+\.(yml|toml): \S", line), line
    assert [line for line in lines if line.startswith("# left out")] == LEFT_OUT[generator]

    (site / "site.yaml").write_text(pasted(SITE_YAML, block), encoding="utf-8")
    result = build_site(site, drafts=True)
    assert result.ok, result.report.items
    assert f"<title>{EXPECTED[generator]['title']}" in read(site, "index.html")


@pytest.mark.parametrize("generator", sorted(EXPECTED))
def test_settings_site_yaml_has_already_are_not_told(
    generator: str, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(config=SITE_YAML)
    block = import_block(generator, site, capsys)
    (site / "site.yaml").write_text(pasted(SITE_YAML, block), encoding="utf-8")

    again = import_block(generator, site, capsys)  # (its posts are there: skipped)
    assert [line for line in again.splitlines() if not line.startswith("# left out")] == (
        ["# No setting of the old site differs from site.yaml in a way mlblog can use"]
        if LEFT_OUT[generator] else []
    )  # fmt: skip


def test_only_the_settings_that_differ_are_told(
    make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(config="title: 张量笔记\ntimezone: Asia/Shanghai\nbase_url: /\n")
    data = parse_yaml(import_block("hexo", site, capsys)).data
    assert "title" not in data and "timezone" not in data
    assert data["base_url"] == "https://example.org/" and data["author"] == "林一"


@pytest.mark.parametrize(
    ("config", "base_url"),
    [
        # Hexo's docs for a site in a subfolder: `url` names it already, `root` repeats it
        ("url: https://me.github.io/blog\nroot: /blog/\n", "https://me.github.io/blog/"),
        ("url: https://me.github.io/blog/\n", "https://me.github.io/blog/"),
        ("url: https://me.github.io\nroot: /blog/\n", "https://me.github.io/blog/"),
    ],
)
def test_a_hexo_site_in_a_subfolder_is_told_its_address_once(
    config: str,
    base_url: str,
    tmp_path: Path,
    make_site: SiteFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    old = tmp_path / "old"
    write_files(old, {"_config.yml": config, "source/_posts/a.md": "---\ntitle: A\n---\nA\n"})
    site = make_site(config=SITE_YAML)
    assert main(["import", "hexo", str(old), "--site", str(site)]) == 0
    block = capsys.readouterr().out.strip().partition("\n\n")[2]
    assert parse_yaml(block).data["base_url"] == base_url


POST = "---\ntitle: A\ndate: 2024-01-02\n---\nA\n"


@pytest.mark.parametrize(
    ("generator", "files", "feeds"),
    [
        ("jekyll", {"_config.yml": "plugins: [jekyll-feed]\n"}, ["/feed.xml"]),
        (
            "jekyll",
            {"_config.yml": "gems: [jekyll-feed]\nfeed: {path: rss/all.xml}\n"},
            ["/rss/all.xml"],
        ),
        ("jekyll", {"_config.yml": "plugins: [jekyll-seo-tag]\n"}, None),
        ("hexo", {"_config.yml": "feed:\n  type: rss2\n"}, ["/rss2.xml"]),
        ("hexo", {"_config.yml": "feed:\n  type: [atom, rss2]\n"}, ["/rss2.xml"]),
        ("hexo", {"_config.yml": "feed:\n  type: atom\n  path: atom.xml\n"}, None),
        ("hugo", {"hugo.toml": 'title = "T"\n'}, ["/index.xml"]),
        ("hugo", {"hugo.toml": '[outputFormats.RSS]\nbaseName = "feed"\n'}, ["/feed.xml"]),
        ("hugo", {"hugo.toml": 'disableKinds = ["RSS"]\n'}, None),
    ],
)
def test_the_old_feed_s_address_is_told_so_its_readers_keep_reading(
    generator: str,
    files: dict[str, str | bytes],
    feeds: list[str] | None,
    tmp_path: Path,
    make_site: SiteFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    post = {"jekyll": "_posts/2024-01-02-a.md", "hexo": "source/_posts/a.md",
            "hugo": "content/posts/a.md"}[generator]  # fmt: skip
    old = tmp_path / "old"
    write_files(old, {**files, post: POST})
    config = SITE_YAML + "feed_aliases: [/old.xml]\n"  # the site's own are kept
    site = make_site(config=config)
    assert main(["import", generator, str(old), "--site", str(site)]) == 0
    block = capsys.readouterr().out.strip().partition("\n\n")[2]
    told = parse_yaml(block).data if block else {}
    if feeds is None:
        assert "feed_aliases" not in (told or {})
        return
    assert told["feed_aliases"] == ["/old.xml", *feeds]
    (site / "site.yaml").write_text(pasted(config, block), encoding="utf-8")
    assert build_site(site).ok
    for feed in feeds:
        feed_xml = read(site, feed.lstrip("/"))  # the Atom feed, with the imported post
        assert "http://www.w3.org/2005/Atom" in feed_xml and "<title>A</title>" in feed_xml
