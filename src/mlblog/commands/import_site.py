"""`mlblog import hexo|jekyll|hugo SRC`: another generator's posts and pages → mlblog
page bundles (pages: mlblog.commands.import_pages).

SRC is only ever read. Nothing in the target is overwritten: a post whose folder exists
is reported and skipped. Everything that could not be converted is reported with the
SOURCE file and line, so it can be fixed by hand in the imported copy.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from functools import partial
from pathlib import Path

from mlblog.commands.import_bibliography import copy_bibliographies
from mlblog.commands.import_bundles import (
    Entry,
    ImportResult,
    Links,
    rebase,
    skip,
    write_entry,
)
from mlblog.commands.import_pages import PagesInto, import_pages
from mlblog.commands.import_translations import Translations
from mlblog.commands.new import ARCHETYPE
from mlblog.config import Config, load_config
from mlblog.content.addresses import ADDRESS_KEYS, BadPath, address, address_key
from mlblog.content.dates import parse_date
from mlblog.content.source_files import BUNDLE_INDEX, PAGES_DIR, POSTS_DIR
from mlblog.diagnostics import MlblogError, error, warning
from mlblog.importers import GENERATORS, hugo, obsidian
from mlblog.importers.frontmatter import (
    FrontMatterError,
    Normalized,
    Parsed,
    normalize,
    split,
)
from mlblog.importers.model import AliasRules, ForeignPost, ForeignSite
from mlblog.importers.relative_aliases import as_files, place
from mlblog.importers.settings import found_settings
from mlblog.importers.settings_block import settings_block
from mlblog.importers.source_zone import source_zone
from mlblog.urls import Urls, output_file


@dataclass(frozen=True, slots=True)
class _Plan:
    post: ForeignPost
    parsed: Parsed
    meta: Normalized
    bundle: str  # the folder's name: YYYY-MM-DD-slug
    exists: bool  # already in the target: skipped, though links to it still work
    old: str | None  # its address on the old site (not under this site's base_url yet)
    new: str  # its address here


SOURCE_NAMES = {"hexo": "Hexo site", "jekyll": "Jekyll site", "hugo": "Hugo site",
          "obsidian": "Obsidian vault"}  # fmt: skip


def looks_like(src: Path) -> str | None:
    """Which kind of source folder `src` is, by the folders each kind cannot do without."""
    if (src / ".obsidian").is_dir():
        return "obsidian"
    if (src / "source" / "_posts").is_dir():
        return "hexo"
    if (src / "_posts").is_dir() or (src / "_config.yml").is_file():
        return "jekyll"
    if (src / "content").is_dir() and any((src / n).is_file() for n in hugo.CONFIG_FILES):
        return "hugo"
    return None


def _with_kind_hint(exc: MlblogError, generator: str, src: Path) -> MlblogError:
    """`import hugo` of a Hexo site: the error says which command reads it."""
    kind = looks_like(src)
    if kind is None or kind == generator:
        return exc
    hint = f" (it looks like a {SOURCE_NAMES[kind]}: mlblog import {kind} {src})"
    return MlblogError(replace(d, message=d.message + hint) for d in exc.diagnostics)


def import_site(
    generator: str, src: Path, site_dir: Path, into: Path | None, folder: str | None = None
) -> ImportResult:
    """`folder`: the one folder of an Obsidian vault to take notes from."""
    discover = GENERATORS.get(generator)
    if discover is None:
        known = ", ".join(GENERATORS)
        raise MlblogError(error(generator, None, f"unknown generator (use one of {known})"))
    if folder is not None:
        if generator != "obsidian":
            raise MlblogError(error("--folder", None, "only an Obsidian vault is taken by folder"))
        discover = partial(obsidian.discover, folder=folder.strip("/"))
    if not src.is_dir():
        what = "is not a folder" if src.exists() else "does not exist"
        raise MlblogError(error(str(src), None, what))
    config = load_config(site_dir)
    target = into if into is not None else site_dir / POSTS_DIR
    if target.resolve().is_relative_to(src.resolve()):
        raise MlblogError(
            error(str(target), None, f"is inside {src}, which import never changes; use --into")
        )
    try:
        site = discover(src)
    except MlblogError as exc:
        raise _with_kind_hint(exc, generator, src) from None
    result = ImportResult(
        target, pages_into=site_dir / PAGES_DIR, problems=list(site.problems),
        left_out=site.left_out,
    )  # fmt: skip
    zone, notes = source_zone(site.generator, src)
    result.problems.extend(notes)
    if zone is not None and zone.key == getattr(config.tz, "key", None):
        zone = None  # site.yaml reads their dates the same way
    prefix = _old_base(site, config, result)
    plans = _plan(site, config, zone, target, result, prefix)
    links = Links((p.post.keys, p.bundle, p.meta.title or p.meta.slug) for p in plans)
    if any(not plan.exists for plan in plans):
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise MlblogError(error(str(target), None, f"cannot create it: {exc}")) from None
    for plan in plans:
        if not plan.exists:
            _import_post(plan, site, links, target, result)
    pages = PagesInto(site_dir / PAGES_DIR, target, config, zone, prefix)
    import_pages(site, pages, links, result)
    if site.archetype is not None:
        _copy_archetype(site.archetype, site.root, site_dir, result)
    found = found_settings(site.generator, src)
    if site.bibliographies:
        bibliography = copy_bibliographies(site.bibliographies, site.root, site_dir, config, result)
        found += [bibliography] if bibliography is not None else []
    result.settings = settings_block(found, config)
    result.problems = [
        replace(d, path=(src / d.path).as_posix())
        for d in sorted(result.problems, key=lambda d: (d.path, d.line or 0, d.message))
    ]
    return result


def _old_base(site: ForeignSite, config: Config, result: ImportResult) -> str:
    """What to put before the old site's addresses so that they are the same URLs under
    this site's base_url: `/blog` when the old site lived under /blog/ and this one at /.
    An old site outside this one's path cannot be reached from it: said once."""
    old, new = site.base_path, config.base_path
    if old is None:
        return ""  # no old addresses to keep
    if old.startswith(new):
        return "/" + old[len(new) :].rstrip("/") if old != new else ""
    result.problems.append(
        warning("", None, f"the old site lived under {old} and this one under {new} "
                "(base_url in site.yaml): redirects from old addresses are made under "
                f"{new}, where old links do not lead; make {old} redirect here yourself")
    )  # fmt: skip
    return ""


