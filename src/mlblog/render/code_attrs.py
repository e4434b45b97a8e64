"""Chirpy's attribute list on the line under a code block: `{: file="train.py" }` names
the block (its title, as `title="train.py"` in the fence's info names it) and `{: .nolineno }`
hides line numbers, which mlblog's blocks show only when asked. Both showed as text under
the code, with a warning; kramdown gives them to the block."""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore

from mlblog.render.highlight import quoted_option

_ITEM = re.compile(r"""\.nolineno|file=(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'{}]+))""")
_LIST = re.compile(
    rf"[ \t]*\{{:[ \t]*((?:{_ITEM.pattern})(?:[ \t]+(?:{_ITEM.pattern}))*)[ \t]*\}}[ \t]*"
)


def code_title(line: str) -> str | None:
    """The file a line of only Chirpy's code attributes names ("" for none); None when
    the line is anything else."""
    match = _LIST.fullmatch(line)
    if match is None:
        return None
    found = [next((g for g in m.groups() if g is not None), "") for m in _ITEM.finditer(match[1])]
    return next((name for name in found if name), "")


def with_title(info: str, title: str) -> str:
    """A fence's info string naming its block `title` (`text` when it names no language)."""
    return f"{info.strip() or 'text'} {quoted_option('title', title)}"


def code_attributes(state: StateCore) -> None:
    """A paragraph right under a fence whose first line is such a list: the list goes,
    and a file name becomes the block's title (unless the fence gives one)."""
    tokens = state.tokens
    index = 1
    while index + 2 < len(tokens):
        fence, opened, inline = tokens[index - 1 : index + 2]
        if (
            fence.type == "fence" and opened.type == "paragraph_open" and inline.type == "inline"
            and fence.map and opened.map and fence.map[1] == opened.map[0]
            and inline.content.startswith("{:")
        ):  # fmt: skip
            first, _, rest = inline.content.partition("\n")
            title = code_title(first)
            if title is not None:
                if title and "title=" not in fence.info:
                    fence.info = with_title(fence.info, title)
                if rest.strip():  # text under it is a paragraph of its own
                    inline.content = rest
                    for token in (opened, inline):
                        token.map = [opened.map[0] + 1, opened.map[1]]
                else:
                    del tokens[index : index + 3]
        index += 1
