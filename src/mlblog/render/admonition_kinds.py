"""The kinds of `::: kind` admonition, and the words other generators use for them."""

from __future__ import annotations

ADMONITIONS = ("note", "tip", "info", "warning", "danger", "important", "caution")
# What `::: word` may say: mlblog's kinds and 语雀's (`:::tips`, `:::success`), no more: a
# pandoc div's class (`::: example`) is not a box.
CONTAINER_WORDS = frozenset((*ADMONITIONS, "tips", "success"))

# Words other generators' themes use for a callout's kind → the nearest mlblog admonition
# (NexT and Butterfly notes, Hugo's notice/admonition/callout/hint/alert shortcodes).
_KINDS = {
    **{name: name for name in ADMONITIONS},
    **dict.fromkeys(
        ("default", "primary", "secondary", "abstract", "summary", "tldr", "example",
         "quote", "cite", "question", "help", "faq", "light", "dark", "pink", "purple"),
        "note",
    ),
    **dict.fromkeys(("todo", "blue"), "info"),
    **dict.fromkeys(("hint", "tips", "success", "check", "done", "green"), "tip"),
    **dict.fromkeys(("warn", "attention", "orange", "yellow"), "warning"),
    **dict.fromkeys(("error", "failure", "fail", "missing", "bug", "red"), "danger"),
}  # fmt: skip


def admonition_kind(word: str) -> str | None:
    return _KINDS.get(word.strip().lower())
