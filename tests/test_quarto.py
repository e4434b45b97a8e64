"""Posts written for Quarto (or pandoc and R Markdown) moved into a site: what a reader of
the built page sees of their callouts, fenced divs, cross references, code chunks, spans
and front matter."""

from __future__ import annotations

import os
import re
from pathlib import Path

from conftest import SiteFactory, build_site, read

FRONT = "---\ntitle: Notes\ndate: 2024-03-01\n---\n"


def _built(
    make_site: SiteFactory, body: str, name: str = "content/posts/n/index.md", **files: str
) -> tuple[Path, list[str]]:
    site = make_site({name: FRONT + body, **files}, "title: T\nbase_url: https://t.example/\n"
                     "language: en\n")  # fmt: skip
    result = build_site(site)
    return site, [str(w) for w in result.report.sorted()]


def _article(site: Path, page: str = "posts/n/index.html") -> str:
    html = read(site, page)
    return html[html.index('<div class="post-body') : html.index("</article>")]


def _boxes(html: str) -> list[str]:
    return re.findall(r'<(?:div|details) class="admonition[^"]*"[^>]*>.*?</(?:div|details)>', html,
                      re.DOTALL)  # fmt: skip


def test_qmd_files_are_posts_and_quarto_front_matter_builds(make_site: SiteFactory) -> None:
    front = (
        '---\ntitle: "Scaling laws, read slowly"\ndate: last-modified\nauthor: "R. Chen"\n'
        "categories: [reading, scaling]\n"
        'description: "What the compute-optimal frontier says, in two plots."\n'
        "image: frontier.png\ndraft: false\nformat:\n  html:\n    code-fold: true\n---\n"
    )  # fmt: skip
    body = "Loss falls as a power of compute.\n"
    site = make_site({"content/posts/scaling/index.qmd": front + body,
                      "content/posts/other.qmd": FRONT + body})  # fmt: skip
    os.utime(site / "content/posts/scaling/index.qmd", (1.7e9, 1.7e9))  # before the build's now
    result = build_site(site)
    warnings = [str(w) for w in result.report.sorted()]
    assert warnings == [
        "content/posts/scaling/index.qmd:3: warning: date: last-modified is the file's "
        "modified time, which every fresh clone (and so the Pages workflow) changes: the post "
        "moves to the top of the site at each publish; write its date, date: YYYY-MM-DD"
    ]
    assert "Loss falls as a power of compute." in _article(site, "posts/scaling/index.html")
    assert "Loss falls" in _article(site, "posts/other/index.html")
    home = read(site, "index.html")
    assert "What the compute-optimal frontier says, in two plots." in home
    assert "/categories/reading/" in home


def test_quarto_callouts_are_the_boxes_other_callouts_make(make_site: SiteFactory) -> None:
    body = (
        "::: tip\nClip the gradients.\n:::\n\n"
        "::: {.callout-tip}\nClip the gradients.\n:::\n\n"
        '::: {.callout-warning title="Mixed precision" collapse="true" icon=false}\n'
        "Loss scaling avoids underflow.\n:::\n\n"
        '::: {.callout-important appearance="simple"}\n## Check the *seed*\n\n'
        "Runs differ by 0.3 points.\n:::\n\n"
        "::: {.callout-note collapse=false}\nOpen by default.\n:::\n\n"
        ":::: {.callout-caution}\nOuter.\n\n::: {.column-margin}\nA remark.\n:::\n::::\n\n"
        "::: {.rmdwarning}\nBookdown's box.\n:::\n"
    )
    site, warnings = _built(make_site, body)
    assert warnings == []
    html = _article(site)
    assert ":::" not in html and "callout-" not in html and "{." not in html
    boxes = _boxes(html)
    assert boxes[0] == boxes[1] and boxes[0].startswith('<div class="admonition tip">')
    assert boxes[2].startswith('<details class="admonition warning">\n<summary')
    assert "Mixed precision</summary>" in boxes[2]
    assert "<p>Loss scaling avoids underflow.</p>" in boxes[2]
    assert boxes[3].startswith('<div class="admonition important">')
    assert "</span>Check the <em>seed</em></p>" in boxes[3] and "<h2" not in boxes[3]
    assert boxes[4].startswith('<details class="admonition note" open>')
    assert boxes[5].startswith('<div class="admonition caution">')
    assert "<p>Outer.</p>\n<p>A remark.</p>" in html
    assert boxes[6].startswith('<div class="admonition warning">')
    assert "Bookdown's box." in boxes[6]


