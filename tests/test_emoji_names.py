"""GitHub's emoji names (`:tada:`), as GitHub and Jekyll's jemoji show them: notes kept on
GitHub showed the names as text. Names in code, formulas, times, ratios and words stay."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import SiteFactory, build_site, read
from mlblog.render.result import Rendered

Render = Callable[..., Rendered]


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("Done :tada:", "<p>Done 🎉</p>"),
        ("训练完成:white_check_mark:了", "<p>训练完成✅了</p>"),
        (":+1: and :-1:", "<p>👍 and 👎</p>"),
        ("- [x] :rocket: launch", "🚀 launch</li>"),
        ("## :bulb: Idea", "💡 Idea</h2>"),
        ("**:warning: careful**", "<strong>⚠️ careful</strong>"),
        ("[:memo: notes](https://x.example/)", '">📝 notes</a>'),
    ],
)
def test_emoji_names_show_the_emoji(render: Render, source: str, html: str) -> None:
    assert html in render(source).html


@pytest.mark.parametrize(
    "source",
    [
        "12:30:45 and a ratio of 1:100:1000",  # :100: is a name, but digits touch it
        "key:one:value",  # letters touch it
        "`:tada:` in code",
        "```\n:tada:\n```",
        "$f:one:g$",
        r"\:tada: escaped",
        ":no_such_emoji_name: stays",
        "std::vector and a: b: c",
    ],
)
def test_other_colons_stay_as_written(render: Render, source: str) -> None:
    html = render(source).html
    assert not any(shown in html for shown in ("🎉", "💯", "1️⃣")), html
    assert html.count(":") >= 2


def test_titles_listings_feeds_and_search_show_the_emoji(make_site: SiteFactory) -> None:
    post = (
        '---\ntitle: "复现完成 :tada:"\ndate: 2024-01-01\n---\n终于跑通了 :rocket: 下面是记录。\n'
    )
    site = make_site({"content/posts/done.md": post})
    assert build_site(site).ok
    page = read(site, "posts/done/index.html")
    assert "<title>复现完成 🎉 · " in page
    assert ">复现完成 🎉</h1>" in page
    assert "终于跑通了 🚀 下面是记录。" in page
    home = read(site, "index.html")
    assert "复现完成 🎉" in home and "终于跑通了 🚀 下面是记录。" in home
    assert "<title>复现完成 🎉</title>" in read(site, "atom.xml")
    assert ":tada:" not in read(site, "search.json")


def test_a_name_before_a_backtick_is_a_role_not_an_emoji(render: Render) -> None:
    html = render("## Softmax\n:label:`sec_softmax`\n\nSee :link:`the docs`.").html
    assert "🏷" not in html and "🔗" not in html, html
    assert '<h2 id="sec_softmax">Softmax</h2>' in html
