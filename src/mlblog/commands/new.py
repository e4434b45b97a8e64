"""`mlblog new "标题 Title"`: a post named and dated like a Jekyll post, front matter filled in,
from the site's own `archetypes/post.md` when it has one (Hugo's archetypes, Hexo's scaffolds)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from importlib import resources
from pathlib import Path

from mlblog.config import CONFIG_FILE, Config, load_config, site_above
from mlblog.content.slugs import slugify
from mlblog.content.source import Kind, parse_source
from mlblog.content.source_files import BUNDLE_INDEX, POSTS_DIR
from mlblog.diagnostics import Diagnostic, MlblogError, error
from mlblog.urls import Urls
from mlblog.yamlfile import YamlSyntaxError, parse_yaml


def new_post(
    site_dir: Path,
    title: str,
    category: str | None,
    tags: list[str],
    bundle: bool = False,
    now: datetime | None = None,
    slug: str | None = None,
) -> Path:
    """Create the post dated `now` (default: the current time) in the site's time zone.

    Returns `content/posts/YYYY-MM-DD-<slug>.md`, or `.../YYYY-MM-DD-<slug>/index.md` for a
    bundle. A naive `now` is read in the site's time zone. Never overwrites anything.
    `slug` (--slug) replaces the one made from the title; it is refused when taken.
    """
    if not (site_dir / CONFIG_FILE).is_file():
        raise MlblogError(
            error(
                str(site_dir / CONFIG_FILE),
                None,
                "not found: "
                + (
                    site_above(site_dir)
                    or "this is not a site folder; run the command inside "
                    "one, pass it with --site DIR, or create one with `mlblog init DIR`"
                ),
            )
        )
    config = load_config(site_dir)
    title = " ".join(title.split())
    if not title:
        raise MlblogError(error("title", None, "is empty; give the post a title"))
    chosen = slug
    slug = post_slug(title, config) if chosen is None else slugify(chosen)
    if not slug:
        what = ("--slug", chosen) if chosen is not None else ("title", title)
        raise MlblogError(
            error(
                what[0],
                None,
                f'"{what[1]}" has no letters, digits or CJK characters to name the file with; '
                f"use a {what[0].strip('-')} with words in it",
            )
        )
    when = now or datetime.now(config.tz)
    when = when.replace(tzinfo=config.tz) if when.tzinfo is None else when.astimezone(config.tz)
    _refuse_to_overwrite(_post_file(site_dir, when, slug, bundle), bundle)
    free = _free_slug(site_dir, config, slug, when, category, bundle)
    if chosen is not None and free != slug:  # numbering a slug the user chose would defy it
        url = Urls(config).post(
            slug, when, category.strip() if category and category.strip() else None
        )
        raise MlblogError(
            error("--slug", None, f"{slug}: the site already has {url}; choose another slug")
        )
    slug = free
    _refuse_to_overwrite(_post_file(site_dir, when, slug, bundle), bundle)
    path = _post_file(site_dir, when, slug, bundle)
    categories = [category.strip()] if category and category.strip() else []
    yaml_values = {
        "title": _scalar(title),
        "date": f"{when:%Y-%m-%d %H:%M:%S %z}",
        "categories": _flow_list(categories),
        "tags": _flow_list(tags),
        "slug": slug,
    }
    # A TOML archetype (Hugo's `+++`) takes TOML's spellings: text always quoted, an
    # RFC 3339 date-time (`+08:00`, not YAML's `+0800`), arrays as JSON writes them.
    toml_values = {
        "title": _quoted(title),
        "date": when.replace(microsecond=0).isoformat(),
        "categories": _quoted(categories),
        "tags": _quoted(tags),
        "slug": _quoted(slug),
    }
    text = _from_archetype(site_dir, (yaml_values, toml_values), bool(categories), bool(tags))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise MlblogError(error(str(path), None, f"cannot write: {exc.strerror or exc}")) from None
    return path


def _post_file(site_dir: Path, when: datetime, slug: str, bundle: bool) -> Path:
    name = f"{when:%Y-%m-%d}-{slug}"
    return site_dir / POSTS_DIR / (f"{name}/{BUNDLE_INDEX}" if bundle else f"{name}.md")


def _refuse_to_overwrite(path: Path, bundle: bool) -> None:
    existing = path.parent if bundle else path
    # A bundle folder of the same name would publish at the same URL, and vice versa.
    twin = path.parent.with_suffix(".md") if bundle else path.with_suffix("") / BUNDLE_INDEX
    for taken in (existing, twin):
        if taken.exists():
            raise MlblogError(
                error(
                    str(taken),
                    None,
                    "already exists; mlblog new never overwrites a post "
                    "(edit that one, or choose another title or --slug)",
                )
            )


def _free_slug(
    site_dir: Path, config: Config, slug: str, when: datetime, category: str | None, bundle: bool
) -> str:
    """`slug`, or `slug-2`, `slug-3`, ... when a post (draft or future ones too) already
    has the URL it would give, or had it (an alias), or the site has a page there (`/tags/`
    under `permalinks.post: /:slug/`): a second "Weekly notes" must not stop the next build.
    A numbered name whose file exists is passed over (the same title twice in a day)."""
    from mlblog.content.model import build_entry
    from mlblog.content.source import load_sources
    from mlblog.routes import SITE_PAGES, TERM_LISTS

    urls = Urls(config)
    sources, _ = load_sources(site_dir)  # what cannot be read, the build will say
    # the site's own pages, and where posts are now or were (their aliases redirect)
    taken = set(SITE_PAGES) - {TERM_LISTS["series"]}
    for source in sources:
        entry, _ = build_entry(source, config.tz)
        if entry is not None:
            taken.add(urls.entry(entry))
            taken.update(entry.aliases)
            if entry.series:  # the list of series exists only on a site that has one
                taken.add(TERM_LISTS["series"])
    category = category.strip() if category and category.strip() else None
    free, number = slug, 1
    while urls.post(free, when, category) in taken or (
        free != slug and _post_file(site_dir, when, free, bundle).exists()
    ):
        number += 1
        free = f"{slug}-{number}"
    return free


def post_slug(title: str, config: Config) -> str:
    """The file-name slug for a title: CJK kept as written, or spelt in pinyin."""
    if config.slug == "pinyin":
        from pypinyin import lazy_pinyin  # loads its dictionaries; only sites that ask pay

        from mlblog.commands.pinyin_readings import load_readings

        load_readings()
        # One syllable per character, dash-separated: 注意力 → zhu-yi-li. Latin text comes
        # back unchanged, as one item, and slugify turns its spaces into dashes.
        title = "-".join(lazy_pinyin(title))
    return slugify(title)  # capped at MAX_SLUG_BYTES, so the file name fits the disk


ARCHETYPE = "archetypes/post.md"


def _from_archetype(
    site_dir: Path, spellings: tuple[dict[str, str], dict[str, str]], category: bool, tags: bool
) -> str:
    """The new post's text: the site's archetype, or the starter one, with the values in
    it (each already written as YAML, or for front matter in `+++` lines TOML, reads it
    back: `title: {{ title }}` works for any title). An archetype is a Jinja template, as
    the theme's are; a mistake in it names its line."""
    import jinja2
    from jinja2 import meta

    file = site_dir / ARCHETYPE
    starter = resources.files("mlblog") / "scaffold" / "archetype-post.md"  # init writes it
    try:
        source = (file if file.is_file() else starter).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MlblogError(error(ARCHETYPE, None, f"cannot read: {exc}")) from None
    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    values = spellings[1] if _is_toml(source) else spellings[0]
    try:
        template = env.from_string(source)
        used = meta.find_undeclared_variables(env.parse(source))
        text = template.render(values)
    except jinja2.TemplateSyntaxError as exc:
        hint = " (an archetype is a Jinja template: {{ title }}, not Hugo's {{ .Title }})"
        hint = hint if ".Title" in source or ".Date" in source else ""
        raise MlblogError(error(ARCHETYPE, exc.lineno, f"{exc.message}{hint}")) from None
    except jinja2.UndefinedError as exc:
        known = ", ".join(values)
        raise MlblogError(error(ARCHETYPE, None, f"{exc.message} (it may use {known})")) from None
    problems: list[Diagnostic] = [
        error(ARCHETYPE, None, f"has no {{{{ {name} }}}}: the {what} given would be lost "
              f"(add `{name}: {{{{ {name} }}}}` to its front matter)")
        for name, what, given in (("categories", "category", category), ("tags", "tags", tags))
        if given and name not in used
    ]  # fmt: skip
    parsed = parse_source(ARCHETYPE, Kind.POST, text.encode())
    if isinstance(parsed, Diagnostic):
        problems.append(parsed)
    if problems:
        raise MlblogError(problems)
    return text


def _is_toml(archetype: str) -> bool:
    """Whether the archetype's front matter is TOML: its first line, past Jinja comments."""
    text = re.sub(r"\{#.*?#\}", "", archetype, flags=re.DOTALL)
    return next((line.rstrip() for line in text.split("\n") if line.strip()), "") == "+++"


def _quoted(value: str | list[str]) -> str:
    """Text or a list of texts as TOML reads it back (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def _scalar(value: str) -> str:
    """`value` as written when YAML reads it back unchanged, else double-quoted."""
    return value if _reads_back(f"k: {value}", value) else json.dumps(value, ensure_ascii=False)


def _flow_list(values: list[str]) -> str:
    items = [
        v if _reads_back(f"k: [{v}]", [v]) else json.dumps(v, ensure_ascii=False) for v in values
    ]
    return "[" + ", ".join(items) + "]"


def _reads_back(text: str, expected: object) -> bool:
    try:
        data = parse_yaml(text).data
    except YamlSyntaxError:
        return False
    return isinstance(data, dict) and data.get("k") == expected
