"""`mlblog import`: Hexo, Jekyll and Hugo mini-sites become posts that build cleanly.

The fixture sites under fixtures/import/ are imported straight from the repository:
every test that imports also proves they were not changed.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import textwrap
from datetime import UTC
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import SiteFactory, build_site, read, write_files
from mlblog.cli import main
from mlblog.importers.convert import Converted, convert
from mlblog.importers.frontmatter import FrontMatterError, Rules, dump, normalize, split
from mlblog.importers.hexo import DIALECT as HEXO
from mlblog.importers.hugo import DIALECT as HUGO
from mlblog.importers.jekyll import DIALECT as JEKYLL
from mlblog.urls import output_file

FIXTURES = Path(__file__).parent / "fixtures" / "import"

# What each fixture leaves unconverted: (file in SRC, text on the line, message).
LEFTOVERS = {
    "hexo": [
        ("source/_posts/layer-norm.md", "{% youtube",
         "Hexo tag {% youtube 2uD7N9sX6eQ %} kept as code text: no mlblog equivalent"),
    ],
    "jekyll": [
        ("_posts/2024-02-10-qlora.md", "{% include",
         'Liquid tag {% include figure.html file="paged-optimizer.png" %} kept as code text: '
         "no mlblog equivalent"),
        ("_posts/2024-02-10-qlora.md", "{{ page.title }}",
         "Liquid output {{ page.title }} kept as code text: no mlblog equivalent"),
    ],
    "hugo": [
        ("content/posts/flash-attention/index.md", "weight =",
         "weight: 3 left out: mlblog lists posts newest first, and does not weigh them"),
        ("content/posts/kv-cache.md", "{{< youtube",
         "Hugo shortcode {{< youtube 80bIUggRJf4 >}} kept as code text: no mlblog equivalent"),
        ("content/post/speculative-decoding.md", "{{< tweet",
         'Hugo shortcode {{< tweet user="example" id="1234567890" >}} kept as code text: '
         "no mlblog equivalent"),
    ],
}  # fmt: skip
# The imported posts (by slug) that still hold a leftover, so the build may warn about them.
WITH_LEFTOVERS = {
    "hexo": {"layer-norm"},
    "jekyll": {"qlora"},
    "hugo": {"kv-cache", "speculative-decoding"},
}
# The old sites' pages mlblog makes itself, or cannot take: (file in SRC, message).
PAGE_NOTES = {
    "hexo": [
        ("source/categories/index.md", "not imported: the old theme made this page from the "
         "posts (type: categories); mlblog makes the list of categories itself, at /categories/"),
        ("source/tags/index.md", "not imported: the old theme made this page from the posts "
         "(type: tags); mlblog makes the list of tags itself, at /tags/"),
    ],
    "jekyll": [
        ("404.html", "an HTML page is not imported (mlblog's theme has its own not-found page): "
         "mlblog's pages are Markdown in content/pages/; copy what it says into one by hand"),
        ("tags.md", "not imported: the old theme made this page from the posts (layout: tags); "
         "mlblog makes the list of tags itself, at /tags/"),
    ],
    "hugo": [
        ("content/search.md", "not imported: the old theme made this page from the posts "
         "(layout: search); mlblog makes the search page itself, at /search/"),
    ],
}  # fmt: skip
# The pages each fixture imports: (old address, a line of its text).
PAGES = {
    "hexo": [("/about/", "写给自己看的张量笔记"), ("/404.html", "这个地址没有内容")],
    "jekyll": [("/about/", "这里记录微调大模型的笔记")],
    "hugo": [("/about/", "这里整理推理优化的笔记")],
}
SUMMARIES = {
    "hexo": "4 files copied, 1 construct left unconverted",
    "jekyll": "4 files copied, 2 constructs left unconverted",
    "hugo": "3 files copied, 2 constructs left unconverted",
}
GENERATORS = sorted(LEFTOVERS)


def hashes(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    [number] = [i for i, line in enumerate(lines, 1) if needle in line]
    return number


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, list[str]]:
    """The exit code, the summary (without the old site's settings after it, which
    test_import_settings covers) and the lines of stderr."""
    code = main(["import", *args])
    captured = capsys.readouterr()
    return code, captured.out.strip().split("\n\n")[0], captured.err.splitlines()


def import_fixture(
    generator: str, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, str, list[str]]:
    site = make_site()
    src = FIXTURES / generator
    before = hashes(src)
    code, out, err = run(capsys, generator, str(src), "--site", str(site))
    assert code == 0, err
    assert hashes(src) == before  # SRC byte-identical
    return site, out, err


def post_html(site: Path, slug: str) -> str:
    return read(site, f"posts/{slug}/index.html")


# --- the fixture sites, as a user runs them ------------------------------------------------


@pytest.mark.parametrize("generator", GENERATORS)
def test_import_reports_exactly_what_it_left_and_builds_clean(
    generator: str, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    src = FIXTURES / generator
    site, out, err = import_fixture(generator, make_site, capsys)  # SRC unchanged, checked there

    expected = {
        f"{(src / name).as_posix()}:{line_of(src / name, needle)}: warning: {message}"
        for name, needle, message in LEFTOVERS[generator]
    } | {
        f"{(src / name).as_posix()}: warning: {message}" for name, message in PAGE_NOTES[generator]
    }
    assert set(err) == expected
    assert len(err) == len(expected)
    into, pages = site / "content/posts", site / "content/pages"
    imported = f"3 posts (1 draft) into {into} and {len(PAGES[generator])} page"
    imported += "s" if len(PAGES[generator]) > 1 else ""
    assert out == f"imported {imported} into {pages}: {SUMMARIES[generator]}"

    result = build_site(site, drafts=True)
    assert result.ok, result.report.items
    assert result.posts == 3
    # Not a single warning: what could not be converted was reported once, by the import,
    # and stays on the page as code text rather than as syntax the build warns about.
    assert result.report.warnings == []
    for slug in WITH_LEFTOVERS[generator]:
        page = next((site / "public/posts").glob(f"*{slug}*/index.html")).read_text("utf-8")
        assert "<code>{" in page  # the leftover is visible, as code
    for old, text in PAGES[generator]:  # each page where the old site served it
        assert text in read(site, output_file(old))


def test_hexo_pages_keep_their_old_addresses_images_and_links(
    make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """`hexo new page about`'s source/about/index.md and source/404.md were dropped by the
    import (as were Jekyll's about.md and Hugo's content/about.md): old links to them
    broke. Each is a page now, at its old address, with its images and links."""
    hexo, _, _ = import_fixture("hexo", make_site, capsys)
    assert build_site(hexo).ok
    about = read(hexo, "about/index.html")
    assert '<img src="/about/desk.png" width="4" height="3" alt="书桌"' in about
    assert (hexo / "public/about/desk.png").is_file()
    assert 'href="/posts/layer-norm/">Layer Normalization 的两种写法</a>' in about
    assert '<div class="admonition info">' in about
    not_found = read(hexo, "404.html")  # Hexo's own 404 page, in place of the theme's
    assert "这个地址没有内容" in not_found and "页面不存在" in not_found
    # tags/ and categories/ were the theme's lists (`type: tags`): mlblog's own are there
    assert sorted(p.name for p in (hexo / "content/pages").iterdir()) == ["404", "about"]


def test_jekyll_pages_keep_their_old_addresses_under_the_old_base(
    make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    jekyll, _, _ = import_fixture("jekyll", make_site, capsys)
    assert build_site(jekyll).ok
    about = read(jekyll, "about/index.html")  # the site's permalink style ends in /
    assert 'href="/posts/lora/">LoRA</a>' in about and 'alt="LoRA 的结构"' in about
    # the old site lived under baseurl /notes: its link /notes/about/ leads here
    assert '<meta http-equiv="refresh" content="0; url=/about/">' in read(
        jekyll, "notes/about/index.html"
    )
    assert not (jekyll / "content/pages/index").exists()  # minima's home: the list of posts
    assert not (jekyll / "content/pages/readme").exists()  # the repository's, not the site's


@pytest.mark.parametrize("generator", GENERATORS)
def test_second_import_overwrites_nothing(
    generator: str, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    src = FIXTURES / generator
    site, _, _ = import_fixture(generator, make_site, capsys)
    content = site / "content"
    first = hashes(content)
    (
        content / "posts" / sorted(p.name for p in (content / "posts").iterdir())[0] / "index.md"
    ).write_text("my edit\n")
    (content / "pages/about/index.md").write_text("my page\n")
    edited = hashes(content)

    before = hashes(src)
    code, out, err = run(capsys, generator, str(src), "--site", str(site))

    assert code == 0
    assert hashes(content) == edited != first
    assert hashes(src) == before
    posts = [
        e for e in err if re.search(r": not imported: .*content/posts/2024-\S+ already exists$", e)
    ]
    pages = [
        e for e in err
        if re.search(r": not imported: .*content/pages/\w+ already exists \(remove it to import "
                     r"this page\)$", e)
    ]  # fmt: skip
    assert len(posts) == 3 and len(pages) == len(PAGES[generator])
    assert len(err) == len(posts) + len(pages) + len(PAGE_NOTES[generator])
    skipped = f"3 posts skipped, {len(pages)} page{'s' if len(pages) > 1 else ''} skipped"
    assert out == (
        f"imported 0 posts into {content / 'posts'}: "
        f"0 files copied, 0 constructs left unconverted, {skipped}"
    )


def test_hexo_pages_show_images_admonitions_code_and_links(
    make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    site, _, _ = import_fixture("hexo", make_site, capsys)
    assert build_site(site, drafts=True).ok

    attention = post_html(site, "scaled-dot-product-attention")
    image = (
        '<img src="/posts/scaled-dot-product-attention/qk-matrix.png" width="4" height="3" '
        'alt="QK^T 的分数矩阵"'
    )
    assert image in attention
    assert (site / "public/posts/scaled-dot-product-attention/qk-matrix.png").is_file()
    box = (
        '<div class="admonition info">\n<p class="admonition-title">'
        '<span class="visually-hidden">信息: </span>为什么除以 √d</p>'
    )
    assert box in attention
    # Tags inside code stay as written, in a code block and in inline code.
    assert "<code>{% asset_img qk-matrix.png 分数矩阵 %}" in attention
    assert "<code>{% note %}</code>" in attention
    assert "katex" in attention and "asset_img qk-matrix.png &quot;" not in attention

    layer_norm = post_html(site, "layer-norm")
    assert 'href="/posts/scaled-dot-product-attention/">缩放点积注意力' in layer_norm
    assert (
        '<img src="/posts/layer-norm/layernorm.png" width="4" height="3" alt="LayerNorm 的计算图"'
        in layer_norm
    )
    assert '<pre><span></span><code><span class="k">def</span>' in layer_norm
    assert '<div class="admonition warning">' in layer_norm
    assert "codeblock" not in layer_norm and "endnote" not in layer_norm

    rope = post_html(site, "rotary-embeddings")  # a draft whose front matter has no opening ---
    assert 'href="/posts/layer-norm/">这篇笔记</a>' in rope
    assert '<img src="/posts/rotary-embeddings/rope.png"' in rope
    index = (site / "content/posts/2024-06-01-rotary-embeddings/index.md").read_text("utf-8")
    # the Hexo site's timezone (Asia/Shanghai) is not site.yaml's: the hour keeps its zone
    assert index.startswith("---\ntitle: 旋转位置编码 RoPE\ndate: 2024-06-01 09:00:00 +0800\n")
    assert "\ndraft: true\n" in index


@pytest.mark.parametrize(
    ("old_zone", "site_zone", "written", "note"),
    [("Asia/Shanghai", None, "2021-01-01 00:30:00 +0800", None),
     ("Asia/Shanghai", "Asia/Shanghai", "2021-01-01 00:30:00", None),
     ("America/New_York", "Asia/Shanghai", "2021-01-01 00:30:00 -0500", None),
     ("Mars/Base", None, "2021-01-01 00:30:00",
      '_config.yml: warning: timezone "Mars/Base" is no time zone mlblog knows')],
)  # fmt: skip
def test_times_keep_the_old_sites_time_zone(
    tmp_path: Path,
    make_site: SiteFactory,
    capsys: pytest.CaptureFixture[str],
    old_zone: str,
    site_zone: str | None,
    written: str,
    note: str | None,
) -> None:
    """Jekyll reads `date: 2021-01-01 00:30` in its `timezone`: the import writes the
    offset, unless site.yaml names the same zone. Days alone and own offsets stay."""
    src = tmp_path / "blog"
    write_files(src, {
        "_config.yml": f"timezone: {old_zone}\n",
        "_posts/2021-01-01-a.md": "---\ntitle: A\ndate: 2021-01-01 00:30:00\n---\nx\n",
        "_posts/2021-01-02-b.md": "---\ntitle: B\ndate: 2021-01-02\n---\nx\n",
        "_posts/2021-01-03-c.md": "---\ntitle: C\ndate: 2021-01-03 10:00:00 +0100\n---\nx\n",
    })  # fmt: skip
    config = "title: T\nbase_url: https://t.example/\n"
    site = make_site(config=config + (f"timezone: {site_zone}\n" if site_zone else ""))
    code, _, err = run(capsys, "jekyll", str(src), "--site", str(site))
    assert code == 0
    posts = site / "content/posts"
    assert f"\ndate: {written}\n" in (posts / "2021-01-01-a/index.md").read_text()
    assert "\ndate: 2021-01-02\n" in (posts / "2021-01-02-b/index.md").read_text()
    assert "\ndate: 2021-01-03 10:00:00 +0100\n" in (posts / "2021-01-03-c/index.md").read_text()
    assert [e.removeprefix(f"{src}/") for e in err if "time zone" in e] == (
        [f"{note}; dates are read in site.yaml's"] if note else []
    )


HEXO_POST = "---\ntitle: Word2Vec 笔记\ndate: 2018-12-31 23:30:00\ncategories: [[NLP, Embedding]]\n"
OLD_ADDRESSES = [
    # Hexo's default permalink; a post in a subfolder of _posts keeps it in :title, and the
    # day is the one in the old site's time zone
    ("hexo", {"_config.yml": "timezone: Asia/Shanghai\npermalink: :year/:month/:day/:title/\n",
              "source/_posts/nlp/word2vec.md": HEXO_POST + "---\nx\n"},
     "/2018/12/31/nlp/word2vec/", "/posts/word2vec/"),
    # hexo-abbrlink: a front-matter field named in the permalink
    ("hexo", {"_config.yml": "permalink: posts/:abbrlink.html\n",
              "source/_posts/word2vec.md": HEXO_POST + "abbrlink: 3a4b5c6d\n---\nx\n"},
     "/posts/3a4b5c6d.html", "/posts/word2vec/"),
    # the date in new_post_name's file name is not part of :title; :category is its path
    ("hexo", {"_config.yml": "new_post_name: :year-:month-:day-:title.md\n"
                             "permalink: :category/:title.html\n",
              "source/_posts/2018-12-31-word2vec.md": HEXO_POST + "---\nx\n"},
     "/NLP/Embedding/word2vec.html", "/posts/word2vec/"),
    # Jekyll's default (`date`): folder and front-matter categories, lower-cased; .html
    ("jekyll", {"_config.yml": "title: x\n",
                "ML/_posts/2019-05-10-Attention.md": "---\ntitle: A\ncategories: NLP\n---\nx\n"},
     "/ml/nlp/2019/05/10/Attention.html", "/posts/attention/"),
    ("jekyll", {"_config.yml": "permalink: pretty\n",
                "_posts/2019-05-10-attention.md": "---\ntitle: A\nslug: attn\n---\nx\n"},
     "/2019/05/10/attn/", "/posts/attn/"),
    # Chirpy sets posts' permalink in front-matter defaults: the same URL as mlblog's
    ("jekyll", {"_config.yml": "permalink: pretty\ndefaults:\n  - scope: {path: '', type: posts}\n"
                               "    values: {permalink: '/posts/:title/'}\n",
                "_posts/2019-05-10-attention.md": "---\ntitle: A\n---\nx\n"},
     "/posts/attention/", "/posts/attention/"),
    # Hugo: the section's permalinks pattern, :slug falling back to the title, lower-cased
    ("hugo", {"hugo.toml": '[permalinks]\n  posts = "/:year/:month/:slug/"\n',
              "content/posts/kv.md": '+++\ntitle = "KV Cache 详解"\ndate = 2024-01-05\n+++\nx\n'},
     "/2024/01/kv-cache-详解/", "/posts/kv/"),
    ("hugo", {"config.yaml": "title: x\n",
              "content/post/Spec-Decoding.md": "---\ntitle: S\ndate: 2024-01-05\n---\nx\n"},
     "/post/spec-decoding/", "/posts/spec-decoding/"),
]  # fmt: skip


@pytest.mark.parametrize(("generator", "files", "old", "new"), OLD_ADDRESSES)
def test_old_addresses_by_the_old_sites_permalink_lead_to_the_post(
    tmp_path: Path,
    make_site: SiteFactory,
    capsys: pytest.CaptureFixture[str],
    generator: str,
    files: dict[str, str | bytes],
    old: str,
    new: str,
) -> None:
    """Links and search results that point at the old site's URLs find the post: by
    redirect where site.yaml's permalinks put it elsewhere, else at that very URL."""
    src = tmp_path / "old"
    write_files(src, files)
    site = make_site()
    code, _, err = run(capsys, generator, str(src), "--site", str(site))
    assert (code, err) == (0, [])
    assert build_site(site).ok
    page = read(site, output_file(old))
    if old == new:
        assert "<article" in page and "redirect" not in page
    else:
        assert f'<meta http-equiv="refresh" content="0; url={new}">' in page
        assert "<article" in read(site, output_file(new))


