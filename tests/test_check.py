"""`mlblog check`: the build's diagnostics, with nothing written anywhere."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mlblog.cli import main
from test_broken_input import BROKEN, CASES, snapshot


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, err.splitlines(), out


@pytest.mark.parametrize("case", CASES)
def test_check_reports_what_build_reports(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    shutil.copytree(BROKEN / case, site, symlinks=True)
    (site / "expect.json").unlink()
    before = snapshot(tmp_path)

    code, messages, summary = _run(capsys, "check", "--site", str(site))

    assert snapshot(tmp_path) == before  # no public/, no .mlblog-cache/, nothing touched
    build_code, build_lines, _ = _run(capsys, "build", "--site", str(site))
    assert code == build_code
    assert messages == [line for line in build_lines if not line.startswith("build failed")]
    errors = sum(1 for m in messages if ": warning: " not in m)
    assert summary.startswith(f"checked: {errors} error")


def test_check_strict_fails_on_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    shutil.copytree(BROKEN / "unclosed-code-fence", site)
    (site / "expect.json").unlink()
    assert _run(capsys, "check", "--site", str(site))[0] == 0
    code, messages, summary = _run(capsys, "check", "--site", str(site), "--strict")
    assert code == 1 and "--strict: warnings are errors" in messages
    assert summary == "checked: 0 errors, 1 warning (errors with --strict)\n"  # none to hunt
    # build says the same, not "1 error" (the notice) while check says 0
    code, lines, _ = _run(capsys, "build", "--site", str(site), "--strict")
    assert code == 1
    assert lines[-1] == "build failed: 0 errors, 1 warning (errors with --strict); nothing written"


def test_check_finds_broken_links_between_posts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    (site / "content/posts").mkdir(parents=True)
    (site / "site.yaml").write_text("title: T\nbase_url: https://t.example/\n", "utf-8")
    (site / "content/posts/a.md").write_text(
        "---\ndate: 2024-05-10\n---\nSee [the other one](b.md) and ![plot](plot.png).\n", "utf-8"
    )
    code, messages, _ = _run(capsys, "check", "--site", str(site))
    assert code == 0
    assert len(messages) == 2 and all(
        m.startswith("content/posts/a.md:4: warning: ") for m in messages
    )
    assert not (site / "public").exists() and not (site / ".mlblog-cache").exists()


def test_check_says_links_wait_for_the_posts_to_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With a bad date in one post, the broken link in another went unmentioned and the
    summary read as if the rest were fine; fixing the date then showed new warnings."""
    site = tmp_path / "site"
    (site / "content/posts").mkdir(parents=True)
    (site / "site.yaml").write_text("title: T\nbase_url: https://t.example/\n", "utf-8")
    (site / "content/posts/a.md").write_text("---\ndate: 2024-05-10\n---\n[x](nope.md)\n", "utf-8")
    (site / "content/posts/b.md").write_text("---\ndate: 2024-13-10\n---\nB\n", "utf-8")
    code, messages, summary = _run(capsys, "check", "--site", str(site))
    assert code == 1 and len(messages) == 1 and "invalid date" in messages[0]
    assert summary == (
        "checked: 1 error, 0 warnings; links and images are checked once the posts load "
        "without errors\n"
    )
    (site / "content/posts/b.md").write_text("---\ndate: 2024-12-10\n---\nB\n", "utf-8")
    code, messages, summary = _run(capsys, "check", "--site", str(site))
    assert code == 0 and summary == "checked: 0 errors, 1 warning\n", messages


