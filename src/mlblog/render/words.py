"""The site's words in a post's own HTML (admonition titles, hidden headings)."""

from __future__ import annotations

from html import escape

from markdown_it.utils import EnvType

from mlblog.theme_strings import ENGLISH


def said(env: EnvType, name: str, **fields: str) -> tuple[str, str]:
    """The site's word `name` (theme_strings.POST_WORDS), escaped, its fields filled in,
    and its ` lang="…"` attribute, if it needs one (RenderSettings.words)."""
    text, lang = env.get("words", {}).get(name) or (ENGLISH[name], "en")
    text = escape(text.format(**fields) if fields else text)
    return text, f' lang="{lang}"' if lang else ""
