"""Where math is in Markdown: mdit-py-plugins' dollar and amsmath rules plus two of ours.

Ours: a `$$` block may start right under a line of text (common in real notes, and
CommonMark would otherwise keep it in the paragraph), and LaTeX's own `\\(…\\)` and
`\\[…\\]` delimiters, which CommonMark would read as escaped brackets (and which stay
brackets where they hold a citation, \\[1\\], or follow a name, a\\[i\\]).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import unescape

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.dollarmath.index import math_block_dollar, math_inline_dollar

from mlblog.render.formula_images import formula_images
from mlblog.render.math_fences import math_fences
from mlblog.render.md_escapes import MARKDOWN_ESCAPE, markdown_unescaped
from mlblog.render.numbered import numbering

BlockRule = Callable[[StateBlock, int, int, bool], bool]
InlineRule = Callable[[StateInline, bool], bool]
INLINE_MATH = frozenset({"math_inline", "math_inline_double"})
BLOCK_MATH = frozenset({"math_block", "math_block_label", "amsmath"})
_INLINE_PAREN = re.compile(r"\\\((.+?)\\\)", re.DOTALL)
_INLINE_BRACKET = re.compile(r"\\\[(.+?)\\\]", re.DOTALL)
_TERMINATES = ["paragraph", "reference", "blockquote", "list", "footnote_def"]
# Blank lines inside `$$ … $$` (between the rows of an aligned block, say) belong to the
# formula, as with the plugin's own default and in MathJax.
_dollar_block = math_block_dollar(allow_blank_lines=True)


def math_plugin(md: MarkdownIt) -> None:
    dollarmath_plugin(md, allow_space=False, allow_digits=False, double_inline=True)
    amsmath_plugin(md)
    dollar_inline = math_inline_dollar(allow_space=False, allow_digits=False, allow_double=True)
    md.inline.ruler.at("math_inline", _code_spans_win(dollar_inline))
    md.block.ruler.at("math_block", _dollar_block_rule, {"alt": _TERMINATES})
    md.block.ruler.before("fence", "math_block_bracket", _bracket_block, {"alt": _TERMINATES})
    md.inline.ruler.before("escape", "math_inline_latex", _latex_inline)
    md.inline.ruler.before("escape", "math_inline_doubled", _doubled_latex_inline)
    md.inline.ruler.before("math_inline", "math_inline_lines", _dollar_lines)
    md.core.ruler.after("block", "math_fences", math_fences)
    md.core.ruler.after("inline", "formula_images", formula_images)
    md.core.ruler.after("formula_images", "math_escapes", _undo_markdown_escapes)
    md.core.ruler.after("math_escapes", "math_in_cells", _mark_cell_math)


_LAST_LINE_COMMENT = re.compile(r"(?<!\\)%[^\n]*\Z")


def formula_tex(content: str) -> str:
    """A formula token's TeX as KaTeX is sent it: stripped, except that a `%` comment on
    its last line keeps the line end that closed it (`$$` on the next line), or KaTeX warns
    that the comment has no terminating newline, as it rightly does for `$a % b$`."""
    tex = content.strip()
    if "%" in tex and content.rstrip(" \t").endswith("\n") and _LAST_LINE_COMMENT.search(tex):
        return tex + "\n"
    return tex


# Environments KaTeX typesets in display mode only ("{align*} can be used only in display
# mode"); MathJax, for which such notes were written, takes them inside `$…$` too.
_TAGGED = re.compile(r"\\tag\*?\s*\{")  # a numbered formula: numbers are display math's
_DISPLAY_ONLY = re.compile(r"\\begin\{(?:equation|align|alignat|gather|multline|split)\*?\}")


def is_display(inline_children: Sequence[Token], token: Token) -> bool:
    """Inline `$$x$$` is display math when it is all its paragraph holds (kramdown), or
    when it sits on lines of its own (`公式如下 $$` ⏎ `x` ⏎ `$$`, as MathJax shows it);
    `\\[x\\]` always is, as in LaTeX, even inside a sentence, and so is any formula
    holding an environment KaTeX shows in display mode only (`$\\begin{align*}…$`), and
    a `$$` formula with a `\\tag`, which only display math can show."""
    if token.block or token.markup == "\\[" or _DISPLAY_ONLY.search(token.content):
        return True
    if token.type != "math_inline_double":
        return False
    if _TAGGED.search(token.content):  # `公式：$$x \tag{6.31}$$`, as MathJax shows `$$`
        return True
    if token.meta.get("in_cell"):
        return False
    content = token.content
    if content.lstrip(" \t").startswith("\n") or content.rstrip(" \t").endswith("\n"):
        return True
    return [c for c in inline_children if c.type != "softbreak"] == [token]


def _undo_markdown_escapes(state: StateCore) -> None:
    """Each formula's `\\_` written for Markdown blind to math (render.md_escapes)."""
    for token in state.tokens:
        if token.type in BLOCK_MATH:
            token.content = markdown_unescaped(token.content)
        elif token.type == "inline":
            for child in token.children or ():
                if child.type in INLINE_MATH:
                    child.content = markdown_unescaped(child.content)


