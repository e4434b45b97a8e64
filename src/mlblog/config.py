"""site.yaml → frozen, validated settings (mlblog.config_schema checks each key)."""

from __future__ import annotations

import os
import pickle
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from mlblog.comments import CommentsConfig, comments_config
from mlblog.config_schema import (
    CONFIG_FILE as CONFIG_FILE,  # where every module names site.yaml from
)
from mlblog.config_schema import (
    SCHEMA,
    base_url_problem,
    validate,
)
from mlblog.diagnostics import MlblogError, error
from mlblog.yamlfile import YamlSyntaxError, parse_yaml


@dataclass(frozen=True, slots=True)
class Placeholders:
    code: str = "[代码]"
    math_inline: str = "[Math]"
    math_block: str = "[公式]"


@dataclass(frozen=True, slots=True)
class ExcerptConfig:
    length: int = 350
    placeholders: Placeholders = field(default_factory=Placeholders)


@dataclass(frozen=True, slots=True)
class Permalinks:
    post: str = "/posts/:slug/"
    page: str = "/:slug/"
    category: str = "/categories/:slug/"
    tag: str = "/tags/:slug/"
    series: str = "/series/:slug/"


@dataclass(frozen=True, slots=True)
class MathConfig:
    macros: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class MarkdownConfig:
    html: bool = True


@dataclass(frozen=True, slots=True)
class MenuItem:
    name: str
    url: str


class Params(Mapping[str, Any]):
    """site.yaml's `params:`: the site's own settings for its templates
    (`{{ site.params.github }}`), as Hugo's `.Site.Params` and Jekyll's site variables.
    Read-only, and equal and hashed by value, as the rest of Config is."""

    __slots__ = ("_key", "_values")

    def __init__(self, values: Mapping[str, Any] | None = None) -> None:
        self._values = dict(values or {})
        self._key = pickle.dumps(self._values, protocol=5)

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Params):
            return self._key == other._key  # (the order too: templates may list them)
        return isinstance(other, Mapping) and self._values == dict(other)

    def __hash__(self) -> int:
        return hash(self._key)

    def __reduce__(self) -> tuple[type[Params], tuple[dict[str, Any]]]:
        return Params, (self._values,)


