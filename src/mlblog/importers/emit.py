"""The mlblog Markdown that converted constructs become: images, links, code, admonitions."""

from __future__ import annotations

import re

from mlblog.render.admonition_kinds import admonition_kind as admonition_kind
from mlblog.render.highlight import quoted_option


def admonition_open(kind: str, title: str, colons: int) -> str:
    title = " ".join(title.split())
    return f"{':' * colons} {kind}" + (f" {title}" if title else "")


def escape_text(text: str) -> str:
    """Text safe inside `[...]`: brackets and backslashes escaped, on one line."""
    return re.sub(r"([\\\[\]])", r"\\\1", " ".join(text.split()))


def destination(url: str) -> str:
    """A link destination: spaces and parentheses would end it, so they are encoded."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def image(src: str, alt: str = "", title: str = "", caption: bool = False) -> str:
    """A Markdown image; its title is dropped where it only repeats the alt text, unless it
    is a `caption` (an image alone in its paragraph with a title is a figure)."""
    kept = title and (caption or title != alt)
    title_part = f' "{title.replace(chr(34), chr(39))}"' if kept else ""
    return f"![{escape_text(alt)}]({destination(src)}{title_part})"


def link(target: str, text: str) -> str:
    return f"[{escape_text(text) or destination(target)}]({destination(target)})"


def code_span(text: str) -> str:
    """Inline code that shows `text` literally, whatever backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def code_info(lang: str, title: str = "", hl_lines: str = "", first_line: int = 0) -> str:
    """A fence's info string with mlblog's options: `python title="train.py" hl_lines="2 4-5"
    linenums="10"`."""
    info = [lang or "text"]  # the options need a language before them
    if title:
        info.append(quoted_option("title", title))  # its quotes as written
    if hl_lines.strip():
        info.append(f'hl_lines="{" ".join(hl_lines.replace(",", " ").split())}"')
    if first_line:
        info.append(f'linenums="{first_line}"')
    return " ".join(info) if len(info) > 1 else lang


def fence(lang: str, code: str, indent: str) -> str:
    """A fenced block whose fence is longer than any backtick run in the code."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    ticks = "`" * max(3, longest + 1)
    if code and not code.endswith("\n"):
        code += "\n"
    return f"{ticks}{lang}\n{code}{indent}{ticks}"
