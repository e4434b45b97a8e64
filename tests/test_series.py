"""Series of posts: `series: Name` (or Hugo's `series: [Name]`) in front matter, as notes
written in parts ("Transformer 详解（一）…（五）") have it. Each part shows the series' parts
with its own marked; each series has a page listing its parts in reading order."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import NOW, SiteFactory, build_site, read, write_files
from mlblog.cli import main
from mlblog.pipeline import BuildOptions, SiteBuilder

SERIES_URL = "/series/transformer-%E8%AF%A6%E8%A7%A3/"


def part(title: str, date: str, extra: str = 'series: ["Transformer 详解"]\n') -> str:
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\n正文\n"


def series_site(make_site: SiteFactory, config: str | None = None) -> Path:
    """Three parts whose files' names are not in their order, and a post of no series."""
    return make_site(
        {
            "content/posts/c.md": part("注意力", "2024-01-01", "series: Transformer 详解\n"),
            "content/posts/a.md": part("位置编码", "2024-02-01"),
            "content/posts/b.md": part("解码", "2024-03-01"),
            "content/posts/other.md": part("Other", "2024-04-01", ""),
        },
        config=config,
    )


def box(html: str) -> str:
    """The series box of a post's page ("" when it has none)."""
    found = re.findall(r'<nav class="series".*?</nav>', html, re.S)
    assert len(found) <= 1
    return found[0] if found else ""


def summary(html: str) -> str:
    return re.sub(r"<[^>]+>", "", re.findall(r'<p class="series-title">(.*?)</p>', box(html))[0])


def parts(html: str) -> list[str]:
    """The titles a box lists, the current one as `*title*`."""
    items = re.findall(r"<li>(.*?)</li>", box(html))
    texts = [re.sub(r"<[^>]+>", "", item) for item in items]
    return [f"*{t}*" if "aria-current" in i else t for i, t in zip(items, texts, strict=True)]


def listed(html: str) -> list[str]:
    return re.findall(r'<h2 class="post-item-title"><a href="[^"]*">([^<]*)</a>', html)


def test_each_part_lists_the_series_oldest_first_with_itself_marked(
    make_site: SiteFactory,
) -> None:
    site = series_site(make_site)
    result = build_site(site)
    assert result.ok and result.report.warnings == []  # `series:` is read: no warning
    middle = read(site, "posts/a/index.html")
    assert summary(middle) == "本系列：Transformer 详解（2/3）"
    assert parts(middle) == ["注意力", "*位置编码*", "解码"]
    assert f'<a href="{SERIES_URL}">Transformer 详解</a>' in box(middle)
    # the others are links, the part itself is not
    assert '<a href="/posts/c/">注意力</a>' in box(middle)
    assert '<a href="/posts/b/">解码</a>' in box(middle)
    assert '<span aria-current="page">位置编码</span>' in box(middle)
    # under the title, above the text
    assert middle.index("post-title") < middle.index('class="series"') < middle.index("post-body")
    assert summary(read(site, "posts/c/index.html")) == "本系列：Transformer 详解（1/3）"
    assert parts(read(site, "posts/b/index.html")) == ["注意力", "位置编码", "*解码*"]
    assert box(read(site, "posts/other/index.html")) == ""


def test_series_weight_orders_parts_written_the_same_day(make_site: SiteFactory) -> None:
    """Parts published together: Hugo's per-taxonomy weight (`series_weight:`) puts them in
    order; a part without one follows the weighted ones."""
    weighted = 'series: ["S"]\nseries_weight: {}\n'
    site = make_site({
        "content/posts/a.md": part("Two", "2024-01-01", weighted.format(2)),
        "content/posts/b.md": part("One", "2024-01-01", weighted.format(1)),
        "content/posts/c.md": part("Extra", "2023-01-01", 'series: ["S"]\n'),
        "content/posts/d.md": part("Three", "2024-01-01", weighted.format(3)),
    })  # fmt: skip
    assert build_site(site).ok
    assert parts(read(site, "posts/a/index.html")) == ["One", "*Two*", "Three", "Extra"]
    assert listed(read(site, "series/s/index.html")) == ["One", "Two", "Three", "Extra"]


