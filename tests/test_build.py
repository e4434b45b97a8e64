"""Small sites in tmp_path: what a user sees after `mlblog build`."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import feedparser
import pytest

from conftest import SiteFactory, build_site, read

POST = """\
---
title: {title}
date: {date}
categories: {category}
tags: [PyTorch, 注意力]
---
{body}
"""


def post(title: str, date: str, category: str = "Deep Learning", body: str = "正文。") -> str:
    return POST.format(title=title, date=date, category=category, body=body)


def test_posts_listed_newest_first_with_category_date_title(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/old.md": post("Old post", "2024-01-01"),
        "content/posts/new.md": post("New post", "2024-06-01", "Math", "新的 $x^2$ 内容"),
    })  # fmt: skip
    result = build_site(site)
    assert result.ok, result.report.items
    home = read(site, "index.html")
    assert "LATEST UPDATES" in home
    assert home.index("New post") < home.index("Old post")
    assert "2024-06-01" in home
    assert 'href="/categories/math/"' in home
    assert '新的 <span class="placeholder">[Math]</span> 内容' in home
    assert result.posts == 2


def test_pagination(make_site: SiteFactory) -> None:
    files = {
        f"content/posts/p{i:02d}.md": post(f"Post {i}", f"2024-01-{i + 1:02d}") for i in range(23)
    }
    site = make_site(files)
    assert build_site(site).ok
    home = read(site, "index.html")
    assert home.count('class="post-item"') == 10
    assert (site / "public/page/2/index.html").exists()
    assert read(site, "page/3/index.html").count('class="post-item"') == 3
    assert not (site / "public/page/4").exists()
    assert 'aria-current="page">1<' in home
    assert 'href="/page/2/">2<' in home
    assert 'rel="next" href="/page/2/"' in home
    category = read(site, "categories/deep-learning/page/2/index.html")
    assert category.count('class="post-item"') == 10


def test_drafts_excluded_unless_asked(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": post("Visible", "2024-01-01"),
        "content/posts/b.md": "---\ntitle: Secret draft\ndate: 2024-01-02\ndraft: true\n---\nx\n",
    })  # fmt: skip
    build_site(site)
    assert "Secret draft" not in read(site, "index.html")
    assert not (site / "public/posts/b").exists()
    build_site(site, drafts=True)
    assert "Secret draft" in read(site, "index.html")


def test_future_posts_skipped_with_warning(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": post("Now", "2024-01-01"),
        "content/posts/later.md": post("From the future", "2030-01-01"),
    })  # fmt: skip
    result = build_site(site)
    assert result.ok
    assert "From the future" not in read(site, "index.html")
    [message] = [str(w) for w in result.report.warnings]
    assert message.startswith("content/posts/later.md:3: warning: dated in the future")
    assert "--future" in message
    build_site(site, future=True)
    assert "From the future" in read(site, "index.html")


def test_hugo_publish_and_expiry_dates_hide_a_post_until_and_after(
    make_site: SiteFactory,
) -> None:
    """Hugo's `publishDate` (also `published: <date>`) keeps a written post out until
    then, and `expiryDate` takes it down; the import keeps both keys, so they must count."""
    site = make_site({
        "content/posts/a.md": post("Visible", "2024-01-01"),
        "content/posts/embargo.md": "---\ntitle: Embargoed\ndate: 2024-01-01\n"
                                    "publishDate: 2030-01-01\n---\nx\n",
        "content/posts/later.md": "---\ntitle: Later by published\npublished: 2030-02-01\n"
                                  "---\nx\n",
        "content/posts/old.md": "---\ntitle: Expired offer\ndate: 2024-01-01\nexpiryDate:\n"
                                "expirydate: 2024-06-01\n---\nx\n",
        "content/posts/due.md": "---\ntitle: Due now\npublishDate: 2024-03-01\n"
                                "expiryDate: 2030-01-01\n---\nx\n",
    })  # fmt: skip
    result = build_site(site)
    assert result.ok, result.report.items
    shown = read(site, "index.html") + read(site, "atom.xml") + read(site, "sitemap.xml")
    for title in ("Embargoed", "Later by published", "Expired offer"):
        assert title not in shown
    assert "Due now" in shown
    assert "2024-03-01" in read(site, "posts/due/index.html")  # its date: when it was due
    assert sorted(str(w) for w in result.report.warnings) == [
        "content/posts/embargo.md:4: warning: to be published at 2030-01-01 00:00 +0000; "
        "skipped (build with --future to include it)",
        "content/posts/later.md:3: warning: to be published at 2030-02-01 00:00 +0000; "
        "skipped (build with --future to include it)",
        "content/posts/old.md:5: warning: expired (expirydate 2024-06-01 00:00 +0000); "
        "skipped (remove expirydate to show it again)",
    ]
    build_site(site, future=True)
    shown = read(site, "index.html")
    assert "Embargoed" in shown and "Later by published" in shown
    assert "Expired offer" not in shown


def test_an_undated_post_is_warned_that_a_clone_redates_it(make_site: SiteFactory) -> None:
    site = make_site({"content/posts/note.md": "---\ntitle: Undated\n---\nx\n"})
    os.utime(site / "content/posts/note.md", (1_700_000_000, 1_700_000_000))  # (the tests' now)
    result = build_site(site)
    assert result.ok
    [message] = [str(w) for w in result.report.warnings]
    assert message.startswith(
        "content/posts/note.md:1: warning: no date in front matter; "
        "using the file's modified time, which every fresh clone"
    )
    assert message.endswith("add `date:`")


@pytest.mark.parametrize("date", ["date:", 'date: ""', "date: #2024-01-05"])
def test_an_empty_date_is_warned_at_its_line(make_site: SiteFactory, date: str) -> None:
    """A `date:` left blank (or a date YAML read as a comment) was as good as one given:
    the post took the file's modified time without a word."""
    site = make_site({"content/posts/note.md": f"---\ntitle: Undated\n{date}\n---\nx\n"})
    os.utime(site / "content/posts/note.md", (1_700_000_000, 1_700_000_000))  # (before NOW)
    [message] = [str(w) for w in build_site(site).report.warnings]
    assert message.startswith(
        "content/posts/note.md:3: warning: date is empty; using the file's modified time"
    )
    assert message.endswith("write its date: date: YYYY-MM-DD")


def test_misspelt_and_other_generators_keys_are_warned_not_silently_dropped(
    make_site: SiteFactory,
) -> None:
    """`tag:` dropped the post's tags and Hugo's `weight:` ordered nothing, without a
    word; keys of the author's own (for their templates) stay quiet."""
    site = make_site({
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\ntag: [pytorch]\n"
                              "categroies: [ML]\nweight: 3\nstiky: 1\n"
                              "redirect_to: https://e.org/\n"
                              "cover_note: mine\nmathjax: true\nurls: [a.org]\n---\nx\n",
    })  # fmt: skip
    result = build_site(site)
    assert result.ok
    assert [str(w) for w in result.report.warnings] == [
        'content/posts/a.md:4: warning: unknown key "tag" (did you mean "tags"?); it is not read',
        'content/posts/a.md:5: warning: unknown key "categroies" (did you mean "categories"?); '
        "it is not read",
        "content/posts/a.md:6: warning: weight is not read: nothing is ordered by weight: "
        "lists show the newest first (a series' parts are ordered by `series_weight:`)",
        'content/posts/a.md:7: warning: unknown key "stiky" (did you mean "sticky"?); '
        "it is not read",
        "content/posts/a.md:8: warning: redirect_to is not read: a post cannot send its "
        "readers elsewhere; to move it, give its new file the old address under `aliases:`",
    ]


def test_draft_unpublished_and_future_pages_and_posts_stay_unpublished(
    make_site: SiteFactory,
) -> None:
    site = make_site({
        "content/posts/a.md": post("Visible", "2024-01-01"),
        "content/posts/jekyll.md": "---\ntitle: Unpublished post\ndate: 2024-01-02\n"
                                   "published: false\n---\nx\n",
        "content/pages/hidden.md": "---\ntitle: Secret page\ndraft: true\n---\nsecret\n",
        "content/pages/later.md": "---\ntitle: Later page\ndate: 2030-01-01\n---\nlater\n",
        "content/pages/about.md": "---\ntitle: About\n---\nabout\n",
    })  # fmt: skip
    result = build_site(site)
    assert result.ok
    for gone in ("posts/jekyll", "hidden", "later"):
        assert not (site / "public" / gone).exists(), gone
    sitemap = read(site, "sitemap.xml")
    assert "/about/" in sitemap and "/hidden/" not in sitemap and "/later/" not in sitemap
    assert "Unpublished post" not in read(site, "index.html") + read(site, "atom.xml")
    [message] = [str(w) for w in result.report.warnings]
    assert message.startswith("content/pages/later.md:3: warning: dated in the future")
    build_site(site, drafts=True, future=True)
    for shown in ("posts/jekyll", "hidden", "later"):
        assert (site / "public" / shown / "index.html").exists(), shown


def test_sitemap_gives_no_lastmod_for_a_file_s_modified_time(make_site: SiteFactory) -> None:
    """An undated page's only date is its file's mtime, which every checkout changes."""
    site = make_site({
        "content/posts/2023-07-08-lora.md": "---\ntitle: LoRA\n---\nbody\n",
        "content/pages/about.md": "---\ntitle: About\n---\nabout\n",
        "content/pages/cv.md": "---\ntitle: CV\nupdated: 2024-05-01\n---\ncv\n",
    })  # fmt: skip
    assert build_site(site).ok
    urls = dict(
        re.findall(r"<loc>([^<]+)</loc>(?:<lastmod>([^<]+)</lastmod>)?", read(site, "sitemap.xml"))
    )
    assert urls["https://t.example/posts/lora/"].startswith("2023-07-08")
    assert urls["https://t.example/about/"] == ""
    assert urls["https://t.example/cv/"].startswith("2024-05-01")


