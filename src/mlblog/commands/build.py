"""`mlblog build`: load everything, render, index, route, template, write (DESIGN.md §3)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from mlblog.config import Config, load_config, with_base_url
from mlblog.content.model import Entry, build_entry
from mlblog.content.source import Kind, load_sources
from mlblog.diagnostics import Diagnostic, MlblogError, Report, error, warning
from mlblog.index import SiteIndex, build_index
from mlblog.links import resolve
from mlblog.output import check_output_dir, write_site
from mlblog.render.excerpt import Placeholders
from mlblog.render.highlight import stylesheet
from mlblog.render.markdown import MarkdownRenderer, Rendered, RenderSettings
from mlblog.render.math import KatexEngine, find_katex
from mlblog.routes import make_routes
from mlblog.templates import THEME_DIR, make_environment, render_template
from mlblog.urls import Urls, output_file


@dataclass(frozen=True, slots=True)
class BuildOptions:
    site_dir: Path
    output: Path | None = None
    drafts: bool = False
    future: bool = False
    base_url: str | None = None
    strict: bool = False
    now: datetime | None = None  # tests pin the clock; None is the real time


@dataclass(slots=True)
class BuildResult:
    report: Report = field(default_factory=Report)
    pages: int = 0
    posts: int = 0
    seconds: float = 0.0
    output: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.report.errors


def build(options: BuildOptions) -> BuildResult:
    """Build the site; on any error nothing is written and the old output stays."""
    started = time.perf_counter()
    result = BuildResult()
    try:
        _build(options, result)
    except MlblogError as exc:
        result.report.extend(exc.diagnostics)
    if options.strict and result.report.warnings and not result.report.errors:
        result.report.add(error("build", None, "warnings are errors with --strict"))
    result.seconds = time.perf_counter() - started
    return result


def _build(options: BuildOptions, result: BuildResult) -> None:
    site_dir = options.site_dir
    config = load_config(site_dir)
    if options.base_url:
        config = with_base_url(config, options.base_url)
    out_dir = options.output or site_dir / "public"
    check_output_dir(site_dir, out_dir)

    report = result.report
    posts, pages = _load(site_dir, config, options, report)
    if report.errors:
        return
    with KatexEngine(find_katex(site_dir), config.math.macros) as engine:
        rendered = _render_all(MarkdownRenderer(engine), [*posts, *pages], config, report)
    urls = Urls(config)
    index, problems = build_index(posts, pages, urls)
    report.extend(problems)
    rendered, feed_html, referenced = _resolve_references(site_dir, index, rendered, urls, report)
    if report.errors or (options.strict and report.warnings):
        return

    files = _render_pages(site_dir, config, index, rendered, feed_html)
    files["assets/css/pygments.css"] = stylesheet().encode()
    files[".nojekyll"] = b""
    copies = dict(_assets(site_dir, index, engine.katex_dir))
    copies.update({target: site_dir / source for target, source in referenced.items()})
    write_site(out_dir, files, copies)
    result.pages = sum(1 for name in files if name.endswith(".html"))
    result.posts = len(index.posts)
    result.output = out_dir


def _load(
    site_dir: Path, config: Config, options: BuildOptions, report: Report
) -> tuple[list[Entry], list[Entry]]:
    sources, problems = load_sources(site_dir)
    report.extend(problems)
    now = options.now or datetime.now(UTC)
    posts: list[Entry] = []
    pages: list[Entry] = []
    for source in sources:
        entry, diagnostics = build_entry(source, config.tz)
        report.extend(diagnostics)
        if entry is None:
            continue
        if entry.kind is Kind.PAGE:
            pages.append(entry)
        elif entry.draft and not options.drafts:
            continue
        elif entry.date > now and not options.future:
            report.add(
                warning(entry.path, entry.source.line_of("date"),
                        f"dated in the future ({entry.date:%Y-%m-%d %H:%M %z}); "
                        "skipped (build with --future to include it)")
            )  # fmt: skip
        else:
            posts.append(entry)
    return posts, pages


def render_settings(config: Config, entry: Entry) -> RenderSettings:
    p = config.excerpt.placeholders
    return RenderSettings(
        placeholders=Placeholders(p.code, p.math_inline, p.math_block),
        excerpt_length=config.excerpt.length,
        html=config.markdown.html,
        math=entry.math,
        base_path=config.base_path,
    )


def _render_all(
    renderer: MarkdownRenderer, entries: list[Entry], config: Config, report: Report
) -> dict[str, Rendered]:
    rendered: dict[str, Rendered] = {}
    for entry in entries:
        result = renderer.render(entry.source.body, entry.summary, render_settings(config, entry))
        rendered[entry.path] = result
        offset = entry.source.body_line - 1
        report.extend(
            warning(entry.path, line + offset, message) for line, message in result.warnings
        )
    return rendered


def _resolve_references(
    site_dir: Path, index: SiteIndex, rendered: dict[str, Rendered], urls: Urls, report: Report
) -> tuple[dict[str, Rendered], dict[str, str], dict[str, str]]:
    """Links between posts become URLs; images beside a source are copied beside its page."""
    final: dict[str, Rendered] = {}
    feed_html: dict[str, str] = {}
    copies: dict[str, str] = {}
    for entry in (*index.posts, *index.pages):
        result = rendered[entry.path]
        folder = output_file(index.url(entry)).rpartition("/")[0]
        resolved = resolve(
            entry.path, entry.source.body_line, folder, result, index.urls, urls.href,
            urls.absolute, lambda relative: (site_dir / relative).is_file(),
        )  # fmt: skip
        report.extend(resolved.problems)
        copies.update(resolved.copies)
        final[entry.path] = replace(result, html=resolved.html)
        feed_html[entry.path] = resolved.feed_html
    return final, feed_html, copies


def _render_pages(
    site_dir: Path,
    config: Config,
    index: SiteIndex,
    rendered: dict[str, Rendered],
    feed_html: dict[str, str],
) -> dict[str, bytes]:
    env = make_environment(site_dir, config)
    return {
        output_file(route.url): render_template(env, route.template, route.context).encode()
        for route in make_routes(index, rendered, feed_html, config)
    }


def _assets(site_dir: Path, index: SiteIndex, katex_dir: Path) -> Iterator[tuple[str, Path]]:
    """Files copied as they are: theme static, KaTeX CSS and fonts, bundles, then site static."""
    yield from _tree(THEME_DIR / "static", "")
    dist = katex_dir / "dist"
    yield "katex/katex.min.css", dist / "katex.min.css"
    yield from _tree(dist / "fonts", "katex/fonts/")
    for entry in (*index.posts, *index.pages):
        bundle = site_dir / Path(entry.path).parent
        folder = output_file(index.url(entry)).rpartition("/")[0]
        for asset in entry.source.bundle_assets:
            relative = (site_dir / asset).relative_to(bundle).as_posix()
            yield f"{folder}/{relative}", site_dir / asset
    yield from _tree(site_dir / "static", "")


def _tree(root: Path, prefix: str) -> Iterator[tuple[str, Path]]:
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if (path.is_file() and not path.name.startswith(".")) or path.name == ".nojekyll":
                yield prefix + path.relative_to(root).as_posix(), path


def summary_line(result: BuildResult, now: float | None = None) -> str:
    warnings = len(result.report.warnings)
    plural = "" if warnings == 1 else "s"
    return (
        f"built {result.pages} pages ({result.posts} posts) with {warnings} warning{plural} "
        f"in {result.seconds:.2f} s → {result.output}"
    )


def diagnostics_text(diagnostics: list[Diagnostic]) -> str:
    return "\n".join(str(d) for d in diagnostics)