def test_each_series_has_its_page_and_feed_and_the_list_of_series(
    make_site: SiteFactory,
) -> None:
    site = series_site(make_site)
    write_files(site, {
        "content/posts/k1.md": part("Kernel 1", "2023-01-01", "series: CUDA from scratch\n"),
        "content/posts/k2.md": part("Kernel 2", "2023-02-01", "series: CUDA from scratch\n"),
    })  # fmt: skip
    assert build_site(site).ok
    page = read(site, "series/transformer-详解/index.html")
    assert listed(page) == ["注意力", "位置编码", "解码"]  # reading order, not newest first
    assert "<title>系列：Transformer 详解 · Test site</title>" in page
    assert '<span lang="en">SERIES:</span> Transformer 详解</h1>' in page
    feed = read(site, "series/transformer-详解/atom.xml")
    assert "<title>Test site · 系列：Transformer 详解</title>" in feed
    assert re.findall(r"<entry>\s*<title>([^<]*)", feed) == ["解码", "位置编码", "注意力"]
    listing = read(site, "series/index.html")
    names = re.findall(r'<a href="([^"]*)">([^<]*) <span class="count">(\d+)', listing)
    # the series whose newest part is newest first
    assert names == [(SERIES_URL, "Transformer 详解", "3"), ("/series/cuda-from-scratch/",
                                                           "CUDA from scratch", "2")]  # fmt: skip
    assert "<title>系列 · Test site</title>" in listing
    assert "https://t.example/series/" in read(site, "sitemap.xml")


def test_an_english_site_says_this_series(make_site: SiteFactory) -> None:
    site = series_site(make_site, "title: T\nbase_url: https://t.example/\nlanguage: en\n")
    assert build_site(site).ok
    assert summary(read(site, "posts/b/index.html")) == "This series: Transformer 详解 (3/3)"
    assert "<title>Series: Transformer 详解 · T</title>" in read(
        site, "series/transformer-详解/index.html"
    )


def test_a_site_without_series_makes_no_series_pages(make_site: SiteFactory) -> None:
    site = make_site({"content/posts/a.md": part("A", "2024-01-01", "")})
    assert build_site(site).ok
    assert not (site / "public/series").exists()
    assert "/series/" not in read(site, "sitemap.xml")


def test_a_draft_part_is_left_out_unless_drafts_are_built(make_site: SiteFactory) -> None:
    site = series_site(make_site)
    path = site / "content/posts/a.md"
    path.write_text(path.read_text("utf-8").replace("---\n正文", "draft: true\n---\n正文"), "utf-8")
    assert build_site(site).ok
    first = read(site, "posts/c/index.html")
    assert summary(first) == "本系列：Transformer 详解（1/2）"
    assert parts(first) == ["*注意力*", "解码"]
    assert "/posts/a/" not in first
    assert listed(read(site, "series/transformer-详解/index.html")) == ["注意力", "解码"]
    assert build_site(site, drafts=True).ok
    assert parts(read(site, "posts/c/index.html")) == ["*注意力*", "位置编码", "解码"]


def test_a_lone_part_shows_no_box_but_its_series_has_a_page(make_site: SiteFactory) -> None:
    """As Hugo themes hide the box below two parts: "1/1" tells a reader nothing."""
    site = make_site({"content/posts/a.md": part("First", "2024-01-01", "series: [S]\n")})
    assert build_site(site).ok
    assert box(read(site, "posts/a/index.html")) == ""
    assert listed(read(site, "series/s/index.html")) == ["First"]


def test_a_part_of_two_series_shows_both(make_site: SiteFactory) -> None:
    both = "series: [A, B]\n"
    site = make_site({
        "content/posts/x.md": part("X", "2024-01-01", both),
        "content/posts/y.md": part("Y", "2024-02-01", "series: A\n"),
        "content/posts/z.md": part("Z", "2024-03-01", "series: B\n"),
    })  # fmt: skip
    assert build_site(site).ok
    html = read(site, "posts/x/index.html")
    labels = re.findall(r'<nav class="series" aria-label="([^"]*)"', html)
    assert labels == ["本系列：A（1/2）", "本系列：B（1/2）"]