def test_blank_lines_before_the_front_matter_are_skipped(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": "\n\r\n---\ntitle: 注意力\ndate: 2024-01-02\ntags: [nlp]\n---\n"
                              "Body.\n".encode(),
        "content/posts/b.md": b"\n---\ntitle: B\ndate: 2024-13-01\n---\nx\n",
    })  # fmt: skip
    result = build_site(site)
    assert [str(e) for e in result.report.errors] == [
        'content/posts/b.md:4: invalid date "2024-13-01" (month must be in 1..12; use a real date)'
    ]
    (site / "content/posts/b.md").unlink()
    assert build_site(site).ok
    page = read(site, "posts/a/index.html")
    assert '<h1 class="post-title">注意力</h1>' in page and "title: 注意力" not in page
    assert "/tags/nlp/" in page


def test_json_front_matter_is_read_as_hugo_reads_it(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": '{\n  "title": "注意力",\n  "date": "2024-01-02",\n'
                              '  "tags": ["nlp"],\n  "extra": {"k": 1}\n}\nBody.\n',
        "content/posts/b.md": '{\n  "title": "B",\n  "date": "2024-13-01"\n}\nx\n',
        "content/posts/c.md": '{\n  "title": "C" "D"\n}\nx\n',
        # JSON allows no comma after the last item; Python's parser blamed the `}` or `]`
        "content/posts/d.md": '{\n  "title": "D",\n  "date": "2024-01-01",\n}\nx\n',
        "content/posts/e.md": '{\n  "title": "E",\n  "tags": ["a",\n    "b",\n  ]\n}\nx\n',
    })  # fmt: skip
    result = build_site(site)
    comma = "a trailing comma after the last item, which JSON does not allow (remove the comma)"
    assert sorted(str(e) for e in result.report.errors) == [
        'content/posts/b.md:3: invalid date "2024-13-01" (month must be in 1..12; use a real date)',
        "content/posts/c.md:2: front matter in JSON: Expecting ',' delimiter",
        f"content/posts/d.md:3: front matter in JSON: {comma}",
        f"content/posts/e.md:4: front matter in JSON: {comma}",
    ]
    for name in "bcde":
        (site / f"content/posts/{name}.md").unlink()
    assert build_site(site).ok
    page = read(site, "posts/a/index.html")
    assert '<h1 class="post-title">注意力</h1>' in page and '"title"' not in page
    assert "/tags/nlp/" in page and "<p>Body.</p>" in page


def test_json_front_matter_on_one_line_or_opening_on_its_first_key(
    make_site: SiteFactory,
) -> None:
    """Hugo reads `{` to its matching `}`: a one-line object was the post's text, undated."""
    site = make_site({
        "content/posts/a.md": '{"title": "One line", "date": "2024-01-01", "tags": ["nlp"]}\n'
                              "Body A.\n",
        "content/posts/b.md": '{"title": "First key",\n "date": "2024-01-02",\n'
                              ' "extra": {"k": "}"}}\nBody B.\n',
        # text, never JSON: a shortcode, a Liquid tag, block attributes
        "content/posts/2024-01-03-c.md": '{{< figure src="a.png" >}}\n',
        "content/posts/2024-01-04-d.md": "{% raw %}\n{{ x }}\n{% endraw %}\n",
        "content/posts/2024-01-05-e.md": "{#intro .lead}\nText E.\n",
    })  # fmt: skip
    result = build_site(site)
    assert result.ok  # the shortcode and the Liquid tag are warned about as text, not as JSON
    assert {w.path for w in result.report.warnings} == {
        "content/posts/2024-01-03-c.md",
        "content/posts/2024-01-04-d.md",
    }
    for name, title, body in (("a", "One line", "Body A."), ("b", "First key", "Body B.")):
        page = read(site, f"posts/{name}/index.html")
        assert f'class="post-title" lang="en">{title}</h1>' in page and '"title"' not in page
        assert f"<p>{body}</p>" in page
    assert "/tags/nlp/" in read(site, "posts/a/index.html")
    assert "Text E." in read(site, "posts/e/index.html")


def test_json_front_matter_mistakes_on_one_line_name_their_line(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": '{"title": "A", "date": "2024-01-01",}\nx\n',
        "content/posts/b.md": '{"title": "B", "date": "2024-01-01"} Body.\n',
        "content/posts/c.md": b'\n{"title": "C",\n "date": "2024-01-01"\nx\n',
    })  # fmt: skip
    result = build_site(site)
    assert sorted(str(e) for e in result.report.errors) == [
        "content/posts/a.md:1: front matter in JSON: a trailing comma after the last item, "
        "which JSON does not allow (remove the comma)",
        'content/posts/b.md:1: text after the "}" that closes the front matter in JSON '
        "(start the post's text on the next line)",
        'content/posts/c.md:2: front matter in JSON starts with "{" but no "}" closes it',
    ]


def test_zola_taxonomies_are_the_tags_and_categories(make_site: SiteFactory) -> None:
    """A Zola post names its terms in a `[taxonomies]` table: they were dropped, silently."""
    post = (
        '+++\ntitle = "Sparse attention"\ndate = 2025-02-01\n\n[taxonomies]\n'
        'categories = ["Notes"]\ntags = ["nlp", "attention"]\n\n[extra]\ntoc = true\n+++\nx\n'
    )
    site = make_site({"content/posts/sparse.md": post})
    result = build_site(site)
    assert result.ok and not result.report.warnings
    page = read(site, "posts/sparse/index.html")
    assert 'href="/tags/nlp/"' in page and 'href="/tags/attention/"' in page
    assert 'href="/categories/notes/"' in page


def test_toml_front_matter_is_read_as_hugo_reads_it(make_site: SiteFactory) -> None:
    """A Hugo post copied in as it was written: `+++` TOML was an error asking for YAML.
    A local date-time is in the site's time zone; messages name the key's own line."""
    site = make_site({
        "content/posts/kv.md": '+++\ntitle = "KV Cache 详解"\ndate = 2024-01-05T23:30:00\n'
                               'categories = ["LLM"]\ntags = ["推理", "cache"]\n'
                               'summary = """\ntag = 摘要里的一行\n"""\ntag = ["x"]\n'
                               "[params]\nmath = true\n+++\n正文 $x^2$。\n",
        "content/posts/twice.md": '+++\ntitle = "A"\ndate = 2024-01-06\n\ntitle = "B"\n+++\nx\n',
        "content/posts/yaml.md": "+++\ntitle: Looks like YAML\n+++\nx\n",
        "content/posts/open.md": '+++\ntitle = "C"\n[params\n+++\nx\n',  # "end of document"
    }, config="title: T\nbase_url: https://t.example/\ntimezone: Asia/Shanghai\n")  # fmt: skip
    result = build_site(site)
    assert sorted(str(e) for e in result.report.errors) == [
        "content/posts/open.md:3: front matter in TOML: expected ']' at the end of a table "
        "declaration",
        "content/posts/twice.md:5: front matter in TOML: cannot overwrite a value (this key "
        "is given twice)",
        "content/posts/yaml.md:2: front matter in TOML: expected '=' after a key in a "
        "key/value pair (TOML writes `key = value`; `key: value` is YAML, which goes between "
        "--- lines)",
    ]
    assert [str(w) for w in result.report.warnings] == [
        'content/posts/kv.md:9: warning: unknown key "tag" (did you mean "tags"?); it is not read'
    ]
    for name in ("twice", "yaml", "open"):
        (site / f"content/posts/{name}.md").unlink()
    assert build_site(site).ok
    home = read(site, "index.html")
    assert "KV Cache 详解" in home and "2024-01-05" in home and "tag = 摘要里的一行" in home
    assert 'href="/categories/llm/"' in home
    page = read(site, "posts/kv/index.html")
    assert "/tags/cache/" in page and "+++" not in page and 'class="katex"' in page
    assert "<published>2024-01-05T23:30:00+08:00</published>" in read(site, "atom.xml")


def test_a_post_without_a_title_takes_its_opening_heading(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/2024-03-01-head-first.md": "# 注意力机制\n\nNo front matter.\n\n$$\nx\n",
        "content/posts/b.md": "---\ndate: 2024-03-02\n---\n\n# Heading title\n\nText.\n",
        "content/posts/c.md": "---\ntitle: Given\ndate: 2024-03-03\n---\n# Kept heading\n",
    })  # fmt: skip
    result = build_site(site)
    page = read(site, "posts/head-first/index.html")
    assert '<h1 class="post-title" id="注意力机制">注意力机制</h1>' in page
    assert page.count('id="注意力机制"') == 1
    # the lines after the heading keep their numbers in messages
    assert [str(w) for w in result.report.warnings] == [
        "content/posts/2024-03-01-head-first.md:5: warning: display math $$ is never closed "
        "(add a $$ line after the formula)"
    ]
    b = read(site, "posts/b/index.html")
    assert '<h1 class="post-title" id="heading-title" lang="en">Heading title</h1>' in b
    assert '<h1 id="kept-heading">Kept heading</h1>' in read(site, "posts/c/index.html")


def test_links_to_the_opening_heading_reach_the_title(make_site: SiteFactory) -> None:
    """The opening `# Heading` became the title and left the body; links to its id (a TOC
    written by hand, another post's `a.md#my-title`) still arrive: the title carries it."""
    site = make_site({
        "content/posts/a.md": "---\ndate: 2024-03-01\n---\n# My Title\n\n"
                              "See [the top](#my-title).\n\n## My Title\n\nAgain.\n",
        "content/posts/b.md": "---\ntitle: 注意力\ndate: 2024-03-02\n---\n# 注意力\n\nText.\n",
        "content/posts/c.md": "---\ndate: 2024-03-03\n---\n# Setup {#setup}\n\nText.\n",
        "content/pages/about.md": "# About me\n\nHi.\n",
        "content/posts/links.md": "---\ntitle: Links\ndate: 2024-03-04\n---\n"
                                  "[a](a.md#my-title) [a2](a.md#my-title-1) [b](b.md#注意力) "
                                  "[c](c.md#setup) [about](../pages/about.md#about-me) "
                                  "[[a#My Title]] [gone](a.md#nothing)\n",
    })  # fmt: skip
    result = build_site(site)
    assert [str(w) for w in result.report.warnings] == [
        "content/posts/links.md:5: warning: link to a missing heading: a.md#nothing"
    ]
    a = read(site, "posts/a/index.html")
    assert '<h1 class="post-title" id="my-title" lang="en">My Title</h1>' in a
    assert '<h2 id="my-title-1">My Title</h2>' in a  # as the heading below the title had it
    assert '<h1 class="post-title" id="注意力">注意力</h1>' in read(site, "posts/b/index.html")
    assert '<h1 class="post-title" id="setup" lang="en">Setup</h1>' in read(
        site, "posts/c/index.html"
    )
    assert 'id="about-me"' in read(site, "about/index.html")
    assert '<a href="/posts/a/#my-title">a &gt; My Title</a>' in read(
        site, "posts/links/index.html"
    )


