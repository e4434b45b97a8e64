"""What counts as a word and how it ranks, searched in headless chromium: Greek letters,
names with a version number, one Chinese character, a pasted sentence, and marks after
a letter whose lower case is longer than itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from browser import serve_built
from searching import search, write_posts


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert errors == []


def marks(page: Page, where: str = ".search-result") -> list[str]:
    return page.locator(f"#search-page-results {where} mark").all_inner_texts()


def test_greek_letters_are_word_letters(page: Page, tmp_path: Path) -> None:
    """μP found nothing (μ was a separator, leaving p), β-VAE found every VAE post and α
    was no query at all."""
    write_posts(tmp_path, {
        "mup": ("μP：超参数随宽度迁移", "", "用 μP 参数化，小模型上调好的学习率能搬到大模型。"),
        "bvae": ("β-VAE 与解耦表示", "", "β 大于 1 时 KL 项的权重更大。"),
        "vae": ("VAE 入门", "", "变分自编码器把 ELBO 拆成重构项和 KL 项。"),
        "lr": ("学习率调度", "", "学习率 α 先线性升高，再按余弦下降。"),
        "top": ("top-p 采样", "", "只在累计概率达到 p 的词里采样。"),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "μP") == ["μP：超参数随宽度迁移"]
        assert marks(page, ".search-result-title") == ["μP"]
        assert search(page, url, "µp") == ["μP：超参数随宽度迁移"]  # a keyboard's micro sign
        assert search(page, url, "β-VAE") == ["β-VAE 与解耦表示"]
        assert marks(page, ".search-result-title") == ["β-VAE"]
        assert search(page, url, "α") == ["学习率调度"]
        assert marks(page, ".search-result-snippet") == ["α"]
        assert sorted(search(page, url, "VAE")) == ["VAE 入门", "β-VAE 与解耦表示"]


def test_marks_after_a_dotted_capital_i_land_on_the_match(page: Page, tmp_path: Path) -> None:
    """İ lower-cases to two characters (i and a combining dot): every mark after it fell
    one character late (议笔 for 会议)."""
    write_posts(tmp_path, {
        "ist": ("İstanbul 会议笔记", "", "İzmir 和 İstanbul 两场报告都讲了 attention。"),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "会议") == ["İstanbul 会议笔记"]
        assert marks(page) == ["会议"]
        assert search(page, url, "attention") == ["İstanbul 会议笔记"]
        assert marks(page) == ["attention"]
        assert search(page, url, "İstanbul") == ["İstanbul 会议笔记"]
        assert marks(page) == ["İstanbul", "İstanbul"]
