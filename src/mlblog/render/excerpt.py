"""Plain text and the listing excerpt, walked from markdown-it tokens (never regex over HTML).

Code blocks, inline math and display math become placeholders; images vanish;
links, emphasis and inline code keep their text; ordered-list markers stay as
written and bullets go. The cut never splits a placeholder or a Latin word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown_it.token import Token

from mlblog.render.equation_refs import Equation, reference_text
from mlblog.render.math_syntax import BLOCK_MATH, is_display
from mlblog.render.outputs import output_kind
from mlblog.render.post_macros import only_defines
from mlblog.render.result import Placeholders
from mlblog.render.tex_text import tex_as_text

MORE = re.compile(r"^\s*<!--\s*more\s*-->\s*$", re.IGNORECASE)
_BR = re.compile(r"<br\b", re.IGNORECASE)
ELLIPSIS = "..."
_SPACE = re.compile(r"\s+")
# Explicit ranges (not \w): CJK ideographs, kana, hangul, CJK and full-width punctuation.
# Compared by code point: only the two characters at a cut are looked at, and a regex
# of these ranges took 4 ms to compile in every process that renders.
_CJK_RANGES = (
    (0x2E80, 0x2FFF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3100, 0x31FF), (0x3200, 0x9FFF),
    (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3134F),
)  # fmt: skip


# Punctuation that closes what comes before it, or opens what follows: no space between
# it and a placeholder.
_CLOSING = frozenset(".,;:!?)]}%，。；：！？、）】」』》〉”’…")
_OPENING = frozenset("([{（【「『《〈〔“‘")
# Full-width punctuation carries its own space: "[Math]、[Math]", "增量：[公式]".
_NO_SPACE_AFTER = _OPENING | frozenset("，。；：！？、）】」』》〉")


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    placeholder: bool = False
    tex: str = ""  # an inline formula's TeX: what a description shows for it


@dataclass(frozen=True, slots=True)
class Walk:
    pieces: tuple[Piece, ...]  # the whole document
    more_at: int | None  # index into pieces where a <!--more--> marker stood


class _TextOnly(HTMLParser):
    """The visible text of a raw HTML block (script and style dropped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


_BREAK_AFTER = frozenset(
    {"paragraph_close", "heading_close", "th_close", "td_close", "tr_close", "list_item_close",
     "blockquote_close", "callout_close", "dt_close", "dd_close", "hr",
     "tab_label_close", "theorem_title_close", "table_caption_close"}
)  # fmt: skip
# Left out of listings and search: the footnote list at the end, a notebook's Markdown
# output, a callout's title (as a `::: kind title` admonition's is: it names the box), and
# a MyST figure's caption (as a titled image's is).
_SKIP_OPEN = frozenset(
    {"footnote_block_open", "container_nb_markdown_open", "callout_title_open",
     "myst_figcaption_open"}
)  # fmt: skip
_SKIP_CLOSE = frozenset(
    {"footnote_block_close", "container_nb_markdown_close", "callout_title_close",
     "myst_figcaption_close"}
)  # fmt: skip


def walk(
    tokens: Sequence[Token], ph: Placeholders, numbers: dict[str, Equation] | None = None
) -> Walk:
    """The document's pieces; `numbers`: its labelled equations (equation_refs)."""
    pieces: list[Piece] = []
    more_at: int | None = None
    ordered: list[bool] = []
    skip_depth = 0  # inside what listings and search leave out
    for token in tokens:
        kind = token.type
        if kind in _SKIP_OPEN:
            skip_depth += 1
        elif kind in _SKIP_CLOSE:
            skip_depth -= 1
        if skip_depth:
            continue
        if kind in ("fence", "code_block"):
            if not output_kind(token):  # a notebook's outputs are not shown in listings
                pieces.append(Piece(ph.code, placeholder=True))
        elif kind in BLOCK_MATH:
            if only_defines(token.content):
                continue
            pieces.append(Piece(ph.math_block, placeholder=True))
        elif kind == "inline":
            more = _walk_inline(token.children or [], ph, pieces, numbers or {})
            if more and more_at is None:
                more_at = len(pieces)
        elif kind == "html_block":
            if MORE.match(token.content):
                more_at = len(pieces) if more_at is None else more_at
            else:
                pieces.append(Piece(html_text(token.content)))
        elif kind == "theorem_title_open":  # "Theorem 1 (Convexity)": its number and title
            pieces.append(Piece(token.meta["label"] + token.meta["sep"]))
        elif kind == "ordered_list_open":
            ordered.append(True)
        elif kind == "bullet_list_open":
            ordered.append(False)
        elif kind in ("ordered_list_close", "bullet_list_close"):
            ordered.pop()
        elif kind == "list_item_open" and ordered and ordered[-1]:
            pieces.append(Piece(f"{token.info}{token.markup} "))
        if kind in _BREAK_AFTER:
            pieces.append(Piece(" "))
    return Walk(tuple(pieces), more_at)


def _walk_inline(
    children: Sequence[Token],
    ph: Placeholders,
    pieces: list[Piece],
    numbers: dict[str, Equation],
) -> bool:
    """Append the inline pieces; True when a <!--more--> marker stood among them."""
    more = False
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline", "equation_ref", "citation"):  # "(2)", "(Li, 2024)"
            pieces.append(Piece(child.content))
        elif kind == "softbreak" and child.meta.get("joined"):
            continue  # a line break between two Chinese characters (render.cjk_breaks)
        elif kind in ("softbreak", "hardbreak") or (
            kind == "html_inline" and _BR.match(child.content)
        ):
            pieces.append(Piece(" "))
        elif kind in ("math_inline", "math_inline_double"):
            if only_defines(child.content):
                continue
            if (number := reference_text(child.content, numbers)) is not None:
                pieces.append(Piece(number))  # "(1)", as a reference in the text reads
                continue
            if is_display(children, child):
                pieces.append(Piece(ph.math_block, placeholder=True))
            else:
                pieces.append(Piece(ph.math_inline, placeholder=True, tex=child.content.strip()))
        elif kind == "html_inline" and MORE.match(child.content):
            more = True
            break
    return more


def plain_text(pieces: Iterable[Piece]) -> str:
    """The prose alone (no placeholders), whitespace collapsed: for search and reading time."""
    return _SPACE.sub(" ", " ".join(p.text for p in pieces if not p.placeholder)).strip()


def _join(pieces: Iterable[Piece], limit: int | None = None) -> tuple[str, list[tuple[int, int]]]:
    """Collapse whitespace, keeping each placeholder whole and spaced; return its spans.
    Stops after a piece of text that makes it longer than `limit` + 1 (stripped):
    cut() looks no further than that."""
    out: list[str] = []
    length = 0
    spans: list[tuple[int, int]] = []
    spaced = False  # the last piece was a placeholder, and a space follows it
    formula = False  # … and that placeholder stands for an inline formula
    last = ""  # the placeholder just shown, while nothing but space follows it
    for piece in pieces:
        if piece.placeholder:
            if piece.text.strip() and piece.text.strip() == last:
                continue  # nine code cells in a row read as one [代码]
            last = piece.text.strip()
            if length and out[-1][-1] != " " and out[-1][-1] not in _NO_SPACE_AFTER:
                out.append(" ")
                length += 1
            shown = piece.text.strip()  # a site may set it to "" (or pad it with spaces)
            if shown:
                spans.append((length, length + len(shown)))
                out.append(shown + " ")
                length += len(shown) + 1
                spaced, formula = True, bool(piece.tex)
            continue
        text = _SPACE.sub(" ", piece.text)
        if not text:
            continue
        if text.strip():
            last = ""
        touching = formula and text[0] != " "  # in the source: "$x$-axis", "the $n$th"
        if text[0] == " " and (not length or out[-1][-1] == " "):
            text = text[1:]
        if text and spaced and (text[0] in _CLOSING or (touching and _in_word(text[0]))):
            # "[Math]，其中", not "[Math] ，其中"; "[Math]-axis", not "[Math] -axis" (a minus)
            out[-1] = out[-1][:-1]
            length -= 1
        spaced = formula = False
        if text:
            out.append(text)
            length += len(text)
            if limit is not None and length > limit + 1 and len("".join(out).strip()) > limit + 1:
                break
    joined = "".join(out)
    stripped = joined.lstrip()
    shift = len(joined) - len(stripped)
    return stripped.rstrip(), [(max(s - shift, 0), e - shift) for s, e in spans]


def _in_word(ch: str) -> bool:
    """Text from `ch` on continues a word that an inline formula starts."""
    return ch == "-" or (ch.isascii() and ch.isalpha())


def _is_word_char(ch: str) -> bool:
    code = ord(ch)
    return not ch.isspace() and not any(low <= code <= high for low, high in _CJK_RANGES)


def cut(text: str, spans: Sequence[tuple[int, int]], limit: int) -> str:
    """At most `limit` code points, then `...` when anything was cut."""
    if len(text) <= limit:
        return text
    end = limit
    for start, stop in spans:
        if start < end < stop:
            end = start
    end = _cluster_start(text, end)
    if 0 < end < len(text) and _is_word_char(text[end - 1]) and _is_word_char(text[end]):
        # back to the word's start: a space, or Chinese touching it (使用PyTorch, 共1750亿)
        start = end
        while start > 0 and _is_word_char(text[start - 1]):
            start -= 1
        if start > 0:
            end = start
    if 0 < end < len(text) and text[end - 1] == text[end] and text[end] in _PAIRED:
        end -= 1  # —— and …… are one mark
    while end > 0 and text[end - 1] in _OPENING:
        end -= 1  # nothing ends on 「 or 《 whose text was cut
    return text[:end].rstrip() + ELLIPSIS


_PAIRED = "—…"


_ZWJ = "\u200d"


def _cluster_start(text: str, end: int) -> int:
    """`end`, moved back to the start of the character a reader sees there: an accent, a
    variation selector, a skin tone or a joined emoji (👨‍👩‍👧) is never cut from its base,
    nor a flag from its other half."""
    while 0 < end < len(text) and (_extends(text[end]) or text[end - 1] == _ZWJ):
        end -= 1
    pairs = 0
    while pairs < end and _regional(text[end - 1 - pairs]):
        pairs += 1
    if pairs % 2 and end < len(text) and _regional(text[end]):
        end -= 1
    return end


def _extends(ch: str) -> bool:
    code = ord(ch)
    return (
        ch == _ZWJ
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin tones
        or 0xE0020 <= code <= 0xE007F  # emoji tag sequences
        or unicodedata.category(ch) in ("Mn", "Me", "Mc")
    )


def _regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def excerpt(walked: Walk, limit: int) -> str:
    pieces = walked.pieces if walked.more_at is None else walked.pieces[: walked.more_at]
    text, spans = _join(pieces, limit)
    return cut(text, spans, limit)


def description(walked: Walk, limit: int) -> str:
    """The excerpt as search engines, link previews and feed readers show it: a formula in
    the text as it reads, O(n²) (as a title's is; its TeX where it has no text form), code
    and display math left out. There a `[Math]` or `[代码]` read as part of the sentence."""
    pieces = walked.pieces if walked.more_at is None else walked.pieces[: walked.more_at]
    shown = (
        Piece(tex_as_text(p.tex)) if p.tex else _LEFT_OUT if p.placeholder else p for p in pieces
    )
    text, spans = _join(shown, limit)
    return cut(text, spans, limit)


_LEFT_OUT = Piece("", placeholder=True)
