"""A site's own head and body snippets (theme hooks) and comments (giscus, utterances),
without copying the theme's base.html."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import SiteFactory, build_site, read
from mlblog.config import parse_config
from mlblog.diagnostics import MlblogError

GISCUS = """\
title: Notes
base_url: https://t.example/
language: {language}
comments:
  giscus:
    repo: me/notes
    repo_id: R_kgDOabc
    category: Announcements
    category_id: DIC_kwDOxyz
{extra}"""

UTTERANCES = """\
title: Notes
base_url: https://t.example/
language: en
comments:
  utterances:
    repo: me/notes
    issue_term: title
    label: 💬 comment
"""

POSTS = {
    "content/posts/on.md": "---\ntitle: Opened\ndate: 2024-01-02\n---\nText.\n",
    "content/posts/off.md": "---\ntitle: Off\ndate: 2024-01-01\ncomments: false\n---\nText.\n",
    "content/pages/about.md": "---\ntitle: About\n---\nMe.\n",
    "content/pages/guestbook.md": "---\ntitle: Guestbook\ncomments: true\n---\nSay hi.\n",
}


class _Scripts(HTMLParser):
    """The attributes of each <script> with a src, wherever it is (a <template> too)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and dict(attrs).get("src"):
            self.found.append(dict(attrs))


def scripts(html: str, src: str) -> list[dict[str, str | None]]:
    parser = _Scripts()
    parser.feed(html)
    return [a for a in parser.found if a["src"] == src]


def test_site_hooks_go_at_the_end_of_head_and_body_and_after_each_post(
    make_site: SiteFactory,
) -> None:
    site = make_site({
        **POSTS,
        "templates/_head_end.html": '<meta name="google-site-verification" content="abc">\n',
        "templates/_body_end.html": '<script defer src="https://plausible.io/js/script.js" '
        'data-domain="t.example"></script>\n',
        "templates/_post_end.html": '<p class="licence">CC BY · {{ post.title }}</p>\n',
    })  # fmt: skip
    build_site(site)
    post, home, about = (
        read(site, "posts/on/index.html"),
        read(site, "index.html"),
        read(site, "about/index.html"),
    )
    for page in (post, home, about):
        head, body = page.split("</head>")
        assert head.rstrip().endswith('<meta name="google-site-verification" content="abc">')
        assert body.rstrip().endswith('data-domain="t.example"></script>\n</body>\n</html>')
    # after the post's text, given the post; not on pages or listings
    text_end = post.index("Text.")
    licence = post.index('<p class="licence">CC BY · Opened</p>')
    assert text_end < licence < post.index('class="post-nav"')
    assert "licence" not in home and "licence" not in about


def test_without_the_site_s_hooks_the_pages_hold_nothing_of_them(make_site: SiteFactory) -> None:
    site = make_site(POSTS)
    build_site(site)
    post = read(site, "posts/on/index.html")
    assert "</script>\n</head>" in post and "</footer>\n</body>" in post
    assert "Empty on purpose" not in post
    assert 'class="comments"' not in post  # none configured: no section, no script


def test_giscus_under_posts_not_pages_unless_they_ask(make_site: SiteFactory) -> None:
    site = make_site(POSTS, config=GISCUS.format(language="zh-TW", extra=""))
    build_site(site)
    on = read(site, "posts/on/index.html")
    [giscus] = scripts(on, "https://giscus.app/client.js")
    assert giscus == {
        "src": "https://giscus.app/client.js",
        "data-repo": "me/notes",
        "data-repo-id": "R_kgDOabc",
        "data-category": "Announcements",
        "data-category-id": "DIC_kwDOxyz",
        "data-mapping": "pathname",
        "data-strict": "0",
        "data-reactions-enabled": "1",
        "data-emit-metadata": "0",
        "data-input-position": "bottom",
        "data-theme": "preferred_color_scheme",
        "data-lang": "zh-TW",  # the site's language
        "data-loading": "lazy",
        "crossorigin": "anonymous",
        "async": None,
    }
    assert '<h2 class="comments-title" id="comments-title">评论</h2>' in on
    assert on.index('class="post-nav"') < on.index('class="comments"')
    assert scripts(on, "/assets/js/comments.js")
    assert (site / "public/assets/js/comments.js").is_file()
    # `comments: false` on a post; pages only with `comments: true`; never on listings
    assert 'class="comments"' not in read(site, "posts/off/index.html")
    assert 'class="comments"' not in read(site, "about/index.html")
    assert scripts(read(site, "guestbook/index.html"), "https://giscus.app/client.js")
    for listing in ("index.html", "archives/index.html", "search/index.html", "404.html"):
        assert "giscus" not in read(site, listing), listing


