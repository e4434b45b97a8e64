"""Related posts under each post: chosen by shared tags (the rarer the more) and category,
shown as 相关文章 / Related posts, set by `related:` in site.yaml, kept current by serve."""

from __future__ import annotations

import re
from collections.abc import Generator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest

from conftest import NOW, SiteFactory, build_site, read
from mlblog.content.model import Entry
from mlblog.pages import PageRenderer
from mlblog.pipeline import BuildOptions, SiteBuilder
from mlblog.related import related_posts

CONFIG = "title: Test site\nbase_url: https://t.example/\n"
POST = "---\ntitle: {title}\ndate: {date}\n{extra}---\nText of {title}.\n"


def post(title: str, date: str, tags: str = "", category: str = "", extra: str = "") -> str:
    lines = f"tags: [{tags}]\n" if tags else ""
    lines += f"categories: [{category}]\n" if category else ""
    return POST.format(title=title, date=date, extra=lines + extra)


# "a" shares a rare tag with b and i (each on two posts), a common one (transformer, on six
# posts) with c…f, only its category with g, and nothing with h.
THREAD = {
    "content/posts/a.md": post("A", "2024-03-10", "FlashAttention, KV, transformer", "DL"),
    "content/posts/b.md": post("B", "2024-01-01", "FlashAttention", "Notes"),
    "content/posts/i.md": post("I", "2024-03-07", "KV", "Notes"),
    "content/posts/c.md": post("C", "2024-03-09", "transformer", "Notes"),
    "content/posts/d.md": post("D", "2024-02-03", "transformer", "Notes"),
    "content/posts/e.md": post("E", "2024-02-02", "transformer", "Notes"),
    "content/posts/f.md": post("F", "2024-02-01", "transformer", "Notes"),
    "content/posts/g.md": post("G", "2024-03-08", "", "DL"),
    "content/posts/h.md": post("H", "2024-03-11"),
    "content/posts/draft.md": post(
        "Draft", "2024-03-10", "FlashAttention, KV", "DL", "draft: true\n"
    ),
}  # fmt: skip


def related_titles(site: Path, slug: str) -> list[str] | None:
    """The titles listed under the post's "related" heading, or None with no section."""
    page = read(site, f"posts/{slug}/index.html")
    section = re.search(r'<section class="related">(.*?)</section>', page, re.S)
    if section is None:
        return None
    return re.findall(r'<a href="/posts/[^"]+/"[^>]*>([^<]+)</a>', section.group(1))


def test_rare_shared_tags_rank_first_then_common_ones_then_the_category(
    make_site: SiteFactory,
) -> None:
    site = make_site(THREAD, CONFIG + "related: 10\nlanguage: en\n")
    result = build_site(site)
    assert result.ok, result.report.items
    # b and i each share a two-post tag: the nearer in date first. The common tag's posts
    # (nearest first) beat g's category, which counts for less than a tag as rare as it.
    assert related_titles(site, "a") == ["I", "B", "C", "D", "E", "F", "G"]
    page = read(site, "posts/a/index.html")
    assert "<h2>Related posts</h2>" in page
    shown = '<time datetime="2024-03-07T00:00:00+00:00">2024-03-07</time> <a href="/posts/i/">I</a>'
    assert shown in page  # each with its date
    assert "Draft" not in page  # drafts are not built, nor listed
    assert related_titles(site, "h") is None  # nothing in common: no section at all
    assert related_titles(site, "g") == ["A"]


def test_five_related_posts_by_default_in_the_sites_language(make_site: SiteFactory) -> None:
    site = make_site(THREAD)
    assert build_site(site).ok
    assert related_titles(site, "a") == ["I", "B", "C", "D", "E"]
    assert "<h2>相关文章</h2>" in read(site, "posts/a/index.html")


