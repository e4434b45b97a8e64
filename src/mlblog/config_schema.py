"""What site.yaml may hold: each key's check (SCHEMA), and validate(), which reports every
bad value at its own line (a menu's second item, not `menu:`), an unknown key with the
nearest known one."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mlblog.comments import comments_problem
from mlblog.diagnostics import Diagnostic, error
from mlblog.yamlfile import YamlDocument

CONFIG_FILE = "site.yaml"
PERMALINK_TOKENS = frozenset({":year", ":month", ":day", ":slug", ":category"})
SLUG_STYLES = ("keep", "pinyin")
CITATION_STYLES = ("author-year", "numeric")


@dataclass(frozen=True, slots=True)
class Inside:
    """An error message about a part of a value: `part`, the keys and item indexes
    under the value's key, gives the line (a menu's second item, not `menu:`)."""

    part: tuple[str, ...]
    message: str


Check = Callable[[Any], "str | Inside | None"]  # an error message, or None when valid


def _is_str(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be a string"


def _optional_text(value: Any) -> str | None:
    # `tagline:` left empty, as site.yaml's own comment invites, is YAML's null: none
    return None if value is None else _is_str(value)


def _is_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _positive_int(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return "must be a positive integer"
    return None


def _count(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return "must be a whole number, 0 or more (0 turns it off)"
    return None


def _timezone(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a time zone name such as Asia/Shanghai"
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return f'"{value}" is not a time zone name (use one such as "Asia/Shanghai" or "UTC")'
    return None


def base_url_problem(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return "must be a URL such as https://user.github.io/notes/ or a path such as /"
    parts = urlsplit(value)
    if parts.scheme and (parts.scheme not in ("http", "https") or not parts.netloc):
        return f'must be an http(s) URL or a path starting with "/", got "{value}"'
    if not parts.scheme and (not value.startswith("/") or value.startswith("//")):
        return f'must be an http(s) URL or a path starting with "/", got "{value}"'
    if "//" in parts.path or any(part in (".", "..") for part in parts.path.split("/")):
        # a browser reads href="//notes/x/" as the host "notes": every link would leave
        return f'has an empty, "." or ".." part in its path: "{value}" (such as "/notes/")'
    if re.search(r"\.(?:html?|xml|php)$", parts.path, re.IGNORECASE) or parts.query:
        # every link would be made under it: /notes/index.html/posts/x/
        folder = value.split("?", 1)[0].rsplit("/", 1)[0] + "/"
        return f'must be the site\'s folder, not a page: "{value}" (such as "{folder}")'
    return None


_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def _language(value: Any) -> str | None:
    """A BCP 47 tag, as <html lang> needs: zh-CN, en, ja (zh_CN is taken as zh-CN)."""
    if not isinstance(value, str) or not _LANGUAGE_TAG.fullmatch(value):
        return f"must be a language tag such as zh-CN, zh-TW or en, not {value!r}"
    return None


def _permalink(value: Any) -> str | None:
    if not isinstance(value, str) or not value.startswith("/") or not value.endswith("/"):
        return 'must be a path that starts and ends with "/", such as "/posts/:slug/"'
    unknown = set(re.findall(r":[a-z]+", value)) - PERMALINK_TOKENS
    if unknown:
        allowed = ", ".join(sorted(PERMALINK_TOKENS))
        return f"unknown permalink token {sorted(unknown)[0]} (allowed: {allowed})"
    if ":slug" not in value:
        return 'must contain ":slug"'
    if "\\" in value or "//" in value or any(p in (".", "..") for p in value.split("/")):
        return 'must be a path without ".", ".." or empty parts, such as "/posts/:slug/"'
    return None


def _macros(value: Any) -> str | None:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return 'must map macro names to TeX, such as "\\R": "\\mathbb{R}"'
    for name in value:
        if not _MACRO_NAME.fullmatch(name):
            return f'has "{name}", which is not a TeX macro name (a backslash and letters: \\RR)'
    for name, body in value.items():
        if not _balanced(body):
            return f'"{name}" has unbalanced braces: "{body}"'
    return None


def _balanced(tex: str) -> bool:
    """Whether every unescaped { in TeX has its }: a macro body that leaves one open
    would break every formula that uses it, each reported at its own post."""
    depth, i = 0, 0
    while i < len(tex):
        if tex[i] == "\\":
            i += 2  # \{ and \} are braces shown, \\ a line break
            continue
        depth += {"{": 1, "}": -1}.get(tex[i], 0)
        if depth < 0:
            return False
        i += 1
    return depth == 0


# A TeX control sequence: a backslash and letters, or a backslash and one other character.
_MACRO_NAME = re.compile(r"\\(?:[A-Za-z@]+|[^A-Za-z@\s])")


def _bib_files(value: Any) -> str | None:
    names = value if isinstance(value, list) else [value]
    if value is not None and not all(isinstance(n, str) and n.strip() for n in names):
        return "must be a file name or a list of them, such as references.bib"
    return None


def _citation_style(value: Any) -> str | None:
    if value not in CITATION_STYLES:
        return f'must be "author-year" ((Vaswani et al., 2017)) or "numeric" ([1]), got "{value}"'
    return None


def _feed_aliases(value: Any) -> str | Inside | None:
    """Where the old site's feed was (Jekyll's /feed.xml, Hugo's /index.xml): site paths
    of files, each given the Atom feed, so that readers subscribed there keep reading."""
    if value is None:
        return None
    if not isinstance(value, list):
        return "must be a list of site paths, such as [/feed.xml, /index.xml]"
    for index, path in enumerate(value):
        name = path.rsplit("/", 1)[-1] if isinstance(path, str) else ""
        if not isinstance(path, str) or not path.startswith("/") or "." not in name.strip("."):
            return Inside((str(index),), f"must be site paths of files, such as /feed.xml, not "
                          f"{path!r}")  # fmt: skip
        if "\\" in path or any(part in ("", ".", "..") for part in path[1:].split("/")):
            return Inside((str(index),), f'{path!r} has an empty, "." or ".." part')
    return None


def _slug_style(value: Any) -> str | None:
    if value not in SLUG_STYLES:
        return f'must be "keep" (Chinese stays Chinese) or "pinyin", got "{value}"'
    return None


def _params(value: Any) -> str | None:
    if value is not None and not isinstance(value, dict):
        return "must be a mapping of your own settings for your templates, such as github: you"
    return None


def _words(value: Any) -> str | Inside | None:
    """`words: {latest: 最近更新, min_read: "约 {n} 分钟"}`: each a word the theme has
    (theme_strings), as text, with the same {fields} as the theme's own (they are filled in)."""
    from string import Formatter

    from mlblog.theme_strings import ENGLISH

    if not isinstance(value, dict):
        return "must be a mapping of the theme's words, such as latest: 最近更新"
    for key, text in value.items():
        name = str(key)
        if name not in ENGLISH:
            close = difflib.get_close_matches(name, list(ENGLISH), n=1, cutoff=0.6)
            hint = f'did you mean "{close[0]}"?' if close else "see the README for the list"
            return Inside((name,), f'has "{name}", which is not one of the theme\'s words ({hint})')
        if not isinstance(text, str) or not text.strip():
            return Inside((name,), f".{name} must be text")
        if "<" in text:
            return Inside((name,), f".{name} is text, not HTML: leave out the <")
        wanted = {f for _, f, _, _ in Formatter().parse(ENGLISH[name]) if f is not None}
        try:
            fields = {f for _, f, _, _ in Formatter().parse(text) if f is not None}
        except ValueError:
            fields = {"{"}
        if fields != wanted:
            takes = " and ".join(f"{{{f}}}" for f in sorted(wanted)) or "no {…}"
            return Inside((name,), f".{name} must have {takes}, as the theme's \"{ENGLISH[name]}\" "
                          "does (filled in when shown)")  # fmt: skip
    return None


