"""Front matter that YAML reads differently from what its author meant: a title, a tag or
a summary is shown as typed, or the build says, at its line, what to write instead."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from conftest import SiteFactory, build_site, read


def _built(make_site: SiteFactory, front: str) -> tuple[list[str], Path]:
    """The messages (no-date ones aside) of a one-post site with `front` as its front
    matter's lines after `date:` (the post is content/posts/a.md; its line 3 is `front`'s
    first), and the site."""
    post = f"---\ndate: 2024-01-01\n{front}\n---\nText.\n"
    site = make_site({"content/posts/a.md": post})
    messages = [str(d) for d in build_site(site).report.items]
    return messages, site


def _title(site: Path) -> str:
    html = read(site, "posts/a/index.html")
    return unescape(html.partition('class="post-title"')[2].partition(">")[2].partition("<")[0])


def _tags(site: Path) -> list[str]:
    html = read(site, "posts/a/index.html")
    return [unescape(t) for t in re.findall(r'/tags/[^"]*/">#([^<]*)<', html)]


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (
            "title: Issue #42",
            'content/posts/a.md:3: warning: title is read as "Issue": in YAML a "#" after a '
            'space starts a comment, which dropped "#42"; if it is part of the text, quote '
            "it: title: 'Issue #42'",
        ),
        (
            "title: #42 复盘",
            'content/posts/a.md:3: warning: title is read as empty: in YAML a "#" after a '
            'space starts a comment, which dropped "#42 复盘"; if it is part of the text, '
            "quote it: title: '#42 复盘'",
        ),
        (
            "title: A\ndescription: 见 #3 的讨论",
            'content/posts/a.md:4: warning: description is read as "见": in YAML a "#" after '
            'a space starts a comment, which dropped "#3 的讨论"; if it is part of the text, '
            "quote it: description: '见 #3 的讨论'",
        ),
        (
            "title: A\ntags:\n  - C # 入门\n  - ml",
            'content/posts/a.md:5: warning: a tag is read as "C": in YAML a "#" after a '
            'space starts a comment, which dropped "# 入门"; if it is part of the text, '
            "quote it: - 'C # 入门'",
        ),
    ],
)
def test_a_comment_that_cut_a_text_field_is_warned_with_the_line_quoted(
    make_site: SiteFactory, front: str, message: str
) -> None:
    """`title: Issue #42` was the title "Issue", with no word of the "#42" YAML dropped."""
    messages, site = _built(make_site, front)
    assert messages == [message]
    line = front.splitlines()[int(message.split(":")[1]) - 3]
    post = site / "content/posts/a.md"
    fixed = line.replace(line.strip(), message.rpartition("quote it: ")[2])
    post.write_text(post.read_text("utf-8").replace(line, fixed), "utf-8")
    assert [str(d) for d in build_site(site).report.items] == []
    meant = line.partition(": ")[2] if ": " in line else line.strip()[2:]
    # the title, a tag, or the summary the home page shows
    assert meant in " ".join([_title(site), *_tags(site), unescape(read(site, "index.html"))])


@pytest.mark.parametrize(
    ("front", "title", "tags"),
    [
        ("title: C# 笔记", "C# 笔记", []),  # no space before the #: text
        ('title: "Issue #42"', "Issue #42", []),
        ("title: A\ntags: [TAG]     # TAG names should always be lowercase", "A", ["TAG"]),
        ("title: A  # the working title\ntags: ml", "A", ["ml"]),
    ],
    ids=["hash in a word", "quoted", "chirpy's template note", "aligned note"],
)
def test_a_comment_yaml_read_as_one_is_not_warned(
    make_site: SiteFactory, front: str, title: str, tags: list[str]
) -> None:
    """Chirpy's post template notes `# TAG names should always be lowercase` after the
    tags: a comment set off by two spaces is a note, as its author meant."""
    messages, site = _built(make_site, front)
    assert messages == []
    assert (_title(site), _tags(site)) == (title, tags)


@pytest.mark.parametrize(
    ("front", "title", "tags"),
    [
        ("title: yes", "yes", []),  # YAML 1.1's true
        ("title: Off", "Off", []),
        ("title: 3.10", "3.10", []),  # the number 3.1
        ("title: 0x1F", "0x1F", []),  # 31
        ("title: 12:30", "12:30", []),  # base 60: 750
        ("title: 1e-3 学习率", "1e-3 学习率", []),
        ("title: A\ntags: [pytorch, 1.10, yes]", "A", ["pytorch", "1.10", "yes"]),
        ("title: A\ntags:\n  - 2.0\n  - no", "A", ["2.0", "no"]),
    ],
)
def test_a_text_field_yaml_reads_as_a_number_or_boolean_is_shown_as_typed(
    make_site: SiteFactory, front: str, title: str, tags: list[str]
) -> None:
    """`tags: [1.10]` was the tag "1.1" and `title: yes` the title "True": PyYAML reads
    YAML 1.1, where these are numbers and booleans. A title or tag is text."""
    messages, site = _built(make_site, front)
    assert messages == []
    assert (_title(site), _tags(site)) == (title, tags)


@pytest.mark.parametrize("front", ["title:", 'title: ""', "title: ~"])
def test_an_empty_title_says_which_title_the_file_name_gave(
    make_site: SiteFactory, front: str
) -> None:
    """A scaffold's `title:` left empty made the file name the title without a word."""
    messages, site = _built(make_site, front)
    assert messages == [
        'content/posts/a.md:3: warning: title is empty, so the post is titled "a" after its '
        'file name; write the title after "title:"'
    ]
    assert _title(site) == "a"


