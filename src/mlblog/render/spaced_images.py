"""`![截屏 1](images/loss curve.png)`: an image whose path holds spaces, as Typora writes it
(on a Mac, every pasted image: `/Users/me/Library/Application Support/typora-user-images/`)
and shows it. CommonMark ends a link's address at its first space, so the page showed
the whole `![…](…)` as text. Taken only where CommonMark's own image rule found nothing,
and only for a path that ends in an image's suffix, with an optional `"title"`.

Links are read the same way, `[读书笔记](reading notes.md)` or `[slides](talk slides.pdf)`,
for a path that ends in a note's or a linked file's suffix: the build then finds the file,
or says it is missing, as it does for any link. So are links to a heading by its text, as
Obsidian and Typora write them: `[x](reading notes.md#Some Heading)`, `[x](#Some Heading)`.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from mlblog.render.wiki_refs import IMAGE_SUFFIXES, LINKED_FILE_SUFFIXES

_SUFFIX = "|".join(re.escape(s) for s in IMAGE_SUFFIXES)
_LINKED = (".md", ".markdown", ".ipynb", ".qmd", ".rmd", *LINKED_FILE_SUFFIXES)
_LINK_SUFFIX = "|".join(re.escape(s) for s in _LINKED)
_SPACED = re.compile(
    rf"""!\[(?P<alt>[^\[\]\n]*)\]\(\s*
    (?P<path>[^()\s][^()\n]*?(?:{_SUFFIX}))
    (?:\s+"(?P<title>[^"\n]*)")?\s*\)""",
    re.IGNORECASE | re.VERBOSE,
)


# A relative path only (no scheme): `[a](https://x.org/a b.pdf)` is no file of the site. A
# heading named by its text may follow, `[x](my notes.md#Some Heading)`, or be the whole link;
# it holds no `#`, so each place a path could end is read to the next `#` at most (linear).
_SPACED_LINK = re.compile(
    rf"""\[(?P<text>[^\[\]\n]+)\]\(\s*
    (?P<path>(?:(?![a-z][a-z0-9+.-]*:)[^()\s<\#][^()\n]*?(?:{_LINK_SUFFIX}))?
    (?:\#[^()"\n\#]*?)?)
    (?:\s+"(?P<title>[^"\n]*)")?\s*\)""",
    re.IGNORECASE | re.VERBOSE,
)


def spaced_image_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.after("image", "image_spaced", _spaced_image)
    md.inline.ruler.after("link", "link_spaced", _spaced_link)


def _spaced_image(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("![", state.pos):
        return False
    match = _SPACED.match(state.src, state.pos, state.posMax)
    if match is None or " " not in match["path"]:
        return False
    if not silent:
        alt: list[Token] = []
        state.md.inline.parse(match["alt"], state.md, state.env, alt)
        token = state.push("image", "img", 0)
        token.attrs = {"src": state.md.normalizeLink(match["path"]), "alt": ""}
        token.children = alt or None
        token.content = match["alt"]
        if match["title"]:
            token.attrSet("title", match["title"])
    state.pos = match.end()
    return True


def _spaced_link(state: StateInline, silent: bool) -> bool:
    """`[text](my notes.md)`, its text parsed as a link's is (emphasis, code, formulas)."""
    if state.src[state.pos] != "[" or state.linkLevel > 0:
        return False
    match = _SPACED_LINK.match(state.src, state.pos, state.posMax)
    if match is None or " " not in match["path"]:
        return False
    if not silent:
        end = state.posMax
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": state.md.normalizeLink(match["path"])}
        if match["title"]:
            token.attrSet("title", match["title"])
        state.pos, state.posMax = match.start("text"), match.end("text")
        state.linkLevel += 1
        state.md.inline.tokenize(state)
        state.linkLevel -= 1
        state.posMax = end
        state.push("link_close", "a", -1)
    state.pos = match.end()
    return True
