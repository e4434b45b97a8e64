"""Argument parsing and reporting only; each verb calls one function in commands/.

Imports of the heavy stages happen inside the verbs so `--help` and `--version` stay fast.
"""

from __future__ import annotations

import argparse
import logging
import re
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mlblog import __version__
from mlblog.cli_hints import new_extras, unknown_options, unknown_verb

if TYPE_CHECKING:
    from mlblog.diagnostics import Report


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mlblog", description="A static-site generator for machine-learning notes."
    )
    parser.add_argument("--version", action="version", version=f"mlblog {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND")

    def site_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "-s", "--site", type=Path, default=Path("."), help="site folder (default: .)"
        )
        sub.add_argument("--drafts", action="store_true", help="include posts with draft: true")
        sub.add_argument("--future", action="store_true", help="include posts dated in the future")
        sub.add_argument("--base-url", help="override base_url from site.yaml")

    build = verbs.add_parser(
        "build",
        help="build the site into public/",
        description="Build the site into its output folder. Problems are printed as "
        "path:line: message; an error exits 1 and leaves the last build's output as it was. "
        "Files the site no longer has are removed from the output (no clean step), and an "
        "output folder that holds the site's own files is refused.",
    )
    site_options(build)
    build.add_argument("-o", "--output", type=Path, help="output folder (default: SITE/public)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument(
        "--no-cache", action="store_true", help="ignore the render cache in .mlblog-cache/"
    )
    build.add_argument(
        "-j", "--jobs", type=_jobs, default=0,
        help="worker processes for rendering (default, or 0: one per core)",
    )  # fmt: skip

    serve = verbs.add_parser(
        "serve",
        help="build and serve the site locally",
        description="Build the site and serve it at http://127.0.0.1:8000/ (under base_url's "
        "path). A change to site.yaml, content/, templates/ or static/ rebuilds what it "
        "touches and reloads open pages; a build error is shown in the browser. Ctrl-C stops.",
    )
    site_options(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve.add_argument("-p", "--port", type=_port, default=8000, help="port (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the site in a web browser")

    check = verbs.add_parser(
        "check",
        help="validate site.yaml, content and internal links without writing anything",
        description="Report what `mlblog build` would (site.yaml, front matter, math, links "
        "between posts, missing images) without writing any file; exit 1 on an error, "
        "and with --strict on a warning too.",
    )
    site_options(check)
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")

    init = verbs.add_parser(
        "init",
        help="create a new site folder",
        description="Create a site that builds as it is: site.yaml with every setting "
        "explained, a first post, an about page, archetypes/post.md for `mlblog new`, a "
        ".gitignore and a GitHub Pages workflow. To move a Hexo, Jekyll or Hugo site, init "
        "a new folder and run `mlblog import` there.",
    )
    init.add_argument("directory", type=Path, help="folder for the new site")
    init.add_argument(
        "--force", action="store_true", help="write into a non-empty folder (never overwrites)"
    )

    new = verbs.add_parser(
        "new",
        help="create a new post dated now",
        description="Write content/posts/YYYY-MM-DD-SLUG.md (from the site's "
        "archetypes/post.md when it has one) and print its path; nothing is overwritten. "
        "The slug comes from the title: Chinese stays as written (注意力机制-attention), or "
        "is spelt in pinyin (zhu-yi-li-ji-zhi-attention) with `slug: pinyin` in site.yaml.",
    )
    new.add_argument("title", help='the post\'s title, e.g. "注意力机制 Attention"')
    new.add_argument("-s", "--site", type=Path, default=Path("."), help="site folder (default: .)")
    new.add_argument("-c", "--category", help="the post's category (default: none)")
    new.add_argument(
        "-t",
        "--tags",
        default="",
        help="comma-separated tags, e.g. -t 'LLM,注意力' (default: none)",
    )
    new.add_argument(
        "--slug",
        help="the post's file name and URL instead of one made from the title, "
        "e.g. --slug attention",
    )
    new.add_argument(
        "--bundle", action="store_true", help="a folder with index.md, for posts with images"
    )

    imp = verbs.add_parser(
        "import", help="copy posts and pages from a Hexo, Jekyll or Hugo site or an Obsidian vault"
    )
    imp.add_argument(
        "generator", choices=("hexo", "jekyll", "hugo", "obsidian"), help="where they come from"
    )
    imp.add_argument(
        "source", type=Path, help="the other generator's site folder or the vault (never modified)"
    )
    imp.add_argument("-s", "--site", type=Path, default=Path("."), help="site folder (default: .)")
    imp.add_argument(
        "--into",
        type=Path,
        help="folder for the imported posts (default: SITE/content/posts; pages always go "
        "to SITE/content/pages)",
    )
    imp.add_argument(
        "--folder",
        metavar="NAME",
        help="obsidian: take only the notes in this folder of the vault (its subfolders too)",
    )
    for sub in (build, serve, check, init, new, imp):  # main() reports a stray option by it
        sub.set_defaults(parser=sub)
    return parser


def _jobs(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"must be a whole number of processes, got {text!r}")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    words = [a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("-")]
    if words[:1] == ["help"]:  # `mlblog help build`, as git, hugo and cargo take it
        if len(words) == 1:
            parser.print_help()
            return 0
        words = words[1:]
        if words[0] in VERBS:
            return main([words[0], "--help"])
    # argparse's "invalid choice" lists the verbs but not the one meant (`server`, `hexo g`)
    problem = unknown_verb(words[0], list(VERBS)) if words else None
    if problem:
        parser.print_usage(sys.stderr)
        print(f"mlblog: error: {problem}", file=sys.stderr)
        return 2
    args, extras = parser.parse_known_args(argv)
    if extras:  # said by the verb's own parser: its usage, and the option probably meant
        sub: argparse.ArgumentParser = getattr(args, "parser", parser)  # none: `mlblog -v`
        known = re.findall(r"(?<![\w-])--?[a-z][a-z-]*", sub.format_help())
        meant = new_extras(args.title, extras) if args.verb == "new" else None
        sub.error(meant or unknown_options(args.verb, extras, known))
    logging.basicConfig(format="mlblog: %(message)s", level=logging.WARNING)
    if args.verb is None:
        parser.print_help()
        return 2
    try:
        return VERBS[args.verb](args)
    except KeyboardInterrupt:  # Ctrl-C: helpers are stopped and temporary files removed
        if args.verb == "build":
            print("build interrupted: the output folder is as the last finished build left it",
                  file=sys.stderr)  # fmt: skip
        else:
            print(f"{args.verb} interrupted", file=sys.stderr)
        return 130


def _build_options(args: argparse.Namespace) -> object:
    from mlblog.commands.build import BuildOptions

    return BuildOptions(
        site_dir=args.site,
        output=getattr(args, "output", None),
        drafts=args.drafts,
        future=args.future,
        base_url=args.base_url,
        strict=getattr(args, "strict", False),
        cache=not getattr(args, "no_cache", False),
        jobs=getattr(args, "jobs", 0),
    )


def report_build(result: object) -> int:
    """Print diagnostics together, then the one-line summary; the exit code for the build."""
    from mlblog.commands.build import BuildResult, summary_line

    assert isinstance(result, BuildResult)
    for diagnostic in result.report.sorted():
        print(diagnostic, file=sys.stderr)
    if not result.ok:
        print(f"build failed: {_counted(result.report)}; nothing written", file=sys.stderr)
        return 1
    print(summary_line(result))
    return 0


def _build(args: argparse.Namespace) -> int:
    from mlblog.commands.build import BuildOptions, build

    options = _build_options(args)
    assert isinstance(options, BuildOptions)
    try:
        result = build(options)
    except OSError as exc:  # writing the output: a full disk, a file made read-only …
        where = exc.filename or options.output or options.site_dir / "public"
        print(f"{where}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        print("build failed while writing; files written before this one are updated, "
              "the others are as the last build left them", file=sys.stderr)  # fmt: skip
        return 1
    return report_build(result)


def _serve(args: argparse.Namespace) -> int:
    from mlblog.commands.serve import serve
    from mlblog.pipeline import BuildOptions

    options = _build_options(args)
    assert isinstance(options, BuildOptions)
    return serve(options, host=args.host, port=args.port, open_browser=args.open)


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (0 to 65535)")
    return int(text)


def _report_error(exc: BaseException) -> int:
    from mlblog.diagnostics import MlblogError

    assert isinstance(exc, MlblogError)
    for diagnostic in exc.diagnostics:
        print(diagnostic, file=sys.stderr)
    return 1


def _check(args: argparse.Namespace) -> int:
    from mlblog.commands.check import check
    from mlblog.pipeline import BuildOptions

    options = _build_options(args)
    assert isinstance(options, BuildOptions)
    report = check(options)
    for diagnostic in report.sorted():
        print(diagnostic, file=sys.stderr)
    # a fixed error can uncover warnings: links are resolved only among posts that loaded
    later = any(d.path != "--strict" for d in report.errors)
    note = "; links and images are checked once the posts load without errors" if later else ""
    print(f"checked: {_counted(report)}{note}")
    return 1 if report.errors else 0


def _counted(report: Report) -> str:
    """ "2 errors, 12 warnings", as check and a failed build say it; --strict's notice
    is not counted as an error of the site's."""
    errors = sum(1 for d in report.errors if d.path != "--strict")
    warnings = len(report.warnings)
    strict = " (errors with --strict)" if report.errors and not errors else ""
    return (f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}{strict}")  # fmt: skip


def _init(args: argparse.Namespace) -> int:
    from mlblog.commands.init import SCAFFOLD_FILES, WORKFLOW, init_site
    from mlblog.commands.install_source import workflow_requirement
    from mlblog.diagnostics import MlblogError

    requirement, note = workflow_requirement()
    try:
        written = init_site(args.directory, force=args.force, requirement=requirement)
    except MlblogError as exc:
        return _report_error(exc)
    for path in written:
        print(f"created {path}")
    for path in (args.directory / name for name in SCAFFOLD_FILES):
        if path not in written:
            print(f"kept {path} (it already exists; not overwritten)")
    if note and args.directory / WORKFLOW in written:
        print(f"note: {note}")
    here = Path(args.directory).resolve() == Path.cwd()
    print(
        "next: mlblog serve"
        if here
        else f"next: cd {shlex.quote(str(args.directory))} && mlblog serve"
    )
    return 0


def _new(args: argparse.Namespace) -> int:
    from mlblog.commands.new import new_post
    from mlblog.diagnostics import MlblogError

    tags = list(
        dict.fromkeys(t.strip() for t in args.tags.replace("，", ",").split(",") if t.strip())
    )
    try:
        path = new_post(
            args.site, args.title, args.category, tags, bundle=args.bundle, slug=args.slug
        )
    except MlblogError as exc:
        return _report_error(exc)
    print(path)
    return 0


def _import(args: argparse.Namespace) -> int:
    from mlblog.commands.import_site import import_site
    from mlblog.diagnostics import MlblogError, Severity

    try:
        result = import_site(args.generator, args.source, args.site, args.into, args.folder)
    except MlblogError as exc:
        return _report_error(exc)
    for diagnostic in result.problems:
        print(diagnostic, file=sys.stderr)
    print(result.summary())
    if result.settings:  # after the summary: what is left to do by hand, in site.yaml
        print("\n" + result.settings)
    unread = any(d.severity is Severity.ERROR for d in result.problems)  # a post not readable
    return 1 if unread else 0


VERBS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build": _build, "serve": _serve, "check": _check, "init": _init, "new": _new,
    "import": _import,
}  # fmt: skip