def test_an_empty_title_over_an_opening_heading_takes_the_heading(make_site: SiteFactory) -> None:
    post = "---\ntitle:\ndate: 2024-01-01\n---\n# 注意力机制\n\nText.\n"
    site = make_site({"content/posts/a.md": post})
    assert build_site(site).report.items == []
    assert _title(site) == "注意力机制"


@pytest.mark.parametrize(
    ("front", "fixed", "tags"),
    [
        ("tags: [C #, ml]", "tags: ['C #', ml]", ["C #", "ml"]),
        ("categories: [ml]\ntags: [dl, issue #3]", "tags: [dl, 'issue #3']", ["dl", "issue #3"]),
    ],
)
def test_a_comment_that_hid_a_lists_bracket_says_which_item_to_quote(
    make_site: SiteFactory, front: str, fixed: str, tags: list[str]
) -> None:
    """`tags: [C #, ml]` said only that a [ was never closed, and to quote text that
    starts with one: the "#" that hid the "]" went unnamed."""
    messages, site = _built(make_site, f"title: A\n{front}")
    line = front.splitlines()[-1]
    at = 4 + front.count("\n")
    assert messages == [
        f"content/posts/a.md:{at}: front matter: invalid YAML: expected ',' or ']', but got "
        "'<stream end>' (a \"#\" after a space starts a comment in YAML, which hid the rest "
        f"of the line: quote the item, as in {fixed})"
    ]
    post = site / "content/posts/a.md"
    post.write_text(post.read_text("utf-8").replace(line, fixed), "utf-8")
    assert [str(d) for d in build_site(site).report.items] == []
    assert _tags(site) == tags


def test_a_title_that_is_a_list_is_one_error_not_also_an_empty_title(
    make_site: SiteFactory,
) -> None:
    messages, _site = _built(make_site, "title: [a, b]")
    assert messages == ["content/posts/a.md:3: title must be text"]


@pytest.mark.parametrize(
    ("front", "at", "fixed"),
    [
        ("tags: #ml #深度学习", 4, "tags: [ml, 深度学习]"),
        ("tags:\n  - dl\n  - #ml", 6, "- ml"),
    ],
)
def test_obsidian_hashtags_in_front_matter_are_shown_without_their_hash(
    make_site: SiteFactory, front: str, at: int, fixed: str
) -> None:
    """Obsidian's inline `#ml` written as a tag is a comment to YAML: the post lost its
    tags without a word. Quoting would keep the "#" in the tag's name, so the fix drops it."""
    messages, site = _built(make_site, f"title: A\n{front}")
    [message] = messages
    assert message.startswith(f"content/posts/a.md:{at}: warning: ")
    assert message.endswith(f'; in front matter a tag is written without its "#": {fixed}')
    line = front.splitlines()[-1]
    post = site / "content/posts/a.md"
    post.write_text(
        post.read_text("utf-8").replace(line, line.replace(line.strip(), fixed)), "utf-8"
    )
    assert [str(d) for d in build_site(site).report.items] == []
    assert set(_tags(site)) >= {"ml"}


@pytest.mark.parametrize(
    "post",
    [
        "---\ntitle: 'Issue #42 复盘'\ndate: 2024-01-05\n...\nText.\n",
        '+++\n# Hugo\'s archetype note\ntitle = "Issue #42 复盘"  # the issue\n'
        'tags = ["C #"]\ndate = 2024-01-05T10:00:00+08:00\n+++\nText.\n',
        "\ufeff---\r\ntitle: 'Issue #42 复盘'\r\ndate: 2024-01-05 10:00:00 +0800\r\n"
        "tags: ['C #']\r\n---\r\nText.\r\n",
    ],
    ids=["closed by ...", "toml with comments", "bom and crlf, jekyll's date"],
)
def test_front_matter_in_other_generators_spellings_reads_as_written(
    make_site: SiteFactory, post: str
) -> None:
    site = make_site({"content/posts/a.md": post.encode()})
    assert [str(d) for d in build_site(site).report.items] == []
    assert _title(site) == "Issue #42 复盘"
    assert "2024-01-05" in read(site, "posts/a/index.html")
    if "tags" in post:
        assert _tags(site) == ["C #"]


def test_a_note_after_a_slug_is_not_warned(make_site: SiteFactory) -> None:
    """A slug keeps no "#" (it is made of letters, digits and dashes): what follows one is
    the author's note."""
    messages, site = _built(make_site, "title: A\nslug: attention # was attn")
    assert messages == []
    assert (site / "public/posts/attention/index.html").is_file()


def test_a_tag_with_a_colon_inside_says_to_quote_it(make_site: SiteFactory) -> None:
    """`- BERT: Pre-training` is a `key: value` item to YAML; the error named only the
    `tags:` line and said the tags must be a list, which they looked like."""
    messages, site = _built(make_site, "title: A\ntags:\n  - BERT: Pre-training\n  - nlp")
    assert messages == [
        "content/posts/a.md:4: tags must be a list of names or a comma-separated string (the "
        'item "BERT: Pre-training" holds a ":" that starts a key in YAML: quote it, '
        "'BERT: Pre-training')"
    ]
    post = site / "content/posts/a.md"
    text = post.read_text("utf-8").replace("- BERT: Pre-training", "- 'BERT: Pre-training'")
    post.write_text(text, "utf-8")
    assert [str(d) for d in build_site(site).report.items] == []
    assert _tags(site) == ["BERT: Pre-training", "nlp"]
