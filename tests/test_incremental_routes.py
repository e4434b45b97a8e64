"""serve's rebuilds reuse what the last routes showed, and the search index held, of
unchanged entries, and show every change: an edit, a moved post, a deletion, a changed setting."""

from __future__ import annotations

import gc
import json
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from conftest import NOW, SiteFactory, rewrite_keeping_mtime
from mlblog import pipeline
from mlblog.content.model import Entry
from mlblog.pipeline import BuildOptions, SiteBuilder
from mlblog.routes import Route, make_routes
from mlblog.search import site_index
from mlblog.search.index import SearchDoc, search_payload
from mlblog.site_files import SEARCH_FILE

POST = "---\ntitle: {title}\ndate: 2024-01-0{day}\ncategories: [{category}]\n---\n{text}\n"


@pytest.fixture
def routes_made(monkeypatch: pytest.MonkeyPatch) -> list[list[Route]]:
    made: list[list[Route]] = []
    original = make_routes

    def recording(*args: Any, **kwargs: Any) -> list[Route]:
        routes = original(*args, **kwargs)
        made.append(routes)
        return routes

    monkeypatch.setattr(pipeline, "make_routes", recording)
    return made


def _home_posts(routes: list[Route]) -> dict[str, Any]:
    home = next(r for r in routes if r.url == "/")
    return {summary.url: summary for summary in home.context["posts"]}


def _builds(site: Path) -> Generator[dict[str, str], None, None]:
    """A serve session: each next() rebuilds and gives the site's HTML pages."""
    options = BuildOptions(site_dir=site, now=NOW, cache=False, serving=True)
    with SiteBuilder(options, defer_search=True) as builder:
        while True:
            output, report = builder.build()
            assert output is not None, [str(d) for d in report.items]
            yield {
                name: output.files[name].decode() for name in output.files if name.endswith(".html")
            }


def test_rebuilds_show_each_change_and_keep_what_did_not_change(
    make_site: SiteFactory, routes_made: list[list[Route]]
) -> None:
    posts = {
        n: POST.format(title=f"Post {n}", day=n, category="Alpha", text=f"Words of post {n}.")
        for n in (1, 2, 3)
    }
    site = make_site({f"content/posts/p{n}.md": text for n, text in posts.items()})
    builds = _builds(site)
    first = next(builds)
    assert "Words of post 2." in first["index.html"]

    (site / "content/posts/p2.md").write_text(
        POST.format(title="Post 2 retitled", day=2, category="Beta", text="New words."), "utf-8"
    )
    second = next(builds)
    assert "Post 2 retitled" in second["index.html"] and "New words." in second["index.html"]
    assert "Words of post 2." not in second["index.html"]
    assert "Post 2 retitled" in second["categories/beta/index.html"]
    assert "Post 2" not in second["categories/alpha/index.html"]
    assert "Post 2 retitled" in second["posts/p3/index.html"]  # its neighbour's link
    before, after = _home_posts(routes_made[0]), _home_posts(routes_made[1])
    assert after["/posts/p1/"] is before["/posts/p1/"]  # unchanged: the same object
    assert after["/posts/p3/"] is before["/posts/p3/"]
    assert after["/posts/p2/"] is not before["/posts/p2/"]

    (site / "content/posts/p3.md").unlink()
    third = next(builds)
    assert "posts/p3/index.html" not in third and "Post 3" not in third["index.html"]
    assert _home_posts(routes_made[2])["/posts/p1/"] is before["/posts/p1/"]

    (site / "site.yaml").write_text("title: T\nbase_url: /\nlanguage: en\n", "utf-8")
    fourth = next(builds)  # a new setting: nothing kept from before
    assert fourth["posts/p1/index.html"] != third["posts/p1/index.html"]
    assert _home_posts(routes_made[3])["/posts/p1/"] is not before["/posts/p1/"]
    builds.close()


