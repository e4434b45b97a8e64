"""Theorem-style boxes from Quarto (`::: {#thm-…}`) and MyST's sphinx-proof (`{prf:theorem}`),
and the references to them, as a reader of the built page sees them."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import SiteFactory, build_site, read
from mlblog.render.result import Rendered

FRONT = "---\ntitle: Notes\ndate: 2024-03-01\n---\n"


def _built(make_site: SiteFactory, body: str, language: str = "en") -> tuple[Path, list[str]]:
    config = f"title: T\nbase_url: https://t.example/\nlanguage: {language}\n"
    site = make_site({"content/posts/n/index.md": FRONT + body}, config)
    result = build_site(site)
    return site, [str(w) for w in result.report.sorted()]


def _article(site: Path) -> str:
    page = read(site, "posts/n/index.html")
    return page[page.index('<div class="post-body') : page.index("</article>")]


def _titles(html: str) -> list[str]:
    """Each box's class and header, as text: "theorem-thm thm-convex: Theorem 1 (Convexity)"."""
    box = r'<div class="theorem (theorem-\w+)"(?: id="([^"]*)")?>\n'
    found = re.findall(box + r'<p class="theorem-title">(.*?)</p>', html)
    return [f"{css} {own}: {re.sub(r'<[^>]+>', '', head)}".replace("  ", " ")
            for css, own, head in found]  # fmt: skip


def test_quarto_theorem_divs_are_numbered_boxes_that_references_link_to(
    make_site: SiteFactory,
) -> None:
    body = (
        "::: {#thm-convex}\n## Convexity\n\nA convex function has one minimum.\n:::\n\n"  # 5
        '::: {#lem-bound name="A *bound*"}\nThe gradient is bounded.\n:::\n\n'  # 11
        "::: {#thm-second}\nAnother one.\n:::\n\n"  # 15
        "::: {.proof}\nBy @lem-bound.\n:::\n\n"  # 19
        "::: {#def-smooth}\nSmooth.\n:::\n\n::: {.remark}\nA remark.\n:::\n\n"  # 23
        "See @thm-convex, @thm-second and @def-smooth; me@thm-lab.org is mail.\n"  # 31
        "But @thm-none and @lem-gone name nothing.\n"  # 32
    )
    site, warnings = _built(make_site, body)
    assert warnings == [
        "content/posts/n/index.md:32: warning: @lem-gone names no lemma (::: {#lem-…}) of "
        "this post; the reference is shown as written",
        "content/posts/n/index.md:32: warning: @thm-none names no theorem (::: {#thm-…}) of "
        "this post; the reference is shown as written",
    ]
    html = _article(site)
    assert ":::" not in html and "{#" not in html and "{." not in html and "name=" not in html
    assert _titles(html) == [
        "theorem-thm thm-convex: Theorem 1 (Convexity)",
        "theorem-lem lem-bound: Lemma 1 (A bound)",
        "theorem-thm thm-second: Theorem 2",
        "theorem-proof : Proof",
        "theorem-def def-smooth: Definition 1",
        "theorem-remark : Remark",
    ]
    assert "(A <em>bound</em>)</p>\n<p>The gradient is bounded.</p>\n</div>" in html
    assert '<h2 id="convexity">' not in html  # the title heading is the box's header
    assert (
        '<p>By <a href="#lem-bound">Lemma 1</a>.</p>\n<p class="theorem-qed">∎</p>\n</div>' in html
    )
    assert "<p>A remark.</p>\n</div>" in html  # no ∎ but for proofs
    assert (
        'See <a href="#thm-convex">Theorem 1</a>, <a href="#thm-second">Theorem 2</a> and '
        '<a href="#def-smooth">Definition 1</a>; <a href="mailto:me@thm-lab.org">me@thm-lab.org</a>'
    ) in html
    assert "But @thm-none and @lem-gone name nothing." in html


