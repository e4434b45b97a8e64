"""Citations as pandoc writes them: `[@key]`, `[@a; @b]`, `[see @key, p. 3]`, `[-@key]`.

Each becomes an author–year citation, "(Vaswani et al., 2017)", linked to its entry in a
References list at the end of the post (before its footnotes), and each entry links back
to where it is cited, as footnotes do. Active only in posts that have a bibliography and
an @ in their text (env["cited"]: mlblog.render.cited.Cited); a bare `@key` in prose stays
text, as e-mail addresses and @mentions must. A key no bibliography has is a warning, and
its citation stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from itertools import groupby
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from mlblog.render.cited import Cited, Reference
from mlblog.render.result import CJK_CHAR
from mlblog.render.words import said

_KEY = r"\w(?:\w|[:.#$%&+?<>~/-](?=\w))*"  # as mlblog.bibliography.KEY
# One item of a group: a prefix that ends in a space, `@key` (or `-@key`: the year alone),
# and a suffix such as ", p. 3".
_ITEM = re.compile(
    r"\s*(?P<prefix>(?:.*?\s)?)(?P<minus>-?)@(?P<key>" + _KEY + r")(?P<suffix>.*?)\s*", re.DOTALL
)
_SPACES = re.compile(r"\s+")
Item = tuple[str, bool, str, str]  # prefix, year only, key, suffix


def citations_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "citation", _citation)
    md.core.ruler.push("citations", _resolve)
    md.add_render_rule("citation", _render_citation)
    md.add_render_rule("references", _render_references)


def _citation(state: StateInline, silent: bool) -> bool:
    """`[…]` whose every `;`-separated part cites one `@key`, and that is no link."""
    if state.src[state.pos] != "[" or state.env.get("cited") is None:
        return False
    if silent or state.linkLevel:
        # Inside a link's text it stays text: its link would nest in the other. (Only a
        # link's label is scanned silently, and markdown-it takes a bracket that a rule
        # consumed there for a nested link, which left the outer one unlinked.)
        return False
    end = state.src.find("]", state.pos + 1, state.posMax)
    if end == -1:
        return False
    inside = state.src[state.pos + 1 : end]
    if "@" not in inside or "[" in inside or state.src[end + 1 : end + 2] in ("(", "["):
        return False
    items: list[Item] = []
    for part in inside.split(";"):
        match = _ITEM.fullmatch(part)
        if match is None:
            return False
        items.append((match["prefix"], bool(match["minus"]), match["key"], match["suffix"]))
    token = state.push("citation", "", 0)
    token.meta = {"items": items}
    token.content = state.src[state.pos : end + 1]  # as written, until _resolve
    state.pos = end + 1
    return True


def _resolve(state: StateCore) -> None:
    """Label every citation, warn about unknown keys, and add the References list."""
    cited: Cited | None = state.env.get("cited")
    if cited is None:
        return
    known = {r.key: r for r in cited.references}
    found: list[tuple[Token, int]] = []  # each citation, with its line in the body
    for token in state.tokens:
        if token.type == "inline" and token.children:
            line = token.map[0] + 1 if token.map else 1
            found += [(c, line) for c in token.children if c.type == "citation"]
    if not found:
        return
    warnings: list[tuple[int, str]] = state.env.setdefault("citation_warnings", [])
    used: dict[str, Reference] = {}
    for token, line in found:
        items: list[Item] = token.meta["items"]
        unknown = [key for _, _, key, _ in items if key not in known]
        if unknown:
            where = " or ".join(cited.files)
            warnings += [(line, f'unknown citation "@{key}" (not in {where})') for key in unknown]
            token.type = "text"  # shown as written
            continue
        used.update((key, known[key]) for _, _, key, _ in items)
    if not used:
        return
    numeric: bool = state.env.get("numeric", False)
    if numeric:  # numbered in the order of first citation
        references = list(used.values())
        labels = {r.key: ("", str(n)) for n, r in enumerate(references, 1)}
    else:
        references = sorted(used.values(), key=Reference.sort_key)
        labels = _labels(references)
    times: dict[str, int] = {}  # how often each key is cited so far: the citations' ids
    for token, _ in found:
        if token.type != "citation":
            continue
        parts, ids = [], []
        for prefix, year_only, key, suffix in token.meta["items"]:
            times[key] = times.get(key, 0) + 1
            ids.append(f"cite-{key}-{times[key]}")
            parts.append(_spaced(prefix) + _label(labels[key], year_only) + _after(suffix))
        opening, closing = _BRACKETS[numeric]
        if token.meta.get("textual"):  # excerpts read it
            token.content = "; ".join(
                _textual(labels[key], numeric) for _, _, key, _ in token.meta["items"]
            )
        else:
            token.content = opening + _SEPARATORS[numeric].join(parts) + closing
        token.meta["ids"] = ids
    state.env["citation_labels"] = labels
    lists = Token("references", "", 0)
    lists.meta = {"references": references, "times": times, "id": _free_id(state.tokens),
                  "numeric": numeric}  # fmt: skip
    # where a MyST `{bibliography}` asks for it, else at the end, before the footnotes
    asked = next((i for i, t in enumerate(state.tokens) if t.type == "myst_bibliography"
                  and t.map is not None), None)  # fmt: skip
    tail = next((i for i, t in enumerate(state.tokens) if t.type == "footnote_block_open"), None)
    if asked is not None:
        state.tokens[asked] = lists
    else:
        state.tokens.insert(len(state.tokens) if tail is None else tail, lists)


_BRACKETS = {False: ("(", ")"), True: ("[", "]")}
_SEPARATORS = {False: "; ", True: ", "}  # (Li, 2024; Wu, 2025) but [1, 2]


def _textual(label: tuple[str, str], numeric: bool) -> str:
    """ "Vaswani et al. (2017)", as MyST's {cite:t} names a work in the sentence (a
    numbered list's labels have no names: "[1]")."""
    opening, closing = _BRACKETS[numeric]
    names, year = label
    return f"{names} {opening}{year}{closing}" if names else f"{opening}{year}{closing}"


