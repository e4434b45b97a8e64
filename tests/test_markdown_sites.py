"""Issue 3 as a reader sees it: fixture sites, posts from other generators, references."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import SiteFactory, build_site, read
from mlblog.render.markdown import reading_minutes

SITES = Path(__file__).parent / "fixtures" / "sites"


@pytest.fixture
def fixture_site(tmp_path: Path):  # type: ignore[no-untyped-def]
    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(SITES / name, target)
        return target

    return copy


def tex_of(html: str) -> list[str]:
    return re.findall(r'<annotation encoding="application/x-tex">(.*?)</annotation>', html, re.S)


def test_chinese_site_builds_clean(fixture_site) -> None:  # type: ignore[no-untyped-def]
    site = fixture_site("zh")
    result = build_site(site)
    assert result.ok and [str(w) for w in result.report.warnings] == []
    home = read(site, "index.html")
    # Hexo: block list of categories, the first is primary; mathjax/layout/comments accepted
    assert "深度学习" in read(site, "posts/hexo-style/index.html")
    # Jekyll: date and slug from the file name, tags split on spaces
    jekyll = read(site, "posts/jekyll-style/index.html")
    assert "2022-06-07" in jekyll
    assert "#工具" in jekyll and "#终端" in jekyll
    # Hugo: description is the excerpt, lastmod is the updated date
    assert "用生成器按需产出数据。" in home
    assert "2022-09-11" in read(site, "posts/hugo-style/index.html")
    # full-width comma splits categories and tags
    bundle = read(site, "posts/kv-cache/index.html")
    assert 'href="/categories/%E5%A4%A7%E6%A8%A1%E5%9E%8B/"' in bundle  # 大模型
    assert "#显存" in bundle and "#缓存" in bundle
    # page bundle image, link to another post's source, norm in a table cell, toc: false
    assert (site / "public/posts/kv-cache/cache.svg").exists()
    assert '<a href="/posts/hexo-style/">Hexo 风格的文章</a>' in bundle
    assert "\\|W\\|_2" in tex_of(bundle)
    assert 'class="toc"' not in bundle
    assert 'class="toc"' in read(site, "posts/hexo-style/index.html")


def test_english_math_site_builds_clean(fixture_site) -> None:  # type: ignore[no-untyped-def]
    site = fixture_site("math-en")
    result = build_site(site)
    assert result.ok and [str(w) for w in result.report.warnings] == []
    page = read(site, "posts/least-squares/index.html")
    tex = tex_of(page)
    assert "\\norm{Ax - b}_2^2" in tex  # macros with arguments reach KaTeX
    assert "\\|r\\|_2" in tex
    assert any(t.startswith("\\begin{align}") for t in tex)
    assert "a cost of $5 and $10 per solve" in page
    assert 'mathvariant="double-struck"' in page  # \R → \mathbb{R}
    softmax = read(site, "posts/softmax/index.html")
    assert '<div class="code-title">softmax.py</div>' in softmax
    assert '<span class="hll">' in softmax
    assert len(tex_of(softmax)) == 6
    assert "$$" not in re.sub(r"<annotation.*?</annotation>", "", softmax, flags=re.S)


def test_unknown_front_matter_reaches_templates(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\nlayout: wide\nmathjax: 1\n---\nx\n",
        "templates/post.html": "layout={{ post.meta.layout }} title={{ post.title }}",
    })  # fmt: skip
    assert build_site(site).ok
    assert read(site, "posts/a/index.html") == "layout=wide title=A"


def test_foreign_syntax_warned_where_it_is(make_site: SiteFactory) -> None:
    body = 'text\n\n{% asset_img a.png %}\n\n{{< figure src="x" >}}\n\n```\n{% in code %}\n```\n'
    site = make_site({"content/posts/a.md": f"---\ntitle: A\ndate: 2024-01-01\n---\n{body}"})
    result = build_site(site)
    assert result.ok
    image = "(write ![caption](image.png), the image beside the post; mlblog import converts"
    assert [str(w) for w in result.report.warnings] == [
        "content/posts/a.md:7: warning: Hexo/Jekyll tag {% asset_img a.png %} is not supported; "
        f"it is shown as text {image} a whole site's)",
        'content/posts/a.md:9: warning: Hugo shortcode {{< figure src="x" >}} is not supported; '
        f"it is shown as text {image} a whole site's)",
    ]
    assert "{% asset_img a.png %}" in read(site, "posts/a/index.html")


def test_kramdown_attribute_line_warned(make_site: SiteFactory) -> None:
    site = make_site(
        {"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\npara\n{: .note}\n"}
    )
    [warning] = build_site(site).report.warnings
    assert str(warning).startswith("content/posts/a.md:6: warning: kramdown attribute list")


def test_missing_image_and_broken_link_warn_with_lines(make_site: SiteFactory) -> None:
    body = "intro\n\n![x](missing.png)\n\n[old](./2020-01-01-gone.md)\n"
    site = make_site({"content/posts/a.md": f"---\ntitle: A\ndate: 2024-01-01\n---\n{body}"})
    result = build_site(site)
    assert result.ok
    assert [str(w) for w in result.report.sorted()] == [
        "content/posts/a.md:7: warning: image not found: missing.png",
        "content/posts/a.md:9: warning: link to a missing post: ./2020-01-01-gone.md",
    ]
    assert not build_site(site, strict=True).ok


def test_images_beside_a_single_file_post(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n![d](img/d.png)\n",
        "content/posts/img/d.png": b"\x89PNG fake",
    })  # fmt: skip
    assert build_site(site, base_url="https://me.github.io/repo/").ok
    assert (site / "public/posts/a/img/d.png").read_bytes() == b"\x89PNG fake"
    assert 'src="/repo/posts/a/img/d.png"' in read(site, "posts/a/index.html")
    feed = read(site, "atom.xml")
    assert "src=&#34;https://me.github.io/repo/posts/a/img/d.png&#34;" in feed
    assert 'xml:base="https://me.github.io/repo/posts/a/"' in feed


def test_markdown_html_false_escapes_raw_html(make_site: SiteFactory) -> None:
    site = make_site(
        {"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n<script>x()</script> hi\n"},
        config="title: T\nbase_url: /\nmarkdown:\n  html: false\n",
    )
    assert build_site(site).ok
    page = read(site, "posts/a/index.html")
    assert "&lt;script&gt;x()&lt;/script&gt; hi" in page


def test_math_false_leaves_dollars_alone(make_site: SiteFactory) -> None:
    site = make_site(
        {"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\nmath: false\n---\n$x$\n"}
    )
    assert build_site(site).ok
    page = read(site, "posts/a/index.html")
    assert "<p>$x$</p>" in page and "katex-html" not in page


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("字" * 800, 2),
        ("word " * 400, 2),
        ("字" * 400 + " word" * 200, 2),
        ("短", 1),
        ("字" * 2000, 5),
    ],
)
def test_reading_time(text: str, minutes: int) -> None:
    assert reading_minutes(text) == minutes


def test_formulas_and_code_take_reading_time(make_site: SiteFactory) -> None:
    """A note of formulas and code read as "约 1 分钟读完": only its prose was counted. Their
    source's words count too, as Hugo and Hexo count them: 24 formulas of 25 words and 16
    lines of code of 11 words a block, 776 words at 200 a minute."""
    formula = (
        "$$\n\\mathcal{L}(\\theta) = -\\sum_{i=1}^{N} \\log p_\\theta(x_i \\mid z_i)"
        " + \\beta \\, \\mathrm{KL}(q_\\phi(z \\mid x) \\,\\|\\, p(z))\n$$\n\n"
    )
    code = "```python\nfor step, batch in enumerate(loader):\n    loss = model(batch).mean()\n"
    code += "    loss.backward()\n```\n\n"
    body = "于是：\n\n" + formula * 24 + code * 16
    site = make_site({"content/posts/a.md": f"---\ntitle: A\ndate: 2024-01-01\n---\n{body}"})
    assert build_site(site).ok
    assert "约 4 分钟读完" in read(site, "posts/a/index.html")
    assert reading_minutes("于是", ["x " * 780]) == 4


def test_heading_math_rendered_once_in_toc(make_site: SiteFactory) -> None:
    body = "## 复杂度 $O(N^2)$\n\ntext\n\n### [链接](https://x.org) 小节\n"
    site = make_site({"content/posts/a.md": f"---\ntitle: A\ndate: 2024-01-01\n---\n{body}"})
    assert build_site(site).ok
    page = read(site, "posts/a/index.html")
    toc = page[page.index('<details class="toc"') : page.index("</details>")]
    assert toc.count('class="katex"') == 1
    assert 'href="#复杂度-on2"' in toc
    assert "https://x.org" not in toc  # a link inside a heading is plain text in the TOC
    assert 'class="toc-h3"' in toc
