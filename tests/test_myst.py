"""Course notes written in MyST Markdown (Jupyter Book, mystmd) copied into a site: their
directives, targets and roles as a reader of the built page sees them."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SiteFactory, build_site, read
from notebooks import png_bytes
from test_math_authoring import seen

FRONT = "---\ntitle: Notes\ndate: 2024-03-01\n---\n"
BIB = """\
@article{lecun1998,
  author = {LeCun, Yann and Bottou, Leon and Bengio, Yoshua and Haffner, Patrick},
  title = {Gradient-Based Learning Applied to Document Recognition},
  journal = {Proceedings of the IEEE},
  year = {1998}
}
@inproceedings{he2016,
  author = {He, Kaiming and Zhang, Xiangyu},
  title = {Deep Residual Learning},
  booktitle = {CVPR},
  year = {2016}
}
"""


def _built(make_site: SiteFactory, body: str, **files: str | bytes) -> tuple[Path, list[str]]:
    """The site of one post, and its build's warnings."""
    site = make_site({"content/posts/n/index.md": FRONT + body, **files})
    result = build_site(site)
    return site, [str(w) for w in result.report.sorted()]


def _article(site: Path) -> str:
    page = read(site, "posts/n/index.html")
    return page[page.index("<article") : page.index("</article>")]


def _boxes(html: str) -> list[str]:
    return re.findall(r'<(?:div|details) class="admonition[^"]*"[^>]*>.*?</(?:div|details)>', html,
                      re.DOTALL)  # fmt: skip


def test_admonitions_are_the_boxes_a_colon_admonition_makes(make_site: SiteFactory) -> None:
    body = (
        "::: tip\nScale the learning rate with the batch.\n:::\n\n"
        "```{tip}\nScale the learning rate with the batch.\n```\n\n"
        ":::{tip}\nScale the learning rate with the batch.\n:::\n\n"
        "```{note}\nWarm-up helps *large* batches.\n```\n\n"
        "```{admonition} Rule of thumb\n:class: tip\n\nDouble the batch, double the rate.\n```\n\n"
        ":::{warning}\nDivergence after epoch 3.\n:::\n\n"
        "```{dropdown} Why it works\nThe noise scale stays the same.\n```\n"
    )
    site, warnings = _built(make_site, body)
    assert warnings == []
    html = _article(site)
    assert "{tip}" not in html and "{note}" not in html and ":class:" not in html
    boxes = _boxes(html)
    assert len(boxes) == 7
    assert boxes[0] == boxes[1] == boxes[2]  # the same box, however it is written
    assert boxes[0].startswith('<div class="admonition tip">\n<p class="admonition-title"')
    assert "<p>Warm-up helps <em>large</em> batches.</p>" in boxes[3]
    assert boxes[3].startswith('<div class="admonition note">')
    assert boxes[4].startswith('<div class="admonition tip">')
    assert "</span>Rule of thumb</p>" in boxes[4]
    assert "<p>Double the batch, double the rate.</p>" in boxes[4]
    assert boxes[5].startswith('<div class="admonition warning">')
    assert boxes[6].startswith('<details class="admonition note">\n<summary')
    assert "Why it works</summary>" in boxes[6]


def test_labelled_math_is_numbered_and_eq_roles_link_to_it(make_site: SiteFactory) -> None:
    body = (
        "```{math}\n:label: eq-loss\n"  # 5
        "L(\\theta) = -\\sum_i \\log p_\\theta(y_i \\mid x_i)\n```\n\n"
        "$$\n\\nabla L = 0\n$$ (eq-grad)\n\n"
        "Minimising {eq}`eq-loss` means solving {numref}`eq-grad`.\n"
    )
    site, warnings = _built(make_site, body)
    assert warnings == []
    html = _article(site)
    text = seen(html)
    assert ":label:" not in text and "{eq}" not in text and "{numref}" not in text
    assert '<span id="eq-loss"></span>' in html and '<span id="eq-grad"></span>' in html
    assert "(1)" in text and "(2)" in text  # beside the formulas, as KaTeX numbers them
    assert (
        'Minimising <a class="eqref" href="#eq-loss">(1)</a> means solving '
        '<a class="eqref" href="#eq-grad">(2)</a>.'
    ) in html