def test_fenced_divs_show_their_content_and_warn_about_unknown_classes(
    make_site: SiteFactory,
) -> None:
    body = (
        ':::: {.columns}\n::: {.column width="40%"}\nLeft side.\n:::\n'  # 5
        '::: {.column width="60%"}\nRight side.\n:::\n::::\n\n'
        "::: {.panel-sidebar}\n## PyTorch\n\nTorch code.\n:::\n\n"  # 14
        "::: {#note-a}\nA named block.\n:::\n"
    )
    site, warnings = _built(make_site, body)
    assert warnings == [
        "content/posts/n/index.md:14: warning: ::: {.panel-sidebar} has no meaning on this "
        "site: its content is shown as plain Markdown"
    ]
    html = _article(site)
    assert "::" not in html and "{." not in html
    assert "<p>Left side.</p>\n<p>Right side.</p>" in html
    assert '<h2 id="pytorch">PyTorch</h2>\n<p>Torch code.</p>' in html
    assert '<div id="note-a">\n<p>A named block.</p>\n</div>' in html


def test_a_tabset_shows_each_tab_as_a_labelled_section(make_site: SiteFactory) -> None:
    body = (
        '::: {.panel-tabset group="framework"}\nBoth frameworks:\n\n'
        "## PyTorch\n\n```python\nx = torch.ones(2)\n```\n\n### Notes\n\nEager.\n\n"
        "## JAX\n\n```python\nx = jnp.ones(2)\n```\n:::\n"
    )
    site, warnings = _built(make_site, body)
    assert warnings == []
    html = _article(site)
    assert ":::" not in html and "panel-tabset" not in html and "group=" not in html
    tabs = html[html.index('<div class="tabbed-set">') :]
    blocks = re.findall(r'<div class="tabbed-block">\n<h2 id="(\w+)">(\w+)</h2>', tabs)
    assert blocks == [("pytorch", "PyTorch"), ("jax", "JAX")]  # a ### stays in its tab
    assert '<h3 id="notes">Notes</h3>\n<p>Eager.</p>\n</div>\n<div class="tabbed-block">' in tabs
    assert "<p>Both frameworks:</p>" in html[: html.index('<div class="tabbed-block">')]
    assert html.count('<span class="n">torch</span>') == html.count('"n">jnp</span>') == 1
    toc = read(site, "posts/n/index.html")
    assert 'href="#pytorch"' in toc and 'href="#jax"' in toc  # the tabs are in the contents
    excerpt = re.sub(r"<[^>]+>", "", read(site, "index.html"))
    assert "Both frameworks: PyTorch [代码] Notes Eager. JAX [代码]" in excerpt


def test_table_captions_caption_and_number_their_tables(make_site: SiteFactory) -> None:
    body = (
        "| run | loss |\n|---|---|\n| a | 0.3 |\n\n: Loss per run {#tbl-loss}\n\n"  # 5
        "Table: Above its table {#tbl-above}\n\n| x |\n|---|\n| 1 |\n\n"  # 11
        "| y |\n|---|\n| 2 |\n: Right under, no blank line {#tbl-tight}\n\n"  # 16
        "| z |\n|---|\n| 3 |\n\n: No id, so no number\n\n"  # 21
        "## Results\n\n: not beside a table\n\n"  # 27
        "See @tbl-loss, @tbl-above and @tbl-tight.\n"  # 31
    )
    site, warnings = _built(make_site, body)
    assert warnings == []
    html = _article(site)
    assert "{#tbl" not in html and "Table:" not in html
    captions = re.findall(r"<table(?: id=\"([^\"]*)\")?>\n<caption>(.*?)</caption>", html)
    assert captions == [
        ("tbl-loss", "Table 1: Loss per run"),
        ("tbl-above", "Table 2: Above its table"),
        ("tbl-tight", "Table 3: Right under, no blank line"),
        ("", "No id, so no number"),
    ]
    assert "<td>Right under" not in html  # not a row of the table
    assert "<p>: not beside a table</p>" in html
    assert (
        'See <a href="#tbl-loss">Table 1</a>, <a href="#tbl-above">Table 2</a> and '
        '<a href="#tbl-tight">Table 3</a>.'
    ) in html


