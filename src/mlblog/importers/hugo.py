"""Hugo: posts in `content/posts/` or `content/post/` (or, without either, in every section
folder of `content/`), as files or page bundles; shortcodes.

A bundle (`lora/index.md`) keeps its images beside it; `/images/x.png` is a file in
`static/` (or `assets/`). Front matter may be YAML, TOML (`+++`) or JSON. On a site of
more than one language, each translation (`attention.en.md`, or a file in a language's
own `contentDir`) is a post in its language (mlblog.importers.hugo_languages).
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from mlblog.diagnostics import Diagnostic, MlblogError, error, warning
from mlblog.importers import emit
from mlblog.importers.addresses import base_path, date_values, fill
from mlblog.importers.convert import Dialect, PostAddress, PostLinks, Unconverted
from mlblog.importers.frontmatter import Rules
from mlblog.importers.hugo_languages import Languages, read_languages
from mlblog.importers.model import (
    MARKDOWN_SUFFIXES,
    Address,
    AliasRules,
    ForeignPage,
    ForeignPost,
    ForeignSite,
    PageAddress,
    Translation,
    page_name,
    rel_to,
    translated_last,
    walk_files,
    without_suffix,
)
from mlblog.importers.tags import Tag, TagKind, parse_params
from mlblog.yamlfile import YamlSyntaxError, parse_yaml

SECTIONS = ("posts", "post")
# Where a Hugo site keeps its settings, in the order Hugo reads them.
CONFIG_FILES = tuple(
    f"{folder}{name}{suffix}"
    for folder in ("", "config/_default/")
    for name in ("hugo", "config")
    for suffix in (".toml", ".yaml", ".yml", ".json")
)
_CALLOUTS = ("admonition", "notice", "callout", "alert", "hint")
# What Hugo's urlize keeps of a title or path (besides letters and digits); a space is '-'.
_URL_DROPPED = re.compile(r"[^\w./~+#-]")


def discover(src: Path) -> ForeignSite:
    settings = _settings(src)
    languages = read_languages(src, settings)
    found = _Found([], [], [], [])
    for content, key in _content_folders(src, languages):
        _scan(src, content, key, languages, found)
    if not found.sections:
        raise MlblogError(
            error(str(src), None, "is not a Hugo site: no content/posts/ or other section "
                  "folder with Markdown in it")
        )  # fmt: skip
    for other in found.others:  # a site whose posts are in posts/ keeps pages and more elsewhere
        if other not in found.sections:
            held = ", ".join(rel_to(s, src) + "/" for s in found.sections)
            message = (
                f"not imported: only {held} holds posts; copy what else is a post into it first"
            )
            found.problems.append(warning(rel_to(other, src), None, message))
    static = (src / "static", src / "assets")
    base = next((v for k, v in settings.items() if k.lower() == "baseurl"), None)  # any case
    posts = sorted(found.posts, key=translated_last)  # a default language's post keeps its slug
    return ForeignSite(
        "Hugo", src, tuple(posts), static, DIALECT, Rules(toml_json=True),
        tuple(found.problems), escaped_math=not _passthrough(src),
        address=_address(settings, languages), base_path=base_path(base),
        pages=tuple(found.pages), page_address=_page_address(settings, languages),
        alias_rules=AliasRules(ugly=_keys(settings).get("uglyurls") is True),
    )  # fmt: skip


@dataclass(slots=True)
class _Found:
    posts: list[ForeignPost]
    pages: list[ForeignPage]
    sections: list[Path]  # the folders posts were taken from
    others: list[Path]  # section folders beside them, whose files were left
    problems: list[Diagnostic] = field(default_factory=list)


def _content_folders(src: Path, languages: Languages) -> list[tuple[Path, str]]:
    """Each content folder with the language its files are in unless their names say
    another: a language's own `contentDir`, and `content/` for the others."""
    own = [(src / folder, key) for folder, key in languages.folders.items()]
    shared = [(src / "content", languages.default)]
    if languages.folders and set(languages.folders.values()) >= set(languages.tags):
        shared = []  # every language has its own folder
    return [(folder, key) for folder, key in shared + own if folder.is_dir()]


