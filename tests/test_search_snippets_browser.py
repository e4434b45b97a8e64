"""A search result's snippet, as a reader sees it: cut out of the post's excerpt around
the first match, never through a word or a placeholder."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page

from browser import serve_built
from searching import search, write_posts

# Words of 10 letters, one [Math] after every fifth: each query below starts the snippet
# at another place in a word or a placeholder, and ends it at another.
WORDS = [f"word{n:03d}end" for n in range(30)]
BODY = " ".join(word + (" $x$" if n % 5 == 4 else "") for n, word in enumerate(WORDS))


def test_a_snippet_starts_and_ends_between_words_and_placeholders(
    page: Page, tmp_path: Path
) -> None:
    """The snippet was cut 50 characters before the match and 170 after its start, where
    they fell: "…d007end" and "word019e…", "…ath] word010end" and "[Ma…"."""
    write_posts(tmp_path, {"w": ("Words", "", BODY)})
    pieces: list[str] = []
    with serve_built(tmp_path, "https://t.example/") as url:
        for word in WORDS[6:17]:
            assert search(page, url, word) == ["Words"]
            shown = page.locator(".search-result-snippet").inner_text().replace("\u200b", "")
            assert shown.startswith("…") and shown.endswith("…"), shown  # the case: cut
            pieces += re.split(r"\s+", shown.strip("…").strip())
    whole = set(WORDS) | {"[Math]"}
    assert [piece for piece in pieces if piece not in whole] == []
