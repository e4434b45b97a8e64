"""A document's own code folding, from its front matter, as Quarto and R Markdown read it:
`code-fold: true` (or `show`) and `code-summary: "Show the code"` at the top level or under
`format: html:`, and R Markdown's `output: html_document: code_folding: hide` (or `show`).
Its executable chunks fold unless they say otherwise (render.quarto, render.folds)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mlblog.render.highlight import FOLD_VALUES

READ_KEYS = ("code-fold", "code-summary")


def code_fold(meta: Mapping[str, Any]) -> tuple[str, str]:
    """(a `code-fold` word render.highlight.FOLD_VALUES knows, or "", summary) for the
    document."""
    places = [meta, _under(meta, "format", "html"), _under(meta, "format", "html_document")]
    fold, summary = "", ""
    for place in places:
        fold = _word(place.get("code-fold")) or fold
        said = place.get("code-summary")
        summary = str(said).strip() if isinstance(said, str | int | float) else summary
    rmarkdown = _word(_under(meta, "output", "html_document").get("code_folding"))
    fold = fold or rmarkdown
    return (fold, summary) if fold in FOLD_VALUES else ("", "")  # (quarto reads the word)


def _under(meta: Mapping[str, Any], key: str, name: str) -> Mapping[str, Any]:
    holder = meta.get(key)
    found = holder.get(name) if isinstance(holder, Mapping) else None
    return found if isinstance(found, Mapping) else {}


def _word(value: Any) -> str:
    """YAML's `true` and `"true"` alike; `false`, `none` and the rest are no fold."""
    if isinstance(value, bool):
        return "true" if value else ""
    return value.strip().lower() if isinstance(value, str) else ""
