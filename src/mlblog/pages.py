"""Routes → page bytes through the templates, remembered in memory and on disk.

A page is templated again only when its Route (URL, template, context) or the templates
and settings around it changed. In memory (the dev server) the Route itself is compared;
on disk (`.mlblog-cache/`) a page is keyed by a hash of the Route, the template files, the
site settings and the versions, so a rebuild after editing one post templates only the
pages that show it. Pages are kept packed (mlblog.packed: HTML shrinks ~4x, for less
than it costs to write it uncompressed), in memory and on disk alike, and rows no longer
asked for are dropped.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import operator
import pickle
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlblog.cache import Cache, code_fingerprint
from mlblog.cache import key as cache_key
from mlblog.config import Config
from mlblog.diagnostics import Diagnostic, MlblogError, error
from mlblog.packed import SENT, pack
from mlblog.routes import Route
from mlblog.theme_files import THEME_DIR
from mlblog.urls import output_file

if TYPE_CHECKING:
    import jinja2

    from mlblog.render.workers import RenderPool

PAGE = "page"
MIN_HELPED = 64  # fewer missing pages are templated here, not by helpers


def templates_fingerprint(site_dir: Path) -> bytes:
    """Every template file that could be used, by name and content (site's over theme's).
    A template of the site's that cannot be read, or is not UTF-8 (as Jinja reads it), is
    an error at its file, before any page is templated."""
    digest = hashlib.sha256()
    for root in (site_dir / "templates", THEME_DIR / "templates"):
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            digest.update(name.encode() + b"\0")
            digest.update(_template_bytes(path, f"templates/{name}") + b"\0")
        digest.update(b"\1")
    return digest.digest()


def _template_bytes(path: Path, shown: str) -> bytes:
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except OSError as exc:
        raise MlblogError(error(shown, None, f"cannot read: {exc.strerror}")) from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = "is not valid UTF-8 (save the file as UTF-8)"
        raise MlblogError(error(shown, line, message)) from None
    return data


class Digester:
    """Content hashes of route contexts. Listings share their post summaries, so each
    object is hashed once per build (by identity) and pages combine those hashes.

    A value stands in a key as itself when it is small (short strings, numbers, lists,
    tuples and dicts spelled out element by element, with their lengths) and as the hash of
    its parts otherwise (dataclasses, mappings, dates, long text, bytes). Every form is
    self-delimiting, so two different contexts never give the same bytes."""

    def __init__(self, prefix: bytes) -> None:
        self._prefix = prefix
        self._memo: dict[int, tuple[object, bytes]] = {}
        self._fields: dict[type, Callable[[Any], Sequence[object]]] = {}  # per dataclass

    def route(self, route: Route) -> bytes:
        parts = [self._prefix]
        self._extend(parts, (route.url, route.template, route.context))
        return hashlib.sha256(b"".join(parts)).digest()

    def of(self, value: object) -> bytes:
        """The bytes that stand for one value in a key."""
        parts: list[bytes] = []
        self._extend(parts, (value,))
        return b"".join(parts)

    def _extend(self, parts: list[bytes], values: Iterable[object]) -> None:
        """parts += what stands for each value. The common cases are done in line: a
        call per value made hashing a thousand-post site's pages slow."""
        memo = self._memo
        for value in values:
            kind = type(value)  # exact types: a Markup is a str that renders differently
            if kind is str and len(value) < 512:  # type: ignore[arg-type]
                data = value.encode("utf-8", "surrogatepass")  # type: ignore[attr-defined]
                parts.append(b"s%d:" % len(data))
                parts.append(data)
            elif value is None or kind is int or kind is bool or kind is float:
                parts.append(b"%s%s;" % (kind.__name__.encode(), repr(value).encode()))
            elif kind is list or kind is tuple:
                parts.append(b"%c%d:" % (76 if kind is list else 84, len(value)))  # type: ignore[arg-type]
                self._extend(parts, value)  # type: ignore[arg-type]
            elif kind is dict:
                parts.append(b"D%d:" % len(value))  # type: ignore[arg-type]
                self._extend(parts, [part for pair in value.items() for part in pair])  # type: ignore[attr-defined]
            else:
                known = memo.get(id(value))
                parts.append(
                    known[1] if known is not None and known[0] is value else self._hash(value)
                )

    def _hash(self, value: object) -> bytes:
        """b"B"/b"S"/b"h" and a SHA-256: bytes, long text, anything else by its parts."""
        kind = type(value)
        if kind is bytes:  # packed HTML: on a post's page and (the same object) in the feed
            result = b"B" + hashlib.sha256(value).digest()  # type: ignore[arg-type]
        elif kind is str:  # a post's HTML: on its page, in the feed, once as feed HTML
            result = b"S" + hashlib.sha256(str(value).encode("utf-8", "surrogatepass")).digest()
        else:
            parts = [kind.__qualname__.encode(), b"("]
            fields = self._fields.get(kind)
            if fields is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
                fields = self._fields[kind] = _field_getter(value)
            if fields is not None:
                self._extend(parts, fields(value))
            elif isinstance(value, list | tuple):  # subclasses (named tuples)
                self._extend(parts, value)
            elif isinstance(value, Mapping):
                self._extend(parts, [part for pair in value.items() for part in pair])
            elif isinstance(value, datetime | date):
                parts.append(f"{value.isoformat()} {getattr(value, 'tzinfo', None)!r}".encode())
            else:  # anything else YAML can hold (sets …): its pickle, sorted where needed
                plain = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
                parts.append(pickle.dumps(plain, protocol=5))
            result = b"h" + hashlib.sha256(b"".join(parts)).digest()
        self._memo[id(value)] = (value, result)
        return result