def test_permalinks_place_the_series_pages(make_site: SiteFactory) -> None:
    config = "title: T\nbase_url: https://t.example/\npermalinks:\n  series: /parts/:slug/\n"
    site = series_site(make_site, config)
    assert build_site(site).ok
    assert listed(read(site, "parts/transformer-详解/index.html")) == ["注意力", "位置编码", "解码"]
    assert '<a href="/parts/transformer-%E8%AF%A6%E8%A7%A3/">' in read(site, "posts/a/index.html")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("series:\n  name: S\n", 'series must be a name, such as "Transformer 详解", or a list '
         "of names"),
        ("series: S\nseries_weight: first\n", "series_weight must be a whole number (1 for the "
         "first part), not 'first'"),
    ],
)  # fmt: skip
def test_a_series_that_cannot_be_read_is_an_error_at_its_line(
    make_site: SiteFactory, extra: str, message: str
) -> None:
    site = make_site({"content/posts/a.md": part("A", "2024-01-01", extra)})
    result = build_site(site)
    assert not result.ok
    line = 4 if extra.startswith("series:\n") else 5
    assert [str(d) for d in result.report.errors] == [f"content/posts/a.md:{line}: {message}"]


def _tree(root: Path) -> dict[str, bytes]:
    """The site's files (not the record of what was written when: .mlblog-output)."""
    files = (p for p in root.rglob("*") if p.is_file() and p.name != ".mlblog-output")
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}


def _edit(path: Path, text: str, clock: list[int]) -> None:
    """Write `text` a second later than the last edit: a new mtime, as an editor leaves it."""
    path.write_text(text, "utf-8")
    clock[0] += 1
    os.utime(path, (clock[0], clock[0]))