def test_targets_name_headings_and_ref_roles_link_to_them(make_site: SiteFactory) -> None:
    body = (
        "(sec-data)=\n## Loading the data\n\nText.\n\n"  # 5
        "## Training\n\n"  # 10
        "As {ref}`sec-data` showed, and {ref}`the loader <sec-data>` too.\n\n"  # 12
        "See {ref}`sec-missing`.\n"  # 14
    )
    site, warnings = _built(make_site, body)
    assert warnings == [
        "content/posts/n/index.md:14: warning: {ref}`sec-missing` names no (label)= target, "
        "figure :name: or equation :label: of this post; link to another page with "
        "[its title](address#sec-missing)"
    ]
    html = _article(site)
    assert "(sec-data)=" not in html and "{ref}" not in html
    assert '<h2 id="sec-data"' in html
    assert 'As <a href="#sec-data">Loading the data</a> showed' in html
    assert 'and <a href="#sec-data">the loader</a> too.' in html
    assert "See sec-missing." in seen(html)


def test_cite_roles_are_citations_and_the_bibliography_directive_places_the_list(
    make_site: SiteFactory,
) -> None:
    body = (
        "Convolutions {cite}`lecun1998` and shortcuts {cite:p}`he2016,lecun1998`.\n"
        "{cite:t}`he2016` stacked many layers.\n\n"
        "## References\n\n```{bibliography}\n```\n\n## Appendix\n\nMore.\n"
    )
    post = FRONT.replace("---\ntitle", "---\nbibliography: refs.bib\ntitle") + body
    site = make_site({"content/posts/n/index.md": post, "content/posts/n/refs.bib": BIB})
    warnings = [str(w) for w in build_site(site).report.sorted()]
    assert warnings == []
    html = _article(site)
    text = seen(html)
    assert "{cite" not in text and "{bibliography}" not in text
    assert (
        "Convolutions (LeCun et al., 1998) and shortcuts (He & Zhang, 2016; LeCun et al., 1998)"
        in text
    )
    assert "He & Zhang (2016) stacked many layers." in text
    assert '<a href="#ref-he2016" id="cite-he2016-2" role="doc-biblioref">2016</a>' in html
    # the list where the directive is: under "References", above the appendix
    assert html.index('<section class="references"') < html.index(">Appendix</h2>")
    assert html.index(">References</h2>") < html.index('<section class="references"')


def test_cite_roles_without_a_bibliography_are_warned(make_site: SiteFactory) -> None:
    body = "As in {cite}`lecun1998`.\n\n```{bibliography}\n```\n"  # 5, 7
    site, warnings = _built(make_site, body)
    assert warnings == [
        "content/posts/n/index.md:5: warning: {cite}`lecun1998` needs a bibliography: name its "
        ".bib file in the front matter (bibliography: refs.bib) or in site.yaml",
        "content/posts/n/index.md:7: warning: {bibliography} shows no list: this post cites "
        "nothing from a bibliography (name its .bib file in the front matter, bibliography: "
        "refs.bib, or in site.yaml, and cite with {cite}`key`)",
    ]
    assert "As in [lecun1998]." in seen(_article(site))


def test_a_figure_directive_is_a_figure_with_its_caption(make_site: SiteFactory) -> None:
    body = (
        "```{figure} figs/loss.png\n:width: 320px\n:name: fig-loss\n:alt: Loss per epoch\n\n"
        "Validation loss falls, then rises.\n```\n\n"
        ":::{image} figs/loss.png\n:width: 50%\n:::\n\n"
        "The curve in {numref}`fig-loss` turns at epoch 12.\n"
    )
    site, warnings = _built(make_site, body, **{"content/posts/n/figs/loss.png": png_bytes(8, 8)})
    assert warnings == []
    html = _article(site)
    assert ":width:" not in html and "{figure}" not in html
    assert re.search(
        r'<span id="fig-loss"></span>\n<figure>\n<img src="[^"]*figs/loss.png" '
        r'alt="Loss per epoch" style="width: 320px"[^>]*>\n'
        r'<figcaption><span class="caption-number">图 1 </span>'  # the site's words: zh-CN
        r"Validation loss falls, then rises.</figcaption>\n</figure>",
        html,
    )
    assert re.search(r'<p><img src="[^"]*figs/loss.png" alt="" style="width: 50%"', html)
    assert 'in <a href="#fig-loss">图 1</a> turns' in html  # as Jupyter Book shows it
    assert (site / "public/posts/n/figs/loss.png").is_file()


def test_a_reference_to_a_figure_shows_its_caption_as_the_caption_does(
    make_site: SiteFactory,
) -> None:
    """The link's text was the caption's Markdown as written: `$L(\\theta)$` with its
    dollars, `*steps*` with its stars. (`{ref}` shows the caption; `{numref}` the number.)"""
    body = (
        "```{figure} loss.png\n:name: fig-loss\n\nLoss $L(\\theta)$ over *steps*, "
        "[from](https://example.org)\n```\n\n"
        "See {ref}`fig-loss`.\n"
    )
    site, warnings = _built(make_site, body, **{"content/posts/n/loss.png": png_bytes(8, 8)})
    assert warnings == []
    html = _article(site)
    [caption] = re.findall(r'<figcaption><span class="caption-number">图 1 </span>(.*?)'
                           "</figcaption>", html, re.DOTALL)  # fmt: skip
    [link] = re.findall(r'See <a href="#fig-loss">(.*?)</a>\.</p>', html, re.DOTALL)
    assert "$" not in link and 'class="katex"' in link and "<em>steps</em>" in link
    assert link == caption.replace('<a href="https://example.org">from</a>', "from")