def _field_getter(value: Any) -> Callable[[Any], Sequence[object]]:
    """A dataclass's field values, in order, as one C-level call."""
    # (a field left out of comparisons is a memo of the others: left out here too)
    names = [field.name for field in dataclasses.fields(value) if field.compare]
    if len(names) > 1:
        return operator.attrgetter(*names)
    return lambda v: [getattr(v, name) for name in names]


class PageRenderer:
    """One site's templates, and the pages they made last time."""

    def __init__(self, site_dir: Path, config: Config, store: Cache | None, versions: Any) -> None:
        self._site_dir, self._config = site_dir, config
        self._env: jinja2.Environment | None = None  # Jinja is loaded on the first miss
        self._compiled_folder: Path | None = None
        self._store = store if store is not None and store.path is not None else None
        settings = dataclasses.replace(config, key_lines={})  # (where each is: no page shows)
        self._prefix = hashlib.sha256(
            pickle.dumps((versions, settings), protocol=5) + templates_fingerprint(site_dir)
        ).digest()
        self._memory: dict[str, tuple[Route, bytes]] = {}
        self._warnings: list[Diagnostic] | None = None
        self.templated_last = 0  # pages templated by the last call (found nowhere)

    def template_warnings(self) -> list[Diagnostic]:
        """What the site's templates hold that no page shows (mlblog.template_blocks): kept
        in the cache under the templates' and settings' hash, so only a changed template
        is parsed, and every build warns again until it is fixed."""
        if self._warnings is None and not (self._site_dir / "templates").is_dir():
            self._warnings = []  # the theme's own: nothing to parse, nor Jinja to load
        if self._warnings is None:
            stored_key = cache_key(self._prefix, "unshown blocks")
            found = self._store.get("blocks", stored_key) if self._store is not None else None
            if not isinstance(found, list):
                from mlblog.template_blocks import unshown_blocks

                found = unshown_blocks(self._site_dir)
                if self._store is not None:  # the warnings of older templates go
                    self._store.put("blocks", stored_key, found)
                    self._store.retain("blocks", [stored_key])
            self._warnings = found
        return self._warnings

    def _template(self, route: Route) -> bytes:
        return template_page(self._environment(), route)

    def _environment(self) -> jinja2.Environment:
        """Jinja, loaded on the first page templated here (or by `prepare`)."""
        from mlblog.templates import make_environment

        if self._env is None:
            self._env = make_environment(self._site_dir, self._config, self._compiled())
        return self._env

    def prepare(self) -> None:
        """Load Jinja and the templates the last pages used, before any page needs them
        (serve: while the author reads, so the first save is not the one that pays)."""
        import jinja2

        env = self._environment()
        for name in sorted({route.template for route, _ in self._memory.values()}):
            with contextlib.suppress(jinja2.TemplateError):  # the next build reports it,
                env.get_template(name)  # at its file and line

    def _compiled(self) -> Path | None:
        """The compiled templates' folder (Jinja writes each file atomically, so helper
        processes share it); found once."""
        if self._compiled_folder is None and self._store is not None:
            assert self._store.path is not None
            self._compiled_folder = _compiled_templates(self._store.path.parent / "templates")
        return self._compiled_folder

    def render(
        self,
        routes: Sequence[Route],
        emit: Callable[[str, bytes], object] | None = None,
        helpers: RenderPool | None = None,
        keep: bool = True,
        shared: Callable[[Sequence[Route]], object] | None = None,
    ) -> dict[str, bytes]:
        """Output-relative file name → packed bytes, for every route; `emit` is given
        each page as soon as it is known (found, or templated). `helpers`: worker
        processes that template the missing pages instead, when there are enough.
        `keep=False` (a one-off build whose `emit` takes the pages for good): each page
        is SENT once emitted and none is remembered for a next build. `shared`: makes, here
        and once, what several of the missing pages show alike, before they are split among
        the helpers (each would make it again)."""
        pages: dict[str, bytes] = {}
        memory: dict[str, tuple[Route, bytes]] = {}
        missing: list[Route] = []
        for route in routes:
            previous = self._memory.get(route.url)
            if previous is not None and previous[0] == route:
                memory[route.url] = previous
            else:
                missing.append(route)
        keys: dict[str, bytes] = {}
        digester = Digester(self._prefix)
        store = self._store
        if store is not None and missing and store.has_any(PAGE):  # else nothing to find
            keys = {route.url: digester.route(route) for route in missing}
            found = store.get_many_raw(PAGE, list(keys.values()))
            still = []
            for route in missing:
                stored = found.get(keys[route.url])
                if stored is not None:
                    memory[route.url] = (route, stored)
                else:
                    still.append(route)
            missing = still
        handed: Iterator[bytes] | None = None
        if helpers is not None and len(missing) >= MIN_HELPED:
            if shared is not None:
                shared(missing)
            handed = helpers.template(self._site_dir, self._config, self._compiled(), missing)
        if store is not None:  # keys to store pages under, hashed while the helpers work
            keys.update((r.url, digester.route(r)) for r in missing if r.url not in keys)
        if emit is not None:
            for url, (route, data) in memory.items():
                emit(output_file(url), data)
                if not keep:
                    memory[url] = (route, SENT)
        made: Iterable[tuple[Route, bytes]]
        if handed is not None:
            made = zip(missing, handed, strict=True)
        else:
            made = ((route, self._template(route)) for route in missing)
        for route, data in made:
            memory[route.url] = (route, data if keep else SENT)
            if emit is not None:
                emit(output_file(route.url), data)
            if self._store is not None:
                self._store.put_raw(PAGE, keys[route.url], data)
        self.templated_last = len(missing)
        if self._store is not None:
            self._store.flush()
            if len(keys) == len(routes):  # a fresh start: forget pages no longer made
                self._store.retain(PAGE, list(keys.values()))
        self._memory = memory if keep else {}
        for route in routes:
            pages[output_file(route.url)] = memory[route.url][1]
        return pages


def template_page(env: jinja2.Environment, route: Route) -> bytes:
    """One page, packed: here and in the render workers alike."""
    from mlblog.templates import render_template

    return pack(render_template(env, route.template, route.context))


def _compiled_templates(root: Path) -> Path | None:
    """The folder for Jinja's compiled templates, one per version of mlblog's code (Jinja
    keys them by template source only, and how we set Jinja up changes what it compiles);
    folders of other versions are removed. None when it cannot be made (compile each time)."""
    folder = root / code_fingerprint()
    try:
        if root.is_dir():
            for other in root.iterdir():
                if other != folder:
                    shutil.rmtree(other, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder
