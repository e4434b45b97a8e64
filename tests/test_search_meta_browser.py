"""Why a post came: a category or tag that matched the query is shown, marked, under
its title (searched in headless chromium)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from browser import serve_built
from searching import search, write_posts


def meta(page: Page) -> list[tuple[str, list[str]]]:
    shown = page.locator("#search-page-results .search-result-meta").all()
    return [(m.inner_text(), m.locator("mark").all_inner_texts()) for m in shown]


def test_a_post_found_by_its_category_or_tag_says_so(page: Page, tmp_path: Path) -> None:
    """Searching a category (工程) or a tag (Transformer) listed posts with nothing marked
    anywhere: the category was shown unmarked and the tags not at all."""
    write_posts(tmp_path, {
        "vram": ("训练时显存都去哪了", "category: 工程\ntags: [GPU, 显存]\n", "参数和激活值。"),
        "amp": ("混合精度训练", "category: 工程\ntags: [fp16]\n", "用 fp16 做前向。"),
        "attn": ("注意力", "category: 深度学习\ntags: [Transformer, 基础]\n", "加权求和。"),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert sorted(search(page, url, "工程")) == ["混合精度训练", "训练时显存都去哪了"]
        dates = ["2024-01-01", "2024-01-02"]
        assert sorted(meta(page)) == [(f"{day} · 工程", ["工程"]) for day in dates]
        assert search(page, url, "transformers") == ["注意力"]
        assert meta(page) == [("2024-01-03 · 深度学习 · #Transformer", ["Transformer"])]
        assert search(page, url, "加权") == ["注意力"]
        assert meta(page) == [("2024-01-03 · 深度学习", [])]  # no tag matched: none shown


def test_a_short_latin_word_beside_chinese_is_marked(page: Page, tmp_path: Path) -> None:
    """KL of KL散度 and KV of 用KV缓存 were found but not marked: a word of two letters is
    marked only where it stands alone, and a Chinese character counted as a letter."""
    write_posts(tmp_path, {
        "kl": ("KL散度与交叉熵", "", "用KV缓存时，KL散度照样算；OKL 不算。"),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "KL散度") == ["KL散度与交叉熵"]
        title = page.locator("#search-page-results .search-result-title mark")
        assert title.all_inner_texts() == ["KL散度"]
        assert search(page, url, "kv") == ["KL散度与交叉熵"]
        snippet = page.locator("#search-page-results .search-result-snippet mark")
        assert snippet.all_inner_texts() == ["KV"]
        assert search(page, url, "kl") == ["KL散度与交叉熵"]
        assert snippet.all_inner_texts() == ["KL"]  # not the KL of OKL
