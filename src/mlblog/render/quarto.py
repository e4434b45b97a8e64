"""What Quarto and R Markdown posts write besides fenced divs (render.fenced_divs):

- `$$ … $$ {#eq-loss}`: a numbered equation, as `\\label` numbers one (equation_refs);
- `@eq-loss`, `@sec-intro`, `@fig-curve`, `@tbl-runs`, `@thm-convex`: links showing the
  equation's number "(1)", the section's title, "Figure 1", "Table 1", "Theorem 1" (figures
  and tables are numbered in page order, as Quarto does; an image with a `#fig-` id is a
  captioned figure, a table's `: Caption {#tbl-…}` its caption; render.theorems numbers
  the theorems, lemmas …); a reference to nothing of the post is warned and stays as written;
- ```` ```{python} ```` / ```` ```{r} ```` chunks: highlighted code of that language (a
  Python chunk's cell magic's, `%%bash`, as in notebooks), without their `#| option`
  lines; `include: false` leaves them out, `code-fold: true` (or `show`, or the
  document's `code-fold:`, render.folds) folds them under their `code-summary`. Nothing
  is run, and a post whose chunks would have shown output is told so once;
- `[text]{.smallcaps}`, `[text]{.underline}`, `[text]{.mark}`: the text so styled (and a
  span of any other class, its text alone).

CommonMark showed all of them as written: "{#eq-loss}", "@eq-loss", "#| echo: false".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType

from mlblog.content.cell_magics import magic_language
from mlblog.render.attr_lists import parsed
from mlblog.render.d2l_roles import ROLE_WARNINGS
from mlblog.render.equation_refs import labels
from mlblog.render.folds import CODE_FOLD
from mlblog.render.heading_anchors import ID_TEXT
from mlblog.render.highlight import FOLD_VALUES, fold_info
from mlblog.render.math_syntax import BLOCK_MATH
from mlblog.render.numbered import labelled
from mlblog.render.table_captions import number_caption
from mlblog.render.theorems import QUARTO_PREFIXES, THEOREMS
from mlblog.theme_strings import ENGLISH

_EQUATION_END = re.compile(r"\$\$[ \t]*\{#([^\s{}]+)\}[ \t]*$")
_REF = re.compile(r"(?<![\w@.])(-?)@((eq|fig|tbl|sec|thm|lem|cor|prp|cnj|def|exm|exr)-[\w-]*\w)")
_OWN_ID = re.compile(r"[ \t]*\{#([^\s{}#]+)\}[ \t]*$")
_MARKS = ("#fig-", "#tbl-", "@eq-", "@sec-", "@fig-", "@tbl-", *(f"@{p}-" for p in QUARTO_PREFIXES))
_TERMINATES = ["paragraph", "reference", "blockquote", "list"]


def quarto_plugin(md: MarkdownIt, math: bool) -> None:
    if math:
        md.block.ruler.before(
            "math_block", "labelled_equation", _labelled_equation, {"alt": _TERMINATES}
        )
    md.core.ruler.after("block", "code_chunks", _code_chunks)
    md.core.ruler.after("inline", "pandoc_spans", _spans)  # before attr_lists reads braces
    md.core.ruler.after("attr_lists", "quarto_refs", _refs)  # before heading ids: reads `{#…}`


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _labelled_equation(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """`$$` … `$$ {#eq-x}` (or on one line): a display formula, numbered and labelled."""
    first = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith("$$", first) or state.sCount[start] - state.blkIndent >= 4:
        return False  # nearly every line leaves here
    for line in range(start, end):
        text = _line_text(state, line)
        at = text.find("$$", 2 if line == start else 0)
        if at < 0:
            continue
        found = _EQUATION_END.match(text, at)
        if found is None:
            return False  # a formula like any other: the dollar rule's
        if silent:
            return True
        lines = [_line_text(state, n) for n in range(start, line + 1)]
        lines[-1] = lines[-1][:at]
        lines[0] = lines[0][2:]
        token = state.push("math_block", "math", 0)
        token.markup, token.block, token.map = "$$", True, [start, line + 1]
        token.content = labelled("\n".join(lines).strip() + "\n", found[1])
        state.line = line + 1
        return True
    return False


# --- cross references -------------------------------------------------------------------


def _refs(state: StateCore) -> None:
    """`@eq-…`, `@sec-…`, `@fig-…`, `@tbl-…` as links; `#fig-` images as numbered figures."""
    src = state.src
    if "#fig-" not in src and "#tbl-" not in src and "@" not in src:
        return  # nearly every post
    if not any(mark in src for mark in _MARKS):
        return
    tokens = state.tokens
    equations = {label for t in tokens if t.type in BLOCK_MATH for label in labels(t.content)}
    titles: dict[str, str] = dict(state.env.get(THEOREMS, {}))  # id → what a reference shows
    counts = {"fig": 0, "tbl": 0}
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            last = inline.children[-1] if inline.children else None
            if last is not None and last.type == "text" and (own := _OWN_ID.search(last.content)):
                words = (c.content for c in inline.children or () if c.type in ID_TEXT)
                titles[own[1]] = _OWN_ID.sub("", "".join(words)).strip()
        elif token.type == "pandoc_div_open" and (own_id := token.meta.get("id", "")):
            _count(own_id, counts, titles, state.env)
        elif token.type == "table_open" and isinstance(own_id := token.attrGet("id"), str):
            if token.meta.get("myst_numbered"):  # a MyST `{table}`'s, numbered already
                continue
            number_caption(tokens, index, _count(own_id, counts, titles, state.env))
        elif token.type == "inline" and "#fig-" in token.content:
            _figures(tokens, index, counts, titles, state.env)
    warnings: list[tuple[int, str]] = state.env.setdefault(ROLE_WARNINGS, [])
    for token in tokens:
        if token.type == "inline" and "@" in token.content and token.children:
            line = token.map[0] + 1 if token.map else 1
            token.children = _linked(token, (titles, equations), line, warnings)


def _count(own_id: str, counts: dict[str, int], titles: dict[str, str], env: EnvType) -> str:
    """The number of a figure's or table's id, given in page order; "" for other ids."""
    kind = own_id.split("-", 1)[0]
    if kind not in counts or own_id in titles:
        return ""
    counts[kind] += 1
    word = "figure_number" if kind == "fig" else "table_number"
    titles[own_id] = _word(env, word, str(counts[kind]))
    return titles[own_id]


def _word(env: EnvType, name: str, number: str) -> str:
    text, _lang = env.get("words", {}).get(name) or (ENGLISH[name], "en")
    return text.format(number=number)


def _figures(
    tokens: Sequence[Token], index: int, counts: dict[str, int], titles: dict[str, str],
    env: EnvType,
) -> None:  # fmt: skip
    """Each image with a `#fig-` id is numbered; one alone in its paragraph is a figure
    whose caption is its alt text, after its number ("Figure 1: Loss curve")."""
    inline = tokens[index]
    # (attr_lists leaves an empty text where the braces were)
    children = inline.children = [c for c in inline.children or () if c.type != "text" or c.content]
    for child in children:
        own_id = child.attrGet("id") if child.type == "image" else None
        if not isinstance(own_id, str) or not own_id.startswith("fig-"):
            continue
        number = _count(own_id, counts, titles, env)
        alone = len(children) == 1 and tokens[index - 1].type == "paragraph_open"
        if number and alone and not child.attrGet("title"):
            caption = "".join(c.content for c in child.children or () if c.type in ID_TEXT)
            child.attrSet("title", f"{number}: {caption}" if caption.strip() else number)


def _linked(
    token: Token, known: tuple[dict[str, str], set[str]], line: int,
    warnings: list[tuple[int, str]],
) -> list[Token]:  # fmt: skip
    titles, equations = known
    done: list[Token] = []
    for child in token.children or ():
        line += child.type in ("softbreak", "hardbreak")
        if child.type != "text" or "@" not in child.content:
            done.append(child)
            continue
        at = 0
        for match in _REF.finditer(child.content):
            name = match[2]
            if match[3] == "eq" and name in equations:  # equation_refs numbers and links it
                shown = [_text(child, f"\\eqref{{{name}}}")]
                token.content = token.content.replace(match[0], f"\\eqref{{{name}}}", 1)
            elif name in titles:
                shown = _link(child, f"#{name}", _shown(titles[name], match[1], match[3]))
            else:
                where = _WHERE[match[3]]
                warnings.append((line, f"{match[0]} names no {where} of this post; the "
                                 "reference is shown as written"))  # fmt: skip
                continue
            done.append(_text(child, child.content[at : match.start()]))
            done.extend(shown)
            at = match.end()
        done.append(_text(child, child.content[at:]) if at else child)
    return [c for c in done if c.type != "text" or c.content]


def _shown(title: str, minus: str, kind: str) -> str:
    """What a reference shows: "Figure 1", or its number alone for Quarto's `-@fig-…`, as
    in "如图 -@fig-loss 所示" (a heading's title has no number: it is shown whole)."""
    number = _NUMBER.search(title) if minus and kind != "sec" else None
    return number[0] if number else title


_NUMBER = re.compile(r"\d+$")

_WHERE = {
    "eq": "equation ($$ … $$ {#eq-…})",
    "sec": "heading (## Title {#sec-…})",
    "fig": "figure (![Caption](image.png){#fig-…})",
    "tbl": "table (: Caption {#tbl-…} under it)",
    **{prefix: f"{kind} (::: {{#{prefix}-…}})" for prefix, kind in QUARTO_PREFIXES.items()},
}


def _link(like: Token, href: str, title: str) -> list[Token]:
    opening = Token("link_open", "a", 1)
    opening.attrSet("href", href)
    return [opening, _text(like, title), Token("link_close", "a", -1)]


def _text(like: Token, content: str) -> Token:
    text = Token("text", "", 0)
    text.content = content
    text.meta = dict(like.meta) if like.meta else {}
    return text


# --- code chunks ------------------------------------------------------------------------

# Languages Quarto and knitr run; ```{mermaid} and ```{dot} are diagrams, not chunks.
_ENGINES = frozenset({"python", "r", "julia", "ojs", "bash", "sql", "sh", "stan", "rcpp"})
_CHUNK_INFO = re.compile(r"\{([A-Za-z]+)\b[ \t,]*([^{}]*)\}")
_OPTION_LINE = re.compile(r"(?:#|//|--)\|[ \t]*([\w.-]+)[ \t]*:[ \t]*(.*?)[ \t]*$")
_R_OPTION = re.compile(r"([\w.-]+)[ \t]*=[ \t]*([^,]+)")
_FALSE = frozenset({"false", "no"})


def _code_chunks(state: StateCore) -> None:
    """Chunks as highlighted code; a post whose chunks carry options (so were written to be
    run, not a fence that happens to have braces) is told, once, that nothing ran."""
    if "```{" not in state.src and "~~~{" not in state.src:
        return  # nearly every post
    kept: list[Token] = []
    optioned, shown = False, None  # any chunk with options; the first to show output
    hidden = None  # the first chunk whose code Quarto hides (echo: false) to show its output
    for token in state.tokens:
        chunk = _CHUNK_INFO.fullmatch(token.info.strip()) if token.type == "fence" else None
        if chunk is None or chunk[1].lower() not in _ENGINES:
            kept.append(token)
            continue
        written = {k.lower(): v.strip().strip("\"'") for k, v in _R_OPTION.findall(chunk[2])}
        lines = token.content.split("\n")
        while lines and (option := _OPTION_LINE.match(lines[0])):
            written[option[1].lower()] = option[2].strip("\"'")
            lines.pop(0)
        options = {k: v.lower() for k, v in written.items()}
        optioned = optioned or bool(options) or bool(chunk[2].strip())
        if options.get("include") in _FALSE:
            continue  # neither code nor output, as Quarto shows it
        token.content = "\n".join(lines)
        token.info = magic_language(token.content, chunk[1].lower())  # a `%%bash` chunk: bash
        fold = FOLD_VALUES.get(options.get("code-fold", state.env.get(CODE_FOLD, ("", ""))[0]))
        if fold:
            summary = written.get("code-summary", state.env.get(CODE_FOLD, ("", ""))[1])
            token.info = fold_info(token.info, fold, summary)
        kept.append(token)
        if shown is None and _shows_output(options):
            shown = (token.map[0] + 1 if token.map else 1, chunk[1])
        if hidden is None and options.get("echo") in _FALSE and _shows_output(options):
            hidden = (token.map[0] + 1 if token.map else 1, chunk[1])
    if hidden is not None:  # its code is shown: hiding it too would leave nothing at all
        state.env.setdefault(ROLE_WARNINGS, []).append(
            (hidden[0], f"```{{{hidden[1]}}} chunk with echo: false: its code is shown, as "
             "mlblog runs no code and its output (printed values, plots) is not on the page; "
             "to show the output alone, render the post with Quarto first (quarto render "
             "post.qmd --to gfm) and build what it writes, or remove `echo: false` if the "
             "code is what readers should see")
        )  # fmt: skip
    elif optioned and shown is not None:
        state.env.setdefault(ROLE_WARNINGS, []).append(
            (shown[0], f"```{{{shown[1]}}} chunks are shown as code, not run: their output "
             "(printed values, plots) is not on the page; to keep it, render the post with "
             "Quarto first (quarto render post.qmd --to gfm) and build what it writes")
        )  # fmt: skip
    state.tokens = kept


def _shows_output(options: dict[str, str]) -> bool:
    """Whether Quarto (or knitr) would have put the chunk's output on the page."""
    if options.get("eval") in _FALSE or options.get("output") in _FALSE:
        return False
    return options.get("results") != "hide"


# --- inline spans -----------------------------------------------------------------------

_SPAN = re.compile(r"\[([^\[\]]+)\]\{([^{}]*)\}")
_STYLED = {"smallcaps": "span", "underline": "u", "ul": "u", "mark": "mark"}


def _spans(state: StateCore) -> None:
    if "]{" not in state.src:
        return  # nearly every post
    for token in state.tokens:
        if token.type != "inline" or "]{" not in token.content or not token.children:
            continue
        done: list[Token] = []
        for child in token.children:
            if child.type != "text" or "]{" not in child.content:
                done.append(child)
                continue
            at = 0
            for match in _SPAN.finditer(child.content):
                items = parsed(match[2])
                if not items and match[2].strip():
                    continue  # braces that are no attributes: text
                done.append(_text(child, child.content[at : match.start()]))
                done.extend(_span(child, match[1], items))
                at = match.end()
            done.append(_text(child, child.content[at:]) if at else child)
        token.children = [c for c in done if c.type != "text" or c.content]


def _span(like: Token, text: str, items: list[tuple[str, str]]) -> list[Token]:
    """The span's text, in the element its first styling class asks for."""
    classes = [value for name, value in items if name == "class"]
    own_id = next((value for name, value in items if name == "id"), None)
    style = next((c for c in classes if c in _STYLED), None)
    if style is None and own_id is None:
        return [_text(like, text)]
    tag = _STYLED[style] if style else "span"
    attrs = f' id="{own_id}"' if own_id else ""
    if style == "smallcaps":
        attrs += ' class="smallcaps" style="font-variant: small-caps"'
    opening, closing = Token("html_inline", "", 0), Token("html_inline", "", 0)
    opening.content, closing.content = f"<{tag}{attrs}>", f"</{tag}>"
    return [opening, _text(like, text), closing]