def _scan(src: Path, content: Path, key: str, languages: Languages, found: _Found) -> None:
    """The posts and pages of one content folder, in the language `key` unless a file's
    name says another (`about.en.md`)."""
    owned = {src / folder for folder in languages.folders}  # another language's folder
    top = [d for d in sorted(content.iterdir()) if d not in owned]
    leaves = [d for d in top if d.is_dir() and _bundle_index(d, languages)]  # leaf bundles
    others = [
        d for d in top
        if d.is_dir() and not d.name.startswith((".", "_")) and d not in leaves
        and _has_markdown(d)
    ]  # fmt: skip
    sections = [content / name for name in SECTIONS if (content / name).is_dir()] or others
    found.sections += sections
    found.others += others
    # Pages: Markdown at the top of content/ (about.md) and bundles there (about/index.md);
    # `_index.md` is the home page, which mlblog makes.
    page_files = [f for f in top if f.is_file() and _markdown(f) and f.name[0] not in "_."]
    page_files += [index for leaf in leaves for index in _bundle_index(leaf, languages)]
    for file in page_files:
        name, lang = languages.split_stem(file.stem)
        translation = languages.translation(lang or key)
        name = page_name(rel_to(file.with_name(name + file.suffix), content))
        if translation is not None and not translation.default:
            name = f"{name}-{translation.key}"  # beside its default language's page
        rel = rel_to(file, src)
        found.pages.append(ForeignPage(file, rel, name, (file.parent,), translation=translation))
    for section in sections:
        files = list(walk_files(section))
        bundles = {f.parent for f in files if _is_index(f, languages) and f.parent != section}
        for file in files:
            rel = rel_to(file, src)
            owner = next((p for p in file.parents if p in bundles), None)
            if owner is not None and (file.parent != owner or not _is_index(file, languages)):
                continue  # one of a bundle's resources
            if file.name.startswith("_index."):
                continue  # a section's own page
            if file.suffix.lower() in (".html", ".htm"):
                found.problems.append(warning(rel, None, "not a Markdown post; not imported"))
            if not _markdown(file):
                continue
            stem, lang = languages.split_stem(file.stem)
            translation = languages.translation(lang or key)
            folder = file.parent if owner is not None else None
            name = folder.name if folder is not None else stem
            where = rel_to(folder, section) if folder else rel_to(file.with_name(stem), section)
            if translation is not None and not translation.default:
                where += f".{translation.key}"  # its name in links, beside its translations'
            found.posts.append(
                ForeignPost(
                    file=file,
                    rel=rel,
                    name=name,
                    keys=(f"{section.name}/{where}", where, name),
                    draft=False,
                    asset_dirs=(file.parent,),
                    translation=translation,
                )
            )


def _is_index(file: Path, languages: Languages) -> bool:
    """A bundle's text: `index.md`, or a translation of it (`index.en.md`)."""
    return _markdown(file) and languages.split_stem(file.stem)[0] == "index"


def _bundle_index(folder: Path, languages: Languages) -> list[Path]:
    """A leaf bundle's text, one file a language."""
    return [f for f in sorted(folder.glob("index.*")) if _is_index(f, languages)]


def _key(translation: Translation | None, languages: Languages) -> str:
    """The language an entry is in: on a site of one language, its default one."""
    return translation.key if translation is not None else languages.default


def _keys(settings: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in settings.items()}


def _page_address(settings: Mapping[str, Any], languages: Languages) -> PageAddress:
    """Where Hugo served a page at the top of content/: `/about/`, by its `slug` if it has
    one; lower-cased unless `disablePathToLower`; `/about.html` if `uglyURLs`; under its
    language's folder (`/en/about/`)."""
    keys = _keys(settings)

    def address(page: ForeignPage, meta: Mapping[str, Any]) -> str:
        own, lang = page.name, languages.prefix(_key(page.translation, languages))
        if page.translation is not None:
            own = own.removesuffix(f"-{page.translation.key}")  # (its name here, not there)
        name = _urlize(str(meta.get("slug") or "")) or _urlize(own)
        name = name if keys.get("disablepathtolower") is True else name.lower()
        return f"{lang}/{name}.html" if keys.get("uglyurls") is True else f"{lang}/{name}/"

    return address


def _settings(src: Path) -> dict[str, Any]:
    """The site's config (the first file Hugo would read), with a `config/_default/`
    permalinks file's table under `permalinks`; {} when none can be read."""
    data: dict[str, Any] = {}
    for name in (*CONFIG_FILES, "config/_default/permalinks.toml",
                 "config/_default/permalinks.yaml"):  # fmt: skip
        path = src / name
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
            read = tomllib.loads(text) if name.endswith(".toml") else parse_yaml(text).data
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, YamlSyntaxError):
            continue
        if isinstance(read, dict) and "/permalinks." in name:
            data.setdefault("permalinks", read)
        elif isinstance(read, dict) and not data:
            data = dict(read)
    return data


def _address(settings: Mapping[str, Any], languages: Languages) -> Address:
    """Where Hugo served a post: its section's `permalinks` pattern (`posts =
    "/:year/:month/:slug/"`, or under `[permalinks.page]`), else `/section/…/name/` with
    `slug` for the name; lower-cased unless `disablePathToLower`; `.html` if `uglyURLs`;
    under its language's folder (`/en/posts/a/`)."""
    keys = _keys(settings)
    table = keys.get("permalinks")
    table = table if isinstance(table, dict) else {}
    page = table.get("page")
    patterns = {**table, **page} if isinstance(page, dict) else table
    lower = keys.get("disablepathtolower") is not True
    ugly = keys.get("uglyurls") is True

    def address(post: ForeignPost, meta: Mapping[str, Any], when: datetime) -> str | None:
        section, _, path = post.keys[0].partition("/")
        title = _urlize(str(meta.get("title") or ""))
        slug = _urlize(str(meta.get("slug") or "")) or None
        pattern = patterns.get(section)
        if isinstance(pattern, str):
            values = date_values(when) | {
                "monthname": when.strftime("%B"),
                "weekday": str(when.isoweekday() % 7),
                "weekdayname": when.strftime("%A"),
                "yearday": str(when.timetuple().tm_yday),
                "section": section,
                "sections": "/".join([section, *path.split("/")[:-1]]),
                "title": title,
                "slug": slug or title,
                "filename": post.name,
                "slugorfilename": slug or post.name,
                "contentbasename": post.name,
                "slugorcontentbasename": slug or post.name,
            }
            found = fill(pattern, values)
        else:
            folders = path.split("/")[:-1]
            found = "/" + "/".join([section, *folders, slug or post.name]) + "/"
        if found is None:
            return None
        found = _urlize(found)
        if ugly and found.endswith("/") and found != "/":
            found = found.rstrip("/") + ".html"
        found = languages.prefix(_key(post.translation, languages)) + found
        return found.lower() if lower else found

    return address


