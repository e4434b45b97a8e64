"""What a post points at: local images, links to other posts' sources, foreign syntax.

The render stage stays pure: it records these with their lines, prefixes root-relative
URLs (Markdown's, and raw HTML's src and href) with base_url's path (a render setting),
and writes each link to another post's source as `mlblog-link:N` and each local image as
`mlblog-asset:N` (wiki links and embeds too: render.wikilinks); the build replaces them
once all URLs are known (see `links.resolve`): images get a base-path URL on pages and an
absolute one in the feed. Root-relative URLs and `#anchors` are recorded too, for the
build to check (mlblog.link_check).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, unquote, urlsplit

from markdown_it.token import Token

from mlblog.render.escaped_braces import ESCAPED
from mlblog.render.liquid import liquid_address, short
from mlblog.render.private_images import private_image
from mlblog.render.result import ASSET_MARKER, ELSEWHERE, FILE_LINK, LINK_MARKER, POST_NAME
from mlblog.render.wiki_refs import IMAGE_SUFFIXES, LINKED_FILE_SUFFIXES

_SOURCE_SUFFIXES = (".md", ".markdown", ".ipynb", ".qmd", ".Rmd", ".rmd")
# A backslash between two path segments (`.\pics\p1.png`, as Typora on Windows writes a
# path): the separator Windows means. Escapes (`\(`) are gone by now (CommonMark's parse).
_WINDOWS_SEPARATOR = re.compile(r"(?<=[^\\/])\\(?=[^\\/])")
# Where an image pasted into Typora (or another desktop editor) lands when no folder beside
# the note is set: a path on the author's own computer, which no reader's browser can open.
_OWN_COMPUTER = re.compile(r"(?:[A-Za-z]:[\\/]|file:/|/(?:Users|home)/[^/]+/)")
# A link the author copied from a local preview of the old blog (`jekyll serve` and `hexo s`
# on port 4000, `hugo server` on 1313): its path is the site's, its host the author's own
# computer, where a reader's click went nowhere. Other ports are the reader's own servers
# a note tells them to open (TensorBoard's 6006, Jupyter's 8888), and stay as written.
_PREVIEW_SERVER = re.compile(
    r"https?://(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]):(?:4000|1313)(?=[/?#]|$)"
)
_NO_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")  # a reference the footnote rule did not take
# Template syntax of other generators that we show as text rather than execute; the
# shortcode before Liquid output, which would take `{{< x >}}` for its own.
_FOREIGN = re.compile(
    r"(?P<tag>\{%.*?%\})|(?P<shortcode>\{\{[<%].*?[>%]\}\})"
    r"|(?P<output>\{\{[^{}\n]+?\}\})|(?P<ial>\{:\s*[.#:\w][^}]*\})"
)
_KINDS = {
    "tag": "Hexo/Jekyll tag",
    "shortcode": "Hugo shortcode",
    "output": "Liquid output",
    "ial": "kramdown attribute list",
}
# Text that ends inside a Markdown link's address: `[Prev](` and what follows it
_IN_ADDRESS = re.compile(r"\]\(\s*<?(?:\{\{[^{}\n]*\}\}|\{%[^%\n]*%\}|[^\s()<>{}])*\Z")
_SAME_ADDRESS = re.compile(r"[^\s()<>{}]*")  # between two tags of one address
# A post full of them (a Jekyll theme's page copied as a post) gets this many, then a count
FOREIGN_SHOWN = 5


@dataclass(frozen=True, slots=True)
class References:
    assets: tuple[tuple[int, str], ...]  # (line, path relative to the source file)
    links: tuple[tuple[int, str], ...]  # (line, link target as written), index = marker N
    warnings: tuple[tuple[int, str], ...]
    # (line, "image" or "link", URL): root-relative ones without the base path, and
    # anchors on the page itself ("#..."), for the build to check once it knows the site
    site_links: tuple[tuple[int, str, str], ...] = ()
    # (line, message): other generators' template syntax, every place (see `capped`)
    templates: tuple[tuple[int, str], ...] = ()


def iter_inline(tokens: Sequence[Token]) -> Iterator[tuple[Token, Token, int]]:
    """(inline token, child, 1-based line of the child) for every inline child."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        line = (token.map[0] + 1) if token.map else 1
        for child in token.children:
            yield token, child, line
            if child.type in ("softbreak", "hardbreak"):
                line += 1


