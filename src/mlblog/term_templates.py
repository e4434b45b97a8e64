"""A site's own term.html or terms.html made before series existed picks its label by
`kind == "category"`, else "Tag": a series page said "TAG: Attention from scratch". Such a
template (it reads `kind` and never names series or the labels given for it) is left to
the kinds it knows; series pages use the theme's template, inside the site's base.html,
and a warning says how to have the site's own used for them too."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from mlblog.diagnostics import Diagnostic, warning
from mlblog.routes import Route

THEME_PREFIX = "theme:"  # "theme:term.html": the theme's file, even where the site has one
_KNOWS_SERIES = re.compile(r"series|terms?_label")
_KIND = re.compile(r"\bkind\b")


def series_templates(
    routes: Sequence[Route], site_dir: Path
) -> tuple[list[Route], list[Diagnostic]]:
    """The routes, series pages moved off the site's templates that would mislabel them."""
    if not any(_is_series(r) for r in routes):
        return list(routes), []
    moved: set[str] = set()
    warnings = []
    for name in _NAMES:
        try:
            text = (site_dir / "templates" / name).read_text("utf-8", errors="replace")
        except OSError:  # none of the site's own (the theme's knows series)
            continue
        kind = _KIND.search(text)
        if kind is None or _KNOWS_SERIES.search(text):
            continue
        moved.add(name)
        line = text.count("\n", 0, kind.start()) + 1
        warnings.append(warning(f"templates/{name}", line, (
            "knows categories and tags only (it reads `kind` and never names series), so "
            f"series pages use the theme's {name}; show `{{{{ {_LABELS[name]} }}}}` for the "
            "kind's name to have this one used for them too")))  # fmt: skip
    if not moved:
        return list(routes), []
    return [
        replace(r, template=THEME_PREFIX + r.template)
        if _is_series(r) and r.template in moved
        else r
        for r in routes
    ], warnings  # fmt: skip


def _is_series(route: Route) -> bool:
    return route.template in _NAMES and route.context.get("kind") == "series"


_NAMES = ("term.html", "terms.html")
_LABELS = {"term.html": "term_label", "terms.html": "terms_label"}
