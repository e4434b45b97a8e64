"""After rendering: links between posts become URLs, and local images are found on disk.

Render records `mlblog-link:N` markers and asset paths (render.references); only the
build knows every post's URL and the files beside each source, so it resolves them here.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from html import escape, unescape
from urllib.parse import quote, unquote, urlsplit

from mlblog.content.source_files import BUNDLE_INDEXES
from mlblog.diagnostics import Diagnostic, warning
from mlblog.image_sizes import Size
from mlblog.render.heading_fragments import heading_fragment
from mlblog.render.result import (
    ASSET_MARKER,
    ELSEWHERE,
    FILE_LINK,
    LINK_MARKER,
    POST_NAME,
    Rendered,
)
from mlblog.render.soft_breaks import BREAK, breakable_html
from mlblog.render.wiki_refs import is_wiki, wiki_label, wiki_name, wiki_target
from mlblog.wiki_targets import NoteNames

_LINK = re.compile('href="' + re.escape(LINK_MARKER) + r'(\d+)"')
# A wiki link's text: it may hold break points (render.soft_breaks, `[[torch.nn.functional]]`)
_WIKI_TEXT = r"((?:[^<]|" + re.escape(BREAK) + ")*)"
_WIKI_LINK = re.compile('<a href="' + re.escape(LINK_MARKER) + r'(\d+)">' + _WIKI_TEXT + "</a>")
_WIKI_FILE = re.compile('<a href="' + re.escape(ASSET_MARKER) + r'(\d+)">' + _WIKI_TEXT + "</a>")
# src of a local image, or href of a wiki link to a file (`[[paper.pdf]]`)
_ASSET = re.compile('(src|href)="' + re.escape(ASSET_MARKER) + r'(\d+)([?#][^"]*)?"')
_IMG = re.compile(r"<img\s[^>]*>", re.IGNORECASE)
_SIZED = re.compile(r"\s(?:width|height|style)\s*=", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Resolved:
    html: str | None  # None: the rendered HTML as it is (nothing to resolve)
    feed_html: str | None  # with absolute URLs for images, for feed readers; None: as html
    copies: dict[str, str]  # output-relative path → site-relative source path
    problems: list[Diagnostic]


def linked_source(
    source_path: str, link: str, url_of_source: Mapping[str, str], notes: NoteNames | None = None
) -> str | None:
    """The source a link to a Markdown file names (`../lora.md#why`), if the site has it;
    a link to a bundle's folder means its index file. A wiki link (`[[LoRA#Why]]`) names a
    note by its name (`notes`: the names of url_of_source's notes, made if not given), as
    Jekyll's `{% post_url 2023-05-01-lora %}` does (`mlblog-post:2023-05-01-lora`)."""
    if is_wiki(link) or link.startswith(POST_NAME):
        names = notes if notes is not None else NoteNames(url_of_source)
        return names.find(source_path, _named_note(link))[0]
    wanted = _file_named(source_path, link)
    if wanted in url_of_source:
        return wanted
    return next((f for name in BUNDLE_INDEXES if (f := f"{wanted}/{name}") in url_of_source), None)


def _file_named(source_path: str, link: str) -> str:
    """The site-relative file a Markdown link (`../lora.md#why`) names."""
    folder = posixpath.dirname(source_path)
    return posixpath.normpath(posixpath.join(folder, unquote(urlsplit(link).path)))


def _named_note(link: str) -> str:
    """The note a wiki link or a post_url link (`mlblog-post:2023-05-01-lora#why`) names."""
    if is_wiki(link):
        return wiki_target(link)[0]
    return unquote(link.removeprefix(POST_NAME).partition("#")[0])


def written_link(link: str) -> str:
    """A recorded link as a warning shows it: a wiki link without its label, a post_url link
    as the Liquid that wrote it."""
    if is_wiki(link):
        return wiki_label(link)[0]
    if link.startswith(POST_NAME):
        fragment = urlsplit(link).fragment
        return f"{{% post_url {_named_note(link)} %}}" + (f"#{fragment}" if fragment else "")
    return link


def dendron_order(source_path: str, link: str, notes: NoteNames) -> str | None:
    """A wiki link in Dendron's order, `[[label|note]]`, as `[[note|label]]`: when the part
    before `|` names no note (not even one this build leaves out) and the part after it
    names exactly one. None: Obsidian's `[[note|label]]`, as recorded."""
    named, label = wiki_label(link)
    wanted = label.partition("#")[0].strip()
    if not wanted or not is_wiki(link):
        return None
    before = wiki_target(named)[0]
    if notes.find(source_path, before)[0] is not None or notes.left_out(source_path, before):
        return None
    found, several = notes.find(source_path, wanted)
    if found is None or several:
        return None
    return f"[[{label}|{named[2:-2]}]]"


def link_fragment(
    link: str,
    anchors: Iterable[tuple[str, str]] = (),
    ids: Callable[[], Collection[str]] = frozenset,
) -> str:
    """The `#anchor` a recorded link goes to: a wiki link's heading as our ids are made,
    or the id that heading has instead (`anchors`: its target's Rendered.anchors); a
    Markdown link's as written, or the id of the heading it names by its text (`ids`: the
    target's ids, asked only then)."""
    if not is_wiki(link):
        fragment = urlsplit(link).fragment
        return heading_fragment(fragment, dict(anchors), ids) if fragment else ""
    said = wiki_target(link)[1]
    return next((given for text, given in anchors if text == said), said) if said else ""


def resolve(
    source_path: str,
    file_line: Callable[[int], int | None],
    page_folder: str,
    rendered: Rendered,
    url_of_source: Mapping[str, str],
    href: Callable[[str], str],
    absolute: Callable[[str], str],
    exists: Callable[[str], bool],
    size: Callable[[str], Size | None] = lambda _: None,
    size_at: Callable[[str], Size | None] = lambda _: None,
    find_file: Callable[[str, str], str | None] = lambda _source, _name: None,
    notes: NoteNames | None = None,
    anchors: Callable[[str], Iterable[tuple[str, str]]] = lambda _: (),
    ids: Callable[[str], Collection[str]] = lambda _: (),
) -> Resolved:
    """The post's final HTML, the files to copy beside it, and warnings for broken ones.

    `file_line` maps a line of the body to one of the file; `href` and `absolute` make a
    site path a link; `exists` asks whether a source file exists, `size` what size in
    pixels an image file has (an image's page keeps its place while the image loads), and
    `size_at` the size of the image a site path serves (`/img/a.png`), if the site copies it,
    and `find_file` the site-relative file an embed `![[a.png]]` of a source shows;
    `notes`: url_of_source's notes by name, for wiki links (made here if not given), and
    `anchors` where a source's headings' ids differ from the ids their texts give, and
    `ids` the ids a source's page has.
    """
    folder = posixpath.dirname(source_path)
    problems: list[Diagnostic] = []
    targets: list[str] = []
    unlinked: set[int] = set()  # wiki links to no note: their text alone, as Obsidian shows it
    relabeled: dict[int, str] = {}  # Dendron's `[[label|note]]`: shown as its label
    if notes is None and any(is_wiki(link) or link.startswith(POST_NAME)
                             for _, link in rendered.links):  # fmt: skip
        notes = NoteNames(url_of_source)
    for line, link in rendered.links:
        if notes is not None and (swapped := dendron_order(source_path, link, notes)):
            link = swapped
            relabeled[len(targets)] = wiki_label(swapped)[1]
        target = linked_source(source_path, link, url_of_source, notes)
        if target is None:
            problems.append(
                warning(source_path, file_line(line), _missing(source_path, link, notes))
            )
            if is_wiki(link):
                unlinked.add(len(targets))
            targets.append(_as_file(link))
            continue
        fragment = link_fragment(link, anchors(target), partial(ids, target))
        targets.append(href(url_of_source[target]) + (f"#{fragment}" if fragment else ""))
        if notes is not None and is_wiki(link):
            problems.extend(_ambiguous(source_path, file_line(line), link, target, notes))
    # images by site path (`/img/a.png`, copied from static/): their sizes by page URL
    by_src = {href(url): found for _, kind, url in rendered.site_links
              if kind == "image" and (found := size_at(url)) is not None}  # fmt: skip
    if not targets and not rendered.assets and not by_src:
        return Resolved(None, None, {}, problems)  # most posts: no need to unpack the HTML
    html = rendered.html
    if unlinked or relabeled:
        html = _WIKI_LINK.sub(lambda m: _wiki_text(m, unlinked, relabeled), html)
    if targets:
        html = _LINK.sub(lambda m: f'href="{targets[int(m.group(1))]}"', html)
    if by_src:
        html = _IMG.sub(lambda m: _sized_by_src(m[0], by_src), html)
    copies: dict[str, str] = {}
    on_page: list[str] = []
    in_feed: list[str] = []
    sizes: list[Size | None] = []
    unlinked_files: set[int] = set()  # `[[paper.pdf]]` of no file: its text alone
    # each marker's `?query#fragment` as written; a linked file keeps its fragment
    tails = {int(m[2]): unescape(m[3]) for m in _ASSET.finditer(html) if m[3]}
    kept = {i: t[t.find("#") :] for i, t in tails.items()
            if "#" in t and rendered.assets[i][1].startswith(FILE_LINK)}  # fmt: skip
    for index, (line, asset) in enumerate(rendered.assets):
        linked = asset.startswith(FILE_LINK)  # `[slides](talk.pdf)`: a file, not an image
        asset = asset.removeprefix(FILE_LINK)
        source = posixpath.normpath(posixpath.join(folder, asset))
        target = posixpath.normpath(posixpath.join(page_folder, asset))
        if asset.startswith(ELSEWHERE):  # on the author's computer: found here by its name
            written = asset.removeprefix(ELSEWHERE)
            name = posixpath.basename(written.replace("\\", "/"))
            asset = f"![[{name}]]"
            if find_file(source_path, name) is None:
                problems.append(
                    warning(
                        source_path,
                        file_line(line),
                        (
                            f"image {written} is a file on its author's computer, which readers "
                            f"cannot load: copy {name} beside the post (found there by its name)"
                        ),
                    )
                )
                on_page.append(quote(name))
                in_feed.append(quote(name))
                sizes.append(None)
                continue
        shown = not linked and (not is_wiki(asset) or asset.startswith("!"))  # on the page
        if is_wiki(asset):  # `![[a.png]]`, `[[paper.pdf]]`: by name, beside the note or not
            located = find_file(source_path, wiki_name(asset))
            if located is None:
                what = "image" if shown else "file"
                problems.append(warning(source_path, file_line(line), f"{what} not found: {asset}"))
                if not shown:
                    unlinked_files.add(index)
                on_page.append(quote(wiki_name(asset)))
                in_feed.append(quote(wiki_name(asset)))
                sizes.append(None)
                continue
            if located.startswith("static/"):  # published at its own address already
                url = "/" + located.removeprefix("static/")
                on_page.append(href(url))
                in_feed.append(absolute(url))
                sizes.append(size(located) if shown else None)
                continue
            source, target = located, _beside_page(located, folder, page_folder)
        if " /" in asset and not exists(source) and exists(_trimmed(source)):
            source, target = _trimmed(source), _trimmed(target)
        if source.startswith("../") or target.startswith("../") or not exists(source):
            written = asset + unquote(tails.get(index, ""))
            named = posixpath.normpath(posixpath.join(folder, written))
            if written != asset and not named.startswith("../") and exists(named):
                said = named_with_mark("link" if linked else "image", written, named)
                problems.append(warning(source_path, file_line(line), said))
                kept[index] = tails[index]  # as written, as a site path's `/img/fig#1.png` is
            elif not (linked and exists(f"static/{target}")):  # static/ serves it there
                what = "file" if linked else "image"
                if "." in posixpath.basename(asset) or written == asset:
                    said = f"{what} not found: {asset}"
                else:  # `b#1.png` meant no file `b`: named, and linked, as written
                    said, kept[index] = f"{what} not found: {written}", tails[index]
                problems.append(warning(source_path, file_line(line), said))
            on_page.append(quote(asset))
            in_feed.append(quote(asset))
            sizes.append(None)
            continue
        copies[target] = source
        on_page.append(href("/" + _as_url_path(target)))
        in_feed.append(absolute("/" + _as_url_path(target)))
        sizes.append(size(source) if shown else None)
    if not on_page:
        return Resolved(html, None, copies, problems)
    if any(sizes):
        html = _IMG.sub(lambda m: _sized(m[0], sizes), html)
    if unlinked_files:
        html = _WIKI_FILE.sub(lambda m: m[2] if int(m[1]) in unlinked_files else m[0], html)
    page_html = _ASSET.sub(lambda m: f'{m[1]}="{on_page[int(m[2])]}{_kept(m, kept)}"', html)
    feed_html = _ASSET.sub(lambda m: f'{m[1]}="{in_feed[int(m[2])]}{_kept(m, kept)}"', html)
    return Resolved(page_html, feed_html, copies, problems)


def _kept(marker: re.Match[str], kept: Mapping[int, str]) -> str:
    """The `?query#fragment` a resolved marker keeps, escaped for its attribute."""
    return escape(kept.get(int(marker[2]), ""))


def named_with_mark(what: str, written: str, found: str) -> str:
    """The warning for `fig#2.png` naming the file `found`, fig#2.png: a `#` (or `?`) in a
    URL ends its path, so the browser asks for `fig`; it says how to write the name, not
    where to put a file that is there already."""
    mark = min((written.index(m), m) for m in "#?" if m in written)[1]
    escaped = quote(written, safe="/:@!$&'()*+,;=~")
    return (f'broken {what}: "{mark}" in {written} ends the file\'s name, so the browser asks '
            f"for {written.split(mark)[0]}, not for {found}; write {escaped}, or rename the "
            f'file without "{mark}"')  # fmt: skip


def _as_url_path(name: str) -> str:
    """A copied file's name as a URL path: its `#`, `?` and `%` escaped (href keeps them,
    as parts of a link): `fig%231.png` in the post found fig#1.png, then linked /…/fig#1.png,
    which the browser asks for as /…/fig."""
    return name.replace("%", "%25").replace("#", "%23").replace("?", "%3F")


def _trimmed(path: str) -> str:
    """A path without spaces at the ends of its folders' names: Notion names a page's folder
    by its title cut short (`Transformer 笔记 /image.png`), and that last space is gone once
    the export is unpacked on Windows, which allows none there."""
    return _FOLDER_END_SPACES.sub("/", path)


_FOLDER_END_SPACES = re.compile(r" +/")


def _wiki_text(link: re.Match[str], unlinked: set[int], relabeled: Mapping[int, str]) -> str:
    """A wiki link's `<a>` (`_WIKI_LINK`): its text alone when it links to no note, with
    its label for text in Dendron's order."""
    index = int(link[1])
    if index in unlinked:
        return link[2]
    if index in relabeled:
        return f'<a href="{LINK_MARKER}{index}">{breakable_html(relabeled[index], _escape)}</a>'
    return link[0]


def _escape(text: str) -> str:
    return escape(text, quote=False)  # (as markdown-it escapes text, but for `"`)


def _beside_page(found: str, folder: str, page_folder: str) -> str:
    """Where a file a wiki reference found is copied: where a Markdown image's copy goes
    when it is beside the note or in its bundle; beside the page by its name when it is
    elsewhere in content/ (Obsidian's attachment folder, `content/attachments/`)."""
    beside = posixpath.relpath(found, folder)
    wanted = beside if not beside.startswith("../") else posixpath.basename(found)
    return posixpath.normpath(posixpath.join(page_folder, wanted))


def _as_file(link: str) -> str:
    """The address a link to no post keeps: a post_url's as the file it names."""
    if not link.startswith(POST_NAME):
        return link
    fragment = urlsplit(link).fragment
    return quote(_named_note(link)) + ".md" + (f"#{fragment}" if fragment else "")


def _missing(source_path: str, link: str, notes: NoteNames | None) -> str:
    if link.startswith(POST_NAME) and notes is not None:
        if left_out := notes.left_out(source_path, _named_note(link)):
            return (f"link to a post this build leaves out: {written_link(link)} "
                    f"({left_out[0]}: {left_out[1]})")  # fmt: skip
        return f"link to a missing post: {written_link(link)} (no post has that file name)"
    if not is_wiki(link) and notes is not None:  # `[x](draft.md)`: say why it is not there
        wanted = _file_named(source_path, link)
        for path in (wanted, *(f"{wanted}/{name}" for name in BUNDLE_INDEXES)):
            if (why := notes.why_left_out(path)) is not None:
                return f"link to a post this build leaves out: {link} ({path}: {why})"
    if not is_wiki(link) or notes is None:
        return f"link to a missing post: {unquote(link)}"  # as written: `no such.md`
    left_out = notes.left_out(source_path, wiki_target(link)[0])
    named = wiki_label(link)[0]
    if left_out is not None:  # a draft, say: built with --drafts, the link is made
        return f"link to a note this build leaves out: {named} ({left_out[0]}: {left_out[1]})"
    return f"link to a missing note: {named} (no note has that file name); it is shown as text"


def _ambiguous(
    source_path: str, line: int | None, link: str, target: str, notes: NoteNames
) -> list[Diagnostic]:
    """A warning when a wiki link's name fits several notes (it links to the nearest)."""
    fits = notes.find(source_path, wiki_target(link)[0])[1]
    if not fits:
        return []
    link = wiki_label(link)[0]
    return [
        warning(source_path, line, f"{link} fits {len(fits)} notes ({', '.join(sorted(fits))}); "
                f"it links to {target} (write the name with its folder, as [[folder/name]], "
                "to choose)")
    ]  # fmt: skip


_SRC = re.compile(r'\ssrc="([^"]*)"')


def _sized_by_src(tag: str, by_src: Mapping[str, Size]) -> str:
    """An `<img>` of a site-path image with its width and height (see `_sized`)."""
    found = _SRC.search(tag)
    src = unescape(found[1]) if found is not None else ""  # (a&amp;b.png is a&b.png)
    if found is None or src not in by_src or _SIZED.search(tag):
        return tag
    width, height = by_src[src]
    return f'{tag[: found.end()]} width="{width}" height="{height}"{tag[found.end() :]}'


def _sized(tag: str, sizes: list[Size | None]) -> str:
    """An `<img>` of a local image with its width and height, unless the author gave it
    a size (`<img src="a.png" width="50%">`): the browser keeps the image's place while
    it loads, and the theme's `max-width: 100%; height: auto` scales it as before."""
    found = _ASSET.search(tag)
    if found is None or _SIZED.search(tag):
        return tag
    wanted = sizes[int(found[2])]
    if wanted is None:
        return tag
    return f'{tag[: found.end()]} width="{wanted[0]}" height="{wanted[1]}"{tag[found.end() :]}'
