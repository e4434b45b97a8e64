"""MyST Markdown's directives and targets, as Jupyter Book and mystmd course notes write
them: ```` ```{note} ````, `:::{warning}`, ```` ```{math} ```` with `:label:`, `{figure}`,
`{bibliography}`, and `(label)=` above a heading. (Its `{eq}`…`` roles are read with
d2lbook's, in mlblog.render.d2l_roles.)

CommonMark showed a directive as a code block of its source, options and all, and a colon
fence or a target as a paragraph of raw text. Here admonitions are the callouts of
mlblog.render.callouts, a `{math}` block is a formula numbered as equation_refs numbers
`\\label`s, a figure is numbered under its image (render.myst_figures), sphinx-proof's
`{prf:theorem}`, `{prf:proof}` … are the boxes of render.theorems, and any other directive
shows its content as Markdown, with a warning naming it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from itertools import takewhile

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from mlblog.content.cell_magics import magic_language
from mlblog.render.callouts import KINDS, Callout, close_callout, open_callout
from mlblog.render.cell_tags import FOLD_CELL, FOLD_INPUT, REMOVE, REMOVE_INPUT
from mlblog.render.d2l_roles import ROLE_WARNINGS
from mlblog.render.highlight import fold_info, quoted_option
from mlblog.render.myst_figures import FIGURES, figure, figures_plugin
from mlblog.render.myst_numbered import LISTING, TABLES, anchor, number, numbered_plugin, table
from mlblog.render.nested import parse_nested as _nested
from mlblog.render.numbered import labelled
from mlblog.render.theorems import MYST_KINDS, Box, close_box, open_box

_SEEN = "myst"  # env key: the post has a directive or a target (its later rules run)
_OPENING = re.compile(r"(`{3,}|~{3,}|:{3,})\{([A-Za-z][\w:.+-]*)\}[ \t]*(.*?)[ \t]*$")
_OPTION = re.compile(r":([\w-]+):(?:[ \t]+(.*?))?[ \t]*$")
_YAML_OPTION = re.compile(r"([\w-]+)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")
_TARGET = re.compile(r"\(([^()\s]+)\)=[ \t]*$")
_REFERENCED = r"(?:\\(?:eq)?ref\{{|\{{(?:eq|numref|ref)\}}`(?:[^`<]*<)?){}[>}}`]"
_ADMONITIONS = frozenset(
    {"note", "important", "hint", "seealso", "tip", "attention", "caution", "warning",
     "danger", "error", "admonition", "dropdown"}
)  # fmt: skip
_SEE_ALSO = Callout(None, "See also", "note", "")
_CODE = frozenset({"code", "code-block", "sourcecode", "code-cell"})
# A code cell's kernel, as Jupytext and MyST-NB name IPython's: its cell magics are IPython's
_PYTHON_KERNELS = frozenset({"python", "python3", "ipython", "ipython3"})
_TAG_WORDS = re.compile(r"[\w-]+")
_MARKERS = frozenset({"`", "~", ":"})
_FORMULAS = frozenset({"math_block", "amsmath"})  # display math a target may name
_TERMINATES = ["paragraph", "reference", "blockquote", "list"]
BlockRule = Callable[[StateBlock, int, int, bool], bool]


def myst_plugin(md: MarkdownIt, math: bool) -> None:
    directive = _directive_rule(math)
    md.block.ruler.before("fence", "myst_directive", directive, {"alt": _TERMINATES})
    md.block.ruler.before("paragraph", "myst_target", _target, {"alt": ["paragraph"]})
    md.core.ruler.after("block", "myst_after_block", _after_block)
    md.add_render_rule("myst_bibliography", _nothing)
    md.add_render_rule("myst_target", _nothing)
    figures_plugin(md)
    numbered_plugin(md)


def _nothing(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return ""


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _directive_rule(math: bool) -> BlockRule:
    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        first = state.bMarks[start] + state.tShift[start]
        if state.src[first : first + 1] not in _MARKERS:
            return False  # nearly every line leaves here
        return _directive(state, start, end, silent, math)

    return rule


def _directive(state: StateBlock, start: int, end: int, silent: bool, math: bool) -> bool:
    first = state.bMarks[start] + state.tShift[start]
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    if state.src.find("{", first, state.eMarks[start]) < 0:  # a fence like any other
        return False
    opening = _OPENING.match(_line_text(state, start))
    if opening is None:
        return False
    marker, name, argument = opening[1], opening[2], opening[3]
    if marker[0] == "`" and "`" in argument:
        return False
    if _is_language(name.lower()):  # ```{python}: pandoc's and R Markdown's code fences
        return False
    if silent:
        return True
    close = _closing(state, start, end, marker)
    options, body = _options(state, start + 1, close)
    state.env[_SEEN] = True
    found = _Directive(name.lower(), argument, options, marker, start, body, close)
    if close >= end and found.name not in _CODE:  # (an unclosed code fence is warned as such)
        _warn(state, start, f"{marker}{{{name}}} is never closed (add a {marker} line after "
              "its content): it runs to the end of the post")  # fmt: skip
    _emit(state, found, math)
    state.line = min(close + 1, end)
    return True


@dataclass(frozen=True, slots=True)
class _Directive:
    name: str  # lower case
    argument: str  # what follows `{name}` on its line
    options: dict[str, str]
    marker: str  # its fence: ```, :::, ~~~ …
    start: int  # the lines of its opening, its body's first and its closing fence
    body: int
    close: int


@lru_cache(maxsize=256)
def _is_language(name: str) -> bool:
    if name in _ADMONITIONS or name in _CODE or name in FIGURES or name in TABLES:
        return False
    if name == "math":
        return False
    if name == "mermaid":
        return True
    from pygments.lexers import find_lexer_class_by_name  # only for `{name}` fences, rare
    from pygments.util import ClassNotFound

    try:
        find_lexer_class_by_name(name)
    except ClassNotFound:
        return False
    return True


def _closing(state: StateBlock, start: int, end: int, marker: str) -> int:
    """The line of the directive's closing fence (`end` when it is never closed)."""
    for line in range(start + 1, end):
        begin = state.bMarks[line] + state.tShift[line]
        if begin < state.eMarks[line] and state.sCount[line] < state.blkIndent:
            return line  # a line outdented out of the list the directive is in
        if state.sCount[line] - state.blkIndent >= 4:
            continue
        text = _line_text(state, line).rstrip()
        if text.startswith(marker) and text == marker[0] * len(text):
            return line
    return end