def test_a_table_div_s_last_paragraph_is_its_caption(make_site: SiteFactory) -> None:
    """Quarto's other way to caption a table: a `::: {#tbl-…}` div holding the table, with
    the caption as its last paragraph."""
    body = (
        "::: {#tbl-runs}\n| run | loss |\n|---|---|\n| a | 0.3 |\n\nLoss **per** run.\n:::\n\n"
        "::: {#tbl-bare}\n| x |\n|---|\n| 1 |\n:::\n\n"  # no caption: the div keeps its id
        "See @tbl-runs and @tbl-bare.\n"
    )
    site, warnings = _built(make_site, body)
    assert warnings == []
    html = _article(site)
    caption = "<caption>Table 1: Loss <strong>per</strong> run.</caption>"
    assert f'<table id="tbl-runs">\n{caption}' in html
    assert "<p>Loss" not in html and html.count('id="tbl-runs"') == 1
    assert '<div id="tbl-bare">\n<table>' in html
    assert 'See <a href="#tbl-runs">Table 1</a> and <a href="#tbl-bare">Table 2</a>.' in html


def test_quarto_cross_references_link_and_number(make_site: SiteFactory) -> None:
    body = (
        "## Setup {#sec-setup}\n\n"  # 5
        "$$\nL(\\theta) = \\frac{1}{n}\\sum_i \\ell_i\n$$ {#eq-loss}\n\n"  # 7
        "$$ g = \\nabla L $$ {#eq-grad}\n\n"  # 11
        "![Validation loss](loss.png){#fig-loss width=60%}\n\n"  # 13
        "::: {#fig-pair layout-ncol=2}\n![](a.png)\n\n![](b.png)\n\nTwo runs.\n:::\n\n"  # 15
        "From @eq-loss we get @eq-grad, as @sec-setup says; see @fig-loss and @fig-pair.\n"  # 23
        "Mail me at me@fig-lab.org. But @fig-none and @eq-none name nothing.\n"  # 24
    )
    files = {f"content/posts/n/{n}.png": "" for n in ("loss", "a", "b")}
    site, warnings = _built(make_site, body, **files)
    assert warnings == [
        "content/posts/n/index.md:24: warning: @eq-none names no equation ($$ … $$ {#eq-…}) "
        "of this post; the reference is shown as written",
        "content/posts/n/index.md:24: warning: @fig-none names no figure "
        "(![Caption](image.png){#fig-…}) of this post; the reference is shown as written",
    ]
    html = _article(site)
    assert "{#eq-" not in html and "{#fig-" not in html and "{#sec-" not in html
    assert '<h2 id="sec-setup">Setup</h2>' in html
    assert html.count('class="math-display"') == 2
    assert html.count('<mtd class ="mml-eqn-num"></mtd>') == 2  # KaTeX's (1) and (2)
    assert (
        'From <a class="eqref" href="#eq-loss">(1)</a> we get '
        '<a class="eqref" href="#eq-grad">(2)</a>, as <a href="#sec-setup">Setup</a> says; '
        'see <a href="#fig-loss">Figure 1</a> and <a href="#fig-pair">Figure 2</a>.'
    ) in html
    assert '<span id="eq-loss">' in html and '<span id="eq-grad">' in html
    assert "<figcaption>Figure 1: Validation loss</figcaption>" in html
    assert 'id="fig-loss" width="60%"' in html
    assert '<div id="fig-pair">' in html
    assert "me@fig-lab.org" in html and "@fig-none and @eq-none" in html


