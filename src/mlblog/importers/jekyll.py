"""Jekyll: posts in `_posts/` (drafts in `_drafts/`), Liquid tags, kramdown attributes.

`/assets/x.png` is a file under the site folder itself; `{{ site.baseurl }}` only
prefixes such paths, and mlblog applies its own base_url to them.
"""

from __future__ import annotations

import re
from pathlib import Path

from mlblog.diagnostics import MlblogError, error, warning
from mlblog.importers.convert import Dialect, PostAddress, PostLinks, Unconverted
from mlblog.importers.frontmatter import Rules
from mlblog.importers.model import (
    MARKDOWN_SUFFIXES,
    ForeignPost,
    ForeignSite,
    rel_to,
    walk_files,
    without_suffix,
)
from mlblog.importers.tags import Tag, TagKind, parse_params
from mlblog.yamlfile import YamlSyntaxError, parse_yaml

_SITE_PREFIX = re.compile(r"^site\.(?:baseurl|url)$")
_FILTERED_PATH = re.compile(
    r"""^(?P<q>["'])(?P<path>[^"']*)(?P=q)\s*\|\s*
    (?:relative_url|absolute_url|prepend:\s*site\.(?:baseurl|url))$""",
    re.VERBOSE,
)


def discover(src: Path) -> ForeignSite:
    posts_dir, drafts_dir = src / "_posts", src / "_drafts"
    if not posts_dir.is_dir() and not drafts_dir.is_dir():
        raise MlblogError(error(str(src), None, "is not a Jekyll site: no _posts/ folder"))
    posts: list[ForeignPost] = []
    problems = []
    for folder, draft in ((posts_dir, False), (drafts_dir, True)):
        if not folder.is_dir():
            continue
        for file in walk_files(folder):
            rel = rel_to(file, src)
            if file.suffix.lower() in (".html", ".htm", ".textile"):
                problems.append(warning(rel, None, "not a Markdown post; not imported"))
            if file.suffix.lower() not in MARKDOWN_SUFFIXES:
                continue
            posts.append(
                ForeignPost(
                    file=file,
                    rel=rel,
                    name=file.stem,
                    keys=(without_suffix(rel_to(file, folder)), file.stem),
                    draft=draft,
                    asset_dirs=(file.parent,),
                )
            )
    return ForeignSite(
        "Jekyll", src, tuple(posts), (src,), DIALECT, Rules(split_spaces=True), tuple(problems),
        more_marker=_excerpt_separator(src),
    )  # fmt: skip


def _excerpt_separator(src: Path) -> str:
    """`excerpt_separator` from `_config.yml`, if it sets one."""
    try:
        data = parse_yaml((src / "_config.yml").read_text(encoding="utf-8-sig")).data
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return ""
    value = data.get("excerpt_separator") if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


def _post(name: str, links: PostLinks) -> PostAddress | Unconverted:
    found = links.link(name)
    return PostAddress(*found) if found else Unconverted(f"no imported post is named {name}")


def _inline(tag: Tag, links: PostLinks) -> str | PostAddress | Unconverted | None:
    if tag.kind is TagKind.OUTPUT:
        if _SITE_PREFIX.match(tag.args):
            return ""  # it only prefixed a site path, which mlblog prefixes itself
        if match := _FILTERED_PATH.match(tag.args):
            return match["path"]
        return None
    params = parse_params(tag.args)
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
    code_lang=lambda tag: parse_params(tag.args).get("lang", 0),
    admonition=lambda tag: ("note", ""),
    inline=_inline,
    raw_blocks=True,
)
