"""Notes written in Typora or Obsidian on Windows, as their authors saw them there."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from conftest import SiteFactory, build_site, read
from mlblog.render.result import Rendered
from test_cache import tree

SVG = "<svg xmlns='http://www.w3.org/2000/svg'/>"


def test_an_image_path_with_windows_separators_is_found_and_copied(
    make_site: SiteFactory,
) -> None:
    """Typora on Windows writes `.\\pics\\p1.png`; Markdown kept the backslashes
    (`.%5Cpics%5Cp1.png`), the build warned "image not found", the page's image was broken."""
    body = (
        "![图1](.\\pics\\p1.svg)\n\n![](assets\\image-20240101.svg)\n\n"
        '<img src=".\\pics\\p2.svg" width="60%">\n\n'
        "见 [上一篇](older\\prev.md#why).\n"
    )
    site = make_site({
        "content/posts/attn.md": f"---\ntitle: 注意力\ndate: 2024-01-02\n---\n{body}",
        "content/posts/pics/p1.svg": SVG,
        "content/posts/pics/p2.svg": SVG,
        "content/posts/assets/image-20240101.svg": SVG,
        "content/posts/older/prev.md": "---\ntitle: Prev\ndate: 2024-01-01\n---\n## Why\n",
    })  # fmt: skip
    result = build_site(site)
    assert result.ok and not result.report.warnings, [str(w) for w in result.report.items]
    page = read(site, "posts/attn/index.html")
    assert re.findall(r'<img src="([^"]*)"', page) == [
        "/posts/attn/pics/p1.svg",
        "/posts/attn/assets/image-20240101.svg",
        "/posts/attn/pics/p2.svg",
    ]
    for copied in ("pics/p1.svg", "pics/p2.svg", "assets/image-20240101.svg"):
        assert (site / "public/posts/attn" / copied).exists()
    assert 'href="/posts/prev/#why">上一篇</a>' in page


def test_backslash_escapes_in_a_path_keep_their_markdown_meaning(make_site: SiteFactory) -> None:
    """`\\(` escapes a parenthesis: the file is `fig(1).svg`, not a folder `fig/`."""
    body = "![a](pics/fig\\(1\\).svg)\n"
    site = make_site({
        "content/posts/a.md": f"---\ntitle: A\ndate: 2024-01-01\n---\n{body}",
        "content/posts/pics/fig(1).svg": SVG,
    })  # fmt: skip
    result = build_site(site)
    assert result.ok and not result.report.warnings, [str(w) for w in result.report.items]
    assert (site / "public/posts/a/pics/fig(1).svg").exists()


def _post(title: str, body: str) -> str:
    return f"---\ntitle: {title}\ndate: 2024-01-02\n---\n\n{body}"


_BODY = "\n\n".join(
    ["注意力把查询与键比较。", "## 缩放", "除以根号 d。", "## 多头", "并行。", "## 小结", "完。\n"]
)


def _headings(page: str) -> list[str]:
    return re.findall(r"<h[1-6][^>]*>([^<]*)", page)


def _toc(page: str) -> list[str]:
    toc = page[page.index('<details class="toc"') : page.index("</details>")]
    return re.findall(r'<a href="([^"]*)"', toc)


def test_an_opening_heading_that_repeats_the_title_shows_once(make_site: SiteFactory) -> None:
    """Typora and Obsidian notes name their title and open with it as `# 注意力机制`: the
    page showed it twice (the title, then the heading), the TOC listed it, and the home
    page's excerpt began with it."""
    site = make_site({
        "content/posts/attn.md": _post("注意力机制", f"# 注意力机制\n\n{_BODY}"),
        "content/posts/paper.md": _post(
            "Attention Is All You Need", f"#  attention is all you need #\n\n{_BODY}"
        ),
    })  # fmt: skip
    result = build_site(site)
    assert result.ok and not result.report.warnings, [str(w) for w in result.report.items]
    page = read(site, "posts/attn/index.html")
    assert _headings(page) == ["注意力机制", "缩放", "多头", "小结"]  # the theme's title first
    assert _toc(page) == ["#缩放", "#多头", "#小结"]
    assert _headings(read(site, "posts/paper/index.html"))[:2] == [
        "Attention Is All You Need", "缩放"
    ]  # fmt: skip
    home = read(site, "index.html")
    assert (
        re.findall(r'<p class="excerpt">([^<]*)', home)
        == ["注意力把查询与键比较。 缩放 除以根号 d。 多头 并行。 小结 完。"] * 2
    )
    assert "注意力机制 注意力" not in read(site, "search.json")


