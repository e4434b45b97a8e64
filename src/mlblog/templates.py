"""The Jinja environment: the site's templates/ over the theme's, url helpers, filters."""

from __future__ import annotations

import difflib
import functools
import re
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from mlblog import __version__
from mlblog.comments import giscus_lang
from mlblog.config import Config, Placeholders
from mlblog.content.front_matter_keys import IMAGE_KEYS
from mlblog.diagnostics import MlblogError, error
from mlblog.feeds import absolute_urls
from mlblog.render.result import CJK_CHAR
from mlblog.render.soft_breaks import BREAK, breakable_html, may_break
from mlblog.theme_files import THEME_DIR
from mlblog.theme_strings import site_words
from mlblog.urls import Urls


def template_loader(site_dir: Path) -> jinja2.BaseLoader:
    """The site's templates over the theme's."""
    return jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(site_dir / "templates"),
            jinja2.FileSystemLoader(THEME_DIR / "templates"),
            # the theme's file where the site has its own (mlblog.term_templates)
            jinja2.PrefixLoader(
                {"theme": jinja2.FileSystemLoader(THEME_DIR / "templates")}, delimiter=":"
            ),
        ]
    )


def make_environment(
    site_dir: Path, config: Config, compiled: Path | None = None
) -> jinja2.Environment:
    """`compiled`: a folder to keep compiled templates in (Jinja's bytecode cache, keyed
    by each template's source), so a rebuild after an edit does not compile them again."""
    urls = Urls(config)
    env = jinja2.Environment(
        loader=template_loader(site_dir),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # An edited template makes a new environment (serve: templates_changed), so no
        # page needs to ask the disk whether its templates changed (4 stats a page).
        auto_reload=False,
        bytecode_cache=_CompiledTemplates(str(compiled)) if compiled else None,
    )
    env.globals.update(
        site=config,
        url=urls.href,
        abs_url=urls.absolute,
        social_image=lambda view: social_image(urls, view.meta, view.html, view.url),
        generator=f"mlblog {__version__}",
        ui=site_words(config.language, config.words),
    )
    env.filters["ymd"] = _ymd
    env.filters["iso"] = _iso
    env.filters["absolute_urls"] = absolute_urls
    env.filters["og_locale"] = og_locale
    env.filters["giscus_lang"] = giscus_lang
    env.filters["title_name"] = title_name
    # Break points in a tag's long identifier, as in titles (torch.nn.functional.scaled_…).
    env.filters["breakable"] = lambda text: markupsafe.Markup(breakable_html(str(text)))
    env.filters["named_backrefs"] = named_backrefs
    env.filters["whole_placeholders"] = lambda text: whole_placeholders(
        text, config.excerpt.placeholders
    )
    env.filters["lang_attr"] = lambda lang: lang_attr(lang, config.language)
    env.filters["latin_lang"] = lambda text: latin_lang(text, config.language)
    env.globals["english"] = lang_attr("en", config.language)
    return env


def named_backrefs(html: str, name: str) -> markupsafe.Markup:
    """A post's HTML with its footnotes' back-links named in the site's words ("返回正文"):
    markdown-it names them "↩︎", and the render stage does not know the site's language."""
    named = markupsafe.Markup('class="footnote-backref" aria-label="{}"').format(name)
    return markupsafe.Markup(html.replace('class="footnote-backref"', named))


def _escaped(text: str) -> str:
    """Escaped as Jinja escapes (&#34;, where html.escape writes &quot;), as plain text:
    markupsafe.escape's Markup objects cost more than the escaping."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace('"', "&#34;").replace("'", "&#39;")
    )  # fmt: skip


def whole_placeholders(text: str, placeholders: Placeholders) -> markupsafe.Markup:
    """An excerpt as HTML, each placeholder in a span that keeps it on one line: Chinese
    breaks between any two characters, so "[公式]" came out as "[公" and, below, "式]".
    Long identifiers get a title's break points ("scaled_dot_produ" / "ct_attention").
    Every listing's every excerpt comes here: built as text, escaped as Jinja escapes."""
    pattern = _marks(placeholders.code, placeholders.math_inline, placeholders.math_block)
    shown = functools.partial(breakable_html, escape=_escaped) if may_break(text) else _escaped
    if pattern is None:
        return markupsafe.Markup(shown(text))
    # Split the text (not its HTML, where a mark could match inside an entity); the
    # split's odd pieces are the marks found.
    pieces = pattern.split(text)
    html = "".join(
        f'<span class="placeholder">{_escaped(piece)}</span>' if i % 2 else shown(piece)
        for i, piece in enumerate(pieces)
    )
    return markupsafe.Markup(html)