def test_myst_prf_directives_are_the_same_boxes_and_prf_ref_links_to_them(
    make_site: SiteFactory,
) -> None:
    body = (
        "```{prf:theorem} Pythagoras\n:label: pyth\n\n"  # 5
        "$a^2 + b^2 = c^2$ for a right triangle.\n```\n\n"
        ":::{prf:lemma}\n:label: my-lemma\nA helper.\n:::\n\n"  # 11
        "```{prf:proof}\nFollows from {prf:ref}`my-lemma`.\n```\n\n"  # 16
        "```{prf:definition} Unnumbered\n:nonumber:\nNo number.\n```\n\n"  # 20
        "```{prf:algorithm} Adam\n:label: alg-adam\nSteps.\n```\n\n"  # 25
        ":::{prf:lemma}\nA second lemma.\n:::\n\n"  # 30
        "By {prf:ref}`pyth`, {prf:ref}`the helper <my-lemma>` and {prf:ref}`alg-adam`.\n"  # 34
        "Not {prf:ref}`nowhere`.\n"  # 35
    )
    site, warnings = _built(make_site, body)
    assert warnings == [
        "content/posts/n/index.md:35: warning: {prf:ref}`nowhere` names no {prf:…} box with "
        "that :label: in this post; the reference is shown as its text"
    ]
    html = _article(site)
    assert "prf:" not in html and ":label:" not in html and ":::" not in html
    assert _titles(html) == [
        "theorem-thm pyth: Theorem 1 (Pythagoras)",
        "theorem-lem my-lemma: Lemma 1",
        "theorem-proof : Proof",
        "theorem-def : Definition (Unnumbered)",
        "theorem-algorithm alg-adam: Algorithm 1 (Adam)",
        "theorem-lem : Lemma 2",
    ]
    assert 'Follows from <a href="#my-lemma">Lemma 1</a>.</p>\n<p class="theorem-qed">∎</p>' in html
    assert (
        'By <a href="#pyth">Theorem 1</a>, <a href="#my-lemma">the helper</a> and '
        '<a href="#alg-adam">Algorithm 1</a>.'
    ) in html
    assert "Not nowhere." in html
    assert html.count('class="katex"') == 1  # the theorem's body is Markdown, math and all


def test_a_chinese_site_names_the_boxes_in_its_words(make_site: SiteFactory) -> None:
    body = (
        "::: {#thm-a}\n## 凸性\n\n正文。\n:::\n\n::: {#exm-b}\n例子。\n:::\n\n"
        "::: {.proof}\n证毕。\n:::\n\n```{prf:lemma} 有界\n:label: c\n引理。\n```\n\n"
        "由 @thm-a 与 {prf:ref}`c` 可知。\n\n| a |\n|---|\n| 1 |\n\n: 结果 {#tbl-r}\n"
    )
    site, warnings = _built(make_site, body, "zh-CN")
    assert warnings == []
    html = _article(site)
    assert _titles(html) == [
        "theorem-thm thm-a: 定理 1（凸性）",
        "theorem-exm exm-b: 例 1",
        "theorem-proof : 证明",
        "theorem-lem c: 引理 1（有界）",
    ]
    assert '由 <a href="#thm-a">定理 1</a> 与 <a href="#c">引理 1</a> 可知。' in html
    assert "<caption>表 1：结果</caption>" in html  # a Chinese colon, full-width


def test_the_excerpt_reads_a_box_as_its_name_and_text(
    render: Callable[..., Rendered],
) -> None:
    body = (
        "::: {#thm-convex}\n## Convexity\n\nA convex function has one minimum.\n:::\n\n"
        "::: {.proof}\nBy $f'' > 0$.\n:::\n\n"
        "```{prf:lemma} Bound\n:label: b\nSmall.\n```\n"
    )
    assert render(body).excerpt == (
        "Theorem 1 (Convexity) A convex function has one minimum. Proof By [Math]. "
        "Lemma 1 (Bound) Small."
    )
