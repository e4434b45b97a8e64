"""Page numbers under a listing: all of them for a few pages, elided around the current
one for many (`1 … 4 5 [6] 7 8 … 98`), so no page carries a link to every other page."""

from __future__ import annotations

import pytest

from mlblog.views import Pager


def shown(number: int, total: int) -> str:
    return " ".join(
        "…" if n is None else f"[{n}]" if n == number else str(n)
        for n, _ in Pager(number, total, "/").pages
    )


@pytest.mark.parametrize(
    ("number", "total", "expected"),
    [
        (1, 1, "[1]"),
        (1, 3, "[1] 2 3"),
        (3, 3, "1 2 [3]"),
        (4, 7, "1 2 3 [4] 5 6 7"),  # a gap of one page shows that page
        (1, 98, "[1] 2 3 … 98"),
        (6, 98, "1 … 4 5 [6] 7 8 … 98"),
        (98, 98, "1 … 96 97 [98]"),
    ],
)
def test_page_numbers(number: int, total: int, expected: str) -> None:
    assert shown(number, total) == expected


def test_links_point_at_their_pages() -> None:
    pager = Pager(2, 40, "/tags/cuda/")
    links = dict(pager.pages)
    assert links[1] == "/tags/cuda/" and links[4] == "/tags/cuda/page/4/"
    assert links[40] == "/tags/cuda/page/40/"
    assert len(pager.pages) <= 2 * 2 + 5  # bounded, however many pages there are
