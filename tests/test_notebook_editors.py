"""Notebooks saved by Kaggle and VS Code: what those editors store in a cell's metadata
shows on the page as it did to the author."""

from __future__ import annotations

import json
import re

from conftest import SiteFactory, build_site, post_body, read
from notebooks import PYTHON, code, md, notebook, stream


def test_a_vs_code_cell_in_another_language_is_highlighted_in_it(make_site: SiteFactory) -> None:
    """VS Code lets a cell of a Python notebook be SQL or shell (`%%sql`, `%%bash`); the
    page highlighted it as Python."""
    raw = notebook(
        md("# Queries\n\nCount the runs.\n"),
        code("SELECT name FROM runs;\n", vscode={"languageId": "sql"}),
        code("%%bash\nls $HOME\n", vscode={"languageId": "shellscript"}),
        code("notes as they are\n", vscode={"languageId": "plaintext"}),
        code("import torch\n", vscode={"languageId": "python"}),
        code("x = 1\n", vscode={"languageId": "not a language!"}),
        metadata={**PYTHON, "vscode": {"interpreter": {"hash": "0123abcd"}}},
    )
    site = make_site({"content/posts/2024-07-01-queries.ipynb": raw})
    result = build_site(site)
    assert result.ok and not result.report.items, [str(d) for d in result.report.items]
    body = post_body(read(site, "posts/queries/index.html"))
    assert '<div class="code-block" data-lang="sql">' in body
    assert '<span class="k">SELECT</span>' in body
    assert '<div class="code-block" data-lang="bash">' in body
    assert '<span class="nv">$HOME</span>' in body
    assert '<div class="code-block" data-lang="text">' in body
    assert body.count('data-lang="python"') == 2  # its own; and the unknown id's: the kernel's


def test_what_kaggle_s_editor_hides_is_hidden(make_site: SiteFactory) -> None:
    """Kaggle's "hide input" and "hide output" are cell metadata of its own; a Kaggle
    notebook's source is one string per cell."""
    kaggle = {"_cell_guid": "a1", "_uuid": "b2", "trusted": True}
    raw = json.loads(
        notebook(
            md("# Titanic baseline\n\nA first model.\n"),
            code(
                "import warnings_marker\n",
                stream("hidden_input_output\n"),
                **kaggle,
                **{"_kg_hide-input": True},
            ),
            code(
                "model.fit(X, y)\n",
                stream("epoch_noise_marker\n"),
                **kaggle,
                **{"_kg_hide-output": True},
            ),
            code("print('shown')\n", stream("shown_output\n"), **kaggle),
        )
    )
    for cell in raw["cells"]:
        cell["source"] = "".join(cell["source"])
    raw["metadata"]["kaggle"] = {"accelerator": "none", "isInternetEnabled": True}
    site = make_site({"content/posts/2024-07-02-titanic.ipynb": json.dumps(raw, indent=1)})
    result = build_site(site)
    assert result.ok and not result.report.items, [str(d) for d in result.report.items]
    body = post_body(read(site, "posts/titanic/index.html"))
    assert "warnings_marker" not in body and "hidden_input_output" in body
    assert "model" in body and "epoch_noise_marker" not in body
    assert "shown" in body and "shown_output" in body


def test_a_cell_magic_s_cell_is_highlighted_in_its_language(make_site: SiteFactory) -> None:
    """`%%bash`, `%%sql`, `%%writefile config.yaml` hand the cell to another program, and
    JupyterLab highlights it in that program's language; the page highlighted it as Python.
    The magic line stays: the cell copied into a notebook still runs."""
    raw = notebook(
        md("# Setup\n\nThe environment.\n"),
        code("%%bash\nls $HOME\n"),
        code("%%sql\nSELECT name FROM runs;\n"),
        code("%%writefile config.yaml\nlr: 0.1\n"),
        code("%%writefile -a train.py\nimport torch\n"),
        code("%%script --no-raise-error bash\necho $PATH\n"),
        code("%%time\nx = sum(range(10))\n"),
        code("%%capture_marker_unknown\ny = 1\n"),
    )
    site = make_site({"content/posts/2024-07-03-setup.ipynb": raw})
    result = build_site(site)
    assert result.ok and not result.report.items, [str(d) for d in result.report.items]
    body = post_body(read(site, "posts/setup/index.html"))
    langs = [part.split('"', 1)[0] for part in body.split('class="code-block" data-lang="')[1:]]
    assert langs == ["bash", "sql", "yaml", "python", "bash", "python", "python"]
    assert '<span class="nv">$HOME</span>' in body and '<span class="k">SELECT</span>' in body
    shown = re.sub(r"<[^>]+>", "", body)
    assert shown.count("%%bash") == 1 and "%%writefile config.yaml\nlr: 0.1" in shown


def test_a_magic_is_ipython_s_and_other_kernels_keep_their_language(
    make_site: SiteFactory,
) -> None:
    r_kernel = {"kernelspec": {"display_name": "R", "language": "R", "name": "ir"}}
    raw = notebook(md("# R\n\nA frame.\n"), code("%%bash\nx <- 1\n"), metadata=r_kernel)
    site = make_site({"content/posts/2024-07-04-r.ipynb": raw})
    result = build_site(site)
    assert result.ok, [str(d) for d in result.report.items]
    assert 'data-lang="r"' in post_body(read(site, "posts/r/index.html"))
