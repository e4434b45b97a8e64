"""The same generated site laid out for Hugo and for Pelican (our own minimal layouts).

As benchmarked, Hugo and Pelican leave `$…$` in the page for a browser-side script, where
mlblog typesets every formula at build time. The like-for-like peers typeset them too, with
the output mlblog uses (HTML and MathML): Hugo (since 0.132) with its embedded KaTeX, which
a passthrough render hook of ours calls through `transform.ToMath`; Pelican with the
pelican-katex plugin (PyPI), run on the same KaTeX file as mlblog. The like-for-like
mlblog for the plain peers is "mlblog-nokatex": the same posts with `math: false`, so
mlblog too leaves their `$…$` as text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

HUGO_CONFIG = """\
baseURL = "https://bench.example/"
title = "Bench notes"
timeZone = "Asia/Shanghai"
[pagination]
  pagerSize = 10
[taxonomies]
  category = "categories"
  tag = "tags"
"""
HUGO_LAYOUTS = {
    "baseof.html": """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{{ .Title }} · {{ .Site.Title }}</title></head><body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_partials/item.html": """<article><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time>{{ .Date.Format "2006-01-02" }}</time>
{{ with .Params.categories }}{{ range first 1 . }}<span>{{ . }}</span>{{ end }}{{ end }}
<p>{{ .Summary | plainify | truncate 350 }}</p></article>
""",
    "_partials/pager.html": """{{ $p := .Paginator }}<nav>{{ range $p.Pagers }}
<a href="{{ .URL }}">{{ .PageNumber }}</a>{{ end }}</nav>
""",
    "home.html": """{{ define "main" }}<h1>LATEST UPDATES</h1>
{{ $pages := where .Site.RegularPages "Section" "posts" }}
{{ range (.Paginate $pages).Pages }}{{ partial "item.html" . }}{{ end }}
{{ partial "pager.html" . }}{{ end }}
""",
    "page.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<time>{{ .Date.Format "2006-01-02" }}</time>{{ .TableOfContents }}{{ .Content }}
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</article>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Paginator.Pages }}{{ partial "item.html" . }}{{ end }}
{{ partial "pager.html" . }}{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Data.Terms.ByCount }}<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }} {{ .Count }}</a>
{{ end }}{{ end }}
""",
    "term.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Paginator.Pages }}{{ partial "item.html" . }}{{ end }}
{{ partial "pager.html" . }}{{ end }}
""",
}

HUGO_KATEX_CONFIG = r"""[markup.goldmark.extensions.passthrough]
  enable = true
  [markup.goldmark.extensions.passthrough.delimiters]
    block = [['$$', '$$']]
    inline = [['$', '$']]
"""
# A formula KaTeX rejects shows as its source, as mlblog shows it, instead of failing the build.
HUGO_KATEX_HOOK = """{{- $display := eq .Type "block" -}}
{{- $katex := dict "output" "htmlAndMathml" "displayMode" $display -}}
{{- with try (transform.ToMath .Inner $katex) -}}
{{- with .Err }}<code class="math-error">{{ $.Inner }}</code>{{ else }}{{ .Value }}{{ end -}}
{{- end -}}
"""

PELICAN_CONFIG = """\
AUTHOR = "Bench"
SITENAME = "Bench notes"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
DEFAULT_PAGINATION = 10
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""


def hugo_site(source: Path, target: Path) -> Path:
    """A Hugo site with the generated posts and our minimal layout."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source / "content" / "posts", target / "content" / "posts")
    (target / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        path = target / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


def hugo_katex_site(source: Path, target: Path) -> Path:
    """The Hugo site, with every formula typeset at build time by Hugo's own KaTeX."""
    site = hugo_site(source, target)
    (site / "hugo.toml").write_text(HUGO_CONFIG + HUGO_KATEX_CONFIG, encoding="utf-8")
    hook = site / "layouts" / "_markup" / "render-passthrough.html"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(HUGO_KATEX_HOOK, encoding="utf-8")
    return site


_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def pelican_katex_site(source: Path, target: Path, katex_js: Path) -> Path:
    """The Pelican site, with every formula typeset at build time by pelican-katex."""
    site = pelican_site(source, target)
    settings = f"PLUGINS = ['pelican_katex']\nKATEX_PATH = {str(katex_js)!r}\n"
    settings += "KATEX = {'output': 'htmlAndMathml'}\n"
    (site / "pelicanconf.py").write_text(PELICAN_CONFIG + settings, encoding="utf-8")
    return site


def mlblog_nokatex_site(source: Path, target: Path) -> Path:
    """The generated mlblog site with `math: false` in every post's front matter."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("public", ".mlblog-cache"))
    for path in sorted((target / "content" / "posts").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert _FRONT.match(text), path
        path.write_text("---\nmath: false\n" + text[len("---\n") :], encoding="utf-8")
    return target


def pelican_site(source: Path, target: Path) -> Path:
    """A Pelican site: the same posts with Pelican's `Key: value` metadata."""
    if target.exists():
        shutil.rmtree(target)
    posts = target / "content"
    posts.mkdir(parents=True)
    for path in sorted((source / "content" / "posts").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        match = _FRONT.match(text)
        assert match, path
        meta = dict(line.split(": ", 1) for line in match.group(1).splitlines())
        lines = [
            f"Title: {meta['title'].strip(chr(34))}",
            f"Date: {meta['date']}",
            f"Category: {meta['categories'].strip('[]')}",
            f"Tags: {meta['tags'].strip('[]')}",
        ]
        if meta.get("draft") == "true":
            lines.append("Status: draft")
        body = text[match.end() :]
        (posts / path.name).write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")
    (target / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    return target