def test_jekyll_file_name_gives_date_and_slug(make_site: SiteFactory) -> None:
    site = make_site({"content/posts/2023-07-08-lora-notes.md": "---\ntitle: LoRA\n---\nbody\n"})
    assert build_site(site).ok
    page = read(site, "posts/lora-notes/index.html")
    assert "2023-07-08" in page


def test_bundle_post_copies_its_images(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/heads/index.md": post("Heads", "2024-01-01", body="![d](heads.svg)"),
        "content/posts/heads/heads.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    })  # fmt: skip
    assert build_site(site).ok
    assert (site / "public/posts/heads/heads.svg").exists()
    assert 'src="/posts/heads/heads.svg"' in read(site, "posts/heads/index.html")


def test_an_html_img_beside_its_post_is_copied_like_a_markdown_image(
    make_site: SiteFactory,
) -> None:
    body = '<img src="images/fig.svg" width="50%">\n\nAnd <img src="images/gone.png">.'
    site = make_site({
        "content/posts/figs.md": post("Figs", "2024-01-01", body=body),
        "content/posts/images/fig.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    })  # fmt: skip
    result = build_site(site)
    assert (site / "public/posts/figs/images/fig.svg").exists()
    assert '<img src="/posts/figs/images/fig.svg" width="50%">' in read(
        site, "posts/figs/index.html"
    )
    assert [str(w) for w in result.report.warnings] == [
        "content/posts/figs.md:9: warning: image not found: images/gone.png"
    ]


SVG_NS = "xmlns='http://www.w3.org/2000/svg'"


def test_local_images_carry_their_size_so_the_page_keeps_their_place(
    make_site: SiteFactory,
) -> None:
    from notebooks import png_bytes

    body = (
        "![wide](wide.png) ![svg](px.svg) ![free](free.svg) ![bad](bad.png)\n\n"
        '<img src="wide.png"> <img src="wide.png" width="50%"> ![web](https://e.org/a.png)\n'
    )
    site = make_site({
        "content/posts/a/index.md": post("A", "2024-01-01", body=body),
        "content/posts/a/wide.png": png_bytes(640, 200),
        "content/posts/a/px.svg": f"<svg {SVG_NS} width='30px' height='20'/>",
        "content/posts/a/free.svg": f"<svg {SVG_NS} width='100%'/>",
        "content/posts/a/bad.png": "not an image",
    })  # fmt: skip
    assert build_site(site).ok
    images = re.findall(r"<img [^>]*>", read(site, "posts/a/index.html"))
    assert images == [
        '<img src="/posts/a/wide.png" width="640" height="200" alt="wide" />',
        '<img src="/posts/a/px.svg" width="30" height="20" alt="svg" />',
        '<img src="/posts/a/free.svg" alt="free" />',
        '<img src="/posts/a/bad.png" alt="bad" />',
        '<img src="/posts/a/wide.png" width="640" height="200">',
        '<img src="/posts/a/wide.png" width="50%">',  # the author's own size
        '<img src="https://e.org/a.png" alt="web" />',
    ]
    (site / "content/posts/a/wide.png").write_bytes(png_bytes(320, 100))  # a new version
    assert build_site(site).ok
    assert 'width="320" height="100" alt="wide"' in read(site, "posts/a/index.html")


def test_images_from_static_by_site_path_carry_their_size_too(make_site: SiteFactory) -> None:
    from notebooks import png_bytes

    body = (
        "![plot](/img/plot.png) ![中文](/img/损失.png) ![gone](/img/gone.png) "
        "![amp](/img/a&b.png)\n\n"
        '<img src="/img/plot.png"> <img src="/img/plot.png" style="width:50%">\n'
    )
    site = make_site(
        {
            "content/posts/a.md": post("A", "2024-01-01", body=body),
            "static/img/plot.png": png_bytes(400, 300),
            "static/img/损失.png": png_bytes(80, 60),
            "static/img/a&b.png": png_bytes(8, 6),
        },
        config="title: T\nbase_url: https://me.github.io/notes/\n",
    )
    result = build_site(site)
    images = re.findall(r"<img [^>]*>", read(site, "posts/a/index.html"))
    assert images == [
        '<img src="/notes/img/plot.png" width="400" height="300" alt="plot" />',
        '<img src="/notes/img/%E6%8D%9F%E5%A4%B1.png" width="80" height="60" alt="中文" />',
        '<img src="/notes/img/gone.png" alt="gone" />',
        '<img src="/notes/img/a&amp;b.png" width="8" height="6" alt="amp" />',
        '<img src="/notes/img/plot.png" width="400" height="300">',
        '<img src="/notes/img/plot.png" style="width:50%">',  # the author's own size
    ]
    assert [str(w) for w in result.report.warnings] == [
        "content/posts/a.md:7: warning: image not found: /img/gone.png"
        " (a path from the site root is a file in static/: static/img/gone.png)"
    ]


def test_a_file_beside_a_bundle_named_like_its_page_is_warned(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/b/index.md": post("B", "2024-01-01", body="[raw](index.html)"),
        "content/posts/b/index.html": "<p>my own</p>",
        "static/posts/c/index.html": "<p>static replaces a page, as the README says</p>",
        "content/posts/c.md": post("C", "2024-01-02"),
    })  # fmt: skip
    result = build_site(site)
    assert [str(w) for w in result.report.warnings] == [
        "content/posts/b/index.html: warning: has the name of the page made from the post "
        "beside it; the page is published, not this file (rename the file)"
    ]
    assert '<h1 class="post-title" lang="en">B</h1>' in read(site, "posts/b/index.html")
    assert read(site, "posts/c/index.html") == "<p>static replaces a page, as the README says</p>"


def test_a_builder_reads_an_image_again_only_when_the_file_changed(tmp_path: Path) -> None:
    """serve's rebuilds keep image sizes; a file rewritten under its old mtime (cp -p) is
    read again, by its ctime."""
    import os

    from mlblog.image_sizes import ImageSizes
    from notebooks import png_bytes

    image = tmp_path / "a.png"
    image.write_bytes(png_bytes(20, 10))
    sizes = ImageSizes(tmp_path)
    assert sizes.of({})("a.png") == (20, 10)
    stamp = image.stat()
    image.write_bytes(png_bytes(10, 20))
    os.utime(image, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert sizes.of({})("a.png") == (10, 20)
    assert sizes.of({})("gone.png") is None


def test_html_quoted_any_way_links_to_posts_and_images_like_markdown(
    make_site: SiteFactory,
) -> None:
    """Single quotes, spaces, capitals; and the `<a href="../lora.md">` the Hexo import
    writes for `{% post_path %}`."""
    body = (
        '<img src=\'fig.svg\' width="50%"> <IMG SRC = "fig.svg">\n\n'
        "<a href='lora.md#why'>LoRA</a> <a href=\"gone.md\">gone</a>\n"
    )
    site = make_site({
        "content/posts/figs.md": post("Figs", "2024-01-01", body=body),
        "content/posts/fig.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "content/posts/lora.md": post("LoRA", "2024-01-02", body="## Why\n"),
    })  # fmt: skip
    result = build_site(site)
    page = read(site, "posts/figs/index.html")
    assert '<img src="/posts/figs/fig.svg" width="50%"> <IMG src="/posts/figs/fig.svg">' in page
    assert '<a href="/posts/lora/#why">LoRA</a>' in page
    assert "mlblog-asset" not in page and "mlblog-link" not in page
    assert [str(w) for w in result.report.warnings] == [
        "content/posts/figs.md:9: warning: link to a missing post: gone.md"
    ]


def test_the_feed_gives_every_link_and_image_as_a_full_url(make_site: SiteFactory) -> None:
    """Many feed readers ignore xml:base: a root-relative or relative URL breaks there."""
    body = "[data](data.csv) [about](/about/) [note](#fn) [web](https://a.example/) ![i](/i.png)"
    site = make_site(
        {"content/posts/a.md": post("A", "2024-01-01", body=body)},
        config="title: T\nbase_url: https://me.github.io/notes/\n",
    )
    build_site(site)
    # as written: feedparser itself would resolve them against xml:base
    feed = feedparser.parse(read(site, "atom.xml"), resolve_relative_uris=False)
    content = feed.entries[0].content[0].value
    urls = re.findall(r'(?:src|href)="([^"]*)"', content)
    assert urls == [
        "https://me.github.io/notes/posts/a/data.csv",
        "https://me.github.io/notes/about/",
        "https://me.github.io/notes/posts/a/#fn",
        "https://a.example/",
        "https://me.github.io/notes/i.png",
    ]


def test_old_addresses_in_aliases_and_redirect_from_redirect_to_the_post(
    make_site: SiteFactory,
) -> None:
    site = make_site(
        {
            "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n"
            "aliases: [/2019/05/old-a/, /old/a]\nredirect_from: /old-a.html\n---\nbody\n",
        },
        config="title: T\nbase_url: https://me.github.io/notes/\n",
    )
    assert build_site(site).ok
    for old in ("2019/05/old-a/index.html", "old/a/index.html", "old-a.html"):
        page = read(site, old)
        assert '<meta http-equiv="refresh" content="0; url=/notes/posts/a/">' in page, old
        assert '<link rel="canonical" href="https://me.github.io/notes/posts/a/">' in page
    assert "old" not in read(site, "sitemap.xml")


def test_an_alias_at_a_url_the_site_uses_is_an_error(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": post("A", "2024-01-01"),
        "content/posts/b.md": "---\ntitle: B\ndate: 2024-01-02\naliases: [/posts/a/, /tags/, "
                              "/index.html, /posts/b/index.html, /me.html]\n---\nbody\n",
        "content/posts/c.md": "---\ntitle: C\ndate: 2024-01-03\nredirect_from: old\n---\nc\n",
        "content/posts/d.md": "---\ntitle: D\ndate: 2024-01-03\naliases: [/x/../../y/]\n---\nd\n",
        # a redirect page at a feed's or a stylesheet's name is sent as XML or CSS
        "content/posts/e.md": "---\ntitle: E\ndate: 2024-01-03\naliases: [/feed.xml]\n---\ne\n",
        "content/posts/f.md": "---\ntitle: F\ndate: 2024-01-03\naliases: /katex/katex.min.css\n"
                              "---\nf\n",
        "static/me.html": "<p>mine</p>",
    })  # fmt: skip
    not_a_page = (
        "content/posts/{}.md:4: aliases: '{}' is not a page; a redirect is an HTML page, which "
        "a server sends under that name as what its suffix says, so nothing follows it{}"
    )
    assert [str(e) for e in build_site(site).report.errors] == [
        "content/posts/c.md:4: redirect_from must be site paths starting with / (such as "
        "/2019/05/old-name/), not 'old'",
        "content/posts/d.md:4: aliases: '/x/../../y/' has a . or .. part; give the old "
        "address as the site path it was",
        not_a_page.format(
            "e", "/feed.xml", " (an old feed: list it under feed_aliases in site.yaml)"
        ),
        not_a_page.format("f", "/katex/katex.min.css", ""),
    ]
    for name in "cdef":
        (site / f"content/posts/{name}.md").unlink()
    result = build_site(site)
    clash = "content/posts/b.md:4: aliases: {} is already {}; a redirect cannot be there"
    assert sorted(str(e) for e in result.report.errors) == [
        clash.format("/index.html", "the home page"),
        clash.format("/me.html", "where static/me.html is copied"),
        clash.format("/posts/a/", "the URL of content/posts/a.md"),
        clash.format("/tags/", "the list of tags"),
    ]  # (not its own address, /posts/b/index.html: the post is there)
    assert not (site / "public").exists()


def test_an_alias_that_is_the_post_s_own_address_is_passed_over(make_site: SiteFactory) -> None:
    """An import lists each post's old address; a site that then takes the old permalinks
    back has each post at it, and the build failed on every one of them."""
    body = "---\ntitle: A\ndate: 2019-05-10\naliases: [/2019/05/10/a/, /old/a/]\n---\na\n"
    config = (
        "title: T\nbase_url: https://t.example/\npermalinks:\n  post: /:year/:month/:day/:slug/\n"
    )
    site = make_site({"content/posts/a.md": body}, config=config)
    result = build_site(site)
    assert result.ok and not result.report.warnings, result.report.sorted()
    assert "<title>A" in read(site, "2019/05/10/a/index.html")  # the post, no redirect
    assert 'content="0; url=/2019/05/10/a/"' in read(site, "old/a/index.html")


def test_feed_aliases_give_the_old_site_s_feed_addresses_the_same_feed(
    make_site: SiteFactory,
) -> None:
    """Readers subscribed to Jekyll's /feed.xml or Hugo's /index.xml keep reading."""
    site = make_site(
        {"content/posts/a.md": post("A", "2024-01-01")},
        config="title: T\nbase_url: https://t.example/\n"
        "feed_aliases: [/feed.xml, /blog/index.xml]\n",
    )
    assert build_site(site).ok
    feed = read(site, "atom.xml")
    for path in ("feed.xml", "blog/index.xml"):
        # the same feed, which names its own address as rel="self" (W3C's validator flags
        # a feed whose self link is another address)
        self_link = f'<link href="https://t.example/{path}" rel="self"'
        assert self_link in read(site, path)
        own = '<link href="https://t.example/atom.xml" rel="self"'
        assert read(site, path).replace(self_link, own) == feed
        parsed = feedparser.parse(read(site, path))
        assert [e.title for e in parsed.entries] == ["A"] and not parsed.bozo
    assert "feed.xml" not in read(site, "sitemap.xml")


def test_an_alias_with_a_dot_in_its_name_is_a_folder_as_hugo_makes_it(
    make_site: SiteFactory,
) -> None:
    """`/posts/gpt-3.5` was refused as "not a page" (and before that written as a file a
    server sends for download): any name but .html is a folder's index.html, as Hugo's."""
    site = make_site(
        {"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n"
                               "aliases: [/posts/gpt-3.5, /old.php, /v0.1/]\n---\nx\n",
         "content/posts/b.md": "---\ntitle: B\ndate: 2024-01-02\naliases: [/me.pdf]\n---\nb\n",
         "static/me.pdf": "%PDF"},
        config="title: T\nbase_url: https://me.github.io/notes/\n",
    )  # fmt: skip
    result = build_site(site)
    assert [str(e) for e in result.report.errors] == [
        "content/posts/b.md:4: aliases: /me.pdf/ is already where static/me.pdf is copied; "
        "a redirect cannot be there"
    ]
    (site / "content/posts/b.md").unlink()
    assert build_site(site).ok
    for old in ("posts/gpt-3.5/index.html", "old.php/index.html", "v0.1/index.html"):
        assert 'url=/notes/posts/a/">' in read(site, old), old


def test_feed_aliases_cannot_take_a_page_or_a_file_of_the_site(make_site: SiteFactory) -> None:
    """`/about/index.html` was a traceback; `/search.json` silently replaced the search
    index with the feed; `/atom.xml` said "the site's atom.xml and the site's atom.xml"."""
    aliases = "/about/index.html, /search.json, /atom.xml, /favicon.svg"
    config = f"title: T\nbase_url: https://t.example/\nfeed_aliases: [{aliases}]\n"
    site = make_site({
        "content/posts/a.md": post("A", "2024-01-01"),
        "content/pages/about.md": "---\ntitle: About\n---\nme\n",
    }, config=config)  # fmt: skip
    result = build_site(site)
    assert sorted(str(e) for e in result.report.errors) == [
        f"site.yaml:3: feed_aliases: {url} is already {what}; the feed cannot be there"
        for url, what in (
            ("/about/index.html", "the URL of content/pages/about.md"),
            ("/atom.xml", "the feed"),
            ("/favicon.svg", "a file of the theme or of KaTeX"),
            ("/search.json", "the search index"),
        )
    ]
    assert not (site / "public").exists()


def test_site_params_reach_templates_and_a_change_rebuilds_their_pages(
    make_site: SiteFactory,
) -> None:
    """Hugo's .Site.Params, Jekyll's site variables: an own setting for an own template."""
    config = "title: T\nbase_url: https://t.example/\nparams:\n  github: me\n"
    site = make_site({
        "content/posts/a.md": post("A", "2024-01-01"),
        "templates/404.html": "{% extends 'base.html' %}{% block main %}"
                              "gh={{ site.params.github }}{% endblock %}",
    }, config=config)  # fmt: skip
    assert build_site(site).ok
    assert "gh=me" in read(site, "404.html")
    (site / "site.yaml").write_text(config.replace("me", "you"), encoding="utf-8")
    assert build_site(site).ok  # the render cache kept
    assert "gh=you" in read(site, "404.html")


def test_template_override(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": post("A", "2024-01-01"),
        "templates/404.html": "{% extends 'base.html' %}{% block main %}CUSTOM LOST{% endblock %}",
    })  # fmt: skip
    assert build_site(site).ok
    assert "CUSTOM LOST" in read(site, "404.html")
    assert "LATEST UPDATES" in read(site, "index.html")  # other theme files still used


@pytest.mark.parametrize(
    ("line", "missing"),
    [("{% include 'sidebar.html' %}", "sidebar.html"),
     ("{% extends 'nosuch.html' %}", "nosuch.html")],
)  # fmt: skip
def test_missing_included_template_is_named_at_its_line(
    make_site: SiteFactory, line: str, missing: str
) -> None:
    """An include or extends of a template that exists nowhere is reported at the line
    that asks for it, not only by the page's template name."""
    site = make_site({
        "content/posts/a.md": post("A", "2024-01-01"),
        "templates/404.html": f"<!DOCTYPE html>\n<p>lost</p>\n{line}\n",
    })  # fmt: skip
    result = build_site(site)
    assert not result.ok
    assert [str(d) for d in result.report.errors] == [
        f"templates/404.html:3: template not found: {missing}"
    ]


def test_a_post_in_several_categories_is_listed_under_each(make_site: SiteFactory) -> None:
    """Hexo (a hierarchy), Jekyll and Hugo (several) all list a post under every category
    it names; the post shows its first."""
    site = make_site({
        "content/posts/a.md": post("Both", "2024-01-01", "[Machine Learning, 概率]"),
        "content/posts/b.md": post("One", "2024-01-02", "概率"),
    })  # fmt: skip
    assert build_site(site).ok
    assert "Both" in read(site, "categories/machine-learning/index.html")
    listed = read(site, "categories/概率/index.html")
    assert "Both" in listed and "One" in listed
    terms = read(site, "categories/index.html")
    assert "概率" in terms and "Machine Learning" in terms
    page = read(site, "posts/a/index.html")
    assert 'class="chip" href="/categories/machine-learning/">Machine Learning<' in page


def test_static_copied_and_site_wins(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": post("A", "2024-01-01"),
        "static/CNAME": "t.example\n",  # base_url's domain
        "static/favicon.svg": "<svg/>",
        "static/index.html": "<p>my own home</p>",
    })  # fmt: skip
    result = build_site(site)
    assert result.ok and not result.report.warnings
    assert read(site, "CNAME") == "t.example\n"
    assert read(site, "favicon.svg") == "<svg/>"
    assert read(site, "index.html") == "<p>my own home</p>"  # as the README says
    assert "<h1" in read(site, "posts/a/index.html")  # the rest of the site is made
    assert (site / "public/.nojekyll").exists()