def test_code_chunks_are_highlighted_without_their_options(make_site: SiteFactory) -> None:
    body = (
        "```{python}\n#| label: fig-curve\n#| echo: false\n"  # 5
        "import torch\nprint(torch.ones(2))\n```\n\n"
        "```{r setup, include=FALSE}\nlibrary(ggplot2)\n```\n\n"
        "```{r}\n#| eval: false\nfit <- lm(y ~ x)\n```\n"
    )
    site, warnings = _built(make_site, body)
    # echo: false hides the code to show the output, which mlblog cannot make: the code
    # stays (else the chunk leaves nothing), and the warning says how to get the output
    assert warnings == [
        "content/posts/n/index.md:5: warning: ```{python} chunk with echo: false: its code is "
        "shown, as mlblog runs no code and its output (printed values, plots) is not on the "
        "page; to show the output alone, render the post with Quarto first (quarto render "
        "post.qmd --to gfm) and build what it writes, or remove `echo: false` if the code is "
        "what readers should see"
    ]
    html = _article(site)
    assert "#|" not in html and "ggplot2" not in html and "print" in html
    (site / "content/posts/n/index.md").write_text(
        FRONT + body.replace("#| echo: false\n", ""), encoding="utf-8"
    )
    assert [str(w) for w in build_site(site).report.sorted()] == [
        "content/posts/n/index.md:5: warning: ```{python} chunks are shown as code, not run: "
        "their output (printed values, plots) is not on the page; to keep it, render the post "
        "with Quarto first (quarto render post.qmd --to gfm) and build what it writes"
    ]
    assert '<div class="code-block" data-lang="python">' in html
    assert '<span class="kn">import</span>' in html
    assert '<div class="code-block" data-lang="r">' in html and "lm" in html


def test_a_python_chunk_s_cell_magic_chooses_its_language(make_site: SiteFactory) -> None:
    """Quarto runs Python chunks in Jupyter, where `%%bash` and `%%sql` hand the cell to
    another program, as in a notebook; the page highlighted them as Python."""
    body = (
        "```{python}\n#| code-fold: true\n%%bash\nls $HOME\n```\n\n"
        "```{python}\n%%sql\nSELECT name FROM runs;\n```\n\n"
        "```{python}\n%%time\nx = sum(range(10))\n```\n\n"
        "```{r}\n%%bash\nx <- 1\n```\n"
    )
    site, _warnings = _built(make_site, body)
    html = _article(site)
    langs = re.findall(r'<div class="code-block" data-lang="([^"]*)"', html)
    assert langs == ["bash", "sql", "python", "r"]  # a magic is IPython's: R's chunk stays R
    assert '<span class="nv">$HOME</span>' in html and '<span class="k">SELECT</span>' in html
    assert html.index('<details class="code-fold">') < html.index("$HOME")  # still folded
    assert re.sub(r"<[^>]+>", "", html).count("%%bash") == 2  # the line stays: the cell runs


def test_pandoc_spans_and_inline_notes(make_site: SiteFactory) -> None:
    body = (
        "[Adam]{.smallcaps} with [warm-up]{.underline}, [not]{.mark} plain, "
        "[kept]{.aside-note}.^[Inline notes were already read.]\n"
    )
    site, warnings = _built(make_site, body)
    assert warnings == []
    html = _article(site)
    assert "]{" not in html
    assert '<span class="smallcaps" style="font-variant: small-caps">Adam</span>' in html
    assert "<u>warm-up</u>, <mark>not</mark> plain, kept." in html
    assert "Inline notes were already read." in html


def test_a_minus_reference_shows_the_number_alone(make_site: SiteFactory) -> None:
    body = (
        "![Loss](loss.png){#fig-loss}\n\n| a |\n|---|\n| 1 |\n\n: Runs {#tbl-runs}\n\n"
        "::: {#thm-a}\nTrue.\n:::\n\n## Setup {#sec-setup}\n\n"
        "Figures -@fig-loss, Table -@tbl-runs, Theorem -@thm-a; -@sec-setup and @fig-loss.\n"
    )
    site, warnings = _built(make_site, body, **{"content/posts/n/loss.png": ""})
    assert warnings == []
    assert (
        'Figures <a href="#fig-loss">1</a>, Table <a href="#tbl-runs">1</a>, '
        'Theorem <a href="#thm-a">1</a>; <a href="#sec-setup">Setup</a> and '
        '<a href="#fig-loss">Figure 1</a>.'
    ) in _article(site)
