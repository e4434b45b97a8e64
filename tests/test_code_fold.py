"""Folded code ("▶ Show code"): Markdown fences that ask for it, Quarto's code-fold, Jupyter
Book's hide-* tags and Colab's form cells, as the reader gets them in built pages."""

from __future__ import annotations

import re
from collections.abc import Callable

from conftest import SiteFactory, build_site, post_body, read
from mlblog.content.notebook import read_notebook
from mlblog.render.highlight import parse_info
from mlblog.render.result import Rendered
from notebooks import code, md, notebook, stream

EN = "title: T\nbase_url: https://t.example/\nlanguage: en\n"
FENCES = """---
title: Folds
date: 2024-01-01
---
Before the code.

```python fold
import torch
```

```{.python .fold}
braces = 1
```

```python title="train.py" fold
steps = 2
```

```{.python code-fold="show" code-summary="The <setup>"}
opened = 3
```

```python
plain = 4
```
"""
DETAILS = re.compile(r"<details[^>]*>.*?</details>", re.S)


def excerpt_of(home: str) -> str:
    found = re.search(r'<p class="excerpt">(.*?)</p>', home, re.S)
    assert found is not None
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def built(
    make_site: SiteFactory, files: dict[str, str | bytes], config: str = EN, quiet: bool = True
) -> str:
    site = make_site(files, config)
    result = build_site(site)
    assert result.ok and (not quiet or not result.report.items), result.report.items
    return str(site)


def test_fence_spellings_other_tools_use() -> None:
    """Obsidian Code Block Customizer's `fold`, R Markdown's `.fold-hide`/`.fold-show`,
    Quarto's attributes; a Hexo title is still a title."""
    assert parse_info("python fold") == ("python", {"fold": "closed"})
    assert parse_info("{.python .fold-hide}") == ("python", {"fold": "closed"})
    assert parse_info("{.r .fold-show}") == ("r", {"fold": "open"})
    assert parse_info('python code-fold=true code-summary="a b"') == (
        "python", {"fold": "closed", "summary": "a b"}
    )  # fmt: skip
    assert parse_info("python code-fold=false") == ("python", {})
    assert parse_info("python train.py") == ("python", {"title": "train.py"})
    assert parse_info('python title="code-fold=true"') == (
        "python", {"title": "code-fold=true"}
    )  # fmt: skip
    assert parse_info(r'python code-fold=show code-summary="the \"setup\" cell"') == (
        "python", {"fold": "open", "summary": 'the "setup" cell'}
    )  # fmt: skip


def test_folded_fences_are_details_the_reader_opens(make_site: SiteFactory) -> None:
    site = built(make_site, {"content/posts/f.md": FENCES})
    body = post_body(read_path(site, "posts/f/index.html"))
    folds = DETAILS.findall(body)
    assert len(folds) == 4 and "plain" not in "".join(folds)  # an unmarked block stays as is
    first, braces, titled, opened = folds
    assert first.startswith('<details class="code-fold"><summary>Show code</summary>\n')
    assert '<div class="code-block" data-lang="python">' in first and "torch" in first
    assert braces.startswith('<details class="code-fold"><summary>Show code</summary>')
    # A title is the toggle's words, and not said a second time inside
    assert titled.startswith(
        '<details class="code-fold"><summary class="code-fold-title">train.py</summary>'
    )
    assert 'class="code-title"' not in titled
    assert opened.startswith(
        '<details class="code-fold" open><summary class="code-fold-title">The &lt;setup&gt;'
    )
    assert "fold" not in body.replace("code-fold", "")  # no option is shown as text


def read_path(site: str, relative: str) -> str:
    from pathlib import Path

    return read(Path(site), relative)


def test_a_chinese_site_says_show_code_in_chinese(make_site: SiteFactory) -> None:
    site = built(make_site, {"content/posts/f.md": FENCES}, EN.replace("en", "zh-CN"))
    body = post_body(read_path(site, "posts/f/index.html"))
    assert '<details class="code-fold"><summary>显示代码</summary>' in body


def test_folded_code_is_code_in_the_excerpt_and_out_of_search(
    render: Callable[..., Rendered],
) -> None:
    """Folded or not, a code block is `[代码]` in listings and is not searched as text."""
    folded = render("Intro.\n\n```python fold\nsecret_name = 1\n```\n\nAfter.\n")
    plain = render("Intro.\n\n```python\nsecret_name = 1\n```\n\nAfter.\n")
    assert folded.excerpt == plain.excerpt == "Intro. [代码] After."
    assert folded.text == plain.text and "secret_name" not in folded.text