def test_links_under_project_base_url(make_site: SiteFactory) -> None:
    site = make_site({"content/posts/a.md": post("A", "2024-01-01")})
    assert build_site(site, base_url="https://me.github.io/ml-notes/").ok
    home = read(site, "index.html")
    assert 'href="/ml-notes/posts/a/"' in home
    assert 'href="/ml-notes/assets/css/main.css"' in home
    assert 'href="/ml-notes/tags/' in read(site, "posts/a/index.html")
    assert "https://me.github.io/ml-notes/posts/a/" in read(site, "atom.xml")
    assert 'href="/posts' not in home


def test_root_relative_urls_in_raw_html_and_with_the_base_path_go_under_it_once(
    make_site: SiteFactory,
) -> None:
    """Sized images are written as HTML; some authors write the base path themselves."""
    body = (
        '<img src="/img/pic.png" width="300"> and <a href=\'/posts/b/\'>b</a>\n\n'
        '<figure><img src="/img/fig.png"></figure>\n\n'
        "[full](/ml-notes/posts/b/) ![md](/img/md.png) [cdn](//cdn.example/x.js)\n\n"
        '<img srcset="/img/hi.png 2x, /img/pic.png 1x" src="/img/pic.png">\n\n'
        '<video poster="/img/poster.png" src="/img/clip.mp4"></video>\n'
    )  # a 2x screen takes srcset's picture, and a video shows its poster: both were missing
    site = make_site({"content/posts/a.md": post("A", "2024-01-01", body=body),
                      "content/posts/b.md": post("B", "2024-01-02")})  # fmt: skip
    assert build_site(site, base_url="https://me.github.io/ml-notes/").ok
    page = read(site, "posts/a/index.html")
    for url in ("/img/pic.png", "/posts/b/", "/img/fig.png", "/img/md.png"):
        assert f"/ml-notes{url}" in page, url
    assert 'srcset="/ml-notes/img/hi.png 2x, /ml-notes/img/pic.png 1x"' in page
    assert 'poster="/ml-notes/img/poster.png"' in page
    assert 'href="/ml-notes/posts/b/">full' in page and "/ml-notes/ml-notes/" not in page
    assert 'href="//cdn.example/x.js"' in page


