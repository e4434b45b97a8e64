"""`mlblog import obsidian VAULT`: a vault's notes become posts whose wiki links, embeds and
tags still work after a build; the vault is only read."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser import serve_built
from conftest import SiteFactory, build_site, read, write_files
from mlblog.cli import main
from mlblog.importers.obsidian_text import inline_tags
from mlblog.render.soft_breaks import BREAK
from notebooks import png_bytes
from test_import import hashes, line_of

VAULT = Path(__file__).parent / "fixtures" / "import" / "obsidian"
ATTENTION = "机器学习/Attention 机制.md"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, list[str]]:
    code = main(["import", "obsidian", *args])
    captured = capsys.readouterr()
    return code, captured.out.strip(), captured.err.splitlines()


def test_a_vault_is_imported_and_built_with_links_images_and_tags(
    make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site()
    before = hashes(VAULT)  # .obsidian/ included: nothing in the vault is modified
    code, out, err = run(capsys, str(VAULT), "--site", str(site))
    assert hashes(VAULT) == before
    assert code == 0, err

    into = site / "content/posts"
    assert out == f"imported 2 posts into {into}: 3 files copied, 4 constructs left unconverted"
    note = (VAULT / ATTENTION).as_posix()
    transformer_note = VAULT / "Transformer Notes.md"
    assert err == [
        f"{VAULT.as_posix()}/Drawing 2024.excalidraw.md: warning: an Excalidraw drawing is "
        "not imported: export it as SVG or PNG, embed that",
        f"{transformer_note.as_posix()}:{line_of(transformer_note, '#^scores')}: warning: link "
        "to block ^scores of Attention 机制 made a link to the note: mlblog has no block ids",
        f"{note}:{line_of(VAULT / ATTENTION, '```dataview')}: warning: ```dataview block kept "
        "as code: the Dataview plugin runs it in Obsidian",
        f"{note}:{line_of(VAULT / ATTENTION, '![[Transformer Notes]]')}: warning: embedded "
        "note ![[Transformer Notes]] made a link to it: mlblog does not embed notes",
        f"{note}:{line_of(VAULT / ATTENTION, '%%')}: warning: comment %% 私人备注：还没写完 %% "
        "left out: Obsidian shows it to no reader either",
    ]
    # Each note keeps its folder and its name, which is what [[Name]] finds it by; the
    # template, the trash and the drawing stay out.
    assert sorted(p.relative_to(into).as_posix() for p in into.rglob("index.md")) == [
        "Transformer Notes/index.md",
        "机器学习/Attention 机制/index.md",
    ]

    result = build_site(site)
    assert result.ok, result.report.items
    assert result.report.warnings == []  # every link found its note, every image its file
    attention = read(site, "posts/attention-机制/index.html")
    assert '<a href="/posts/transformer-notes/">Transformer Notes</a>' in attention
    assert '<a href="/posts/transformer-notes/#encoder">the encoder</a>' in attention
    assert (
        '<img src="/posts/attention-%E6%9C%BA%E5%88%B6/attention%20map.png" '
        'alt="attention map.png" width="300" />'
    ) in attention
    assert (site / "public/posts/attention-机制/attention map.png").is_file()
    pdf = "/posts/attention-%E6%9C%BA%E5%88%B6/Attention%20Is%20All%20You%20Need.pdf"
    assert f'<a href="{pdf}">Attention Is All You Need.pdf</a>' in attention
    assert (site / "public/posts/attention-机制/Attention Is All You Need.pdf").is_file()
    assert "私人备注" not in attention  # an Obsidian comment is for the author only
    assert "^scores" not in attention  # a block's id, which Obsidian does not show
    transformer = read(site, "posts/transformer-notes/index.html")
    # [[注意力]] named the note by one of its aliases, which Obsidian follows
    assert '<a href="/posts/attention-%E6%9C%BA%E5%88%B6/">注意力</a>' in transformer
    assert '<a href="/posts/attention-%E6%9C%BA%E5%88%B6/">the attention note</a>' in transformer
    # a Markdown link to the note's file, and a link to a block of it, lead to the note
    assert '<a href="/posts/attention-%E6%9C%BA%E5%88%B6/">its scores</a>' in transformer
    assert '<a href="/posts/attention-%E6%9C%BA%E5%88%B6/">how they are made</a>' in transformer
    assert 'src="/posts/transformer-notes/attachments/encoder%20stack.png"' in transformer
    # Tags from front matter (with or without #) and from the text, nested ones too; no
    # tag from code, math, a URL's #anchor, an issue number or the template.
    tags = sorted(p.name for p in (site / "public/tags").iterdir() if p.is_dir())
    assert tags == ["ml", "ml-transformers", "nlp", "transformer", "深度学习"]
    assert "2024-03-01" in attention and "2024-03-05" in transformer  # created, date created


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("#ml and #深度学习。", ["ml", "深度学习"]),
        ("nested #ml/transformers/ too", ["ml/transformers"]),
        ("# Heading\n## Another", []),
        ("#Heading-less line start", ["Heading-less"]),
        ("issue #1 and #2024 are numbers, #v2 is a tag", ["v2"]),
        ("page#anchor, [[Note#Part]], [x](#top), &#123;", []),
        ("`#code` and $a \\# b$ and\n```\n#fenced\n```\n<!-- #html -->\n%% #hidden %%", []),
        # code in a callout (a quote): its fence follows the `>`
        ("> [!example]\n> ~~~c\n> #include <stdio.h>\n> ~~~\n> after #kept", ["kept"]),
        ("> ~~~\n> #quoted\n\n#after the quote ended the block", ["after"]),
    ],
)
def test_inline_tags_are_what_obsidian_counts_as_tags(text: str, tags: list[str]) -> None:
    assert inline_tags(text) == tags


def test_a_second_import_overwrites_nothing(
    make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site()
    assert run(capsys, str(VAULT), "--site", str(site))[0] == 0
    edited = site / "content/posts/Transformer Notes/index.md"
    edited.write_text("my edit\n", encoding="utf-8")
    code, out, err = run(capsys, str(VAULT), "--site", str(site))
    assert code == 0
    assert edited.read_text(encoding="utf-8") == "my edit\n"
    assert out.endswith("0 files copied, 0 constructs left unconverted, 2 posts skipped")
    assert sum("already exists" in line for line in err) == 2


def test_only_notes_marked_publish_are_taken_when_any_note_is(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "vault"
    write_files(vault, {
        "Public.md": "---\npublish: true\ndate: 2024-01-02\n---\nLinks [[Private]].\n",
        "Private.md": "---\ndate: 2024-01-03\n---\nMy diary.\n",
        "Unsaid.md": "---\npublish: false\ndate: 2024-01-04\n---\nNot yet.\n",
    })  # fmt: skip
    site = make_site()
    code, out, err = run(capsys, str(vault), "--site", str(site))
    assert code == 0
    assert out.startswith("imported 1 post into")
    assert [p.name for p in (site / "content/posts").iterdir()] == ["Public"]
    assert err == [
        f"{vault.as_posix()}: warning: only 1 note is imported, of 3: those with `publish: "
        "true`, as a note says `publish:` (Obsidian Publish and Quartz read it so)",
        f"{vault.as_posix()}/Public.md:5: warning: [[Private]] names no imported note (one not "
        "published, a template, or none): the page shows it as text",
    ]


def test_folder_takes_one_folder_of_the_vault(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "vault"
    write_files(vault, {
        "Blog/2024/First post.md": "---\ndate: 2024-01-02\n---\n![[chart.png]] ![](chart.png)\n",
        "Journal/Today.md": "---\ndate: 2024-01-03\n---\nPrivate.\n",
        "Assets/chart.png": png_bytes(3, 2),
    })  # fmt: skip
    site = make_site()
    code, out, err = run(capsys, str(vault), "--site", str(site), "--folder", "Blog")
    assert (code, err) == (0, [])
    assert out.endswith(": 1 file copied, 0 constructs left unconverted")
    index = site / "content/posts/2024/First post/index.md"
    assert (index.parent / "chart.png").is_file()  # found by name anywhere in the vault, for
    assert build_site(site).ok  # the wiki embed and the Markdown image ("shortest path" links)
    page = read(site, "posts/first-post/index.html")
    assert page.count('<img src="/posts/first-post/chart.png"') == 2
    assert not (site / "content/posts/Today").exists()
    assert build_site(site).ok
    assert main(["import", "hexo", str(vault), "--site", str(site), "--folder", "Blog"]) == 1
    assert "--folder: only an Obsidian vault is taken by folder" in capsys.readouterr().err


def test_dates_from_git_from_a_daily_notes_name_or_else_said(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "vault"
    write_files(vault, {
        "Committed.md": "Written in March.\n",
        "Daily/2024-05-06.md": "A day.\n",
        "Loose.md": "---\ncreated: the day after\n---\nNever committed.\n",
    })  # fmt: skip
    env = {**os.environ, "GIT_AUTHOR_DATE": "2024-03-07T08:09:10+08:00",
           "GIT_COMMITTER_DATE": "2024-03-07T08:09:10+08:00"}  # fmt: skip
    git = ["git", "-C", str(vault), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "Committed.md"], check=True)
    subprocess.run([*git, "commit", "-qm", "first"], check=True, env=env)
    os.utime(vault / "Loose.md", (1_700_000_000, 1_700_000_000))
    site = make_site()
    code, _, err = run(capsys, str(vault), "--site", str(site))
    assert code == 0
    posts = site / "content/posts"
    assert "date: 2024-03-07 08:09:10 +0800\n" in (posts / "Committed/index.md").read_text("utf-8")
    assert "date: 2024-05-06\n" in (posts / "Daily/2024-05-06/index.md").read_text("utf-8")
    assert err == [
        f"{vault.as_posix()}/Loose.md:1: warning: no date; using the file's modified time "
        "2023-11-14 22:13:20",
        f"{vault.as_posix()}/Loose.md:2: warning: created: 'the day after' is no date mlblog "
        "reads; not used",
    ]


def test_notes_of_one_name_in_two_folders_keep_apart(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "vault"
    write_files(vault, {
        "2023/Summary.md": "---\ndate: 2023-12-31\n---\nLast year.\n",
        "2024/Summary.md": "---\ndate: 2024-12-31\n---\nSee [[2023/Summary]].\n",
    })  # fmt: skip
    site = make_site()
    code, _, err = run(capsys, str(vault), "--site", str(site))
    assert code == 0
    assert err == [
        f"{vault.as_posix()}/2024/Summary.md: warning: its address ends in summary-2/: "
        "2023/Summary.md has summary/"
    ]
    result = build_site(site)
    assert result.ok and result.report.warnings == []
    assert '<a href="/posts/summary/">2023/Summary</a>' in read(site, "posts/summary-2/index.html")


def test_what_only_obsidian_shows_is_listed_and_the_build_stays_quiet(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "vault"
    write_files(vault, {
        "Plan.md": (
            "---\ndate: 2024-01-02\n---\n"
            "Done: `= this.done` of `$= dv.pages().length`.\n"  # 4
            "\n```tasks\nnot done\n```\n"  # 6
            "\n![[Sketch.excalidraw]]\n"  # 10
            "\nSee [[#^goal|the goal]] and ![[Other#^list]].\n"  # 12
            "\nShip it. ^goal\n"
        ),
        "Other.md": "---\ndate: 2024-01-01\n---\n- a\n- b\n\n^list\n",
    })  # fmt: skip
    site = make_site()
    code, out, err = run(capsys, str(vault), "--site", str(site))
    assert code == 0
    plan = (vault / "Plan.md").as_posix()
    assert err == [
        f"{plan}:4: warning: inline Dataview query `$= dv.pages().length` kept as code text",
        f"{plan}:4: warning: inline Dataview query `= this.done` kept as code text",
        f"{plan}:6: warning: ```tasks block kept as code: the Tasks plugin runs it in Obsidian",
        f"{plan}:10: warning: drawing ![[Sketch.excalidraw]] kept as code text: mlblog cannot "
        "draw it; export it from Obsidian as SVG or PNG and embed that",
        f"{plan}:12: warning: embedded block ^list of Other made a link to the note: mlblog has "
        "no block ids",
        f"{plan}:12: warning: link to block ^goal of this note kept as its text: mlblog has no "
        "block ids",
    ]
    assert out.endswith(": 0 files copied, 6 constructs left unconverted")
    result = build_site(site)
    assert result.ok and result.report.warnings == []
    page = read(site, "posts/plan/index.html").replace(BREAK, "")  # as shown (no text)
    assert "<code>= this.done</code>" in page and "<code>![[Sketch.excalidraw]]</code>" in page
    assert 'See the goal and <a href="/posts/other/">Other</a>.' in page
    assert "^goal" not in page and "^list" not in read(site, "posts/other/index.html")


def test_a_note_opening_with_its_name_as_a_heading_shows_it_once(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "vault"
    write_files(vault, {
        "Layer Norm.md": "---\ndate: 2024-01-02\n---\n# Layer Norm\n\nNormalizes each row.\n",
        "Batch Norm.md": "---\ndate: 2024-01-03\n---\n# Why it helps\n\nAcross the batch.\n",
    })  # fmt: skip
    site = make_site()
    assert run(capsys, str(vault), "--site", str(site))[0] == 0
    assert build_site(site).ok
    layer = read(site, "posts/layer-norm/index.html")
    assert len(re.findall(r"<h[12][^>]*>Layer Norm</h[12]>", layer)) == 1
    batch = read(site, "posts/batch-norm/index.html")  # the name is the title, the heading stays
    assert re.search(r"<h1[^>]*>Batch Norm</h1>", batch)
    assert re.search(r"<h1[^>]*>Why it helps", batch)


def test_a_folder_note_beside_its_folder_is_a_post_of_its_own(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ML.md` beside `ML/` (the folder-note habit) would be ML/index.md, which makes the
    notes in ML/ files of that post: they vanished from the site."""
    vault = tmp_path / "vault"
    write_files(vault, {
        "ML.md": "---\ndate: 2024-01-01\n---\nStart with [[Attention]].\n",
        "ML/Attention.md": "---\ndate: 2024-01-02\n---\nBack to [[ML]].\n",
    })  # fmt: skip
    site = make_site()
    assert run(capsys, str(vault), "--site", str(site))[0] == 0
    result = build_site(site)
    assert result.ok and result.report.warnings == []
    assert result.posts == 2
    assert '<a href="/posts/attention/">Attention</a>' in read(site, "posts/ml/index.html")
    assert '<a href="/posts/ml/">ML</a>' in read(site, "posts/attention/index.html")


