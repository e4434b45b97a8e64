"""A ```` ```math ```` fence is display math, as GitHub and GitLab show it: READMEs and notes
written for them put formulas in such fences, which read here as code full of TeX.
Only where math is on (a post with `math: false` keeps its fences as code), and only the
bare info string `math`: `latex` and `tex` fences show TeX source, as their authors meant."""

from __future__ import annotations

from markdown_it.rules_core import StateCore


def math_fences(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "fence" and token.info.strip().lower() == "math":
            token.type, token.tag, token.info = "math_block", "math", ""
