"""Addresses that only worked on the author's own computer: images Typora pasted into its
folder under the user's home (`C:\\Users\\…\\typora-user-images\\…`), and links to the local
preview server (`http://localhost:4000/…`). Readers got broken images and dead links,
and no warning said why."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from conftest import SiteFactory, build_site, read
from mlblog.render.result import Rendered
from notebooks import png_bytes

Render = Callable[..., Rendered]
POST = "---\ntitle: Notes\ndate: 2024-01-01\n---\n{body}\n"


def test_an_image_on_the_author_s_computer_is_found_by_its_name(make_site: SiteFactory) -> None:
    body = (
        "损失曲线：\n\n"
        "![loss](C:\\Users\\li\\AppData\\Roaming\\Typora\\typora-user-images\\loss-0312.png)\n\n"
        '<img src="/Users/li/Library/Application Support/typora-user-images/grad.png" '
        'style="zoom:50%;" />\n\n'
        "![gone](D:/notes/pics/missing-0101.png)\n"
    )
    site = make_site({
        "content/posts/notes.md": POST.format(body=body),
        "content/posts/loss-0312.png": png_bytes(8, 4),
        "content/images/grad.png": png_bytes(6, 3),
    })  # fmt: skip
    result = build_site(site)
    assert result.ok
    assert [str(w) for w in result.report.sorted()] == [
        "content/posts/notes.md:11: warning: image D:/notes/pics/missing-0101.png is a file on "
        "its author's computer, which readers cannot load: copy missing-0101.png beside the "
        "post (found there by its name)"
    ]
    page = read(site, "posts/notes/index.html")
    assert re.findall(r'<img src="([^"]*)"', page) == [
        "/posts/notes/loss-0312.png",
        "/posts/notes/grad.png",
        "missing-0101.png",
    ]
    assert (site / "public/posts/notes/loss-0312.png").is_file()
    assert (site / "public/posts/notes/grad.png").is_file()


def test_a_link_to_the_local_preview_server_goes_to_the_site(make_site: SiteFactory) -> None:
    body = (
        "见[上一篇](http://localhost:4000/posts/older/#损失函数)，"
        "图在![](http://127.0.0.1:4000/img/a.png)。\n"
    )
    site = make_site({
        "content/posts/notes.md": POST.format(body=body),
        "content/posts/older.md": "---\ntitle: Older\ndate: 2023-01-01\n---\n## 损失函数\n",
        "static/img/a.png": png_bytes(4, 4),
    })  # fmt: skip
    result = build_site(site)
    assert result.ok and not result.report.sorted()
    page = read(site, "posts/notes/index.html")
    assert f'<a href="/posts/older/#{quote("损失函数")}">上一篇</a>' in page
    assert '<img src="/img/a.png"' in page


def test_an_image_path_with_spaces_is_an_image_as_typora_shows_it(make_site: SiteFactory) -> None:
    """Typora writes a path as it is, spaces and all (on a Mac every pasted image is under
    `Application Support`); the page showed `![…](…)` as text, with no warning."""
    body = (
        "![截屏 0312](/Users/li/Library/Application Support/typora-user-images/截屏 0312.png)\n\n"
        '![曲线](figs/loss curve.png "训练损失")\n\n'
        "[not an image](notes on training.md) is a link; ![x](a b) stays as written.\n"
    )
    site = make_site({
        "content/posts/notes.md": POST.format(body=body),
        "content/posts/截屏 0312.png": png_bytes(8, 4),
        "content/posts/figs/loss curve.png": png_bytes(6, 3),
    })  # fmt: skip
    result = build_site(site)
    assert result.ok  # the linked note is not there (test_typora_notes: links with spaces)
    assert [w.message for w in result.report.sorted()] == [
        "link to a missing post: notes on training.md"
    ]
    page = read(site, "posts/notes/index.html")
    assert re.findall(r'<img src="([^"]*)"[^>]*alt="([^"]*)"', page) == [
        (f"/posts/notes/{quote('截屏 0312.png')}", "截屏 0312"),
        ("/posts/notes/figs/loss%20curve.png", "曲线"),
    ]
    assert "<figcaption>训练损失</figcaption>" in page
    assert '<a href="notes%20on%20training.md">not an image</a> is a link; ![x](a b) stays' in page
    assert (site / "public/posts/notes/figs/loss curve.png").is_file()


def test_a_link_to_a_server_the_reader_runs_stays_as_written(render: Render) -> None:
    """TensorBoard at localhost:6006 or Jupyter at 8888 is the reader's own, as the note
    means: only the old blog's preview ports (4000, 1313) stand for the site."""
    done = render(
        "打开 [TensorBoard](http://localhost:6006/#scalars) 或 http://127.0.0.1:8888/tree\n"
    )
    assert '<a href="http://localhost:6006/#scalars">' in done.html
    assert '<a href="http://127.0.0.1:8888/tree">' in done.html


def test_a_note_on_running_the_preview_server_keeps_its_addresses(render: Render) -> None:
    """A post on setting up the blog tells readers to open the preview on their own
    computer: its front page, and any address written out as the link's text."""
    done = render(
        "运行 `hexo s` 后打开 [预览](http://localhost:4000/)，"
        "或 <http://localhost:4000/about/>，或 http://localhost:1313/posts/\n"
    )
    assert '<a href="http://localhost:4000/">预览</a>' in done.html
    assert '<a href="http://localhost:4000/about/">' in done.html
    assert '<a href="http://localhost:1313/posts/">' in done.html