def test_notes_under_obsidians_excluded_files_are_left_out_and_counted(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Settings → Files and links → Excluded files (`userIgnoreFilters`): a folder, a note's
    path, or a /pattern/; those notes were published with the rest."""
    vault = tmp_path / "vault"
    filters = '["Private/", "drafts/wip.md", "/\\\\.draft\\\\.md$/", "/([/"]'
    write_files(vault, {
        ".obsidian/app.json": f'{{"userIgnoreFilters": {filters}}}',
        "Public.md": "---\ndate: 2024-01-02\n---\nShown.\n",
        "Private/Diary.md": "---\ndate: 2024-01-03\n---\nMine.\n",
        "Private/Deep/Plans.md": "---\ndate: 2024-01-03\n---\nMine too.\n",
        "drafts/wip.md": "---\ndate: 2024-01-04\n---\nNot yet.\n",
        "drafts/ready.md": "---\ndate: 2024-01-05\n---\nReady.\n",
        "Idea.draft.md": "---\ndate: 2024-01-06\n---\nRough.\n",
    })  # fmt: skip
    site = make_site()
    code, out, err = run(capsys, str(vault), "--site", str(site))
    assert code == 0
    assert out.endswith(
        ": 0 files copied, 0 constructs left unconverted, 4 notes left out as Excluded files "
        "in Obsidian (Private/, drafts/wip.md, /\\.draft\\.md$/)"
    )
    assert len(err) == 1 and err[0].startswith(
        f"{vault.as_posix()}/.obsidian/app.json: warning: userIgnoreFilters: /([/ is no pattern"
    )
    into = site / "content/posts"
    assert sorted(p.parent.relative_to(into).as_posix() for p in into.rglob("index.md")) == [
        "Public",
        "drafts/ready",
    ]


@pytest.mark.parametrize("app", ["{not json", '{"userIgnoreFilters": "Private/"}'])
def test_an_unreadable_app_json_is_said_and_the_import_goes_on(
    app: str, tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "vault"
    write_files(vault, {".obsidian/app.json": app, "Private/Note.md": "Mine.\n"})
    site = make_site()
    code, out, err = run(capsys, str(vault), "--site", str(site))
    assert code == 0 and out.startswith("imported 1 post into")
    assert err[0].startswith(f"{vault.as_posix()}/.obsidian/app.json: warning: ")
    assert "notes under" in err[0] and "are imported too" in err[0]


def test_admonition_plugin_blocks_become_the_same_boxes_as_callouts(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """```` ```ad-tip ```` (the Admonition plugin) showed as a code block of its source."""
    vault = tmp_path / "vault"
    write_files(vault, {
        "Notes.md": (
            "---\ndate: 2024-01-02\n---\n"
            "```ad-tip\ntitle: Warm up the **learning rate**\nUse 1k steps. #training\n```\n\n"
            "````ad-warning\ncollapse: closed\nicon: alert\ncolor: 200, 0, 0\n"
            "Outer text.\n\n```ad-recipe\nInner [[Other]].\n```\n\n"
            "```c\n#include <stdio.h>\n\n#define N 4\n```\n````\n\n"
            "~~~ad-note\ncollapse: open\nOpen by default.\n~~~\n\n"
            "````markdown\n```ad-tip\nshown as written\n```\n````\n"
        ),
        "Other.md": "---\ndate: 2024-01-01\n---\nHere.\n",
    })  # fmt: skip
    site = make_site()
    code, out, err = run(capsys, str(vault), "--site", str(site))
    assert (code, err) == (0, [])
    assert out.endswith(": 0 files copied, 0 constructs left unconverted")
    result = build_site(site)
    assert result.ok and result.report.warnings == []
    page = read(site, "posts/notes/index.html").replace(BREAK, "")
    page = page[page.index('<div class="post-body"') :]
    assert (  # (the site's language is Chinese: 提示 is "tip")
        '<div class="admonition tip">\n<p class="admonition-title"><span class="visually-hidden">'
        "提示: </span>Warm up the <strong>learning rate</strong></p>\n<p>Use 1k steps."
    ) in page
    # collapse: closed folds; an unknown kind is a note box named by its own word; nested
    # blocks (the outer fence longer) and code inside stay so
    warning_box = page.index('<details class="admonition warning">\n<summary class="admo')
    recipe = page.index('<div class="admonition note">\n<p class="admonition-title">Recipe</p>')
    assert warning_box < page.index("Outer text.") < recipe < page.index("</details>")
    assert '<a href="/posts/other/">Other</a>' in page[recipe:]
    assert 'data-lang="c"' in page[recipe:] and "icon:" not in page and "color:" not in page
    assert '<details class="admonition note" open>\n<summary class="admonition-title">备注' in page
    assert "Open by default." in page
    imported = (site / "content/posts/Notes/index.md").read_text(encoding="utf-8")
    assert "````markdown\n```ad-tip\nshown as written\n```\n````" in imported  # code stays
    assert sorted(p.name for p in (site / "public/tags").iterdir() if p.is_dir()) == ["training"]


