"""What an Obsidian note's text holds besides Markdown: inline #tags, links by alias, and
what only Obsidian can show (embedded notes, Dataview queries, Excalidraw drawings,
`%% comments %%`).

Code and math are masked first: `#include` in C and `\\#` in TeX are no tags.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from mlblog.importers import emit
from mlblog.importers.assets import FILE_SUFFIXES, IMAGE_SUFFIXES
from mlblog.importers.convert import Leftover
from mlblog.importers.mask import code_spans, fenced_code, mask, math_spans

# A tag: `#` after a space or at a line's start (so `page#anchor`, `[[Note#Heading]]` and
# `&#123;` are none, and `# Title` is a heading), then letters, digits, `_`, `-` and `/`
# (nested: `#ml/transformers`), at least one of them no digit (`#1` is no tag).
_TAG = re.compile(r"(?:(?<=\s)|^)#(?P<tag>[\w/-]+)", re.MULTILINE)
_LETTER = re.compile(r"[^\W\d]")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_COMMENT = re.compile(r"%%.*?%%", re.DOTALL)
_WIKI = re.compile(
    r"(?P<bang>!?)\[\[(?P<target>[^\[\]|#^\n\x00]*)(?P<section>[#^][^\[\]|\n\x00]*)?"
    r"(?:\|(?P<text>[^\[\]\n\x00]*))?\]\]"
)
# A block's id at the end of its line (`… ^summary-1`), which Obsidian does not show.
_BLOCK_ID = re.compile(r"(?:^|[ \t]+)\^[A-Za-z0-9-]+[ \t]*$", re.MULTILINE)
# A Markdown link (not an image), as Obsidian writes one to a note with "Use [[Wikilinks]]" off.
_MD_LINK = re.compile(
    r"(?<!!)\[(?P<text>(?:\\.|[^\]\\\x00\n])*)\]"
    r"\((?:<(?P<angled>[^>\n\x00]*)>|(?P<bare>[^\s)\x00]+))\)"
)
_MEDIA = IMAGE_SUFFIXES | FILE_SUFFIXES | {".m4a", ".wav", ".ogg", ".flac", ".mov", ".mkv"}
_DRAWINGS = (".excalidraw", ".excalidraw.md", ".canvas")
# Code blocks that a plugin runs in Obsidian: their source is all mlblog can show.
_PLUGIN_BLOCKS = {
    "dataview": "Dataview", "dataviewjs": "Dataview", "tasks": "Tasks", "query": "search",
    "tracker": "Tracker", "chart": "Charts", "excalidraw": "Excalidraw", "kanban": "Kanban",
    "button": "Buttons", "meta-bind": "Meta Bind", "contributiongraph": "Contribution Graph",
}  # fmt: skip


def masked_text(body: str) -> str:
    """The body with code, math and comments masked (NUL, newlines kept)."""
    protected = fenced_code(body)
    masked = mask(body, protected)
    protected += code_spans(masked)
    masked = mask(body, protected)
    protected += math_spans(masked)
    masked = mask(body, protected)
    protected += [m.span() for m in _HTML_COMMENT.finditer(masked)]
    protected += [m.span() for m in _COMMENT.finditer(mask(body, protected))]
    return mask(body, protected)


def inline_tags(body: str) -> list[str]:
    """The #tags written in the text, in order, each once, without `#`."""
    masked = masked_text(body)
    found: dict[str, None] = {}
    for match in _TAG.finditer(masked):
        tag = match["tag"].strip("/")
        if _LETTER.search(tag):
            found.setdefault(tag, None)
    return list(found)


def front_matter_tags(value: object) -> list[str]:
    """`tags:` as Obsidian reads it: a list, or one string of names split by commas or
    spaces (a tag has no space), each with or without its `#`."""
    if isinstance(value, list | tuple):
        return list(dict.fromkeys(tag for item in value for tag in front_matter_tags(item)))
    tags: list[str] = []
    if value is not None:
        for word in re.split(r"[\s,，]+", str(value)):
            word = word.strip().lstrip("#").strip("/")
            if word:
                tags.append(word)
    return tags


def folded(name: str) -> str:
    """A note name as Obsidian matches it: case aside, composed."""
    return unicodedata.normalize("NFC", name).strip().lower()


def link_aliases(body: str, aliases: Mapping[str, str], names: set[str]) -> str:
    """`[[Alias]]` → `[[Note Name|Alias]]`: Obsidian finds a note by an alias its front
    matter lists, mlblog only by its file name. Lines stay as they were (reports cite them)."""
    if not aliases:
        return body
    masked = masked_text(body)
    edits: list[tuple[int, int, str]] = []
    for match in _WIKI.finditer(masked):
        target = folded(match["target"])
        note = aliases.get(target)
        if note is None or target in names or match["bang"]:
            continue
        section = match["section"] or ""
        text = match["text"] if match["text"] is not None else match["target"]
        edits.append((match.start(), match.end(), f"[[{note}{section}|{text}]]"))
    for start, end, replacement in reversed(edits):
        body = body[:start] + replacement + body[end:]
    return body