def test_a_cached_rebuild_shows_a_part_added_renamed_or_removed_on_its_siblings(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    """Each part's page shows its siblings' titles: the render and page caches must not
    keep the old list when only a sibling changed."""
    site = series_site(make_site)
    posts, clock = site / "content/posts", [1_700_000_000]
    assert build_site(site).ok  # fills .mlblog-cache/

    def matches_a_fresh_build() -> None:
        assert build_site(site).ok
        fresh = tmp_path / f"fresh{clock[0]}"
        assert build_site(site, output=fresh, cache=False).ok
        assert _tree(site / "public") == _tree(fresh)

    _edit(posts / "d.md", part("推理", "2024-05-01"), clock)  # added
    matches_a_fresh_build()
    first = read(site, "posts/c/index.html")
    assert summary(first) == "本系列：Transformer 详解（1/4）"
    assert parts(first) == ["*注意力*", "位置编码", "解码", "推理"]

    _edit(posts / "a.md", part("位置编码 (RoPE)", "2024-02-01"), clock)  # renamed
    matches_a_fresh_build()
    renamed = ["*注意力*", "位置编码 (RoPE)", "解码", "推理"]
    assert parts(read(site, "posts/c/index.html")) == renamed

    (posts / "b.md").unlink()  # removed
    matches_a_fresh_build()
    assert parts(read(site, "posts/d/index.html")) == ["注意力", "位置编码 (RoPE)", "*推理*"]

    _edit(posts / "d.md", part("推理", "2024-05-01", ""), clock)  # left the series
    matches_a_fresh_build()
    assert parts(read(site, "posts/c/index.html")) == ["*注意力*", "位置编码 (RoPE)"]


def test_a_hugo_series_comes_through_the_import(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hugo's `series` taxonomy and its per-taxonomy weight are kept, not left out."""
    old = tmp_path / "hugo"
    post = '+++\ntitle = "{}"\ndate = 2024-01-01\nseries = ["CUDA from scratch"]\n' \
           "series_weight = {}\n+++\nx\n"  # fmt: skip
    write_files(old, {
        "content/posts/launch.md": post.format("Launching kernels", 2),
        "content/posts/threads.md": post.format("Threads and blocks", 1),
    })  # fmt: skip
    site = make_site()
    assert main(["import", "hugo", str(old), "--site", str(site)]) == 0
    assert capsys.readouterr().err == ""
    written = (site / "content/posts/2024-01-01-launch/index.md").read_text("utf-8")
    assert "series: [CUDA from scratch]" in written
    result = build_site(site)
    assert result.ok and result.report.warnings == []
    html = read(site, "posts/launch/index.html")
    assert summary(html) == "本系列：CUDA from scratch（2/2）"
    assert parts(html) == ["Threads and blocks", "*Launching kernels*"]


def test_serve_shows_a_siblings_change_on_every_part(make_site: SiteFactory) -> None:
    """serve keeps the last build's views and pages in memory: a part's page is templated
    again when only a sibling changed."""
    site = series_site(make_site)
    posts, clock = site / "content/posts", [1_700_000_000]
    options = BuildOptions(site_dir=site, now=NOW, cache=False, serving=True)
    with SiteBuilder(options, defer_search=True) as builder:

        def first_part() -> str:
            output, report = builder.build()
            assert output is not None, [str(d) for d in report.items]
            return output.files["posts/c/index.html"].decode()

        assert parts(first_part()) == ["*注意力*", "位置编码", "解码"]
        _edit(posts / "b.md", part("解码器", "2024-03-01"), clock)
        assert parts(first_part()) == ["*注意力*", "位置编码", "解码器"]
        _edit(posts / "d.md", part("推理", "2024-05-01"), clock)
        assert summary(first_part()) == "本系列：Transformer 详解（1/4）"
        (posts / "a.md").unlink()
        assert parts(first_part()) == ["*注意力*", "解码器", "推理"]


def test_a_page_at_the_list_of_series_is_named_as_such(make_site: SiteFactory) -> None:
    site = series_site(make_site)
    write_files(site, {"content/pages/series.md": "---\ntitle: My series\n---\nx\n"})
    result = build_site(site)
    assert [str(d) for d in result.report.errors] == [
        "content/pages/series.md: URL /series/ is also the list of series (change its "
        "`slug:`, or `permalinks:` in site.yaml)"
    ]


def test_a_page_in_a_series_is_told_it_is_not_a_part(make_site: SiteFactory) -> None:
    """Pages are not listed: a page's `series:` would otherwise vanish without a word."""
    site = series_site(make_site)
    write_files(site, {"content/pages/about.md": "---\ntitle: About\nseries: S\n---\nx\n"})
    result = build_site(site)
    assert result.ok
    assert [str(d) for d in result.report.warnings] == [
        "content/pages/about.md:3: warning: series is not read on a page: pages are not "
        "listed; only posts are parts"
    ]
    assert box(read(site, "about/index.html")) == ""


# A site's own term.html from before series: its label is "Category" or else "Tag".
OLD_TERM = """{% extends "base.html" %}
{% set label = "Category" if kind == "category" else "Tag" %}
{% block main %}<h1 class="own">{{ label }}: {{ term }}</h1>{% endblock %}
"""


def test_a_sites_old_term_template_never_labels_a_series_a_tag(
    make_site: SiteFactory,
) -> None:
    site = series_site(make_site)
    write_files(site, {
        "templates/term.html": OLD_TERM,
        "content/posts/t.md": part("Tagged", "2024-05-01", "tags: [cuda]\n"),
    })  # fmt: skip
    result = build_site(site)
    assert result.ok
    assert [str(w) for w in result.report.warnings] == [
        "templates/term.html:2: warning: knows categories and tags only (it reads `kind` "
        "and never names series), so series pages use the theme's term.html; show "
        "`{{ term_label }}` for the kind's name to have this one used for them too"
    ]
    series = read(site, "series/transformer-详解/index.html")
    assert "Tag: " not in series  # (the site's page would say "Tag: Transformer 详解")
    assert '<span lang="en">SERIES:</span> Transformer 详解</h1>' in series
    assert "<title>系列：Transformer 详解 · Test site</title>" in series
    # The site's template still shows its tags and categories.
    assert '<h1 class="own">Tag: cuda</h1>' in read(site, "tags/cuda/index.html")


def test_a_term_template_is_given_the_kinds_name(make_site: SiteFactory) -> None:
    """`term_label`: the label a template shows, whatever kinds come later."""
    site = series_site(make_site)
    write_files(site, {
        "templates/term.html": OLD_TERM.replace("{{ label }}", "{{ term_label }}"),
        "templates/terms.html": '{% extends "base.html" %}\n'
        '{% block main %}<h1 class="own">{{ terms_label }}</h1>{% endblock %}\n',
        "content/posts/t.md": part("Tagged", "2024-05-01", "tags: [cuda]\n"),
    })  # fmt: skip
    result = build_site(site)
    assert result.ok and not result.report.warnings
    series = read(site, "series/transformer-详解/index.html")
    assert '<h1 class="own">系列: Transformer 详解</h1>' in series
    assert '<h1 class="own">标签: cuda</h1>' in read(site, "tags/cuda/index.html")
    assert '<h1 class="own">系列</h1>' in read(site, "series/index.html")
    assert '<h1 class="own">标签</h1>' in read(site, "tags/index.html")


def long_series(make_site: SiteFactory, count: int) -> Path:
    return make_site({
        f"content/posts/p{n}.md": part(f"Part {n}", f"2024-{1 + n // 28:02}-{1 + n % 28:02}",
                                       "series: Long\n")
        for n in range(1, count + 1)
    })  # fmt: skip


def near(html: str) -> list[str]:
    """The numbers and titles a long series' box lists before it is opened, "…" for a run
    left out; the current part as `*title*`."""
    found = re.findall(r'<ol class="series-near">(.*?)</ol>', box(html), re.S)
    items = re.findall(r'<li( value="\d+")?( class="series-gap" aria-hidden="true")?>(.*?)</li>',
                       found[0])  # fmt: skip
    shown = []
    for value, gap, item in items:
        text = re.sub(r"<[^>]+>", "", item)
        shown.append("…" if gap else f"{value[8:-1]}. " + (f"*{text}*" if "aria-current" in item
                                                            else text))  # fmt: skip
    return shown


def test_a_long_series_lists_the_parts_near_this_one_and_all_of_them_when_asked(
    make_site: SiteFactory,
) -> None:
    """45 parts made a box 1,400 px tall: a phone's reader scrolled past it to reach the
    post. Its first and last parts, this one and two on each side are listed, each with its
    own number; the rest are behind "全部 45 篇" (a <details>: no script)."""
    site = long_series(make_site, 45)
    assert build_site(site).ok
    html = read(site, "posts/p20/index.html")
    assert near(html) == ["1. Part 1", "…", "18. Part 18", "19. Part 19", "20. *Part 20*",
                          "21. Part 21", "22. Part 22", "…", "45. Part 45"]  # fmt: skip
    assert summary(html) == "本系列：Long（20/45）"
    opened = re.findall(r'<details class="series-all">\s*<summary>(.*?)</summary>\s*<ol>(.*?)'
                        r"</ol>\s*</details>", box(html), re.S)  # fmt: skip
    assert opened[0][0] == "全部 45 篇"
    every = [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", opened[0][1])]
    assert every == [f"Part {n}" for n in range(1, 46)]
    assert '<li><span aria-current="page">Part 20</span></li>' in opened[0][1]
    # the details come first: opened, the whole list takes the short one's place under it
    assert box(html).index("series-all") < box(html).index("series-near")
    # At either end, a run of one part is shown rather than put as "…".
    assert near(read(site, "posts/p1/index.html")) == [
        "1. *Part 1*", "2. Part 2", "3. Part 3", "…", "45. Part 45"]  # fmt: skip
    assert near(read(site, "posts/p4/index.html")) == [
        "1. Part 1", "2. Part 2", "3. Part 3", "4. *Part 4*", "5. Part 5", "6. Part 6", "…",
        "45. Part 45"]  # fmt: skip
    assert near(read(site, "posts/p45/index.html")) == [
        "1. Part 1", "…", "43. Part 43", "44. Part 44", "45. *Part 45*"]  # fmt: skip
    # the same posts, on an English site
    english = make_site(config="title: T\nbase_url: https://t.example/\nlanguage: en\n")
    assert build_site(english).ok
    assert "<summary>All 45 parts</summary>" in read(english, "posts/p20/index.html")


def test_a_series_of_ten_parts_still_lists_them_all(make_site: SiteFactory) -> None:
    site = long_series(make_site, 10)
    assert build_site(site).ok
    html = read(site, "posts/p5/index.html")
    assert parts(html) == [f"*Part {n}*" if n == 5 else f"Part {n}" for n in range(1, 11)]
    assert "<details" not in box(html) and "series-near" not in box(html)
