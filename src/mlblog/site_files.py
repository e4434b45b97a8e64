"""The files a site has besides its pages: the theme's, KaTeX's, lunr's and Mermaid's assets,
static/ and the files of page bundles (copied as they are), the few files a build makes
(search index, code stylesheet, .nojekyll), and what static/CNAME says of base_url."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from mlblog.config import Config
from mlblog.diagnostics import Diagnostic, MlblogError, Report, error, warning
from mlblog.index import SiteIndex
from mlblog.symlinks import LOOPS_BACK, link_target
from mlblog.theme_files import THEME_DIR
from mlblog.urls import output_file

SEARCH_FILE = "search.json"
PYGMENTS_CSS = "assets/css/pygments.css"
NOJEKYLL = ".nojekyll"  # GitHub Pages publishes _folders as they are


def custom_domain(cname: Path, config: Config) -> list[Diagnostic]:
    """GitHub Pages serves the site at the domain static/CNAME names: a base_url with another
    host gives every canonical link, the feed and the sitemap the old address (and a
    project path, /repo/, that the domain's root does not have)."""
    try:
        domain = next((line.strip() for line in cname.read_text("utf-8").splitlines()
                       if line.strip()), "")  # fmt: skip
    except (OSError, UnicodeDecodeError):
        return []  # copied as it is; GitHub says what is wrong with it
    host = urlsplit(config.base_url).hostname or ""
    if not domain or not host or domain.lower().rstrip(".") == host:
        return []
    return [
        warning("static/CNAME", 1, f'names the domain "{domain}", but base_url is '
                f'"{config.base_url}": links, the feed and the sitemap give the old address '
                f"(set base_url to https://{domain}/)")
    ]  # fmt: skip


class OtherFiles(Mapping[str, str]):
    """The files a site has besides its pages (output name → what it is, as a message
    names it): the ones it copies and the few it makes. Named only when a redirect clashes
    with one, so that a site of many images does not name them all on every build."""

    _MADE: ClassVar[dict[str, str]] = {
        SEARCH_FILE: "the search index",
        PYGMENTS_CSS: "the code stylesheet",
        NOJEKYLL: "a file GitHub Pages needs",
    }

    def __init__(self, copies: Mapping[str, Path], site_dir: Path) -> None:
        self._copies, self._site_dir = copies, site_dir

    def __getitem__(self, name: str) -> str:
        if name in self._MADE:
            return self._MADE[name]
        source = self._copies[name]
        if source.is_relative_to(self._site_dir):
            return f"where {source.relative_to(self._site_dir).as_posix()} is copied"
        return "a file of the theme or of KaTeX"

    def __contains__(self, name: object) -> bool:
        return name in self._MADE or name in self._copies

    def __iter__(self) -> Iterator[str]:
        return iter({**self._MADE, **self._copies})

    def __len__(self) -> int:
        return len(self._MADE.keys() | self._copies.keys())


def static_assets(katex_dir: Path, lunr_dir: Path) -> Iterator[tuple[str, Path]]:
    """Files copied as they are, whatever the content: theme static, KaTeX CSS and fonts,
    lunr.js."""
    yield from tree(THEME_DIR / "static", "")
    dist = katex_dir / "dist"
    yield "katex/katex.min.css", dist / "katex.min.css"
    yield "assets/js/lunr.min.js", lunr_dir / "lunr.min.js"
    yield from tree(dist / "fonts", "katex/fonts/")


def diagram_assets(mermaid_dir: Path) -> Iterator[tuple[str, Path]]:
    """Mermaid's one-file build (5.5 MB, 1.6 MB gzipped), for the pages that have a diagram:
    its ES-module build would be 105 files loaded as needed, and no page from file://."""
    yield "mermaid/mermaid.min.js", mermaid_dir / "dist" / "mermaid.min.js"


def bundle_assets(site_dir: Path, index: SiteIndex) -> Iterator[tuple[str, Path]]:
    """The files of page bundles, beside their pages."""
    for entry in (*index.posts, *index.pages):
        if not entry.source.bundle_assets:
            continue
        bundle = site_dir / Path(entry.path).parent
        folder = output_file(index.url(entry)).rpartition("/")[0]
        for asset in entry.source.bundle_assets:
            relative = (site_dir / asset).relative_to(bundle).as_posix()
            # (a page at a root file, /about.html, has the root as its folder: "")
            yield posixpath.join(folder, relative), site_dir / asset


def files_to_copy(
    site_dir: Path,
    index: SiteIndex,
    assets: Mapping[str, Path],
    user_static: Mapping[str, Path],
    referenced: Mapping[str, str],
    generated: Mapping[str, bytes],
    report: Report,
) -> dict[str, Path]:
    """Output name → source of every file copied as it is: `assets` (the theme's, KaTeX's …),
    page bundles, files the posts link to (`referenced`, site-relative) and static/, which
    wins. A file that would land where a page or a notebook's output goes is left out with
    a warning; one that cannot be read is an error, before anything is written."""
    copies = {**assets, **dict(bundle_assets(site_dir, index))}
    copies.update({target: site_dir / source for target, source in referenced.items()})
    copies.update(user_static)
    for name in sorted(generated.keys() & copies.keys()):  # a notebook's output-3-1.png
        source = copies.pop(name)
        where = source.relative_to(site_dir).as_posix() if source.is_relative_to(site_dir) else name
        report.add(
            warning(where, None, "has the name of an output image the notebook beside it "
                    "makes; the image is published, not this file (rename the file)")
        )  # fmt: skip
    page_files = {output_file(url) for url in index.urls.values()}
    for name in sorted((page_files & copies.keys()) - user_static.keys()):  # posts/b/index.html
        report.add(
            warning(copies.pop(name).relative_to(site_dir).as_posix(), None, "has the name "
                    "of the page made from the post beside it; the page is published, not "
                    "this file (rename the file)")
        )  # fmt: skip
    unreadable = [
        error(source.relative_to(site_dir).as_posix(), None, "cannot read: Permission denied")
        for name, source in copies.items()
        if name not in user_static and name not in assets and not os.access(source, os.R_OK)
    ]  # (a file beside a post; static/ files are checked as they are listed)
    if unreadable:
        raise MlblogError(unreadable)
    return copies


def tree(
    root: Path,
    prefix: str,
    shown: str = "",
    site: Path | None = None,
    report: Report | None = None,
    never: tuple[Path, ...] = (),
) -> Iterator[tuple[str, Path]]:
    """Files under root; hidden files are left out. Symlinks are followed once when they
    stay inside `site` (the site folder, for static/; else root); one that leads outside
    it, loops or dangles is skipped, with a warning in `report` if given (as under
    content/), and so is one into the folders `never` (the output, the cache: each build
    would copy the last). A folder or file that cannot be read is an error at `shown`, before
    anything is written: skipped, it would be deleted from the output."""
    if not root.is_dir():
        return
    within = (site or root).resolve()
    problems: list[Diagnostic] = []

    def named(path: str) -> str:
        return f"{shown}/{Path(path).relative_to(root).as_posix()}".rstrip("/.")

    def unreadable(exc: OSError) -> None:
        problems.append(
            error(named(exc.filename or str(root)), None, f"cannot read: {exc.strerror}")
        )

    def skipped(path: Path, why: str) -> None:
        if report is not None:
            report.add(warning(named(str(path)), None, why))

    def followed(path: Path) -> bool:
        """A symlink kept: it leads inside the site, and not to a folder holding it."""
        target, why = link_target(path, within)
        if target is None:
            skipped(path, why)
            return False
        if any(target.is_relative_to(folder.resolve()) for folder in never):
            skipped(path, "symlink leads into the output or the cache; skipped (remove it)")
            return False
        if Path(os.path.realpath(path.parent)).is_relative_to(target):
            skipped(path, LOOPS_BACK)
            return False
        return True

    for folder, dirs, names in os.walk(root, onerror=unreadable, followlinks=True):
        here = Path(folder)
        kept = []
        for name in sorted(dirs):
            path = here / name
            if path.is_symlink() and not followed(path):
                continue
            kept.append(name)
        dirs[:] = kept
        for name in sorted(names):
            path = here / name
            if name.startswith(".") or (path.is_symlink() and not followed(path)):
                continue
            if not path.is_file():
                continue
            if not os.access(path, os.R_OK):
                unreadable(PermissionError(13, "Permission denied", str(path)))
                continue
            yield prefix + path.relative_to(root).as_posix(), path
    if problems:
        raise MlblogError(problems)