def test_chinese_tag_url_is_percent_encoded(make_site: SiteFactory) -> None:
    site = make_site({"content/posts/a.md": post("A", "2024-01-01", category="杂七杂八")})
    assert build_site(site).ok
    home = read(site, "index.html")
    assert 'href="/categories/%E6%9D%82%E4%B8%83%E6%9D%82%E5%85%AB/"' in home
    assert (site / "public/categories/杂七杂八/index.html").exists()


@pytest.mark.parametrize(
    "tags",
    ["[深度学习，强化学习]", "深度学习，强化学习", "深度学习, 强化学习", "[深度学习, 强化学习]"],
)
def test_tags_split_at_full_width_commas_too(make_site: SiteFactory, tags: str) -> None:
    text = f"---\ntitle: A\ndate: 2024-01-01\ntags: {tags}\n---\nx\n"
    site = make_site({"content/posts/a.md": text})
    assert build_site(site).ok
    assert sorted(p.name for p in (site / "public/tags").iterdir() if p.is_dir()) == [
        "强化学习",
        "深度学习",
    ]


def test_post_page_has_toc_neighbours_tags_and_math(make_site: SiteFactory) -> None:
    body = "## 第一节\n\n$$\n\\sum_i x_i\n$$\n\n### 小节\n\n```python\nimport torch\n```\n"
    site = make_site({
        "content/posts/a.md": post("A", "2024-01-01"),
        "content/posts/b.md": post("B", "2024-02-01", body=body),
        "content/posts/c.md": post("C", "2024-03-01"),
    })  # fmt: skip
    assert build_site(site).ok
    page = read(site, "posts/b/index.html")
    assert 'href="#第一节"' in page and 'id="第一节"' in page
    assert 'class="katex-display"' in page and "$$" not in page
    assert '<span class="kn">import</span>' in page
    assert 'href="/posts/c/"' in page and 'href="/posts/a/"' in page
    assert "#PyTorch" in page
    assert "约 1 分钟读完" in page  # the site's language (zh-CN by default)


def test_atom_feed_parses(make_site: SiteFactory) -> None:
    files = {
        f"content/posts/p{i:02d}.md": post(f"Post {i}", f"2024-01-{i + 1:02d}") for i in range(12)
    }
    config = "title: T\ntagline: NOTES IN PROGRESS\ndescription: 机器学习笔记，一句话。\n"
    site = make_site(files, config=config + "base_url: https://t.example/\n")
    assert build_site(site).ok
    feed = feedparser.parse(read(site, "atom.xml"))
    assert not feed.bozo
    assert feed.feed.subtitle == "机器学习笔记，一句话。"  # description (the tagline is a banner)
    assert len(feed.entries) == 12
    assert feed.entries[0].title == "Post 11"
    sitemap = read(site, "sitemap.xml")
    assert "https://t.example/posts/p00/" in sitemap
    assert "Sitemap: https://t.example/sitemap.xml" in read(site, "robots.txt")


def test_settings_left_empty_as_site_yaml_invites_mean_none(make_site: SiteFactory) -> None:
    # init's site.yaml says of the tagline "leave empty for none": `tagline:` is YAML's null
    config = "title: T\ntagline:\ndescription:\nauthor:\nbase_url: https://t.example/\n"
    site = make_site({"content/posts/a.md": post("A", "2024-01-01")}, config=config)
    result = build_site(site)
    assert result.ok, [str(d) for d in result.report.errors]
    assert "banner-line" not in read(site, "index.html")
    feed = feedparser.parse(read(site, "atom.xml"))
    assert not feed.bozo and feed.entries[0].title == "A"


def test_a_terminal_log_s_control_characters_leave_the_feed_well_formed(
    make_site: SiteFactory,
) -> None:
    log = "```text\nEpoch 1 \x1b[32mloss=0.31\x1b[0m\x0c\n```\n"
    site = make_site({"content/posts/log.md": post("Log", "2024-01-01", body=log)})
    assert build_site(site).ok
    feed = feedparser.parse(read(site, "atom.xml"))
    assert not feed.bozo, feed.bozo_exception
    assert "Epoch 1 [32mloss=0.31[0m" in feed.entries[0].content[0].value


def test_a_name_both_category_and_tag_is_one_feed_category(make_site: SiteFactory) -> None:
    text = "---\ntitle: A\ndate: 2024-01-01\ncategories: [深度学习]\ntags: [深度学习, RL]\n---\nx\n"
    site = make_site({"content/posts/a.md": text})
    assert build_site(site).ok
    terms = re.findall(r'<category term="([^"]*)"/>', read(site, "atom.xml"))
    assert terms == ["深度学习", "RL"]  # (feedparser hides a repeated one)


def test_feed_carries_each_formula_once_as_mathml(make_site: SiteFactory) -> None:
    """Feed readers do not load KaTeX's stylesheet: the feed keeps the MathML and leaves
    out KaTeX's HTML copy, which without it reads as a second, garbled formula."""
    body = "Half: $\\frac{1}{2}$.\n\n$$\n\\sqrt{x} = \\begin{bmatrix}1&0\\\\0&1\\end{bmatrix}\n$$\n"
    site = make_site({"content/posts/m.md": post("M", "2024-01-01", body=body)})
    assert build_site(site).ok
    page = read(site, "posts/m/index.html")
    assert page.count('class="katex-html"') == 2  # the page keeps both
    feed = feedparser.parse(read(site, "atom.xml"))
    assert not feed.bozo
    content = feed.entries[0].content[0].value
    assert "katex-html" not in content and "<svg" not in content
    assert content.count("<math") == 2 and content.count("</math>") == 2
    assert '<annotation encoding="application/x-tex">\\frac{1}{2}</annotation>' in content
    assert content.count('class="katex"') == 2 and content.count('class="katex-display"') == 1
    assert content.count("<span") == content.count("</span>")  # markup left whole
    assert "Half: " in content


def test_formulas_in_titles_are_typeset_where_the_title_is_html(make_site: SiteFactory) -> None:
    """In the page's heading and every listing, as KaTeX's auto-render would have done;
    `<title>`, the feed, the heading's name and search's results get it as it reads
    (√dₖ), search's terms its TeX."""
    site = make_site({
        "content/posts/a.md": post("Why divide by $\\sqrt{d_k}$?", "2024-01-01"),
        "content/posts/b.md": post("It costs $5 and $10", "2024-01-02"),
        "content/posts/c.md": post("Broken $\\frac{1}{$ title", "2024-01-03"),
    })  # fmt: skip
    result = build_site(site)
    assert result.ok
    assert [str(w) for w in result.report.warnings] == [
        "content/posts/c.md:2: warning: math in the title: Unexpected end of input in a macro "
        "argument, expected '}'"
    ]
    page = read(site, "posts/a/index.html")
    named = '<h1 class="post-title" aria-label="Why divide by √dₖ?">'  # read as text
    heading = page.split(named)[1].split("</h1>")[0]
    assert heading.startswith('Why divide by <span class="katex">') and heading.endswith("?")
    assert "<title>Why divide by √dₖ? · Test site</title>" in page
    for listing in ("index.html", "archives/index.html", "tags/pytorch/index.html"):
        html = read(site, listing)
        assert 'Why divide by <span class="katex">' in html, listing
        assert "/katex/katex.min.css" in html, listing
    assert "It costs $5 and $10" in read(site, "posts/b/index.html")
    assert "Broken \\frac{1}{ title" in read(site, "posts/c/index.html")  # its TeX, as text
    feed = feedparser.parse(read(site, "atom.xml"))
    assert "Why divide by √dₖ?" in [e.title for e in feed.entries]
    # Search results show it as it reads; its TeX is still what the index's terms come from.
    assert '"t":"Why divide by √dₖ?"' in read(site, "search.json")


def test_more_marker_works_with_raw_html_off(make_site: SiteFactory) -> None:
    config = "title: T\nbase_url: https://t.example/\nmarkdown:\n  html: false\n"
    body = "Opening words.\n\n<!--more-->\n\nBELOW THE FOLD.\n"
    site = make_site({"content/posts/a.md": post("A", "2024-01-01", body=body)}, config=config)
    assert build_site(site).ok
    home = read(site, "index.html")
    assert "Opening words." in home and "BELOW THE FOLD" not in home and "more--" not in home
    assert "&lt;!--more" not in read(site, "posts/a/index.html")