def on_own_computer(url: str) -> bool:
    """`C:\\Users\\me\\…\\a.png`, `file:///D:/notes/a.png`, `/Users/me/Library/…/a.png`."""
    return _OWN_COMPUTER.match(unquote(url)) is not None


def on_site_path(url: str) -> str:
    """`http://localhost:4000/2018/03/11/a/` as the path it means on the site, `/2018/03/11/a/`;
    any other URL as it is, and the server's own front page too: a note on setting up a blog
    tells its readers to open `http://localhost:4000/` on their own computer."""
    if (preview := _PREVIEW_SERVER.match(url)) is None:
        return url
    path = url[preview.end() :]
    return "/" + path.lstrip("/") if path.strip("/") else url


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith(("/", "#", "?"))


def scan(tokens: Sequence[Token], base_path: str) -> References:
    assets: list[tuple[int, str]] = []
    links: list[tuple[int, str]] = []
    notes: list[tuple[int, str]] = []  # what the post asks of mlblog that it cannot do
    templates: list[tuple[int, str]] = []  # other generators' template syntax, as text
    site: list[tuple[int, str, str]] = []

    def on_asset(line: int, src: str) -> str:
        """A local file the page shows, as a marker the build resolves (and copies); one
        on the author's computer is looked for in the site by its name."""
        if on_own_computer(src):
            assets.append((line, ELSEWHERE + unquote(src)))
            return f"{ASSET_MARKER}{len(assets) - 1}"
        parts = urlsplit(src)
        assets.append((line, slashed(unquote(parts.path))))
        return f"{ASSET_MARKER}{len(assets) - 1}{_tail(parts)}"

    def on_file(line: int, href: str) -> str:
        """A local file the page links to (`files/talk.pdf#page=3`): found, copied and
        linked as an image is, its fragment kept."""
        parts = urlsplit(href)
        assets.append((line, FILE_LINK + slashed(unquote(parts.path))))
        return f"{ASSET_MARKER}{len(assets) - 1}{_tail(parts)}"

    def on_site(line: int, kind: str, url: str) -> str:
        """Record a root-relative URL or an anchor; the URL as the page has it."""
        if url.startswith("#"):
            site.append((line, kind, url))
            return url
        written = under(base_path, url)
        site.append((line, kind, "/" + written[len(base_path) :]))
        return written

    def on_link(line: int, href: str) -> str:
        """A link to another source (`../lora.md#why`), as a marker the build resolves."""
        links.append((line, href))
        return f"{LINK_MARKER}{len(links) - 1}"

    def html_urls(line: int, html: str, hidden: bool = False) -> str:
        on = functools.partial

        def on_liquid(newlines: int, message: str) -> None:
            templates.append((line + newlines, message))

        calls = on(on_site, line), on(on_asset, line), on(on_link, line), on(on_file, line)
        return _html_urls(html, *calls, on_liquid, hidden)

    for token in tokens:
        if token.type == "html_block":
            line = (token.map[0] + 1) if token.map else 1
            token.content = html_urls(line, token.content)
    paragraph: Token | None = None
    hiding = ""  # the raw code, pre, script or style element a paragraph's tags are inside
    for inline, child, line in iter_inline(tokens):
        if inline is not paragraph:
            paragraph, hiding = inline, ""
        if child.type == "image":
            src = str(child.attrGet("src") or "")
            if wiki := child.meta.get("wiki"):  # `![[a.png]]`: found by name by the build
                assets.append((line, wiki))
                child.attrSet("src", f"{ASSET_MARKER}{len(assets) - 1}")
            elif (is_local(src) and urlsplit(src).path) or on_own_computer(src):
                child.attrSet("src", on_asset(line, src))
            elif _root_relative(src := on_site_path(src)):
                child.attrSet("src", on_site(line, "image", src))
            elif warned := private_image(src):
                notes.append((line, warned))
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
            if (wiki := child.meta.get("wiki")) and child.meta.get("file"):  # `[[paper.pdf]]`
                assets.append((line, wiki))
                child.attrSet("href", f"{ASSET_MARKER}{len(assets) - 1}")
                if child.meta.get("embed"):
                    notes.append((line, f"embedding a file (!{wiki}) is not supported; "
                                    "it is shown as a link to the file"))  # fmt: skip
            elif wiki:  # `[[Note]]`: a note found by name by the build
                child.attrSet("href", on_link(line, wiki))
                if child.meta.get("embed"):
                    notes.append((line, f"embedding a note (!{wiki}) is not supported; "
                                    "it is shown as a link to the note"))  # fmt: skip
            elif href.startswith(POST_NAME):  # `{% post_url 2023-05-01-lora %}` (render.liquid)
                child.attrSet("href", on_link(line, unquote(href)))
            elif _is_source(href):  # percent-encoded by Markdown: `..%5Clora.md`
                child.attrSet("href", on_link(line, slashed(href.replace("%5C", "\\"))))
            elif _is_linked_file(href):
                child.attrSet("href", on_file(line, href))
            elif child.markup not in ("autolink", "linkify") and (
                _root_relative(href := on_site_path(href))
                or (href.startswith("#") and len(href) > 1)
            ):  # a preview link written out (`<http://localhost:4000/a/>`) says what it is
                child.attrSet("href", on_site(line, "link", href))
        elif child.type == "html_inline":
            child.content = html_urls(line, child.content, bool(hiding))
            hiding = _hiding_after(hiding, child.content)
        elif child.type == "text" and (missing := _NO_FOOTNOTE.search(child.content)):
            notes.append((line, f"footnote {missing[0]} is never defined (add a line "
                            f'"{missing[0]}: …" with its text)'))  # fmt: skip
        elif child.type == "text" and "{" in child.content:
            templates.extend(_foreign(child.content, line, child.meta.get(ESCAPED, ())))
    return References(tuple(assets), tuple(links), tuple(notes), tuple(site), tuple(templates))


