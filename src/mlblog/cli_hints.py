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


# Options of Hugo, Hexo and Jekyll with mlblog's spelling; each applies only to a verb
# that has that option.
_OTHER_OPTIONS: dict[str, str] = {
    "-D": "--drafts", "--buildDrafts": "--drafts",
    "-F": "--future", "--buildFuture": "--future", "--unpublished": "--drafts",
    "-d": "--output", "--destination": "--output",
    "-b": "--base-url", "--baseURL": "--base-url", "--baseurl": "--base-url",
    "--baseUrl": "--base-url", "--source": "--site", "--bind": "--host",
}  # fmt: skip
_NOT_NEEDED: dict[str, str] = {
    "--minify": "mlblog does not minify its pages; GitHub Pages and most servers send them "
    "gzip-compressed, which saves far more",
    "--watch": "`mlblog serve` rebuilds on every change",
    "-w": "`mlblog serve` rebuilds on every change",
}


def unknown_options(verb: str, extras: list[str], known: list[str]) -> str:
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
    return "; ".join([said, *hints]) + (f" (see `mlblog {verb} --help`)" if not hints else "")
