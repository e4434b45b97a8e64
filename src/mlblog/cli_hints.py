"""What to tell someone who typed another generator's command (or a typo) to mlblog."""

from __future__ import annotations

import difflib
import shlex
from pathlib import PurePosixPath

# Commands people bring from Hexo (g, s, d, clean), Hugo (server) and Jekyll (doctor),
# each with what mlblog does instead.
_OTHER_TOOLS: dict[str, str] = {
    "server": 'did you mean "mlblog serve"?',
    "s": 'did you mean "mlblog serve"? (Hexo\'s `hexo s`)',
    "g": 'did you mean "mlblog build"? (Hexo\'s `hexo g`)',
    "generate": 'did you mean "mlblog build"?',
    "doctor": 'did you mean "mlblog check"?',
    "version": 'did you mean "mlblog --version"?',
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


# Options of Hugo, Hexo and Jekyll with mlblog's spelling; each applies only to a verb
# that has that option.
_OTHER_OPTIONS: dict[str, str] = {
    "-D": "--drafts", "--buildDrafts": "--drafts",
    "-F": "--future", "--buildFuture": "--future", "--unpublished": "--drafts",
    "-d": "--output", "--destination": "--output",
    "-b": "--base-url", "--baseURL": "--base-url", "--baseurl": "--base-url",
    "--baseUrl": "--base-url", "--source": "--site", "--bind": "--host",
    "-v": "--version", "-V": "--version",
}  # fmt: skip
_NOT_NEEDED: dict[str, str] = {
    "--minify": "mlblog does not minify its pages; GitHub Pages and most servers send them "
    "gzip-compressed, which saves far more",
    "--watch": "`mlblog serve` rebuilds on every change",
    "-w": "`mlblog serve` rebuilds on every change",
}


def unknown_options(verb: str | None, extras: list[str], known: list[str]) -> str:
    """The error for arguments `mlblog VERB` does not take, with the option meant when
    it is another generator's spelling or a typo of one of `known`."""
    hints: list[str] = []
    for extra in extras:
        name = extra.partition("=")[0]
        if not name.startswith("-"):
            continue
        # a typo of ours or of another tool's (--destinaton); short names are too alike
        close = difflib.get_close_matches(name, [*known, *_OTHER_OPTIONS], n=1, cutoff=0.75)
        meant = name if name in _OTHER_OPTIONS else close[0] if close else None
        meant = _OTHER_OPTIONS.get(meant, meant) if meant else None
        if name in _NOT_NEEDED:
            hints.append(f"{name}: {_NOT_NEEDED[name]}")
        elif meant in known:
            hints.append(f'{name}: did you mean "{meant}"?')
    said = f"unrecognized arguments: {' '.join(extras)}"
    command = f"mlblog {verb}" if verb else "mlblog"
    return "; ".join([said, *hints]) + (f" (see `{command} --help`)" if not hints else "")


def new_extras(title: str, extras: list[str]) -> str | None:
    """What `mlblog new` was given besides its title, when it is words rather than options:
    an unquoted title, Hexo's `hexo new post "T"` or Hugo's `hugo new content posts/t.md`."""
    words = [e for e in extras if not e.startswith("-")]
    if not words or len(words) != len(extras):
        return None
    said = f"unrecognized arguments: {' '.join(extras)}"
    kind = title.lower()
    if kind == "site" and len(words) == 1:  # Hugo's `hugo new site DIR`
        return f"{said}; a new site is made with: mlblog init {shlex.quote(words[0])}"
    if kind == "page" and len(words) == 1:
        return (
            f"{said}; mlblog new makes posts: a page is a file you write yourself, "
            f"such as content/pages/{words[0]}.md"
        )
    if kind in ("post", "draft") and len(words) == 1:
        draft = " (then add draft: true to its front matter)" if kind == "draft" else ""
        return (
            f"{said}; mlblog new takes only the title, no layout: "
            f"mlblog new {shlex.quote(words[0])}{draft}"
        )
    if title == "content" or words[-1].endswith(".md"):
        stem = PurePosixPath(words[-1]).stem.replace("-", " ")
        return f"{said}; mlblog new takes the title, not a path: mlblog new {shlex.quote(stem)}"
    whole = shlex.quote(" ".join([title, *words]))
    return f"{said}; put a title of several words in quotes: mlblog new {whole}"
