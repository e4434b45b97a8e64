"""`mlblog import hexo|jekyll|hugo SRC`: another generator's posts → mlblog page bundles.

SRC is only ever read. Nothing in the target is overwritten: a post whose folder exists
is reported and skipped. Everything that could not be converted is reported with the
SOURCE file and line, so it can be fixed by hand in the imported copy.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from pathlib import Path

from mlblog.commands.new import ARCHETYPE
from mlblog.config import Config, load_config
from mlblog.content.addresses import ADDRESS_KEYS, address
from mlblog.content.dates import parse_date
from mlblog.content.source import BUNDLE_INDEX, POSTS_DIR
from mlblog.diagnostics import Diagnostic, MlblogError, error, warning
from mlblog.importers import GENERATORS
from mlblog.importers.assets import Finder, copy_images
from mlblog.importers.convert import convert
from mlblog.importers.frontmatter import (
    FrontMatterError,
    Normalized,
    Parsed,
    dump,
    normalize,
    split,
)
from mlblog.importers.math_escapes import unescape_math
from mlblog.importers.model import ForeignPost, ForeignSite
from mlblog.importers.source_zone import source_zone
from mlblog.urls import Urls


@dataclass(slots=True)
class ImportResult:
    into: Path
    written: list[Path] = field(default_factory=list)  # the index.md of each imported post
    drafts: int = 0
    images: int = 0  # files copied into bundles (images, and files linked to)
    unconverted: int = 0  # constructs left as they were
    missing_images: int = 0
    skipped: int = 0  # posts not imported
    problems: list[Diagnostic] = field(default_factory=list)
    archetype: str = ""  # the old site's post template, copied to archetypes/post.md

    def summary(self) -> str:
        drafts = f" ({_count(self.drafts, 'draft')})" if self.drafts else ""
        parts = [
            f"{_count(self.images, 'file')} copied",
            f"{_count(self.unconverted, 'construct')} left unconverted",
        ]
        if self.missing_images:
            parts.append(f"{_count(self.missing_images, 'file')} not found")
        if self.skipped:
            parts.append(f"{_count(self.skipped, 'post')} skipped")
        imported = _count(len(self.written), "post")
        made = f"; {self.archetype} copied to {ARCHETYPE}" if self.archetype else ""
        return f"imported {imported}{drafts} into {self.into}: {', '.join(parts)}{made}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class _Plan:
    post: ForeignPost
    parsed: Parsed
    meta: Normalized
    bundle: str  # the folder's name: YYYY-MM-DD-slug
    exists: bool  # already in the target: skipped, though links to it still work


class _Links:
    """Other posts by the names SRC's posts use for them (`post_url`, `post_link`, `ref`)."""

    def __init__(self, plans: list[_Plan]) -> None:
        self._by_key: dict[str, tuple[str, str] | None] = {}
        for plan in plans:
            value = (f"../{plan.bundle}/{BUNDLE_INDEX}", plan.meta.title or plan.meta.slug)
            for key in dict.fromkeys(plan.post.keys):
                known = self._by_key.get(key, value)
                self._by_key[key] = value if known == value else None  # None: ambiguous

    def link(self, name: str) -> tuple[str, str] | None:
        name = name.strip().strip("/")
        return self._by_key.get(name) or self._by_key.get(name.rpartition("/")[2])


def import_site(generator: str, src: Path, site_dir: Path, into: Path | None) -> ImportResult:
    discover = GENERATORS.get(generator)
    if discover is None:
        known = ", ".join(GENERATORS)
        raise MlblogError(error(generator, None, f"unknown generator (use one of {known})"))
    if not src.is_dir():
        what = "is not a folder" if src.exists() else "does not exist"
        raise MlblogError(error(str(src), None, what))
    config = load_config(site_dir)
    target = into if into is not None else site_dir / POSTS_DIR
    if target.resolve().is_relative_to(src.resolve()):
        raise MlblogError(
            error(str(target), None, f"is inside {src}, which import never changes; use --into")
        )
    site = discover(src)
    result = ImportResult(target, problems=list(site.problems))
    zone, notes = source_zone(site.generator, src)
    result.problems.extend(notes)
    if zone is not None and zone.key == getattr(config.tz, "key", None):
        zone = None  # site.yaml reads their dates the same way
    prefix = _old_base(site, config, result)
    plans = _plan(site, config, zone, target, result, prefix)
    links = _Links(plans)
    if any(not plan.exists for plan in plans):
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise MlblogError(error(str(target), None, f"cannot create it: {exc}")) from None
    for plan in plans:
        if not plan.exists:
            _import_post(plan, site, links, target, result)
    if site.archetype is not None:
        _copy_archetype(site.archetype, site.root, site_dir, result)
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
    taken: dict[str, str] = {}
    for post in site.posts:
        try:
            text = post.file.read_bytes().decode("utf-8-sig")
            if not text.strip():
                _skip(result, warning(post.rel, None, "is empty; not imported"))
                continue
            parsed = split(text.replace("\r\n", "\n").replace("\r", "\n"), site.rules)
            mtime = post.file.stat().st_mtime
            meta = normalize(
                parsed, post.name, post.draft, mtime, site.rules, tz, zone, post.categories
            )
        except OSError as exc:
            _skip(result, error(post.rel, None, f"cannot read: {exc.strerror}; not imported"))
            continue
        except UnicodeDecodeError:
            _skip(result, error(post.rel, None, "is not valid UTF-8; not imported"))
            continue
        except FrontMatterError as exc:
            _skip(result, error(post.rel, exc.line, f"{exc.message}; not imported"))
            continue
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
        _rebase(meta, prefix)
        unknown = _old_address(site, post, parsed, meta, config, zone, prefix)
        existing = next((p for p in (target / bundle, target / f"{bundle}.md") if p.exists()), None)
        if existing is not None:  # imported before, or the author's own: never replaced
            _skip(result, warning(post.rel, None, f"not imported: {existing} already exists"))
        else:  # (what was left of a post not imported again was said the first time)
            result.problems.extend(warning(post.rel, line, note) for line, note in meta.notes)
            result.problems.extend(warning(post.rel, None, note) for note in unknown)
        plans.append(_Plan(post, parsed, meta, bundle, existing is not None))
    return plans