def test_a_part_of_the_post_s_series_is_not_listed_again_as_related(
    make_site: SiteFactory,
) -> None:
    """The series box links every part already: the related list showed them again."""
    series = "series: [KV cache]\n"
    site = make_site({
        "content/posts/p1.md": post("P1", "2024-03-01", "KV, CUDA", extra=series),
        "content/posts/p2.md": post("P2", "2024-03-02", "KV, CUDA", extra=series),
        "content/posts/p3.md": post("P3", "2024-03-03", "KV", extra=series),
        "content/posts/other.md": post("Other", "2024-03-04", "KV"),
    }, CONFIG)  # fmt: skip
    assert build_site(site).ok
    assert related_titles(site, "p2") == ["Other"]
    assert related_titles(site, "other") == ["P3", "P2", "P1"]  # no box there
    assert 'aria-label="本系列：KV cache（2/3）"' in read(site, "posts/p2/index.html")


def test_related_0_turns_the_section_off_and_words_rename_it(make_site: SiteFactory) -> None:
    site = make_site(THREAD, CONFIG + "related: 0\n")
    assert build_site(site).ok
    assert related_titles(site, "a") is None
    site = make_site(THREAD, CONFIG + "related: 2\nwords:\n  related: 延伸阅读\n")
    assert build_site(site).ok
    assert related_titles(site, "a") == ["I", "B"]
    assert "<h2>延伸阅读</h2>" in read(site, "posts/a/index.html")


@pytest.mark.parametrize("value", ["-1", "yes", "2.5", "five"])
def test_a_related_setting_that_is_not_a_count_is_an_error_at_its_line(
    make_site: SiteFactory, value: str
) -> None:
    site = make_site(THREAD, CONFIG + f"related: {value}\n")
    result = build_site(site)
    assert not result.ok
    assert [str(d) for d in result.report.items] == [
        "site.yaml:3: related must be a whole number, 0 or more (0 turns it off)"
    ]


def _serve(site: Path) -> Generator[dict[str, str], None, None]:
    """A serve session: each next() rebuilds and gives the site's HTML pages."""
    options = BuildOptions(site_dir=site, now=NOW, cache=False, serving=True)
    with SiteBuilder(options, defer_search=True) as builder:
        while True:
            output, report = builder.build()
            assert output is not None, [str(d) for d in report.items]
            yield {n: output.files[n].decode() for n in output.files if n.endswith(".html")}


