"""MyST's numbered tables and code listings (Jupyter Book's numfig), and `{numref}` to
them and to sections, as a reader of the built page sees them."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SiteFactory, build_site, read
from notebooks import png_bytes

FRONT = "---\ntitle: Notes\ndate: 2024-03-01\n---\n"
ENGLISH = "title: T\nbase_url: https://t.example/\nlanguage: en\n"
TABLES = (
    "```{table} Accuracy per *seed*\n:name: tbl-acc\n\n| seed | acc |\n|---|---|\n| 1 | 0.9 |\n"
    "```\n\n"
    "```{list-table} Hyper-parameters\n:header-rows: 1\n:stub-columns: 1\n:name: tbl-hp\n\n"
    "* - Name\n  - Value\n* - lr\n  - $10^{-3}$\n```\n\n"
    "```{code-block} python\n:caption: Training loop\n:name: code-train\n\n"
    "for x in data:\n    step(x)\n```\n\n"
)


def _built(make_site: SiteFactory, body: str, config: str | None = None) -> tuple[Path, list[str]]:
    """The site of one post, and its build's warnings."""
    files = {"content/posts/n/index.md": FRONT + body}
    site = make_site({**files, "site.yaml": config} if config else files)
    result = build_site(site)
    assert result.ok
    return site, [str(w) for w in result.report.sorted()]


def _article(site: Path) -> str:
    page = read(site, "posts/n/index.html")
    return page[page.index("<article") : page.index("</article>")]


def test_tables_and_captioned_code_blocks_are_numbered_and_numref_shows_the_number(
    make_site: SiteFactory,
) -> None:
    """`{table}` and `{list-table}` were directives mlblog did not know (the caption lost, a
    list-table shown as nested bullets) and a code block's caption had no number: a
    `{numref}` to any of them showed its label as plain text, with a warning."""
    body = TABLES + (
        "See {numref}`tbl-acc`, {numref}`Tab. %s <tbl-hp>`, {numref}`code-train`, "
        "{numref}`Listing {number}: {name} <code-train>`; {ref}`tbl-acc`.\n"
    )
    site, warnings = _built(make_site, body, ENGLISH)
    assert warnings == []
    html = _article(site)
    assert "{table}" not in html and "{list-table}" not in html and ":name:" not in html
    assert re.findall(r"<caption>\s*(.*?)</caption>", html) == [
        '<span class="caption-number">Table 1 </span>Accuracy per <em>seed</em>',
        '<span class="caption-number">Table 2 </span>Hyper-parameters',
    ]
    assert '<table id="tbl-acc">' in html and '<table id="tbl-hp">' in html
    hp = html[html.index('<table id="tbl-hp">') : html.index("</table>", html.index("tbl-hp"))]
    cells = [(tag, text[:19]) for tag, text in re.findall(r"<(t[hd])>(.*?)</\1>", hp, re.DOTALL)]
    assert cells == [("th", "Name"), ("th", "Value"), ("th", "lr"), ("td", '<span class="katex"')]
    assert hp.index("</thead>") < hp.index("<th>lr</th>")  # one header row
    assert "<li>" not in hp
    assert (
        '<span id="code-train"></span>\n<div class="code-block" data-lang="python">'
        '<div class="code-title"><span class="caption-number">Listing 1 </span>Training loop'
        "</div>"
    ) in html
    assert (
        'See <a href="#tbl-acc">Table 1</a>, <a href="#tbl-hp">Tab. 2</a>, '
        '<a href="#code-train">Listing 1</a>, <a href="#code-train">Listing 1: Training loop'
        '</a>; <a href="#tbl-acc">Accuracy per <em>seed</em></a>.'
    ) in html


def test_a_chinese_site_numbers_them_in_its_own_words(make_site: SiteFactory) -> None:
    site, warnings = _built(make_site, TABLES + "如{numref}`tbl-hp`与{numref}`code-train`所示。\n")
    assert warnings == []
    html = _article(site)
    assert '<span class="caption-number">表 1 </span>Accuracy' in html
    assert '<span class="caption-number">代码清单 1 </span>Training loop' in html
    assert '如<a href="#tbl-hp">表 2</a>与<a href="#code-train">代码清单 1</a>所示' in html


def test_figures_tables_and_listings_are_counted_apart(make_site: SiteFactory) -> None:
    body = (
        "```{figure} a.png\n:name: fig-a\n\nLoss.\n```\n\n" + TABLES +
        "{numref}`fig-a`, {numref}`tbl-acc`, {numref}`code-train`.\n"
    )  # fmt: skip
    site, _ = _built(make_site, body, ENGLISH)
    html = _article(site)
    assert (
        '<a href="#fig-a">Fig. 1</a>, <a href="#tbl-acc">Table 1</a>, '
        '<a href="#code-train">Listing 1</a>.'
    ) in html


