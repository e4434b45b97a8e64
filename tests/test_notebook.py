"""Jupyter notebooks → Markdown bodies: conversion, output fences, and bad notebooks."""

from __future__ import annotations

import base64
import json
import pickle
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from conftest import SiteFactory
from mlblog.content.notebook import NotebookError, read_notebook
from mlblog.content.source import Kind, Source, parse_source
from mlblog.diagnostics import Diagnostic
from mlblog.render.result import Rendered
from notebooks import (
    FIXTURE,
    PYTHON,
    code,
    display,
    line_of,
    md,
    notebook,
    png_bytes,
    raw,
    stream,
)  # fmt: skip

# ---------------------------------------------------------------- notebook → Markdown


def test_fixture_converts_to_front_matter_and_markdown() -> None:
    raw = FIXTURE.read_bytes()
    nb = read_notebook(raw)
    assert nb.meta["title"] == "逻辑回归的梯度下降"
    assert nb.meta["tags"] == ["logistic-regression", "notebook"]
    assert nb.meta_lines["date"] == line_of(raw, '"date: 2024')
    body = nb.body
    assert body.startswith("逻辑回归用 sigmoid")  # the front-matter cell is not in the body
    assert "```python\nimport numpy as np\n" in body
    assert "```mlblog-output stdout\n(200, 2) 0.49\n```" in body
    assert "```mlblog-output stdout\nstep 100/100\n```" in body  # carriage returns settled
    assert "![output of cell 6](output-6-1.png)" in body
    assert "```mlblog-output html\n<div>" in body  # sanitized later, by the renderer
    assert "\x1b[" not in body
    assert "```mlblog-output latex\n\\displaystyle \\frac{\\partial L}" in body
    # hide-input: the code folded, its output shown; remove-cell: neither; hide-output:
    # the code shown, its output folded (as Jupyter Book shows them: render.folds)
    assert '```python code-fold=true\nprint("accuracy:"' in body and "accuracy: 0.995" in body
    assert "removed_cell_marker" not in body and "removed_output_marker" not in body
    folded_output = body[body.index("w  # hide_output_code_marker") :]
    assert folded_output.index(":::::::::::::: mlblog-fold output") < folded_output.index(
        "hidden_output_marker"
    )
    [(name, data)] = nb.attachments
    assert name == "output-6-1.png" and data.startswith(b"\x89PNG\r\n\x1a\n")


def test_body_lines_point_into_the_json_file() -> None:
    raw = FIXTURE.read_bytes()
    nb = read_notebook(raw)
    body = nb.body.split("\n")
    assert len(body) == len(nb.body_lines)
    formula = next(i for i, line in enumerate(body) if line.startswith("\\nabla_w"))
    assert nb.body_lines[formula] == line_of(raw, '"\\\\nabla_w')
    heading = body.index("## 训练")
    assert nb.body_lines[heading] == line_of(raw, '"## 训练')


def test_front_matter_from_notebook_metadata() -> None:
    meta = {**PYTHON, "mlblog": {"title": "Attention", "date": "2024-03-01", "tags": ["nlp"]}}
    raw = notebook(md("# Scaled dot product\n"), metadata=meta)
    nb = read_notebook(raw)
    assert nb.meta == {"title": "Attention", "date": "2024-03-01", "tags": ["nlp"]}
    assert nb.meta_lines["date"] == line_of(raw, '"date": "2024-03-01"')
    assert nb.body.startswith("# Scaled dot product")


def test_first_cell_front_matter_wins_over_metadata() -> None:
    meta = {**PYTHON, "mlblog": {"title": "From metadata", "draft": True}}
    nb = read_notebook(notebook(raw("---\ntitle: From the cell\n---\n"), metadata=meta))
    assert nb.meta == {"title": "From the cell", "draft": True}


def test_first_cell_front_matter_keeps_a_title_and_tags_as_typed() -> None:
    """YAML 1.1 reads `yes` as true and `1.10` as 1.1: a title and tags are text."""
    nb = read_notebook(notebook(raw("---\ntitle: yes\ntags: [pytorch, 1.10]\n---\n")))
    assert (nb.meta["title"], nb.meta["tags"]) == ("yes", ["pytorch", "1.10"])


def test_language_from_kernel_metadata() -> None:
    julia = {"language_info": {"name": "julia", "version": "1.10"}}
    assert "```julia\nx = 1\n```" in read_notebook(notebook(code("x = 1"), metadata=julia)).body
    assert "```\nx = 1\n```" in read_notebook(notebook(code("x = 1"), metadata={})).body