def test_an_admonition_plugin_block_in_a_quote_or_callout_becomes_a_box_there(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """`> ```ad-tip` (a block quoted, or in a callout) stayed a code block of its source."""
    vault = tmp_path / "vault"
    write_files(vault, {
        "Quoted.md": (
            "---\ndate: 2024-01-02\n---\n"
            "> Before.\n> ```ad-tip\n> title: Warm up\n> Use 1k steps.\n>\n> Then decay.\n"
            "> ```\n> After.\n\n"
            "> [!note] Outer\n> ```ad-warning\n> collapse: closed\n> Inner [[Other]].\n> ```\n\n"
            "> ```python\n> ```ad-tip\n> shown as written\n> ```\n"
        ),
        "Other.md": "---\ndate: 2024-01-01\n---\nHere.\n",
    })  # fmt: skip
    site = make_site()
    code, out, err = run(capsys, str(vault), "--site", str(site))
    assert (code, err) == (0, [])
    assert out.endswith(": 0 files copied, 0 constructs left unconverted")
    result = build_site(site)
    assert result.ok and result.report.warnings == []
    page = read(site, "posts/quoted/index.html").replace(BREAK, "")
    page = page[page.index('<div class="post-body"') : page.index('<nav class="post-nav"')]
    quote = page.index("<blockquote>\n<p>Before.</p>")
    tip = page.index('<div class="admonition tip">\n<p class="admonition-title"><span class=')
    assert quote < tip < page.index("Warm up</p>\n<p>Use 1k steps.</p>\n<p>Then decay.</p>")
    assert page.index("</div>\n<p>After.</p>\n</blockquote>") > tip
    outer = page.index('<div class="admonition note">\n<p class="admonition-title"><span')
    inner = page.index('<details class="admonition warning">\n<summary class="admonition-title">')
    assert outer < page.index("Outer</p>") < inner < page.index('<a href="/posts/other/">Other')
    assert "ad-warning" not in page and 'data-lang="python"' in page
    imported = (site / "content/posts/Quoted/index.md").read_text(encoding="utf-8")
    assert "> ```python\n> ```ad-tip\n> shown as written\n> ```\n" in imported  # code stays


def test_an_embed_sized_width_by_height_is_shown_at_that_size(
    browser: Browser, tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """`![[map.png|300x200]]`: the page had both attributes but the theme's `height: auto`
    drew it 300 wide in the file's own proportion (300×100 here); Obsidian shows 300×200."""
    vault = tmp_path / "vault"
    write_files(vault, {
        "Maps.md": "---\ndate: 2024-01-02\n---\n![[map.png|300x200]]\n\n![[map.png|150]]\n",
        "map.png": png_bytes(30, 10),
    })  # fmt: skip
    site = make_site()
    assert run(capsys, str(vault), "--site", str(site))[0] == 0
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    try:
        with serve_built(site, "https://t.example/") as url:
            page.goto(url + "posts/maps/")
            sizes = page.eval_on_selector_all(
                ".post-body img", "images => images.map(i => [i.width, i.height])"
            )
            assert sizes == [[300, 200], [150, 50]]  # |150 alone keeps the proportion
            page.set_viewport_size({"width": 200, "height": 800})  # narrower than 300
            width, height = page.eval_on_selector(".post-body img", "i => [i.width, i.height]")
            assert width < 300 and abs(width / height - 1.5) < 0.02  # shrinks, still 3:2
    finally:
        page.close()
