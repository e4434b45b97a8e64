"""The old site's settings that have an mlblog equivalent in site.yaml (title, author,
time zone, base URL, comments …), each with where it came from. The import only tells
them (mlblog.importers.settings_block): site.yaml is the author's and never written."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mlblog.importers import chirpy_tabs, hexo, hugo, jekyll, old_feeds
from mlblog.yamlfile import YamlSyntaxError, parse_yaml


@dataclass(frozen=True, slots=True)
class Found:
    key: str  # site.yaml's key: "title", "permalinks.post", "math.macros", "comments"
    value: Any
    origin: str  # where it was, for the comment beside it: "_config.yml: subtitle"


def found_settings(generator: str, src: Path) -> list[Found]:
    """What the old site sets, in its generator's names turned into site.yaml's."""
    if generator == "Hexo":
        return _hexo(src)
    if generator == "Jekyll":
        return _jekyll(src)
    if generator == "Hugo":
        return _hugo(src)
    return []  # an Obsidian vault's settings are the editor's, not a site's


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _get(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, Mapping):
            return None
        data = next((v for k, v in data.items() if str(k).lower() == key.lower()), None)
    return data


def _add(found: list[Found], key: str, value: Any, origin: str) -> None:
    if value is not None and value != "":
        found.append(Found(key, value, origin))


def _language(value: Any) -> Any:
    """Hexo's `[zh-CN, en]` is its first; `zh_cn`/`zh-cn` is written as mlblog's `zh-CN`."""
    value = value[0] if isinstance(value, list) and value else value
    if not isinstance(value, str):
        return value
    parts = value.strip().replace("_", "-").split("-")
    return "-".join([parts[0].lower(), *(p.upper() if len(p) == 2 else p for p in parts[1:])])


def _base_url(url: Any, root: Any) -> str | None:
    """The site's address: Hexo's `url` + `root`, Jekyll's `url` + `baseurl`."""
    host = _text(url)
    if host is None:
        return None
    head, path = host.rstrip("/"), "/" + (_text(root) or "").strip("/")
    # Hexo's docs have a site in a subfolder name it in both (`url: …/blog`, `root: /blog/`)
    if path != "/" and not (urlsplit(head).path + "/").endswith(path + "/"):
        head += path
    return head + "/"


def _author(value: Any) -> Any:
    """A name, or the `name` of an author mapping (Jekyll's and Hugo's themes use one)."""
    return _get(value, "name") if isinstance(value, Mapping) else value


# An old permalink's tokens in mlblog's names; a token not here is left for validation
# to refuse (mlblog cannot make `:hour` or `:id` addresses).
_TOKENS = {
    ":title": ":slug",
    ":name": ":slug",
    ":slugorfilename": ":slug",
    ":slugorcontentbasename": ":slug",
    ":filename": ":slug",
    ":contentbasename": ":slug",
    ":categories": ":category",
    ":i_month": ":month",
    ":i_day": ":day",
}


def _permalink(pattern: Any) -> Any:
    """An old post permalink as mlblog's `permalinks.post` (a folder: `.html` goes)."""
    if not isinstance(pattern, str):
        return pattern
    path = re.sub(r":[a-z_]+", lambda m: _TOKENS.get(m[0], m[0]), pattern.strip())
    path = re.sub(r"\.html$|:output_ext$", "/", path)
    return "/" + path.strip("/") + "/"


def _read_yaml(src: Path, name: str) -> Any:
    try:
        return parse_yaml((src / name).read_text(encoding="utf-8-sig")).data
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return None


def _hexo(src: Path) -> list[Found]:
    data, _ = hexo._settings(src)
    found: list[Found] = []
    for key, theirs in (("title", "title"), ("tagline", "subtitle"),
                        ("description", "description"), ("author", "author")):  # fmt: skip
        _add(found, key, data.get(theirs), f"_config.yml: {theirs}")
    _add(found, "language", _language(data.get("language")), "_config.yml: language")
    _add(found, "timezone", data.get("timezone"), "_config.yml: timezone")
    _add(found, "base_url", _base_url(data.get("url"), data.get("root")), "_config.yml: url, root")
    _add(found, "per_page", data.get("per_page"), "_config.yml: per_page")
    _add(found, "permalinks.post", _permalink(data.get("permalink")), "_config.yml: permalink")
    _add(found, "feed_aliases", old_feeds.hexo(data) or None, "_config.yml: feed")
    theme = _text(data.get("theme")) or "next"
    for name in (f"_config.{theme}.yml", f"themes/{theme}/_config.yml"):
        theme_data = _read_yaml(src, name)
        if isinstance(theme_data, Mapping):
            _comments(found, theme_data, name, "")
            break
    return found


def _comments(found: list[Found], data: Mapping[str, Any], name: str, prefix: str) -> None:
    """NexT's and PaperMod's `giscus:`/`utterances:` blocks (those turned on)."""
    giscus = _get(data, "giscus")
    if isinstance(giscus, Mapping) and _get(giscus, "enable") is not False:
        _add(found, "comments", {"giscus": _giscus(giscus)}, f"{name}: {prefix}giscus")
        return
    utterances = _get(data, "utterances")
    if isinstance(utterances, Mapping) and _get(utterances, "enable") is not False:
        _add(found, "comments", {"utterances": _utterances(utterances)},
             f"{name}: {prefix}utterances")  # fmt: skip


