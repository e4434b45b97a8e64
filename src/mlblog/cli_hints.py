"""What to tell someone who typed another generator's command (or a typo) to mlblog."""

from __future__ import annotations

import difflib

# Commands people bring from Hexo (g, s, d, clean), Hugo (server) and Jekyll (doctor),
# each with what mlblog does instead.
_OTHER_TOOLS: dict[str, str] = {
    "server": 'did you mean "mlblog serve"?',
    "s": 'did you mean "mlblog serve"? (Hexo\'s `hexo s`)',
    "g": 'did you mean "mlblog build"? (Hexo\'s `hexo g`)',
    "generate": 'did you mean "mlblog build"?',
    "doctor": 'did you mean "mlblog check"?',
    "clean": "mlblog needs no clean: each build removes from the output folder the files "
    "the site no longer has, and `mlblog build --no-cache` renders every post afresh",
    "deploy": "mlblog does not deploy: the GitHub Pages workflow that `mlblog init` writes "
    "(.github/workflows/pages.yml) builds and publishes on each push; elsewhere, copy "
    "the output folder (public/) to your server",
}
_OTHER_TOOLS["d"] = _OTHER_TOOLS["deploy"] + " (Hexo's `hexo d`)"
_OTHER_TOOLS["publish"] = _OTHER_TOOLS["deploy"]


def unknown_verb(word: str, verbs: list[str]) -> str | None:
    """The error for `mlblog WORD` when WORD is not one of `verbs`; None when it is one."""
    if word in verbs:
        return None
    hint = _OTHER_TOOLS.get(word.lower())
    if hint is None:
        close = difflib.get_close_matches(word.lower(), verbs, n=1)
        hint = f'did you mean "mlblog {close[0]}"?' if close else "see `mlblog --help`"
    return f'unknown command "{word}"; {hint}'