def test_jupyterlab_collapsed_input_and_output_are_folded() -> None:
    """Collapsed in JupyterLab, as its author left the cell: folded, as hide-input is."""
    hidden_in = code("secret = 1", stream("shown\n"), jupyter={"source_hidden": True})
    hidden_out = code("visible = 2", stream("folded\n"), jupyter={"outputs_hidden": True})
    body = read_notebook(notebook(hidden_in, hidden_out)).body
    assert "```python code-fold=true\nsecret = 1\n```" in body and "shown\n" in body
    assert "```python\nvisible = 2\n```" in body
    assert ":::::::::::::: mlblog-fold output\n\n```mlblog-output stdout\nfolded\n```" in body


def test_remove_cell_applies_to_markdown_too() -> None:
    removed = md("dropped\n", metadata={"tags": ["remove-cell"]})
    body = read_notebook(notebook(md("kept\n"), removed)).body
    assert "kept" in body and "dropped" not in body


def test_streams_merge_settle_and_lose_ansi() -> None:
    cell = code(
        "train()",
        stream("epoch 1\n"),
        stream("\x1b[32mepoch 2\x1b[0m\n"),
        stream("warn\n", "stderr"),
        stream("10%\r50%\r100%\n"),
    )
    body = read_notebook(notebook(cell)).body
    assert "```mlblog-output stdout\nepoch 1\nepoch 2\n```" in body
    assert "```mlblog-output stderr\nwarn\n```" in body
    assert "```mlblog-output stdout\n100%\n```" in body


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"text_html": "<b>t</b>", "text_latex": "$x$", "text_plain": "p"}, "output html"),
        ({"text_latex": "$$x^2$$", "image_png": "iVBORw0KGgo=", "text_plain": "p"}, "x^2"),
        ({"image_png": "iVBORw0KGgo=", "text_plain": "<Figure>"}, "](output-1-1.png)"),
        ({"image_svg+xml": "<svg></svg>", "text_plain": "<Figure>"}, "](output-1-1.svg)"),
        ({"text_plain": "0.93"}, "```mlblog-output result\n0.93\n```"),
        # an SVG that could run script when opened on its own is not written
        ({"image_svg+xml": '<svg onload="x()"></svg>', "text_plain": "<Figure>"},
         "```mlblog-output result\n<Figure>\n```"),
        # a widget whose HTML is only a script: fall back to the picture
        ({"text_html": "<div><script>draw()</script></div>", "image_png": "iVBORw0KGgo="},
         "](output-1-1.png)"),
    ],
)  # fmt: skip
def test_richest_representation_is_shown(data: dict[str, str], expected: str) -> None:
    body = read_notebook(notebook(code("f()", display(**data)))).body
    assert expected in body
    assert body.count("mlblog-output") + body.count("![") == 1


def test_latex_delimiters_are_removed() -> None:
    body = read_notebook(notebook(code("Math()", display(text_latex="\\[ a + b \\]")))).body
    assert "```mlblog-output latex\na + b\n```" in body


def test_error_output_is_text_without_ansi() -> None:
    error = {
        "output_type": "error",
        "ename": "ZeroDivisionError",
        "evalue": "division by zero",
        "traceback": ["\x1b[0;31mZeroDivisionError\x1b[0m: division by zero"],
    }
    body = read_notebook(notebook(code("1 / 0", error))).body
    assert "```mlblog-output error\nZeroDivisionError: division by zero\n```" in body


def test_markdown_cell_attachments_become_files() -> None:
    image = base64.b64encode(png_bytes()).decode()
    cell = md(
        "Loss curve:\n\n![loss.png](attachment:loss.png)\n",
        attachments={"loss.png": {"image/png": image}},
    )
    nb = read_notebook(notebook(cell))
    assert "![loss.png](attachment-1-loss.png)" in nb.body
    assert nb.attachments == (("attachment-1-loss.png", png_bytes()),)


def test_backticks_in_code_get_a_longer_fence() -> None:
    source = 'doc = """\n```python\nx = 1\n```\n"""'
    body = read_notebook(notebook(code(source))).body
    assert f"````python\n{source}\n````" in body


def test_raw_cells_follow_nbconvert() -> None:
    cells = (raw("plain raw text\n"), raw("\\section{PDF only}\n", raw_mimetype="text/latex"))
    body = read_notebook(notebook(*cells)).body
    assert "plain raw text" in body and "PDF only" not in body


def test_old_notebook_format_is_upgraded() -> None:
    v3 = {
        "metadata": {"name": "old"},
        "nbformat": 3,
        "nbformat_minor": 0,
        "worksheets": [{"cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["Old *notes*"]},
            {"cell_type": "code", "collapsed": False, "input": ["1 + 1"], "language": "python",
             "metadata": {}, "outputs": [
                 {"metadata": {}, "output_type": "pyout", "prompt_number": 1, "text": ["2"]}
             ], "prompt_number": 1},
        ], "metadata": {}}],
    }  # fmt: skip
    body = read_notebook(json.dumps(v3).encode()).body
    assert "Old *notes*" in body and "1 + 1" in body and "mlblog-output result\n2\n" in body
    # IPython 2 named the language on each code cell, not in the metadata: still highlighted
    assert "```python\n1 + 1\n```" in body


