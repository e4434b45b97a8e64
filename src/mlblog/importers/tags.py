"""Template tags of other generators in a post: `{% %}`, `{{ }}`, `{{< >}}`, `{{% %}}`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

# Masked text (see `mask`) holds NUL where code or math was, so a tag never spans them;
# nor does it span a blank line, so a stray `{%` cannot swallow the rest of the post.
_BODY = r"(?:(?!\n[ \t]*\n)[^\x00])*?"
_TAG = re.compile(
    rf"""\{{\{{<(?P<sc>{_BODY})>\}}\}}
    |\{{\{{%(?P<scm>{_BODY})%\}}\}}
    |\{{%(?P<liquid>{_BODY})%\}}
    |\{{\{{(?P<output>{_BODY})\}}\}}""",
    re.VERBOSE,
)
_PARAM = re.compile(
    r"""(?:(?P<key>[A-Za-z_][\w-]*)=)?
    (?:"(?P<dq>(?:\\.|[^"\\])*)"|'(?P<sq>[^']*)'|`(?P<bq>[^`]*)`|(?P<bare>[^\s"'`]+))""",
    re.VERBOSE,
)


class TagKind(Enum):
    LIQUID = "liquid"  # {% name args %}: Jekyll's Liquid, Hexo's Nunjucks
    OUTPUT = "output"  # {{ expression }}
    SHORTCODE = "shortcode"  # Hugo's {{< name args >}} and {{% name args %}}


@dataclass(frozen=True, slots=True)
class Tag:
    kind: TagKind
    start: int  # offsets in the post's body
    end: int
    name: str  # first word: `asset_img`, `endnote`, `/notice`; '' for an output tag
    args: str  # the rest, or the whole expression of an output tag
    text: str  # the tag as written

    def snippet(self, limit: int = 60) -> str:
        flat = " ".join(self.text.split())
        return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def find_tags(masked: str) -> Iterator[Tag]:
    """Every tag outside the masked parts, in order."""
    for match in _TAG.finditer(masked):
        group = match.lastgroup
        assert group is not None
        inner = match.group(group)
        if group == "output":
            yield Tag(TagKind.OUTPUT, match.start(), match.end(), "", _trim(inner), match[0])
            continue
        kind = TagKind.LIQUID if group == "liquid" else TagKind.SHORTCODE
        name, _, args = _trim(inner).partition(" ")
        if kind is TagKind.SHORTCODE and name == "/" and args:  # `{{< / notice >}}`
            first, _, args = args.strip().partition(" ")
            name = "/" + first
        yield Tag(kind, match.start(), match.end(), name.strip(), args.strip(), match[0])


def _trim(inner: str) -> str:
    """Without Liquid's whitespace-control dashes, and on one line."""
    text = " ".join(inner.split())
    text = text.removeprefix("-").removesuffix("-")
    return text.strip()


@dataclass(frozen=True, slots=True)
class Params:
    positional: tuple[str, ...]
    named: dict[str, str]

    def get(self, key: str, position: int | None = None) -> str:
        if key in self.named:
            return self.named[key]
        if position is not None and position < len(self.positional):
            return self.positional[position]
        return ""


def parse_params(args: str) -> Params:
    """`tip "A title" open=false` → positional ("tip", "A title"), named {"open": "false"}."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for match in _PARAM.finditer(args):
        value = next(v for v in match.group("dq", "sq", "bq", "bare") if v is not None)
        if match.group("dq") is not None:
            value = re.sub(r"\\(.)", r"\1", value)
        if match.group("key"):
            named[match.group("key")] = value
        else:
            positional.append(value)
    return Params(tuple(positional), named)