def markdown_note_links(body: str, note: Callable[[str], str | None]) -> str:
    """`[text](Other%20Note.md#Part)` → `[[ML/Other Note#Part|text]]`: the imported note is
    `ML/Other Note/index.md`, where a relative path from another note's folder no longer
    leads, while its name still finds it. `note`: a linked path → the imported note's
    folder under the posts, None when it names none."""
    masked = masked_text(body)
    edits: list[tuple[int, int, str]] = []
    for match in _MD_LINK.finditer(masked):
        parts = urlsplit(match["angled"] if match["angled"] is not None else match["bare"])
        path = unquote(parts.path)
        if parts.scheme or parts.netloc or not path.lower().endswith(".md"):
            continue
        folder = note(path)
        text = match["text"]
        if folder is None or "|" in text:
            continue
        section = "#" + unquote(parts.fragment) if parts.fragment else ""
        edits.append((match.start(), match.end(), f"[[{folder}{section}|{text}]]"))
    for start, end, replacement in reversed(edits):
        body = body[:start] + replacement + body[end:]
    return body


def note_links(body: str) -> Iterator[tuple[int, str]]:
    """(offset, target) of each wiki link or embed that names a note, not a file."""
    for match in _WIKI.finditer(masked_text(body)):
        target = match["target"].strip()
        drawing = target.lower().endswith(_DRAWINGS)
        if target and not drawing and PurePosixPath(target).suffix.lower() not in _MEDIA:
            yield match.start(), target


def unsupported(body: str, masked: str) -> list[Leftover]:
    """What Obsidian shows and mlblog cannot, each reported; the dialect's hook (convert)."""
    found: list[Leftover] = []
    comments = [match.span() for match in _COMMENT.finditer(masked)]
    for start, end in comments:
        flat = " ".join(body[start:end].split())
        snippet = flat if len(flat) <= 40 else flat[:37] + "...%%"
        message = f"comment {snippet} left out: Obsidian shows it to no reader either"
        found.append((start, end, "", message))
    masked = mask(masked, comments)
    for match in _WIKI.finditer(masked):
        found.extend(_wiki(match, body))
    for match in _BLOCK_ID.finditer(masked):  # Obsidian hides them; a link to one is
        found.append((*match.span(), "", ""))  # made a link to the note, below
    for start, end in fenced_code(body):
        info = body[start:end].split("\n", 1)[0].strip().lstrip("`~").strip()
        lang = info.split(maxsplit=1)[0].lower() if info else ""
        plugin = _PLUGIN_BLOCKS.get(lang) or ("Admonition" if lang.startswith("ad-") else None)
        if plugin is not None:
            message = f"```{lang} block kept as code: the {plugin} plugin runs it in Obsidian"
            found.append((start, end, None, message))
    unfenced = mask(body, fenced_code(body))
    for start, end in code_spans(unfenced):
        inner = body[start:end].strip("`").strip()
        if inner.startswith(("= ", "$= ")):
            snippet = inner if len(inner) <= 40 else inner[:37] + "..."
            message = f"inline Dataview query `{snippet}` kept as code text"
            found.append((start, end, None, message))
    return found


def _wiki(match: re.Match[str], body: str) -> list[Leftover]:
    """An embedded note becomes a link to it; a link to a block, a link to its note."""
    target = match["target"].strip()
    written = body[match.start() : match.end()]
    section = match["section"] or ""
    if match["bang"] and target.lower().endswith(_DRAWINGS):
        message = (f"drawing {written} kept as code text: mlblog cannot draw it; export "
                   "it from Obsidian as SVG or PNG and embed that")  # fmt: skip
        return [(match.start(), match.end(), emit.code_span(written), message)]
    if target and PurePosixPath(target).suffix.lower() in _MEDIA:
        return []  # a file: copied beside the post (assets)
    what = "embedded" if match["bang"] else "link to"
    if section.startswith("#^"):
        text = match["text"] if match["text"] is not None else target
        if not target:
            replacement = text or emit.code_span(written)
            message = (
                f"{what} block {section[1:]} of this note kept as its text: mlblog has no block ids"
            )
            return [(match.start(), match.end(), replacement, message)]
        replacement = f"[[{target}|{text}]]"
        message = (f"{what} block {section[1:]} of {target} made a link to the note: mlblog "
                   "has no block ids")  # fmt: skip
        return [(match.start(), match.end(), replacement, message)]
    if match["bang"] and target:
        message = f"embedded note {written} made a link to it: mlblog does not embed notes"
        return [(match.start(), match.start() + 1, "", message)]  # the `!` goes
    return []
