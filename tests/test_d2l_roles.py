"""Chapters written for d2lbook ("Dive into Deep Learning" and notes after it), copied into
a site: their labels, equation and section references and citations, as a reader sees them."""

from __future__ import annotations

from collections.abc import Callable

from conftest import SiteFactory, build_site, read
from mlblog.render.result import Rendered
from test_math_authoring import seen

Render = Callable[..., Rendered]

CHAPTER = """\
## Softmax Regression
:label:`sec_softmax`

The model turns scores into a distribution:

$$\\hat{y}_j = \\frac{\\exp(o_j)}{\\sum_k \\exp(o_k)}.$$
:eqlabel:`eq_softmax_y`

Its loss is the negative log-likelihood

$$
\\begin{aligned}
l(\\mathbf{y}, \\hat{\\mathbf{y}}) &= - \\sum_j y_j \\log \\hat{y}_j.
\\end{aligned}
$$
:eqlabel:`eq_l_cross_entropy`

Taking the derivative of :eqref:`eq_l_cross_entropy` with respect to $o_j$, using
:eqref:`eq_softmax_y`, is the topic of :numref:`sec_softmax`.

![Scores going into the softmax](scores.png)
:label:`fig_scores`
:width:`300px`

As :numref:`fig_scores` shows, every score counts.
"""


def test_labelled_formulas_are_numbered_and_references_link_to_them(render: Render) -> None:
    done = render(CHAPTER)
    text = seen(done.html)
    assert ":eqlabel:" not in text and ":label:" not in text and ":width:" not in text
    assert ":eqref:" not in text and ":numref:" not in text
    assert '<h2 id="sec_softmax">Softmax Regression</h2>' in done.html
    assert '<span id="eq-softmax_y"></span>' in done.html
    assert '<span id="eq-l_cross_entropy"></span>' in done.html
    assert "(1)" in text and "(2)" in text  # the numbers KaTeX shows beside the formulas
    assert 'derivative of <a class="eqref" href="#eq-l_cross_entropy">(2)</a>' in done.html
    assert 'using\n<a class="eqref" href="#eq-softmax_y">(1)</a>' in done.html
    assert 'topic of <a href="#sec_softmax">Softmax Regression</a>.' in done.html
    assert '<p id="fig_scores"><img src=' in done.html
    assert 'As <a href="#fig_scores">fig_scores</a> shows' in done.html
    assert "eqref" not in done.excerpt and "eq_softmax_y" not in done.excerpt
    assert not done.warnings


def test_what_the_post_cannot_resolve_is_warned_with_the_fix(make_site: SiteFactory) -> None:
    body = (
        "# Entropy\n\n"  # 5
        "As in :numref:`sec_mlp`, we count bits\n"  # 7
        "since :cite:`Shannon.1948,Cover.2006`.\n\n"  # 8
        "See :eqref:`eq_none`.\n\n"  # 10
        "Some text.\n:eqlabel:`eq_text`\n"  # 12, 13
    )
    site = make_site({"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n" + body})
    result = build_site(site)
    assert [str(w) for w in result.report.sorted()] == [
        "content/posts/a.md:7: warning: :numref:`sec_mlp` names no :label: of this post; "
        "link to the section with [its title](address#sec_mlp)",
        "content/posts/a.md:8: warning: :cite:`Shannon.1948,Cover.2006` needs a bibliography: "
        "name its .bib file in the front matter (bibliography: refs.bib) or in site.yaml",
        "content/posts/a.md:10: warning: math: \\eqref{eq_none} names no numbered equation of "
        "this post (label one with \\label{…} in \\begin{equation} or \\begin{align})",
        "content/posts/a.md:12: warning: :eqlabel:`eq_text` is not under a display formula "
        "($$ … $$ on the line above): nothing is numbered",
    ]
    page = seen(read(site, "posts/a/index.html"))
    assert "As in sec_mlp, we count bits\nsince [Shannon.1948; Cover.2006]." in page


def test_a_role_citation_reads_the_bibliography(make_site: SiteFactory) -> None:
    bib = (
        "@book{Cover.2006,\n  author = {Cover, Thomas},\n  title = {Elements},\n  year = 2006\n}\n"
    )
    post = (
        "---\ntitle: A\ndate: 2024-01-01\nbibliography: refs.bib\n---\nBits :cite:`Cover.2006`.\n"
    )
    site = make_site({"content/posts/a/index.md": post, "content/posts/a/refs.bib": bib})
    result = build_site(site)
    assert not list(result.report.sorted())
    page = read(site, "posts/a/index.html")
    assert 'Bits <span class="citation">(<a href="#ref-Cover.2006"' in page
    assert ":cite:" not in seen(page)


def test_framework_tabs_are_labelled_sections(render: Render) -> None:
    source = (
        "Pick a framework.\n\n"  # 1
        ":begin_tab:`mxnet`\nMXNet keeps **NDArrays**.\n:end_tab:\n\n"  # 3
        ":begin_tab:`pytorch`\nPyTorch keeps tensors:\n\n```python\nx = torch.ones(2)\n```\n"
        ":end_tab:\n\n"  # 7
        "Both agree.\n\n"  # 15
        ":begin_tab:`tensorflow`\nNever closed.\n"  # 17
    )
    done = render(source)
    html = done.html
    assert ":begin_tab:`mxnet`" not in html and ":end_tab:" not in html
    tabs = html[html.index('<div class="tabbed-set">') : html.index("<p>Both agree.</p>")]
    mxnet = '<p class="tabbed-label">mxnet</p>\n<p>MXNet keeps <strong>NDArrays</strong>.</p>'
    assert mxnet in tabs
    assert '<p class="tabbed-label">pytorch</p>\n<p>PyTorch keeps tensors:</p>' in tabs
    assert tabs.count('<div class="tabbed-block">') == 2 and 'class="code-block"' in tabs
    assert "<p>:begin_tab:<code>tensorflow</code>\nNever closed.</p>" in html
    assert list(done.warnings) == [
        (17, ":begin_tab:`tensorflow` has no :end_tab: line after it; it is shown as written")
    ]