def _plan(
    site: ForeignSite,
    config: Config,
    zone: tzinfo | None,
    target: Path,
    result: ImportResult,
    prefix: str,
) -> list[_Plan]:
    """Read every post and name its bundle; skip what cannot be read or would collide.
    `prefix`: what puts the old site's addresses under this site's base_url (_old_base)."""
    tz = config.tz
    plans: list[_Plan] = []
    taken: dict[str, str] = {}  # bundle folder → the post that has it
    slugs: dict[str, str] = {}  # slug → the post that has it, of posts named by their folder
    translations = Translations()
    for post in site.posts:
        try:
            text = post.file.read_bytes().decode("utf-8-sig")
            if not text.strip():
                skip(result, warning(post.rel, None, "is empty; not imported"))
                continue
            parsed = split(text.replace("\r\n", "\n").replace("\r", "\n"), site.rules)
            adapted: list[tuple[int, str]] = []
            if site.adapt is not None:
                parsed, adapted = site.adapt(post, parsed)
            mtime = post.file.stat().st_mtime
            meta = normalize(
                parsed, post.name, post.draft, mtime, site.rules, tz, zone, post.categories
            )
        except OSError as exc:
            skip(result, error(post.rel, None, f"cannot read: {exc.strerror}; not imported"))
            continue
        except UnicodeDecodeError:
            skip(result, error(post.rel, None, "is not valid UTF-8; not imported"))
            continue
        except FrontMatterError as exc:
            skip(result, error(post.rel, exc.line, f"{exc.message}; not imported"))
            continue
        meta = translations.own(meta, parsed, post.translation)
        if post.bundle:
            bundle = post.bundle
            _own_slug(post, meta, slugs, result)
        else:
            bundle = wanted = f"{meta.day.isoformat()}-{meta.slug}"
            number = 1
            while bundle in taken:  # two posts the old site kept apart (content/posts/a/x.md
                number += 1  # and content/posts/x.md in Hugo) get folders of their own
                bundle = f"{wanted}-{number}"
            if bundle != wanted:
                meta.meta["slug"] = f"{meta.slug}-{number}"  # its own URL, too
                message = f"imported as {bundle}/: {taken[wanted]} is imported as {wanted}/"
                result.problems.append(warning(post.rel, None, message))
            taken[bundle] = post.rel
        rebase(meta, prefix)
        dated = "date" in meta.meta  # (an undated post is dated when it is written)
        when = parse_date(meta.meta["date"] if dated else meta.day.isoformat(), zone or config.tz)
        when = when.astimezone(zone or config.tz)
        new = _new_page(meta, config, when)
        elsewhere = post.translation is not None and post.translation.host
        old = None if elsewhere else _old_page(site, post, parsed, when)  # (said once)
        unknown = [] if elsewhere else _old_address(site, old, parsed, meta, new, prefix)
        existing = next((p for p in (target / bundle, target / f"{bundle}.md") if p.exists()), None)
        if existing is not None:  # imported before, or the author's own: never replaced
            skip(result, warning(post.rel, None, f"not imported: {existing} already exists"))
        else:  # (what was left of a post not imported again was said the first time)
            notes = [*adapted, *meta.notes]
            result.problems.extend(warning(post.rel, line, note) for line, note in notes)
            result.problems.extend(warning(post.rel, None, note) for note in unknown)
        plans.append(_Plan(post, parsed, meta, bundle, existing is not None, old, new))
    _place_relative_aliases(plans, prefix, site.alias_rules, result)
    result.translations = translations.summary()
    return plans


