"""Jekyll's Liquid where a copied post needs it gone: in a link's address, and raw tags.

Posts copied from a Jekyll site (not run through `mlblog import`) write addresses as
`[Prev]({{ '/a/' | relative_url }})` or `![x]({{ site.baseurl }}/img/a.png)`; Markdown
takes neither for a link (an address has no spaces), so the reader saw the brackets and
the Liquid as text. The forms that only name a path of the site are read as that path,
which mlblog puts under its own base_url; each is still warned, since the file is not
portable until it says the address itself. `{% raw %}`/`{% endraw %}` only kept Liquid
off the text between them (math's `{{`): mlblog has no Liquid, so the tags are dropped
and the text kept. Runs before inline parsing, on the text as written; code spans are
left alone (a post about Jekyll shows its syntax there).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from mlblog.render.escaped_braces import MARK
from mlblog.render.result import POST_NAME

LIQUID_WARNINGS = "liquid_warnings"  # env key: (line, message) found by this rule

_TAG = r"\{\{[^{}\n]*\}\}|\{%[^%\n]*%\}"
# A link's address with a Liquid tag in it: after `](`, tags and characters an address has.
_DESTINATION = re.compile(rf"(?P<lead>\]\(\s*<?)(?P<address>(?:{_TAG}|[^\s()<>{{}}])+)")
_PARTS = re.compile(rf"({_TAG})")
_SITE_PREFIX = re.compile(r"^site\.(?:baseurl|url)$")
_FILTERED_PATH = re.compile(
    r"""^(?P<q>["'])(?P<path>[^"']*)(?P=q)\s*\|\s*
    (?:relative_url|absolute_url|prepend:\s*site\.(?:baseurl|url))$""",
    re.VERBOSE,
)
_POST_URL = re.compile(r"\{%-?\s*post_url\s+(?P<name>[^\s%]+)\s*-?%\}")
_RAW = re.compile(r"(?<!\\)\{%-?\s*(?P<name>raw|endraw)\s*-?%\}")  # (not one escaped)
_BRACES = re.compile(r"\{(?=[{%:])")  # the first brace of `{{ x }}`, `{% x %}`, `{: x}`
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)


def site_address(expression: str) -> str | None:
    """What a Liquid output (`{{ … }}`'s inside) adds to an address of the site: "" for
    `site.baseurl`/`site.url`, which only prefix a path that mlblog prefixes itself, the
    path of `'/a/' | relative_url` (or absolute_url, prepend: site.baseurl); None when
    it says anything else."""
    if _SITE_PREFIX.match(expression):
        return ""
    if match := _FILTERED_PATH.match(expression):
        return match["path"]
    return None


def liquid_in_text(state: StateCore) -> None:
    """Resolve site addresses written in Liquid, and drop raw tags, in every inline
    token's text; a paragraph left empty (`{% raw %}` on its own line) goes too."""
    warnings: list[tuple[int, str]] = state.env.setdefault(LIQUID_WARNINGS, [])
    tokens = state.tokens
    empty: set[int] = set()
    inside = [False]  # between raw tags: a pair may hold code spans, or paragraphs
    for index, token in enumerate(tokens):
        if token.type != "inline" or "{" not in token.content:
            continue
        if "{{" not in token.content and "{%" not in token.content:
            continue
        first = (token.map[0] + 1) if token.map else 1
        token.content = _rewrite(token.content, first, warnings, inside)
        if not token.content.strip() and _paragraph(tokens, index):
            empty.update(range(index - 1, index + 2))
    if empty:
        state.tokens = [t for i, t in enumerate(tokens) if i not in empty]


def _paragraph(tokens: list[Token], index: int) -> bool:
    return (
        0 < index < len(tokens) - 1
        and tokens[index - 1].type == "paragraph_open"
        and tokens[index + 1].type == "paragraph_close"
    )


def _rewrite(
    text: str, first_line: int, warnings: list[tuple[int, str]], inside: list[bool]
) -> str:
    """The text with code spans kept as written and the rest rewritten."""
    pieces: list[str] = []
    done = 0
    for span in [*_CODE_SPAN.finditer(text), None]:
        start = span.start() if span else len(text)
        line = first_line + text.count("\n", 0, done)
        pieces.append(_outside_code(text[done:start], line, warnings, inside))
        if span:
            pieces.append(span[0])
            done = span.end()
    return "".join(pieces)


def _outside_code(
    text: str, first_line: int, warnings: list[tuple[int, str]], inside: list[bool]
) -> str:
    def line_of(offset: int) -> int:
        return first_line + text.count("\n", 0, offset)

    def address(match: re.Match[str]) -> str:
        written = match["address"]
        resolved = liquid_address(written)
        if resolved is None:
            return match[0]  # warned as Liquid shown as text (references.scan)
        said = f"is read as {resolved} (write the address itself, {resolved})"
        if resolved.startswith(POST_NAME):
            post = resolved.removeprefix(POST_NAME)
            said = (f"is read as a link to the post {post}, found by its file name (write "
                    "the address itself: the path to its file)")  # fmt: skip
        warnings.append(
            (line_of(match.start()), f"Liquid in a link address: {short(written)} {said}")
        )
        return match["lead"] + resolved

    def raw(match: re.Match[str]) -> None:
        if match["name"] == "raw":  # one warning for the pair
            warnings.append((line_of(match.start()), f"{match[0]} … {{% endraw %}} is not "
                             "needed in mlblog, which has no Liquid; the tags are left out and "
                             "the text between them kept (delete the tags)"))  # fmt: skip

    text = _DESTINATION.sub(address, text)
    pieces: list[str] = []
    done = 0
    for match in _RAW.finditer(text):
        raw(match)
        pieces.append(_literal(text[done : match.start()], inside))
        inside[0], done = match["name"] == "raw", match.end()
    pieces.append(_literal(text[done:], inside))
    return "".join(pieces)


def _literal(text: str, inside: list[bool]) -> str:
    """Text between raw tags with its braces marked as meant (render.escaped_braces)."""
    return _BRACES.sub(MARK + "{", text) if inside[0] else text


def liquid_address(written: str) -> str | None:
    """The address an address with Liquid in it names, or None if it is not only
    `site.baseurl`-style prefixes, `'/path' | relative_url`-style filters, and a post's
    `{% post_url 2020-01-01-x %}`, which names its file (`2020-01-01-x.md`, or a bundle's
    folder `2020-01-01-x/`) wherever it is, as Jekyll finds it among its posts: written
    `mlblog-post:2020-01-01-x`, for the build to find (mlblog.links)."""
    parts = _PARTS.split(written)
    if len(parts) == 1:
        return None  # no Liquid in it
    out: list[str] = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            out.append(part)
        elif post := _POST_URL.fullmatch(part):
            if "".join(out):
                return None  # a prefix that is not only the site's
            return POST_NAME + post["name"].rpartition("/")[2] + "".join(parts[index + 1 :])
        elif part.startswith("{{") and (path := site_address(part[2:-2].strip())) is not None:
            out.append(path)
        else:
            return None
    resolved = "".join(out)
    if urlsplit(resolved).scheme or resolved.startswith("//"):
        return resolved
    return "/" + resolved.lstrip("/")


def short(snippet: str) -> str:
    return snippet if len(snippet) <= 40 else snippet[:37] + "..."
