"""`mlblog check`: everything `mlblog build` would report, with nothing written.

The same stages run (config, content, rendering, links between posts, templates), so
the diagnostics are exactly the build's; the render cache is not opened, because
opening it would write `.mlblog-cache/`.
"""

from __future__ import annotations

from dataclasses import replace

from mlblog.diagnostics import MlblogError, Report
from mlblog.output import check_output_dir
from mlblog.pipeline import BuildOptions, SiteBuilder


def check(options: BuildOptions) -> Report:
    """The build's diagnostics for this site; no file is created, changed or removed."""
    report = Report()
    out_dir = options.output or options.site_dir / "public"
    try:
        check_output_dir(options.site_dir, out_dir)
    except MlblogError as exc:
        report.extend(exc.diagnostics)
    # No cache (opening it writes .mlblog-cache/), no search index (nothing to check there);
    # render workers as in a build, they write nothing.
    with SiteBuilder(replace(options, cache=False), defer_search=True) as builder:
        _site, built = builder.build()
    report.extend(built.items)
    return report