def test_an_unknown_directive_shows_its_content_with_a_warning(make_site: SiteFactory) -> None:
    body = (
        "```{epigraph}\n:attribution: a reviewer\n\nAll models are *approximations*.\n```\n\n"
        "```{python}\nprint('still code')\n```\n\n"
        "Text {kbd}`Ctrl` here.\n"  # 15
    )
    site, warnings = _built(make_site, body)
    assert warnings == [
        "content/posts/n/index.md:5: warning: {epigraph} is a MyST directive mlblog does not "
        "know: its content is shown as plain Markdown, without its options",
        "content/posts/n/index.md:15: warning: {kbd}`Ctrl`: {kbd} is a MyST role mlblog does "
        "not know; its text is shown as is",
    ]
    html = _article(site)
    assert "<p>All models are <em>approximations</em>.</p>" in html
    assert ":attribution:" not in html and "{epigraph}" not in html
    assert 'data-lang="python"' in html  # R Markdown's and pandoc's ```{python} stay code
    assert "Text Ctrl here." in seen(html)


def test_directives_nest_sit_in_lists_and_say_when_left_open(make_site: SiteFactory) -> None:
    body = (
        "- Step one:\n\n  ```{note}\n  Inside the list.\n  ```\n\n"  # 5
        "````{tip} Outer box\n```{math}\n:label: eq-in\nx = 1\n```\n````\n\n"  # 11
        ":::{code-block} python\n:caption: train.py\nfit()\n:::\n\n"  # 18
        "```{warning}\nNever closed.\n"  # 23
    )
    site, warnings = _built(make_site, body)
    assert warnings == [
        "content/posts/n/index.md:23: warning: ```{warning} is never closed (add a ``` line "
        "after its content): it runs to the end of the post"
    ]
    html = _article(site)
    assert re.search(r'<li>\n<p>Step one:</p>\n<div class="admonition note">', html)
    assert "<p>Inside the list.</p>\n</div>\n</li>" in html
    assert re.search(r'Outer box</p>\n<div class="math-display"><span id="eq-in">', html)
    assert (  # numbered, as a captioned code-block is in Jupyter Book
        '<div class="code-title"><span class="caption-number">代码清单 1 </span>train.py</div>'
    ) in html and ":caption:" not in html
    assert "<p>Never closed.</p>" in html


def test_a_figure_caption_is_markdown(make_site: SiteFactory) -> None:
    """A `{figure}`'s caption was shown as written: `*train*`, `$\\lambda$`, a link's
    brackets and backticks all as text."""
    body = (
        "```{figure} figs/loss.png\n:name: fig-loss\n\n"
        "Loss on *train* for $\\lambda = 0.1$, see [the paper](https://example.org/p) "
        "and `fit()`.\n```\n\nAfter the figure.\n"
    )
    site, warnings = _built(make_site, body, **{"content/posts/n/figs/loss.png": png_bytes(8, 8)})
    assert warnings == []
    html = _article(site)
    caption = html[html.index("<figcaption>") : html.index("</figcaption>")]
    assert "*train*" not in caption and "$" not in caption and "](" not in caption
    assert "Loss on <em>train</em> for " in caption and 'class="katex"' in caption
    assert '<a href="https://example.org/p">the paper</a>' in caption
    assert "<code>fit()</code>" in caption
    assert re.search(r"<figure>\n<img src=\"[^\"]*figs/loss.png\"[^>]*>\n<figcaption>", html)


def test_code_cells_tagged_away_stay_off_the_page(make_site: SiteFactory) -> None:
    """A MyST notebook's `remove-cell` (setup, keys) and `remove-input` cells were shown as
    code, though the same cells of an .ipynb are not; a `hide-input` cell is folded, as
    Jupyter Book shows it."""
    body = (
        "```{code-cell} ipython3\n:tags: [remove-cell]\nSETUP_MARKER = 1\n```\n\n"
        "```{code-cell} ipython3\n---\ntags: [thebe-init, hide-input]\n---\nHIDDEN_MARKER = 2\n"
        "```\n\n"
        "```{code-cell} ipython3\n---\nmystnb:\n  number_source_lines: true\ntags:\n"
        "  - remove-input\n---\nREMOVED_MARKER = 3\n```\n\n"
        "```{code-cell} ipython3\n:tags: [remove-output]\nSHOWN_MARKER = 4\n```\n"
    )
    site, warnings = _built(make_site, body)
    html = _article(site)
    assert warnings == [] and "SHOWN_MARKER" in html
    assert "SETUP_MARKER" not in html
    folded = html[html.index('<details class="code-fold"><summary') :]
    assert "HIDDEN_MARKER" in folded[: folded.index("</details>")]
    assert "REMOVED_MARKER" not in html and "tags" not in html