def test_failed_build_keeps_previous_output(make_site: SiteFactory) -> None:
    site = make_site({"content/posts/a.md": post("Good", "2024-01-01")})
    assert build_site(site).ok
    before = read(site, "index.html")
    (site / "content/posts/b.md").write_text(
        "---\ntitle: Bad\ndate: 2024-13-01\n---\nx\n", encoding="utf-8"
    )
    result = build_site(site)
    assert not result.ok
    assert [str(e) for e in result.report.errors] == [
        'content/posts/b.md:3: invalid date "2024-13-01" (month must be in 1..12; use a real date)'
    ]
    assert read(site, "index.html") == before


def test_output_inside_sources_refused(make_site: SiteFactory) -> None:
    site = make_site({"content/posts/a.md": post("A", "2024-01-01")})
    for output in (site, site / "content" / "out", site.parent):
        result = build_site(site, output=output)
        assert not result.ok
        assert "refusing" in str(result.report.errors[0])
    assert (site / "content/posts/a.md").exists()


def test_foreign_output_folder_not_replaced(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site({"content/posts/a.md": post("A", "2024-01-01")})
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("precious", encoding="utf-8")
    result = build_site(site, output=foreign)
    assert not result.ok
    assert "was not written by mlblog" in str(result.report.errors[0])
    assert (foreign / "thesis.tex").read_text(encoding="utf-8") == "precious"


def test_a_post_s_own_permalink_or_url_is_its_address(make_site: SiteFactory) -> None:
    """A Jekyll, Hexo or Hugo post copied in moved to `/posts/<slug>/`, and its old links
    broke: `permalink:` (Jekyll's, Hexo's, which may leave out the first /) and `url:`
    (Hugo's) were warned "not read". Under the site's base path, like every address."""
    site = make_site({
        "content/posts/2019-05-10-attention.md": "---\ntitle: Attention\ndate: 2019-05-10\n"
            "categories: [NLP]\npermalink: /notes/attention.html\n---\n注意力。\n",
        "content/posts/hexo.md": "---\ntitle: Hexo post\ndate: 2019-05-11\n"
            "permalink: 2019/05/old-name/\n---\nx\n",
        "content/posts/hugo.md": '+++\ntitle = "Hugo post"\ndate = 2019-05-12\n'
            'url = "/archive/hugo-post"\n+++\nx\n',
        "content/posts/paper.md": "---\ntitle: Paper notes\ndate: 2019-05-13\n"
            "url: https://arxiv.org/abs/1706.03762\n---\nx\n",
        "content/pages/about.md": "---\ntitle: About me\npermalink: /about.html\n---\nMe.\n",
    }, config="title: T\nbase_url: https://me.github.io/blog/\n")  # fmt: skip
    result = build_site(site)
    assert result.ok, result.report.sorted()
    assert [str(w) for w in result.report.warnings] == [
        "content/posts/paper.md:4: warning: url is not read: https://arxiv.org/abs/1706.03762 "
        "is no address on this site (a site path, /notes/x/, is)"
    ]
    assert "注意力" in read(site, "notes/attention.html")
    assert "Hexo post" in read(site, "2019/05/old-name/index.html")
    assert "Hugo post" in read(site, "archive/hugo-post/index.html")  # a folder, as Hugo's
    assert "Me." in read(site, "about.html")
    assert "Paper notes" in read(site, "posts/paper/index.html")
    assert not (site / "public/posts/attention").exists()
    link = 'href="/blog/notes/attention.html"'
    for listing in ("index.html", "archives/index.html", "categories/nlp/index.html"):
        assert link in read(site, listing), listing
    assert link in read(site, "2019/05/old-name/index.html")  # the older post's link
    assert 'href="https://me.github.io/blog/notes/attention.html"' in read(site, "atom.xml")
    sitemap = read(site, "sitemap.xml")
    assert "<loc>https://me.github.io/blog/notes/attention.html</loc>" in sitemap
    assert "<loc>https://me.github.io/blog/about.html</loc>" in sitemap


def test_a_page_at_404_html_is_the_site_s_not_found_page(make_site: SiteFactory) -> None:
    """Jekyll's and Hexo's way to a custom "not found" page on GitHub Pages is a 404.md
    with `permalink: /404.html`; copied in, it failed the build as a clash with the
    theme's 404 page. It is the site's 404 page instead, unindexed like the theme's."""
    site = make_site({
        "content/posts/a.md": post("A", "2024-01-01"),
        "content/pages/404.md": "---\ntitle: 走丢了\npermalink: /404.html\n---\n"
                                "这里什么也没有，回 [首页](/) 看看。\n",
    }, config="title: T\nbase_url: https://me.github.io/blog/\n")  # fmt: skip
    result = build_site(site)
    assert result.ok, result.report.sorted()
    page = read(site, "404.html")
    assert "这里什么也没有" in page and "SIGNAL LOST" not in page
    assert 'href="/blog/"' in page  # its links work at any missing address
    assert '<meta name="robots" content="noindex">' in page
    assert 'rel="canonical"' not in page
    assert "404" not in read(site, "sitemap.xml")


def test_a_bundle_served_at_the_site_root_keeps_its_images(make_site: SiteFactory) -> None:
    """A page bundle at a file of the site's root (Jekyll's about.md at /about.html, as the
    import writes it, or a 404.md) with an image beside it stopped the build with a
    traceback ("output path escapes the output folder: /me.png"); the image is published
    beside the page, at the root."""
    from notebooks import png_bytes

    site = make_site({
        "content/pages/about/index.md": "---\ntitle: About\npermalink: /about.html\n---\n"
                                        "![me](me.png)\n",
        "content/pages/about/me.png": png_bytes(3, 2),
        "content/pages/404/index.md": "---\ntitle: Lost\npermalink: /404.html\n---\n"
                                      "![lost](lost.png)\n",
        "content/pages/404/lost.png": png_bytes(4, 4),
    }, config="title: T\nbase_url: https://me.github.io/blog/\n")  # fmt: skip
    result = build_site(site)
    assert result.ok, result.report.sorted()
    assert 'src="/blog/me.png"' in read(site, "about.html")
    assert 'src="/blog/lost.png"' in read(site, "404.html")  # at any missing address
    assert (site / "public/me.png").read_bytes() == png_bytes(3, 2)
    assert (site / "public/lost.png").read_bytes() == png_bytes(4, 4)


def test_a_bad_or_taken_permalink_is_an_error_at_its_line(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\npermalink: /x/../../etc/\n"
                              "---\nx\n",
        "content/posts/b.md": "---\ntitle: B\ndate: 2024-01-02\npermalink: /notes/same/\n"
                              "---\nx\n",
        "content/posts/c.md": "---\ntitle: C\ndate: 2024-01-03\n\npermalink: /notes/same\n"
                              "---\nx\n",
        "content/posts/d.md": "---\ntitle: D\ndate: 2024-01-04\npermalink: /tags/\n---\nx\n",
        "content/posts/e.md": "---\ntitle: E\ndate: 2024-01-05\npermalink: /e.json\n---\nx\n",
    })  # fmt: skip
    result = build_site(site)
    assert [str(e) for e in result.report.errors] == [
        "content/posts/a.md:4: permalink: '/x/../../etc/' has a . or .. part; give the path "
        "from the site's root",
        "content/posts/e.md:4: permalink: '/e.json' is not a page's address: a server sends a "
        "file of that name as what its suffix says, not as a page",
    ]
    for name in "ae":
        (site / f"content/posts/{name}.md").unlink()
    assert [str(e) for e in build_site(site).report.errors] == [
        "content/posts/b.md:4: URL /notes/same/ is also used by content/posts/c.md (change one "
        "`permalink:`)",
    ]
    (site / "content/posts/c.md").unlink()
    assert [str(e) for e in build_site(site).report.errors] == [
        "content/posts/d.md:4: URL /tags/ is also the list of tags (change its `permalink:`)",
    ]
    assert not (site / "public").exists()


def test_duplicate_urls_name_both_files(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\nslug: same\n---\nx\n",
        "content/posts/b.md": "---\ntitle: B\ndate: 2024-01-02\nslug: same\n---\nx\n",
    })  # fmt: skip
    result = build_site(site)
    assert not result.ok
    message = str(result.report.errors[0])
    assert "content/posts/a.md" in message and "content/posts/b.md" in message


def test_pages_built_outside_the_feed(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": post("A", "2024-01-01"),
        "content/pages/about.md": "---\ntitle: About me\n---\n关于本站。\n",
    })  # fmt: skip
    assert build_site(site).ok
    assert "关于本站" in read(site, "about/index.html")
    assert "About me" not in read(site, "index.html")


def test_archive_by_year(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": post("Alpha", "2023-05-01"),
        "content/posts/b.md": post("Beta", "2024-05-01"),
    })  # fmt: skip
    assert build_site(site).ok
    archive = read(site, "archives/index.html")
    assert archive.index("2024") < archive.index("2023")
    assert "Beta" in read(site, "archives/2024/index.html")
    assert "Alpha" not in read(site, "archives/2024/index.html")


def test_the_archives_of_a_one_year_site_are_its_year_s_page_in_the_sitemap_too(
    make_site: SiteFactory,
) -> None:
    """With posts of one year, /archives/ is /archives/2024/ byte for byte, and says so with
    its canonical link; the sitemap listed both, giving search engines a duplicate."""
    canonical = re.compile(r'<link rel="canonical" href="([^"]+)">')

    def sitemap() -> list[str]:
        return [
            u
            for u in re.findall(r"<loc>([^<]+)</loc>", read(site, "sitemap.xml"))
            if "/archives/" in u
        ]

    site = make_site({"content/posts/a.md": post("A", "2024-01-01"),
                      "content/posts/b.md": post("B", "2024-06-01")})  # fmt: skip
    assert build_site(site).ok
    assert read(site, "archives/index.html") == read(site, "archives/2024/index.html")
    assert canonical.findall(read(site, "archives/index.html")) == [
        "https://t.example/archives/2024/"
    ]
    assert sitemap() == ["https://t.example/archives/2024/"]

    (site / "content/posts/c.md").write_text(post("C", "2025-01-01"), "utf-8")
    assert build_site(site).ok  # a second year: the archives are a page of their own
    assert canonical.findall(read(site, "archives/index.html")) == ["https://t.example/archives/"]
    for year in ("2024", "2025"):
        assert canonical.findall(read(site, f"archives/{year}/index.html")) == [
            f"https://t.example/archives/{year}/"
        ]
    assert sitemap() == [
        "https://t.example/archives/",
        "https://t.example/archives/2025/",
        "https://t.example/archives/2024/",
    ]


