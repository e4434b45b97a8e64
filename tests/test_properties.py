"""Property tests: whatever text or front matter comes in, the loader, the excerpt and
the slug functions either work or report the project's own diagnostic, never crash."""

from __future__ import annotations

import re
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlblog.content.model import build_entry
from mlblog.content.slugs import MAX_SLUG_BYTES, slugify
from mlblog.content.source import Kind, Source, parse_source
from mlblog.diagnostics import Diagnostic
from mlblog.render.excerpt import ELLIPSIS
from mlblog.render.markdown import MarkdownRenderer
from mlblog.render.math import MathItem, MathResult
from mlblog.render.result import Placeholders, RenderSettings

TZ = ZoneInfo("Asia/Shanghai")
# Placeholders made of characters the generated text never contains, so a split one shows.
PH = Placeholders("⟦C⟧", "⟦M⟧", "⟦B⟧")
MARKDOWN_BITS = st.sampled_from(
    ["$", "$$", "\\(", "\\)", "\\[", "\\]", "`", "```", "~~~", "\n", "\n\n", "    ", "*", "_",
     "[", "]", "(", ")", "!", "#", "## ", "> ", "- ", "1. ", "|", "<", ">", "<!--more-->",
     "\\begin{align}", "\\end{align}", "---", "{%", "%}", "{{<", ">}}", "^", "&", ";", "\t",
     "> [!NOTE]\n", "> [!tip]- ", "> [!faq]+ Q\n> ", "==", "[TOC]", "{:toc}", "::: tip ", ":::",
     "[^1]", "[^1]: ", "```mermaid\n", "\\label{eq:a}", "\\eqref{eq:a}", "\\tag{1}", "$$ (1)"]
)  # fmt: skip
TEXT = st.text(
    alphabet=st.characters(exclude_characters="⟦⟧", exclude_categories=["Cs"]), max_size=40
)
MARKDOWN = st.lists(st.one_of(MARKDOWN_BITS, TEXT), max_size=40).map("".join)


class EchoMath:
    """Stands in for KaTeX: these properties are about text, not typesetting."""

    version = "echo"

    def render(self, items: Sequence[MathItem]) -> list[MathResult]:
        return [MathResult(html=f"<span>{len(item.tex)}</span>") for item in items]


RENDERER = MarkdownRenderer(EchoMath())


def _check_loaded(result: Source | Diagnostic) -> None:
    if isinstance(result, Diagnostic):
        assert result.path == "content/posts/x.md" and result.message
        return
    entry, problems = build_entry(result, TZ)
    assert all(isinstance(p, Diagnostic) for p in problems)
    if entry is not None:
        assert entry.slug == slugify(entry.slug) and entry.slug


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_loader_takes_any_bytes(raw: bytes) -> None:
    _check_loaded(parse_source("content/posts/x.md", Kind.POST, raw, 0.0))


FRONT_KEYS = st.sampled_from(
    ["title", "date", "updated", "lastmod", "categories", "category", "tags", "slug", "draft",
     "summary", "description", "excerpt", "math", "toc", "layout", "comments"]
)  # fmt: skip
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT,
    st.sampled_from(["2024-05-10", "2024-13-01", "2024-05-10 22:21:49 +0800", "yesterday",
                     "2020-02-30T10:00:00Z", "0001-01-01", "9999-12-31 23:59:59 -1200"]),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.one_of(FRONT_KEYS, TEXT), VALUES, max_size=8), MARKDOWN)
def test_loader_takes_any_front_matter(meta: dict[str, object], body: str) -> None:
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    _check_loaded(parse_source("content/posts/x.md", Kind.POST, text.encode(), 0.0))


@settings(max_examples=300, deadline=None)
@given(TEXT.map(lambda t: "---\n" + t), MARKDOWN)
def test_loader_takes_any_front_matter_text(front: str, body: str) -> None:
    text = front + "\n---\n" + body
    _check_loaded(parse_source("content/posts/x.md", Kind.POST, text.encode(), 0.0))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN, st.integers(min_value=1, max_value=400), st.one_of(st.none(), MARKDOWN))
def test_excerpt_within_limit_and_placeholders_whole(
    body: str, limit: int, summary: str | None
) -> None:
    settings_ = RenderSettings(PH, excerpt_length=limit)
    excerpt = RENDERER.render(body, summary, settings_).excerpt
    shown = excerpt.removesuffix(ELLIPSIS)
    assert len(shown) <= limit
    assert "\n" not in excerpt and "  " not in excerpt and excerpt == excerpt.strip()
    rest = re.sub("⟦[CMB]⟧", "", shown)
    assert "⟦" not in rest and "⟧" not in rest, excerpt


SAFE_SEGMENT = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?$")
RESERVED = {"con", "prn", "aux", "nul"}
WINDOWS_DEVICES = {f"{name}{i}" for name in ("com", "lpt") for i in range(10)}


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
def test_slugs_are_safe_path_segments(text: str) -> None:
    slug = slugify(text)
    if not slug:
        return
    reserved_suffix = slug.endswith("-") and slug[:-1] in RESERVED | WINDOWS_DEVICES
    assert SAFE_SEGMENT.match(slug.removesuffix("-") if reserved_suffix else slug), slug
    assert "/" not in slug and "\\" not in slug and slug not in (".", "..")
    assert "--" not in slug and slug == slug.lower()
    assert slug not in RESERVED | WINDOWS_DEVICES
    assert len(slug.encode()) <= MAX_SLUG_BYTES + 1
    assert slugify(slug) == slug  # stable: a slug written back as `slug:` gives itself