def test_a_code_cell_s_cell_magic_chooses_its_language(make_site: SiteFactory) -> None:
    """`%%bash`, `%%writefile config.yaml` hand an IPython cell to another program, and the
    .ipynb's cells are highlighted in its language; a MyST notebook's were Python."""
    body = (
        "```{code-cell} ipython3\n%%bash\nls $HOME\n```\n\n"
        "```{code-cell} python3\n:tags: [hide-input]\n%%writefile config.yaml\nlr: 0.1\n```\n\n"
        "```{code-cell} ipython3\nx = 1\n```\n\n"
        "```{code-cell} ir\n%%bash\nx <- 1\n```\n"
    )
    site, warnings = _built(make_site, body)
    html = _article(site)
    langs = re.findall(r'<div class="code-block" data-lang="([^"]*)"', html)
    assert warnings == [] and langs == ["bash", "yaml", "ipython3", "ir"]
    assert '<span class="nv">$HOME</span>' in html
    assert html.index('<details class="code-fold">') < html.index("lr")  # its tag still folds


def test_a_code_caption_holding_quotes_is_its_title(make_site: SiteFactory) -> None:
    """`:caption: The "tiny" run` was shown as the title "The " (it ended at the quote)."""
    body = '```{code-block} python\n:caption: The "tiny" run\nx = 1\n```\n'
    site, warnings = _built(make_site, body)
    assert warnings == []
    title = '<span class="caption-number">代码清单 1 </span>The &quot;tiny&quot; run</div>'
    assert f'<div class="code-title">{title}' in _article(site)


def test_figures_are_numbered_and_numref_shows_the_number(make_site: SiteFactory) -> None:
    """`{numref}`Fig. %s <fig-b>`` showed the caption in place of %s, and `{numref}`fig-b``
    the caption alone: MyST numbers captioned figures in page order (Sphinx's numfig, on by
    default in Jupyter Book), shows "Fig. 2" under the figure and in the reference. `{ref}`
    shows the caption; an `{image}` has no caption and no number."""
    png = {"content/posts/n/a.png": png_bytes(8, 8), "content/posts/n/b.png": png_bytes(8, 8)}
    body = (
        "```{figure} a.png\n:name: fig-a\n\nTraining *loss*.\n```\n\n"
        ":::{image} a.png\n:::\n\n"
        "```{figure} b.png\n:name: fig-b\n\nValidation loss.\n```\n\n"
        "As {numref}`Fig. %s <fig-b>` shows, and {numref}`fig-a`, {numref}`Figure {number}: "
        "{name} <fig-a>`; {ref}`fig-b`, {ref}`that one <fig-a>`.\n"
    )
    site = make_site({"site.yaml": "title: T\nbase_url: https://t.example/\nlanguage: en\n",
                      "content/posts/n/index.md": FRONT + body, **png})  # fmt: skip
    result = build_site(site)
    assert result.ok and [str(w) for w in result.report.sorted()] == []
    html = _article(site)
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", html)
    assert captions == [
        '<span class="caption-number">Fig. 1 </span>Training <em>loss</em>.',
        '<span class="caption-number">Fig. 2 </span>Validation loss.',
    ]
    assert (
        'As <a href="#fig-b">Fig. 2</a> shows, and <a href="#fig-a">Fig. 1</a>, '
        '<a href="#fig-a">Figure 1: Training <em>loss</em>.</a>; '
        '<a href="#fig-b">Validation loss.</a>, <a href="#fig-a">that one</a>.'
    ) in html
    zh = make_site({  # a Chinese site (the default), as Sphinx's zh_CN says it
        "content/posts/n/index.md": FRONT + "```{figure} a.png\n:name: fig-a\n\n损失\n```\n\n"
                                    "如{numref}`fig-a`所示。\n",
        "content/posts/n/a.png": png_bytes(8, 8),
    })  # fmt: skip
    assert build_site(zh).ok
    page = _article(zh)
    assert '<span class="caption-number">图 1 </span>损失' in page
    assert '如<a href="#fig-a">图 1</a>所示' in page