def test_quarto_code_fold_per_chunk_and_per_document(make_site: SiteFactory) -> None:
    chunks = (
        '```{python}\n#| code-fold: true\n#| code-summary: "Show the code"\nfolded = 1\n```\n\n'
        "```{python}\n#| code-fold: show\nopened = 2\n```\n\n"
        "```{python}\nplain = 3\n```\n"
    )
    whole = (
        '---\ntitle: Doc\ndate: 2024-01-02\nformat:\n  html:\n    code-fold: true\n'
        '    code-summary: "代码"\n---\n'
        "```{python}\nby_default = 1\n```\n\n"
        "```{python}\n#| code-fold: false\nunfolded = 2\n```\n\n"
        "```python\nnot_a_chunk = 3\n```\n"
    )  # fmt: skip
    site = built(
        make_site,
        {
            "content/posts/a.qmd": "---\ntitle: A\ndate: 2024-01-01\n---\n" + chunks,
            "content/posts/b.qmd": whole,
        },
        quiet=False,
    )  # fmt: skip  (warned: the chunks were not run)
    a = DETAILS.findall(post_body(read_path(site, "posts/a/index.html")))
    assert len(a) == 2
    assert a[0].startswith('<details class="code-fold"><summary class="code-fold-title">'
                           "Show the code</summary>") and "folded" in a[0]  # fmt: skip
    assert a[1].startswith('<details class="code-fold" open><summary>Show code</summary>')
    b = DETAILS.findall(post_body(read_path(site, "posts/b/index.html")))
    assert len(b) == 1 and "by_default" in b[0]  # the document's default; a chunk's own wins
    assert '<summary class="code-fold-title">代码</summary>' in b[0]


def test_notebook_hide_tags_fold_and_remove_tags_leave_out(make_site: SiteFactory) -> None:
    """Jupyter Book's hide-input, hide-output, hide-cell fold; remove-* and fastpages'
    `#hide_input` comment (which removed the code) leave out, as do Kaggle's hidden parts."""
    raw = notebook(
        code("folded_input = 1", stream("input_out\n"), tags=["hide-input"]),
        code("shown_code = 2", stream("folded_out\n"), tags=["hide-output"]),
        code("whole_cell = 3", stream("whole_out\n"), tags=["hide-cell"]),
        code("#hide_input\nfastpages_code = 4", stream("fastpages_out\n")),
        code("kaggle_code = 5", stream("kaggle_out\n"), **{"_kg_hide-input": True}),
        code("removed_code = 6", stream("removed_out\n"), tags=["remove-input"]),
    )
    site = built(make_site, {"content/posts/2024-01-01-nb.ipynb": raw})
    body = post_body(read_path(site, "posts/nb/index.html"))
    folds = DETAILS.findall(body)
    assert len(folds) == 3
    assert folds[0].startswith('<details class="code-fold"><summary>Show code</summary>')
    assert "folded_input" in folds[0] and "input_out" not in folds[0]
    assert body.index(folds[0]) < body.index("input_out")  # the output is shown
    assert folds[1].startswith('<details class="code-fold"><summary>Show output</summary>')
    assert "folded_out" in folds[1] and "shown_code" not in folds[1]
    assert folds[2].startswith('<details class="code-fold"><summary>Show code cell</summary>')
    assert "whole_cell" in folds[2] and "whole_out" in folds[2]  # one toggle for both
    for removed in ("fastpages_code", "kaggle_code", "removed_code"):
        assert removed not in body
    for shown in ("fastpages_out", "kaggle_out", "removed_out"):
        assert shown in body and shown not in "".join(folds)


def test_folded_cells_are_code_in_the_excerpt(render: Callable[..., Rendered]) -> None:
    raw = notebook(
        md("First."),
        code("a = 1", stream("out_a\n"), tags=["hide-input"]),
        md("Second."),
        code("b = 2", stream("out_b\n"), tags=["hide-cell"]),
        md("Third."),
        code("c = 3", stream("out_c\n"), tags=["hide-output"]),
    )
    rendered = render(read_notebook(raw).body)
    assert rendered.excerpt == "First. [代码] Second. [代码] Third. [代码]"
    assert "out_" not in rendered.text and "a = 1" not in rendered.text


def test_a_hide_cell_cell_without_output_folds_its_code_only() -> None:
    raw = notebook(code("lonely = 1", tags=["hide-cell"]))
    body = read_notebook(raw).body
    assert body.startswith(":::::::::::::: mlblog-fold cell\n\n```python\nlonely = 1\n```")
    assert body.rstrip().endswith("::::::::::::::")
