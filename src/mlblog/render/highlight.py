"""Fenced code → highlighted HTML with Pygments CSS classes (no inline styles).

Pygments is imported when a block is highlighted: a rebuild whose code blocks are all in
the cache (render.code_cache) does without it (~55 ms to import).
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from itertools import takewhile
from typing import TYPE_CHECKING

from mlblog.render.soft_breaks import breakable_html

if TYPE_CHECKING:
    from pygments.formatters import HtmlFormatter
    from pygments.lexer import Lexer

LIGHT_STYLE = "xcode"  # every token colour ≥ 4.5:1 on the theme's code background (WCAG AA)
DARK_STYLE = "one-dark"  # likewise on the dark code background
# A quoted option's value: `\"` inside "…" (`\'` inside '…') is the quote, as pandoc, so
# Quarto, reads it. One whose end is not followed by a space, `,` or `}` is read to its first
# quote as before, so a Windows folder, `title="C:\data\" linenums="1"`, still ends there.
_QUOTED = (r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')(?=[\s,}]|$)"""
           r"""|"[^"]*"|'[^']*'""")  # fmt: skip
_ATTR = re.compile(rf"(\w+)=(?:({_QUOTED})|(\S+))")


def unquoted(value: str) -> str:
    """A value as written after `key=`, without its quotes and with its quotes unescaped."""
    quote = value[:1]
    if quote not in ("'", '"') or len(value) < 2 or value[-1] != quote:
        return value
    return value[1:-1].replace(f"\\{quote}", quote)


# Names that GitHub and Hugo highlight and Pygments does not know: ML notes use them.
_ALIASES = {
    "patch": "diff",
    "jsonc": "json",  # Pygments' JSON lexer reads // and /* */ comments
    "yml": "yaml",  # configs (CI, Hydra, conda) are fenced as the file's suffix
    "ipython": "python",
    "ipython3": "python",  # a notebook's pygments_lexer
    "triton": "python",  # kernels written in Python
}


@lru_cache(maxsize=256)
def _lexer(lang: str) -> Lexer | None:
    """Lexers are costly to find; a misspelled language is plain text, never an error."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(_ALIASES.get(lang, lang), stripnl=False, ensurenl=True)
    except ClassNotFound:
        return None


@lru_cache(maxsize=256)
def _formatter(hl_lines: tuple[int, ...], first_line: int) -> HtmlFormatter[str]:
    """Formatters build a whole stylesheet when made; one per set of options is enough."""
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(
        cssclass="highlight",
        wrapcode=True,
        hl_lines=list(hl_lines),
        linenos="inline" if first_line else False,
        linenostart=first_line or 1,
    )


# The language is the info's first word, up to a `{` (VuePress's `js{4}`), a `:` (a file
# name, `python:train.py`, as Qiita and Zenn write it) or a `,` (R Markdown's `{r, echo=FALSE}`).
_LANG = re.compile(r"[^\s{:,]*")
_AFTER_COLON = re.compile(r":([^\s{]+)")
_BRACES = re.compile(r"\{[^}]*\}?")
_QUOTED_TITLE = re.compile(rf"(?:^|(?<=\s))title=({_QUOTED})")
# Words that ask for line numbers: Prism's and pandoc's classes, Docusaurus's, MkDocs's.
_NUMBERED = frozenset({"linenums", "linenos", "line-numbers", "numberlines", "shownumbers",
                       "showlinenumbers"})  # fmt: skip
# Words that fold the block behind a "Show code" toggle: Obsidian Code Block Customizer's
# `fold`, R Markdown's `.fold-hide` class; `.fold-show` is foldable but open at first.
_FOLDED = {"fold": "closed", "fold-hide": "closed", "fold-show": "open"}
# Quarto's chunk options written as attributes (`{.python code-fold="true"}`, as
# quarto-cli#4714 asks for plain blocks): `true`/`hide` folded, `show` open.
_QUARTO_FOLD = re.compile(rf"(?:^|(?<=\s))code-(fold|summary)=({_QUOTED}|\S+)")
# Quarto's `code-fold` values (a chunk's, a fence's, a document's): folded, or foldable but open
FOLD_VALUES = {"true": "closed", "yes": "closed", "hide": "closed", "show": "open"}


def parse_info(info: str) -> tuple[str, dict[str, str]]:
    """`python title="train.py" hl_lines="2 4-6"` → ("python", {"title": …, "hl_lines": …}).
    Other generators' ways to say the same are read too: `python:train.py`, `js{4}`,
    `python {1,3-5}`, `go {linenos=true}`, `python {.line-numbers}`, Hexo's `python train.py`."""
    lang, attrs = _parsed_info(info)
    return lang, dict(attrs)