PAGE = "---\ntitle: {}\n{}---\n页面正文 {}\n"
JEKYLL_ONE_POST = {"_posts/2020-01-01-a.md": "---\ntitle: A\n---\nx\n"}
HEXO_ONE_POST = {"source/_posts/a.md": "---\ntitle: A\ndate: 2020-01-01\n---\nx\n"}
HUGO_ONE_POST = {"content/posts/a.md": "---\ntitle: A\ndate: 2020-01-01\n---\nx\n"}
# (generator, files, where the old site served each page: {address: title})
PAGE_ADDRESSES: list[tuple[str, dict[str, str], dict[str, str]]] = [
    ("jekyll", {**JEKYLL_ONE_POST, "about.md": PAGE.format("About", "layout: page\n", 1),
                "docs/index.md": PAGE.format("Docs", "", 2),
                "docs/setup.markdown": PAGE.format("Setup", "", 3)},
     {"/about.html": "About", "/docs/": "Docs", "/docs/setup.html": "Setup"}),  # style `date`
    ("jekyll", {**JEKYLL_ONE_POST, "_config.yml": "permalink: pretty\n",
                "about.md": PAGE.format("About", "", 1),
                "me.md": PAGE.format("Me", "permalink: /people/me/\n", 2)},
     {"/about/": "About", "/people/me/": "Me"}),
    ("hexo", {**HEXO_ONE_POST, "source/about/index.md": PAGE.format("About", "", 1),
              "source/links.md": PAGE.format("Links", "", 2),
              "source/friends/index.md": PAGE.format("Friends", "permalink: pals/\n", 3)},
     {"/about/": "About", "/links.html": "Links", "/pals/": "Friends"}),
    ("hugo", {**HUGO_ONE_POST, "content/about/index.md": PAGE.format("About", "", 1),
              "content/Links.md": PAGE.format("Links", "slug: friends\n", 2),
              "content/cv.md": PAGE.format("CV", "url: /cv.html\n", 3)},
     {"/about/": "About", "/friends/": "Links", "/cv.html": "CV"}),
    ("hugo", {**HUGO_ONE_POST, "hugo.toml": "uglyURLs = true\n",
              "content/about.md": PAGE.format("About", "", 1)},
     {"/about.html": "About"}),
]  # fmt: skip