def _giscus(data: Mapping[str, Any]) -> dict[str, Any]:
    """giscus's settings by mlblog's names, from any of the spellings themes use
    (repo_id, repoID, repoId; reactions_enabled, reactionsEnabled …)."""
    names = {
        "repo": ("repo",),
        "repo_id": ("repo_id", "repoid"),
        "category": ("category",),
        "category_id": ("category_id", "categoryid"),
        "mapping": ("mapping",),
        "strict": ("strict",),
        "reactions": ("reactions_enabled", "reactionsenabled"),
        "input_position": ("input_position", "inputposition"),
        "lang": ("lang",),
    }
    out: dict[str, Any] = {}
    for ours, theirs in names.items():
        value = next((v for t in theirs if (v := _get(data, t)) is not None), None)
        if ours in ("strict", "reactions") and value in (0, 1, "0", "1"):
            value = str(value) == "1"  # giscus's own script takes "0" and "1"
        if value is not None and value != "":
            out[ours] = value
    return out


def _utterances(data: Mapping[str, Any]) -> dict[str, Any]:
    out = {"repo": _get(data, "repo"), "issue_term": _get(data, "issue_term")}
    out["issue_term"] = out["issue_term"] or _get(data, "issueterm")
    out["label"] = _get(data, "label")
    return {k: v for k, v in out.items() if v is not None and v != ""}


def _jekyll(src: Path) -> list[Found]:
    data = jekyll._settings(src)
    found: list[Found] = []
    for key in ("title", "tagline", "description"):
        _add(found, key, data.get(key), f"_config.yml: {key}")
    author = _author(data.get("author"))
    _add(found, "author", author, "_config.yml: author")
    if author is None:  # Chirpy names the author under social:
        _add(found, "author", _get(data, "social", "name"), "_config.yml: social.name")
    lang = "lang" if "lang" in data else "language"
    _add(found, "language", _language(data.get(lang)), f"_config.yml: {lang}")
    _add(found, "timezone", data.get("timezone"), "_config.yml: timezone")
    _add(found, "base_url", _base_url(data.get("url"), data.get("baseurl")),
         "_config.yml: url, baseurl")  # fmt: skip
    _add(found, "per_page", data.get("paginate"), "_config.yml: paginate")
    pattern = data.get("permalink")
    style = jekyll.STYLES.get(pattern) if isinstance(pattern, str) else None
    _add(found, "permalinks.post", _permalink(style or pattern),
         "_config.yml: permalink")  # fmt: skip
    _add(found, "feed_aliases", old_feeds.jekyll(data) or None, "_config.yml: jekyll-feed")
    comments = data.get("comments")
    # Chirpy: comments: {provider: giscus, giscus: {…}} (`active:` before Chirpy 7)
    provider = _get(comments, "provider") or _get(comments, "active")
    if isinstance(comments, Mapping) and provider in ("giscus", "utterances"):
        settings = _get(comments, provider)
        if isinstance(settings, Mapping):
            value = _giscus(settings) if provider == "giscus" else _utterances(settings)
            _add(found, "comments", {provider: value}, f"_config.yml: comments.{provider}")
    _macros(found, _get(data, "katex", "macros"), "_config.yml: katex.macros")
    _add(found, "menu", chirpy_tabs.tab_menu(src, data) or None, "_tabs/: Chirpy's sidebar")
    return found


def _macros(found: list[Found], value: Any, origin: str) -> None:
    if isinstance(value, Mapping) and value:
        # (KaTeX's own option names them with their backslash; some configs leave it out)
        macros = {(k if str(k).startswith("\\") else "\\" + str(k)): v for k, v in value.items()}
        _add(found, "math.macros", macros, origin)


def _hugo(src: Path) -> list[Found]:
    data = hugo._settings(src)
    name = next((n for n in hugo.CONFIG_FILES if (src / n).is_file()), "hugo.toml")
    found: list[Found] = []
    _add(found, "title", _get(data, "title"), f"{name}: title")
    for key in ("description", "author"):
        value = _author(_get(data, "params", key))
        _add(found, key, value, f"{name}: params.{key}")
    if not any(f.key == "author" for f in found):
        _add(found, "author", _author(_get(data, "author")), f"{name}: author")
    _add(found, "language", _language(_get(data, "languageCode")), f"{name}: languageCode")
    _add(found, "timezone", _get(data, "timeZone"), f"{name}: timeZone")
    _add(found, "base_url", _get(data, "baseURL"), f"{name}: baseURL")
    per_page = _get(data, "pagination", "pagerSize")
    where = "pagination.pagerSize" if per_page is not None else "paginate"
    _add(found, "per_page", per_page if per_page is not None else _get(data, "paginate"),
         f"{name}: {where}")  # fmt: skip
    _add(found, "updated_from_git", _get(data, "enableGitInfo"), f"{name}: enableGitInfo")
    _add(found, "feed_aliases", old_feeds.hugo(data) or None, f"{name}: Hugo's RSS")
    table = _get(data, "permalinks")
    page = _get(table, "page")
    patterns = {**table, **page} if isinstance(page, Mapping) else table
    for section in hugo.SECTIONS:
        if isinstance(patterns, Mapping) and (pattern := _get(patterns, section)) is not None:
            _add(found, "permalinks.post", _permalink(pattern), f"{name}: permalinks.{section}")
            break
    params = _get(data, "params")
    if isinstance(params, Mapping):
        _comments(found, params, name, "params.")
        for path in (("math", "macros"), ("katex", "macros")):
            if (macros := _get(params, *path)) is not None:
                _macros(found, macros, f"{name}: params.{'.'.join(path)}")
                break
    return found
