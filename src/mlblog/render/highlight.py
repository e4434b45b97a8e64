"""Fenced code → highlighted HTML with Pygments CSS classes (no inline styles)."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

LIGHT_STYLE = "xcode"  # every token colour ≥ 4.5:1 on the theme's code background (WCAG AA)
DARK_STYLE = "one-dark"  # likewise on the dark code background
_ATTR = re.compile(r'(\w+)=(?:"([^"]*)"|\'([^\']*)\'|(\S+))')


@lru_cache(maxsize=256)
def _lexer(lang: str) -> Lexer | None:
    """Lexers are costly to find; a misspelled language is plain text, never an error."""
    try:
        return get_lexer_by_name(lang, stripnl=False, ensurenl=True)
    except ClassNotFound:
        return None


@lru_cache(maxsize=256)
def _formatter(hl_lines: tuple[int, ...], first_line: int) -> HtmlFormatter[str]:
    """Formatters build a whole stylesheet when made; one per set of options is enough."""
    return HtmlFormatter(
        cssclass="highlight",
        wrapcode=True,
        hl_lines=list(hl_lines),
        linenos="inline" if first_line else False,
        linenostart=first_line or 1,
    )


def parse_info(info: str) -> tuple[str, dict[str, str]]:
    """`python title="train.py" hl_lines="2 4-6"` → ("python", {"title": …, "hl_lines": …})."""
    info = info.strip()
    if info.startswith("{") and "}" in info:  # `{.python}` / `{python}` pandoc-ish fences
        info = info[1 : info.index("}")].lstrip(".") + info[info.index("}") + 1 :]
    lang, _, rest = info.partition(" ")
    attrs = {
        m.group(1): next(g for g in m.groups()[1:] if g is not None) for m in _ATTR.finditer(rest)
    }
    if rest.strip().startswith("{"):
        attrs = _hugo_options(rest)
    return lang.strip().lower(), attrs


_HUGO_OPTION = re.compile(r'(\w+)\s*=\s*("[^"]*"|\[[^\]]*\]|[^,\s}]+)')


def _hugo_options(braces: str) -> dict[str, str]:
    """Hugo's fence options, ` ```go {linenos=true,hl_lines=[2,"4-5"],linenostart=10}`,
    as ours (`linenums`, `hl_lines`): posts written for Hugo keep their numbers and marks."""
    options = {m[1].lower(): m[2].strip('"') for m in _HUGO_OPTION.finditer(braces)}
    ours: dict[str, str] = {}
    if "hl_lines" in options:
        ours["hl_lines"] = re.sub(r'[\[\]",]+', " ", options["hl_lines"]).strip()
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
    if lexer is None:
        body = f'<div class="highlight"><pre><code>{escape(code)}</code></pre></div>'
    else:
        hl_lines = tuple(_line_numbers(attrs.get("hl_lines", "")))
        body = highlight(code, lexer, _formatter(hl_lines, first_line))
        if first_line:  # numbers are not code: "1import torch" was read into each line
            body = body.replace('<span class="linenos', '<span aria-hidden="true" class="linenos')
    title = attrs.get("title")
    head = f'<div class="code-title">{escape(title)}</div>' if title else ""
    lang_attr = f' data-lang="{escape(lang)}"' if lang else ""
    return f'<div class="code-block"{lang_attr}>{head}{body}</div>\n'


# Highlighted lines (hl_lines) in the dark styles: one-dark's own is light yellow, on
# which its light token colours cannot be read; this keeps every one of them ≥ 4.5:1.
DARK_HIGHLIGHTED_LINE = "#161b22"
# Line numbers (linenums) are never selected with the code, so never copied with it.
_LINE_NUMBERS = ".highlight .linenos { -webkit-user-select: none; user-select: none; }"


def stylesheet() -> str:
    """Light rules by default, dark ones under the theme's dark switch and the OS setting."""
    light = _style_defs(LIGHT_STYLE, ".highlight")
    dark = _style_defs(DARK_STYLE, ':root[data-theme="dark"] .highlight', dark=True)
    dark_auto = _style_defs(DARK_STYLE, ':root:not([data-theme="light"]) .highlight', dark=True)
    return (  # paper is white: dark colours are for screens
        f"{light}\n{_LINE_NUMBERS}\n@media screen {{\n{dark}\n}}\n"
        f"@media screen and (prefers-color-scheme: dark) {{\n{dark_auto}\n}}\n"
    )


def _style_defs(style: str, selector: str, dark: bool = False) -> str:
    formatter: HtmlFormatter[str] = HtmlFormatter(style=style)
    rules = str(formatter.get_style_defs(selector))  # type: ignore[no-untyped-call]
    if dark:
        rules += f"\n{selector} .hll {{ background-color: {DARK_HIGHLIGHTED_LINE} }}"
    return rules
