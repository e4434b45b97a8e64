"""A post's body in another generator's dialect → mlblog Markdown, with what was left.

Code and math are found first and never touched. Every change is an edit of the
original text, so each position in the result can be traced back to its source line
for reports. Each generator describes its dialect (`Dialect`); this module does the rest:
code-block tags become fences, callout tags admonitions, the rest the dialect's
`inline` decides, and kramdown attribute lines are dropped.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from mlblog.importers import emit
from mlblog.importers.mask import (
    Range,
    code_spans,
    fenced_code,
    line_end,
    line_start,
    mask,
    math_spans,
)
from mlblog.importers.prompts import callout_marker, ends_quote
from mlblog.importers.quotes import quote_edits
from mlblog.importers.tags import Tag, TagKind, find_tags
from mlblog.importers.verbatim import verbatim_blocks
from mlblog.render.code_attrs import code_title, with_title

_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(?P<body>.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_BRACES = re.compile(r"\{(?=[{%:])")  # the first brace of `{{ x }}`, `{% x %}`, `{: x}`
_HUGO_ESCAPE = re.compile(r"\{\{(?P<open>[<%])/\*(?P<body>.*?)\*/(?P<close>[>%])\}\}", re.DOTALL)
# kramdown's attribute lists (`{: .note}`, `{:toc}`) and its `{::options … /}` lines.
_IAL = re.compile(r"[ \t]*\{:(?!:)[ \t]*[.#\w][^}\n\x00]*\}")
_KRAMDOWN_OPTIONS = re.compile(r"\{::options\b[^}\n\x00]*\}")
_KRAMDOWN_EXTENSION = re.compile(r"\{::\w+[^}\n\x00]*\}|\{:/\w*\}")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[*+-]|\d+\.)[ \t]+\S.*$")


class PostLinks(Protocol):
    def link(self, name: str) -> tuple[str, str] | None:
        """(relative path to the imported post's index.md, its title), or None."""


@dataclass(frozen=True, slots=True)
class Unconverted:
    """An inline handler's answer when it knows the tag but cannot convert this use."""

    reason: str


@dataclass(frozen=True, slots=True)
class PostAddress:
    """An inline handler's answer that is an imported post's address (Hugo's `ref`,
    Jekyll's `post_url`, Hexo's `post_path`). Inside a link's destination it stays the
    address; elsewhere the other generator printed the URL as text, and a bare .md path
    would show as such, so it becomes a link titled with the post."""

    target: str
    title: str


# A construct the dialect reports: (start, end, what replaces it or None to keep it, message
# or "" to say nothing).
Leftover = tuple[int, int, "str | None", str]

Inline = Callable[[Tag, PostLinks], "str | PostAddress | Unconverted | None"]
# The line up to a tag inside a link's destination: after `](`, a reference definition's
# `]:`, or an HTML href= or src=, maybe behind a `<` or quote and the start of the address
# (`[x]({{ site.baseurl }}{% post_url x %})`).
_TAGS = r"\{\{[^}\n]*\}\}|\{%[^%\n]*%\}"
_DESTINATION_BEFORE = re.compile(
    rf"(?:\]\(\s*<?(?:{_TAGS}|[^\s()<>])*|^[ \t]{{0,3}}\[[^\]\n]+\]:[ \t]*<?(?:{_TAGS}|\S)*"
    rf"|\b(?:href|src)=[\"']?(?:{_TAGS}|[^\s\"'<>])*)\Z",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class Dialect:
    """What one generator's posts may contain, and how each construct converts."""

    labels: Mapping[TagKind, str]  # how reports name each kind of tag
    kinds: frozenset[TagKind]  # the tag syntaxes this generator evaluates
    code_blocks: Mapping[str, str]  # opener name → closer name; the content is code
    containers: Mapping[str, str]  # opener name → closer name; these become admonitions
    code_lang: Callable[[Tag], str]
    admonition: Callable[[Tag], tuple[str, str]]  # (mlblog kind, title)
    inline: Inline  # a single tag → replacement; None when it has no mlblog equivalent
    # opener name → closer name whose content becomes a `>` quote, and the quote's
    # attribution line from the opener ("" for none)
    quotes: Mapping[str, str] = field(default_factory=dict)
    attribution: Callable[[Tag], str] = lambda tag: ""
    raw_blocks: bool = False  # `{% raw %}…{% endraw %}` keeps its content literal
    hugo_escapes: bool = False  # `{{</* x */>}}` is the literal text `{{< x >}}`
    # False where the text was never run through a template engine (an Obsidian vault):
    # `{{ x }}` and `{: x}` there are the author's text, left alone.
    template_tags: bool = True
    # (body, body with code and math masked) → what the generator shows that mlblog cannot
    # (Obsidian's embedded notes, Dataview blocks), each reported and maybe replaced
    unsupported: Callable[[str, str], list[Leftover]] | None = None


@dataclass(frozen=True, slots=True)
class Converted:
    text: str
    leftovers: tuple[tuple[int, str], ...]  # (source line, message)
    _anchors: tuple[tuple[int, int, bool], ...] = field(repr=False)  # (out, source, same)
    _line_starts: tuple[int, ...] = field(repr=False)  # body offsets of line starts
    _first_line: int = field(repr=False)

    def source_line(self, position: int) -> int:
        """The source file's line of a position in the converted text."""
        index = bisect.bisect_right(self._anchors, position, key=lambda anchor: anchor[0])
        out, source, same = self._anchors[max(index - 1, 0)]
        offset = source + (position - out) if same else source
        return self._first_line + bisect.bisect_right(self._line_starts, offset) - 1


@dataclass(slots=True)
class _Work:
    body: str
    protected: list[Range] = field(default_factory=list)
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    leftovers: list[tuple[int, str]] = field(default_factory=list)  # (offset, message)

    def masked(self) -> str:
        return mask(self.body, self.protected)

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _ in self.edits)


def convert(body: str, body_line: int, dialect: Dialect, links: PostLinks) -> Converted:
    work = _Work(body)
    _escapes(work, dialect)
    work.protected.extend(fenced_code(body))
    _code_blocks(work, dialect)
    masked = work.masked()
    work.protected.extend(code_spans(masked))
    work.protected.extend(math_spans(work.masked()))
    masked = work.masked()
    if dialect.template_tags:
        _tags(work, masked, dialect, links)
        _kramdown(work, masked)
    if dialect.unsupported is not None:
        for start, end, replacement, message in dialect.unsupported(body, masked):
            if replacement is not None and work.free(start, end):
                work.edits.append((start, end, replacement))
            if message:  # (none: a mark the generator hides, dropped as kramdown's are)
                work.leftovers.append((start, message))
    return _apply(work, body_line)


def _escapes(work: _Work, dialect: Dialect) -> None:
    """Constructs that mean "this text literally": their content is never converted."""
    if not dialect.raw_blocks and not dialect.hugo_escapes:
        return
    # In prose the braces stay text in mlblog only escaped (`\{{ x }}`, which the build
    # shows as `{{ x }}` without a warning); in code and math a backslash would show.
    code = fenced_code(work.body)
    code += code_spans(mask(work.body, code))
    literal = code + math_spans(mask(work.body, code))
    raws = list(_RAW.finditer(work.body)) if dialect.raw_blocks else []
    if raws:  # indented code and HTML blocks too, which only a parser can tell from prose
        tags = [(m.start(), m.start("body")) for m in raws]
        tags += [(m.end("body"), m.end()) for m in raws]
        literal += verbatim_blocks(work.body, tags)

    def prose(text: str, start: int) -> str:
        return _BRACES.sub(
            lambda m: m[0] if any(s <= start + m.start() < e for s, e in literal) else "\\{",
            text,
        )

    if dialect.raw_blocks:
        for match in raws:
            work.edits.append(
                (match.start(), match.end(), prose(match["body"], match.start("body")))
            )
            work.protected.append(match.span())
    if dialect.hugo_escapes:
        for match in _HUGO_ESCAPE.finditer(work.body):
            if work.free(*match.span()):
                shown = prose(_literal(match[0], dialect), match.start())
                work.edits.append((match.start(), match.end(), shown))
                work.protected.append(match.span())


def _code_blocks(work: _Work, dialect: Dialect) -> None:
    """`{% highlight py %}…{% endhighlight %}` and the like → fenced code.

    Only an opener at the start of its line counts: one in running text is most
    likely quoted in inline code, which is not masked yet (code may hold backticks).
    """
    masked = work.masked()
    tags = [t for t in find_tags(masked) if t.kind in dialect.kinds]
    position = 0
    for index, tag in enumerate(tags):
        closer = dialect.code_blocks.get(tag.name)
        if closer is None or tag.start < position:
            continue
        if masked[line_start(masked, tag.start) : tag.start].strip():
            continue
        close = next((t for t in tags[index + 1 :] if t.name == closer), None)
        if close is None:
            continue
        body = work.body
        code = _literal(body[tag.end : close.start], dialect).removeprefix("\n")
        last_line = line_start(code, len(code))
        if not code[last_line:].strip():
            code = code[:last_line]  # the closer's own indentation
        indent = body[line_start(body, tag.start) : tag.start]
        after = "\n" if body[close.end : line_end(body, close.end)].strip() else ""
        block = emit.fence(dialect.code_lang(tag), code, indent) + after
        # Escapes inside were already recorded as edits; this one edit now covers them.
        work.edits = [e for e in work.edits if not tag.start <= e[0] < close.end]
        work.edits.append((tag.start, close.end, block))
        work.protected.append((tag.start, close.end))
        position = close.end


def _literal(text: str, dialect: Dialect) -> str:
    """Text with its escapes undone: `{% raw %}` tags dropped, `{{</* x */>}}` → `{{< x >}}`."""
    if dialect.raw_blocks:
        text = _RAW.sub(lambda match: match["body"], text)
    if dialect.hugo_escapes:
        text = _HUGO_ESCAPE.sub(
            lambda match: "{{" + match["open"] + match["body"] + match["close"] + "}}", text
        )
    return text


def _tags(work: _Work, masked: str, dialect: Dialect, links: PostLinks) -> None:
    paired = {**dialect.containers, **dialect.quotes}  # opener → closer
    closers = set(paired.values())
    code_tags = set(dialect.code_blocks) | set(dialect.code_blocks.values())
    stack: list[tuple[Tag, int]] = []  # open containers: (opener, height of its subtree)
    pairs: list[tuple[Tag, Tag, int]] = []

    def leftover(tag: Tag, reason: str = "no mlblog equivalent") -> None:
        # Kept visible, as code text, so the page shows where something is missing while
        # builds stay quiet: the import report is the one list of what to fix by hand.
        label = dialect.labels.get(tag.kind, "tag")
        work.edits.append((tag.start, tag.end, emit.code_span(work.body[tag.start : tag.end])))
        work.leftovers.append((tag.start, f"{label} {tag.snippet()} kept as code text: {reason}"))

    for tag in find_tags(masked):
        if tag.kind not in dialect.kinds:
            leftover(tag)
        elif tag.name in paired:
            stack.append((tag, 0))
        elif tag.name in closers:
            if stack and paired[stack[-1][0].name] == tag.name:
                opener, height = stack.pop()
                pairs.append((opener, tag, height + 1))
                if stack:
                    stack[-1] = (stack[-1][0], max(stack[-1][1], height + 1))
            else:
                leftover(tag, "it closes nothing")
        elif tag.name in code_tags:
            leftover(tag, "its opening or closing tag is missing or not on a line of its own")
        else:
            result = dialect.inline(tag, links)
            if isinstance(result, PostAddress):
                before = work.body[line_start(work.body, tag.start) : tag.start]
                in_destination = _DESTINATION_BEFORE.search(before) is not None
                result = result.target if in_destination else emit.link(result.target, result.title)
            if isinstance(result, str):
                work.edits.append((tag.start, tag.end, result))
            else:
                leftover(tag, result.reason if result else "no mlblog equivalent")
    for opener, _ in stack:
        leftover(opener, "it is never closed")
    for opener, closer, height in pairs:
        if opener.name in dialect.quotes:
            continue
        kind, title = dialect.admonition(opener)
        colons = 2 + height  # an outer box needs a longer fence than the boxes inside it
        work.edits.append(
            _on_own_line(work.body, opener, emit.admonition_open(kind, title, colons))
        )
        work.edits.append(_on_own_line(work.body, closer, ":" * colons))
    for opener, closer, _ in pairs:  # inner first: an outer quote quotes the inner one
        if opener.name in dialect.quotes:
            attribution = dialect.attribution(opener)
            if not quote_edits(work.body, opener, closer, attribution, work.edits):
                reason = "its tags are not each on a line of their own"
                leftover(opener, reason)
                leftover(closer, reason)


def _on_own_line(body: str, tag: Tag, text: str) -> tuple[int, int, str]:
    """A container line must start its line and end it; text around the tag moves aside."""
    before = "\n" if body[line_start(body, tag.start) : tag.start].strip() else ""
    after = "\n" if body[tag.end : line_end(body, tag.end)].strip() else ""
    return tag.start, tag.end, before + text + after


_IMAGE_BEFORE = re.compile(r"!\[(?:\\.|[^\]\\\n])*\]\([^)\n]*\)\Z")
_SCHEME = re.compile(r"\.(?:light|dark)(?![\w-])")
_SIZE_ITEM = re.compile(r"""\b(width|height|w|h)=(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'{}]+))""")


def _image_size(masked: str, start: int, end: int) -> str:
    """What stays of an attribute list right after an image: its size (Chirpy writes
    `{: w="700" h="400" }`), as the `{ width="700" height="400" }` the build sizes it by,
    and Chirpy's `.light`/`.dark`, which the theme shows in that colour scheme only."""
    if not _IMAGE_BEFORE.search(masked, line_start(masked, start), start):
        return ""
    size = {m[1][0]: next(g for g in m.groups()[1:] if g is not None)
            for m in _SIZE_ITEM.finditer(masked, start, end)}  # fmt: skip
    items = [f'{name}="{size[name[0]]}"' for name in ("width", "height") if name[0] in size]
    items += _SCHEME.findall(masked, start, end)[:1]
    return f"{{ {' '.join(items)} }}" if items else ""


_FENCE_LINE = re.compile(r"(?P<fence>[ \t>]*(?:`{3,}|~{3,}))(?P<info>.*)")


def _code_title(body: str, first: int, last: int) -> tuple[int, int, str] | None:
    """Chirpy's `{: file="train.py" }` on the line `first:last`, under a fence: the edit
    that makes the file the fence's title, as the build reads it (render.code_attrs)."""
    title = code_title(body[first:last])
    fence = next((s for s, e in fenced_code(body) if e == first - 1), None) if title else None
    if fence is None or not title:
        return None
    opening = _FENCE_LINE.fullmatch(body, fence, line_end(body, fence))
    if opening is None or "title=" in opening["info"]:
        return None
    return opening.start("info"), opening.end("info"), with_title(opening["info"], title)


def _kramdown(work: _Work, masked: str) -> None:
    """Attribute lists style the HTML kramdown makes; mlblog has no use for them."""
    for match in [*_IAL.finditer(masked), *_KRAMDOWN_OPTIONS.finditer(masked)]:
        start, end = match.span()
        first, last = line_start(masked, start), line_end(masked, end)
        marker = None
        if ends_quote(masked, start, end) and (marker := callout_marker(masked, start, end)):
            start, end = first, min(last + 1, len(masked))  # `> {: .prompt-tip }`: the line goes
        elif not (masked[first:start] + masked[end:last]).strip():
            marker = callout_marker(masked, start, end)  # Chirpy's `{: .prompt-tip }`
            start, end = first, min(last + 1, len(masked))  # alone on its line: the line goes
            if re.fullmatch(r"\s*\{:\s*toc\s*\}\s*", masked[first:last]) and first:
                previous = line_start(masked, first - 1)  # `* TOC` marks where it went
                if _LIST_ITEM.match(masked[previous : first - 1]):
                    start = previous
        if work.free(start, end):
            work.edits.append((start, end, _image_size(masked, start, end)))
            if marker and work.free(marker[0], marker[0]):
                work.edits.append((marker[0], marker[0], marker[1]))
            elif (titled := _code_title(work.body, first, last)) and work.free(*titled[:2]):
                work.edits.append(titled)
    for match in _KRAMDOWN_EXTENSION.finditer(masked):
        if work.free(*match.span()) and not _KRAMDOWN_OPTIONS.match(match[0]):
            snippet = match[0] if len(match[0]) <= 60 else match[0][:57] + "..."
            work.edits.append((*match.span(), emit.code_span(match[0])))
            work.leftovers.append(
                (match.start(), f"kramdown extension {snippet} kept as code text: "
                 "no mlblog equivalent")
            )  # fmt: skip


def _apply(work: _Work, body_line: int) -> Converted:
    body = work.body
    parts: list[str] = []
    anchors: list[tuple[int, int, bool]] = []
    position = out = 0
    for start, end, replacement in sorted(work.edits):
        if start < position:  # overlapping edits are a bug in a dialect; keep the first
            continue
        anchors.append((out, position, True))
        parts.append(body[position:start])
        out += start - position
        anchors.append((out, start, False))
        parts.append(replacement)
        out += len(replacement)
        position = end
    anchors.append((out, position, True))
    parts.append(body[position:])
    line_starts = (0, *(match.end() for match in re.finditer("\n", body)))
    leftovers = sorted(
        (body_line + bisect.bisect_right(line_starts, offset) - 1, message)
        for offset, message in work.leftovers
    )
    return Converted("".join(parts), tuple(leftovers), tuple(anchors), line_starts, body_line)
