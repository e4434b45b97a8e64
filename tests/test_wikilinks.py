"""Wiki links and embeds from Obsidian, Logseq, Foam and Dendron: notes published with
mlblog showed `[[Note]]` as text, and `![[attention.png]]` images were missing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import SiteFactory, build_site, read
from mlblog.cli import main
from notebooks import png_bytes


def post(title: str, body: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: 2024-01-01\n{extra}---\n{body}"


def paragraph(html: str, start: str) -> str:
    found = re.search(f"<p>{re.escape(start)}.*?</p>", html, re.S)
    assert found is not None, html
    return found[0]


def warnings_of(site: Path) -> list[str]:
    result = build_site(site)
    assert result.ok
    return [str(w) for w in result.report.sorted()]


def test_wiki_links_go_to_notes_by_file_name(make_site: SiteFactory) -> None:
    body = (
        "Read [[LoRA Notes]], [[lora notes|the LoRA note]], [[LoRA Notes#Why Low Rank]],\n"
        "[[LoRA Notes#Why Low Rank|why]], [[kv-cache]], [[About]] and [[#Setup]].\n"
        "\n## Setup\n"
    )
    site = make_site({
        "content/posts/a.md": post("A", body),
        "content/posts/LoRA Notes.md": post("Low-rank adaptation", "## Why Low Rank\n\nx\n"),
        "content/posts/kv-cache/index.md": post("KV cache", "x\n"),  # a bundle: its folder
        "content/pages/about.md": post("About me", "x\n"),
    })  # fmt: skip
    assert warnings_of(site) == []
    shown = paragraph(read(site, "posts/a/index.html"), "Read")
    assert shown == (
        '<p>Read <a href="/posts/lora-notes/">LoRA Notes</a>, '
        '<a href="/posts/lora-notes/">the LoRA note</a>, '
        '<a href="/posts/lora-notes/#why-low-rank">LoRA Notes &gt; Why Low Rank</a>,\n'
        '<a href="/posts/lora-notes/#why-low-rank">why</a>, '
        '<a href="/posts/kv-cache/">kv-cache</a>, <a href="/about/">About</a> and '
        '<a href="#setup">Setup</a>.</p>'
    )


def test_a_markdown_link_to_a_draft_says_the_build_leaves_it_out(make_site: SiteFactory) -> None:
    """`[x](draft.md)` was "a missing post", though the file is there: the author looks for
    a typo that is not."""
    body = "intro\n\nSee [the plan](plan.md), [notes](notes/index.md) and [gone](gone.md).\n"
    site = make_site({
        "content/posts/a.md": post("A", body),
        "content/posts/plan.md": post("Plan", "x\n", "draft: true\n"),
        "content/posts/notes/index.md": post("Notes", "x\n", "draft: true\n"),
    })  # fmt: skip
    why = "a draft (draft: true); skipped (build with --drafts to include it)"
    gone = "content/posts/a.md:7: warning: link to a missing post: gone.md"
    assert sorted(warnings_of(site)) == [
        gone,
        f"content/posts/a.md:7: warning: link to a post this build leaves out: notes/index.md "
        f"(content/posts/notes/index.md: {why})",
        f"content/posts/a.md:7: warning: link to a post this build leaves out: plan.md "
        f"(content/posts/plan.md: {why})",
    ]
    built = build_site(site, drafts=True)  # the drafts are built: only the lost link is left
    assert [str(w) for w in built.report.warnings] == [gone]


def test_links_to_missing_and_draft_notes_are_warned_and_shown_as_text(
    make_site: SiteFactory,
) -> None:
    body = "intro\n\nSee [[Draft idea]] and\n[[Nowhere|a lost note]].\n"
    site = make_site({
        "content/posts/a.md": post("A", body),
        "content/posts/Draft idea.md": post("Draft", "x\n", "draft: true\n"),
    })  # fmt: skip
    assert warnings_of(site) == [
        "content/posts/a.md:7: warning: link to a note this build leaves out: [[Draft idea]] "
        "(content/posts/Draft idea.md: a draft (draft: true); skipped (build with --drafts to "
        "include it))",
        "content/posts/a.md:8: warning: link to a missing note: [[Nowhere]] (no note has that "
        "file name); it is shown as text",
    ]
    assert paragraph(read(site, "posts/a/index.html"), "See") == (
        "<p>See Draft idea and\na lost note.</p>"
    )
    result = build_site(site, drafts=True)  # the draft is built: the link is made
    assert [str(w) for w in result.report.sorted()] == [
        "content/posts/a.md:8: warning: link to a missing note: [[Nowhere]] (no note has that "
        "file name); it is shown as text",
    ]
    assert paragraph(read(site, "posts/a/index.html"), "See") == (
        '<p>See <a href="/posts/draft-idea/">Draft idea</a> and\na lost note.</p>'
    )


def test_wiki_link_to_a_missing_heading_is_warned(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": post("A", "[[b#Results]] [[b#No such part]]\n"),
        "content/posts/b.md": post("B", "## Results\n"),
    })  # fmt: skip
    assert warnings_of(site) == [
        "content/posts/a.md:5: warning: link to a missing heading: [[b#No such part]]"
    ]


def test_two_notes_of_one_name_are_told_apart_by_folder(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": post("A", "[[2023/summary]] [[2024/Summary]] [[summary]]\n"),
        "content/posts/2023/summary.md": post("S23", "x\n", "slug: s23\n"),
        "content/posts/2024/summary.md": post("S24", "x\n", "slug: s24\n"),
    })  # fmt: skip
    assert warnings_of(site) == [
        "content/posts/a.md:5: warning: [[summary]] fits 2 notes (content/posts/2023/summary.md,"
        " content/posts/2024/summary.md); it links to content/posts/2023/summary.md (write the "
        "name with its folder, as [[folder/name]], to choose)"
    ]
    assert paragraph(read(site, "posts/a/index.html"), "") == (
        '<p><a href="/posts/s23/">2023/summary</a> <a href="/posts/s24/">2024/Summary</a> '
        '<a href="/posts/s23/">summary</a></p>'
    )


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("`[[Note]]` and $[[a]]_x$", "<code>[[Note]]</code>"),
        ("[see [[Note]]](https://example.com)", '<a href="https://example.com">see [[Note]]</a>'),
        ("```\nx = [[1, 2]]\n```", "x = [[1, 2]]"),
    ],
)
def test_wiki_links_are_not_made_in_code_math_or_links(
    make_site: SiteFactory, source: str, html: str
) -> None:
    note = post("N", "x\n")
    site = make_site(
        {"content/posts/a.md": post("A", source + "\n"), "content/pages/note.md": note}
    )
    assert warnings_of(site) == []
    page = read(site, "posts/a/index.html")
    assert html in page and 'href="/note/"' not in page


def test_wiki_link_in_a_table_cell(make_site: SiteFactory) -> None:
    table = "| model | notes |\n|---|---|\n| LoRA | [[note\\|read]] |\n"
    site = make_site(
        {"content/posts/a.md": post("A", table), "content/posts/note.md": post("N", "x\n")}
    )
    assert warnings_of(site) == []
    assert '<td><a href="/posts/note/">read</a></td>' in read(site, "posts/a/index.html")


def test_embedded_images_are_found_by_name_and_published(make_site: SiteFactory) -> None:
    body = (
        "![[attention.png]] ![[attention.png|300]] ![[beside.png|Loss curve]]\n"
        "![[logo.png]] ![[missing.png]] ![[beside.png|Loss | curve|200x100]]\n"
    )
    site = make_site({
        "content/posts/a.md": post("A", body),
        "content/posts/beside.png": png_bytes(10, 5),
        "content/attachments/attention.png": png_bytes(40, 20),  # Obsidian's attachment folder
        "content/.obsidian/logo.png": png_bytes(1, 1),  # the vault's settings: never looked in
        "static/img/logo.png": png_bytes(8, 4),
        "content/posts/kv/index.md": post("KV", "![[fig.png]]\n"),
        "content/posts/kv/images/fig.png": png_bytes(6, 3),
    })  # fmt: skip
    assert warnings_of(site) == ["content/posts/a.md:6: warning: image not found: ![[missing.png]]"]
    images = re.findall(r"<img [^>]*>", read(site, "posts/a/index.html"))
    assert images == [
        '<img src="/posts/a/attention.png" width="40" height="20" alt="attention.png" />',
        '<img src="/posts/a/attention.png" alt="attention.png" width="300" />',
        '<img src="/posts/a/beside.png" width="10" height="5" alt="Loss curve" />',
        '<img src="/img/logo.png" width="8" height="4" alt="logo.png" />',
        '<img src="missing.png" alt="missing.png" />',
        '<img src="/posts/a/beside.png" alt="Loss | curve" width="200" height="100" '
        'style="aspect-ratio: 200 / 100" />',  # (the theme's height: auto ignores height=)
    ]
    assert (site / "public/posts/a/attention.png").read_bytes() == png_bytes(40, 20)
    assert (site / "public/posts/a/beside.png").exists()
    assert '<img src="/posts/kv/images/fig.png" width="6" height="3"' in read(
        site, "posts/kv/index.html"
    )


def test_an_embedded_image_in_a_linked_folder_is_found(make_site: SiteFactory) -> None:
    """A vault's attachments linked into content/ (the build follows symlinks inside the
    site once): the name search listed content/ without following them, and the image
    was "not found"."""
    site = make_site({
        "content/posts/a.md": post("A", "![[plot.png]]\n"),
        "vault/files/plot.png": png_bytes(12, 6),
    })  # fmt: skip
    (site / "content/attachments").symlink_to("../vault/files")
    assert warnings_of(site) == []
    assert '<img src="/posts/a/plot.png" width="12" height="6"' in read(site, "posts/a/index.html")


def test_embedding_a_note_links_to_it_with_a_warning(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": post("A", "![[b]]\n"),
        "content/posts/b.md": post("B", "x\n"),
    })  # fmt: skip
    assert warnings_of(site) == [
        "content/posts/a.md:5: warning: embedding a note (![[b]]) is not supported; it is "
        "shown as a link to the note"
    ]
    assert '<p><a href="/posts/b/">b</a></p>' in read(site, "posts/a/index.html")


def test_excerpt_and_search_read_wiki_links_as_their_text(make_site: SiteFactory) -> None:
    body = "Adapters: [[LoRA Notes|low-rank updates]] and [[LoRA Notes]] ![[plot.png]].\n"
    site = make_site({
        "content/posts/a.md": post("Adapters", body),
        "content/posts/LoRA Notes.md": post("L", "x\n"),
        "content/posts/plot.png": png_bytes(),
    })  # fmt: skip
    assert warnings_of(site) == []
    shown = "Adapters: low-rank updates and LoRA Notes ."
    assert f">{shown}<" in read(site, "index.html")
    docs = json.loads(read(site, "search.json"))["docs"]
    assert [d["e"] for d in docs if d["u"] == "/posts/a/"] == [shown]


def test_check_reports_broken_wiki_links(
    make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({"content/posts/a.md": post("A", "[[Gone]] ![[gone.png]]\n")})
    assert main(["check", "--site", str(site)]) == 0
    messages = capsys.readouterr().err.splitlines()
    assert sorted(messages)[:2] == [
        "content/posts/a.md:5: warning: image not found: ![[gone.png]]",
        "content/posts/a.md:5: warning: link to a missing note: [[Gone]] (no note has that "
        "file name); it is shown as text",
    ]


def test_a_cached_post_follows_its_wiki_links_targets(make_site: SiteFactory) -> None:
    """The linking post is not rendered again (its render is cached), yet its link
    follows the note it names as that note comes, moves and goes."""
    site = make_site({"content/posts/a.md": post("A", "See [[LoRA]].\n")})
    assert len(warnings_of(site)) == 1
    assert "<p>See LoRA.</p>" in read(site, "posts/a/index.html")
    (site / "content/posts/LoRA.md").write_text(post("L", "x\n"), "utf-8")
    result = build_site(site)
    assert result.ok and result.report.warnings == []
    assert result.rendered == 1  # the new note; a.md came from the cache
    assert '<p>See <a href="/posts/lora/">LoRA</a>.</p>' in read(site, "posts/a/index.html")
    (site / "content/posts/LoRA.md").rename(site / "content/posts/lora-adapters.md")
    (site / "content/posts/deep").mkdir()
    (site / "content/posts/deep/lora.md").write_text(post("L", "x\n", "slug: moved\n"), "utf-8")
    result = build_site(site)
    assert result.ok and result.rendered == 0  # (the moved note's text is cached too)
    assert '<p>See <a href="/posts/moved/">LoRA</a>.</p>' in read(site, "posts/a/index.html")


def test_the_readme_examples_build_as_it_says(make_site: SiteFactory) -> None:
    """Every wiki link and embed the README's paragraph shows, in one post of a site with
    the notes and files it names: linked or shown, and only the warning it promises."""
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    start = readme.index("Notes from Obsidian")
    said = readme[start : readme.index("\n\n", start)]
    examples = re.findall(r"`(!?\[\[[^`]*\]\])`", said)
    assert len(examples) == 12
    site = make_site({
        "content/posts/a.md": post("A", "\n\n".join(examples) + "\n\n## Setup\n"),
        "content/posts/LoRA Notes/index.md": post("LoRA", "## Why low rank\n"),
        "content/posts/2024/summary.md": post("Summary", "x\n"),
        "content/posts/Other note.md": post("Other", "x\n"),
        "content/posts/ml___attention.md": post("Logseq's ml/attention", "x\n"),
        "content/posts/a.b.c.md": post("Dendron's a.b.c", "x\n"),
        "content/attachments/attention.png": png_bytes(30, 10),
        "content/attachments/paper.pdf": b"%PDF-1.4\n",
    })  # fmt: skip
    assert warnings_of(site) == [
        "content/posts/a.md:27: warning: embedding a note (![[Other note]]) is not supported; "
        "it is shown as a link to the note"
    ]
    article = read(site, "posts/a/index.html")
    assert "[[" not in article
    assert article.count('href="/posts/lora-notes/') == 3
    assert '<a href="/posts/a/paper.pdf">paper.pdf</a>' in article
    assert '<a href="/posts/lora-notes/#why-low-rank">' in article
    assert '<p><a href="/posts/ml-attention/">ml/attention</a></p>' in article
    assert '<p><a href="/posts/a-b-c/">label</a></p>' in article
    assert '<img src="/posts/a/attention.png" alt="attention.png" width="300" />' in article
    assert '<img src="/posts/a/attention.png" width="30" height="10" alt="Attention map" />' in (
        article
    )


def test_chinese_relative_and_decomposed_names(make_site: SiteFactory) -> None:
    body = (
        "见 [[注意力机制#为什么除以 √d]]、[[../pages/关于]] 和 [[Café]]。\n\n"
        "![[Pasted image 20240101123456.png]]\n"
    )
    site = make_site({
        "content/posts/a.md": post("A", body),
        "content/posts/注意力机制.md": post("注意力", "## 为什么除以 √d\n", "slug: attention\n"),
        "content/pages/关于.md": post("关于", "x\n", "slug: about\n"),
        "content/posts/Cafe\u0301.md": post("Café", "x\n", "slug: cafe\n"),  # as macOS names it
        "content/attachments/Pasted image 20240101123456.png": png_bytes(4, 2),
    })  # fmt: skip
    assert warnings_of(site) == []
    html = read(site, "posts/a/index.html")
    assert paragraph(html, "见") == (
        '<p>见 <a href="/posts/attention/#为什么除以-d">注意力机制 &gt; 为什么除以 √d</a>、'
        '<a href="/about/">../pages/关于</a> 和 <a href="/posts/cafe/">Café</a>。</p>'
    )
    assert '<img src="/posts/a/Pasted%20image%2020240101123456.png" width="4"' in html
    assert (site / "public/posts/a/Pasted image 20240101123456.png").exists()


def test_wiki_links_and_embeds_under_a_project_path(make_site: SiteFactory) -> None:
    """A GitHub Pages project site (/notes/): links, copied and static images under it."""
    site = make_site(
        {
            "content/posts/a.md": post("A", "[[b#Part]] ![[x.png]] ![[logo.png]]\n"),
            "content/posts/b.md": post("B", "## Part\n"),
            "content/attachments/x.png": png_bytes(),
            "static/logo.png": png_bytes(),
        },
        config="title: T\nbase_url: https://me.github.io/notes/\n",
    )
    assert warnings_of(site) == []
    html = read(site, "posts/a/index.html")
    assert '<a href="/notes/posts/b/#part">b &gt; Part</a>' in html
    assert '<img src="/notes/posts/a/x.png" width="2"' in html
    assert '<img src="/notes/logo.png" width="2"' in html
    feed = read(site, "atom.xml")  # feed readers need whole addresses
    assert "https://me.github.io/notes/posts/a/x.png" in feed
    assert "https://me.github.io/notes/logo.png" in feed


def test_links_to_files_such_as_pdfs(make_site: SiteFactory) -> None:
    """Obsidian keeps papers, recordings and images in the vault and links to them."""
    body = (
        "Read [[attention.pdf|the paper]], hear [[talk.mp3]], see [[plot.png]];\n"
        "[[lost.pdf]] and ![[attention.pdf]]. A Dendron note: [[ml.attention]].\n"
    )
    site = make_site({
        "content/posts/a.md": post("A", body),
        "content/attachments/attention.pdf": b"%PDF-1.4\n",
        "content/posts/talk.mp3": b"ID3",
        "static/plot.png": png_bytes(),
        "content/posts/ml.attention.md": post("Attention", "x\n"),
    })  # fmt: skip
    assert warnings_of(site) == [
        "content/posts/a.md:6: warning: embedding a file (![[attention.pdf]]) is not supported; "
        "it is shown as a link to the file",
        "content/posts/a.md:6: warning: file not found: [[lost.pdf]]",
    ]
    assert paragraph(read(site, "posts/a/index.html"), "Read") == (
        '<p>Read <a href="/posts/a/attention.pdf">the paper</a>, hear '
        '<a href="/posts/a/talk.mp3">talk.mp3</a>, see <a href="/plot.png">plot.png</a>;\n'
        'lost.pdf and <a href="/posts/a/attention.pdf">attention.pdf</a>. A Dendron note: '
        '<a href="/posts/ml-attention/">ml.attention</a>.</p>'
    )
    assert (site / "public/posts/a/attention.pdf").read_bytes() == b"%PDF-1.4\n"
    assert (site / "public/posts/a/talk.mp3").exists()


def test_wiki_links_reach_headings_that_name_their_own_id(make_site: SiteFactory) -> None:
    # `## 环境配置 {#setup}` has the id `setup`: a link by the heading's text went to
    # `#环境配置`, which no element has (and `## Install`, second to the id `install`, is
    # `install-1`)
    body = "## 环境配置 {#setup}\n\n## Setup {#install}\n\n## Install\n"
    site = make_site({
        "content/posts/a.md": post("A", "See [[b#环境配置]], [[b#Setup]], [[b#Install]].\n"),
        "content/posts/b.md": post("B", body + "\nBack to [[#环境配置]].\n"),
    })  # fmt: skip
    assert warnings_of(site) == []
    assert re.findall('id="([^"]*)"', read(site, "posts/b/index.html")).count("install-1") == 1
    assert paragraph(read(site, "posts/a/index.html"), "See") == (
        '<p>See <a href="/posts/b/#setup">b &gt; 环境配置</a>, '
        '<a href="/posts/b/#install">b &gt; Setup</a>, '
        '<a href="/posts/b/#install-1">b &gt; Install</a>.</p>'
    )
    assert paragraph(read(site, "posts/b/index.html"), "Back") == (
        '<p>Back to <a href="#setup">环境配置</a>.</p>'
    )


def test_logseq_namespaced_pages_are_found_by_their_file_names(make_site: SiteFactory) -> None:
    # Logseq keeps the page `ml/attention` as `pages/ml___attention.md` (older graphs:
    # `pages/ml%2Ftransformer.md`); copied into content/, `[[ml/attention]]` was missing
    site = make_site({
        "content/posts/a.md": post("A", "[[ML/Attention]] [[ml/transformer#Heads]] [[x/y]]\n"),
        "content/pages/ml___attention.md": post("Attention", "x\n", "slug: attention\n"),
        "content/pages/ml%2Ftransformer.md": post("Transformer", "## Heads\n", "slug: tf\n"),
        # a file at the path the link names wins over a Logseq name
        "content/pages/x___y.md": post("Logseq XY", "x\n", "slug: logseq-xy\n"),
        "content/posts/x/y.md": post("XY", "x\n", "slug: xy\n"),
    })  # fmt: skip
    assert warnings_of(site) == []
    assert paragraph(read(site, "posts/a/index.html"), "") == (
        '<p><a href="/attention/">ML/Attention</a> '
        '<a href="/tf/#heads">ml/transformer &gt; Heads</a> '
        '<a href="/posts/xy/">x/y</a></p>'
    )


def test_dendron_hierarchy_and_label_first_links(make_site: SiteFactory) -> None:
    # Dendron names notes `ml.attention.flash` and writes `[[label|note]]`, the reverse of
    # Obsidian's `[[note|label]]`: its links were reported missing and shown as their note
    body = (
        "A [[ml.attention]], [[Flash attention|ml.attention.flash]],\n"
        "[[Heads|ml.attention#Multi Head]], [[ml.attention|the parent]],\n"
        "[[ml.attention|ml.attention.flash]] and [[Later|notes]].\n"
    )
    site = make_site({
        "content/posts/a.md": post("A", body),
        "content/posts/ml.attention.md": post("Attention", "## Multi Head\n", "slug: att\n"),
        "content/posts/ml.attention.flash.md": post("Flash", "x\n", "slug: flash\n"),
        "content/posts/2023/notes.md": post("N23", "x\n", "slug: n23\n"),
        "content/posts/2024/notes.md": post("N24", "x\n", "slug: n24\n"),
    })  # fmt: skip
    # Obsidian's order where the part before `|` is a note, or the part after it is no
    # single note (`notes` is two): then the link is missing as written
    assert warnings_of(site) == [
        "content/posts/a.md:7: warning: link to a missing note: [[Later]] (no note has that "
        "file name); it is shown as text"
    ]
    assert paragraph(read(site, "posts/a/index.html"), "A") == (
        '<p>A <a href="/posts/att/">ml.attention</a>, '
        '<a href="/posts/flash/">Flash attention</a>,\n'
        '<a href="/posts/att/#multi-head">Heads</a>, '
        '<a href="/posts/att/">the parent</a>,\n'
        '<a href="/posts/att/">ml.<span class="soft-break"></span>attention.'
        '<span class="soft-break"></span>flash</a> and notes.</p>'
    )


def test_missing_links_with_dotted_text_are_shown_as_text(make_site: SiteFactory) -> None:
    # Their text has break points (`torch.<span class="soft-break">…`): the `<a>` kept the
    # recorded `[[…]]` as its href
    body = "See [[Nowhere|torch.nn.functional.attention]] and [[torch.nn.functional.pdf]].\n"
    site = make_site({"content/posts/a.md": post("A", body)})
    assert len(warnings_of(site)) == 2  # (a missing note, a missing file)
    shown = paragraph(read(site, "posts/a/index.html"), "See")
    assert "<a" not in shown and "[[" not in shown, shown


def test_an_embedded_image_in_an_underscore_folder_is_found(make_site: SiteFactory) -> None:
    # Obsidian vaults keep attachments in `_attachments/`: a `_` folder holds no posts, but
    # its images are found (and serve watches them: test_serve_live)
    site = make_site({
        "content/posts/a.md": post("A", "![[plot.png]]\n"),
        "content/_attachments/plot.png": png_bytes(12, 6),
    })  # fmt: skip
    assert warnings_of(site) == []
    assert '<img src="/posts/a/plot.png" width="12" height="6"' in read(site, "posts/a/index.html")
    assert (site / "public/posts/a/plot.png").read_bytes() == png_bytes(12, 6)
