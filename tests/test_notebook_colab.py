"""Notebooks written in Google Colab: its form markup (`#@title`, `#@markdown`, `#@param`)
read as Colab shows it, in built sites."""

from __future__ import annotations

import re
import time

from conftest import SiteFactory, build_site, post_body, read
from mlblog.content.notebook import read_notebook
from notebooks import code, md, notebook, stream

COLAB = {
    "colab": {"provenance": []},
    "kernelspec": {"display_name": "Python 3", "name": "python3"},
    "language_info": {"name": "python"},
}


def build_one(make_site: SiteFactory, raw: bytes, slug: str = "colab") -> tuple[str, str]:
    """(the post's body, the home page) of a site holding one notebook."""
    site = make_site({f"content/posts/2024-06-01-{slug}.ipynb": raw})
    result = build_site(site)
    assert result.ok and not result.report.items, [str(d) for d in result.report.items]
    return post_body(read(site, f"posts/{slug}/index.html")), read(site, "index.html")


def excerpt_of(home: str) -> str:
    found = re.search(r'<p class="excerpt">(.*?)</p>', home, re.S)
    assert found is not None
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()  # the placeholders' spans


def code_text(body: str) -> str:
    """The code blocks' text as a reader copies it: tags gone, entities read."""
    blocks = re.findall(r"<code>(.*?)</code>", body, re.S)
    text = re.sub(r"<[^>]+>", "", "\n".join(blocks))
    return text.replace("&quot;", '"').replace("&#x27;", "'").replace("&lt;", "<")


def test_a_form_cell_s_code_is_folded_under_its_title_and_its_markdown_is_prose(
    make_site: SiteFactory,
) -> None:
    """Colab shows "Hyperparameters" as the cell's heading and the #@markdown line as text;
    the page showed both as comments in the code. A `display-mode: "form"` cell's code,
    which Colab hides behind its form, is folded under that heading: one click shows it."""
    raw = notebook(
        md("# Fine-tuning ResNet\n\nWe fine-tune on CIFAR-10.\n"),
        code(
            '#@title Hyperparameters { display-mode: "form" }\n'
            "#@markdown Pick the **learning rate** and the model.\n"
            'lr = 3e-4  #@param {type:"number"}\n'
            'model = "resnet50"  #@param ["resnet18", "resnet50"]\n'
            "print(lr, model)\n",
            stream("0.0003 resnet50\n"),
        ),
        metadata=COLAB,
    )
    body, home = build_one(make_site, raw)
    summary = '<details class="code-fold"><summary class="code-fold-title">Hyperparameters<'
    assert summary in body and 'class="code-title"' not in body  # the title is said once
    assert body.index(summary) < body.index("3e-4") < body.index("</details>")
    assert "@title" not in body and "display-mode" not in body and "@markdown" not in body
    assert "<p>Pick the <strong>learning rate</strong> and the model.</p>" in body
    assert body.index("learning rate") < body.index(summary)
    assert body.index("</details>") < body.index("0.0003 resnet50")  # the output is not folded
    # The fields keep their values, and their choices: the page has no form to show them.
    code_shown = code_text(body)
    assert 'lr = 3e-4  #@param {type:"number"}' in code_shown
    assert 'model = "resnet50"  #@param ["resnet18", "resnet50"]' in code_shown
    assert code_shown.lstrip().startswith("lr = 3e-4")  # no blank line where the title was
    assert "0.0003 resnet50" in body  # a form cell's output, as any cell's
    assert excerpt_of(home) == (
        "We fine-tune on CIFAR-10. Pick the learning rate and the model. [代码]"
    )


def test_colab_s_newer_spaced_markup_and_a_title_with_braces_and_quotes(
    make_site: SiteFactory,
) -> None:
    """Colab now writes `# @title`; a title's own braces, digits and quotes are its text,
    not fence options (`{3 epochs}` marked line 3, `"` ended the title)."""
    raw = notebook(
        code(
            '# @title Train {3 epochs} on "tiny" data { vertical-output: true }\n'
            "\n"
            "# @markdown Line one\n"
            "# @markdown\n"
            "# @markdown - a point\n"
            "for epoch in range(3):\n"
            "    train()\n"
        ),
        metadata=COLAB,
    )
    body, _home = build_one(make_site, raw)
    assert '<div class="code-title">Train {3 epochs} on &quot;tiny&quot; data</div>' in body, body
    assert 'class="hll"' not in body and "vertical-output" not in body
    assert "<p>Line one</p>" in body and "<li>a point</li>" in body
    assert code_text(body).strip() == "for epoch in range(3):\n    train()"


def test_a_title_holding_both_kinds_of_quote_is_shown_as_written(make_site: SiteFactory) -> None:
    """Its `"` became ” on the way through the fence's info string."""
    cell = code('# @title Load "tiny" data, the model\'s weights\nload()\n')
    body, _home = build_one(make_site, notebook(cell, metadata=COLAB))
    title = "Load &quot;tiny&quot; data, the model&#x27;s weights"
    assert f'<div class="code-title">{title}</div>' in body, body


def test_a_form_cell_can_still_be_left_out_or_show_only_its_output(
    make_site: SiteFactory,
) -> None:
    """fastpages' flags work under a #@title line (both want to be the first line), and a
    cell whose code is left out keeps its #@markdown text, which is not code."""
    raw = notebook(
        md("# Setup\n\nFirst the tools.\n"),
        code("#@title Install\n#hide\n!pip install -q secret_package\n"),
        code(
            "#hide_input\n#@title Plot\n#@markdown The loss falls.\nplot_marker()\n",
            stream("plotted_marker\n"),
        ),
        metadata=COLAB,
    )
    body, _home = build_one(make_site, raw)
    assert "secret_package" not in body and "Install" not in body and "#hide" not in body
    assert "plot_marker" not in body and "plotted_marker" in body
    assert "<p>The loss falls.</p>" in body and "@title" not in body


def test_a_cell_of_only_form_markdown_is_prose_and_plain_cells_are_unchanged() -> None:
    raw = notebook(
        code("#@markdown ### Instructions\n#@markdown Run every cell in order.\n"),
        code("x = 1  # @param is only a comment here\n# @markdownish\n"),
        metadata=COLAB,
    )
    body = read_notebook(raw).body
    assert "### Instructions\nRun every cell in order." in body
    assert "```python\nx = 1  # @param is only a comment here\n# @markdownish\n```" in body
    assert "@markdown " not in body


def test_form_lines_keep_their_file_lines_for_messages() -> None:
    """A formula's error in #@markdown text, or a warning about the code, names its line."""
    raw = notebook(code("#@title T\n#@markdown Text $x$\ny = 2\n"), metadata=COLAB)
    result = read_notebook(raw)
    text = raw.decode().split("\n")
    placed = dict(zip(result.body.split("\n"), result.body_lines, strict=True))
    assert "Text $x$" in text[placed["Text $x$"] - 1]
    assert "y = 2" in text[placed["y = 2"] - 1]


def test_a_title_with_a_long_run_of_spaces_is_read_in_linear_time() -> None:
    """The title line was one pattern whose lazy title, before optional spaces and options,
    backtracked in cubic time: 2,000 spaces inside a title took 10 s, 5,000 minutes."""
    padded = "#@title Setup" + " " * 2000 + "(run first) { display-mode: 'form' }\nx = 1\n"
    started = time.perf_counter()
    body = read_notebook(notebook(code(padded), metadata=COLAB)).body
    assert time.perf_counter() - started < 1
    assert "(run first)" in body and "display-mode" not in body and "x = 1" in body