def test_an_opening_html_h1_that_repeats_the_title_shows_once(make_site: SiteFactory) -> None:
    """Hugging Face's blog posts open with `<h1>` ⏎ the title ⏎ `</h1>` under their
    `title:`: the page showed the title twice and the excerpt began with it."""
    opening = '<h1 class="big">\n\tScaling &amp; Attention\n</h1>\n\nA bad ![x](nothing.png)\n'
    site = make_site({"content/posts/a.md": _post("Scaling & Attention", opening)})
    result = build_site(site)
    assert [str(w) for w in result.report.items] == [
        "content/posts/a.md:10: warning: image not found: nothing.png"  # its line kept
    ]
    assert _headings(read(site, "posts/a/index.html"))[:2] == ["Scaling &amp; Attention"]
    assert re.findall(r'<p class="excerpt">([^<]*)', read(site, "index.html")) == ["A bad"]


def test_an_opening_heading_other_than_the_title_stays(make_site: SiteFactory) -> None:
    site = make_site({"content/posts/attn.md": _post("注意力机制", f"# 背景\n\n{_BODY}")})
    assert build_site(site).ok
    page = read(site, "posts/attn/index.html")
    assert _headings(page) == ["注意力机制", "背景", "缩放", "多头", "小结"]
    assert re.findall(r'<p class="excerpt">([^<]*)', read(site, "index.html")) == [
        "背景 注意力把查询与键比较。 缩放 除以根号 d。 多头 并行。 小结 完。"
    ]