def test_numref_to_an_unnumbered_section_shows_its_title_without_a_warning(
    make_site: SiteFactory,
) -> None:
    """Jupyter Book numbers sections only when its table of contents asks; a post has none,
    so a `{numref}` to a heading shows its title: "Section %s" showed "Section Setup"."""
    body = (
        "(sec-setup)=\n## Setup\n\nText.\n\n"
        "As {numref}`sec-setup`, {numref}`Section %s <sec-setup>`, "
        "{numref}`第 {number} 节 <sec-setup>` and {numref}`the {name} part <sec-setup>` say.\n"
    )
    site, warnings = _built(make_site, body, ENGLISH)
    assert warnings == []
    assert (
        'As <a href="#sec-setup">Setup</a>, <a href="#sec-setup">Setup</a>, '
        '<a href="#sec-setup">Setup</a> and <a href="#sec-setup">the Setup part</a> say.'
    ) in _article(site)


def test_what_cannot_be_numbered_is_said_at_its_line(make_site: SiteFactory) -> None:
    body = (
        "```{code-block} python\n:name: code-bare\n\nx = 1\n```\n\n"  # lines 5-9
        "See {numref}`code-bare`.\n\n"  # line 11
        "```{list-table} Not rows\n\n* a\n* b\n```\n\n"  # line 13
        "```{table} Empty\nJust text.\n```\n\n"  # line 19
        "```{list-table} Ragged\n* - a\n  - b\n* - c\n```\n"  # line 23
    )
    site, warnings = _built(make_site, body, ENGLISH)
    post = "content/posts/n/index.md"
    assert warnings == [
        f"{post}:11: warning: {{numref}}`code-bare` names a code block without a :caption:, "
        "and only captioned ones are numbered: the reference shows its name",
        f"{post}:13: warning: {{list-table}} is a list of rows, each a list of its cells "
        "(* - a, then   - b under it): its content is shown as it is",
        f"{post}:19: warning: {{table}} holds no table: its content is shown as it is "
        "(write a pipe table, | a | b |, in its body)",
        f"{post}:23: warning: {{list-table}}'s rows have different numbers of cells: "
        "the table has gaps",
    ]
    html = _article(site)
    assert 'See <a href="#code-bare">code-bare</a>.' in html
    assert "<li>a</li>" in html and "<p>Just text.</p>" in html
    assert re.search(r"Ragged</caption>\n<tbody>\n<tr>\n<td>a</td>\n<td>b</td>\n</tr>\n"
                     r"<tr>\n<td>c</td>\n</tr>", html)  # fmt: skip


def test_numref_to_an_equation_keeps_the_words_of_its_template(make_site: SiteFactory) -> None:
    """`{numref}`Eq. %s <eq-loss>`` showed "(1)" alone: its "Eq." was dropped."""
    body = (
        "```{math}\n:label: eq-loss\nL = x^2\n```\n\n"
        "By {numref}`Eq. %s <eq-loss>`, {numref}`式 {number} <eq-loss>`, {numref}`eq-loss` "
        "and {numref}`the loss <eq-loss>`.\n"
    )
    site, warnings = _built(make_site, body, ENGLISH)
    assert warnings == []
    link = '<a class="eqref" href="#eq-loss">(1)</a>'
    assert f"By Eq. {link}, 式 {link}, {link} and {link}." in _article(site)


def test_numref_to_an_uncaptioned_figure_says_why_it_has_no_number(
    make_site: SiteFactory,
) -> None:
    """Only captioned figures are numbered: a `{numref}` to another showed its name with no
    word of why."""
    body = (
        "```{figure} a.png\n:name: fig-bare\n```\n\n"
        ":::{image} a.png\n:name: img-a\n:::\n\n"
        "See {numref}`fig-bare` and {numref}`img-a`.\n"  # line 13
    )
    site = make_site({"content/posts/n/index.md": FRONT + body, "site.yaml": ENGLISH,
                      "content/posts/n/a.png": png_bytes(8, 8)})  # fmt: skip
    result = build_site(site)
    warnings = [str(w) for w in result.report.sorted()]
    post = "content/posts/n/index.md"
    assert warnings == [
        f"{post}:13: warning: {{numref}}`fig-bare` names a figure without a caption (write it "
        "under the figure's options), and only captioned ones are numbered: the reference "
        "shows its name",
        f"{post}:13: warning: {{numref}}`img-a` names an {{image}}, which has no caption (make "
        "it a {figure} with one), and only captioned ones are numbered: the reference shows "
        "its name",
    ]
    assert 'See <a href="#fig-bare">fig-bare</a> and <a href="#img-a">img-a</a>.' in (
        _article(site)
    )