def test_math_error_is_a_warning_not_a_failure(make_site: SiteFactory) -> None:
    site = make_site({"content/posts/a.md": post("A", "2024-01-01", body="bad $\\frac{a$ here")})
    result = build_site(site)
    assert result.ok
    [message] = [str(w) for w in result.report.warnings]
    assert message.startswith("content/posts/a.md:7: warning: math:")
    assert 'class="math-error"' in read(site, "posts/a/index.html")
    assert not build_site(site, strict=True).ok


def test_head_has_description_canonical_open_graph_and_feed(make_site: SiteFactory) -> None:
    site = make_site(
        {"content/posts/a.md": post("Attention & more", "2024-01-01", body="注意力。")}
    )
    assert build_site(site).ok
    page = read(site, "posts/a/index.html")
    for tag in (
        "<title>Attention &amp; more · Test site</title>",
        '<meta name="description" content="注意力。">',
        '<link rel="canonical" href="https://t.example/posts/a/">',
        '<meta property="og:title" content="Attention &amp; more">',
        '<meta property="og:type" content="article">',
        '<meta property="og:url" content="https://t.example/posts/a/">',
        '<meta name="twitter:card" content="summary">',
        '<meta property="article:tag" content="注意力">',
        '<link rel="alternate" type="application/atom+xml" title="Test site" href="/atom.xml">',
        '<link rel="icon" href="/favicon.svg" type="image/svg+xml">',
    ):
        assert tag in page, tag


def test_a_listing_s_link_preview_names_the_listing(make_site: SiteFactory) -> None:
    """A tag, category, archive or search page shared in a chat showed the site's title
    alone in its preview (og:title, twitter:title), as the home page does; it names the
    page, as its <title> does."""
    site = make_site({"content/posts/a.md": post("A", "2024-01-01", "Deep Learning")})
    assert build_site(site).ok

    def preview(page: str) -> list[str]:
        html = read(site, page)
        return [
            re.search(rf'<meta (?:property|name)="{key}" content="([^"]*)">', html)[1]  # type: ignore[index]
            for key in ("og:title", "twitter:title")
        ]

    assert preview("categories/deep-learning/index.html") == ["分类：Deep Learning"] * 2
    assert preview("tags/注意力/index.html") == ["标签：注意力"] * 2
    assert preview("categories/index.html") == ["分类"] * 2
    assert preview("archives/index.html") == ["归档 2024"] * 2
    assert preview("search/index.html") == ["搜索"] * 2
    assert preview("index.html") == ["Test site"] * 2


def test_the_theme_speaks_the_site_s_language(make_site: SiteFactory) -> None:
    """A Chinese site's readers got "min read", "Older →", "No posts match" …"""
    files = {f"content/posts/p{i:02d}.md": post(f"P{i}", f"2024-01-{i + 1:02d}") for i in range(11)}
    files["content/posts/p00.md"] = post("P0", "2024-01-01", body="## 一\n\n正文\n\n## 二\n\n正文")
    site = make_site(files)  # language: zh-CN, the default
    assert build_site(site).ok
    post_page = read(site, "posts/p00/index.html")
    for words in ("约 1 分钟读完", "<summary>目录</summary>", "← 较新", ">跳到正文<",
                  "由 mlblog 生成", ">归档</a>", 'placeholder="搜索 (/)"', 'aria-label="深色模式"',
                  'data-no-match="没有与“{q}”相关的文章。"'):  # fmt: skip
        assert words in post_page, words
    assert "<title>标签：PyTorch · 第 2 页 · Test site</title>" in read(
        site, "tags/pytorch/page/2/index.html"
    )
    assert "这个页面不存在。看看" in read(site, "404.html")
    assert "LATEST UPDATES" in read(site, "index.html")  # the theme's headings stay


def test_a_site_says_the_theme_s_words_its_own_way(make_site: SiteFactory) -> None:
    """A Japanese (or any other) site had English words and no way to change them short of
    copying the templates; `words:` in site.yaml replaces any of them, fields filled in."""
    files = {f"content/posts/p{i:02d}.md": post(f"P{i}", f"2024-01-{i + 1:02d}") for i in range(11)}
    config = (
        "title: Test site\nlanguage: ja\nbase_url: https://t.example/\nwords:\n"
        '  min_read: "{n} 分で読めます"\n  page: "{n} ページ"\n  tag: タグ\n'
        '  search_placeholder: 検索（/）\n  no_match: "「{q}」に一致する記事はありません。"\n'
    )
    site = make_site(files, config=config)
    assert build_site(site).ok
    post_page = read(site, "posts/p00/index.html")
    said = ("1 分で読めます", 'placeholder="検索（/）"', ">Archives</a>",  # (not given: as it was)
            'data-no-match="「{q}」に一致する記事はありません。"')  # fmt: skip
    for words in said:
        assert words in post_page, words
    assert "<title>タグ: PyTorch · 2 ページ · Test site</title>" in read(
        site, "tags/pytorch/page/2/index.html"
    )


WORDY = """---
title: 词
date: 2024-01-01
---
正文[^1]，$\\frac{1}{$ 写错了。

::: warning
显存不够。
:::

::: tip 小技巧
先试小批量。
:::

[^1]: 注释。
"""


ZH_WORDS = [
    '<p class="admonition-title">注意</p>',
    '<span class="visually-hidden">提示: </span>小技巧',
    '<h2 class="visually-hidden">脚注</h2>',
    "(公式错误：",
]
EN_WORDS = [
    '<p class="admonition-title">Warning</p>',
    '<h2 class="visually-hidden">Footnotes</h2>',
    '<span class="visually-hidden"> (math error: ',
]
FR_WORDS = [  # a word given in site.yaml, and English ones marked as English
    '<p class="admonition-title">Attention</p>',
    '<span class="visually-hidden" lang="en">Tip: </span>小技巧',
    '<h2 class="visually-hidden" lang="en">Footnotes</h2>',
]


@pytest.mark.parametrize(
    ("config", "shown"),
    [
        ("language: zh-CN\n", ZH_WORDS),
        ("language: en\n", EN_WORDS),
        ("language: fr\nwords:\n  warning: Attention\n", FR_WORDS),
    ],
)
def test_a_post_s_own_words_are_the_site_s(
    make_site: SiteFactory, config: str, shown: list[str]
) -> None:
    """The words in a post's HTML (an admonition's kind, the footnotes' heading, a broken
    formula's message) were English on every site, visible in feed readers too."""
    site = make_site({"content/posts/w.md": WORDY}, config=f"title: T\n{config}")
    assert build_site(site, base_url="https://t.example/").ok
    page, feed = read(site, "posts/w/index.html"), read(site, "atom.xml")
    for words in shown:
        assert words in page, words
    kind = shown[0].split(">")[1].split("<")[0]  # the admonition's title
    assert f"&gt;{kind}&lt;/p&gt;" in feed


def test_generated_pages_have_titles_of_their_own_and_the_404_no_canonical(
    make_site: SiteFactory,
) -> None:
    files = {f"content/posts/p{i:02d}.md": post(f"P{i}", f"2024-01-{i + 1:02d}") for i in range(11)}
    files["content/posts/old.md"] = post("Old", "2023-05-01")
    site = make_site(files, config="title: Test site\nlanguage: en\nbase_url: https://t.example/\n")
    assert build_site(site).ok
    assert "<title>Archives 2023 · Test site</title>" in read(site, "archives/2023/index.html")
    assert "<title>Archives · Test site</title>" in read(site, "archives/index.html")
    tag_2 = read(site, "tags/pytorch/page/2/index.html")
    assert "<title>Tag: PyTorch · Page 2 · Test site</title>" in tag_2
    missing = read(site, "404.html")
    assert 'rel="canonical"' not in missing and 'property="og:url"' not in missing
    assert '<meta name="robots" content="noindex">' in missing


