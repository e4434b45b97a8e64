"""Names from code blocks are searched: the dotted, snake_case and camelCase names a
reader remembers from a post's code (scaled_dot_product_attention), not every word of it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page

from browser import serve_built
from mlblog.render.result import Rendered
from searching import search, write_posts

CODE = """\
缩放点积注意力。

```python
import torch
out = torch.nn.functional.scaled_dot_product_attention(q, k, v)
model = MyAttention(dim=64)  # return the output
dist.all_reduce(out)
dist.all_reduce(out)
```

```mermaid
graph LR; some_node --> other_node
```
"""


def test_a_post_keeps_the_names_of_its_code(render: Callable[..., Rendered]) -> None:
    assert render(CODE).code_names == (
        "torch.nn.functional.scaled_dot_product_attention",
        "MyAttention",
        "dist.all_reduce",
    )  # each once; plain words and a diagram's names left out


def test_a_name_only_in_code_finds_its_post(page: Page, tmp_path: Path) -> None:
    """scaled_dot_product_attention, written only in a code block, found nothing: code was
    left out of the index whole."""
    write_posts(tmp_path, {
        "sdpa": ("注意力的实现", "", CODE),
        "other": ("Notes", "", "We return early and import nothing.\n\n```\nx = 1\n```"),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "scaled_dot_product_attention") == ["注意力的实现"]
        assert search(page, url, "F.scaled_dot_product_attention") == ["注意力的实现"]
        assert search(page, url, "all_reduce") == ["注意力的实现"]
        marks = page.locator("#search-page-results .search-result-snippet mark")
        assert set(marks.all_inner_texts()) == {"[代码]"}  # where it is: in the code
        assert search(page, url, "MyAttention") == ["注意力的实现"]
        assert search(page, url, "import") == ["Notes"]  # a plain word of code is not a name
        assert marks.all_inner_texts() == ["import"]  # found in the text: its code unmarked
