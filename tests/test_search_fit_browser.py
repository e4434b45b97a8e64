"""Search on a phone: what the reader typed, echoed back, stays inside the screen."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, ViewportSize, expect

from browser import serve_built
from conftest import REPO

PHONE: ViewportSize = {"width": 390, "height": 844}
# What a reader pastes: a link, a dotted name. Neither has a space to break the line at,
# and no demo post has them (scaled_dot_product_attention_backward, once here, now finds
# the posts whose code calls scaled_dot_product_attention).
LONG_QUERIES = [
    "https://github.com/pytorch/pytorch/blob/main/torch/nn/functional.py",
    "megatron.core.tensor_parallel.gather_from_sequence_parallel_region",
]

# The status line's box, the part of it that is hidden, and the page's width.
FIT = """status => {
    const box = status.getBoundingClientRect();
    return {left: box.left, right: box.right, hidden: status.scrollWidth - status.clientWidth,
            page: document.documentElement.scrollWidth};
}"""


@pytest.fixture(scope="module")
def demo_url() -> Iterator[str]:
    with serve_built(REPO, "https://example.github.io/ml-notes/") as url:
        yield url


@pytest.mark.parametrize("query", LONG_QUERIES)
def test_a_long_query_with_no_match_is_said_within_a_phone_s_screen(
    browser: Browser, demo_url: str, query: str
) -> None:
    """The "No posts match “…”" line echoed a pasted link unbroken: the search page scrolled
    sideways to 583 px, and the header's results cut the link off at their edge."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{demo_url}search/?q={quote(query, safe='')}")
        status = page.locator("#search-page-results .search-status")
        expect(status).to_contain_text(query, timeout=15_000)
        fit = status.evaluate(FIT)
        assert fit["page"] <= PHONE["width"], fit
        assert fit["hidden"] <= 0 and fit["right"] <= PHONE["width"], fit

        page.goto(demo_url + "posts/lora/")
        page.fill("#site-search-input", query)
        status = page.locator("#site-search-results .search-status")
        expect(status).to_contain_text(query, timeout=15_000)
        fit = status.evaluate(FIT)
        assert fit["hidden"] <= 0 and fit["left"] >= 0 and fit["right"] <= PHONE["width"], fit
    finally:
        context.close()