def test_a_changed_title_rebuilds_from_the_cache_as_without_it(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    """The heading is left out only while the title repeats it: a title edited since
    the last build shows the heading again, as a build without the cache does."""
    site = make_site({"content/posts/attn.md": _post("注意力机制", f"# 注意力机制\n\n{_BODY}")})
    assert build_site(site, output=tmp_path / "cached").ok
    (site / "content/posts/attn.md").write_text(
        _post("Attention", f"# 注意力机制\n\n{_BODY}"), encoding="utf-8"
    )
    assert build_site(site, output=tmp_path / "cached").ok
    assert build_site(site, output=tmp_path / "plain", cache=False, jobs=1).ok
    page = (tmp_path / "cached/posts/attn/index.html").read_text(encoding="utf-8")
    assert _headings(page)[:2] == ["Attention", "注意力机制"]
    assert tree(tmp_path / "cached") == tree(tmp_path / "plain")


def test_a_setext_or_id_carrying_opening_heading_that_repeats_the_title_shows_once(
    make_site: SiteFactory,
) -> None:
    """`注意力机制` over `===`, and `# LoRA {#intro}`, are the title's heading too: they showed
    it twice. A heading's own id is not its text: an untitled post was titled `QLoRA {#q}`.
    Warnings below them keep their lines; an H2, or a quote over `===`, is not the title."""
    gone = "见[^gone]。\n"
    site = make_site({
        "content/posts/setext.md": _post("注意力机制", f"注意力机制\n=====\n\n{_BODY}\n{gone}"),
        "content/posts/own-id.md": _post("LoRA", f"# LoRA {{#intro}}\n\n{_BODY}\n{gone}"),
        "content/posts/other.md": _post("注意力机制", f"背景\n===\n\n{_BODY}"),
        "content/posts/h2.md": _post("多头", f"多头\n---\n\n{_BODY}"),
        "content/posts/untitled.md": "---\ndate: 2024-01-03\n---\n# QLoRA {#q}\n\n## Rank\n",
        "content/posts/untitled-setext.md": "---\ndate: 2024-01-03\n---\nQLoRA 2\n==\n",
        "content/posts/quote.md": "---\ndate: 2024-01-03\n---\n> QLoRA 3\n===\n",
    })  # fmt: skip
    result = build_site(site)
    assert [str(w) for w in result.report.sorted()] == [
        f"content/posts/{name}.md:{line}: warning: footnote [^gone] is never defined "
        '(add a line "[^gone]: …" with its text)'
        for name, line in (("own-id", 22), ("setext", 23))
    ]
    for name, title in (("setext", "注意力机制"), ("own-id", "LoRA")):
        page = read(site, f"posts/{name}/index.html")
        assert _headings(page) == [title, "缩放", "多头", "小结"]
        assert _toc(page) == ["#缩放", "#多头", "#小结"]
    assert _headings(read(site, "posts/other/index.html"))[:2] == ["注意力机制", "背景"]
    assert _headings(read(site, "posts/h2/index.html"))[:2] == ["多头", "多头"]
    assert _headings(read(site, "posts/untitled/index.html")) == ["QLoRA", "Rank"]
    assert _headings(read(site, "posts/untitled-setext/index.html")) == ["QLoRA 2"]
    assert "QLoRA 3" not in re.findall(r"<title>([^<]*)", read(site, "posts/quote/index.html"))[0]


def test_sections_written_as_single_hash_headings_are_in_the_contents(
    make_site: SiteFactory,
) -> None:
    """Typora's notes often start each section with `#`: the contents box listed only their
    `##` subsections, each without the section it belongs to. The post's top two levels
    are listed now, a section above its subsections."""
    body = "# 背景\n\n甲\n\n## 缩放\n\n乙\n\n### 细节\n\n丙\n\n# 多头\n\n丁\n"
    site = make_site({"content/posts/attn.md": _post("注意力机制", body)})
    assert build_site(site).ok
    page = read(site, "posts/attn/index.html")
    contents = re.search(r'<details class="toc".*?</details>', page, re.S)
    assert contents is not None
    entries = re.findall(r'<li class="toc-h(\d)"><a href="#([^"]+)">', contents[0])
    assert entries == [("2", "背景"), ("3", "缩放"), ("2", "多头")]


def test_one_opening_heading_other_than_the_title_leaves_its_sections_in_the_contents(
    make_site: SiteFactory,
) -> None:
    """`title: 注意力机制复习笔记：从 softmax 到 FlashAttention`, then `# 注意力机制复习笔记`
    and `##` sections with `###` subsections: the one `#` made the contents list it and
    the sections, and no subsection. That heading is the note's own name; its sections and
    subsections are listed, as in a post without it. Two `#` headings are still sections."""
    body = "# 复习笔记\n\n甲\n\n## 缩放\n\n乙\n\n### 分段函数\n\n丙\n\n## 复杂度\n\n丁\n"
    site = make_site({
        "content/posts/one.md": _post("注意力机制复习笔记：从 softmax 到 FlashAttention", body),
        "content/posts/two.md": _post("两节", body + "\n# 附录\n\n戊\n"),
    })  # fmt: skip
    assert build_site(site).ok
    entries = {}
    for name in ("one", "two"):
        contents = re.search(
            r'<details class="toc".*?</details>', read(site, f"posts/{name}/index.html"), re.S
        )
        assert contents is not None
        entries[name] = re.findall(r'<li class="toc-h(\d)"><a href="#([^"]+)">', contents[0])
    assert entries["one"] == [("2", "缩放"), ("3", "分段函数"), ("2", "复杂度")]
    assert entries["two"] == [("2", "复习笔记"), ("3", "缩放"), ("3", "复杂度"), ("2", "附录")]


def test_a_link_whose_path_has_spaces_is_a_link_as_typora_shows_it(
    make_site: SiteFactory,
) -> None:
    """Typora shows `[读书笔记](reading notes.md)` as a link; CommonMark ends an address at
    its first space, so the page showed the brackets as text and the build said nothing,
    not even for a file that is not there."""
    body = (
        '见 [读书 *笔记*](reading notes.md#方法) 和 [幻灯片](talk slides.pdf "第一讲")，'
        "[丢失](no such.md)。\n\n"
        "[外链](https://x.org/a b.pdf) 与 [x](y z) 照旧。\n"
    )
    site = make_site({
        "content/posts/attn.md": f"---\ntitle: 注意力\ndate: 2024-01-02\n---\n{body}",
        "content/posts/reading notes.md": "---\ntitle: 读书\ndate: 2024-01-01\n---\n## 方法\n",
        "content/posts/talk slides.pdf": "%PDF-1.4\n",
    })  # fmt: skip
    result = build_site(site)
    assert result.ok
    assert [(w.line, w.message) for w in result.report.warnings] == [
        (5, "link to a missing post: no such.md")
    ]
    page = read(site, "posts/attn/index.html")
    links = re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', page.split('class="post-body"')[1])
    assert links[:3] == [
        ("/posts/reading-notes/#%E6%96%B9%E6%B3%95", "读书 <em>笔记</em>"),
        ("/posts/attn/talk%20slides.pdf", "幻灯片"),
        ("no%20such.md", "丢失"),
    ]
    assert 'title="第一讲"' in page
    assert (site / "public/posts/attn/talk slides.pdf").exists()
    assert "[外链](<a" in page and "[x](y z)" in page  # an address elsewhere, no file: as before


def test_a_link_to_a_heading_by_its_text_goes_to_its_id_as_in_obsidian_and_typora(
    make_site: SiteFactory,
) -> None:
    """Obsidian writes `[x](other%20note.md#Some%20Heading)`, Typora `[x](#Some Heading)`:
    the heading's text, where the page has the id `some-heading`. The browser stayed at the
    top, the build warned of a missing heading, and a spaced one was not even a link."""
    note = "## Some Heading\n\n## 环境配置 {#setup}\n\n## Some heading\n"
    body = (
        "[a](other note.md#Some Heading) [b](other%20note.md#Some%20Heading) "
        "[c](other%20note.md#环境配置) [d](other%20note.md#some-heading-1)\n\n"
        "## My Part\n\n"
        '<a name="Top"></a>\n\n'
        "[e](#My Part) [f](#My%20Part) [g](#注意力) [h](#my-part) [i](#Top)\n\n"
        "## 注意力\n\n## Top\n\n"
        "[gone](other%20note.md#No%20Such) [gone too](#No Such)\n"
    )
    site = make_site({
        "content/posts/attn.md": f"---\ntitle: 注意力机制\ndate: 2024-01-02\n---\n{body}",
        "content/posts/other note.md": f"---\ntitle: Other\ndate: 2024-01-01\n---\n{note}",
    })  # fmt: skip
    result = build_site(site)
    assert result.ok
    assert [(w.line, w.message) for w in result.report.warnings] == [
        (17, "link to a missing heading: #No Such"),
        (17, "link to a missing heading: other note.md#No Such"),
    ]
    page = read(site, "posts/attn/index.html").split('class="post-body"')[1]
    found = re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', page)
    links = {text: href for href, text in found}
    assert [links[t] for t in "abcd"] == [
        "/posts/other-note/#some-heading",
        "/posts/other-note/#some-heading",
        "/posts/other-note/#setup",
        "/posts/other-note/#some-heading-1",  # an id as written stays
    ]
    # the heading's id; a Chinese one as written (its id); a name raw HTML gives stays its own
    assert [links[t] for t in "efghi"] == [
        "#my-part", "#my-part", "#%E6%B3%A8%E6%84%8F%E5%8A%9B", "#my-part", "#Top"
    ]  # fmt: skip
    assert links["gone"] == "/posts/other-note/#No%20Such" and links["gone too"] == "#No%20Such"


def test_a_line_of_spaced_paths_with_fragments_is_read_in_linear_time(
    render: Callable[..., Rendered],
) -> None:
    """A heading's text may follow a spaced path, `[x](a b.md#Some Heading)`: read past
    each `#`, every place such a path could end was tried against the rest of the line
    (3,000 of them took 10 s)."""
    line = "[x](" + "a b.md#" * 3000 + "\n"
    started = time.perf_counter()
    html = render(line).html
    assert time.perf_counter() - started < 1
    assert "<a " not in html and "a b.md#a b.md#" in html
