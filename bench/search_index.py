"""Search index build time and size: `python -m bench.search_index [N ...]` (default 1000 10000).

Builds a generated N-post site once (to get each post's search fields), then times
building the search JSON alone and reports its size, raw and gzipped. Indexed: title,
tags, category, headings, the first 300 characters of prose (code and math excluded)
and the names of parts in code blocks (render.code_names).
"""

from __future__ import annotations

import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import generate
from mlblog.pipeline import BuildOptions, SiteBuilder
from mlblog.search.index import build_search_index


def measure(count: int, repeats: int = 3) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        site = generate(Path(tmp) / "site", count)
        with SiteBuilder(BuildOptions(site_dir=site), defer_search=True) as builder:
            output, _ = builder.build()
            assert output is not None and builder._search.last is not None
            docs = builder._search.last[0]
    times, data = [], b""
    for _ in range(repeats):
        started = time.perf_counter()
        data = build_search_index(docs)
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(data), len(gzip.compress(data, 9))


def main() -> None:
    for count in [int(a) for a in sys.argv[1:]] or [1000, 10000]:
        seconds, raw, packed = measure(count)
        print(
            f"search index at N={count}: built in {seconds:.2f} s (median of 3), "
            f"{raw / 1e6:.2f} MB, {packed / 1e6:.2f} MB gzipped (target at N=1000: ≤ 1.5 MB)"
        )


if __name__ == "__main__":
    main()
