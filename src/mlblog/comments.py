"""site.yaml's `comments:`: giscus (GitHub Discussions) or utterances (GitHub Issues)
under each post, as Hexo's NexT, Hugo's PaperMod and Jekyll's Chirpy offer them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

# What ties a page to its discussion or issue. Both services take these four; the others
# they know (a fixed term or number) would put every post in one thread when site-wide.
MAPPINGS = ("pathname", "url", "title", "og:title")
_REPO = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*)/[A-Za-z0-9._-]+")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


@dataclass(frozen=True, slots=True)
class Giscus:
    repo: str
    repo_id: str
    category: str
    category_id: str
    mapping: str = "pathname"
    strict: bool = False
    reactions: bool = True
    input_position: str = "bottom"
    lang: str = ""  # "" = from the site's language (giscus_lang)

    service = "giscus"


@dataclass(frozen=True, slots=True)
class Utterances:
    repo: str
    issue_term: str = "pathname"
    label: str = ""

    service = "utterances"


CommentsConfig = Giscus | Utterances

_NEEDED = {"giscus": ("repo", "repo_id", "category", "category_id"), "utterances": ("repo",)}
_TEXT = {"giscus": ("repo", "repo_id", "category", "category_id", "lang"),
         "utterances": ("repo", "label")}  # fmt: skip
_FLAGS = {"giscus": ("strict", "reactions"), "utterances": ()}
_CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "giscus": {"mapping": MAPPINGS, "input_position": ("bottom", "top")},
    "utterances": {"issue_term": MAPPINGS},
}
_SHAPE = (
    "must be giscus: {repo: …, repo_id: …, category: …, category_id: …} or "
    "utterances: {repo: …} (see the README)"
)


def comments_problem(value: Any) -> tuple[tuple[str, ...], str] | None:
    """What is wrong with `comments:`, as (the keys under it that hold the mistake, a
    message going after "comments"), or None when it is valid or empty (no comments)."""
    if value is None or value == {}:
        return None
    if not isinstance(value, dict):
        return (), _SHAPE
    services = [str(key) for key in value]
    for name in services:
        if name not in _NEEDED:
            close = difflib.get_close_matches(name, list(_NEEDED), n=1, cutoff=0.75)
            hint = f' (did you mean "{close[0]}"?)' if close else ": mlblog shows either of"
            hint += "" if close else " giscus and utterances"
            return (name,), f'has "{name}"{hint}'
    if len(services) > 1:
        return (services[1],), "has both giscus and utterances: keep one"
    name = services[0]
    settings = value[name]
    if not isinstance(settings, dict):
        return (name,), f".{name} must be a mapping of settings, such as repo: you/notes"
    known = (*_TEXT[name], *_FLAGS[name], *_CHOICES[name])
    for key in map(str, settings):
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            return (name, key), f'.{name} has "{key}", which mlblog does not read{hint}'
    if missing := [key for key in _NEEDED[name] if key not in settings]:
        where = " (giscus.app shows them for your repository)" if name == "giscus" else ""
        return (name,), f".{name} needs {', '.join(missing)}{where}"
    return _setting_problem(name, settings)


def _setting_problem(name: str, settings: dict[str, Any]) -> tuple[tuple[str, ...], str] | None:
    choices: dict[str, tuple[str, ...]] = _CHOICES[name]
    for key, given in settings.items():
        at, dotted = (name, str(key)), f".{name}.{key}"
        if key in _FLAGS[name] and not isinstance(given, bool):
            return at, f"{dotted} must be true or false"
        if key in _TEXT[name] and (not isinstance(given, str) or not given.strip()):
            return at, f"{dotted} must be text"
        if key == "repo" and not _REPO.fullmatch(given.strip()):
            return at, f'{dotted} must be a GitHub repository as "owner/name", not "{given}"'
        if key == "lang" and not _LANGUAGE.fullmatch(given):
            return at, f"{dotted} must be a language tag such as zh-CN or en, not {given!r}"
        if key in choices and given not in choices[key]:
            allowed = ", ".join(choices[key])
            return at, f'{dotted} must be one of {allowed}, not "{given}"'
    return None


def comments_config(value: Any) -> CommentsConfig | None:
    """The settings of a `comments:` that comments_problem found valid."""
    if not value:
        return None
    name, settings = next(iter(value.items()))
    given: dict[str, Any] = {k: v.strip() if isinstance(v, str) else v for k, v in settings.items()}
    return Giscus(**given) if name == "giscus" else Utterances(**given)


def giscus_lang(site_language: str) -> str:
    """giscus's name for a language: zh-CN and zh-TW for Chinese (Hong Kong's and
    traditional script's read zh-TW), else the bare language (en-US → en)."""
    parts = site_language.replace("_", "-").lower().split("-")
    if parts[0] == "zh":
        return "zh-TW" if any(p in ("tw", "hk", "mo", "hant") for p in parts[1:]) else "zh-CN"
    return parts[0]
