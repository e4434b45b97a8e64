"""Break points in long identifiers and URLs: on a phone, "torch.nn.functional.
scaled_dot_product_attention" broke as "functiona" / "l.scaled…" wherever the column
ended (the theme's `overflow-wrap`). Titles, tags, excerpts, a post's text and inline code
may now break after a `.`, `/`, `_` or `::` first. search.js has a copy of these rules
(`breaksIn`) for the results it builds. No Markdown here: a rebuild from the cache,
which shows titles but parses nothing, does not import markdown-it."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

# An empty span the theme gives a zero-width space with no text for screen readers (CSS
# `content: "\200B" / ""`): a <wbr> would do, but Chromium reads it as a line break, so
# "functional.<wbr>scaled" was named "functional. scaled". Copies as nothing either way.
BREAK = '<span class="soft-break"></span>'

# A run of this many characters without a space may not fit a phone's line at a title's
# size; a shorter one is better moved whole to the next line than cut at a dot. CJK
# characters and punctuation end a run: a line may break beside any of them.
_SHORTEST = 16
_LONG_RUN = re.compile(
    "[^\\s\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
    f"\uf900-\ufaff\uff00-\uffef]{{{_SHORTEST},}}"
)
# Where such a run may break: after `.`, `/`, `::` or `_` before a letter or digit (never
# at its ends, so ".bashrc" or "__init__" keep their marks), and not in a number (3.14).
# Explicit ranges, as search.js's copy has them (the browser's Unicode is another).
# A joint with a letter or digit after it: text without one (most prose, all Chinese) is
# escaped at once (every text token of a post comes here: ~4 % of a render without it).
_MAY_BREAK = re.compile(r"(?:[./_]|::)[0-9A-Za-z]")


def may_break(text: str) -> bool:
    """Whether `text` has a place where breakable_html would put a break (or might)."""
    # Looking for the marks first is ~30 times faster than the pattern over Chinese text.
    has_mark = "." in text or "/" in text or "_" in text or "::" in text
    return has_mark and _MAY_BREAK.search(text) is not None


_JOINT = re.compile(r"(?<=[^./_])(?:[./_]|::)+(?=[0-9A-Za-z])(?!(?<=[0-9]\.)[0-9])")


def breakable_html(text: str, escape: Callable[[str], str] = html.escape) -> str:
    """`text` as HTML (each piece through `escape`, the caller's usual one), with a BREAK
    where a long identifier or URL may break."""
    if len(text) < _SHORTEST or not may_break(text):  # most text: nothing to do
        return escape(text)
    parts: list[str] = []
    done = 0
    for run in _LONG_RUN.finditer(text):
        parts.append(escape(text[done : run.start()]))
        word, piece = run[0], 0
        for joint in _JOINT.finditer(word):
            # ".__init__": the break goes after the dot, not inside the underscores.
            marks = joint[0]
            last = max(marks.rfind("."), marks.rfind("/"), marks.rfind(":"))
            cut = joint.start() + (last + 1 if last >= 0 else len(marks))
            parts.append(escape(word[piece:cut]) + BREAK)
            piece = cut
        parts.append(escape(word[piece:]))
        done = run.end()
    parts.append(escape(text[done:]))
    return "".join(parts)