def _mark_cell_math(state: StateCore) -> None:
    """A table cell is a line of text, so `| $$x$$ |` is inline math there, as kramdown
    (Jekyll) has it, however alone it stands: shown as display math, a notation table's
    symbols were centred on lines of their own, in display size."""
    cell = False
    for token in state.tokens:
        if token.type == "inline" and cell:
            for child in token.children or ():
                if child.type == "math_inline_double":
                    child.meta["in_cell"] = True
        cell = token.type in ("td_open", "th_open")


def _silent_safe(rule: BlockRule) -> BlockRule:
    """Run a rule that ignores `silent` without leaving tokens behind when probing."""

    def wrapped(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not silent:
            return rule(state, start, end, silent)
        tokens, line = len(state.tokens), state.line
        found = rule(state, start, end, silent)
        del state.tokens[tokens:]
        state.line = line
        return found

    return wrapped


_silent_dollar_block = _silent_safe(_dollar_block)
_DOUBLE = re.compile(r"(?<!\\)\$\$")
_LABEL_END = re.compile(r"\$\$\s*\([^)$\r\n]+?\)\s*$")  # `$$ (1)`: the plugin's label suffix


def _dollar_block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """The plugin's `$$` block, except where its `$$` lines belong to the paragraph's text:
    the plugin takes any later line ending in `$$` as the close, so a `$$` of the text read
    as an opening (or a close) swallowed every paragraph up to the next formula as TeX."""
    first = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith("$$", first):
        return False
    if silent and state.parentType == "paragraph" and _open_in_paragraph(state, start):
        return False  # the close of `公式如下 $$` … `$$`: the paragraph's own formula
    if _not_a_block(state, start, end):
        return False
    if not _silent_dollar_block(state, start, end, silent):
        return False
    if not silent:
        token = state.tokens[-1]
        token.content = decode_entities(token.content)
        if token.type == "math_block_label":
            token.content = _tagged(token)
    return True


# What a formula written for a browser-side renderer may hold: Hexo's marked read `$a<b$`
# as a tag, so `&lt;` is how those notes wrote it, and the browser decoded it for MathJax.
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|apos|nbsp|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")


def decode_entities(tex: str) -> str:
    """`a &lt; b` is `a < b`, as the browser gave it to MathJax or KaTeX's auto-render."""
    return _ENTITY.sub(lambda m: unescape(m[0]), tex) if "&" in tex else tex


_TEXT_ESCAPES = str.maketrans(
    {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "#": r"\#", "%": r"\%", "&": r"\&",
     "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
)  # fmt: skip


def _tagged(token: Token) -> str:
    """`$$E=mc^2$$ (1)` numbers its equation "(1)", as `\\tag{1}` does: the plugin reads
    the label apart from the TeX, and the number was lost. A `\\tag` of the TeX's own wins,
    and so do the numbers of an `align`'s rows: the label beside them was a second number
    (it is left out, and unused_labels says so)."""
    tex, label = token.content, token.info.strip()
    if "\\tag" in tex or not label:
        return tex
    token.meta["untagged"] = tex  # for MyST, whose label names the formula (render.myst)
    if env := numbering(tex):
        token.meta["unused_label"] = (label, env)
        return tex
    return f"{tex.rstrip()} \\tag{{{label.translate(_TEXT_ESCAPES)}}}"


def unused_labels(tokens: Sequence[Token]) -> list[tuple[int, str]]:
    """(1-based line, warning) for each `$$ … $$ (label)` whose label was left out."""
    found: list[tuple[int, str]] = []
    for token in tokens:
        if token.type == "math_block_label" and "unused_label" in token.meta:
            label, env = token.meta["unused_label"]
            line = (token.map[0] if token.map else 0) + 1
            message = (
                f'math: "({label})" after $$ is not shown: the formula\'s {env} environment '
                f"numbers each row (put \\tag{{{label}}} in the row it is for, or write {env}* "
                "to give the whole formula this number)"
            )
            found.append((line, message))
    return found


def _open_in_paragraph(state: StateBlock, start: int) -> bool:
    """Whether the paragraph that began at `state.line` leaves a `$$` open before `start`."""
    text = state.src[state.bMarks[state.line] : state.bMarks[start]]
    return len(_DOUBLE.findall(text)) % 2 == 1


def _not_a_block(state: StateBlock, start: int, end: int) -> bool:
    """A `$$` line that starts inline formulas rather than a block: `$$a$$ and $$b$$` (two
    formulas on one line), or a formula whose closing `$$` has text after it on its line
    (`$$ 其中 …`), which the paragraph shows as display math with that text."""
    rest = state.src[state.bMarks[start] + state.tShift[start] + 2 : state.eMarks[start]]
    if closes := len(_DOUBLE.findall(rest)):
        return closes > 1
    for line in range(start + 1, end):
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].rstrip()
        if found := len(_DOUBLE.findall(text)):
            # the first `$$` closes it: a block only if nothing follows on its line
            # (`\end{pmatrix}$$，其中 …` closes a formula of the paragraph's text)
            return found > 1 or not (text.endswith("$$") or _LABEL_END.search(text))
    return False


def _code_spans_win(rule: InlineRule) -> InlineRule:
    """CommonMark code spans bind tighter than math: `$10 … `$x$`` is text, then code."""

    def wrapped(state: StateInline, silent: bool) -> bool:
        pos, count, pending = state.pos, len(state.tokens), state.pending
        if not _first_of_line_safe(rule, state):
            return False
        if "`" in state.tokens[-1].content:
            del state.tokens[count:]
            state.pos, state.pending = pos, pending
            return False
        if silent:
            del state.tokens[count:]
            state.pending = pending
        else:
            state.tokens[-1].content = decode_entities(state.tokens[-1].content)
        return True

    return wrapped


def _first_of_line_safe(rule: InlineRule, state: StateInline) -> bool:
    """The plugin (0.7) checks for a digit before the opening `$` at `src[pos - 1]`, which
    at the start of the text is its last character: `$G_t$ 趋于 0`, a list item or table
    cell opening with a formula and ending in a digit, kept its first formula as raw TeX.
    A space past the end is never part of a formula, so it stands in for that character."""
    src = state.src
    if state.pos or not src[-1:].isdigit():
        return rule(state, False)
    state.src = src + " "
    try:
        return rule(state, False)
    finally:
        state.src = src


def _latex_inline(state: StateInline, silent: bool) -> bool:
    """`\\(x\\)` is inline math; `\\[x\\]` inside a sentence is display math there."""
    src, pos = state.src, state.pos
    if not src.startswith(("\\(", "\\["), pos):
        return False
    pattern = _INLINE_PAREN if src[pos + 1] == "(" else _INLINE_BRACKET
    match = pattern.match(src, pos)
    if not match or not match.group(1).strip():
        return False
    if pattern is _INLINE_BRACKET and _literal_brackets(src, pos, match.group(1)):
        return False  # the escape rule makes them brackets
    if not silent:
        kind = "math_inline" if src[pos + 1] == "(" else "math_inline_double"
        token = state.push(kind, "math", 0)
        token.content = decode_entities(match.group(1))
        token.markup = src[pos : pos + 2]
    state.pos = match.end()
    return True


# `\\(x\\)`: written for Markdown blind to math (Hugo's and Jekyll's once, as their docs
# advised), which turned it into `\(x\)` for MathJax, undoing every escape inside too.
_DOUBLED = {"(": re.compile(r"\\\\\((.+?)\\\\\)", re.DOTALL),
            "[": re.compile(r"\\\\\[(.+?)\\\\\]", re.DOTALL)}  # fmt: skip


def _doubled_latex_inline(state: StateInline, silent: bool) -> bool:
    """`\\\\(x\\\\)` is inline math and `\\\\[x\\\\]` display math, with their Markdown
    escapes undone (`X\\_{(n)}` is `X_{(n)}`), as MathJax got them from the page."""
    src, pos = state.src, state.pos
    if not src.startswith(("\\\\(", "\\\\["), pos):
        return False
    opener = src[pos + 2]
    match = _DOUBLED[opener].match(src, pos)
    if not match or not match.group(1).strip():
        return False
    tex = MARKDOWN_ESCAPE.sub(r"\1", match.group(1))
    if opener == "[" and _literal_brackets(src, pos, tex):
        return False
    if not silent:
        kind = "math_inline" if opener == "(" else "math_inline_double"
        token = state.push(kind, "math", 0)
        token.content = decode_entities(tex)
        token.markup = "\\" + opener  # as `\\(x\\)` became on the page
    state.pos = match.end()
    return True


# `$` alone on a line, the formula's lines, `$` alone on a line (notes pasted from chat
# assistants write it so). A price is never a line of its own, so this is math, as MathJax
# and KaTeX's auto-render read it; `allow_space=False` alone left it as raw TeX.
_DOLLAR_LINES = re.compile(r"\$[ \t]*\n(?P<tex>[^$]*?\S[^$]*?)\n[ \t]*\$[ \t]*(?=\n|$)")


def _dollar_lines(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] != "$" or src[state.src.rfind("\n", 0, pos) + 1 : pos].strip(" \t"):
        return False
    match = _DOLLAR_LINES.match(src, pos)
    if not match or "`" in match["tex"]:  # a code span's backtick: CommonMark's text wins
        return False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.content = decode_entities(match["tex"].strip())
        token.markup = "$"
    state.pos = match.end()
    return True


# Numbers only: a citation (1, 2-4) or a list of values (0.3, 0.7), which LLM-written
# notes escape as \[0.3, 0.7\]: brackets in the sentence, not a formula on its own line.
_CITATION = re.compile(r"[\d\s,，.\-–]*\d[\d\s,，.\-–]*")


def _literal_brackets(src: str, pos: int, inside: str) -> bool:
    """`\\[…\\]` that CommonMark's meaning fits better than math: numbers (`文献\\[1\\]`,
    `\\[2, 3\\]`, `\\[0.3, 0.7\\]`) or an index right after a name (`a\\[i\\]`, `f(x)\\[0\\]`)."""
    before = src[pos - 1] if pos else ""
    return bool(_CITATION.fullmatch(inside)) or (
        before.isascii() and (before.isalnum() or before in ")]_")
    )


def _bracket_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A display block opened by `\\[` at the start of a line and closed by `\\]` at a line end."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    if not first.startswith("\\["):
        return False
    lines = [first[2:]]
    line = start
    while not lines[-1].rstrip().endswith("\\]"):
        line += 1
        if line >= end:
            return False
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
        if not text.strip():
            return False
        lines.append(text)
    if silent:
        return True
    body = "\n".join(lines).rstrip()[:-2]
    token = state.push("math_block", "math", 0)
    token.block = True
    # The line end before a `\]` on its own line stays, as a `$$` block's does: it ends a
    # `%` comment on the last line (formula_tex).
    token.content = decode_entities(body.lstrip("\n"))
    token.markup = "\\["
    token.map = [start, line + 1]
    state.line = line + 1
    return True
