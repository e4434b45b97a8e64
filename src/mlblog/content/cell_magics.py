"""The language of an IPython cell that a cell magic hands to another program: `%%bash`,
`%%sql`, `%%html`, `%%writefile train.py`. The cell is highlighted in that language, as
JupyterLab highlights it; its magic line stays, so the cell still runs when copied."""

from __future__ import annotations

import re

_MAGIC = re.compile(r"%%(\w+)[ \t]*(.*)")
# The magics whose cell is in a language of its own, as fence words Pygments knows.
_LANGUAGES = {
    "bash": "bash", "sh": "bash", "system": "bash", "sql": "sql", "html": "html",
    "javascript": "javascript", "js": "javascript", "latex": "latex", "markdown": "markdown",
    "svg": "xml", "ruby": "ruby", "perl": "perl", "r": "r", "julia": "julia",
}  # fmt: skip
_SCRIPT = re.compile(r"(?:-\S+\s+)*(\S+)")  # `%%script bash`, `%%script --bg python3`


def magic_language(source: str, language: str) -> str:
    """The language of the cell's code: its magic's, else the kernel's (`language`)."""
    if language != "python" or not source.startswith("%%"):
        return language  # magics are IPython's
    found = _MAGIC.match(source.split("\n", 1)[0])
    if found is None:
        return language
    name, rest = found.group(1).lower(), found.group(2).strip()
    if name == "script" and (program := _SCRIPT.match(rest)):
        name = program.group(1).rsplit("/", 1)[-1].lower()
        return "python" if name.startswith("python") else _LANGUAGES.get(name, "text")
    if name in ("writefile", "file"):
        return _file_language(rest.split()[-1] if rest.split() else "") or language
    return _LANGUAGES.get(name, language)  # %%time, %%capture, …: Python still


def _file_language(name: str) -> str:
    """The fence word for a file `%%writefile` writes (`train.py`, `config.yaml`), or ''."""
    from pygments.lexers import find_lexer_class_for_filename
    from pygments.util import ClassNotFound

    try:
        lexer = find_lexer_class_for_filename(name)
    except ClassNotFound:
        return ""
    return lexer.aliases[0] if lexer is not None and lexer.aliases else ""
