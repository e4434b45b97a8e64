"""GitHub alerts (`> [!NOTE]`) and Obsidian callouts (`> [!tip] Title`, `> [!faq]- Folded`)
as the boxes `::: kind` admonitions make: notes copied from READMEs and vaults showed a
quote starting with a literal "[!NOTE]".

Our own core rule rather than markdown-it-py's `alerts` option (4.1+): that knows GitHub's
five kinds only, neither titles nor folds, and would raise our lower bound on it. The rule
runs after block parsing and before inline parsing, so it reads the marker as written and
the title is then parsed as the Markdown it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from mlblog.render.words import said

# Every kind Obsidian knows, GitHub's five among them: (its word in theme_strings, the
# admonition class that colours its box). Obsidian's aliases keep their own word ("FAQ",
# not "Question"); GitHub's IMPORTANT and CAUTION keep theirs (in Obsidian they are aliases
# of tip and warning), as more notes come from READMEs.
KINDS: dict[str, tuple[str, str]] = {
    "note": ("note", "note"),
    "abstract": ("abstract", "note"),
    "summary": ("summary", "note"),
    "tldr": ("tldr", "note"),
    "info": ("info", "info"),
    "todo": ("todo", "note"),
    "tip": ("tip", "tip"),
    "hint": ("hint", "tip"),
    "important": ("important", "important"),
    "success": ("success", "tip"),
    "check": ("check", "tip"),
    "done": ("done", "tip"),
    "question": ("question", "warning"),
    "help": ("help", "warning"),
    "faq": ("faq", "warning"),
    "warning": ("warning", "warning"),
    "caution": ("caution", "caution"),
    "attention": ("attention", "warning"),
    "failure": ("failure", "danger"),
    "fail": ("fail", "danger"),
    "missing": ("missing", "danger"),
    "danger": ("danger", "danger"),
    "error": ("error", "danger"),
    "bug": ("bug", "danger"),
    "example": ("example", "important"),
    "quote": ("quote", "note"),
    "cite": ("cite", "note"),
}

# `[!kind]`, then `-` (folded) or `+` (open), then an optional title; the kind's case is
# the author's (GitHub writes NOTE, Obsidian note). Obsidian themes read a `|…` after the
# kind (`[!tip|wide]`) as styling of theirs: it is left out.
_MARKER = re.compile(r"\[!([A-Za-z][\w-]*)(?:\|[^\]]*)?\]([+-]?)(?:[ \t]+(.*?))?[ \t]*$")


@dataclass(frozen=True, slots=True)
class Callout:
    word: str | None  # the theme word naming the kind; None for a kind Obsidian does not know
    label: str  # an unknown kind's own word, as its title ("[!recipe]" → "Recipe")
    css: str  # the admonition class
    fold: str  # "", "-" (folded) or "+" (foldable, open)


def callout_of(line: str) -> tuple[Callout, str] | None:
    """The callout a blockquote's first line starts, and its own title ("" for none)."""
    match = _MARKER.match(line)
    if match is None:
        return None
    kind, fold, title = match.group(1), match.group(2), match.group(3) or ""
    word, css = KINDS.get(kind.lower(), (None, "note"))
    return Callout(word, kind[:1].upper() + kind[1:], css, fold), title


def callouts(state: StateCore) -> None:
    """Each blockquote whose first line is a marker becomes a callout: `callout_open`, its
    title, its content, `callout_close` (the marker line leaves the content)."""
    tokens: list[Token] = state.tokens
    if not any(t.type == "blockquote_open" for t in tokens):
        return  # most posts: one look at each token
    out: list[Token] = []
    shapes: list[Callout | None] = []  # of each blockquote open at this point
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "blockquote_open":
            found = _starts_callout(tokens, index)
            if found is None and (prompt := _chirpy_prompt(tokens, index)) is not None:
                shapes.append(prompt)
                out.extend(_opening(token, tokens, index, prompt, "", keep_first=True))
                index += 1
                continue
            shapes.append(found[0] if found else None)
            if found is not None:
                out.extend(_opening(token, tokens, index, *found))
                index += 4  # the blockquote and its first paragraph are rewritten
                continue
        elif token.type == "blockquote_close" and shapes and (shape := shapes.pop()):
            token.type, token.tag, token.meta = "callout_close", "div", {"callout": shape}
        out.append(token)
        index += 1
    state.tokens = out


def _starts_callout(tokens: Sequence[Token], index: int) -> tuple[Callout, str] | None:
    if index + 3 >= len(tokens) or tokens[index + 1].type != "paragraph_open":
        return None
    inline = tokens[index + 2]
    if inline.type != "inline" or not inline.content.startswith("[!"):
        return None
    return callout_of(inline.content.split("\n", 1)[0])


# Chirpy's prompts: kramdown's attribute list on the line under a quote, `{: .prompt-tip }`
# (or in the quote, `> {: .prompt-tip }`), which its theme draws as a box of that colour.
_PROMPT = re.compile(
    r"\n[ \t]*\{:[ \t]*(?:[^}\n]*[ \t])?"
    r"\.prompt-(?P<kind>tip|info|warning|danger)\b[^}\n]*\}[ \t]*\Z"
)


_LIST_ENDS = ("list_item_close", "bullet_list_close", "ordered_list_close")