@lru_cache(maxsize=1024)
def _parsed_info(info: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """parse_info's work, done once per info string (most posts repeat a few)."""
    info = info.strip()
    pandoc = info.startswith("{") and "}" in info
    if pandoc:  # `{.python}` / `{python}` pandoc-ish fences
        info = info[1 : info.index("}")].lstrip(".") + info[info.index("}") + 1 :]
    lang = _LANG.match(info).group()  # type: ignore[union-attr]  # it matches "" at least
    rest = info[len(lang) :]
    attrs: dict[str, str] = {}
    if "code-" in rest:  # before `title=`: a summary may hold one
        rest = _quarto_fold(rest, attrs)
    if quoted := _QUOTED_TITLE.search(rest):  # its braces and digits are text, not options
        attrs["title"] = unquoted(quoted[1])
        rest = rest[: quoted.start()] + " " + rest[quoted.end() :]
    if after := _AFTER_COLON.match(rest):
        rest = rest[after.end() :]
        if after[1].lower() == "line-numbers":  # VitePress's `ts:line-numbers`
            attrs["linenums"] = "1"
        elif after[1].lower() != "no-line-numbers":
            attrs.setdefault("title", after[1])  # a `title="…"` beside it is the title
    plain = _BRACES.sub(" ", rest)
    for m in _ATTR.finditer(plain):
        attrs[m[1]] = unquoted(m[2]) if m[2] is not None else m[3]
    bare = _hexo_options(_ATTR.sub(" ", plain).split(), attrs)  # outside `k=v` and braces
    flags = bare + _brace_options(_BRACES.findall(rest), attrs)
    if any(w.lstrip(".").lower() in _NUMBERED for w in flags):
        attrs.setdefault("linenums", "1")
    for word in flags:
        if (fold := _FOLDED.get(word.lstrip(".").lower())) is not None:
            attrs.setdefault("fold", fold)
    title = list(takewhile(lambda w: not w.startswith(("http://", "https://")), bare))
    title = [w for w in title if w.lstrip(".").lower() not in _NUMBERED.union(_FOLDED)]
    if title and not pandoc and not title[0].startswith("."):  # Hexo's [title] [url] [link text]
        attrs.setdefault("title", " ".join(title))
    return lang.lower(), tuple(attrs.items())


def _quarto_fold(rest: str, attrs: dict[str, str]) -> str:
    """`code-fold="true"` and `code-summary="Setup"` into `attrs` (`fold`, `summary`); the rest."""
    for found in _QUARTO_FOLD.finditer(rest):
        value = unquoted(found[2])
        if found[1] == "summary":
            attrs["summary"] = value
        elif (fold := FOLD_VALUES.get(value.lower())) is not None:
            attrs["fold"] = fold
    return _QUARTO_FOLD.sub(" ", rest)


def fold_info(info: str, fold: str, summary: str = "") -> str:
    """A fence's info string with Quarto's fold options added (`fold`: "closed", "open")."""
    value = "show" if fold == "open" else "true"
    said = f" {quoted_option('code-summary', summary)}" if summary else ""
    return f"{info} code-fold={value}{said}"


def quoted_option(name: str, value: str) -> str:
    """`name="value"` for a fence's info string, read back by parse_info as `value` whatever
    quotes it holds (escaped when it holds both kinds)."""
    quote = "'" if '"' in value and "'" not in value else '"'
    escaped = value.replace(quote, "\\" + quote)
    return f"{name}={quote}{escaped}{quote}"


_HEXO_OPTIONS = ("mark", "first_line", "line_number", "highlight", "wrap")


def _hexo_options(words: list[str], attrs: dict[str, str]) -> list[str]:
    """Hexo's `mark:2,4-5 first_line:10` into `attrs` (as the importer reads them off a
    `{% codeblock %}`); the other words."""
    options = {}
    for word in words:
        key, colon, value = word.partition(":")
        if colon and key in _HEXO_OPTIONS:
            options[key] = value
    if "mark" in options:
        attrs.setdefault("hl_lines", options["mark"])
    first = options.get("first_line", "")
    if options.get("line_number") == "true" or first.isdigit():
        attrs.setdefault("linenums", first if first.isdigit() else "1")
    return [w for w in words if w.partition(":")[0] not in options]


def _brace_options(all_braces: list[str], attrs: dict[str, str]) -> list[str]:
    """Options in braces into `attrs`; the bare words in them (`.line-numbers`)."""
    words: list[str] = []
    for braces in all_braces:
        inside = braces.strip("{}")
        if "=" in inside:  # Hugo's `{linenos=true,hl_lines=[2]}`
            attrs.update(_hugo_options(braces))
        elif any(c.isdigit() for c in inside):  # VuePress's, Docusaurus's `{1,3-5}`: marked lines
            attrs.setdefault("hl_lines", inside)
        words += _HUGO_OPTION.sub(" ", inside).split()
    return words


_HUGO_OPTION = re.compile(rf"(\w+)\s*=\s*({_QUOTED}|\[[^\]]*\]|[^,\s}}]+)")


def _hugo_options(braces: str) -> dict[str, str]:
    """Hugo's fence options, ` ```go {linenos=true,hl_lines=[2,"4-5"],linenostart=10}`,
    as ours (`linenums`, `hl_lines`): posts written for Hugo keep their numbers and marks."""
    options = {m[1].lower(): unquoted(m[2]) for m in _HUGO_OPTION.finditer(braces)}
    ours: dict[str, str] = {}
    marked = options.get("hl_lines", options.get("highlight"))  # Markdown Preview Enhanced's
    if marked is not None:
        ours["hl_lines"] = re.sub(r'[\[\]",]+', " ", marked).strip()
    numbered = options.get("linenos", "false").lower() not in ("false", "")
    if numbered:
        start = options.get("linenostart", "1")
        ours["linenums"] = start if start.isdigit() else "1"
    return ours


def _line_numbers(spec: str) -> list[int]:
    numbers: list[int] = []
    for part in spec.replace(",", " ").split():
        start, _, end = part.partition("-")
        if start.isdigit() and (not end or end.isdigit()):
            numbers.extend(range(int(start), int(end or start) + 1))
    return numbers


def highlight_block(code: str, info: str) -> str:
    """One code block as `<div class="code-block">`, highlighted when the language is known."""
    lang, attrs = parse_info(info)
    lexer = _lexer(lang) if lang else None
    first_line = int(attrs["linenums"]) if attrs.get("linenums", "").isdigit() else 0
    hl_lines = tuple(_line_numbers(attrs.get("hl_lines", "")))
    if lexer is None and (first_line or hl_lines):  # a `log` or `mermaid` block keeps them
        lexer = _lexer("text")
    if lexer is None:  # Pygments' own markup, newline after its div and all
        body = f'<div class="highlight"><pre><code>{escape(code)}</code></pre></div>\n'
    else:
        from pygments import highlight

        body = highlight(code, lexer, _formatter(hl_lines, first_line))
        if hl_lines:  # a marked line's newline after its band, not in it (main.css's .hll)
            body = body.replace("\n</span>", "</span>\n")
        if first_line:  # numbers are not code: "1import torch" was read into each line
            body = body.replace('<span class="linenos', '<span aria-hidden="true" class="linenos')
    title = attrs.get("title")
    # A file's path (src/models/attention_implementation.py) breaks at its slashes first.
    head = f'<div class="code-title">{breakable_html(title)}</div>' if title else ""
    lang_attr = f' data-lang="{escape(lang)}"' if lang else ""
    return f'<div class="code-block"{lang_attr}>{head}{body}</div>\n'


# Highlighted lines (hl_lines) in the dark styles: one-dark's own is light yellow, on
# which its light token colours cannot be read; this keeps every one of them ≥ 4.5:1.
DARK_HIGHLIGHTED_LINE = "#161b22"
# Line numbers (linenums) and the prompts of a session (`$ `, `>>> `, `...` in console and
# pycon blocks) are never selected with the code, so never copied with it: what is pasted
# runs, as sphinx-copybutton, used by most ML libraries' docs, copies it.
_NOT_CODE = ".highlight .linenos, .highlight .gp { -webkit-user-select: none; user-select: none; }"
# A diff's removed and added lines (Generic.Deleted, .Inserted): xcode gives them no colour
# and one-dark its plain grey, so `-` and `+` lines looked kept. GitHub's reds and greens,
# each ≥ 6:1 on the theme's code background.
LIGHT_DIFF = {"gd": "#b31d28", "gi": "#116329"}
DARK_DIFF = {"gd": "#ff7b72", "gi": "#7ee787"}


def stylesheet() -> str:
    """Light rules by default, dark ones under the theme's dark switch and the OS setting."""
    light = _style_defs(LIGHT_STYLE, ".highlight")
    dark = _style_defs(DARK_STYLE, ':root[data-theme="dark"] .highlight', dark=True)
    dark_auto = _style_defs(DARK_STYLE, ':root:not([data-theme="light"]) .highlight', dark=True)
    return (  # paper is white: dark colours are for screens
        f"{light}\n{_NOT_CODE}\n@media screen {{\n{dark}\n}}\n"
        f"@media screen and (prefers-color-scheme: dark) {{\n{dark_auto}\n}}\n"
    )


def _style_defs(style: str, selector: str, dark: bool = False) -> str:
    from pygments.formatters import HtmlFormatter

    formatter: HtmlFormatter[str] = HtmlFormatter(style=style)
    rules = str(formatter.get_style_defs(selector))  # type: ignore[no-untyped-call]
    if dark:
        rules += f"\n{selector} .hll {{ background-color: {DARK_HIGHLIGHTED_LINE} }}"
    for token, colour in (DARK_DIFF if dark else LIGHT_DIFF).items():
        rules += f"\n{selector} .{token} {{ color: {colour} }}"
    return rules
