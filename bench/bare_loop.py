"""The floor under a cold build: `python -m bench.bare_loop [N ...] [--runs R]` (default 1000).

Issue 7 measured "a bare markdown-it-py + Pygments + Jinja loop" beside the generators:
what a Python generator costs before it does anything of its own. This is that loop on
the bench's generated posts, on one core, beside Pelican's cold build of the same posts:
each post's front matter read (PyYAML with libyaml), its Markdown parsed and rendered by
markdown-it-py (CommonMark, tables, `$…$` kept as text as the browser-math peers keep
it), its code highlighted by Pygments, the page made by one small Jinja template and
written. No listings, excerpts, feeds, search, cache or formulas typeset.

It tells how far a cold build's target is from what its libraries alone take: on two
cores, a build can at best take half of the loop's time, plus what it does besides.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import generate
from bench.peers import pelican_site

BIN = Path(sys.executable).parent
_PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{{ title }} · Bench notes</title></head><body>
<header><a href="/">Bench notes</a></header>
<main><article><h1>{{ title }}</h1><time>{{ date }}</time>{{ body }}</article></main>
</body></html>
"""


def bare_loop(posts: Path, out: Path, katex_dir: Path | None = None) -> int:
    """Render every post of `posts` into `out`; the number of pages written. With
    `katex_dir`, `$…$` and `$$…$$` are typeset by KaTeX in node (mlblog's worker script, one
    request per post, sent before the post before it is rendered, as mlblog does)."""
    from collections import deque
    from collections.abc import Callable
    from typing import Any

    import jinja2
    import yaml
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from markupsafe import Markup
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import TextLexer, get_lexer_by_name
    from pygments.util import ClassNotFound

    from mlblog.render.math import KatexEngine, MathItem, MathResult

    formatter = HtmlFormatter(nowrap=True)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, as mlblog reads it

    def highlighted(code: str, lang: str, _attrs: str) -> str:
        try:
            lexer = get_lexer_by_name(lang) if lang else TextLexer()
        except ClassNotFound:
            lexer = TextLexer()
        return f'<pre class="highlight"><code>{highlight(code, lexer, formatter)}</code></pre>'

    md = MarkdownIt("commonmark", {"highlight": highlighted}).enable("table")
    engine = KatexEngine(katex_dir) if katex_dir is not None else None
    if engine is not None:
        dollarmath_plugin(md, allow_space=False, allow_digits=False)

        def typeset(
            _self: object, tokens: list[Token], idx: int, _options: object, env: dict[str, Any]
        ) -> str:
            return env["math"][(tokens[idx].content, tokens[idx].type != "math_inline")] or ""

        for rule in ("math_inline", "math_block", "math_block_label"):
            md.add_render_rule(rule, typeset)
    page = jinja2.Environment(autoescape=True).from_string(_PAGE)
    Collect = Callable[[], list[MathResult]] | None
    begun: deque[tuple[Path, dict[str, Any], list[Token], dict[str, Any], Collect]] = deque()

    def finish() -> None:
        path, meta, tokens, env, collect = begun.popleft()
        if collect is not None:
            results = zip(env["items"], collect(), strict=True)
            env["math"] = {(item.tex, item.display): result.html for item, result in results}
        body = Markup(md.renderer.render(tokens, md.options, env))
        html = page.render(title=meta["title"], date=meta["date"], body=body)
        target = out / path.stem / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, "utf-8")

    written = 0
    for path in sorted(posts.glob("*.md")):
        _, front, text = path.read_text("utf-8").split("---\n", 2)
        env: dict[str, Any] = {}
        tokens = md.parse(text, env)
        collect: Collect = None
        if engine is not None:
            found = [t for t in tokens if t.type in ("math_block", "math_block_label")]
            found += [
                c for t in tokens if t.children for c in t.children if c.type == "math_inline"
            ]
            env["items"] = [MathItem(t.content, t.type != "math_inline") for t in found]
            collect = engine.submit(env["items"])
        begun.append((path, yaml.load(front, Loader=loader), tokens, env, collect))
        if len(begun) > 1:
            finish()
        written += 1
    while begun:
        finish()
    if engine is not None:
        engine.close()  # waits for node, whose CPU time then counts as this process's
    return written


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `command` (its waited-for children included)."""
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start, _children_cpu() - cpu


def measure(count: int, runs: int) -> dict[str, tuple[float, float]]:
    """Alternating runs of the loop, the loop with KaTeX and Pelican's cold build: the
    median wall and CPU seconds of each."""
    from mlblog.render.math import find_katex

    times: dict[str, list[tuple[float, float]]] = {"loop": [], "loop+katex": [], "pelican": []}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generated = generate(root / "mlblog", count)
        pelican = pelican_site(generated, root / "pelican")
        posts, out = generated / "content" / "posts", root / "loop-out"
        loop = [sys.executable, "-m", "bench.bare_loop", "--render", str(posts), str(out)]
        katex = [*loop, "--katex", str(find_katex(generated))]
        pelican_command = [str(BIN / "pelican"), "content", "-s", "pelicanconf.py",
                           "-o", "output", "-q"]  # fmt: skip
        here = Path(__file__).parent.parent
        for _ in range(runs):
            runs_of = (("loop", loop, here), ("loop+katex", katex, here),
                       ("pelican", pelican_command, pelican))  # fmt: skip
            for name, command, cwd in runs_of:
                for path in (out, pelican / "output", pelican / "cache"):
                    shutil.rmtree(path, ignore_errors=True)
                times[name].append(timed(command, cwd))
    return {
        name: (statistics.median(w for w, _ in runs_), statistics.median(c for _, c in runs_))
        for name, runs_ in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bare_loop")
    parser.add_argument("sizes", nargs="*", type=int, default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--render", nargs=2, metavar=("POSTS", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--katex", metavar="KATEX_DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.render:
        katex_dir = Path(args.katex) if args.katex else None
        bare_loop(Path(args.render[0]), Path(args.render[1]), katex_dir)
        return
    for count in args.sizes:
        by = measure(count, args.runs)
        pelican = by["pelican"][0]
        print(f"\nN = {count} posts, median of {args.runs} run(s) each")
        print(f"{'':12}{'wall s':>9}{'cpu s':>9}{'cpu/2 ÷ pelican':>17}")
        for name, (wall, cpu) in by.items():
            print(f"{name:12}{wall:9.2f}{cpu:9.2f}{cpu / 2 / pelican:17.2f}")
        print(
            "cpu/2 ÷ pelican: the loop's time on two cores if both were kept busy, as a "
            "share of Pelican's cold build (issue 7's cold target: mlblog ≤ 0.5)"
        )


if __name__ == "__main__":
    main()