def test_search_index_follows_each_change_and_keeps_unchanged_documents(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    indexed: list[tuple[SearchDoc, ...]] = []

    def recording(docs: tuple[SearchDoc, ...]) -> tuple[bytes, int]:
        indexed.append(docs)
        return search_payload(docs)

    monkeypatch.setattr(site_index, "search_payload", recording)
    posts = {
        n: POST.format(title=f"Post {n}", day=n, category="Alpha", text=f"Words of post {n}.")
        for n in (1, 2, 3)
    }
    site = make_site({f"content/posts/p{n}.md": text for n, text in posts.items()})
    options = BuildOptions(site_dir=site, now=NOW, cache=False, serving=True)

    def search(builder: SiteBuilder) -> dict[str, Any]:
        output, report = builder.build()
        assert output is not None, [str(d) for d in report.items]
        data = json.loads(output.deferred[SEARCH_FILE]())
        return {doc["t"]: doc for doc in data["docs"]}

    with SiteBuilder(options, defer_search=True) as builder:
        first = search(builder)
        assert first["Post 2"]["u"] == "/posts/p2/"
        (site / "content/posts/p2.md").write_text(
            POST.format(title="Post 2 retitled", day=2, category="Beta", text="New words."), "utf-8"
        )
        second = search(builder)
        assert "Post 2" not in second and second["Post 2 retitled"]["c"] == "Beta"
        before, after = ({d.url: d for d in docs} for docs in indexed[-2:])
        assert after["/posts/p1/"] is before["/posts/p1/"]  # unchanged: the same object
        assert after["/posts/p2/"] is not before["/posts/p2/"]

        (site / "content/posts/p3.md").unlink()
        assert set(search(builder)) == {"Post 1", "Post 2 retitled"}

        (site / "site.yaml").write_text("title: T\nbase_url: /notes/\n", "utf-8")
        moved = search(builder)  # another base path: every URL changes
        assert moved["Post 1"]["u"] == "/notes/posts/p1/"


def test_an_unchanged_post_is_searched_under_its_terms_new_name(make_site: SiteFactory) -> None:
    """A term is shown as most of its posts spell it: editing one post can rename it on
    the others, whose search documents are otherwise kept from build to build."""
    spelt = {1: "Alpha", 2: "alpha", 3: "alpha"}
    site = make_site({f"content/posts/p{n}.md": POST.format(title=f"Post {n}", day=n,
                      category=name, text="Words.") for n, name in spelt.items()})  # fmt: skip
    options = BuildOptions(site_dir=site, now=NOW, cache=False, serving=True)
    with SiteBuilder(options, defer_search=True) as builder:

        def categories() -> dict[str, str]:
            output, _ = builder.build()
            assert output is not None
            docs = json.loads(output.deferred[SEARCH_FILE]())["docs"]
            return {doc["t"]: doc["c"] for doc in docs}

        assert set(categories().values()) == {"alpha"}
        (site / "content/posts/p3.md").write_text(
            POST.format(title="Post 3", day=3, category="Alpha", text="Words."), "utf-8"
        )
        assert categories() == {"Post 1": "Alpha", "Post 2": "Alpha", "Post 3": "Alpha"}


def test_a_category_renamed_in_case_only_shows_its_new_name(make_site: SiteFactory) -> None:
    site = make_site({"content/posts/p1.md": POST.format(title="One", day=1, category="Alpha",
                                                          text="Words.")})  # fmt: skip
    builds = _builds(site)
    assert ">Alpha<" in next(builds)["posts/p1/index.html"]
    (site / "content/posts/p1.md").write_text(
        POST.format(title="One", day=1, category="ALPHA", text="Words."), "utf-8"
    )
    renamed = next(builds)  # the same URL, /categories/alpha/, under its new name
    assert ">ALPHA<" in renamed["posts/p1/index.html"] and ">Alpha<" not in renamed["index.html"]
    assert "ALPHA" in renamed["categories/alpha/index.html"]
    builds.close()


def test_a_deleted_post_leaves_nothing_behind_in_serve(make_site: SiteFactory) -> None:
    site = make_site({f"content/posts/p{n}.md": POST.format(title=f"Post {n}", day=n,
                      category="Alpha", text=f"Words of post {n}.") for n in (1, 2)})  # fmt: skip
    builds = _builds(site)
    next(builds)

    def alive(path: str) -> int:
        gc.unfreeze()  # builds freeze what they keep (mlblog.heap): gc.get_objects skips it
        gc.collect()
        return sum(1 for o in gc.get_objects() if isinstance(o, Entry) and o.path == path)

    assert alive("content/posts/p2.md") == 1
    (site / "content/posts/p2.md").unlink()
    assert "posts/p2/index.html" not in next(builds)
    assert alive("content/posts/p2.md") == 0  # its entry, and with it its text, let go
    builds.close()


def test_a_date_moved_to_another_offset_at_the_same_instant_is_shown_anew(
    make_site: SiteFactory,
) -> None:
    """08:00 +08:00 and 00:00 Z are one instant, which Python's datetimes call equal."""
    text = "---\ntitle: TZ\ndate: {}\n---\nbody\n"
    site = make_site({"content/posts/tz.md": text.format("2024-01-01 08:00 +0800")})
    builds = _builds(site)
    assert 'datetime="2024-01-01T08:00:00+08:00"' in next(builds)["archives/index.html"]
    (site / "content/posts/tz.md").write_text(text.format("2024-01-01 00:00 +0000"), "utf-8")
    assert 'datetime="2024-01-01T00:00:00+00:00"' in next(builds)["archives/index.html"]
    builds.close()


def test_a_post_rewritten_with_its_size_and_mtime_kept_is_read_again(
    make_site: SiteFactory,
) -> None:
    """cp -p, tar and touch -r keep an mtime; the new ctime tells the change."""
    post = "---\ntitle: S\ndate: 2024-05-05\n---\nText {}\n"
    site = make_site({"content/posts/s.md": post.format("AAAA")})
    path = site / "content/posts/s.md"
    builds = _builds(site)
    assert "Text AAAA" in next(builds)["posts/s/index.html"]
    size = path.stat().st_size
    rewrite_keeping_mtime(path, post.format("BBBB"))
    assert path.stat().st_size == size
    assert "Text BBBB" in next(builds)["posts/s/index.html"]
    builds.close()
