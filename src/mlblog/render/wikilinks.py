"""Wiki links as Obsidian, Logseq, Foam and Dendron write them: `[[Note]]`,
`[[Note|shown]]`, `[[Note#Heading]]`, `[[#Heading]]`, and image embeds `![[a.png]]`,
`![[a.png|300]]`, `![[a.png|alt text]]`. Notes copied from them showed the brackets.

Render stays pure: a link to another note is a link token whose target is recorded as
`[[Note#Heading|shown]]` (render.references turns it into an `mlblog-link:N` marker, like a
link to `other.md`), an embedded image an image token recorded as `![[a.png]]` and a link
to a file (`[[paper.pdf]]`) a link recorded so, both `mlblog-asset:N` markers like images
beside a post; the build finds the note or the file by name once it knows the site
(mlblog.links), and so also reads Dendron's `[[shown|Note]]` where only that order names a
note.

The rule runs before markdown-it's links; code spans and formulas are taken by their rules
before it reaches their brackets, so they keep `[[…]]` as written; in a link's text it does
nothing.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from mlblog.render.heading_anchors import WIKI_HEADING
from mlblog.render.wiki_refs import FILE_SUFFIXES, IMAGE_SUFFIXES, heading_of

_INNER = re.compile(r"\[\[([^\[\]\n]+)\]\]")
_SIZE = re.compile(r"(\d+)(?:x(\d+))?")


def wikilink_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "wikilink", _wikilink)


def _wikilink(state: StateInline, silent: bool) -> bool:
    src, start = state.src, state.pos
    embed = src.startswith("![[", start)
    # Silent: markdown-it is measuring a link's text (`[see [[Note]]](u)`), which may hold
    # no link; as brackets, the link is found and its text keeps them (a link in a link).
    if silent or state.linkLevel > 0 or not (embed or src.startswith("[[", start)):
        return False
    found = _INNER.match(src, start + embed)
    if found is None or _markdown_link(state, found.end()):
        return False
    # `\|` is how a table cell holds the bar (the table rule has taken the backslash away)
    target, bar, shown = found[1].partition("|")
    target = target.rstrip("\\").strip()
    name, _, heading = target.partition("#")
    if not name.strip() and not heading.strip():
        return False
    image = name.lower().endswith(IMAGE_SUFFIXES)
    if embed and image:
        _push_image(state, name.strip(), shown.strip() if bar else "")
    elif image or name.lower().endswith(FILE_SUFFIXES):
        _push_link(state, name.strip(), "", shown.strip(), embed, file=True)
    else:
        _push_link(state, name.strip(), heading.strip(), shown.strip(), embed)
    state.pos = found.end()
    return True


def _markdown_link(state: StateInline, after: int) -> bool:
    """`![[公式]](https://www.zhihu.com/equation?tex=…)`, as Zhihu exports every formula: a
    Markdown image whose text is `[公式]`, not an embed of a note followed by text."""
    if not state.src.startswith("(", after):
        return False
    pos = after + 1
    while pos < state.posMax and state.src[pos] in " \t\n":
        pos += 1
    return bool(state.md.helpers.parseLinkDestination(state.src, pos, state.posMax).ok)


def _push_link(
    state: StateInline, name: str, heading: str, shown: str, embed: bool, file: bool = False
) -> None:
    """A link: to a heading of this page (`[[#Heading]]`) now, else to a note (or with
    `file`, a file such as a PDF) by name."""
    token = state.push("link_open", "a", 1)
    if name:
        named = f"{name}#{heading}" if heading else name
        # the label too: in Dendron's order it is the note (the build knows which it is)
        token.meta["wiki"] = f"[[{named}|{shown}]]" if shown and not file else f"[[{named}]]"
        token.meta["embed"] = embed
        token.meta["file"] = file
        token.attrSet("href", "")
        default = f"{name} > {heading}" if heading else name  # as Obsidian shows it
    else:
        token.attrSet("href", "#" + (heading_of(heading) or heading))
        token.meta[WIKI_HEADING] = heading_of(heading)  # (a heading's own id: heading_anchors)
        default = heading
    text = state.push("text", "", 0)
    text.content = shown or default
    state.push("link_close", "a", -1)


def _push_image(state: StateInline, name: str, shown: str) -> None:
    """An image; `|300` (the width, in proportion) or `|300x200` (width and height, as
    Obsidian draws it) is its size in pixels, other words its alt text (both:
    `|Attention map|300`)."""
    token = state.push("image", "img", 0)
    words, _, last = shown.rpartition("|")
    size = _SIZE.fullmatch(last.strip())
    said = words.strip() if size else shown
    alt = said or name  # without words, Obsidian's alt is the file name
    token.attrs = {"src": name, "alt": ""}
    if size is not None:
        token.attrSet("width", size[1])
        if size[2]:
            token.attrSet("height", size[2])
            # The theme's `height: auto` (which keeps images in proportion on narrow
            # screens) overrides the height attribute; the box's own ratio keeps both.
            token.attrSet("style", f"aspect-ratio: {size[1]} / {size[2]}")
    token.meta["wiki"] = f"![[{name}]]"
    text = Token("text", "", 0, content=alt)  # the alt text, as markdown-it's image has it
    token.children = [text]
    token.content = alt
