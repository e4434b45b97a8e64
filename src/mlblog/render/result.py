"""What rendering a document produces, and the settings it depends on: plain data,
light to import (a warm rebuild reads these from the cache and never parses Markdown).
"""

import re
from dataclasses import dataclass

from mlblog.packed import unpack
from mlblog.render.cited import Cited


@dataclass(frozen=True, slots=True)
class Placeholders:
    """What stands for code, inline math and display math in plain-text excerpts."""

    code: str
    math_inline: str
    math_block: str


LINK_MARKER = "mlblog-link:"  # href of a link to another source, until the build resolves it
ASSET_MARKER = "mlblog-asset:"  # src of a local image, until the build finds the file
# href of a link to a post by its file name, Jekyll's `{% post_url 2023-05-01-lora %}`
# (render.liquid): the build finds it wherever it is, a file or a bundle's folder
POST_NAME = "mlblog-post:"
# An asset the post links to rather than shows (no URL has it: it would be a scheme)
FILE_LINK = "file:"
# An image whose path is on its author's computer (`C:\\Users\\…\\typora-user-images\\a.png`),
# after this: the build looks for a file of its name in the site (render.references)
ELSEWHERE = "elsewhere:"
OPENING_CHARS = 300  # plain text kept per document, for the search index
# Han, kana and Hangul: what counts as a CJK character in reading times and languages
CJK_CHAR = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")


@dataclass(frozen=True, slots=True)
class RenderSettings:
    """Everything besides the text that changes the output; hashable for cache keys."""

    placeholders: Placeholders
    excerpt_length: int = 350
    html: bool = True
    math: bool = True
    base_path: str = "/"
    # The words a post's HTML holds (theme_strings.POST_WORDS): (name, text, lang), the lang
    # "en" where the text is the English default on a site in another language. None: these.
    words: tuple[tuple[str, str, str], ...] | None = None
    numeric_citations: bool = False  # site.yaml's `citation_style: numeric`: [1], not (Li, 2024)
    # The document's own `code-fold:` and `code-summary:` (content.code_fold), its chunks' default
    code_fold: tuple[str, str] = ("", "")


@dataclass(frozen=True, slots=True)
class TocItem:
    level: int
    id: str
    html: str
    # The heading's plain text, TeX included, when it has a typeset formula (else ""): its
    # link's name, since Chromium leaves KaTeX's MathML out of names (cf. title_name).
    name: str = ""


@dataclass(frozen=True, slots=True)
class Rendered:
    packed_html: bytes  # the HTML, packed (mlblog.packed): small while a build holds them all
    toc: tuple[TocItem, ...]
    excerpt: str
    text: str  # the opening of the plain text (OPENING_CHARS): what search indexes
    reading_minutes: int
    cjk_share: float  # CJK characters among CJK characters and Latin words, 0 … 1
    warnings: tuple[tuple[int, str], ...]  # (line within the body, 1-based; message)
    headings: tuple[str, ...] = ()  # plain text of every heading, for search
    code_names: tuple[str, ...] = ()  # names of parts in its code blocks, for search
    # local files the post shows, relative to it, or by name: `[[a.png]]` (render.wikilinks);
    # one it links to, `[slides](files/talk.pdf)`, after FILE_LINK; one on the author's
    # computer after ELSEWHERE
    assets: tuple[tuple[int, str], ...] = ()
    # links to other sources, by marker index: as written, or a wiki link's `[[Note#Heading]]`
    links: tuple[tuple[int, str], ...] = ()
    site_links: tuple[tuple[int, str, str], ...] = ()  # see render.references.References
    description: str = ""  # the excerpt without placeholders (render.excerpt.description)
    # Has a Mermaid diagram: its page loads mermaid.js, and only then does a build copy it.
    diagrams: bool = False
    # (the id a heading's text gives, the id the heading has) where they differ, as for
    # `## 环境配置 {#setup}`: where a wiki link `[[Note#环境配置]]` to it goes
    anchors: tuple[tuple[str, str], ...] = ()
    # The id of the opening heading that became the page's title (Source.title_heading), or
    # "": the title element has it, so links to the heading still arrive
    title_id: str = ""

    @property
    def html(self) -> str:
        return unpack(self.packed_html)


# What a document renders from: body, summary, settings, what it may cite (None: nothing),
# and the heading that became its title ("": none)
Job = tuple[str, str | None, RenderSettings, Cited | None, str]