def _urlize(text: str) -> str:
    return _URL_DROPPED.sub("", text.strip().replace(" ", "-"))


_PASSTHROUGH = re.compile(r"passthrough[\s\S]{0,400}?enable\s*[=:]\s*true", re.IGNORECASE)


def _passthrough(src: Path) -> bool:
    """Whether the site's config turns on goldmark's passthrough extension (Hugo 0.122+),
    which hands math to the page as written; without it Markdown's escapes applied."""
    for name in (*CONFIG_FILES, "config/_default/markup.toml"):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            if _PASSTHROUGH.search((src / name).read_text(encoding="utf-8-sig")):
                return True
    return False


def _markdown(file: Path) -> bool:
    return file.suffix.lower() in MARKDOWN_SUFFIXES


def _has_markdown(folder: Path) -> bool:
    return any(_markdown(f) and not f.name.startswith("_index.") for f in walk_files(folder))


def _admonition(tag: Tag) -> tuple[str, str]:
    """`admonition type="tip" title="…"`, `notice tip "…"`, `callout note`, `hint info` …"""
    params = parse_params(tag.args)
    first = params.positional[0] if params.positional else ""
    word = params.get("type") or params.get("color") or params.get("class") or first
    kind = emit.admonition_kind(word) if word else None
    title = params.get("title")
    if not title and kind is not None and len(params.positional) > 1:
        title = params.positional[1]
    return kind or ("warning" if tag.name == "alert" else "note"), title


def _figure(tag: Tag) -> str | None:
    params = parse_params(tag.args)
    src = params.get("src", 0)
    if not src:
        return None
    alt, caption, title = params.get("alt"), params.get("caption"), params.get("title")
    # Hugo shows the title above the caption, under the image: one caption line here.
    shown = ": ".join(part for part in (title, caption) if part)
    picture = emit.image(src, alt or caption or title, shown, caption=True)
    link = params.get("link")
    return f"[{picture}]({emit.destination(link)})" if link else picture


def _ref(tag: Tag, links: PostLinks) -> str | PostAddress | Unconverted:
    """`ref "posts/lora.md#intro"` → `../2024-01-02-lora/index.md#intro`."""
    params = parse_params(tag.args)
    target = params.get("path", 0)
    path, _, fragment = target.partition("#")
    if not path.strip() and fragment:
        return f"#{fragment}"  # a heading of the page itself
    key = without_suffix(path.strip("/").removeprefix("content/"))
    key = key.removesuffix("/index").removesuffix("/_index")
    found = links.link(key)
    if found is None:
        return Unconverted(f"no imported post is {target}")
    return PostAddress(found[0] + (f"#{fragment}" if fragment else ""), found[1])


def _code_lang(tag: Tag) -> str:
    """`highlight go "linenos=table,hl_lines=8 15-17,linenostart=199"` →
    `go hl_lines="8 15-17" linenums="199"`."""
    params = parse_params(tag.args)
    options = dict(o.partition("=")[::2] for o in params.get("options", 1).split(",") if "=" in o)
    options.update(params.named)
    numbered = options.get("linenos", "false") not in ("false", "")
    start = options.get("linenostart", "1")
    first = (int(start) if start.isdigit() else 1) if numbered else 0
    return emit.code_info(params.get("lang", 0), "", options.get("hl_lines", ""), first)


def _inline(tag: Tag, links: PostLinks) -> str | PostAddress | Unconverted | None:
    if tag.name == "katex" and not tag.args:
        return ""  # (Blowfish, Congo) loads KaTeX on the page; mlblog typesets at build time
    if tag.name == "figure":
        return _figure(tag)
    if tag.name in ("ref", "relref"):
        return _ref(tag, links)
    return None


DIALECT = Dialect(
    labels={
        TagKind.SHORTCODE: "Hugo shortcode",
        TagKind.LIQUID: "template tag",
        TagKind.OUTPUT: "template output",
    },
    kinds=frozenset({TagKind.SHORTCODE}),
    code_blocks={"highlight": "/highlight"},
    containers={name: f"/{name}" for name in _CALLOUTS},
    code_lang=lambda tag: _code_lang(tag),
    admonition=_admonition,
    inline=_inline,
    hugo_escapes=True,
)