def _comments(value: Any) -> Inside | None:
    found = comments_problem(value)
    return Inside(*found) if found else None


def _menu(value: Any) -> str | Inside | None:
    shape = "must be a list of items with `name` and `url`, such as - {name: About, url: /about/}"
    if not isinstance(value, list):
        return shape
    for index, item in enumerate(value):
        number = index + 1
        if not isinstance(item, dict):
            return Inside((str(index),), shape)
        if extra := sorted(str(key) for key in set(item) - {"name", "url"}):
            return Inside(
                (str(index), extra[0]),
                f'item {number} has "{extra[0]}", which a menu item does not take',
            )
        for key in ("name", "url"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                part = (str(index), key) if key in item else (str(index),)
                return Inside(part, f"item {number} needs `{key}`, as text")
    return None


Schema = Mapping[str, "Check | Schema"]

# Keys of Hugo's, Hexo's and Jekyll's site configuration, with what mlblog calls them:
# "paginate" looked most like "tagline", and "baseURL" like nothing.
_OTHER_GENERATORS: dict[str, str] = {
    **dict.fromkeys(("baseURL", "baseurl", "baseUrl", "url"), 'mlblog calls it "base_url"'),
    **dict.fromkeys(("paginate", "pagination", "per_page_posts"), 'mlblog calls it "per_page"'),
    "subtitle": 'mlblog calls it "tagline"',
    "timeZone": 'mlblog calls it "timezone"',
    "defaultContentLanguage": 'mlblog calls it "language"',
    "theme": "mlblog has one theme: a file in templates/ or static/ replaces the theme's "
    "file of the same name",
}


SCHEMA: Schema = {
    "title": _is_str,
    "tagline": _optional_text,
    "description": _optional_text,
    "base_url": base_url_problem,
    "language": _language,
    "timezone": _timezone,
    "author": _optional_text,
    "per_page": _positive_int,
    "feed_limit": _positive_int,
    "feed_aliases": _feed_aliases,
    "term_feeds": _is_bool,
    "updated_from_git": _is_bool,
    "related": _count,
    "excerpt": {
        "length": _positive_int,
        "placeholders": {"code": _is_str, "math_inline": _is_str, "math_block": _is_str},
    },
    "permalinks": {
        "post": _permalink,
        "page": _permalink,
        "category": _permalink,
        "tag": _permalink,
        "series": _permalink,
    },
    "math": {"macros": _macros},
    "markdown": {"html": _is_bool},
    "menu": _menu,
    "slug": _slug_style,
    "params": _params,
    "words": _words,
    "comments": _comments,
    "bibliography": _bib_files,
    "citation_style": _citation_style,
}


def validate(
    data: Any, schema: Schema, path: tuple[str, ...], doc: YamlDocument
) -> list[Diagnostic]:
    line = doc.line(*path) if path else 1
    name = ".".join(path)
    if not isinstance(data, dict):
        what = f"{name} must be a mapping of settings" if path else "must be a mapping of settings"
        return [error(CONFIG_FILE, line, what)]
    problems: list[Diagnostic] = []
    for key, value in data.items():
        key_path = (*path, str(key))
        key_line = doc.line(*key_path)
        dotted = ".".join(key_path)
        rule = schema.get(str(key))
        if rule is None:
            close = difflib.get_close_matches(str(key), list(schema), n=1, cutoff=0.6)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            if not path and str(key) in _OTHER_GENERATORS:  # their name beats a look-alike
                hint = f" ({_OTHER_GENERATORS[str(key)]})"
            problems.append(error(CONFIG_FILE, key_line, f'unknown key "{dotted}"{hint}'))
        elif isinstance(rule, Mapping):
            problems.extend(validate(value, rule, key_path, doc))
        elif isinstance(message := rule(value), Inside):
            line = doc.line(*key_path, *message.part, default=key_line)
            said = message.message  # ".name …" goes on the key's name: words.min_read
            problems.append(
                error(CONFIG_FILE, line, dotted + ("" if said[0] == "." else " ") + said)
            )
        elif message is not None:
            problems.append(error(CONFIG_FILE, key_line, f"{dotted} {message}"))
    return problems
