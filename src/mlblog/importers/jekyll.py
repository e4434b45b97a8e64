"""Jekyll: posts in `_posts/` (drafts in `_drafts/`), Liquid tags, kramdown attributes.

`/assets/x.png` is a file under the site folder itself; `{{ site.baseurl }}` only
prefixes such paths, and mlblog applies its own base_url to them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import datetime
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from mlblog.content.slugs import split_jekyll_name
from mlblog.diagnostics import Diagnostic, MlblogError, error, warning
from mlblog.importers import emit
from mlblog.importers.addresses import base_path, date_values, fill
from mlblog.importers.chirpy_tabs import TABS, tab_address, tab_pattern, tabs
from mlblog.importers.convert import Dialect, PostAddress, PostLinks, Unconverted
from mlblog.importers.frontmatter import Rules
from mlblog.importers.model import (
    MARKDOWN_SUFFIXES,
    Address,
    ForeignPage,
    ForeignPost,
    ForeignSite,
    PageAddress,
    html_page,
    page_name,
    rel_to,
    starts_front_matter,
    translated_last,
    walk_files,
    without_suffix,
)
from mlblog.importers.polyglot import Polyglot, read_polyglot
from mlblog.importers.tags import Tag, TagKind, parse_params
from mlblog.render.liquid import site_address
from mlblog.yamlfile import YamlSyntaxError, parse_yaml

RULES = Rules(split_spaces=True)
# Jekyll's built-in permalink styles (`permalink: pretty`); `date` is the default.
STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


def discover(src: Path) -> ForeignSite:
    drafts_dir = src / "_drafts"
    posts_dirs = _posts_folders(src)
    if not posts_dirs and not drafts_dir.is_dir():
        raise MlblogError(error(str(src), None, "is not a Jekyll site: no _posts/ folder"))
    posts: list[ForeignPost] = []
    problems = []
    settings = _settings(src)
    polyglot = read_polyglot(settings)
    folders = [(folder, False) for folder in posts_dirs] + [(drafts_dir, True)]
    for folder, draft in folders:
        if not folder.is_dir():
            continue
        # `ml/_posts/x.md` is in category ml, as Jekyll files it
        categories = tuple(folder.parent.relative_to(src).parts)
        for file in walk_files(folder):
            rel = rel_to(file, src)
            if file.suffix.lower() in (".html", ".htm", ".textile"):
                problems.append(warning(rel, None, "not a Markdown post; not imported"))
            if file.suffix.lower() not in MARKDOWN_SUFFIXES:
                continue
            if not draft and split_jekyll_name(file.stem)[0] is None:
                message = "its name has no date (YYYY-MM-DD-title), so Jekyll never published it"
                problems.append(warning(rel, None, f"{message}; not imported"))
                continue
            posts.append(
                ForeignPost(
                    file=file,
                    rel=rel,
                    name=file.stem,
                    keys=(without_suffix(rel_to(file, folder)), file.stem),
                    draft=draft,
                    asset_dirs=(file.parent,),
                    categories=categories,
                    translation=polyglot.translation(file, RULES) if polyglot else None,
                )
            )
    posts.sort(key=translated_last)  # a default language's post keeps the shared slug
    separator = settings.get("excerpt_separator")
    pages = _pages(src, settings, problems)
    return ForeignSite(
        "Jekyll", src, tuple(posts), (src,), DIALECT, RULES, tuple(problems),
        more_marker=separator if isinstance(separator, str) else "",
        address=_address(settings, polyglot), base_path=base_path(settings.get("baseurl")),
        pages=tuple(pages), page_address=_page_address(settings),
        bibliographies=_bibliographies(src, settings), media_path=_media_path,
    )  # fmt: skip


def _media_path(meta: Mapping[str, Any]) -> str | None:
    """Chirpy's `media_subpath` (`img_path` before Chirpy 7): the folder its theme puts
    before each image path of the post."""
    value = meta.get("media_subpath", meta.get("img_path"))
    return value.strip() if isinstance(value, str) and value.strip() else None


def _bibliographies(src: Path, settings: Mapping[str, Any]) -> tuple[Path, ...]:
    """The .bib files jekyll-scholar (al-folio) cites from: `scholar: bibliography:` in
    its `source` folder (`_bibliography/` by default), or every .bib file there."""
    scholar = settings.get("scholar")
    scholar = scholar if isinstance(scholar, Mapping) else {}
    source = str(scholar.get("source") or "_bibliography").strip().removeprefix("./")
    folder = src / source.strip("/")
    if not folder.is_dir() or not folder.resolve().is_relative_to(src.resolve()):
        return ()
    named = scholar.get("bibliography")
    if isinstance(named, str) and named.strip():
        for name in (named.strip(), named.strip() + ".bib"):  # (scholar adds .bib if missing)
            if (folder / name).is_file():
                return (folder / name,)
    return tuple(sorted(f for f in folder.glob("*.bib") if f.is_file()))


# Folders and root files Jekyll would make pages of that are no pages of the site: the
# theme's files, installed packages, and the repository's own documents.
_NOT_PAGES = ("assets", "vendor", "node_modules")
_REPO_FILES = ("readme", "changelog", "license", "licence", "contributing", "code_of_conduct")


def _pages(src: Path, settings: Mapping[str, Any], problems: list[Diagnostic]) -> list[ForeignPage]:
    """Files Jekyll made pages of: outside `_` and `.` folders (posts, layouts, `_site/`),
    opening with front matter (without, a file is copied as it is). An HTML page is a
    template of the old theme more than a text: named, not imported."""
    excluded = [str(e).strip("/") for e in settings.get("exclude") or [] if isinstance(e, str)]
    pages: list[ForeignPage] = []
    for dirpath, dirnames, filenames in os.walk(src):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames
            if not d.startswith(("_", ".")) and not (here == src and d in _NOT_PAGES)
        )  # fmt: skip
        for name in sorted(filenames):
            file = here / name
            rel = rel_to(file, src)
            if name.startswith(("_", ".", "#", "~")) or any(
                fnmatch(rel, e) or rel.startswith(e + "/") for e in excluded
            ):
                continue
            suffix = file.suffix.lower()
            if here == src and file.stem.lower() in _REPO_FILES:
                continue
            if suffix not in (*MARKDOWN_SUFFIXES, ".html", ".htm"):
                continue
            if not starts_front_matter(file):
                continue
            if suffix in (".html", ".htm"):
                if rel.lower() not in ("index.html", "index.htm"):  # the home page: mlblog's
                    problems.append(html_page(rel))
                continue
            pages.append(ForeignPage(file, rel, page_name(rel), (here,)))
    return pages + tabs(src, settings)


def _page_address(settings: Mapping[str, Any]) -> PageAddress:
    """Where Jekyll served a page: `index.md` at its folder, others at their path with
    `.html`, or as a folder where the site's permalink style ends in `/` (`pretty`)."""
    style = str(settings.get("permalink") or "date")
    folder = style == "pretty" or (style not in STYLES and style.endswith("/"))
    tab = tab_pattern(settings)

    def address(page: ForeignPage, meta: Mapping[str, Any]) -> str:
        stem = without_suffix(page.rel)
        if stem.startswith(TABS + "/"):
            return tab_address(tab, stem.removeprefix(TABS + "/"))
        if stem == "index" or stem.endswith("/index"):
            return "/" + stem.removesuffix("index")
        return f"/{stem}/" if folder else f"/{stem}.html"

    return address