@functools.lru_cache(maxsize=8)
def _marks(*marks: str) -> re.Pattern[str] | None:
    """A pattern finding any of the placeholders, longest first; None when all are empty."""
    shown = sorted({m for m in marks if m}, key=lambda m: (-len(m), m))
    return re.compile("(" + "|".join(map(re.escape, shown)) + ")") if shown else None


def lang_attr(lang: str, site_language: str) -> markupsafe.Markup:
    """` lang="…"` on text in another language than the page's (the site's): a screen
    reader then reads it with the right voice. A bare language is the site's when the
    site's tag only adds a region (en on an en-US site, zh on zh-CN); zh-HK on a zh-CN
    site, or pt-PT on pt-BR, is another voice and is marked."""
    given, site = lang.lower().split("-"), site_language.lower().split("-")
    same = given == site or (given[0] == site[0] and (len(given) == 1 or len(site) == 1))
    return markupsafe.Markup("" if same else ' lang="{}"').format(lang)


def latin_lang(text: str, site_language: str) -> markupsafe.Markup:
    """` lang="en"` for text with no CJK characters on a CJK site (a tagline such as
    "INCOMING TRANSMISSION"), the rule posts follow (mlblog.views.language_of)."""
    cjk_site = site_language.lower().startswith(("zh", "ja", "ko"))
    if not cjk_site or not text.strip() or CJK_CHAR.search(text):
        return markupsafe.Markup("")
    return lang_attr("en", site_language)


def title_name(view: Any, before: str = "") -> markupsafe.Markup:
    """` aria-label="…"` for an element showing a title whose formulas are typeset, from its
    plain text (TeX included): KaTeX's HTML is aria-hidden and Chromium leaves its MathML
    out of names, so "为什么注意力是 $O(n^2)$ 的" was read "为什么注意力是 的". `before`:
    the element's other words (the "← Newer" of a post's neighbour link)."""
    if "<" not in view.title_html.replace(BREAK, ""):  # nothing typeset: the text is the name
        return markupsafe.Markup("")
    name = f"{before} {view.title}" if before else view.title
    return markupsafe.Markup(' aria-label="{}"').format(name)


# Open Graph wants language_TERRITORY; a bare language takes its usual territory.
_TERRITORIES = {"en": "US", "zh": "CN", "ja": "JP", "ko": "KR", "de": "DE", "fr": "FR"}


def og_locale(language: str) -> str:
    """`zh-CN` → zh_CN, `en` → en_US, `zh-Hans-CN` → zh_CN (script subtags dropped)."""
    parts = [p for p in language.replace("_", "-").split("-") if p]
    if not parts:
        return "en_US"
    lang = parts[0].lower()
    territory = next((p.upper() for p in parts[1:] if len(p) == 2), _TERRITORIES.get(lang))
    return f"{lang}_{territory}" if territory else lang


_FIRST_IMAGE = re.compile(r"""<img\s[^>]*?\bsrc\s*=\s*(["'])([^"']+)\1""", re.IGNORECASE)


def social_image(urls: Urls, meta: Mapping[str, Any], html: str, page: str) -> str:
    """The full URL of the picture link previews show for a page: the one its front
    matter names (a site path, one beside the page, or a full URL), else its first image
    (as Hexo's open_graph takes it); "" for none."""
    from html import unescape
    from urllib.parse import quote, urljoin

    here = urls.absolute(page)
    for key in IMAGE_KEYS:
        value = meta.get(key)
        value = value[0] if isinstance(value, list) and value else value
        value = value.get("path") if isinstance(value, Mapping) else value  # Chirpy's {path, alt}
        if isinstance(value, str) and value.strip():
            given = value.strip()
            if given.startswith("/") and not given.startswith("//"):
                return urls.absolute(given)
            # as written (`封面 1.png`): a space or a CJK character ends the URL for scrapers
            return quote(urljoin(here, given), safe=_URL_CHARS)
    found = _FIRST_IMAGE.search(html)
    src = unescape(found[2]) if found else ""  # the template escapes it: &amp; was &amp;amp;
    return quote(urljoin(here, src), safe=_URL_CHARS) if src and not src.startswith("data:") else ""