def _chirpy_prompt(tokens: list[Token], index: int) -> Callout | None:
    """The callout a Chirpy prompt makes of the blockquote opened at `index`, with the
    attribute line taken out of its last paragraph (a paragraph of only that line goes);
    the box survives a post copied by hand as `mlblog import` converts it
    (importers.prompts)."""
    level = tokens[index].level
    close = next(
        i for i in range(index + 1, len(tokens))
        if tokens[i].type == "blockquote_close" and tokens[i].level == level
    )  # fmt: skip
    last = close - 1
    while tokens[last].type in _LIST_ENDS:
        last -= 1  # a quote ending in a list: the line lazily continues its last item
    inline = tokens[last - 1]
    match = None
    if tokens[last].type == "paragraph_close" and inline.type == "inline":
        match = _PROMPT.search("\n" + inline.content)
    if match is not None:
        inline.content = inline.content[: max(match.start() - 1, 0)]
        if not inline.content.strip():
            del tokens[last - 2 : last + 1]
    elif (match := _prompt_under(tokens, index, close)) is not None:
        del tokens[close + 1 : close + 4]
    else:
        return None
    word, css = KINDS[match["kind"]]
    return Callout(word, word.capitalize(), css, "")


def _prompt_under(tokens: list[Token], index: int, close: int) -> re.Match[str] | None:
    """The prompt of a paragraph of only the attribute line, right under a quote that
    ends in something other than a paragraph (a code block, a list), which the line
    cannot continue: kramdown still gives the quote the class."""
    if close + 3 >= len(tokens) or tokens[close + 1].type != "paragraph_open":
        return None
    quote, opened, inline = tokens[index].map, tokens[close + 1].map, tokens[close + 2]
    if quote is None or opened is None or opened[0] != quote[1] or inline.type != "inline":
        return None  # a blank line between: kramdown gives the class to what follows
    return _PROMPT.fullmatch("\n" + inline.content)


def _opening(
    quote: Token,
    tokens: Sequence[Token],
    index: int,
    shape: Callout,
    title: str,
    keep_first: bool = False,
) -> list[Token]:
    """The tokens that replace the blockquote's opening and its first paragraph (only
    the opening, `keep_first`, when no marker line is in it)."""
    quote.type, quote.tag, quote.markup = "callout_open", "div", "[!"
    quote.meta = {"callout": shape}
    head = Token("callout_title_open", "p", 1)
    head.meta = {"callout": shape, "titled": bool(title)}
    line = quote.map[0] if quote.map else 0
    head.map = [line, line + 1]
    made = [quote, head]
    if title:
        inline = Token("inline", "", 0)
        inline.content, inline.map, inline.children = title, [line, line + 1], []
        made.append(inline)
    tail = Token("callout_title_close", "p", -1)
    tail.meta = head.meta
    made.append(tail)
    if keep_first:
        return made
    opened, inline, closed = tokens[index + 1 : index + 4]
    rest = inline.content.partition("\n")[2]
    if rest.strip():  # text under the marker line, in the same paragraph
        inline.content = rest
        for token in (opened, inline):
            if token.map:
                token.map = [token.map[0] + 1, token.map[1]]
        made += [opened, inline, closed]
    return made


def open_callout(state: StateBlock, shape: Callout, title: str, start: int, close: int) -> None:
    """A block rule's callout: its opening and title (parsed later, as inline Markdown);
    the rule then tokenizes the content and calls close_callout."""
    opening = state.push("callout_open", "div", 1)
    opening.meta, opening.map, opening.markup = {"callout": shape}, [start, close + 1], "{"
    head = state.push("callout_title_open", "p", 1)
    head.meta, head.map = {"callout": shape, "titled": bool(title)}, [start, start + 1]
    if title:
        inline = state.push("inline", "", 0)
        inline.content, inline.map, inline.children = title, [start, start + 1], []
    tail = state.push("callout_title_close", "p", -1)
    tail.meta = head.meta


def close_callout(state: StateBlock, shape: Callout) -> None:
    closing = state.push("callout_close", "div", -1)
    closing.meta = {"callout": shape}


def is_callout_title(token: Token) -> bool:
    return token.type in ("callout_title_open", "callout_title_close")


def render_callout(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """A folded callout is a `<details>` (closed for `-`, open for `+`), which opens on a
    click without any script; the others are the `::: kind` admonition's `<div>`."""
    token = tokens[idx]
    shape: Callout = token.meta["callout"]
    tag = "details" if shape.fold else "div"
    if token.nesting == -1:
        return f"</{tag}>\n"
    opened = " open" if shape.fold == "+" else ""
    return f'<{tag} class="admonition {shape.css}"{opened}>\n'


def render_title(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """The kind's name in the site's words, or the author's title after the kind's name
    for screen readers (as a `::: kind title` admonition has it); a `<summary>` when the
    callout folds."""
    token = tokens[idx]
    shape: Callout = token.meta["callout"]
    tag = "summary" if shape.fold else "p"
    if token.nesting == -1:
        return f"</{tag}>\n" if token.meta["titled"] else ""
    kind, lang = said(env, shape.word) if shape.word else (escape(shape.label), "")
    if not token.meta["titled"]:
        return f'<{tag} class="admonition-title"{lang}>{kind}</{tag}>\n'
    hidden = f'<span class="visually-hidden"{lang}>{kind}: </span>'
    return f'<{tag} class="admonition-title">{hidden}'


def stray_markers(tokens: Sequence[Token]) -> list[tuple[int, str]]:
    """(1-based line, message) for each marker left as text: one under a quote's first
    line, or one whose `>` was lost, shows "[!NOTE]" to readers."""
    found: list[tuple[int, str]] = []
    for token in tokens:
        if token.type != "inline" or "[!" not in token.content or not token.map:
            continue
        for offset, line in enumerate(token.content.split("\n")):
            if line.lstrip().startswith("[!") and callout_of(line.strip()):
                marker = line.strip().split("]", 1)[0] + "]"
                found.append((token.map[0] + offset + 1, f"{marker} is shown as text: a "
                              "callout's marker is the first line of a > quote"))  # fmt: skip
    return found