@pytest.mark.parametrize(("generator", "files", "pages"), PAGE_ADDRESSES)
def test_pages_are_where_the_old_site_served_them(
    tmp_path: Path,
    make_site: SiteFactory,
    capsys: pytest.CaptureFixture[str],
    generator: str,
    files: dict[str, str | bytes],
    pages: dict[str, str],
) -> None:
    """A page keeps its own permalink/url, or else the address its place gave it: Jekyll's
    about.md at /about.html (or /about/ with a permalink style ending in /), Hexo's
    about/index.md at /about/ and links.md at /links.html, Hugo's about.md at /about/."""
    src = tmp_path / "old"
    write_files(src, files)
    site = make_site()
    code, out, err = run(capsys, generator, str(src), "--site", str(site))
    assert (code, err) == (0, [])
    assert f" and {len(pages)} page{'s' if len(pages) > 1 else ''} into " in out
    result = build_site(site)
    assert result.ok and result.report.warnings == []
    for address, title in pages.items():
        page = read(site, output_file(address))
        assert f"<title>{title} · " in page and "页面正文" in page and "refresh" not in page


def test_only_what_the_old_site_served_as_pages_is_imported(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Jekyll makes pages of files with front matter outside `_` folders and `exclude:`;
    the theme's assets/, vendor/ and node_modules/ and the repository's README are no
    pages of the site. The home page is mlblog's list of posts: its text is named."""
    src = tmp_path / "old"
    write_files(src, {
        **JEKYLL_ONE_POST,
        "_config.yml": "exclude: [notes/private, '*.tmp.md']\n",
        "about.md": PAGE.format("About", "", 1),
        "plain.md": "No front matter: Jekyll copies it as a file.\n",
        "_layouts/x.md": PAGE.format("Layout", "", 2),
        "assets/x.md": PAGE.format("Asset", "", 3),
        "vendor/bundle/x.md": PAGE.format("Gem", "", 4),
        "node_modules/x/README.md": PAGE.format("Package", "", 5),
        "README.md": PAGE.format("Readme", "", 6),
        "notes/private/x.md": PAGE.format("Private", "", 7),
        "draft.tmp.md": PAGE.format("Tmp", "", 8),
        "index.md": PAGE.format("Home", "layout: home\n", "欢迎"),
        "archive.md": PAGE.format("Archive", "permalink: /archives/\n", 9),
    })  # fmt: skip
    site = make_site()
    code, _, err = run(capsys, "jekyll", str(src), "--site", str(site))
    assert code == 0
    assert err == [
        f"{src}/archive.md: warning: not imported: its address /archives/ is the archives, "
        "which mlblog makes itself",
        f"{src}/index.md: warning: the home page is not imported: mlblog's home page is the "
        "list of posts; copy what it says into a page by hand",
    ]
    assert [p.name for p in (site / "content/pages").iterdir()] == ["about"]
    assert build_site(site).ok


def test_a_page_the_site_has_is_kept_and_the_old_one_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`mlblog init` writes content/pages/about.md: the old site's about page is not
    written over it but named; once it is removed, importing again brings the old one."""
    site = tmp_path / "blog"
    assert main(["init", str(site)]) == 0
    starter = (site / "content/pages/about.md").read_text(encoding="utf-8")
    capsys.readouterr()
    src = FIXTURES / "hexo"
    code, out, err = run(capsys, "hexo", str(src), "--site", str(site))
    assert code == 0
    assert (
        f"{src}/source/about/index.md: warning: not imported: {site}/content/pages/about.md "
        "already exists (remove it to import this page)"
    ) in err
    assert " and 1 page into " in out and out.endswith(", 1 page skipped")
    assert (site / "content/pages/about.md").read_text(encoding="utf-8") == starter
    assert build_site(site).ok

    (site / "content/pages/about.md").unlink()
    code, out, _ = run(capsys, "hexo", str(src), "--site", str(site))
    assert code == 0 and " and 1 page into " in out  # about; 404 was imported the first time
    assert build_site(site).ok
    assert "写给自己看的张量笔记" in read(site, "about/index.html")


def test_an_old_address_that_cannot_be_worked_out_is_named(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "hexo"
    post = "---\ntitle: A\ndate: 2020-01-01\n---\nx\n"
    write_files(src, {"_config.yml": "permalink: posts/:abbrlink/\n", "source/_posts/a.md": post})
    code, _, err = run(capsys, "hexo", str(src), "--site", str(make_site()))
    assert code == 0
    assert err == [
        f"{src}/source/_posts/a.md: warning: its address on the old site cannot be worked out "
        "(its permalink setting names a value this post does not have); list it under "
        "aliases: by hand"
    ]


def test_jekyll_excerpt_separator_and_excerpt_end_the_listing_where_jekyll_did(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "blog"
    write_files(src, {
        "_config.yml": 'excerpt_separator: "<!-- excerpt-end -->"\n',
        "_posts/2023-07-01-sep.md": "---\ntitle: S\n---\n摘要\n\n<!-- excerpt-end -->\n\nBODY1\n",
        "_posts/2023-07-02-own.md": "---\ntitle: O\nexcerpt_separator: <!--cut-->\n---\n"
        "开头 <!--cut--> BODY2 {% youtube x %}\n",
        "_posts/2023-07-03-e.md": "---\ntitle: E\nexcerpt: 手写的摘要\ndescription: SEO\n---\n"
        "BODY3\n",
    })  # fmt: skip
    site = make_site()
    _, _, err = run(capsys, "jekyll", str(src), "--site", str(site))
    assert err == [  # the line is still the source's
        f"{src}/_posts/2023-07-02-own.md:5: warning: Liquid tag {{% youtube x %}} kept as "
        "code text: no mlblog equivalent"
    ]
    assert build_site(site).ok
    home = read(site, "index.html")
    assert "摘要" in home and "开头" in home and "手写的摘要" in home
    assert not any(word in home for word in ("BODY1", "BODY2", "BODY3", "SEO"))
    assert "excerpt_separator" not in (site / "content/posts/2023-07-02-own/index.md").read_text()


def test_jekyll_posts_are_found_where_jekyll_finds_them(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ml/_posts/` holds posts in category ml; a name without a date is no post to
    Jekyll; `_site/` is Jekyll's output, not posts."""
    src = tmp_path / "blog"
    write_files(src, {
        "_posts/2020-01-01-top.md": "---\ntitle: Top\ncategories: [notes]\n"
        "permalink: /hello/\n---\nx\n",
        "ml/_posts/2020-01-02-cat.md": "---\ntitle: In folder\ncategories: [deep]\n---\nx\n",
        "_posts/not-dated.md": "---\ntitle: Undated\n---\nx\n",
        "_site/_posts/2020-01-03-copy.md": "---\ntitle: Built copy\n---\nx\n",
    })  # fmt: skip
    site = make_site()
    code, _, err = run(capsys, "jekyll", str(src), "--site", str(site))
    assert code == 0
    assert err == [
        f"{src}/_posts/not-dated.md: warning: its name has no date (YYYY-MM-DD-title), so "
        "Jekyll never published it; not imported",
    ]
    posts = site / "content/posts"
    assert sorted(p.name for p in posts.iterdir()) == ["2020-01-01-top", "2020-01-02-cat"]
    assert "\ncategories: [ml, deep]\n" in (posts / "2020-01-02-cat/index.md").read_text()
    assert "\npermalink: /hello/\n" in (posts / "2020-01-01-top/index.md").read_text()
    assert build_site(site).ok  # the post is where it was, as Jekyll served it
    assert "<title>Top" in (site / "public/hello/index.html").read_text()
    assert not (site / "public/posts/top").exists()


def test_a_post_s_own_address_is_kept_where_the_old_site_served_it(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """`permalink:` (or Hugo's `url:`) was made an alias: the post moved to site.yaml's
    permalinks behind a redirect. mlblog serves a post at its own address now, so the
    import keeps it as written (Hexo's leave out the first /); a pattern is noted."""
    src = tmp_path / "blog"
    write_files(src, {
        "source/_posts/a.md": "---\ntitle: A\ndate: 2019-05-10\npermalink: notes/a.html\n"
                              "---\nx\n",
        "source/_posts/b.md": "---\ntitle: B\ndate: 2019-05-11\npermalink: /:year/:title/\n"
                              "---\nx\n",
    })  # fmt: skip
    site = make_site()
    code, _, err = run(capsys, "hexo", str(src), "--site", str(site))
    assert code == 0
    assert err == [
        f"{src}/source/_posts/b.md:4: warning: permalink: /:year/:title/ is a pattern; "
        "permalinks: in site.yaml gives addresses by pattern; left out"
    ]
    text = (site / "content/posts/2019-05-10-a/index.md").read_text()
    assert "\npermalink: notes/a.html\n" in text and "aliases" not in text
    assert build_site(site).ok
    assert "<title>A" in read(site, "notes/a.html")
    assert "<title>B" in read(site, "posts/b/index.html")


@pytest.mark.parametrize(
    ("new_base", "alias", "note"),
    [
        ("https://me.github.io/", "/blog/2019/05/10/a/", False),  # the old path, as it was
        ("https://me.github.io/blog/", "/2019/05/10/a/", False),  # the same site path
        ("https://me.github.io/notes/", "/2019/05/10/a/", True),  # out of reach: said
    ],
)
def test_old_addresses_keep_the_old_site_s_base_path(
    tmp_path: Path,
    make_site: SiteFactory,
    capsys: pytest.CaptureFixture[str],
    new_base: str,
    alias: str,
    note: bool,
) -> None:
    """A Hexo site at /blog/ (`root`) moved to / left its redirects at /2019/05/10/a/,
    where no old link leads: old links are /blog/2019/05/10/a/."""
    src = tmp_path / "blog"
    write_files(src, {
        "_config.yml": "url: https://me.github.io/blog\nroot: /blog/\n",
        "source/_posts/a.md": "---\ntitle: A\ndate: 2019-05-10\n---\nx\n",
        "source/_posts/b.md": "---\ntitle: B\ndate: 2019-05-11\npermalink: notes/b.html\n---\nx\n",
    })  # fmt: skip
    site = make_site(config=f"title: T\nbase_url: {new_base}\n")
    code, _, err = run(capsys, "hexo", str(src), "--site", str(site))
    assert code == 0
    assert err == ([
        f"{src}: warning: the old site lived under /blog/ and this one under /notes/ (base_url "
        "in site.yaml): redirects from old addresses are made under /notes/, where old links "
        "do not lead; make /blog/ redirect here yourself"
    ] if note else [])  # fmt: skip
    text = (site / "content/posts/2019-05-10-a/index.md").read_text()
    assert f"\naliases: [{alias}]\n" in text
    b = (site / "content/posts/2019-05-11-b/index.md").read_text()
    assert ("\naliases: [/blog/notes/b.html]\n" in b) == (alias.startswith("/blog/"))
    assert build_site(site).ok
    path = urlsplit(new_base).path
    assert f'url={path}posts/a/"' in read(site, alias.lstrip("/") + "index.html")
    assert "<title>B" in read(site, "notes/b.html")


@pytest.mark.parametrize(
    "scaffold",
    [
        "---\ntitle: {{ title }}\ndate: {{ date }}\ntags:\n---\n\n## 笔记\n",  # Hexo's own
        "title: {{ title }}\ndate: {{ date }}\ntags:\n---\n\n## 笔记\n",  # an old one, no opening
    ],
)
def test_hexo_s_post_scaffold_becomes_the_site_s_archetype(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str], scaffold: str
) -> None:
    """`hexo new` started each post from scaffolds/post.md; after the import `mlblog new`
    started from mlblog's own. Both fill in {{ title }} and {{ date }}; one the site has
    already is kept."""
    src = tmp_path / "blog"
    write_files(src, {
        "source/_posts/a.md": "---\ntitle: A\ndate: 2019-05-10\n---\nx\n",
        "scaffolds/post.md": scaffold,
    })  # fmt: skip
    site = make_site()
    code, out, err = run(capsys, "hexo", str(src), "--site", str(site))
    assert code == 0 and err == []
    assert out.endswith("; scaffolds/post.md copied to archetypes/post.md")
    made = (site / "archetypes/post.md").read_text(encoding="utf-8")
    assert made == ("" if scaffold.startswith("---") else "---\n") + scaffold
    assert (src / "scaffolds/post.md").read_text(encoding="utf-8") == scaffold  # untouched
    assert main(["new", "注意力 笔记", "-s", str(site)]) == 0
    [new] = [p for p in (site / "content/posts").glob("*.md")]
    text = new.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 注意力 笔记\ndate: ") and "\n## 笔记\n" in text
    (site / "content/posts/2019-05-10-a").rename(tmp_path / "moved")  # to import it again
    capsys.readouterr()
    code, _, err = run(capsys, "hexo", str(src), "--site", str(site))
    assert err == [
        f"{src}/scaffolds/post.md: warning: not copied: {site}/archetypes/post.md already exists"
    ]
    assert (site / "archetypes/post.md").read_text(encoding="utf-8") == made


def test_hugo_sections_beside_posts_are_named_and_a_blog_section_is_read(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    post = "---\ntitle: {}\ndate: 2023-01-01\n---\nx\n"
    both = tmp_path / "both"
    write_files(both, {
        "content/posts/a.md": post.format("A"),
        "content/notes/n.md": post.format("N"),
        "content/about.md": post.format("About"),
        "content/_index.md": "home\n",
    })  # fmt: skip
    site = make_site()
    code, out, err = run(capsys, "hugo", str(both), "--site", str(site))
    assert code == 0 and out.startswith("imported 1 post into ")
    assert f" and 1 page into {site}/content/pages: " in out  # about.md: a page, imported
    assert err == [
        f"{both}/content/notes: warning: not imported: only content/posts/ holds posts; copy "
        "what else is a post into it first",
    ]
    blog = tmp_path / "blog"
    write_files(blog, {"content/blog/b.md": post.format("B")})
    code, out, err = run(capsys, "hugo", str(blog), "--site", str(make_site()))
    assert code == 0 and out.startswith("imported 1 post") and err == []


ESCAPED_MATH = (
    "---\ntitle: m\ndate: 2023-01-01\n---\n"
    "Inline \\\\( x_1 \\\\) and $a\\_i$, `$c\\_d$` stays code.\n\n"
    "$$\n\\begin{aligned}\na &= b \\\\\\\\\nc &= d\n\\end{aligned}\n$$\n"
)


@pytest.mark.parametrize("passthrough", [False, True])
def test_hugo_math_comes_as_the_old_sites_math_script_got_it(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str], passthrough: bool
) -> None:
    """Without goldmark's passthrough, Markdown ate one backslash before MathJax saw the
    page, so authors wrote \\\\( and \\_ and \\\\\\\\; with it, math is as written."""
    src = tmp_path / "hugo"
    config = "[markup.goldmark.extensions.passthrough]\n  enable = true\n" if passthrough else ""
    write_files(src, {"hugo.toml": config, "content/posts/m.md": ESCAPED_MATH})
    site = make_site()
    code, _, _ = run(capsys, "hugo", str(src), "--site", str(site))
    assert code == 0
    body = (site / "content/posts/2023-01-01-m/index.md").read_text().split("---\n", 2)[2].lstrip()
    if passthrough:
        assert body.strip() == ESCAPED_MATH.split("---\n", 2)[2].strip()
        return
    assert body == (
        "Inline \\( x_1 \\) and $a_i$, `$c\\_d$` stays code.\n\n"
        "$$\n\\begin{aligned}\na &= b \\\\\nc &= d\n\\end{aligned}\n$$\n"
    )
    result = build_site(site)
    assert result.ok and not result.report.warnings
    page = post_html(site, "m")
    assert page.count('class="katex"') == 3 and "\\(" not in page.split("<code>")[0]


def test_jekyll_pages_show_images_code_and_links(
    make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    site, _, _ = import_fixture("jekyll", make_site, capsys)
    assert build_site(site, drafts=True).ok

    lora = post_html(site, "lora")
    assert '<img src="/posts/lora/lora.png" width="4" height="3" alt="LoRA adapters"' in lora
    assert (
        '<span class="k">class</span><span class="w"> </span><span class="nc">LoRALinear</span>'
        in lora
    )
    assert "{:" not in lora and "TOC" not in lora and "highlight python" not in lora

    qlora = post_html(site, "qlora")
    assert 'href="/posts/lora/">LoRA</a>' in qlora
    assert '<img src="/posts/qlora/nf4.png" width="4" height="3" alt="NF4 的分位点"' in qlora
    assert "<code>{{ site.baseurl }}</code>" in qlora  # {% raw %} kept it literal
    code = re.sub(r"<[^>]+>", "", qlora)
    assert "url: {{ site.baseurl }}/qlora/" in code  # untouched inside the fenced block

    dpo = post_html(site, "dpo-notes")  # from _drafts/
    assert '<img src="/posts/dpo-notes/dpo.png" alt="DPO 与 RLHF 的流程对比"' in dpo
    assert (site / "public/posts/dpo-notes/dpo.png").is_file()
    assert 'href="/posts/qlora/">QLoRA</a>' in dpo

    front = (site / "content/posts/2024-02-10-qlora/index.md").read_text("utf-8")
    assert front.startswith(
        "---\ntitle: QLoRA 笔记\ndate: 2024-02-10\nupdated: 2024-02-12\ncategories: [ml]\n"
        "tags: [quantization, finetuning]\nslug: qlora\nlayout: post\n"
        "aliases: [/notes/2024/02/10/qlora/]\n---\n"  # by _config.yml's baseurl and permalink
    )
    # the old link, under the old baseurl, as this site (at /) serves it
    assert 'url=/posts/qlora/"' in read(site, "notes/2024/02/10/qlora/index.html")


def test_hugo_pages_show_figures_admonitions_code_and_links(
    make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    site, _, _ = import_fixture("hugo", make_site, capsys)
    assert build_site(site, drafts=True).ok

    flash = post_html(site, "flash-attention")
    assert (  # Hugo's caption shows under the image, as Hugo shows it
        '<figure>\n<img src="/posts/flash-attention/tiling.png" width="4" height="3" '
        'alt="分块计算 softmax" />\n'
        "<figcaption>分块计算 softmax</figcaption>\n</figure>" in flash
    )
    assert (
        '<div class="admonition tip">\n<p class="admonition-title">'
        '<span class="visually-hidden">提示: </span>在线 softmax</p>'
    ) in flash
    assert (
        '<span class="k">def</span><span class="w"> </span><span class="nf">online_softmax</span>'
        in flash
    )

    kv = post_html(site, "kv-cache")
    assert 'href="/posts/flash-attention/">FlashAttention</a>' in kv
    assert '<img src="/posts/kv-cache/kv.png" width="4" height="3" alt="KV Cache 的增长"' in kv
    assert '<div class="admonition warning">' in kv and '<div class="admonition note">' in kv
    assert "callout" not in kv and "notice" not in kv
    assert "{{&lt; figure" in kv  # the shortcode shown inside the fenced block

    draft = post_html(site, "speculative-decoding")
    assert "<code>{{&lt; figure src=&quot;draft.png&quot; &gt;}}</code>" in draft

    front = (site / "content/posts/2024-05-20-flash-attention/index.md").read_text("utf-8")
    assert front.startswith(
        "---\ntitle: FlashAttention 的分块计算\ndate: 2024-05-20T08:00:00+08:00\n"
        "updated: 2024-05-22T10:00:00+08:00\ncategories: [Large Model]\n"
        "tags: [Attention, CUDA]\nslug: flash-attention\n"
        "summary: 把注意力按块放进 SRAM，用在线 softmax 避免写出 N×N 矩阵。\n---\n"
    )


# --- mistakes and collisions -------------------------------------------------------------


def test_missing_source_or_wrong_kind_or_no_site_exits_1(
    make_site: SiteFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site()
    code, _, err = run(capsys, "hexo", str(tmp_path / "nowhere"), "--site", str(site))
    assert (code, err) == (1, [f"{tmp_path / 'nowhere'}: does not exist"])

    code, _, err = run(capsys, "hexo", str(FIXTURES / "jekyll"), "--site", str(site))
    wrong = FIXTURES / "jekyll"
    assert (code, err) == (
        1,
        [
            f"{wrong}: is not a Hexo site: no source/_posts/ folder "
            f"(it looks like a Jekyll site: mlblog import jekyll {wrong})"
        ],
    )
    code, _, err = run(capsys, "hugo", str(FIXTURES / "hexo"), "--site", str(site))
    hexo = FIXTURES / "hexo"
    assert (code, err) == (
        1,
        [
            f"{hexo}: is not a Hugo site: no content/posts/ or other "
            "section folder with Markdown in it (it looks like a Hexo site: "
            f"mlblog import hexo {hexo})"
        ],
    )

    code, _, err = run(capsys, "hugo", str(FIXTURES / "hugo"), "--site", str(tmp_path))
    assert code == 1 and err[0].startswith("site.yaml: not found in")
    assert not (site / "content").exists()


def test_a_mistake_is_a_message_not_a_traceback(make_site: SiteFactory, tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mlblog", "import", "jekyll", str(tmp_path / "gone")],
        cwd=make_site(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert run.stderr == f"{tmp_path / 'gone'}: does not exist\n"


def test_into_inside_source_is_refused(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "blog"
    write_files(src, {"_posts/2024-01-01-a.md": "---\ntitle: A\n---\nhi\n"})
    before = hashes(src)
    site = str(make_site())
    code, _, err = run(capsys, "jekyll", str(src), "--site", site, "--into", str(src / "x"))
    assert code == 1
    assert err == [f"{src / 'x'}: is inside {src}, which import never changes; use --into"]
    assert hashes(src) == before


def test_existing_folders_are_kept_and_posts_named_alike_get_their_own(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "blog"
    write_files(src, {
        "_posts/2024-01-01-adam.md": "---\ntitle: Adam\n---\nfirst\n",
        "_posts/notes/2024-01-01-adam.md": "---\ntitle: Adam again\n---\nsecond\n",
        "_posts/2024-01-02-sgd.md": "---\ntitle: SGD\n---\nmomentum\n",
        "_posts/2024-01-03-lion.md": "---\ntitle: Lion\n---\nsign\n",
    })  # fmt: skip
    site = make_site({
        "content/posts/2024-01-02-sgd/index.md": "mine\n",
        "content/posts/2024-01-03-lion.md": "---\ntitle: My Lion\n---\nmine\n",
    })  # fmt: skip
    code, out, err = run(capsys, "jekyll", str(src), "--site", str(site))
    posts = site / "content/posts"
    assert code == 0
    assert err == [
        f"{src}/_posts/2024-01-02-sgd.md: warning: not imported: {posts}/2024-01-02-sgd "
        "already exists",
        f"{src}/_posts/2024-01-03-lion.md: warning: not imported: {posts}/2024-01-03-lion.md "
        "already exists",
        f"{src}/_posts/notes/2024-01-01-adam.md: warning: imported as 2024-01-01-adam-2/: "
        "_posts/2024-01-01-adam.md is imported as 2024-01-01-adam/",
    ]
    assert out.endswith("2 posts skipped") and out.startswith("imported 2 posts into")
    assert (posts / "2024-01-02-sgd/index.md").read_text() == "mine\n"
    assert "first" in (posts / "2024-01-01-adam/index.md").read_text()
    assert "second" in (posts / "2024-01-01-adam-2/index.md").read_text()
    assert "\nslug: adam-2\n" in (posts / "2024-01-01-adam-2/index.md").read_text()
    code, _, err = run(capsys, "jekyll", str(src), "--site", str(site))  # again: all there
    assert code == 0 and len(err) == 5


def test_missing_images_and_posts_are_reported_where_they_are_written(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "blog"
    write_files(src, {
        "_posts/2024-01-01-a.md": """\
            ---
            title: A
            ---
            See [B]({% post_url 2023-12-31-b %}).

            ![gone](/assets/gone.png)
            """,
    })  # fmt: skip
    _, out, err = run(capsys, "jekyll", str(src), "--site", str(make_site()))
    assert err == [
        f"{src}/_posts/2024-01-01-a.md:4: warning: Liquid tag {{% post_url 2023-12-31-b %}} "
        "kept as code text: no imported post is named 2023-12-31-b",
        f"{src}/_posts/2024-01-01-a.md:6: warning: image /assets/gone.png not found "
        "(looked in SRC/); left as is",
    ]
    assert out.endswith("0 files copied, 1 construct left unconverted, 1 file not found")


def test_images_keep_bundle_subfolders_get_unique_names_and_never_come_from_outside(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "hugo"
    write_files(tmp_path, {"outside.png": b"secret"})
    write_files(src, {
        "content/posts/b/index.md": """\
            ---
            title: B
            date: 2024-02-02
            ---
            ![a](figs/a.png) ![b](/img/a.png) ![c](/other/a.png)
            <img src="figs/a.png" alt="again">

            ![d](../../../../outside.png)
            """,
        "content/posts/b/figs/a.png": b"bundle",
        "static/img/a.png": b"static img",
        "static/other/a.png": b"static other",
    })  # fmt: skip
    site = make_site()
    _, out, err = run(capsys, "hugo", str(src), "--site", str(site))
    bundle = site / "content/posts/2024-02-02-b"
    assert {n: (bundle / n).read_bytes() for n in ("figs/a.png", "a.png", "a-2.png")} == {
        "figs/a.png": b"bundle",
        "a.png": b"static img",
        "a-2.png": b"static other",
    }
    assert (
        '![a](figs/a.png) ![b](a.png) ![c](a-2.png)\n<img src="figs/a.png"'
        in (bundle / "index.md").read_text()
    )
    assert err == [
        f"{src}/content/posts/b/index.md:8: warning: image ../../../../outside.png not found "
        "(looked in content/posts/b/, static/, assets/); left as is"
    ]
    assert not list(site.rglob("outside.png"))
    assert "3 files copied" in out


def test_files_a_post_links_to_are_copied_like_its_images(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Hexo asset folder's PDF (`asset_link`), a Hugo bundle's CSV: published beside
    the post there, so copied beside it here; a missing one is reported, a page is not."""
    hexo = tmp_path / "hexo"
    write_files(hexo, {
        "_config.yml": "post_asset_folder: true\n",
        "source/_posts/paper.md": "---\ntitle: 论文\ndate: 2022-05-05\n---\n"
        "{% asset_link paper.pdf 下载论文 %} [about](/about/) [old](/2020/01/01/x.html)\n"
        "[lost](gone.csv)\n",
        "source/_posts/paper/paper.pdf": b"%PDF",
    })  # fmt: skip
    hugo = tmp_path / "hugo"
    write_files(hugo, {
        "content/posts/data/index.md": "---\ntitle: D\ndate: 2023-01-01\n---\n"
        '[download](data.csv) <a href="notes.txt">notes</a>\n',
        "content/posts/data/data.csv": "a,b\n",
        "content/posts/data/notes.txt": "n\n",
    })  # fmt: skip
    site = make_site()
    code, out, err = run(capsys, "hexo", str(hexo), "--site", str(site))
    assert code == 0
    bundle = site / "content/posts/2022-05-05-paper"
    assert (bundle / "paper.pdf").read_bytes() == b"%PDF"
    assert "[下载论文](paper.pdf)" in (bundle / "index.md").read_text()
    assert err == [
        f"{hexo}/source/_posts/paper.md:6: warning: file gone.csv not found "
        "(looked in source/_posts/paper/, source/_posts/, source/); left as is"
    ]
    assert out.endswith("1 file copied, 0 constructs left unconverted, 1 file not found")
    code, out, _ = run(capsys, "hugo", str(hugo), "--site", str(site))
    bundle = site / "content/posts/2023-01-01-data"
    assert (bundle / "data.csv").read_text() == "a,b\n"
    assert (bundle / "notes.txt").read_text() == "n\n"
    assert "2 files copied" in out


# --- conversion, construct by construct ------------------------------------------------------


class NoPosts:
    def link(self, name: str) -> tuple[str, str] | None:
        found = name.rpartition("/")[2] == "lora"
        return ("../2024-01-02-lora/index.md", "LoRA") if found else None


def converted(body: str, dialect: object, first_line: int = 1) -> Converted:
    from mlblog.importers.convert import Dialect

    assert isinstance(dialect, Dialect)
    return convert(textwrap.dedent(body), first_line, dialect, NoPosts())


@pytest.mark.parametrize(
    ("dialect", "body", "expected"),
    [
        (JEKYLL, "a\n{: .note}\nb {: #x}\n", "a\nb\n"),
        (JEKYLL, "* TOC\n{:toc}\n\ntext\n", "\ntext\n"),
        (JEKYLL, "{::options parse_block_html=\"true\" /}\nx\n", "x\n"),
        (JEKYLL, "[x]({{ site.url }}{{ site.baseurl }}/a/)\n", "[x](/a/)\n"),
        (JEKYLL, "![x]({{ '/i.png' | prepend: site.baseurl }})\n", "![x](/i.png)\n"),
        (JEKYLL, "[l]({% link _posts/lora.md %})\n", "[l](../2024-01-02-lora/index.md)\n"),
        (JEKYLL, "- item\n\n  {% highlight sh linenos %}\n  echo `date`\n  {% endhighlight %}\n",
         "- item\n\n  ```sh linenums=\"1\"\n  echo `date`\n  ```\n"),
        (JEKYLL, "{% raw %}{% include x %}{% endraw %}\n", "\\{% include x %}\n"),
        # in prose a shortcode's escape is mlblog's escape, so the build shows it quietly
        (HUGO, "Write {{</* ref x */>}} or `{{</* ref y */>}}`.\n",
         "Write \\{{< ref x >}} or `{{< ref y >}}`.\n"),
        # jekyll-scholar (al-folio): citations as pandoc writes them; the list comes by itself
        (JEKYLL, "As {% cite vaswani2017 %} and {% cite a b --locator 23-5 %} show.\n",
         "As [@vaswani2017] and [@a; @b, p. 23-5] show.\n"),
        (JEKYLL, "x {% cite a -l 2 --label chap. %}\n\n{% bibliography --cited %}\n",
         "x [@a, chap. 2]\n\n\n"),
        (JEKYLL, "{% highlight liquid %}\n{% raw %}{{ page.title }}{% endraw %}\n"
                 "{% endhighlight %}\n", "```liquid\n{{ page.title }}\n```\n"),
        (HUGO, "{{< highlight go >}}\n{{</* x */>}}\n{{< /highlight >}}\n",
         "```go\n{{< x >}}\n```\n"),
        (HUGO, '{{< highlight go "linenos=table,hl_lines=2 4-5,linenostart=10" >}}\nx\n'
               "{{< /highlight >}}\n", '```go hl_lines="2 4-5" linenums="10"\nx\n```\n'),
        (HEXO, "{% codeblock train.py lang:python mark:2,4-5 first_line:10 %}\nx\n"
               "{% endcodeblock %}\n",
         '```python title="train.py" hl_lines="2 4-5" linenums="10"\nx\n```\n'),
        (HEXO, "{% codeblock _.compact http://underscorejs.org/#compact Underscore.js %}\nx\n"
               "{% endcodeblock %}\n", '```text title="_.compact"\nx\n```\n'),
        # a title's quotes as written (they became ')
        (HEXO, "{% codeblock 'Say \"hi\" twice' lang:python %}\nx\n{% endcodeblock %}\n",
         '```python title=\'Say "hi" twice\'\nx\n```\n'),
        (JEKYLL, '{% highlight ruby mark_lines="1 2" %}\nx\n{% endhighlight %}\n',
         '```ruby hl_lines="1 2"\nx\n```\n'),
        (HUGO, '[intro]({{< relref "#intro-介绍" >}})\n', "[intro](#intro-介绍)\n"),
        # Blowfish's and Congo's switch that loads KaTeX on the page: mlblog always typesets
        (HUGO, "{{< katex >}}\n\\(W = W_0 + BA\\)\n", "\n\\(W = W_0 + BA\\)\n"),
        (HEXO, "{% note danger %}\n{% note tip 内层 %}\nx\n{% endnote %}\n{% endnote %}\n",
         ":::: danger\n::: tip 内层\nx\n:::\n::::\n"),
        (HEXO, "{% note blue 'fas fa-bullhorn' simple 提示 %}x{% endnote %}\n",
         "::: info 提示\nx\n:::\n"),
        (HEXO, "{% asset_img center big.png 640 480 '\"Big\" \"A big one\"' %}\n",
         '![A big one](big.png "Big"){ width="640" height="480" }\n'),
        (HEXO, "{% img /images/banner.jpg 300 横幅 %}\n",
         '![横幅](/images/banner.jpg){ width="300" }\n'),
        (HEXO, "{% asset_link paper.pdf 论文 %} {% post_path lora %}\n",
         "[论文](paper.pdf) [LoRA](../2024-01-02-lora/index.md)\n"),
        (HEXO, '<a href="{% post_path lora %}">LoRA</a>\n',
         '<a href="../2024-01-02-lora/index.md">LoRA</a>\n'),
        (HUGO, '{{< figure src="/x.png" alt="X" link="https://e.org" >}}\n',
         "[![X](/x.png)](https://e.org)\n"),
        (HUGO, '{{< figure src="a.png" title="Heads" caption="Eight of them" >}}\n',
         '![Eight of them](a.png "Heads: Eight of them")\n'),
        (HUGO, '[r]({{< relref "/posts/lora.md#why" >}})\n',
         "[r](../2024-01-02-lora/index.md#why)\n"),
        (HUGO, 'See {{< ref "lora.md" >}} and\n\n[lora]: {{< ref "lora" >}}\n',
         "See [LoRA](../2024-01-02-lora/index.md) and\n\n[lora]: ../2024-01-02-lora/index.md\n"),
        (HUGO, "{{< hint danger >}}\nx\n{{< /hint >}}\n{{< alert >}}y{{< /alert >}}\n",
         "::: danger\nx\n:::\n::: warning\ny\n:::\n"),
        (HUGO, '{{< admonition tip "Tiling" >}}\nx\n{{< /admonition >}}\n',
         "::: tip Tiling\nx\n:::\n"),
    ],
)  # fmt: skip
def test_conversions(dialect: object, body: str, expected: str) -> None:
    result = converted(body, dialect)
    assert result.text == expected
    assert result.leftovers == ()


def test_code_and_math_are_left_alone() -> None:
    body = """\
        Inline `{{ site.baseurl }}` and $\\frac{{a}}{b}$ and $$e^{{x}}$$ stay.
        ~~~
        {% post_url lora %}
        ~~~
        But {% post_url lora %} converts.
        """
    result = converted(body, JEKYLL)
    assert result.text == textwrap.dedent(body).replace(
        "But {% post_url lora %}", "But [LoRA](../2024-01-02-lora/index.md)"
    )
    assert result.leftovers == ()


def test_leftovers_carry_the_source_line() -> None:
    body = """\
        {% highlight py %}
        x = 1
        {% endhighlight %}
        {% note %}
        never closed
        {{< youtube x >}} {% endnote %} {% endnote %}
        {% post_url missing %}
        """
    result = converted(body, HEXO, first_line=5)
    assert result.leftovers == (
        (5, "Hexo tag {% highlight py %} kept as code text: no mlblog equivalent"),
        (7, "Hexo tag {% endhighlight %} kept as code text: no mlblog equivalent"),
        (10, "Hexo tag {% endnote %} kept as code text: it closes nothing"),
        (10, "shortcode {{< youtube x >}} kept as code text: no mlblog equivalent"),
        (11, "Hexo tag {% post_url missing %} kept as code text: no mlblog equivalent"),
    )
    assert result.source_line(result.text.index("never closed")) == 9


def test_source_lines_survive_edits_that_change_the_line_count() -> None:
    result = converted("a {% note %}b{% endnote %}\n\n{% asset_img x.png %}\n", HEXO, 10)
    assert result.text == "a \n::: note\nb\n:::\n\n![](x.png)\n"
    assert result.source_line(result.text.index("![](x.png)")) == 12
    assert result.source_line(result.text.index("b\n")) == 10


# --- front matter --------------------------------------------------------------------------


def normalized_text(text: str, rules: Rules, name: str = "x", draft: bool = False) -> str:
    from zoneinfo import ZoneInfo

    parsed = split(textwrap.dedent(text), rules)
    meta = normalize(parsed, name, draft, 0.0, rules, ZoneInfo("Asia/Shanghai"))
    return dump(meta.meta, parsed.body)


def test_front_matter_follows_each_generators_rules() -> None:
    jekyll = """\
        ---
        title: T
        categories: ml nlp
        tags: a b
        published: false
        excerpt: Short.
        ---
        body
        """
    expected = (
        "---\ntitle: T\ndate: 2024-01-02\ncategories: [ml, nlp]\ntags: [a, b]\n"
        "slug: post-name\ndraft: true\nsummary: Short.\n---\n\nbody\n"
    )
    for in_drafts in (False, True):
        rules = Rules(split_spaces=True)
        assert normalized_text(jekyll, rules, "2024-01-02-post-name", in_drafts) == expected
    hexo = """\
        title: T
        date: 2024-01-02 10:00:00
        categories: [[ML, NLP], Math]
        tags: Deep Learning
        ---
        """
    assert normalized_text(hexo, Rules(bare_yaml=True), "笔记") == (
        "---\ntitle: T\ndate: 2024-01-02 10:00:00\ncategories: [ML, NLP, Math]\n"
        "tags: [Deep Learning]\nslug: 笔记\n---\n"
    )
    hugo = """\
        +++
        title = "T"
        date = 2024-01-02T03:04:05Z
        publishDate = 2024-01-01
        lastmod = 2024-01-03T00:00:00
        draft = true
        [params]
        math = true
        +++
        body
        """
    assert normalized_text(hugo, Rules(toml_json=True), "my-post") == (
        "---\ntitle: T\ndate: 2024-01-02T03:04:05+00:00\nupdated: 2024-01-03 00:00:00\n"
        "slug: my-post\ndraft: true\npublishDate: 2024-01-01\nparams:\n  math: true\n---\n\nbody\n"
    )
    # Hugo's `published: <date>` is when to publish (mlblog reads it); Hugo's `weight`
    # orders posts, which mlblog does not: left out, with a note
    later = '+++\ntitle = "T"\ndate = 2024-01-02\npublished = 2030-01-01\nweight = 2\n+++\n'
    assert normalized_text(later, Rules(toml_json=True), "p") == (
        "---\ntitle: T\ndate: 2024-01-02\nslug: p\npublished: 2030-01-01\n---\n"
    )
    # a `published:` the build could not read was kept, and the imported site did not build
    odd = '---\ntitle: T\ndate: 2024-01-02\npublished: "False"\n---\n'
    assert normalized_text(odd, Rules(), "p") == (
        "---\ntitle: T\ndate: 2024-01-02\nslug: p\ndraft: true\n---\n"
    )
    odd = "---\ntitle: T\ndate: 2024-01-02\npublished: soon\n---\n"
    parsed = split(odd, Rules())
    meta = normalize(parsed, "p", False, 0.0, Rules(), UTC)
    assert "published" not in meta.meta and not meta.draft
    assert meta.notes == ((4, "published: 'soon' is neither true, false nor a date; left out"),)
    # Hexo's `sticky` and `top` pin a post, as mlblog does: kept (a value the build
    # would refuse is left out, with a note)
    parsed = split("---\ntitle: T\ndate: 2024-01-02\nsticky: 100\ntop: first\n---\n",
                   Rules(bare_yaml=True))  # fmt: skip
    meta = normalize(parsed, "p", False, 0.0, Rules(bare_yaml=True), UTC)
    assert meta.meta["sticky"] == 100 and "top" not in meta.meta
    assert meta.notes == ((5, "top: 'first' left out: a pin is true, false or a number from 0 up"),)


def test_hugo_json_front_matter_with_a_trailing_comma_names_the_comma_s_line() -> None:
    """Python's JSON parser blamed the `}` after it, as "Expecting property name"."""
    text = '{\n  "title": "T",\n  "date": "2024-01-02",\n}\nbody\n'
    with pytest.raises(FrontMatterError) as caught:
        split(text, Rules(toml_json=True))
    assert (caught.value.line, caught.value.message) == (
        3,
        "JSON: a trailing comma after the last item, which JSON does not allow (remove the comma)",
    )


def test_hugo_json_front_matter_on_one_line_is_read_and_a_shortcode_is_not() -> None:
    parsed = split('{"title": "T", "date": "2024-01-02"}\nbody\n', Rules(toml_json=True))
    assert (parsed.meta, parsed.body, parsed.body_line) == (
        {"title": "T", "date": "2024-01-02"}, "body\n", 2,
    )  # fmt: skip
    shortcode = '{{< figure src="a.png" >}}\nbody\n'
    assert split(shortcode, Rules(toml_json=True)).body == shortcode


def test_windows_line_ends_and_scalar_only_front_matter(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "hexo"
    post = "---\ntitle: CRLF\ndate: 2024-01-01 08:00:00\n---\n{% note tip %}\nx\n{% endnote %}\n"
    write_files(src, {"source/_posts/c.md": post.replace("\n", "\r\n").encode()})
    site = make_site()
    run(capsys, "hexo", str(src), "--site", str(site))
    written = (site / "content/posts/2024-01-01-c/index.md").read_bytes().decode()
    assert written == (
        "---\ntitle: CRLF\ndate: 2024-01-01 08:00:00\nslug: c\naliases: [/2024/01/01/c/]\n---\n\n"
        "::: tip\nx\n:::\n"
    )


def test_unreadable_front_matter_skips_the_post_with_its_line(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "hugo"
    write_files(src, {
        "content/posts/bad.md": "+++\ntitle = \"x\"\ndate = nope\n+++\n",
        "content/posts/late.md": "---\ntitle: late\ndate: 2024-13-01\n---\n",
        "content/posts/empty.md": " \n",
    })  # fmt: skip
    code, out, err = run(capsys, "hugo", str(src), "--site", str(make_site()))
    assert code == 1  # posts were left behind: a script must not take this for success
    assert err[0].startswith(f"{src}/content/posts/bad.md:3: TOML: ")
    assert err[1] == f"{src}/content/posts/empty.md: warning: is empty; not imported"
    assert err[2].startswith(f'{src}/content/posts/late.md:3: invalid date "2024-13-01"')
    assert err[2].endswith("; not imported")
    assert out.startswith("imported 0 posts") and out.endswith("3 posts skipped")


def test_a_citation_with_options_pandoc_has_no_form_for_is_left_and_named() -> None:
    result = converted("See {% cite a --file other %}.\n", JEKYLL)
    assert result.text == "See `{% cite a --file other %}`.\n"
    assert [message for _, message in result.leftovers] == [
        "Liquid tag {% cite a --file other %} kept as code text: only keys, --locator and "
        "--label have a pandoc citation's form"
    ]


def test_jekyll_list_items_with_spaces_stay_one_category_or_tag(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Jekyll splits a string at spaces (`tags: a b`) but never an item of a list:
    Chirpy's `categories: [Deep Learning, CV]` is two categories, not three."""
    old = tmp_path / "old"
    write_files(old, {
        "_posts/2024-03-01-vit.md": "---\ntitle: ViT\ncategories: [Deep Learning, CV]\n"
                                    "tags: [machine learning, vit]\n---\nx\n",
        "_posts/2024-03-02-deit.md": "---\ntitle: DeiT\ncategories: ml nlp\ntags: a b\n---\nx\n",
    })  # fmt: skip
    site = make_site()
    code, _, err = run(capsys, "jekyll", str(old), "--site", str(site))
    assert code == 0, err
    assert build_site(site).ok
    vit = post_html(site, "vit")
    assert '<a class="chip" href="/categories/deep-learning/">Deep Learning</a>' in vit
    assert '<a href="/tags/machine-learning/">#machine learning</a>' in vit
    assert ">#machine</a>" not in vit and not (site / "public/categories/learning").exists()
    # Jekyll's `date` style served it at /deep%20learning/cv/…, a folder with a space
    assert 'url=/posts/vit/"' in read(site, "deep learning/cv/2024/03/01/vit.html")
    deit = post_html(site, "deit")  # a string is still split, as Jekyll splits it
    assert '<a class="chip" href="/categories/ml/">ml</a>' in deit
    assert '<a href="/tags/a/">#a</a>' in deit and '<a href="/tags/b/">#b</a>' in deit


def test_chirpy_images_under_media_subpath_are_found_and_shown(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Chirpy puts a post's `media_subpath` (`img_path` before Chirpy 7) before each of
    its image paths, `/x.png` too: the images are there, not beside the post."""
    old = tmp_path / "old"
    write_files(old, {
        "_posts/2024-03-01-vit.md": "---\ntitle: ViT\nmedia_subpath: /assets/img/vit/\n---\n"
                                    '![Patches](patch.png){: w="700" }\n'
                                    "![Dark](patch.png){: .dark .shadow }\n",
        "_posts/2024-03-02-deit.md": "---\ntitle: DeiT\nimg_path: /assets/img/vit\n---\n"
                                     "![Distilled](/patch.png)\n",
        "assets/img/vit/patch.png": b"\x89PNG\r\n\x1a\n",
    })  # fmt: skip
    site = make_site()
    code, _, err = run(capsys, "jekyll", str(old), "--site", str(site))
    assert code == 0 and "not found" not in "\n".join(err), err
    assert build_site(site).ok
    # Chirpy's size, `{: w="700" }`, was dropped with the attribute list
    vit = post_html(site, "vit")
    assert '<img src="/posts/vit/patch.png" alt="Patches" width="700" />' in vit
    assert '<img src="/posts/vit/patch.png" alt="Dark" class="dark" />' in vit  # dark theme's
    assert '<img src="/posts/deit/patch.png" alt="Distilled" />' in post_html(site, "deit")
    assert (site / "public/posts/deit/patch.png").read_bytes() == b"\x89PNG\r\n\x1a\n"


def test_a_cover_image_in_front_matter_is_copied_into_the_bundle(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Chirpy's `image: {path, alt}` (under `media_subpath`) and a plain `image: /x.png`
    are the picture of link previews: the import kept the old path, whose file it did not
    copy, so previews showed none (or, for the mapping, the first image in the text)."""
    old = tmp_path / "old"
    write_files(old, {
        "_posts/2024-03-01-vit.md": "---\ntitle: ViT\nmedia_subpath: /assets/img/vit/\n"
                                    "image:\n  path: cover.png\n  alt: 分块\n---\n"
                                    "![Patches](patch.png)\n",
        "_posts/2024-03-02-lora.md": "---\ntitle: LoRA\nimage: /assets/img/lora.png\n---\nx\n",
        "_posts/2024-03-03-gone.md": "---\ntitle: Gone\ncover: /img/gone.png\n---\ny\n",
        "assets/img/vit/cover.png": b"\x89PNG cover",
        "assets/img/vit/patch.png": b"\x89PNG patch",
        "assets/img/lora.png": b"\x89PNG lora",
    })  # fmt: skip
    site = make_site()
    code, _, err = run(capsys, "jekyll", str(old), "--site", str(site))
    assert code == 0
    assert err == [
        f"{old.as_posix()}/_posts/2024-03-03-gone.md:3: warning: cover /img/gone.png not "
        "found (looked in SRC/); left as is"
    ]
    vit = (site / "content/posts/2024-03-01-vit/index.md").read_text("utf-8")
    assert "\nimage: cover.png\n" in vit and "alt:" not in vit
    assert "\nimage: lora.png\n" in (site / "content/posts/2024-03-02-lora/index.md").read_text()
    assert build_site(site).ok
    preview = '<meta property="og:image" content="https://t.example/posts/{}">'
    assert preview.format("vit/cover.png") in post_html(site, "vit")
    assert preview.format("lora/lora.png") in post_html(site, "lora")
    assert (site / "public/posts/vit/cover.png").read_bytes() == b"\x89PNG cover"
    assert (site / "public/posts/lora/lora.png").read_bytes() == b"\x89PNG lora"


def test_hexo_photos_are_copied_and_make_the_link_preview(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hexo's `photos:` is the picture its open_graph helper gives link previews; the
    import kept `/images/banner.jpg` without the file, and previews showed the first
    picture in the text."""
    old = tmp_path / "old"
    write_files(old, {
        "source/_posts/a.md": "---\ntitle: A\ndate: 2023-09-10\nphotos:\n  - /images/banner.jpg\n"
                              "  - https://cdn.example/b.jpg\n---\n![arch](/images/arch.png)\n",
        "source/images/banner.jpg": b"\xff\xd8\xff banner",
        "source/images/arch.png": b"\x89PNG arch",
    })  # fmt: skip
    site = make_site()
    code, _, err = run(capsys, "hexo", str(old), "--site", str(site))
    assert (code, err) == (0, [])
    [index] = (site / "content/posts").rglob("index.md")
    assert "\nphotos: [banner.jpg, 'https://cdn.example/b.jpg']\n" in index.read_text("utf-8")
    assert build_site(site).ok
    page = post_html(site, "a")
    assert '<meta property="og:image" content="https://t.example/posts/a/banner.jpg">' in page
    assert (site / "public/posts/a/banner.jpg").read_bytes() == b"\xff\xd8\xff banner"


def test_hugo_page_relative_aliases_are_resolved_from_the_old_address(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hugo reads `aliases: [old-name]` from the folder of the page's own address (its
    renderAliases: path.Join(page, "..", alias)): the import left them out, so old links
    broke. One that names another post's address is left out: a redirect never replaces it."""
    src = tmp_path / "blog"
    write_files(src, {
        "hugo.toml": "baseURL = 'https://me.github.io/'\n[permalinks]\nposts = '/:year/:slug/'\n",
        "content/posts/new.md": "---\ntitle: New\ndate: 2023-01-02\naliases:\n  - old-name\n"
                                "  - ../legacy/page.html\n  - a\n---\nx\n",
        "content/posts/a.md": "---\ntitle: A\ndate: 2023-01-01\n---\ny\n",
        "content/about.md": "---\ntitle: About\naliases: [me]\n---\nz\n",
    })  # fmt: skip
    site = make_site()
    code, _, err = run(capsys, "hugo", str(src), "--site", str(site))
    assert code == 0
    assert err == [
        f"{src}/content/posts/new.md:4: warning: aliases 'a' is /2023/a/ from this post's old "
        "address /2023/new/, where content/posts/a.md is; no redirect is made over it, left out"
    ]
    text = (site / "content/posts/2023-01-02-new/index.md").read_text()
    assert "\naliases: [/2023/new/, /2023/old-name/, /legacy/page.html]\n" in text
    result = build_site(site)
    assert result.ok and not result.report.warnings
    assert 'url=/posts/new/"' in read(site, "2023/old-name/index.html")
    assert 'url=/posts/new/"' in read(site, "legacy/page.html")
    assert 'url=/about/"' in read(site, "me/index.html")  # a page's, from /about/
    assert "<title>A" in read(site, "posts/a/index.html")


def test_hugo_relative_aliases_under_ugly_urls_end_in_html(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under `uglyURLs` Hugo writes `aliases: [old-name]` of /2023/new.html as
    /2023/old-name.html, and `/abs/` as /abs.html; the import made /2023/old-name/ and
    /abs/, where no old link leads."""
    src = tmp_path / "blog"
    write_files(src, {
        "hugo.toml": "uglyURLs = true\n[permalinks]\nposts = '/:year/:slug/'\n",
        "content/posts/new.md": "---\ntitle: New\ndate: 2023-01-02\naliases: [old-name, "
                                "../old/, ../legacy/page.html, /abs/]\n---\nx\n",
        "content/about.md": "---\ntitle: About\naliases: [/me/]\n---\nz\n",
    })  # fmt: skip
    site = make_site()
    code, _, err = run(capsys, "hugo", str(src), "--site", str(site))
    assert (code, err) == (0, [])
    text = (site / "content/posts/2023-01-02-new/index.md").read_text()
    ugly = "/abs.html, /2023/new.html, /2023/old-name.html, /old.html, /legacy/page.html"
    assert f"\naliases: [{ugly}]\n" in text
    result = build_site(site)
    assert result.ok and not result.report.warnings
    for old in ("2023/old-name.html", "old.html", "legacy/page.html", "abs.html"):
        assert 'url=/posts/new/"' in read(site, old)
    assert 'url=/about.html"' in read(site, "me.html")
    assert not (site / "public/2023/old-name").exists() and not (site / "public/abs").exists()


def test_a_hugo_relative_alias_naming_a_page_mlblog_makes_is_left_out(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """`../` from /posts/a/ is the home page and `../tags/` the list of tags: the import
    wrote them, and the next build failed with "a redirect cannot be there"."""
    src = tmp_path / "blog"
    write_files(src, {
        "hugo.toml": "baseURL = 'https://me.github.io/'\n",
        "content/posts/a.md": "---\ntitle: A\ndate: 2023-01-01\n"
                              "aliases: ['../', '../tags/', old-a]\n---\ny\n",
    })  # fmt: skip
    site = make_site()
    code, _, err = run(capsys, "hugo", str(src), "--site", str(site))
    assert code == 0
    where = f"{src}/content/posts/a.md:4: warning: aliases"
    assert err == [
        f"{where} '../' is / from this post's old address /posts/a/, where mlblog makes the "
        "home page; no redirect is made over it, left out",
        f"{where} '../tags/' is /tags/ from this post's old address /posts/a/, where mlblog "
        "makes the list of tags; no redirect is made over it, left out",
    ]
    result = build_site(site)
    assert result.ok and not result.report.items, [str(d) for d in result.report.items]
    assert 'url=/posts/a/"' in read(site, "posts/old-a/index.html")