# ---------------------------------------------------------------- rendering output fences


def test_output_fences_render_sanitized_and_stay_out_of_excerpts(
    render: Callable[..., Rendered],
) -> None:
    result = render(
        """\
        Before.

        ```mlblog-output html
        <table onclick="x()"><tr><td><a href="javascript:x()">1</a></td></tr></table>
        <script>x()</script>
        ```

        ```mlblog-output latex
        \\frac{a}{b}
        ```

        ```mlblog-output error
        <not a tag> & more
        ```

        After.
        """
    )
    assert '<td><a rel="noopener noreferrer">1</a></td>' in result.html
    assert "<script" not in result.html and "onclick" not in result.html
    assert '<div class="nb-output nb-latex math-display"><span class="katex-display">' in (
        result.html
    )
    assert "<pre>&lt;not a tag&gt; &amp; more</pre>" in result.html
    assert result.excerpt == "Before. After."
    assert result.text == "Before. After."


# ---------------------------------------------------------------- bad notebooks


BAD_YAML = notebook(raw("---\ntitle: ok\ndate: [unclosed\n---\n"), md("text\n"))
BAD_IMAGE = notebook(md("intro\n"), code("plot()", display(image_png="not base64!")))


@pytest.mark.parametrize(
    ("raw_bytes", "line", "message"),
    [
        (b'{\n "cells": [\n  {"cell_type": \n', 4, "is not valid JSON"),
        (b"[1, 2, 3]\n", None, "is not a Jupyter notebook"),
        (b'{"cells": []}', None, "is not a Jupyter notebook"),
        (b'{"nbformat": 99, "cells": []}', None, "nbformat 99 is not a notebook version"),
        (b'{\n "nbformat": 4, \xff\n}', 2, "is not valid UTF-8"),
        (BAD_YAML, line_of(BAD_YAML, '"date: [unclosed'), "front matter: invalid YAML"),
        (notebook(raw("---\ntitle: never closed\n")), None, "is never closed"),
        (notebook(raw("---\n- a list\n---\n")), None, "must be a mapping"),
        (notebook(metadata={"mlblog": ["title"]}), None, "`mlblog` must be a mapping"),
        (BAD_IMAGE, line_of(BAD_IMAGE, '"plot()"'),
         "cell 2: output 1: image/png is not valid base64"),
        (notebook({"cell_type": "widget", "metadata": {}, "source": []}), None,
         "cell 1: unknown cell_type 'widget'"),
        (b'{"cells": "x", "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', None,
         "is not a readable nbformat 4 notebook: its cells or metadata have the wrong shape"),
    ],
)  # fmt: skip
def test_bad_notebook_is_a_diagnostic(raw_bytes: bytes, line: int | None, message: str) -> None:
    result = parse_source("content/posts/bad.ipynb", Kind.POST, raw_bytes)
    assert isinstance(result, Diagnostic), result
    assert result.path == "content/posts/bad.ipynb"
    assert message in result.message
    if line is not None:
        assert result.line == line


def test_notebook_errors_carry_line_and_message() -> None:
    with pytest.raises(NotebookError) as caught:
        read_notebook(b'{"nbformat": 4,\n "cells": [}')
    assert caught.value.line == 2 and "not valid JSON" in caught.value.message


