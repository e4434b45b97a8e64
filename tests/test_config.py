"""site.yaml: typed, frozen, and strict about what it does not know."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlblog.config import Config, load_config, parse_config
from mlblog.diagnostics import MlblogError


def messages(text: str) -> list[str]:
    with pytest.raises(MlblogError) as caught:
        parse_config(text)
    return [str(d) for d in caught.value.diagnostics]


def test_defaults() -> None:
    config = parse_config("title: Notes\n")
    assert config == Config(title="Notes")
    assert config.per_page == 10
    assert config.excerpt.length == 350
    assert config.excerpt.placeholders.code == "[代码]"
    assert config.excerpt.placeholders.math_inline == "[Math]"
    assert config.excerpt.placeholders.math_block == "[公式]"
    assert config.base_path == "/"


def test_full_config() -> None:
    config = parse_config(
        "title: ML notes\n"
        "tagline: INCOMING TRANSMISSION\n"
        "base_url: https://x.github.io/notes\n"
        "timezone: Asia/Shanghai\n"
        "per_page: 5\n"
        "excerpt:\n  length: 120\n  placeholders:\n    code: '[code]'\n"
        "permalinks:\n  post: /:year/:slug/\n"
        "math:\n  macros:\n    '\\R': '\\mathbb{R}'\n    '\\set': '\\left\\{ #1 \\right\\}'\n"
        "menu:\n  - {name: About, url: /about/}\n"
    )
    assert config.base_url == "https://x.github.io/notes/"
    assert config.base_path == "/notes/"
    assert config.origin == "https://x.github.io"
    assert config.per_page == 5
    assert config.excerpt.length == 120
    assert config.excerpt.placeholders.code == "[code]"
    assert config.excerpt.placeholders.math_block == "[公式]"
    assert config.permalinks.post == "/:year/:slug/"
    assert config.math.macros == (("\\R", "\\mathbb{R}"), ("\\set", "\\left\\{ #1 \\right\\}"))
    assert config.menu[0].name == "About"


def test_params_are_the_site_s_own_for_its_templates() -> None:
    text = "title: T\nparams:\n  github: me\n  social: {twitter: mt}\n"
    config = parse_config(text)
    assert config.params["github"] == "me" and config.params["social"] == {"twitter": "mt"}
    assert config == parse_config(text) and hash(config) == hash(parse_config(text))
    assert config != parse_config("title: T\nparams: {github: you}\n")
    assert parse_config("title: T\nparams:\n").params == {}
    # a Hugo key's hint is for the top level only: params are the site's own names
    assert parse_config("title: T\nparams:\n  paginate: 5\n").params == {"paginate": 5}


def test_hexo_s_language_spelling_is_a_language_tag() -> None:
    assert parse_config("title: T\nlanguage: zh_CN\n").language == "zh-CN"  # <html lang>


def test_config_is_frozen() -> None:
    config = parse_config("title: Notes\n")
    with pytest.raises(AttributeError):
        config.title = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: T\nper_pgae: 5\n",
            'site.yaml:2: unknown key "per_pgae" (did you mean "per_page"?)',
        ),
        (
            "title: T\nexcerpt:\n  lenght: 5\n",
            'site.yaml:3: unknown key "excerpt.lenght" (did you mean "length"?)',
        ),
        ("title: T\nfoo: 1\n", 'site.yaml:2: unknown key "foo"'),
        ("title: T\nper_page: ten\n", "site.yaml:2: per_page must be a positive integer"),
        ("title: T\nper_page: 0\n", "site.yaml:2: per_page must be a positive integer"),
        ("title: [1]\n", "site.yaml:1: title must be a string"),
        (
            "title: T\nlanguage: 中文\n",
            "site.yaml:2: language must be a language tag such as zh-CN",
        ),
        ("tagline: x\n", 'site.yaml:1: missing required key "title"'),
        (
            "title: T\ntimezone: Mars/Base\n",
            'site.yaml:2: timezone "Mars/Base" is not a time zone name (use one such as '
            '"Asia/Shanghai" or "UTC")',
        ),
        ("title: T\nbase_url: ftp://x\n", "site.yaml:2: base_url must be an http(s) URL"),
        (  # every href would be "//notes/…", another host to a browser
            "title: T\nbase_url: https://me.github.io//notes/\n",
            'site.yaml:2: base_url has an empty, "." or ".." part in its path',
        ),
        ("title: T\nbase_url: //notes/\n", "site.yaml:2: base_url must be an http(s) URL"),
        (  # every link was made under the page: /notes/index.html/posts/x/
            "title: T\nbase_url: https://me.github.io/notes/index.html\n",
            "site.yaml:2: base_url must be the site's folder, not a page: "
            '"https://me.github.io/notes/index.html" (such as "https://me.github.io/notes/")',
        ),
        (
            "title: T\npermalinks:\n  post: /:yr/:slug/\n",
            "site.yaml:3: permalinks.post unknown permalink token :yr",
        ),
        (
            "title: T\npermalinks:\n  post: /../:slug/\n",  # it would write outside public/
            'site.yaml:3: permalinks.post must be a path without ".", ".." or empty parts',
        ),
        ("title: T\nexcerpt: 5\n", "site.yaml:2: excerpt must be a mapping"),
        ("title: T\nterm_feeds: 0\n", "site.yaml:2: term_feeds must be true or false"),
        (
            "title: T\nterm_feed: false\n",
            'site.yaml:2: unknown key "term_feed" (did you mean "term_feeds"?)',
        ),
        # a Hugo/Hexo/Jekyll key: its mlblog name, not the nearest spelling ("tagline")
        (
            "title: T\npaginate: 5\n",
            'site.yaml:2: unknown key "paginate" (mlblog calls it "per_page")',
        ),
        (
            "title: T\nbaseURL: /\n",
            'site.yaml:2: unknown key "baseURL" (mlblog calls it "base_url")',
        ),
        (
            "title: T\ntheme: next\n",
            'site.yaml:2: unknown key "theme" (mlblog has one theme: a file',
        ),
        ("title: T\nparams: [a]\n", "site.yaml:2: params must be a mapping of your own settings"),
        (
            "title: T\nmath:\n  macros:\n    '\\R': '\\mathbb{R}'\n    RR: '\\mathbb{R}'\n",
            'site.yaml:3: math.macros has "RR", which is not a TeX macro name',
        ),
        (
            "title: T\nmath:\n  macros:\n    '\\bad macro': x\n",
            'site.yaml:3: math.macros has "\\bad macro", which is not a TeX macro name',
        ),
        (
            "title: T\nmath:\n  macros:\n    '\\R': '\\mathbb{R'\n",
            'site.yaml:3: math.macros "\\R" has unbalanced braces: "\\mathbb{R"',
        ),
        (
            "title: T\nmath:\n  macros:\n    '\\x': 'a}{b'\n",
            'site.yaml:3: math.macros "\\x" has unbalanced braces',
        ),
        ("title: T\n  bad: indent\n", "site.yaml:2: invalid YAML"),
        # what a Chinese input method types: YAML saw only the effect, a line later
        (
            "title: T\ntagline：笔记\nper_page: 5\n",
            'site.yaml:2: invalid YAML: a full-width colon "："',
        ),
        (
            "title: T\nmenu:\n\u3000- {name: A, url: /a/}\n",
            "site.yaml:3: invalid YAML: indented with a full-width space",
        ),
        (  # the second permalinks: block silently replaced the first
            "title: T\npermalinks:\n  post: /a/:slug/\nper_page: 5\n"
            "permalinks:\n  tag: /t/:slug/\n",
            'site.yaml:5: invalid YAML: "permalinks" is given twice (also on line 2); keep one',
        ),
        ("- a\n- b\n", "site.yaml:1: must be a mapping of settings"),
        (  # a nav link labelled "None" on every page
            "title: T\nmenu:\n  - {name: About, url: /about/}\n  - {name: null, url: /x/}\n",
            "site.yaml:4: menu item 2 needs `name`, as text",
        ),
        (  # the item's own line, not `menu:`, in a menu of many lines
            "title: T\nmenu:\n  - name: About\n    url: /about/\n  - name: Notes\n"
            "    url: ''\n  - url: /x/\n",
            "site.yaml:6: menu item 2 needs `url`, as text",
        ),
        (
            "title: T\nmenu:\n  - name: About\n    url: /about/\n  - url: /x/\n",
            "site.yaml:5: menu item 2 needs `name`, as text",
        ),
        (
            "title: T\nmenu:\n  - {name: A, url: /a/, weight: 1}\n",
            'site.yaml:3: menu item 1 has "weight", which a menu item does not take',
        ),
        ("title: T\nmenu: /about/\n", "site.yaml:2: menu must be a list of items"),
        (
            "title: T\nwords:\n  min_read: 約 3 分\n  latst: 最近\n",
            'site.yaml:3: words.min_read must have {n}, as the theme\'s "{n} min read" does',
        ),
        (
            "title: T\nwords:\n  latst: 最近\n",
            'site.yaml:3: words has "latst", which is not one of the theme\'s words (did you '
            'mean "latest"?)',
        ),
        (  # a brace of the text's own is read as a field, which would stop the build
            'title: T\nwords:\n  page: "第 {n} 页 {"\n',
            "site.yaml:3: words.page must have {n}",
        ),
        ("title: T\nwords:\n  search: <b>搜</b>\n", "site.yaml:3: words.search is text, not HTML"),
        ("title: T\nwords: [a]\n", "site.yaml:2: words must be a mapping of the theme's words"),
    ],
)
def test_bad_config(text: str, expected: str) -> None:
    assert any(m.startswith(expected) for m in messages(text)), messages(text)


def test_every_problem_reported_at_once() -> None:
    found = messages("titel: T\nper_page: -1\n")
    assert len(found) == 3  # unknown key, bad per_page, missing title


def test_bibliography_and_citation_style_say_what_they_take() -> None:
    assert messages("title: T\nbibliography: {file: refs.bib}\n") == [
        "site.yaml:2: bibliography must be a file name or a list of them, such as references.bib"
    ]
    assert messages("title: T\ncitation_style: apa\n") == [
        'site.yaml:2: citation_style must be "author-year" ((Vaswani et al., 2017)) or '
        '"numeric" ([1]), got "apa"'
    ]


def test_a_site_yaml_saved_as_gbk_names_the_line_to_fix(tmp_path: Path) -> None:
    """Saved by a Chinese Windows editor: the error said only "site.yaml: is not valid UTF-8"."""
    (tmp_path / "site.yaml").write_bytes("title: T\n# 我的笔记\n".encode("gbk"))
    with pytest.raises(MlblogError) as caught:
        load_config(tmp_path)
    assert [str(d) for d in caught.value.diagnostics] == [
        "site.yaml:2: is not valid UTF-8 (save the file as UTF-8)"
    ]


def test_where_each_setting_is_written_is_kept_but_is_not_a_setting() -> None:
    """A warning found out later (a menu item linking nowhere) names its line; a comment
    added above the menu changes no setting, so no page is made again for it."""
    text = "title: T\nmenu:\n  - name: About\n    url: /about/\n"
    config = parse_config(text)
    assert config.line("menu", "0", "url") == 4
    assert config.line("menu", "0") == 3 and config.line("feed_aliases") is None
    moved = parse_config("# my notes\n" + text)
    assert moved.line("menu", "0", "url") == 5
    assert moved == config and hash(moved) == hash(config)


def test_a_merged_key_given_again_is_an_override_and_keeps_its_own_line() -> None:
    """`<<: *about` then `url:` overrides the merged url, as YAML (and PyYAML) reads it: it
    was refused as "url" given twice. A warning about it names the item's own url: line;
    one only merged names the `<<` line."""
    text = (
        "title: T\nmenu:\n  - &about\n    name: About\n    url: /about/\n"
        "  - <<: *about\n    url: /me/\n  - <<: *about\n"
    )
    config = parse_config(text)
    assert [(m.name, m.url) for m in config.menu] == [
        ("About", "/about/"), ("About", "/me/"), ("About", "/about/")
    ]  # fmt: skip
    assert config.line("menu", "1", "url") == 7
    assert config.line("menu", "2", "url") == 8
    with pytest.raises(MlblogError) as caught:
        parse_config(text + "    url: /a/\n    url: /b/\n")
    assert [str(d) for d in caught.value.diagnostics] == [
        'site.yaml:10: invalid YAML: "url" is given twice (also on line 9); keep one'
    ]