_URL_CHARS = ":/?#[]@!$&'()*+,;=%~"  # what a URL may hold as it is (RFC 3986), % included


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled templates on disk, where a folder removed under a running serve
    (`rm -rf .mlblog-cache`, `git clean -fdX`) is made again, and a template that cannot
    be kept is compiled again next time rather than failing the build."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except FileNotFoundError:
            try:
                Path(self.directory).mkdir(parents=True, exist_ok=True)
                super().dump_bytecode(bucket)
            except OSError:
                pass
        except OSError:
            pass


def _ymd(value: datetime) -> str:
    return value.strftime("%Y-%m-%d")


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render_template(env: jinja2.Environment, name: str, context: dict[str, object]) -> str:
    """Render one page; a mistake in a template becomes a diagnostic at its file and line."""
    try:
        text = env.get_template(name).render(context)
        # One control character (a terminal log's colour codes pasted into a post) makes a
        # whole feed malformed XML, which feed readers then refuse.
        return _NOT_XML.sub("", text) if name.endswith(".xml") else text
    except jinja2.TemplateSyntaxError as exc:
        where = _template_path(exc.filename, exc.name or name)
        message = f"template syntax: {exc.message}"
        if exc.message == "unexpected '.'":  # {{ .Title }}
            message += " (Jinja names what it shows: {{ post.title }}, not Hugo's {{ .Title }})"
        raise MlblogError(error(where, exc.lineno, message)) from None
    except jinja2.TemplateNotFound as exc:  # the page's own, or one it includes or extends
        filename, line = _failing_template_line(exc)
        where = _template_path(filename, name)
        raise MlblogError(error(where, line, f"template not found: {exc.name}")) from None
    except jinja2.UndefinedError as exc:
        filename, line = _failing_template_line(exc)
        where = _template_path(filename, name)
        raise MlblogError(error(where, line, f"template: {_undefined(exc.message)}")) from None
    except Exception as exc:  # {{ 1/0 }}, {{ n + " min" }}, a filter given the wrong value
        filename, line = _failing_template_line(exc)
        if filename is None:
            raise  # not the template's doing
        where = _template_path(filename, name)
        message = f"template: {type(exc).__name__}: {exc}"
        raise MlblogError(error(where, line, message)) from None


_NO_ATTRIBUTE = re.compile(r"'(mlblog\.[\w.]+)\.(\w+) object' has no attribute '(\w+)'")
# what templates call mlblog's objects (README's table of template variables)
_CALLED = {"EntryView": "the post (or page)", "PostSummary": "a post summary", "Config": "site",
           "ArchiveItem": "an archive item", "SeriesBox": "a series box", "Pager": "pager",
           "Link": "a link", "Written": "a date"}  # fmt: skip


def _undefined(message: str | None) -> str:
    """Jinja's "'mlblog.views.EntryView object' has no attribute 'Title'" as the template's
    writer knows the object, with the name meant: a Hugo habit is `post.Title`."""
    found = _NO_ATTRIBUTE.fullmatch(message or "")
    if found is None:
        return message or "undefined value"
    module, kind, name = found.groups()
    has = sorted(n for n in dir(getattr(sys.modules.get(module), kind, None)) if n[0] != "_")
    same = [n for n in has if n.lower() == name.lower()]
    close = same or difflib.get_close_matches(name, has, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"{_CALLED.get(kind, kind)} has no attribute '{name}'{hint}"


def _failing_template_line(exc: BaseException) -> tuple[str | None, int | None]:
    """Jinja rewrites tracebacks so that template frames carry the template's file and line."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if Path(filename).suffix in (".html", ".xml", ".txt"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _template_path(filename: str | None, name: str) -> str:
    if filename and "templates" in Path(filename).parts:
        parts = Path(filename).parts
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("templates") :])
    return f"templates/{name}"