def test_invalid_json_exits_1_through_the_cli(make_site: SiteFactory) -> None:
    site = make_site({"content/posts/bad.ipynb": '{\n "cells": [\n  {"cell_type": "code",\n'})
    run = subprocess.run(
        [sys.executable, "-m", "mlblog", "build"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert "content/posts/bad.ipynb:4: is not valid JSON" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (site / "public").exists()


def test_source_keeps_attachments_through_pickling() -> None:
    source = parse_source("content/posts/nb.ipynb", Kind.POST, FIXTURE.read_bytes())
    assert isinstance(source, Source)
    again = pickle.loads(pickle.dumps(source))
    assert again == source and again.attachments and again.body_lines
    assert again.stem == "nb"


@pytest.mark.parametrize(
    ("cells", "title"),
    [
        ((md("intro\n"), md("# Title\n")), "Title"),
        ((code("# not a heading\nx = 1"), md("# Title\n")), "Title"),
        ((md("```\n# in a fence\n```\n"), md("# Title\n")), "Title"),
        ((md("## Setup\n"), md("# Title\n")), None),  # a section comes first
        ((md("intro\n"), md("# One\n"), md("# Two\n")), None),  # sections, not a title
        ((md("<h1>Banner</h1>\nand more text\n"),), None),  # an h1 that is not alone
        ((md('<div align="center">\n<h1>Split</h1>\n</div>\n'),), None),  # not on one line
        ((md('<p align="center"><h1>T &amp; U</h1></p>\n'),), "T & U"),
    ],
)  # fmt: skip
def test_which_heading_is_a_notebooks_title(
    cells: tuple[dict[str, object], ...], title: str | None
) -> None:
    nb = read_notebook(notebook(*cells))
    assert nb.meta.get("title") == title
    if title is not None:
        assert len(nb.body.split("\n")) == len(nb.body_lines)
        assert f"# {title}" not in nb.body and "<h1" not in nb.body


def widget(model_id: str, text: str, **more: str) -> dict[str, Any]:
    output = display(text_plain=text, **more)
    view = {"model_id": model_id, "version_major": 2, "version_minor": 0}
    output["data"]["application/vnd.jupyter.widget-view+json"] = view
    return output


def progress_state(
    model_id: str, prefix: str, value: float, total: float, suffix: str
) -> dict[str, Any]:
    """The models tqdm.notebook leaves in the notebook's metadata: a box of text, bar, text."""
    ids = [f"{model_id}-{n}" for n in range(3)]
    return {
        model_id: {
            "model_name": "HBoxModel",
            "state": {"children": [f"IPY_MODEL_{i}" for i in ids]},
        },
        ids[0]: {"model_name": "HTMLModel", "state": {"value": prefix}},
        ids[1]: {"model_name": "FloatProgressModel", "state": {"value": value, "max": total}},
        ids[2]: {"model_name": "HTMLModel", "state": {"value": suffix}},
    }


def test_widgets_show_their_saved_end_not_their_first_text() -> None:
    """A widget's text/plain is what it was when made: tqdm's `0%|` bar, `IntSlider(...)`.
    A progress bar saved with the notebook shows as the line it ended as; others, nothing."""
    state = {
        **progress_state("a", "Downloading: 100%", 1710, 1710, " 1.71k/1.71k [00:00&lt;00:00]"),
        **progress_state("b", "Map:  40%", 4, 10, " 4/10 [00:02&lt;00:03]"),
    }
    metadata = {**PYTHON, "widgets": {"application/vnd.jupyter.widget-state+json": state}}
    cells = (
        code("load()", widget("a", "Downloading:   0%|    | 0.00/1.71k"), widget("b", "Map: 0%|")),
        code("for _ in tqdm(range(3)): pass", widget("unsaved", "  0%|          | 0/3")),
        code("IntSlider()", widget("slider", "IntSlider(value=0)")),
        code("plot_widget()", widget("fig", "Canvas(...)", image_png="iVBORw0KGgo=")),
    )
    body = read_notebook(notebook(*cells, metadata=metadata)).body
    assert (
        "```mlblog-output stdout\n"
        "Downloading: 100%|██████████| 1.71k/1.71k [00:00<00:00]\n"
        "Map:  40%|████      | 4/10 [00:02<00:03]\n```"
    ) in body
    assert "0.00/1.71k" not in body and "0/3" not in body and "Map: 0%" not in body
    assert "IntSlider(value=0)" not in body and "Canvas(...)" not in body
    assert "![output of cell 4](output-4-1.png)" in body
    assert body.count("mlblog-output") == 1


def test_what_python_says_of_an_html_object_is_not_shown_for_it() -> None:
    """fastai's progress display is a <style> alone: nothing to show, and its text/plain only
    names the object. A plain object's repr with nothing richer beside it stays."""
    style_only = display(text_html="<style>progress { border: none; }</style>",
                         text_plain="<IPython.core.display.HTML object>")  # fmt: skip
    plain = display(text_plain="<__main__.Model object at 0x7f3a2c1d9e80>")
    body = read_notebook(notebook(code("learn.fit(1)", style_only), code("m", plain))).body
    assert "IPython.core.display" not in body
    assert "```mlblog-output result\n<__main__.Model object at 0x7f3a2c1d9e80>\n```" in body


def test_a_chart_drawn_by_script_is_not_replaced_by_its_objects_name() -> None:
    """Altair saves its chart as Vega-Lite JSON, a script to draw it, and `alt.Chart(...)`."""
    vega = {"$schema": "https://vega.github.io/schema/vega-lite/v4.json", "mark": "bar"}
    script = '<div id="viz"></div><script>vegaEmbed("#viz", spec)</script>'
    altair = display(text_html=script, text_plain="alt.Chart(...)")
    altair["data"]["application/vnd.vegalite.v4+json"] = vega
    body = read_notebook(notebook(code("alt.Chart(df).mark_bar()", altair))).body
    assert "alt.Chart(...)" not in body and "mlblog-output" not in body