def _rebase(meta: Normalized, prefix: str) -> None:
    """The post's old redirects under this site's base_url, and, when that differs from
    the old site's, a redirect from its own address as the old site served it."""
    if not prefix:
        return
    aliases = [prefix + alias for alias in meta.meta.get("aliases", ())]
    own = next((meta.meta[k] for k in ADDRESS_KEYS if meta.meta.get(k) not in (None, "")), None)
    if own is not None and not meta.draft:
        aliases.append(prefix + address(own))
    if aliases:
        meta.meta["aliases"] = list(dict.fromkeys(aliases))


def _old_address(
    site: ForeignSite,
    post: ForeignPost,
    parsed: Parsed,
    meta: Normalized,
    config: Config,
    zone: tzinfo | None,
    prefix: str,
) -> list[str]:
    """The address the old site's permalink pattern gave a published post, made one of its
    aliases where site.yaml's permalinks put the post elsewhere: old links keep working.
    A note when the pattern names what the import cannot know."""
    if site.address is None or meta.draft or any(key in parsed.meta for key in ADDRESS_KEYS):
        return []  # never published, or it had an address of its own (kept, or a pattern)
    when = parse_date(meta.meta["date"], zone or config.tz).astimezone(zone or config.tz)
    old = site.address(post, parsed.meta, when)
    if old is None:
        return [
            "its address on the old site cannot be worked out (its permalink setting "
            "names a value this post does not have); list it under aliases: by hand"
        ]
    category = next(iter(meta.meta.get("categories", ())), None)
    new = Urls(config).post(meta.meta["slug"], when.astimezone(config.tz), category)
    old = prefix + old
    if old.rstrip("/") != new.rstrip("/"):
        aliases = meta.meta.setdefault("aliases", [])
        if old not in aliases:
            aliases.append(old)
    return []


def _body(plan: _Plan, site: ForeignSite) -> str:
    """The body with its formulas as the old site's math script got them, and Jekyll's
    `excerpt_separator` (the post's, or the site's) made into mlblog's `<!--more-->`,
    which ends the excerpt at the same place."""
    own = plan.meta.meta.pop("excerpt_separator", None)
    marker = own if isinstance(own, str) and own.strip() else site.more_marker
    body = unescape_math(plan.parsed.body) if site.escaped_math else plan.parsed.body
    if not marker.strip() or marker.strip() == "<!--more-->" or marker not in body:
        return body
    return body.replace(marker, "<!--more-->" + "\n" * marker.count("\n"), 1)  # same lines


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


def _skip(result: ImportResult, problem: Diagnostic) -> None:
    result.problems.append(problem)
    result.skipped += 1


def _import_post(
    plan: _Plan, site: ForeignSite, links: _Links, target: Path, result: ImportResult
) -> None:
    post = plan.post
    converted = convert(_body(plan, site), plan.parsed.body_line, site.dialect, links)
    finder = Finder(site.root, post.asset_dirs, site.static_dirs)
    body, bundle = copy_images(converted, finder)
    folder = target / plan.bundle
    try:
        folder.mkdir()  # fails if it appeared meanwhile: never write into what is there
    except FileExistsError:
        _skip(result, error(post.rel, None, f"not imported: {folder} already exists"))
        return
    except OSError as exc:
        _skip(result, error(post.rel, None, f"cannot create {folder}: {exc.strerror}"))
        return
    try:
        with (folder / BUNDLE_INDEX).open("xb") as out:
            out.write(dump(plan.meta.meta, body).encode("utf-8"))
        for name, source in bundle.copies.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            with (folder / name).open("xb") as out:
                out.write(source.read_bytes())
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)  # the folder is ours: made just above
        _skip(result, error(post.rel, None, f"cannot write {folder}: {exc.strerror}"))
        return
    result.written.append(folder / BUNDLE_INDEX)
    result.drafts += plan.meta.draft
    result.images += len(bundle.copies)
    result.unconverted += len(converted.leftovers)
    result.missing_images += len(bundle.missing)
    result.problems.extend(warning(post.rel, line, text) for line, text in converted.leftovers)
    result.problems.extend(warning(post.rel, line, text) for line, text in bundle.missing)