def _foreign(text: str, line: int, escaped: Sequence[int] = ()) -> Iterator[tuple[int, str]]:
    """Each construct of another generator's templates in a text, at its own line; not one
    whose first brace the author escaped (`\\{{ x }}`: offsets in `escaped`)."""
    address_end = -1  # where the last address warned of ends: one warning per address
    for match in _FOREIGN.finditer(text):
        if match.start() in escaped:
            continue
        here = line + text.count("\n", 0, match.start())
        snippet = match[0] if len(match[0]) <= 40 else match[0][:37] + "..."
        kind = _KINDS[str(match.lastgroup)]
        if kind != "kramdown attribute list" and _IN_ADDRESS.search(text, 0, match.start()):
            if not _SAME_ADDRESS.fullmatch(text, address_end, match.start()):
                yield here, (f"Liquid {snippet} in a link address is not supported; the link "
                             "is shown as text (write the address itself)")  # fmt: skip
            address_end = match.end()
        else:
            said = f"{kind} {snippet} is not supported; it is shown as text"
            yield here, said + _instead(match[0])


# What to write for the tags and shortcodes posts copied by hand hold most, by name (their
# closing tags too); `mlblog import` converts these in a whole site
_WRITE_INSTEAD = {
    **dict.fromkeys(("asset_img", "img", "asset_image", "figure"),
                    "![caption](image.png), the image beside the post"),
    **dict.fromkeys(("post_link", "post_path", "ref", "relref"), "[text](other-post.md)"),
    **dict.fromkeys(("codeblock", "code", "highlight"), "a ``` fence with its language"),
    **dict.fromkeys(("note", "notice", "admonition", "callout", "hint", "alert"),
                    "a box: ::: tip … :::"),
    "katex": "$…$ or $$…$$ (math is always typeset)",
}  # fmt: skip
_TAG_NAME = re.compile(r"\{(?:%-?|\{[<%])\s*/?(?:end)?(\w+)")