def _label(label: tuple[str, str], year_only: bool) -> str:
    """ "Vaswani et al., 2017", or the year alone; a number (numeric) is the same either way."""
    names, year = label
    return year if year_only or not names else f"{names}, {year}"


def _labels(references: Sequence[Reference]) -> dict[str, tuple[str, str]]:
    """key → (names, year) as citations show them; two "Smith, 2020" become 2020a, 2020b
    (in the order of the list)."""

    def shown(reference: Reference) -> tuple[str, str]:
        return _names(reference), reference.year or "n.d."

    labels: dict[str, tuple[str, str]] = {}
    for (names, year), same in groupby(sorted(references, key=shown), key=shown):
        group = sorted(same, key=Reference.sort_key)
        for index, reference in enumerate(group):
            suffix = chr(ord("a") + index) if len(group) > 1 and index < 26 else ""
            labels[reference.key] = (names, year + suffix)
    return labels


def _names(reference: Reference) -> str:
    """ "Vaswani et al." or "Li & Wu"; CJK names as GB/T 7714 writes them, "张三等" and
    "张三和李四": the names' script decides, not the site's language, so a Latin name keeps
    "et al." on a Chinese site and a Chinese one reads right on an English site."""
    surnames = reference.surnames
    if not surnames:
        return reference.title or reference.key
    if len(surnames) > 2 or reference.et_al:
        return surnames[0] + ("等" if _cjk(surnames[0]) else " et al.")
    return ("和" if all(_cjk(s) for s in surnames) else " & ").join(surnames)


def _cjk(name: str) -> bool:
    return CJK_CHAR.search(name) is not None


def _spaced(prefix: str) -> str:
    prefix = _SPACES.sub(" ", prefix).strip()
    return prefix + " " if prefix else ""


def _after(suffix: str) -> str:
    suffix = _SPACES.sub(" ", suffix).strip()
    if not suffix:
        return ""
    return suffix if suffix[0] in ",.:;，" else " " + suffix


def _free_id(tokens: Sequence[Token]) -> str:
    """ "references", unless a heading of the post has that id already."""
    taken = {str(t.attrGet("id")) for t in tokens if t.type == "heading_open"}
    candidate, count = "references", 0
    while candidate in taken:
        count += 1
        candidate = f"references-{count}"
    return candidate


def _render_citation(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    labels: dict[str, tuple[str, str]] = env["citation_labels"]
    numeric = bool(env.get("numeric"))
    parts = []
    opening, closing = _BRACKETS[numeric]
    textual = bool(token.meta.get("textual"))
    for (prefix, year_only, key, suffix), id_ in zip(token.meta["items"], token.meta["ids"],
                                                     strict=True):  # fmt: skip
        label = _label(labels[key], year_only or textual)
        link = (f'<a href="#ref-{escape(key)}" id="{escape(id_)}" role="doc-biblioref">'
                f"{escape(label)}</a>")  # fmt: skip
        if textual:  # MyST's {cite:t}: Vaswani et al. (2017)
            names = labels[key][0]
            parts.append(f"{escape(names)} " * bool(names) + f"{opening}{link}{closing}")
        else:
            parts.append(escape(_spaced(prefix)) + link + escape(_after(suffix)))
    if textual:
        return f'<span class="citation">{"; ".join(parts)}</span>'
    return f'<span class="citation">{opening}{_SEPARATORS[numeric].join(parts)}{closing}</span>'


def _render_references(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    meta: dict[str, Any] = tokens[idx].meta
    heading, lang = said(env, "references")
    labels = env["citation_labels"]
    numeric = meta["numeric"]
    items = "".join(
        _entry(r, labels[r.key][1], meta["times"][r.key], numeric) for r in meta["references"]
    )
    tag = "ol" if numeric else "ul"
    return (
        '<section class="references" role="doc-bibliography">\n'
        f'<h2 id="{meta["id"]}"{lang}>{heading}</h2>\n'
        f'<{tag} class="references-list">\n{items}</{tag}>\n</section>\n'
    )


def _entry(reference: Reference, label: str, times: int, numeric: bool) -> str:
    """Authors (year). Title. Venue. — the title linked to the doi, url or arXiv page;
    `label`: the year as its citations show it (2020a), or its number, shown before it."""
    key = escape(reference.key)
    year = escape(reference.year or "n.d.") if numeric else escape(label)
    number = f"[{escape(label)}] " if numeric else ""
    people = ", ".join(reference.names)
    if reference.et_al:  # GB/T 7714's list says "张三, 李四, 等"
        people += ", 等" if reference.names and _cjk(reference.names[-1]) else " et al."
    title = escape(reference.title or reference.key)
    if reference.link:
        title = f'<a href="{escape(reference.link)}">{title}</a>'
    stop = "" if reference.title[-1:] in (".", "?", "!") else "."
    parts = [number + (f"{escape(people)} ({year}). {title}{stop}" if people
                       else f"{title}{stop} ({year}).")]  # fmt: skip
    if reference.venue:
        parts.append(f" <em>{escape(reference.venue)}</em>.")
    back = "".join(
        f' <a href="#cite-{key}-{n}" class="footnote-backref">\u21a9\ufe0e</a>'
        for n in range(1, times + 1)
    )
    return f'<li id="ref-{key}">{"".join(parts)}{back}</li>\n'
