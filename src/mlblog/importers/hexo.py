"""Hexo: posts in `source/_posts/` (drafts in `source/_drafts/`), Nunjucks tags.

With `post_asset_folder: true` in `_config.yml`, `source/_posts/x/` holds the images of
`x.md`, which `{% asset_img %}` names. `/images/x.png` is `source/images/x.png`. On a
site of more than one language whose posts are in a folder each (`new_post_name:
:lang/:title.md`), each post is in its folder's language.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from mlblog.diagnostics import Diagnostic, MlblogError, error, warning
from mlblog.importers import emit
from mlblog.importers.addresses import base_path, date_values, fill, scalar
from mlblog.importers.convert import Dialect, PostAddress, PostLinks, Unconverted
from mlblog.importers.frontmatter import Rules
from mlblog.importers.model import (
    MARKDOWN_SUFFIXES,
    Address,
    ForeignPage,
    ForeignPost,
    ForeignSite,
    Translation,
    html_page,
    page_name,
    rel_to,
    starts_front_matter,
    translated_last,
    walk_files,
    without_suffix,
)
from mlblog.importers.tags import Tag, TagKind, parse_params
from mlblog.render.hexo_notes import kind_and_title
from mlblog.yamlfile import YamlSyntaxError, parse_yaml

_SIZE = re.compile(r"^\d+(?:px|%|em|rem)?$")
_FILE = re.compile(r"\.\w+$|/")
_TITLE_ALT = re.compile(r"""["']?([^"']+)?["']?\s*["']?([^"']+)?["']?""")
# hexo-util's slugize: runs of spaces and punctuation become one '-'
_SPECIAL = re.compile(r"""[\s~`!@#$%^&*()\-_+=\[\]{}|\\;:"'<>,.?/]+""")
_NAME_TOKEN = re.compile(r":([a-z_]+)")
_NAME_PARTS = {"year": r"\d{4}", "month": r"\d{2}", "day": r"\d{2}", "i_month": r"\d{1,2}",
               "i_day": r"\d{1,2}"}  # fmt: skip
_DATE_NAMES = frozenset((*_NAME_PARTS, "hash"))  # tokens of a name Hexo reads the date from


def discover(src: Path) -> ForeignSite:
    source = src / "source"
    posts_dir, drafts_dir = source / "_posts", source / "_drafts"
    if not posts_dir.is_dir() and not drafts_dir.is_dir():
        raise MlblogError(error(str(src), None, "is not a Hexo site: no source/_posts/ folder"))
    settings, problems = _settings(src)
    asset_folders = settings.get("post_asset_folder") is True
    language = _language(settings)
    posts: list[ForeignPost] = []
    for folder, draft in ((posts_dir, False), (drafts_dir, True)):
        if not folder.is_dir():
            continue
        files = list(walk_files(folder))
        markdown = {f for f in files if f.suffix.lower() in MARKDOWN_SUFFIXES}
        stems = {f.with_suffix("") for f in markdown}
        for file in files:
            if asset_folders and any(parent in stems for parent in file.parents):
                continue  # a post's asset folder: images, not posts
            rel = rel_to(file, src)
            if file.suffix.lower() in (".html", ".htm"):
                problems.append(warning(rel, None, "not a Markdown post; not imported"))
            if file not in markdown:
                continue
            asset_dir = file.with_suffix("")
            posts.append(
                ForeignPost(
                    file=file,
                    rel=rel,
                    name=file.stem,
                    keys=(without_suffix(rel_to(file, folder)), file.stem),
                    draft=draft,
                    asset_dirs=(asset_dir, file.parent) if asset_folders else (file.parent,),
                    translation=language(without_suffix(rel_to(file, folder))),
                )
            )
    posts.sort(key=translated_last)  # a default language's post keeps the shared slug
    root = base_path(settings.get("root") or settings.get("url"))  # root wins, as in Hexo
    scaffold = src / "scaffolds" / "post.md"  # `hexo new`'s, filled in as mlblog new fills
    pages = _pages(source, settings, problems)
    return ForeignSite(
        "Hexo", src, tuple(posts), (source,), DIALECT, Rules(bare_yaml=True), tuple(problems),
        address=_address(settings), base_path=root,
        archetype=scaffold if scaffold.is_file() else None,
        pages=tuple(pages), page_address=_page_address,
    )  # fmt: skip


def _language(settings: Mapping[str, Any]) -> Callable[[str], Translation | None]:
    """The language of a post at a path in `_posts/` on a site of more than one (`language:
    [zh-CN, en]`, the first the default), by `new_post_name`'s `:lang` (`:lang/:title.md`);
    None where its name does not say it, and its front matter's `lang:` is the one."""
    listed = settings.get("language")
    names = [str(n) for n in listed if n and n != "default"] if isinstance(listed, list) else []
    new_post_name = str(settings.get("new_post_name") or ":title.md")

    def language(path: str) -> Translation | None:
        lang = _name_values(new_post_name, path).get("lang") if len(names) > 1 else None
        return Translation(lang, lang, lang == names[0]) if lang else None

    return language


def _pages(
    source: Path, settings: Mapping[str, Any], problems: list[Diagnostic]
) -> list[ForeignPage]:
    """What Hexo rendered as pages: Markdown in `source/` outside `_` folders (`_posts/`,
    `_drafts/`) and `skip_render`, front matter or not (`hexo new page about` writes
    `source/about/index.md`)."""
    skip = settings.get("skip_render") or []
    patterns = [str(p) for p in (skip if isinstance(skip, list) else [skip])]
    pages: list[ForeignPage] = []
    for dirpath, dirnames, filenames in os.walk(source):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(("_", ".")))
        for name in sorted(filenames):
            file = here / name
            rel = rel_to(file, source)
            if name.startswith(("_", ".")) or any(
                fnmatch(rel, p) or fnmatch(rel, p.removesuffix("/**") + "/*") for p in patterns
            ):
                continue
            suffix = file.suffix.lower()
            if suffix in (".html", ".htm") and starts_front_matter(file):
                problems.append(html_page(rel_to(file, source.parent)))
            elif suffix in MARKDOWN_SUFFIXES:
                pages.append(
                    ForeignPage(file, rel_to(file, source.parent), page_name(rel), (here,))
                )
    return pages


def _page_address(page: ForeignPage, meta: Mapping[str, Any]) -> str:
    """`source/about/index.md` → `/about/`; `source/404.md` → `/404.html`."""
    stem = without_suffix(page.rel.removeprefix("source/"))
    if stem == "index" or stem.endswith("/index"):
        return "/" + stem.removesuffix("index")
    return f"/{stem}.html"


def _settings(src: Path) -> tuple[dict[str, Any], list[Diagnostic]]:
    """`_config.yml` (`post_asset_folder`, `permalink` …), or {}: Hexo's defaults."""
    path = src / "_config.yml"
    if not path.is_file():
        return {}, []
    try:
        doc = parse_yaml(path.read_text(encoding="utf-8-sig"))
    except (YamlSyntaxError, UnicodeDecodeError, OSError) as exc:
        line = exc.line if isinstance(exc, YamlSyntaxError) else None
        return {}, [warning("_config.yml", line, f"cannot read it ({exc}); assuming defaults")]
    return (doc.data if isinstance(doc.data, dict) else {}), []


def _address(settings: Mapping[str, Any]) -> Address:
    """Where Hexo served a post: `permalink` (default `:year/:month/:day/:title/`), whose
    `:title` is the file's path in `_posts/` as `new_post_name` reads it, and whose other
    tokens may name any front-matter field (hexo-abbrlink's `:abbrlink`)."""
    pattern = str(settings.get("permalink") or ":year/:month/:day/:title/")
    new_post_name = str(settings.get("new_post_name") or ":title.md")
    default_category = str(settings.get("default_category") or "uncategorized")

    defaults = settings.get("permalink_defaults")
    defaults = {str(k): str(v) for k, v in defaults.items()} if isinstance(defaults, dict) else {}

    def address(post: ForeignPost, meta: Mapping[str, Any], when: datetime) -> str | None:
        title = _title(new_post_name, post.keys[0])
        values = {
            k: v for k in meta if k not in ("title", "slug") and (v := scalar(meta, k))
        }  # fmt: skip
        # The file's path outranks its front matter (`:lang` of `:lang/:title.md`), as in Hexo
        named = _name_values(new_post_name, post.keys[0]).items()
        values |= {k: v for k, v in named if k not in _DATE_NAMES and k != "title"}
        categories = meta.get("categories", meta.get("category"))
        values |= date_values(when) | {
            "title": title,
            "name": title.rpartition("/")[2],
            "post_title": _slugize(str(meta.get("title", ""))).lower(),
            "category": _category(categories) or default_category,
        }
        return fill(pattern, defaults | values)  # permalink_defaults: where a post has none

    return address


def _title(new_post_name: str, path: str) -> str:
    """The `:title` of a post at `path` (in `_posts/`, without suffix) named by the
    `new_post_name` pattern (`:year-:month-:day-:title.md`); Hexo's post slug."""
    return _name_values(new_post_name, path).get("title") or _slugize(path)


def _name_values(new_post_name: str, path: str) -> dict[str, str]:
    """The values `new_post_name`'s tokens take in `path` (`:lang/:title.md` gives `lang`
    and `title`); {} when the path does not follow it."""
    rule = new_post_name.rpartition(".")[0] if "." in new_post_name else new_post_name
    pieces = _NAME_TOKEN.split(rule)  # literal text, token name, literal text …
    parts = [
        re.escape(piece) if index % 2 == 0 else f"(?P<{piece}>{_NAME_PARTS.get(piece, '.+?')})"
        for index, piece in enumerate(pieces)
    ]
    try:
        match = re.fullmatch("".join(parts), path)
    except re.error:  # a token twice
        match = None
    return match.groupdict() if match else {}


def _slugize(text: str) -> str:
    return _SPECIAL.sub("-", text).strip("-")


def _category(value: Any) -> str:
    """`:category`: the path of the post's category, as Hexo nests `[ML, NLP]`."""
    if isinstance(value, list) and value and isinstance(value[0], list):
        value = value[0]  # `[[ML, NLP], [Math]]`: the first of several paths
    names = value if isinstance(value, list) else [value] if value else []
    return "/".join(_slugize(str(name)) for name in names if name is not None)


def _code_lang(tag: Tag) -> str:
    """`{% codeblock train.py lang:python mark:2,4-5 first_line:10 %}` →
    `python title="train.py" hl_lines="2 4-5" linenums="10"`."""
    options: dict[str, str] = {}
    words: list[str] = []
    for word in parse_params(tag.args).positional:
        key, colon, value = word.partition(":")
        if colon and key in ("lang", "mark", "first_line", "line_number", "highlight", "wrap"):
            options[key] = value
        else:
            words.append(word)
    title = words[0] if words and not words[0].startswith(("http://", "https://")) else ""
    first = options.get("first_line", "")
    numbered = options.get("line_number") == "true" or first.isdigit()
    return emit.code_info(
        options.get("lang", ""), title, options.get("mark", ""),
        (int(first) if first.isdigit() else 1) if numbered else 0,
    )  # fmt: skip


def _admonition(tag: Tag) -> tuple[str, str]:
    """`{% note warning no-icon 显存不够时 %}` → ("warning", "显存不够时")."""
    return kind_and_title(" ".join(parse_params(tag.args).positional))


def _image(args: str) -> str | None:
    """`[class …] path [width] [height] [title [alt]]` (Hexo's img and asset_img)."""
    words = list(parse_params(args).positional)
    index = next((i for i, w in enumerate(words) if _FILE.search(w)), None)
    if index is None:
        return None
    src, rest = words[index], words[index + 1 :]
    sizes: list[str] = []
    while rest and _SIZE.match(rest[0]):
        sizes.append(rest.pop(0))
    # Hexo's own reading of what is left: `title [alt]`, each optionally quoted.
    meta = _TITLE_ALT.match(" ".join(rest))
    title, alt = ((meta[1] or "").strip(), (meta[2] or "").strip()) if meta else ("", "")
    # its width and height, as the attribute list the build sizes an image by
    size = " ".join(f'{k}="{v}"' for k, v in zip(("width", "height"), sizes, strict=False))
    return emit.image(src, alt or title, title) + (f"{{ {size} }}" if size else "")


# Hexo's blockquote tag reads its arguments so (lib/plugins/tag/blockquote): `author
# link [link title]`, else `author, source`, else all of it the author.
_CITE_TITLED = re.compile(r"(\S.*)\s+(https?://\S+)\s+(.+)", re.IGNORECASE)
_CITE = re.compile(r"(\S.*)\s+(https?://\S+)", re.IGNORECASE)
_AUTHOR_SOURCE = re.compile(r"([^,]+),\s*([^,]+)")
_URL = re.compile(r"[A-Za-z]{3,9}:|www\.")  # what Hexo's link tag takes for the address


def _attribution(tag: Tag) -> str:
    """`{% blockquote Seth Godin http://x.com/a Island Marketing %}` → `— **Seth Godin**,
    [*Island Marketing*](http://x.com/a)`: Hexo's footer, the author strong, the source
    cited (italic), linked where it has an address (titled by it, without `http://`)."""
    words = " ".join(parse_params(tag.args).positional)
    if not words or tag.name == "pullquote":  # a pull quote's words are its CSS classes
        return ""
    author = source = title = ""
    if match := _CITE_TITLED.search(words):
        author, source, title = match.groups()
    elif match := _CITE.search(words):
        author, source = match.groups()
    elif match := _AUTHOR_SOURCE.search(words):
        author, title = match.groups()
    else:
        author = words
    parts = [f"**{emit.escape_text(author.strip())}**"] if author.strip() else []
    if source:
        shown = title.strip() or re.sub(r"^https?://|/(index\.html?)?$", "", source)
        parts.append(emit.link(source, f"*{shown}*"))
    elif title.strip():
        parts.append(f"*{emit.escape_text(title.strip())}*")
    return "— " + ", ".join(parts)


def _link(words: tuple[str, ...]) -> str | Unconverted:
    """`{% link text url [external] [title] %}` → `[text](url "title")`."""
    index = next((i for i, word in enumerate(words) if _URL.match(word)), None)
    if index is None:
        return Unconverted("it names no address (http://…) Hexo would link to")
    text, rest = " ".join(words[:index]), list(words[index + 1 :])
    new_window = bool(rest) and rest[0] == "true"
    if rest and rest[0] in ("true", "false"):
        rest = rest[1:]
    link = emit.link(words[index], text)
    title = " ".join(rest).replace('"', "'")
    link = f'{link[:-1]} "{title}")' if title else link
    return link + "{ target=_blank }" if new_window else link  # (an attribute list)


def _inline(tag: Tag, links: PostLinks) -> str | PostAddress | Unconverted | None:
    if tag.kind is not TagKind.LIQUID:
        return None
    params = parse_params(tag.args)
    if tag.name in ("asset_img", "img"):
        return _image(tag.args)
    if tag.name == "asset_path" and params.positional:
        return emit.destination(params.positional[0])
    if tag.name == "asset_link" and params.positional:
        name = params.positional[0]
        return emit.link(name, " ".join(params.positional[1:]) or name)
    if tag.name == "link" and params.positional:
        return _link(params.positional)
    if tag.name in ("post_link", "post_path") and params.positional:
        found = links.link(params.positional[0])
        if found is None:
            return Unconverted(f"no imported post is named {params.positional[0]}")
        target, title = found
        if tag.name == "post_path":
            return PostAddress(emit.destination(target), title)
        words = [w for w in params.positional[1:] if w not in ("true", "false")]
        return emit.link(target, " ".join(words) or title)
    return None


DIALECT = Dialect(
    labels={
        TagKind.LIQUID: "Hexo tag",
        TagKind.OUTPUT: "Nunjucks output",
        TagKind.SHORTCODE: "shortcode",
    },
    kinds=frozenset({TagKind.LIQUID, TagKind.OUTPUT}),
    code_blocks={"codeblock": "endcodeblock", "code": "endcode"},
    containers={"note": "endnote"},
    quotes={"blockquote": "endblockquote", "quote": "endquote", "pullquote": "endpullquote"},
    attribution=_attribution,
    code_lang=_code_lang,
    admonition=_admonition,
    inline=_inline,
    raw_blocks=True,
)