def test_giscus_settings_and_language_given_in_site_yaml(make_site: SiteFactory) -> None:
    extra = (
        "    mapping: og:title\n    strict: true\n    reactions: false\n"
        "    input_position: top\n    lang: ja\n"
    )
    site = make_site(POSTS, config=GISCUS.format(language="en", extra=extra))
    build_site(site)
    [giscus] = scripts(read(site, "posts/on/index.html"), "https://giscus.app/client.js")
    assert giscus["data-mapping"] == "og:title"
    assert giscus["data-strict"] == "1"
    assert giscus["data-reactions-enabled"] == "0"
    assert giscus["data-input-position"] == "top"
    assert giscus["data-lang"] == "ja"


def test_utterances_under_posts(make_site: SiteFactory) -> None:
    site = make_site(POSTS, config=UTTERANCES)
    build_site(site)
    on = read(site, "posts/on/index.html")
    [tag] = scripts(on, "https://utteranc.es/client.js")
    assert tag == {
        "src": "https://utteranc.es/client.js",
        "repo": "me/notes",
        "issue-term": "title",
        "label": "💬 comment",
        "theme": "preferred-color-scheme",
        "crossorigin": "anonymous",
        "async": None,
    }
    assert '<h2 class="comments-title" id="comments-title">Comments</h2>' in on
    assert "giscus" not in on
    assert "utteranc.es" not in read(site, "posts/off/index.html")


@pytest.mark.parametrize(
    ("comments", "expected"),
    [
        ("comments: giscus\n", "site.yaml:4: comments must be giscus: {repo: …"),
        (
            "comments:\n  disqus: {shortname: me}\n",
            'site.yaml:5: comments has "disqus": mlblog shows either of giscus and utterances',
        ),
        (
            "comments:\n  gisqus: {repo: me/n}\n",
            'site.yaml:5: comments has "gisqus" (did you mean "giscus"?)',
        ),
        (
            "comments:\n  giscus: {repo: me/n}\n  utterances: {repo: me/n}\n",
            "site.yaml:6: comments has both giscus and utterances: keep one",
        ),
        (
            "comments:\n  giscus:\n    repo: me/notes\n    category: General\n",
            "site.yaml:5: comments.giscus needs repo_id, category_id (giscus.app shows them",
        ),
        (
            "comments:\n  utterances:\n    repo: https://github.com/me/notes\n",
            'site.yaml:6: comments.utterances.repo must be a GitHub repository as "owner/name", '
            'not "https://github.com/me/notes"',
        ),
        (
            "comments:\n  utterances:\n    repo: me/notes\n    issue_term: slug\n",
            "site.yaml:7: comments.utterances.issue_term must be one of pathname, url, title, "
            'og:title, not "slug"',
        ),
        (
            "comments:\n  utterances:\n    repo: me/notes\n    issue-term: title\n",
            'site.yaml:7: comments.utterances has "issue-term", which mlblog does not read '
            '(did you mean "issue_term"?)',
        ),
        (
            "comments:\n  giscus:\n    repo: me/n\n    repo_id: R\n    category: A\n"
            "    category_id: D\n    reactions: 'yes'\n",
            "site.yaml:10: comments.giscus.reactions must be true or false",
        ),
        (
            "comments:\n  giscus:\n    repo: me/n\n    repo_id: ''\n    category: A\n"
            "    category_id: D\n",
            "site.yaml:7: comments.giscus.repo_id must be text",
        ),
        (
            "comments:\n  utterances: me/notes\n",
            "site.yaml:5: comments.utterances must be a mapping of settings",
        ),
    ],
)
def test_bad_comments_settings(comments: str, expected: str) -> None:
    text = "title: T\nbase_url: /\nlanguage: en\n" + comments
    with pytest.raises(MlblogError) as caught:
        parse_config(text)
    found = [str(d) for d in caught.value.diagnostics]
    assert any(m.startswith(expected) for m in found), found


def test_no_comments_when_the_key_is_empty() -> None:
    assert parse_config("title: T\ncomments: {}\n").comments is None
    assert parse_config("title: T\ncomments:\n").comments is None


def test_a_post_s_comments_switch_must_be_true_or_false(make_site: SiteFactory) -> None:
    site = make_site(
        {"content/posts/x.md": "---\ntitle: X\ndate: 2024-01-01\ncomments: no way\n---\nText.\n"},
        config=UTTERANCES,
    )
    result = build_site(site)
    assert not result.ok
    found = [str(d) for d in result.report.errors]
    assert "content/posts/x.md:4: comments must be true or false" in found, found