def _options(state: StateBlock, first: int, close: int) -> tuple[dict[str, str], int]:
    """The directive's `:key: value` lines (or `---` block of them), and its body's first line."""
    options: dict[str, str] = {}
    line = first
    if line < close and _line_text(state, line).strip() == "---":
        for inner in range(line + 1, close):
            text = _line_text(state, inner).strip()
            if text == "---":
                return options, inner + 1
            if found := _YAML_OPTION.match(text):
                options[found[1]] = (found[2] or "").strip("'\"")
        return {}, first  # no closing `---`: the body starts with a thematic break
    while line < close and (found := _OPTION.match(_line_text(state, line))):
        options[found[1]] = found[2] or ""
        line += 1
    return options, line


def _emit(state: StateBlock, found: _Directive, math: bool) -> None:
    """The tokens the directive is shown as."""
    name, start = found.name, found.start
    if name in _ADMONITIONS:
        _callout(state, found)
    elif name == "math":
        _math(state, found, math)
    elif name in _CODE:
        tags = _cell_tags(state, found) if name == "code-cell" else set()
        if tags & (REMOVE_INPUT | REMOVE):
            return  # shown as a notebook's cell with that tag is: code only, and nothing ran
        info = found.argument.split(" ", 1)[0]
        if name == "code-cell" and info.lower() in _PYTHON_KERNELS and found.body < found.close:
            first = _line_text(state, found.body)  # a `%%bash` cell is bash, as in notebooks
            info = magic if (magic := magic_language(first, "python")) != "python" else info
        if caption := found.options.get("caption", "").strip():
            info += f" {quoted_option('title', caption)}"
        if tags & (FOLD_INPUT | FOLD_CELL):  # folded, as Jupyter Book shows it (render.folds)
            info = fold_info(info or "text", "closed")
        label = found.options.get("name", "").strip()
        shown = number(state.env, "code-block", label, caption)  # "Listing 1" when captioned
        anchor(state, label)
        _raw(state, "fence", info, found).meta[LISTING] = shown
    elif name in FIGURES:
        lines = (start, found.body, found.close)
        figure(state, name, found.argument, found.options, lines)
    elif name in TABLES:
        table(state, name, found.argument, found.options, (start, found.body, found.close))
    elif name.startswith("prf:") and name[4:] in MYST_KINDS:
        _proof_box(state, found)
    elif name == "bibliography":
        token = state.push("myst_bibliography", "", 0)
        token.map = [start, found.close + 1]
        if state.env.get("cited") is None:
            _warn(state, start, "{bibliography} shows no list: this post cites nothing from a "
                  "bibliography (name its .bib file in the front matter, bibliography: "
                  "refs.bib, or in site.yaml, and cite with {cite}`key`)")  # fmt: skip
    else:
        _warn(state, start, f"{{{name}}} is a MyST directive mlblog does not know: its "
              "content is shown as plain Markdown, without its options")  # fmt: skip
        _nested(state, found.body, found.close)