def _posts_folders(src: Path) -> list[Path]:
    """`_posts/` and every `<category>/_posts/` (outside `_site/` and other `_` or `.`
    folders, which Jekyll does not read for posts)."""
    found = [src / "_posts"] if (src / "_posts").is_dir() else []
    for dirpath, dirnames, _ in os.walk(src):
        here = Path(dirpath)
        if here != src and (here / "_posts").is_dir():
            found.append(here / "_posts")
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(("_", ".")) and d not in ("node_modules", "vendor")
        )
    return found


def _settings(src: Path) -> dict[str, Any]:
    """`_config.yml` (`excerpt_separator`, `permalink` …), or {}: Jekyll's defaults."""
    try:
        data = parse_yaml((src / "_config.yml").read_text(encoding="utf-8-sig")).data
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return {}
    return data if isinstance(data, dict) else {}


def _address(settings: Mapping[str, Any], polyglot: Polyglot | None) -> Address:
    """Where Jekyll served a post: `permalink` (a style such as `pretty`, or a pattern;
    the default `date`), or the one front-matter `defaults` gives posts (Chirpy's
    `/posts/:title/`); under its language's folder with jekyll-polyglot (`/zh/…`)."""
    site_pattern = str(settings.get("permalink") or "date")
    scoped: list[tuple[str, str]] = []  # (path the scope covers, permalink)
    defaults = settings.get("defaults")
    for item in defaults if isinstance(defaults, list) else []:
        scope = item.get("scope") if isinstance(item, dict) else None
        values = item.get("values") if isinstance(item, dict) else None
        scope = scope if isinstance(scope, dict) else {}
        permalink = values.get("permalink") if isinstance(values, dict) else None
        if isinstance(permalink, str) and scope.get("type", "posts") == "posts":
            scoped.append((str(scope.get("path") or "").strip("/"), permalink))

    def address(post: ForeignPost, meta: Mapping[str, Any], when: datetime) -> str | None:
        # (the last default that matches wins, as in Jekyll)
        pattern = next(
            (p for path, p in reversed(scoped) if not path or post.rel.startswith(path + "/")),
            site_pattern,
        )
        pattern = STYLES.get(pattern, pattern)
        name = str(meta.get("slug") or split_jekyll_name(post.name)[1])
        categories = [*post.categories]
        for key in ("categories", "category"):
            value = meta.get(key)
            if isinstance(value, list):  # an item of a list is one category, spaces or not
                categories += [str(item) for item in value if item is not None]
            elif value:
                categories += str(value).split() if key == "categories" else [str(value)]
        values = date_values(when) | {
            "title": re.sub(r"[^\w.~!$&'()+,;=@]+", "-", name).strip("-"),
            "slug": re.sub(r"[\W_]+", "-", name.lower()).strip("-"),
            "categories": "/".join(dict.fromkeys(c.lower() for c in categories)),
            "output_ext": ".html",
        }
        found = fill(pattern, values)
        return polyglot.prefix(meta) + found if polyglot and found else found

    return address


