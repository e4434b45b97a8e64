"""Repair one known flaw in KaTeX's MathML: token elements that hold elements.

MathML token elements (`mi`, `mo`, `mn`, `ms`, `mtext`) may contain only text, but
KaTeX wraps element subtrees in them for `\\bmod`, `\\underset`, `\\stackrel`,
`\\operatorname{GL_2}` and similar (KaTeX issues #3978, #3352). Browsers cope, HTML
validators do not. Such an element becomes an `mrow`, which is what it means; its
operator-only attributes (lspace, stretchy …) go with it. KaTeX's output is regular
(escaped text, quoted attributes), so a tag tokenizer is enough.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TOKEN_ELEMENTS = frozenset({"mi", "mo", "mn", "ms", "mtext"})
_MATH = re.compile(r"<math\b.*?</math>", re.DOTALL)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:=\"[^\"]*\")?)*)\s*(/?)>")


@dataclass(slots=True)
class _Node:
    name: str
    attrs: str
    children: list[_Node | str] = field(default_factory=list)
    empty: bool = False


# A token element whose text is followed by an opening tag: the flaw, or (rarely) text
# that only looks like it. Formulas without it (nearly all) are not parsed at all.
_NESTED = re.compile(r"<(?:mi|mo|mn|ms|mtext)\b[^>]*>[^<]*<(?!/)")


def repair_mathml(html: str) -> str:
    """The KaTeX output with every <math> subtree made valid as described above."""
    if "<math" not in html or not _NESTED.search(html):
        return html
    return _MATH.sub(lambda m: _repair_math(m.group(0)), html)


def _repair_math(source: str) -> str:
    root = _parse(source)
    if root is None or not _needs_repair(root):
        return source
    _fix(root)
    return "".join(_serialize(child) for child in root.children)


def _parse(source: str) -> _Node | None:
    root = _Node("", "")
    stack = [root]
    pos = 0
    for match in _TAG.finditer(source):
        if match.start() > pos:
            stack[-1].children.append(source[pos : match.start()])
        closing, name, attrs, self_closing = match.groups()
        if closing:
            if len(stack) < 2 or stack[-1].name != name:
                return None  # not the regular output we expect: leave it untouched
            stack.pop()
        else:
            node = _Node(name, attrs, empty=bool(self_closing))
            stack[-1].children.append(node)
            if not self_closing:
                stack.append(node)
        pos = match.end()
    if pos < len(source):
        stack[-1].children.append(source[pos:])
    return root if len(stack) == 1 else None


def _needs_repair(node: _Node) -> bool:
    for child in node.children:
        if isinstance(child, _Node) and (node.name in TOKEN_ELEMENTS or _needs_repair(child)):
            return True
    return False


def _fix(node: _Node) -> None:
    for child in node.children:
        if isinstance(child, _Node):
            _fix(child)
    if node.name in TOKEN_ELEMENTS and any(isinstance(c, _Node) for c in node.children):
        node.name, node.attrs = "mrow", ""
        # text beside the elements keeps its meaning as an operator/identifier token
        node.children = [
            _Node("mtext", "", [c]) if isinstance(c, str) and c.strip() else c
            for c in node.children
            if not (isinstance(c, str) and not c.strip())
        ]


def _serialize(node: _Node | str) -> str:
    if isinstance(node, str):
        return node
    if node.empty:
        return f"<{node.name}{node.attrs}/>"
    inner = "".join(_serialize(child) for child in node.children)
    return f"<{node.name}{node.attrs}>{inner}</{node.name}>"