def test_link_previews_show_the_image_the_post_names_or_its_first(
    make_site: SiteFactory,
) -> None:
    site = make_site(
        {
            "content/posts/named/index.md": "---\ntitle: N\ndate: 2024-01-01\nimage: cover.png\n"
            "---\n![other](other.png)\n",
            "content/posts/named/cover.png": b"png",
            "content/posts/named/other.png": b"png",
            "content/posts/first.md": post("F", "2024-01-02", body="text ![fig](/img/fig.png)"),
            "content/posts/plain.md": post("P", "2024-01-03"),
            # Chirpy's form, copied by hand: it was passed over for the first image
            "content/posts/chirpy/index.md": "---\ntitle: C\ndate: 2024-01-04\nimage:\n"
            "  path: /img/cover.png\n  alt: A cover\n---\n![other](other.png)\n",
            "content/posts/chirpy/other.png": b"png",
            # Hexo's photos, which its open_graph helper makes the preview's picture
            "content/posts/hexo.md": "---\ntitle: H\ndate: 2024-01-05\n"
            "photos: [/img/banner.jpg]\n---\n![fig](/img/fig.png)\n",
        },
        config="title: T\nbase_url: https://me.github.io/notes/\n",
    )
    build_site(site)
    chirpy = read(site, "posts/chirpy/index.html")
    assert '<meta property="og:image" content="https://me.github.io/notes/img/cover.png">' in chirpy
    hexo = read(site, "posts/hexo/index.html")
    assert '<meta property="og:image" content="https://me.github.io/notes/img/banner.jpg">' in hexo
    named = read(site, "posts/named/index.html")
    assert (
        '<meta property="og:image" content="https://me.github.io/notes/posts/named/cover.png">'
        in named
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in named
    first = read(site, "posts/first/index.html")
    assert '<meta name="twitter:image" content="https://me.github.io/notes/img/fig.png">' in first
    plain = read(site, "posts/plain/index.html")
    assert "og:image" not in plain and '<meta name="twitter:card" content="summary">' in plain


def test_a_post_in_another_chinese_says_its_language_on_a_zh_cn_site(
    make_site: SiteFactory,
) -> None:
    """`lang: zh-HK` set <html lang> before the theme marked only the post's text; then
    the zh-HK post was read with the zh-CN voice, the primary subtags being alike."""
    site = make_site(
        {
            "content/posts/hk.md": "---\ntitle: 粵語筆記\ndate: 2024-01-01\nlang: zh-HK\n---\n"
                                   "佢哋用咗注意力。\n",
            "content/posts/zh.md": "---\ntitle: 笔记\ndate: 2024-01-02\nlang: zh\n---\n注意力。\n",
        },
        config="title: T\nlanguage: zh-CN\nbase_url: https://t.example/\n",
    )  # fmt: skip
    assert build_site(site).ok
    page = read(site, "posts/hk/index.html")
    assert '<h1 class="post-title" lang="zh-HK">粵語筆記</h1>' in page
    assert '<div class="post-body" lang="zh-HK">' in page
    assert '<div class="post-body">' in read(site, "posts/zh/index.html")  # zh on zh-CN: one


def test_an_english_post_on_a_chinese_site_says_so_to_link_previews_and_the_feed(
    make_site: SiteFactory,
) -> None:
    english = "Rotary embeddings rotate query and key vectors by position. " * 3
    site = make_site(
        {
            "content/posts/en.md": post("RoPE", "2024-01-01", body=english),
            "content/posts/zh.md": post("旋转", "2024-01-02", body="旋转位置编码把位置写进角度。"),
            # code and a link under a Chinese title: still a Chinese post
            "content/posts/code.md": post("代码片段：混合精度", "2024-01-03",
                                          body="```python\nx = 1\n```\n\nSee https://a.org/amp"),
            "content/posts/empty.md": post("空文", "2024-01-04"),
        },
        config="title: T\nlanguage: zh-CN\nbase_url: https://t.example/\n",
    )  # fmt: skip
    assert build_site(site).ok
    english_page = read(site, "posts/en/index.html")
    assert '<meta property="og:locale" content="en_US">' in english_page
    # the page around the post (menus, labels, dates) is the site's, Chinese: the post's
    # own text says it is English, so a screen reader reads each with its voice
    assert '<html lang="zh-CN">' in english_page
    assert '<h1 class="post-title" lang="en">RoPE</h1>' in english_page
    assert '<div class="post-body" lang="en">' in english_page
    for chinese in ("zh", "code", "empty"):
        page = read(site, f"posts/{chinese}/index.html")
        assert '<meta property="og:locale" content="zh_CN">' in page, chinese
        assert '<html lang="zh-CN">' in page, chinese
        assert '<div class="post-body">' in page, chinese
    assert '<span class="post-nav-title" lang="en">RoPE</span>' in read(site, "posts/zh/index.html")
    assert '<a href="/posts/en/" lang="en">RoPE</a>' in read(site, "archives/index.html")
    # the theme's own English headings on a Chinese site
    assert '<h1 id="feed-title" class="section-title" lang="en">LATEST UPDATES</h1>' in read(
        site, "index.html"
    )
    assert '<h1 id="archive-title" class="section-title" lang="en">ARCHIVES</h1>' in read(
        site, "archives/index.html"
    )
    docs = json.loads(read(site, "search.json"))["docs"]
    assert {doc["t"]: doc.get("l") for doc in docs} == {
        "RoPE": "en",
        "旋转": None,
        "代码片段：混合精度": None,
        "空文": None,
    }
    entries = re.findall(r"<entry[^>]*>", read(site, "atom.xml"))
    assert entries == ["<entry>", "<entry>", "<entry>", '<entry xml:lang="en">']


def test_tags_that_share_a_url_list_each_post_once_and_are_warned(
    make_site: SiteFactory,
) -> None:
    """ "C", "C#" and "C++" all slugify to c: one tag page, the post on it once, and a
    warning at the tags line for each name shown under another."""
    text = '---\ntitle: Languages\ndate: 2025-01-10\ntags: [C, "C#", "C++"]\n---\nbody\n'
    site = make_site({"content/posts/langs.md": text})
    result = build_site(site)
    assert result.ok
    assert [str(d) for d in result.report.warnings] == [
        f'content/posts/langs.md:4: warning: tag "{name}" has the same URL as "C" (/tags/c/): '
        'both are listed as "C" (rename one to keep them apart)'
        for name in ("C#", "C++")
    ]
    assert read(site, "tags/c/index.html").count('href="/posts/langs/"') == 1
    assert '>C <span class="count">1<span class="visually-hidden"> 篇</span></span>' in read(
        site, "tags/index.html"
    )
    assert read(site, "posts/langs/index.html").count('href="/tags/c/"') == 1


def test_a_term_is_named_as_most_posts_spell_it_everywhere(make_site: SiteFactory) -> None:
    site = make_site({
        "content/posts/a.md": post("A", "2024-01-01", category="Deep Learning"),
        "content/posts/b.md": post("B", "2024-02-01", category="Deep Learning"),
        "content/posts/c.md": post("C", "2024-03-01", category="deep-learning"),  # the newest
    })  # fmt: skip
    result = build_site(site)
    assert result.ok and not result.report.warnings  # one name, spelt two ways
    for page in ("posts/c/index.html", "index.html", "categories/index.html"):
        shown = read(site, page)
        assert ">Deep Learning" in shown and ">deep-learning" not in shown
    feed = feedparser.parse(read(site, "atom.xml"))
    assert {tag.term for entry in feed.entries for tag in entry.tags} >= {"Deep Learning"}
    assert "deep-learning" not in {tag.term for entry in feed.entries for tag in entry.tags}
    search = read(site, "search.json")
    assert search.count('"c":"Deep Learning"') == 3 and '"c":"deep-learning"' not in search


def test_a_base_url_without_host_is_warned_in_build_but_not_in_serve(
    make_site: SiteFactory,
) -> None:
    """The sitemap's <loc>, the feed's <id> and robots.txt's Sitemap: must be absolute."""
    site = make_site({"content/posts/a.md": post("A", "2024-01-01")},
                     config="title: T\nbase_url: /repo/\n")  # fmt: skip
    result = build_site(site)
    assert result.ok
    assert [str(d) for d in result.report.warnings] == [
        'site.yaml:2: warning: base_url "/repo/" has no scheme and host, which the sitemap, the '
        "Atom feed and canonical links need (set it to the full address, such as "
        "https://you.github.io/notes/)"
    ]
    assert not build_site(site, base_url="https://me.github.io/repo/").report.warnings
    assert not build_site(site, serving=True).report.warnings


def test_a_page_at_a_url_the_site_makes_a_page_for_is_an_error(make_site: SiteFactory) -> None:
    """Hexo sites often have their own tags and archives pages: only one page could be
    written there, so neither is chosen in silence."""
    site = make_site({
        "content/pages/tags.md": "---\ntitle: My tags\n---\nMine.\n",
        "content/pages/archives.md": "---\ntitle: My archives\n---\nMine.\n",
        "content/posts/a.md": post("A", "2024-01-01"),
    })  # fmt: skip
    result = build_site(site)
    assert not result.ok and not (site / "public").exists()
    assert [str(d) for d in result.report.sorted()] == [
        f"content/pages/{name}.md: URL /{name}/ is also {what} (change its `slug:`, or "
        "`permalinks:` in site.yaml)"
        for name, what in (("archives", "the archives"), ("tags", "the list of tags"))
    ]


def test_a_category_and_a_tag_at_one_url_is_an_error(make_site: SiteFactory) -> None:
    config = "title: T\nbase_url: https://t.example/\npermalinks:\n  category: /x/:slug/\n"
    site = make_site({"content/posts/a.md": post("A", "2024-01-01", category="PyTorch")},
                     config=config + "  tag: /x/:slug/\n")  # fmt: skip
    result = build_site(site)
    assert [str(d) for d in result.report.errors] == [
        'site.yaml:5: URL /x/pytorch/ is both the category "PyTorch" and the tag "PyTorch" '
        "(change `permalinks:` so that they differ)"
    ]
    (site / "site.yaml").write_text(config + "  tag: /t/:slug/\n", "utf-8")
    assert build_site(site).ok


@pytest.mark.parametrize(
    ("base_url", "warned"),
    [
        ("https://me.github.io/notes/", True),
        ("https://notes.example.com/", False),
        ("https://NOTES.example.com/", False),
    ],
)
def test_a_custom_domain_base_url_does_not_name_is_warned(
    make_site: SiteFactory, base_url: str, warned: bool
) -> None:
    """GitHub Pages serves the site at static/CNAME's domain; with another base_url every
    canonical link, the feed and the sitemap gave the old address."""
    files = {"static/CNAME": "notes.example.com\n", "content/posts/a.md": post("A", "2024-01-01")}
    site = make_site(files)
    result = build_site(site, base_url=base_url)
    assert result.ok and read(site, "CNAME") == "notes.example.com\n"
    said = [str(d) for d in result.report.warnings]
    expected = (
        'static/CNAME:1: warning: names the domain "notes.example.com", but base_url is '
        f'"{base_url}": links, the feed and the sitemap give the old address (set base_url '
        "to https://notes.example.com/)"
    )
    assert said == ([expected] if warned else []), said


def test_a_post_without_a_title_is_titled_from_its_file_name_as_jekyll_does(
    make_site: SiteFactory,
) -> None:
    """`2023-05-01-marschner-hair.md` read "marschner hair" on the home page and in its
    tab, where Jekyll shows "Marschner Hair"; a note named as a title keeps its name."""
    site = make_site({
        "content/posts/2023-05-01-marschner-hair.md": "---\ndate: 2023-05-01\n---\nHair.\n",
        "content/posts/Attention 机制 for beginners.md": "---\ndate: 2023-05-02\n---\nA.\n",
        "content/posts/kv-cache.md": "---\ndate: 2023-05-03\n---\nKV.\n",
    })  # fmt: skip
    assert build_site(site).ok
    home = read(site, "index.html")
    titles = re.findall(r'class="post-item-title"><a [^>]*>([^<]*)</a>', home)
    assert titles == ["Kv Cache", "Attention 机制 for beginners", "Marschner Hair"]
    assert "<title>Marschner Hair · " in read(site, "posts/marschner-hair/index.html")
