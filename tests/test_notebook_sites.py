"""Notebook posts in built sites: pages, listings, feed, search, bundles, cache."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SiteFactory, build_site, post_body, read
from mlblog.content.notebook import read_notebook
from notebooks import FIXTURE, PYTHON, code, display, line_of, md, notebook, png_bytes, stream

PAGE = "posts/logistic-regression/index.html"


@pytest.fixture
def notebook_site(make_site: SiteFactory) -> Path:
    site = make_site(config="title: Notes\nbase_url: https://t.example/blog/\n")
    (site / "content/posts").mkdir(parents=True)
    shutil.copy(FIXTURE, site / "content/posts/logistic-regression.ipynb")
    return site


def test_notebook_post_page(notebook_site: Path) -> None:
    result = build_site(notebook_site)
    assert result.ok and not result.report.items, [str(d) for d in result.report.items]
    page = read(notebook_site, PAGE)
    body = post_body(page)
    image = notebook_site / "public/posts/logistic-regression/output-6-1.png"
    assert image.read_bytes() == read_notebook(FIXTURE.read_bytes()).attachments[0][1]
    assert (
        '<img src="/blog/posts/logistic-regression/output-6-1.png" width="8" height="8" '
        'alt="output of cell 6" />' in body
    )
    assert "<td>0.1184</td>" in body and "<th>loss</th>" in body
    assert "<script" not in body and "onclick" not in body and "onmouseover" not in body
    assert "pwned" not in body and "<style" not in body
    assert "TypeError: where must be a boolean array" in body and "\x1b[" not in page
    assert 'class="katex"' in body
    latex = body[body.index('class="nb-output nb-latex') :]
    assert latex.index('class="katex"') < latex.index("</div>")
    # hide-input and hide-output fold (render.folds); remove-cell leaves out
    folded_code = body[body.index('<details class="code-fold">') :]
    assert folded_code.index("hidden_input_marker") < folded_code.index("</details>")
    assert "accuracy: 0.995" in body.split("hidden_input_marker")[1].split("<details")[0]
    assert "removed_cell_marker" not in body and "removed_output_marker" not in body
    folded_output = body[body.index("hide_output_code_marker") :]
    assert folded_output.index('<details class="code-fold"><summary>显示输出</summary>') < (
        folded_output.index("hidden_output_marker")
    )
    assert 'href="#训练"' in page  # the table of contents
    assert "约 1 分钟读完" in page


def test_notebook_in_listings_feed_and_search(notebook_site: Path) -> None:
    assert build_site(notebook_site).ok
    home = read(notebook_site, "index.html")
    excerpt = re.search(r'<p class="excerpt">(.*?)</p>', home, re.S)
    assert excerpt is not None
    text = re.sub(r"<[^>]+>", "", excerpt.group(1))  # placeholders are in spans
    assert text.startswith("逻辑回归用 sigmoid 把线性打分变成概率 [Math]")
    assert "[公式] 下面在一个两类的玩具数据集上训练它。 [代码] 训练" in text
    assert "0.49" not in text and "accuracy" not in text and "TypeError" not in text
    feed = read(notebook_site, "atom.xml")
    assert "https://t.example/blog/posts/logistic-regression/output-6-1.png" in feed
    search = read(notebook_site, "search.json")
    assert "训练" in search


def test_outputs_render_when_author_html_is_off(make_site: SiteFactory) -> None:
    table = "<table><tr><th>k</th><td>3</td></tr></table>"
    raw_bytes = notebook(
        md("An <b>author</b> tag.\n"),
        code("df", {"output_type": "execute_result", "execution_count": 1, "metadata": {},
                    "data": {"text/html": table}}),
        metadata={**PYTHON, "mlblog": {"title": "T", "date": "2024-01-01"}},
    )  # fmt: skip
    site = make_site(
        {"content/posts/t.ipynb": raw_bytes},
        config="title: T\nbase_url: https://t.example/\nmarkdown:\n  html: false\n",
    )
    result = build_site(site)
    assert result.ok and not result.report.items, [str(d) for d in result.report.items]
    body = post_body(read(site, "posts/t/index.html"))
    assert "&lt;b&gt;author&lt;/b&gt;" in body
    assert '<div class="nb-output nb-html"><table><tbody><tr><th>k</th><td>3</td>' in body


def test_bundle_notebook_with_files_and_links(make_site: SiteFactory) -> None:
    image = base64.b64encode(png_bytes()).decode()
    raw_bytes = notebook(
        md("See [the data](data.csv).\n"),
        code("plot()", display(image_png=image)),
        metadata={**PYTHON, "mlblog": {"title": "Bundle", "date": "2024-01-02"}},
    )
    site = make_site({
        "content/posts/nb/index.ipynb": raw_bytes,
        "content/posts/nb/data.csv": "x,y\n1,2\n",
        "content/posts/intro.md": "---\ntitle: Intro\ndate: 2024-01-01\n---\n"
                                  "[the notebook](nb/index.ipynb) and [again](nb/)\n",
    })  # fmt: skip
    result = build_site(site)
    assert result.ok and not result.report.items, [str(d) for d in result.report.items]
    assert (site / "public/posts/nb/output-2-1.png").read_bytes() == png_bytes()
    assert (site / "public/posts/nb/data.csv").exists()
    intro = read(site, "posts/intro/index.html")
    assert intro.count('href="/posts/nb/"') == 2


def test_a_notebook_beside_a_bundles_index_md_is_named(make_site: SiteFactory) -> None:
    """One post a folder: index.md is it, and the notebook beside it is said to be no post
    (it is published as a file, as the folder's other files are)."""
    raw_bytes = notebook(md("# From the notebook\n"), metadata=PYTHON)
    site = make_site({
        "content/posts/bund/index.md": "---\ntitle: Bund md\ndate: 2024-01-01\n---\nmd\n",
        "content/posts/bund/index.ipynb": raw_bytes,
    })  # fmt: skip
    result = build_site(site)
    assert result.ok
    assert [str(d) for d in result.report.items] == [
        "content/posts/bund/index.ipynb: warning: not a post: index.md beside it is the "
        "folder's post (one post a folder); it is copied as a file"
    ]
    assert "Bund md" in read(site, "posts/bund/index.html")


def test_outputs_stay_outputs_in_pages_and_out_of_excerpts(make_site: SiteFactory) -> None:
    """A Markdown output is typeset like the cells but shown as an output and left out of
    the excerpt; code cells in a row read as one placeholder; an HTML output the page
    cannot show (a data: image) gives way to the next form, here the PNG."""
    image = base64.b64encode(png_bytes()).decode()
    raw_bytes = notebook(
        md("Intro text.\n"),
        *(code(f"x = {n}") for n in range(3)),
        code("show()", display(text_markdown="**bold** from output $y^2$")),
        code("img()", display(text_html=f'<img src="data:image/png;base64,{image}">',
                              image_png=image, text_plain="<IPython.core.display.HTML object>")),
        code("details()", display(text_html="<details><summary>more</summary>hidden</details>")),
        md("Closing words.\n"),
        metadata={**PYTHON, "mlblog": {"title": "Outputs", "date": "2024-01-02"}},
    )  # fmt: skip
    site = make_site({"content/posts/out.ipynb": raw_bytes})
    assert build_site(site).ok
    page = read(site, "posts/out/index.html")
    shown = page.split('<div class="nb-output nb-markdown">')[1].split("</div>")[0]
    assert "<strong>bold</strong> from output" in shown and 'class="katex"' in shown
    assert '<img src="/posts/out/output-6-1.png"' in page
    assert "<details><summary>more</summary>hidden</details>" in page
    excerpt = read(site, "index.html").split('<p class="excerpt">')[1].split("</p>")[0]
    assert re.sub(r"<[^>]+>", "", excerpt) == "Intro text. [代码] Closing words."


def test_a_file_named_like_an_output_image_is_named(make_site: SiteFactory) -> None:
    image = base64.b64encode(png_bytes()).decode()
    raw_bytes = notebook(
        md("![mine](output-2-1.png)\n"),
        code("plot()", display(image_png=image)),
        metadata={**PYTHON, "mlblog": {"title": "Figures", "date": "2024-01-02"}},
    )
    site = make_site({
        "content/posts/nbb/index.ipynb": raw_bytes,
        "content/posts/nbb/output-2-1.png": b"my own picture",
    })  # fmt: skip
    result = build_site(site)
    assert result.ok
    assert [str(d) for d in result.report.items] == [
        "content/posts/nbb/output-2-1.png: warning: has the name of an output image the "
        "notebook beside it makes; the image is published, not this file (rename the file)"
    ]
    assert (site / "public/posts/nbb/output-2-1.png").read_bytes() == png_bytes()


def test_front_matter_in_a_markdown_cell_and_a_heading_for_a_title(make_site: SiteFactory) -> None:
    """Front matter put in a Markdown first cell is read as front matter; a notebook with no
    title takes its opening `# Heading`, which then is not shown twice."""
    in_markdown = notebook(
        md("---\ntitle: MD cell FM\ndate: 2024-02-02\ntags: [a]\n---\n\nBody text\n"),
        metadata=PYTHON,
    )
    by_heading = notebook(md("# Title from heading\n\nIntro.\n"), code("x = 1"), metadata=PYTHON)
    looks_like = notebook(md("---\n\nA rule, then text.\n"), metadata=PYTHON)
    site = make_site({
        "content/posts/mdfm.ipynb": in_markdown,
        "content/posts/2024-06-01-r-notes.ipynb": by_heading,
        "content/posts/2024-06-02-rule.ipynb": looks_like,
    })  # fmt: skip
    result = build_site(site)
    assert result.ok and not result.report.items, [str(d) for d in result.report.items]
    page = read(site, "posts/mdfm/index.html")
    assert '<h1 class="post-title" lang="en">MD cell FM</h1>' in page and "title: MD" not in page
    assert 'href="/tags/a/"' in page
    page = read(site, "posts/r-notes/index.html")
    assert (
        '<h1 class="post-title" id="title-from-heading" lang="en">Title from heading</h1>' in page
    )
    assert page.count("Title from heading</h1>") == 1 and "Intro." in page
    assert "A rule, then text." in read(site, "posts/rule/index.html")


def test_math_error_is_reported_at_its_line_in_the_file(make_site: SiteFactory) -> None:
    raw_bytes = notebook(
        md("Fine $x$.\n\nBroken $\\frac{1}$ here.\n"),
        metadata={**PYTHON, "mlblog": {"title": "T", "date": "2024-01-01"}},
    )
    site = make_site({"content/posts/m.ipynb": raw_bytes})
    result = build_site(site)
    [warning] = [str(w) for w in result.report.warnings]
    line = line_of(raw_bytes, '"Broken')
    assert warning.startswith(f"content/posts/m.ipynb:{line}: warning: math: ")


def test_cached_rebuild_still_writes_the_images(notebook_site: Path, tmp_path: Path) -> None:
    assert build_site(notebook_site).rendered == 1
    again = build_site(notebook_site, output=tmp_path / "again")  # all from .mlblog-cache/
    assert again.ok and again.rendered == 0
    image = "posts/logistic-regression/output-6-1.png"
    assert (tmp_path / "again" / image).read_bytes() == (
        notebook_site / f"public/{image}"
    ).read_bytes()


def test_an_unreadable_old_notebook_is_one_line(make_site: SiteFactory) -> None:
    """nbformat logs its validation failure at length before raising: the user sees only
    mlblog's line (run as a command: the log goes where the command's output goes)."""
    old = '{"nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": []}]}'
    site = make_site({"content/posts/old.ipynb": old})
    done = subprocess.run(
        [sys.executable, "-m", "mlblog", "build", "--site", str(site)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "content/posts/old.ipynb: is not a readable nbformat 3 notebook: Notebook could not be "
        "converted from version 3 to version 4 because it's missing a key: metadata",
        "build failed: 1 error, 0 warnings; nothing written",
    ]


BADGE = (
    '<a href="https://colab.research.google.com/github/someone/notes/blob/main/knn.ipynb" '
    'target="_parent"><img src="https://colab.research.google.com/assets/colab-badge.svg" '
    'alt="Open In Colab"/></a>'
)


def test_the_one_h1_after_a_badge_or_setup_cells_is_the_title(make_site: SiteFactory) -> None:
    """Colab puts its badge cell first; books put a licence or a setup cell there; course
    notebooks write their title cell in HTML. The notebook's heading is still its title."""
    colab = notebook(
        md(BADGE, metadata={"id": "view-in-github", "colab_type": "text"}),
        md("# 最近邻分类\n\n用距离投票。\n"),
        code("print(1)"),
        md("## 实验\n"),
    )
    setup = notebook(
        md("Run the next cell first if you are on a fresh machine.\n"),
        code("# pip install scikit-learn\nimport sklearn"),
        md("# Nearest neighbours\n\nVote by distance.\n"),
    )
    html_h1 = notebook(md("<center><h1>第三章 近邻</h1></center>\n"), md("正文。\n"))
    sections = notebook(md(BADGE), md("# Part one\n"), md("# Part two\n"))
    site = make_site({
        "content/posts/2024-01-01-colab.ipynb": colab,
        "content/posts/2024-01-02-setup.ipynb": setup,
        "content/posts/2024-01-03-html.ipynb": html_h1,
        "content/posts/2024-01-04-sections.ipynb": sections,
    })  # fmt: skip
    result = build_site(site)
    assert result.ok and not result.report.items, [str(d) for d in result.report.items]
    page = read(site, "posts/colab/index.html")
    assert '<h1 class="post-title" id="最近邻分类">最近邻分类</h1>' in page
    assert page.count("最近邻分类</h1>") == 1 and "colab-badge.svg" in post_body(page)
    assert '<h2 id="实验">实验</h2>' in page
    page = read(site, "posts/setup/index.html")
    assert (
        '<h1 class="post-title" id="nearest-neighbours" lang="en">Nearest neighbours</h1>' in page
    )
    assert page.count("Nearest neighbours</h1>") == 1 and "fresh machine" in page
    page = read(site, "posts/html/index.html")
    assert '<h1 class="post-title">第三章 近邻</h1>' in page and "<center>" not in page
    page = read(site, "posts/sections/index.html")  # two `# ` headings are sections
    assert '<h1 class="post-title" lang="en">sections</h1>' in page  # the file's name
    assert '<h1 id="part-one">Part one</h1>' in page


def test_fastpages_hide_comments_choose_what_shows(make_site: SiteFactory) -> None:
    """fastbook and fastpages blogs mark cells with a first-line comment, as tags do."""
    raw_bytes = notebook(
        code("#hide\n!pip install -q fastbook\nimport fastbook", stream("setup_noise\n")),
        md("# Training\n\nWe fit one epoch.\n"),
        code("#hide_input\nshow_batch_marker()", stream("batch_printed\n")),
        code("#hide_output\nlearn.fit(1)\n", stream("epoch_log_marker\n")),
        code("# hide this comment is code\nx = 1\n"),
    )
    site = make_site({"content/posts/2024-03-01-fit.ipynb": raw_bytes})
    result = build_site(site)
    assert result.ok and not result.report.items, [str(d) for d in result.report.items]
    body = post_body(read(site, "posts/fit/index.html"))
    assert "fastbook" not in body and "setup_noise" not in body
    assert "show_batch_marker" not in body and "batch_printed" in body
    assert "learn" in body and "epoch_log_marker" not in body and "#hide" not in body
    assert "this comment is code" in body


def test_the_toc2_extensions_contents_cell_gives_way_to_the_pages(make_site: SiteFactory) -> None:
    """Its links are to the anchors Jupyter made (#Data-loading), which the page does not
    have; and it opened the home page's excerpt with 'Table of Contents 1 Data loading'."""
    toc = (
        '<h1>Table of Contents<span class="tocSkip"></span></h1>\n<div class="toc"><ul '
        'class="toc-item"><li><span><a href="#Data-loading" data-toc-modified-id="Data-'
        'loading-1"><span class="toc-item-num">1&nbsp;&nbsp;</span>Data loading</a></span>'
        "</li></ul></div>\n"
    )
    raw_bytes = notebook(md(toc), md("## Data loading\n\nRead the csv first.\n"))
    site = make_site({"content/posts/2024-04-01-toc.ipynb": raw_bytes})
    result = build_site(site)
    assert result.ok and not result.report.items, [str(d) for d in result.report.items]
    page = read(site, "posts/toc/index.html")
    assert "Table of Contents" not in page and "#Data-loading" not in page
    assert 'href="#data-loading"' in page  # the page's own contents
    assert "Data loading Read the csv first." in read(site, "index.html")


def test_what_stands_above_the_title_is_not_the_excerpt(make_site: SiteFactory) -> None:
    """A book's chapters each open with the same licence and navigation, then the title: the
    home page showed that licence as every chapter's excerpt. It stays on the page."""
    chapter = notebook(
        md("*Excerpt from a free book; text under CC-BY.*\n\n< Prev | Contents | Next >\n"),
        code("# !pip install numpy", display(text_markdown="**install** output")),
        md("# Broadcasting\n\nArrays of different shapes combine.\n"),
    )
    site = make_site({"content/posts/2024-05-01-broadcasting.ipynb": chapter})
    result = build_site(site)
    assert result.ok and not result.report.items, [str(d) for d in result.report.items]
    body = post_body(read(site, "posts/broadcasting/index.html"))
    assert (
        body.index('<div class="nb-preamble">')
        < body.index("free book")
        < body.index("pip install")
        < body.index("<strong>install</strong>")
        < body.index("Arrays of different shapes")
    )
    home = read(site, "index.html")
    excerpt = re.search(r'<p class="excerpt">(.*?)</p>', home, re.S)
    assert excerpt is not None and excerpt.group(1).strip() == "Arrays of different shapes combine."


def test_a_chart_only_jupyter_draws_is_warned(make_site: SiteFactory) -> None:
    """A Plotly or Bokeh chart saved as the JavaScript Jupyter draws it showed nothing on
    the page, and the build said nothing: the author is told to save a picture instead."""

    def output(**data: object) -> dict[str, object]:
        return {"output_type": "display_data", "data": data, "metadata": {}}

    plotly = output(**{
        "application/vnd.plotly.v1+json": {"data": [], "layout": {}},
        "text/html": '<div id="p1"></div><script>Plotly.newPlot("p1")</script>',
    })  # fmt: skip
    bokeh = output(**{
        "application/vnd.bokehjs_exec.v0+json": "",
        "text/html": '<div id="b1"></div><script type="text/javascript">embed()</script>',
    })  # fmt: skip
    script = output(**{"application/javascript": "element.append('chart')"})
    with_png = output(**{
        "application/vnd.plotly.v1+json": {"data": []},
        "image/png": base64.b64encode(png_bytes()).decode(),
    })  # fmt: skip
    with_text = output(**{"application/javascript": "x()", "text/plain": "a chart of 3 bars"})
    site = make_site({
        "content/posts/2024-01-01-charts.ipynb": notebook(
            md("# Charts\n"), code("fig.show()", plotly, plotly), code("show(p)", bokeh),
            code("js()", script), code("fig.show()", with_png), code("js()", with_text),
        ),
    })  # fmt: skip
    result = build_site(site)
    assert [str(w) for w in result.report.warnings] == [
        "content/posts/2024-01-01-charts.ipynb: warning: cell 2: "
        "a Plotly chart needs JavaScript that "
        "only Jupyter runs, and the page shows nothing for it; save a static image in the "
        'notebook instead: fig.show(renderer="png"), or fig.write_image("fig.png") and show '
        "that file",
        "content/posts/2024-01-01-charts.ipynb: warning: cell 3: "
        "a Bokeh plot needs JavaScript that only "
        "Jupyter runs, and the page shows nothing for it; save a static image in the notebook "
        'instead: bokeh.io.export_png(plot, filename="plot.png") and show that file',
        "content/posts/2024-01-01-charts.ipynb: warning: cell 4: "
        "JavaScript output needs JavaScript that "
        "only Jupyter runs, and the page shows nothing for it; save a static image in the "
        "notebook instead: display a picture of what it draws (a PNG) in the cell instead",
    ]
    page = read(site, "posts/charts/index.html")
    assert "output-5-1.png" in page and "a chart of 3 bars" in page


def test_a_title_heading_s_own_id_is_its_id_not_its_text(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/2024-01-01-attention.ipynb": notebook(
            md("# 注意力机制 {#intro}\n\n回到[开头](#intro)。\n"), code("print(1)")
        ),
    })  # fmt: skip
    result = build_site(site)
    assert result.ok and not result.report.items, [str(d) for d in result.report.items]
    page = read(site, "posts/attention/index.html")
    assert '<h1 class="post-title" id="intro">注意力机制</h1>' in page
    assert "<title>注意力机制 · " in page and "{#" not in page