def _instead(written: str) -> str:
    """` (write …)` for a tag or shortcode with a Markdown equivalent, else ""."""
    name = _TAG_NAME.match(written)
    instead = _WRITE_INSTEAD.get(name[1]) if name else None
    return f" (write {instead}; mlblog import converts a whole site's)" if instead else ""


def capped(found: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """The first FOREIGN_SHOWN distinct places of foreign template syntax, and how many
    more, at the line of the next: a post that is full of them is not a wall of text."""
    distinct = sorted(set(found))
    if len(distinct) <= FOREIGN_SHOWN + 1:
        return distinct
    line = distinct[FOREIGN_SHOWN][0]
    more = len(distinct) - FOREIGN_SHOWN
    said = f"and {more} more places with another generator's template syntax, the next here"
    return [*distinct[:FOREIGN_SHOWN], (line, said)]


def slashed(path: str) -> str:
    """A local path with Windows separators as the web's: `.\\pics\\p1.png`, as Typora on
    Windows writes it and shows it, is `./pics/p1.png`."""
    return _WINDOWS_SEPARATOR.sub("/", path) if "\\" in path else path


def _is_source(href: str) -> bool:
    """A link to another post's or page's source file, beside this one."""
    return is_local(href) and urlsplit(href).path.endswith(_SOURCE_SUFFIXES)


# A link to one of these is a file beside the note, copied beside the page as its images
# are (a full-size figure too), or the link led nowhere on the site.
_LINKED_FILES = (*IMAGE_SUFFIXES, *LINKED_FILE_SUFFIXES)


def _is_linked_file(href: str) -> bool:
    """A link to a local file of a kind a note links to (not a page's address); also
    `data#1.csv`, a file whose `#` or `?` the link did not escape (the build says so)."""
    if not is_local(href):
        return False
    path = unquote(urlsplit(href).path).lower()
    if path.endswith(_LINKED_FILES):
        return True
    return "." not in path.rpartition("/")[2] and unquote(href).lower().endswith(_LINKED_FILES)


def _tail(parts: SplitResult) -> str:
    """A local file's `?query#fragment`, kept on its marker: the build keeps a file link's
    fragment (`talk.pdf#page=2`), and knows `fig#2.png` for a file of that name."""
    return (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else ""
    )


def _root_relative(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


def under(base_path: str, url: str) -> str:
    """A root-relative URL under the site's base path: `/img/a.png` → `/notes/img/a.png`.
    One written with the base path already (`/notes/posts/x/`) is left as it is, as
    Hugo's relURL leaves it, rather than made `/notes/notes/posts/x/`."""
    if base_path != "/" and (url + "/").startswith(base_path):
        return url
    return base_path + url.lstrip("/")


_LIQUID = re.compile(r"\{\{|\{%")
# src=, href=, poster= and srcset= in raw HTML (<img src="a.png" width="300">), quoted
# either way (the other quote inside: `src="{{ '/a.png' | relative_url }}"`).
_HTML_URL = re.compile(
    r"""(\s(src|href|poster|srcset)\s*=\s*)(["'])((?:(?!\3)[^>])*)\3""", re.IGNORECASE
)


# Raw HTML whose URLs are text to show, not links to follow: a comment, and what is inside
# code, pre, script and style (an unclosed one runs to the end of the HTML)
_HIDDEN = re.compile(
    r"<!--.*?(?:-->|\Z)|<(code|pre|script|style)(?=[\s/>])[^>]*>.*?(?:</\1\s*>|\Z)",
    re.DOTALL | re.IGNORECASE,
)
_HIDING_TAG = re.compile(r"<(/?)(code|pre|script|style)(?=[\s/>])", re.IGNORECASE)


def _hiding_after(hiding: str, tag: str) -> str:
    """The element hiding a paragraph's inline HTML (see `_HIDDEN`) after one of its tags
    (markdown-it gives each tag of a paragraph as a token of its own): "" for none."""
    if "<" not in tag or not (match := _HIDING_TAG.match(tag)):
        return hiding
    name = match[2].lower()
    if match[1]:
        return "" if name == hiding else hiding
    return hiding or ("" if tag.rstrip().endswith("/>") else name)


def _html_urls(
    html: str,
    on_site: Callable[[str, str], str],
    on_asset: Callable[[str], str],
    on_link: Callable[[str], str],
    on_file: Callable[[str], str],
    on_liquid: Callable[[int, str], None],
    hidden: bool = False,
) -> str:
    """Raw HTML's URLs as Markdown's are made: root-relative src, href, poster and srcset
    under the base path (`on_site`), a src of a file beside the post (`<img
    src="images/a.png">`, sized as Markdown cannot) a local file the build copies
    (`on_asset`), an href to another source (`<a href="../lora.md">`, as the Hexo
    import writes) a link to its page (`on_link`), and an href to a file beside the post
    (`<a href="files/talk.pdf">`) a file the build copies (`on_file`), unless in a comment
    or code (`_HIDDEN`; `hidden`: all of `html` is). Markers are written `src="…"`/`href="…"`,
    however the author quoted them, as the build looks for them so."""
    if "=" not in html:
        return html
    spans: list[tuple[int, int]] = []  # of `_HIDDEN`, found at the first file link

    def shown(at: int) -> bool:
        if not spans:
            spans.extend(m.span() for m in _HIDDEN.finditer(html))
            spans.append((-1, -1))  # found: even when there are none
        return not any(start <= at < end for start, end in spans)

    def put(match: re.Match[str]) -> str:
        url, space, attribute = match[4], match[1][0], match[2].lower()
        if "{" in url and _LIQUID.search(url):  # `<img src="{{ site.baseurl }}/a.png">`
            newlines = html.count("\n", 0, match.start())
            resolved = liquid_address(url)
            if resolved is None:
                said = "is not supported; the address stays as written"
                on_liquid(newlines, f"Liquid in an HTML address: {short(url)} {said} "
                          "(write the address itself)")  # fmt: skip
                return match[0]
            on_liquid(newlines, f"Liquid in an HTML address: {short(url)} is read as "
                      f"{resolved} (write the address itself, {resolved})")  # fmt: skip
            url = resolved
        lead, quote = match[1], match[3]
        if attribute == "src" and ((is_local(url) and urlsplit(url).path) or on_own_computer(url)):
            return f'{space}src="{on_asset(url)}"'
        if attribute == "href" and _is_source(url):
            return f'{space}href="{on_link(slashed(url))}"'
        if attribute == "href" and _is_linked_file(url) and not hidden and shown(match.start()):
            return f'{space}href="{on_file(url)}"'
        if attribute == "srcset":  # "/img/a.png 1x, /img/a@2x.png 2x": a browser on a
            candidates = [c.strip().split(None, 1) for c in url.split(",") if c.strip()]
            urls = [  # 2x screen took the one the base path was missing from
                " ".join([on_site("image", c[0]) if _root_relative(c[0]) else c[0], *c[1:]])
                for c in candidates
            ]
            return lead + quote + ", ".join(urls) + quote
        if not _root_relative(url):
            return lead + quote + url + quote
        kind = "link" if attribute == "href" else "image"
        return lead + quote + on_site(kind, url) + quote

    return _HTML_URL.sub(put, html)