def test_a_hook_added_later_reaches_every_page_of_a_cached_build(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    site = make_site(POSTS)
    build_site(site)
    (site / "templates").mkdir()
    (site / "templates/_head_end.html").write_text('<meta name="x-hook" content="1">\n', "utf-8")
    build_site(site)
    assert '<meta name="x-hook" content="1">' in read(site, "posts/on/index.html")
    assert '<meta name="x-hook" content="1">' in read(site, "index.html")


def test_a_hook_created_and_removed_under_serve_reaches_the_pages(make_site: SiteFactory) -> None:
    from serving import EventStream, ServeProcess

    site = make_site(POSTS)  # no templates/ folder yet
    server = ServeProcess(site)
    try:
        events = EventStream(server.origin)
        events.next()
        hooks = site / "templates"
        hooks.mkdir()
        (hooks / "_post_end.html").write_text("<p>HOOKED {{ post.title }}</p>\n", "utf-8")
        events.until(lambda _: "HOOKED Opened" in server.get("/posts/on/"))
        (hooks / "_post_end.html").unlink()
        events.until(lambda _: "HOOKED" not in server.get("/posts/on/"))
        events.close()
    finally:
        server.kill()


@pytest.mark.parametrize(
    ("written", "message"),
    [("{{ post.Title }}",
      "template: the post (or page) has no attribute 'Title' (did you mean 'title'?)"),
     ("{{ site.Params.github }}",
      "template: site has no attribute 'Params' (did you mean 'params'?)"),
     ("{{ post.tag }}",
      "template: the post (or page) has no attribute 'tag' (did you mean 'tags'?)"),
     ("{{ post.date.Year }}", "template: a date has no attribute 'Year' (did you mean 'year'?)"),
     ("{{ .Title }}", "template syntax: unexpected '.' (Jinja names what it shows: "
      "{{ post.title }}, not Hugo's {{ .Title }})")],
)  # fmt: skip
def test_hugo_habits_in_a_template_are_named_as_the_template_knows_them(
    written: str, message: str, make_site: SiteFactory
) -> None:
    """A Hugo user's `.Title` in a snippet read "'mlblog.views.EntryView object' has no
    attribute 'Title'": a class of ours the writer never met, and no word of `title`."""
    site = make_site({**POSTS, "templates/_post_end.html": f"<p>\n{written}\n</p>\n"})
    result = build_site(site)
    assert [str(d) for d in result.report.errors] == [f"templates/_post_end.html:2: {message}"]


def test_a_block_the_extended_template_lacks_is_warned_at_its_line(
    make_site: SiteFactory,
) -> None:
    """`{% block content %}` over the theme's base.html (whose body is `main`) built every
    post as an empty page, without a word: Jinja drops a block its parent never has."""
    site = make_site({
        **POSTS,
        "templates/post.html": "{% extends 'base.html' %}\n"
                               "{% block content %}<p>MY POST</p>{% endblock %}\n",
        # a block of the grandparent, and one of the child's own inside a block: both shown
        "templates/layout.html": "{% extends 'base.html' %}\n"
                                 "{% block main %}{% block inner %}{% endblock %}{% endblock %}\n",
        "templates/page.html": "{% extends 'layout.html' %}\n{% block titel %}T{% endblock %}\n"
                               "{% block title %}ABOUT{% endblock %}\n"
                               "{% block inner %}MY PAGE{% endblock %}\n",
        "content/pages/about.md": "---\ntitle: About\n---\nMe.\n",
    })  # fmt: skip
    result = build_site(site)
    assert result.ok
    assert [str(d) for d in result.report.warnings] == [
        'templates/page.html:2: warning: block "titel" is not in layout.html, so what it holds '
        'is never shown (did you mean "title"?)',
        'templates/post.html:2: warning: block "content" is not in base.html, so what it holds '
        "is never shown (its blocks: canonical, description, feeds, head, lang, main, "
        "og_extra, og_image, og_title, og_type, title)",
    ]
    assert "MY PAGE" in read(site, "about/index.html")
    assert "MY POST" not in read(site, "posts/on/index.html")
    again = build_site(site)  # every page and the warnings from the cache: still said
    assert [str(d) for d in again.report.warnings] == [str(d) for d in result.report.warnings]
    (site / "templates/post.html").write_text(
        "{% extends 'base.html' %}\n{% block main %}<p>MY POST</p>{% endblock %}\n"
    )
    fixed = build_site(site)
    assert [d.path for d in fixed.report.warnings] == ["templates/page.html"]
    assert "MY POST" in read(site, "posts/on/index.html")