def test_serve_templates_again_the_posts_whose_related_list_changed_and_no_other(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    templated: list[str] = []
    original = PageRenderer._template

    def recording(self: PageRenderer, route: Any) -> bytes:
        templated.append(route.url)
        return original(self, route)

    monkeypatch.setattr(PageRenderer, "_template", recording)
    site = make_site({
        "content/posts/p1.md": post("P1", "2024-01-01", "LoRA"),
        "content/posts/p2.md": post("P2", "2024-01-02", "LoRA"),
        "content/posts/p3.md": post("P3", "2024-01-03", "KV"),
        "content/posts/p4.md": post("P4", "2024-01-04", "RLHF"),
        "content/posts/p5.md": post("P5", "2024-01-05", "RLHF"),
    }, CONFIG + "language: en\n")  # fmt: skip
    builds = _serve(site)
    first = next(builds)
    assert "P3" not in first["posts/p1/index.html"].split('class="related"')[1]

    templated.clear()
    (site / "content/posts/p3.md").write_text(post("P3", "2024-01-03", "LoRA, QLoRA"), "utf-8")
    second = next(builds)
    for slug in ("p1", "p2"):  # p3 joined their thread
        assert '<a href="/posts/p3/">P3</a>' in second[f"posts/{slug}/index.html"]
    assert '<a href="/posts/p1/">P1</a>' in second["posts/p3/index.html"]
    posts = sorted(url for url in templated if url.startswith("/posts/"))
    # p4's list (p5) and neighbours (p3, p5 as dated titles) did not change; p5's did not
    assert posts == ["/posts/p1/", "/posts/p2/", "/posts/p3/"]

    templated.clear()
    (site / "content/posts/p3.md").write_text(post("P3", "2024-01-03", "KV"), "utf-8")
    third = next(builds)  # and leaves it again
    assert '<a href="/posts/p3/">P3</a>' not in third["posts/p1/index.html"]
    assert 'class="related"' not in third["posts/p3/index.html"]  # KV is its alone
    assert sorted(url for url in templated if url.startswith("/posts/")) == posts


@dataclass(frozen=True)
class _Post:  # what related_posts reads of an Entry
    path: str
    date: datetime
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    title: str = ""


def test_in_a_big_category_the_nearest_in_date_come_and_far_posts_keep_its_weight() -> None:
    """A category of 60 posts is looked at near each post only (not every pair), yet a
    far post found through a rare tag still counts the category it shares."""
    day = datetime(2024, 1, 1, tzinfo=UTC)
    posts = [_Post(f"c{n}.md", day + timedelta(days=n), categories=("ML",)) for n in range(60)]
    posts[30] = replace(posts[30], tags=("rare",))
    posts[0] = replace(posts[0], tags=("rare",))  # 30 days away: outside the window
    near = _Post("z.md", day + timedelta(days=30, hours=1), tags=("rare",))  # no category
    ordered = sorted([*posts, near], key=lambda p: p.date, reverse=True)
    related = related_posts(cast(list[Entry], ordered), 5)
    # c0: the rare tag and the category; z: the tag alone; then a day away, the newer first
    assert [p.path for p in related["c30.md"]] == ["c0.md", "z.md", "c31.md", "c29.md", "c32.md"]
    assert all(all(o.path != post.path for o in related[post.path]) for post in ordered)
    assert [p.path for p in related["c59.md"]] == ["c58.md", "c57.md", "c56.md", "c55.md", "c54.md"]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The limit of each ranking of the site's posts (mlblog.related.related_posts)."""
    import mlblog.related

    made: list[int] = []
    ranked = mlblog.related.related_posts

    def counted(posts: Any, limit: int) -> dict[str, tuple[Entry, ...]]:
        made.append(limit)
        return ranked(posts, limit)

    monkeypatch.setattr(mlblog.related, "related_posts", counted)
    return made


def test_a_rebuild_that_changed_no_post_s_terms_reuses_the_lists_with_the_new_posts(
    calls: list[int],
) -> None:
    """serve's rebuild after a body edit ranked every post again (~0.5 s at 10,000 posts);
    the lists are kept while no post's date, tags or categories change, and they hold the
    posts of this build (an edited title shows), not the last one's."""
    import mlblog.related

    day = datetime(2024, 1, 1, tzinfo=UTC)
    posts = [_Post(f"p{n}.md", day + timedelta(days=n), tags=("lora",)) for n in range(4)]
    remembered = mlblog.related.RelatedPosts()
    first = remembered(cast(list[Entry], posts), 5)
    edited = [replace(p, title="new") for p in posts]  # a body edit: new entries, same terms
    again = remembered(cast(list[Entry], edited), 5)
    assert len(calls) == 1
    assert {k: [p.path for p in v] for k, v in again.items()} == {
        k: [p.path for p in v] for k, v in first.items()
    }
    shown = {id(p) for others in again.values() for p in others}
    assert shown <= {id(e) for e in edited}  # this build's entries, not the last one's
    retagged = [replace(edited[0], tags=("qlora",)), *edited[1:]]
    assert "p0.md" not in remembered(cast(list[Entry], retagged), 5)
    assert len(calls) == 2


def test_a_warm_build_takes_the_lists_from_the_cache_until_a_post_s_tags_change(
    make_site: SiteFactory, calls: list[int]
) -> None:
    """A second `mlblog build` (a new process) ranked every post again; the lists are in
    the render cache, under what they depend on."""

    site = make_site({
        "content/posts/p1.md": post("P1", "2024-01-01", "LoRA"),
        "content/posts/p2.md": post("P2", "2024-01-02", "LoRA"),
        "content/posts/p3.md": post("P3", "2024-01-03", "KV"),
    }, CONFIG + "language: en\n")  # fmt: skip
    first = build_site(site)
    assert first.ok and len(calls) == 1
    page = read(site, "posts/p1/index.html")
    assert build_site(site).ok and len(calls) == 1  # warm: from the cache
    assert read(site, "posts/p1/index.html") == page
    (site / "content/posts/p3.md").write_text(post("P3", "2024-01-03", "LoRA"), encoding="utf-8")
    assert build_site(site).ok and len(calls) == 2
    assert '<a href="/posts/p3/">P3</a>' in read(site, "posts/p1/index.html")