def _place_relative_aliases(
    plans: list[_Plan], prefix: str, rules: AliasRules, result: ImportResult
) -> None:
    """Hugo's page-relative aliases, resolved from each post's old address; never over the
    address of a post of the import, nor over another's redirect (the build refuses both).
    Under `uglyURLs` every alias is a file, as Hugo wrote it."""
    taken: dict[str, str] = {}
    for plan in plans:
        if rules.ugly and (written := plan.meta.meta.get("aliases")):
            plan.meta.meta["aliases"] = as_files(written)  # its absolute ones too
        addresses = [plan.new, *plan.meta.meta.get("aliases", ())]
        addresses += [prefix + plan.old] if plan.old is not None else []
        for path in addresses:
            taken.setdefault(output_file(path), plan.post.rel)
    for plan in plans:
        if plan.exists or not plan.meta.relative_aliases:
            continue
        aliases = list(plan.meta.meta.get("aliases", ()))
        relative = plan.meta.relative_aliases
        notes = place(relative, plan.old, prefix, taken, plan.post.rel, aliases, rules)
        if aliases:
            plan.meta.meta["aliases"] = aliases
        result.problems.extend(warning(plan.post.rel, line, note) for line, note in notes)


def _own_slug(
    post: ForeignPost, meta: Normalized, taken: dict[str, str], result: ImportResult
) -> None:
    """A post that keeps its own folder name (an Obsidian note's) still needs an address of
    its own: two notes of one name in two folders get `name` and `name-2`."""
    slug = wanted = meta.slug
    number = 1
    while slug in taken:
        number += 1
        slug = f"{wanted}-{number}"
    if slug != wanted:
        meta.meta["slug"] = slug
        message = f"its address ends in {slug}/: {taken[wanted]} has {wanted}/"
        result.problems.append(warning(post.rel, None, message))
    taken[slug] = post.rel


def _old_page(site: ForeignSite, post: ForeignPost, parsed: Parsed, when: datetime) -> str | None:
    """Where the old site served the post: its own `permalink`/`url`, else where its
    permalink pattern put it; None when that cannot be worked out."""
    key = address_key(parsed.meta)
    if key is not None:
        try:
            return address(parsed.meta[key])
        except BadPath:  # a pattern, said by normalize
            return None
    return site.address(post, parsed.meta, when) if site.address is not None else None


def _new_page(meta: Normalized, config: Config, when: datetime) -> str:
    own = address_key(meta.meta)
    if own is not None:
        return address(meta.meta[own])
    category = next(iter(meta.meta.get("categories", ())), None)
    return Urls(config).post(meta.meta["slug"], when.astimezone(config.tz), category)


def _old_address(
    site: ForeignSite, old: str | None, parsed: Parsed, meta: Normalized, new: str, prefix: str
) -> list[str]:
    """The address the old site's permalink pattern gave a published post, made one of its
    aliases where site.yaml's permalinks put the post elsewhere: old links keep working.
    A note when the pattern names what the import cannot know."""
    if site.address is None or meta.draft or any(key in parsed.meta for key in ADDRESS_KEYS):
        return []  # never published, or it had an address of its own (kept, or a pattern)
    if old is None:
        return [
            "its address on the old site cannot be worked out (its permalink setting "
            "names a value this post does not have); list it under aliases: by hand"
        ]
    old = prefix + old
    if old.rstrip("/") != new.rstrip("/"):
        aliases = meta.meta.setdefault("aliases", [])
        if old not in aliases:
            aliases.append(old)
    return []


def _copy_archetype(file: Path, src: Path, site_dir: Path, result: ImportResult) -> None:
    """The old site's post template (Hexo's scaffolds/post.md) as archetypes/post.md, which
    `mlblog new` starts posts from: both fill in `{{ title }}` and `{{ date }}`. Front
    matter that only ends with `---` (as Hexo reads it) gets its opening line; an archetype
    the site has already is kept."""
    rel = file.relative_to(src).as_posix()
    target = site_dir / ARCHETYPE
    if target.exists():
        result.problems.append(warning(rel, None, f"not copied: {target} already exists"))
        return
    try:
        text = file.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        result.problems.append(warning(rel, None, f"cannot read it ({exc}); not copied"))
        return
    lines = [line.rstrip() for line in text.split("\n")]
    first = next((line for line in lines if line), "")
    if first != "---" and "---" in lines:
        text = "---\n" + text
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except OSError as exc:
        result.problems.append(warning(rel, None, f"cannot write {target}: {exc.strerror}"))
        return
    result.archetype = rel


def _import_post(
    plan: _Plan, site: ForeignSite, links: Links, target: Path, result: ImportResult
) -> None:
    post = plan.post
    entry = Entry(post.rel, post.asset_dirs, plan.meta, plan.parsed, target / plan.bundle)
    if write_entry(entry, site, links, result):
        result.written.append(entry.folder / BUNDLE_INDEX)
        result.drafts += plan.meta.draft