def _cell_tags(state: StateBlock, found: _Directive) -> set[str]:
    """A `{code-cell}`'s tags: `:tags: [a, b]`, or in its `---` block, also one `- a` a line."""
    words = found.options.get("tags", "")
    if "tags" in found.options and not words:
        lines = [_line_text(state, n).strip() for n in range(found.start + 1, found.body)]
        after = next((i for i, text in enumerate(lines) if text.startswith("tags")), len(lines))
        words = " ".join(takewhile(lambda text: text.startswith("- "), lines[after + 1 :]))
    return set(_TAG_WORDS.findall(words))


def _warn(state: StateBlock, line: int, message: str) -> None:
    state.env.setdefault(ROLE_WARNINGS, []).append((line + 1, message))


def _raw(state: StateBlock, kind: str, info: str, found: _Directive) -> Token:
    """The body as it is written (a code block's, a formula's)."""
    token = state.push(kind, "code", 0)
    token.info = info
    token.content = state.getLines(found.body, found.close, state.sCount[found.start], True)
    token.markup = found.marker
    token.map = [found.start, found.close + 1]
    return token


def _callout(state: StateBlock, found: _Directive) -> None:
    """An admonition as the callout `::: kind` or `> [!kind]` makes; `{admonition}` takes
    its kind from `:class:`, and a dropdown (or `:class: dropdown`) folds."""
    name, argument, options, start = found.name, found.argument, found.options, found.start
    classes = options.get("class", "").split()
    kind = name
    if name in ("admonition", "dropdown"):
        kind = next((c for c in classes if c in KINDS), "note")
    fold = "-" if name == "dropdown" or "dropdown" in classes else ""
    if fold and "open" in options:
        fold = "+"
    if kind == "seealso":
        shape = _SEE_ALSO
    else:
        word, css = KINDS[kind]
        shape = Callout(word, kind.capitalize(), css, fold)
    if fold and shape.fold != fold:
        shape = Callout(shape.word, shape.label, shape.css, fold)
    open_callout(state, shape, argument, start, found.close)
    _nested(state, found.body, found.close)
    close_callout(state, shape)


def _proof_box(state: StateBlock, found: _Directive) -> None:
    """sphinx-proof's `{prf:theorem} Title` (lemma, definition, proof …): a box numbered per
    kind, unless it is a proof or says `:nonumber:`; its `:label:` is its id."""
    kind = found.name[4:]
    numbered = kind != "proof" and "nonumber" not in found.options
    box = Box(kind, numbered, found.options.get("label", "").strip())
    open_box(state, box, found.argument, found.start, found.close)
    _nested(state, found.body, found.close)
    close_box(state, box)


def _math(state: StateBlock, found: _Directive, math: bool) -> None:
    """A display formula; `:label:` numbers it, for `{eq}` and `\\eqref` to link to."""
    if not math:  # `math: false`: its TeX, as code
        _raw(state, "fence", "latex", found)
        return
    token = _raw(state, "math_block", "", found)
    token.tag, token.markup = "math", "$$"
    label = found.options.get("label") or found.options.get("name")
    if label:
        token.content = labelled(token.content, label.strip())


def _target(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """`(label)=` on a line of its own: a name for what follows (a heading, most often)."""
    first = state.bMarks[start] + state.tShift[start]
    if state.src[first : first + 1] != "(" or state.sCount[start] - state.blkIndent >= 4:
        return False
    found = _TARGET.match(_line_text(state, start))
    if found is None:
        return False
    if not silent:
        token = state.push("myst_target", "", 0)
        token.meta, token.map = {"name": found[1]}, [start, start + 1]
        state.env[_SEEN] = True
        state.line = start + 1
    return True


def _after_block(state: StateCore) -> None:
    """Targets name the heading or display formula under them (or an anchor where they
    are); `$$ … $$ (label)` is numbered when the post refers to its label, as MyST reads it."""
    if "$$" in state.src:
        _labelled_dollars(state)
    if not state.env.get(_SEEN):
        return
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "myst_target":
            continue
        name = token.meta["name"]
        heading = tokens[index + 1] if index + 1 < len(tokens) else None
        if (
            heading is not None
            and heading.type == "heading_open"
            and "myst_label" not in heading.meta
        ):
            heading.meta["myst_label"] = name
            inline = tokens[index + 2]
            inline.content = f"{inline.content} {{#{name}}}"
            continue  # (a target renders as nothing)
        if heading is not None and heading.type in _FORMULAS:  # `(eq:loss)=` over `$$`
            heading.content = labelled(heading.content, name)  # numbered, as `:label:` does
        else:
            token.type, token.content = "html_block", f'<span id="{escape(name)}"></span>\n'


def _labelled_dollars(state: StateCore) -> None:
    for token in state.tokens:
        if token.type != "math_block_label" or "untagged" not in token.meta:
            continue
        label = token.info.strip()
        if re.search(_REFERENCED.format(re.escape(label)), state.src):
            token.content = labelled(token.meta["untagged"], label)
            token.meta.pop("unused_label", None)