@dataclass(frozen=True, slots=True)
class Config:
    title: str
    tagline: str = ""
    description: str = ""
    base_url: str = ""  # "" = not set: allowed in serve, an error in build
    language: str = "zh-CN"
    timezone: str = "UTC"
    author: str = ""
    per_page: int = 10
    feed_limit: int = 20
    feed_aliases: tuple[str, ...] = ()  # the old site's feed addresses, given the same feed
    term_feeds: bool = True  # a feed per category and tag, beside the site's (Hugo's do)
    # A post's or page's `updated`, when it gives none, from its file's last commit
    # (Hugo's enableGitInfo): mlblog.content.git_dates
    updated_from_git: bool = False
    related: int = 5  # related posts under each post (mlblog.related); 0: none
    excerpt: ExcerptConfig = field(default_factory=ExcerptConfig)
    permalinks: Permalinks = field(default_factory=Permalinks)
    math: MathConfig = field(default_factory=MathConfig)
    markdown: MarkdownConfig = field(default_factory=MarkdownConfig)
    menu: tuple[MenuItem, ...] = ()
    slug: str = "keep"  # how `mlblog new` names files: keep CJK characters, or pinyin
    params: Params = field(default_factory=Params)  # the site's own, for its templates
    words: tuple[tuple[str, str], ...] = ()  # the theme's words the site says its own way
    comments: CommentsConfig | None = None  # giscus or utterances under posts (mlblog.comments)
    # BibTeX files every post may cite from, relative to the site folder (mlblog.bibliography)
    bibliography: tuple[str, ...] = ()
    citation_style: str = "author-year"  # (Vaswani et al., 2017), or "numeric": [1]
    # site.yaml's line of each key and list item, by its path (("menu", "0", "url")), for
    # warnings about a setting found out later. Not a setting: a comment added above one
    # changes no page (mlblog.pages leaves it out of its cache key too).
    key_lines: Mapping[tuple[str, ...], int] = field(
        default_factory=dict, compare=False, repr=False
    )

    def line(self, *path: str) -> int | None:
        """The line site.yaml gives `path` on, or None (a Config not read from one)."""
        return self.key_lines.get(path)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The path part of base_url, always starting and ending with '/'."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def origin(self) -> str:
        """Scheme and host of base_url, or '' when base_url is only a path."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""


def parse_config(text: str) -> Config:
    """Validate the text of a site.yaml; raises MlblogError listing every problem."""
    try:
        doc = parse_yaml(text)
    except YamlSyntaxError as exc:
        raise MlblogError(error(CONFIG_FILE, exc.line, exc.message)) from None
    data = doc.data if doc.data is not None else {}
    problems = validate(data, SCHEMA, (), doc)
    if isinstance(data, dict) and "title" not in data:
        problems.append(error(CONFIG_FILE, 1, 'missing required key "title"'))
    if problems:
        raise MlblogError(problems)
    return _build(data, doc.lines)


def _build(data: dict[str, Any], lines: Mapping[tuple[str, ...], int]) -> Config:
    excerpt = data.get("excerpt", {})
    math = data.get("math", {})
    base_url = data.get("base_url", "")
    return Config(
        title=data["title"],
        tagline=data.get("tagline") or "",
        description=data.get("description") or "",
        base_url=base_url if not base_url or base_url.endswith("/") else base_url + "/",
        language=data.get("language", "zh-CN").replace("_", "-"),  # Hexo's zh_CN too
        timezone=data.get("timezone", "UTC"),
        author=data.get("author") or "",
        per_page=data.get("per_page", 10),
        feed_limit=data.get("feed_limit", 20),
        feed_aliases=tuple(data.get("feed_aliases") or ()),
        term_feeds=data.get("term_feeds", True),
        updated_from_git=data.get("updated_from_git", False),
        related=data.get("related", 5),
        excerpt=ExcerptConfig(
            length=excerpt.get("length", 350),
            placeholders=Placeholders(**excerpt.get("placeholders", {})),
        ),
        permalinks=Permalinks(**data.get("permalinks", {})),
        math=MathConfig(macros=tuple(sorted(math.get("macros", {}).items()))),
        markdown=MarkdownConfig(**data.get("markdown", {})),
        menu=tuple(MenuItem(str(m["name"]), str(m["url"])) for m in data.get("menu", [])),
        slug=data.get("slug", "keep"),
        params=Params(data.get("params") or {}),
        words=tuple((str(k), v) for k, v in (data.get("words") or {}).items()),
        comments=comments_config(data.get("comments")),
        bibliography=tuple(n.strip() for n in _as_list(data.get("bibliography"))),
        citation_style=data.get("citation_style", "author-year"),
        key_lines=lines,
    )


def _as_list(value: Any) -> list[Any]:
    return [] if value is None else value if isinstance(value, list) else [value]


def load_config(site_dir: Path) -> Config:
    path = site_dir / CONFIG_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if not site_dir.exists():  # --site with a misspelt folder
            raise MlblogError(error(str(site_dir), None, "no such folder")) from None
        raise MlblogError(
            error(
                CONFIG_FILE,
                None,
                f"not found in {site_dir} ("
                + (
                    site_above(site_dir)
                    or "is this a site folder? run mlblog inside one or "
                    "pass --site DIR; `mlblog init DIR` makes one"
                )
                + ")",
            )
        ) from None
    except NotADirectoryError:  # --site site.yaml, or a path through a file
        raise MlblogError(
            error(str(site_dir), None, "is a file, not a site folder (pass the folder that "
                  f"holds {CONFIG_FILE})")
        ) from None  # fmt: skip
    except IsADirectoryError:
        raise MlblogError(error(str(path), None, "is a folder; it must be a YAML file")) from None
    except OSError as exc:  # unreadable
        raise MlblogError(error(str(path), None, f"cannot be read: {exc.strerror}")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # saved as GBK, often: the line of its first such byte
        line = raw[: exc.start].count(b"\n") + 1
        raise MlblogError(
            error(CONFIG_FILE, line, "is not valid UTF-8 (save the file as UTF-8)")
        ) from None
    return parse_config(text)


def site_above(folder: Path) -> str:
    """A hint naming the site a folder lies in (`mlblog build` run in content/posts), or ''."""
    start = folder.resolve()
    for parent in start.parents:
        if (parent / CONFIG_FILE).is_file():
            relative = os.path.relpath(parent, Path.cwd())
            return (
                f"this folder is inside the site {relative}: run mlblog there, "
                f"or pass --site {shlex.quote(relative)}"
            )
    return ""


def with_base_url(config: Config, base_url: str) -> Config:
    """The config with base_url overridden (from --base-url), validated the same way."""
    from dataclasses import replace

    if (message := base_url_problem(base_url)) is not None:
        raise MlblogError(error("--base-url", None, message))
    return replace(config, base_url=base_url if base_url.endswith("/") else base_url + "/")