def _code_lang(tag: Tag) -> str:
    """`highlight ruby linenos mark_lines="1 2"` → `ruby hl_lines="1 2" linenums="1"`."""
    params = parse_params(tag.args)
    numbered = "linenos" in params.positional[1:] or "linenos" in params.named
    return emit.code_info(
        params.get("lang", 0), "", params.named.get("mark_lines", ""), int(numbered)
    )


def _post(name: str, links: PostLinks) -> PostAddress | Unconverted:
    found = links.link(name)
    return PostAddress(*found) if found else Unconverted(f"no imported post is named {name}")


def _citation(args: tuple[str, ...]) -> str | Unconverted:
    """jekyll-scholar's (al-folio's) `{% cite a b --locator 23 %}` → `[@a; @b, p. 23]`,
    which mlblog renders from site.yaml's `bibliography:` (the old `_bibliography/*.bib`)."""
    keys: list[str] = []
    options: dict[str, str] = {}
    words = iter(args)
    for word in words:
        if word.startswith("-"):
            options[word.lstrip("-")] = next(words, "")
        else:
            keys.append(word)
    if not keys or set(options) - {"l", "locator", "label"}:
        return Unconverted("only keys, --locator and --label have a pandoc citation's form")
    locator = options.get("locator") or options.get("l")
    suffix = f", {options.get('label') or 'p.'} {locator}" if locator else ""
    return "[" + "; ".join(f"@{key}" for key in keys) + suffix + "]"


def _inline(tag: Tag, links: PostLinks) -> str | PostAddress | Unconverted | None:
    if tag.kind is TagKind.OUTPUT:
        # "" where it only prefixed a site path, which mlblog prefixes itself
        return site_address(tag.args)
    params = parse_params(tag.args)
    if tag.name == "cite" and params.positional:
        return _citation(params.positional)
    if tag.name == "bibliography":
        return ""  # mlblog lists a post's references at its end by itself
    if tag.name == "post_url" and params.positional:
        return _post(params.positional[0], links)
    if tag.name == "link" and params.positional:
        path = params.positional[0]
        if path.startswith(("_posts/", "_drafts/")):
            return _post(without_suffix(path.partition("/")[2]), links)
    return None


DIALECT = Dialect(
    labels={
        TagKind.LIQUID: "Liquid tag",
        TagKind.OUTPUT: "Liquid output",
        TagKind.SHORTCODE: "shortcode",
    },
    kinds=frozenset({TagKind.LIQUID, TagKind.OUTPUT}),
    code_blocks={"highlight": "endhighlight"},
    containers={},
    code_lang=lambda tag: _code_lang(tag),
    admonition=lambda tag: ("note", ""),
    inline=_inline,
    raw_blocks=True,
)