LINKER = """\
---
title: Linker
date: 2024-01-02
---
## Mine

[md, bad anchor](target.md#no-such-heading) [md, anchor](target.md#existing-heading)
[bad url](/posts/nosuch/) [url](/posts/target-slug/) [no slash](/posts/target-slug)
[url, bad anchor](/posts/target-slug/#nope) [url, anchor](/posts/target-slug/#existing-heading)
[own, bad](#section-zzz) [own](#mine) [written with the base path](/notes/posts/target-slug/)
![bad static](/img/nopic.png) ![static](/img/pic.png)
[bad file](/files/nodoc.pdf) [file](/files/doc.pdf) [feed](/atom.xml) [search](/search/)
[bad tag](/tags/nosuchtag/) [home](/)
<img src="/img/nopic2.png"> <a href="/posts/target-slug/">raw, good</a>
[中文](#不存在) ![图](/img/网络.png)
"""


def test_check_finds_broken_site_paths_images_and_anchors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Links by URL, images under static/ and #anchors: what authors write most."""
    site = tmp_path / "site"
    files = {
        "site.yaml": "title: T\nbase_url: https://me.github.io/notes/\n",
        "static/img/pic.png": "png",
        "static/files/doc.pdf": "pdf",
        "content/posts/target.md": "---\ntitle: Target\nslug: target-slug\ndate: 2024-01-01\n"
        "---\n## Existing Heading\n\nText.\n",
        "content/posts/linker.md": LINKER,
    }
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, "utf-8")
    code, messages, _ = _run(capsys, "check", "--site", str(site))
    assert code == 0
    at = "content/posts/linker.md"
    assert messages == [
        f"{at}:7: warning: link to a missing heading: target.md#no-such-heading",
        f"{at}:8: warning: link to a missing page: /posts/nosuch/",
        f"{at}:9: warning: link to a missing heading: /posts/target-slug/#nope",
        f"{at}:10: warning: link to a missing heading: #section-zzz",
        f"{at}:11: warning: image not found: /img/nopic.png"
        " (a path from the site root is a file in static/: static/img/nopic.png)",
        f"{at}:12: warning: link to a missing page: /files/nodoc.pdf",
        f"{at}:13: warning: link to a missing page: /tags/nosuchtag/",
        f"{at}:14: warning: image not found: /img/nopic2.png"
        " (a path from the site root is a file in static/: static/img/nopic2.png)",
        # as written, not %-encoded
        f"{at}:15: warning: image not found: /img/网络.png"
        " (a path from the site root is a file in static/: static/img/网络.png)",
        f"{at}:15: warning: link to a missing heading: #不存在",
    ]


def test_check_names_menu_links_to_pages_the_site_does_not_make(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A typo, a page deleted while its menu entry stayed, a permalink moved: the menu is
    on every page, so its broken links are everywhere."""
    site = tmp_path / "site"
    files = {
        "site.yaml": "title: T\nbase_url: https://me.github.io/notes/\npermalinks:\n"
        "  category: /cat/:slug/\nmenu:\n  - {name: About, url: /abuot/}\n"
        "  - {name: Categories, url: /cat/}\n  - {name: Tags, url: /tags/}\n"
        "  - {name: Feed, url: /atom.xml}\n  - {name: GitHub, url: https://github.com/}\n"
        "  - {name: Mail, url: 'mailto:me@x.org'}\n  - {name: Top, url: '#top'}\n"
        "  - {name: Call, url: 'tel:+8610123'}\n"
        "  - {name: Archives, url: archives/}\n  - {name: Old, url: old/}\n"
        "  - name: Notes\n    url: /notse/\n",
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\ncategories: [x]\n---\nx\n",
        "content/pages/about.md": "---\ntitle: About\n---\nme\n",
    }
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, "utf-8")
    code, messages, _ = _run(capsys, "check", "--site", str(site))
    assert code == 0
    assert messages == [
        'site.yaml:6: warning: menu "About" links to /abuot/, where the site has no page',
        'site.yaml:7: warning: menu "Categories" links to /cat/, where the site has no page',
        # without its first "/", placed under base_url's path all the same
        'site.yaml:15: warning: menu "Old" links to old/, where the site has no page',
        # the item's `url:` line, which is what to change
        'site.yaml:17: warning: menu "Notes" links to /notse/, where the site has no page',
    ]
