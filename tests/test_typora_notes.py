"""Notes written in Typora or Obsidian on Windows, as their authors saw them there."""

from __future__ import annotations

import re

from conftest import SiteFactory, build_site, read

SVG = "<svg xmlns='http://www.w3.org/2000/svg'/>"


def test_an_image_path_with_windows_separators_is_found_and_copied(
    make_site: SiteFactory,
) -> None:
    """Typora on Windows writes `.\\pics\\p1.png`; Markdown kept the backslashes
    (`.%5Cpics%5Cp1.png`), the build warned "image not found", the page's image was broken."""
    body = (
        "![图1](.\\pics\\p1.svg)\n\n![](assets\\image-20240101.svg)\n\n"
        '<img src=".\\pics\\p2.svg" width="60%">\n\n'
        "见 [上一篇](older\\prev.md#why).\n"
    )
    site = make_site({
        "content/posts/attn.md": f"---\ntitle: 注意力\ndate: 2024-01-02\n---\n{body}",
        "content/posts/pics/p1.svg": SVG,
        "content/posts/pics/p2.svg": SVG,
        "content/posts/assets/image-20240101.svg": SVG,
        "content/posts/older/prev.md": "---\ntitle: Prev\ndate: 2024-01-01\n---\n## Why\n",
    })  # fmt: skip
    result = build_site(site)
    assert result.ok and not result.report.warnings, [str(w) for w in result.report.items]
    page = read(site, "posts/attn/index.html")
    assert re.findall(r'<img src="([^"]*)"', page) == [
        "/posts/attn/pics/p1.svg",
        "/posts/attn/assets/image-20240101.svg",
        "/posts/attn/pics/p2.svg",
    ]
    for copied in ("pics/p1.svg", "pics/p2.svg", "assets/image-20240101.svg"):
        assert (site / "public/posts/attn" / copied).exists()
    assert 'href="/posts/prev/#why">上一篇</a>' in page


def test_backslash_escapes_in_a_path_keep_their_markdown_meaning(make_site: SiteFactory) -> None:
    """`\\(` escapes a parenthesis: the file is `fig(1).svg`, not a folder `fig/`."""
    body = "![a](pics/fig\\(1\\).svg)\n"
    site = make_site({
        "content/posts/a.md": f"---\ntitle: A\ndate: 2024-01-01\n---\n{body}",
        "content/posts/pics/fig(1).svg": SVG,
    })  # fmt: skip
    result = build_site(site)
    assert result.ok and not result.report.warnings, [str(w) for w in result.report.items]
    assert (site / "public/posts/a/pics/fig(1).svg").exists()
