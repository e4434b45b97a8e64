"""The prebuilt search index, made by lunr.js in node, shaped for the search page.

The index is built by the code that reads it: lunr.js (npm `lunr`, the version the
site serves) and the theme's tokenizer (theme/static/assets/js/search-tokens.js, which
also tokenizes the reader's queries), in a node process (build_index.js) that runs
while the build templates its pages. Built in Python with lunr.py, the same index
took ~3× the CPU, and every difference between the two lunr implementations (stemmer,
trimmer, term order) was one more thing to keep in step.

What is indexed (a full-body index measured 7.9 MB gzipped per 1,000 posts):
title (boost 10), tags (5), category (3), headings (2) and the opening of the
post's prose (render.result.OPENING_CHARS characters, code and math excluded).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mlblog.diagnostics import MlblogError, error
from mlblog.theme_files import THEME_DIR

FIELDS = (("title", 10), ("tags", 5), ("category", 3), ("headings", 2), ("text", 1))
BUILDER = Path(__file__).with_name("build_index.js")
TOKENIZER = THEME_DIR / "static" / "assets" / "js" / "search-tokens.js"


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One post as the search sees it; `url` is the href to link to."""

    url: str
    title: str
    date: str
    category: str
    tags: tuple[str, ...]
    headings: tuple[str, ...]
    text: str  # the opening of the prose
    excerpt: str  # shown under a result


class IndexBuild:
    """The index JSON being made in node, from now on; `result()` waits for it and gives
    `{"index": <lunr.js 2.3.9 index>, "docs": [...]}` as compact UTF-8 JSON (`<`, `>`
    and `&` escaped) and its size after gzip -6 (what the build summary reports)."""

    def __init__(self, docs: Sequence[SearchDoc], lunr_dir: Path) -> None:
        node = shutil.which("node")
        if node is None:
            raise MlblogError(error("search", None, "Node.js is needed to build the search index"))
        self._process = subprocess.Popen(
            [node, str(BUILDER), str(lunr_dir / "lunr.js"), str(TOKENIZER)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        self._output: tuple[bytes, bytes] = (b"", b"")
        self._talk = threading.Thread(target=self._communicate, args=(docs,), daemon=True)
        self._talk.start()  # the build goes on while node reads, indexes and answers

    def _communicate(self, docs: Sequence[SearchDoc]) -> None:
        shown = [
            {"u": d.url, "t": d.title, "d": d.date, "c": d.category, "e": d.excerpt,
             "tags": d.tags, "headings": d.headings, "text": d.text}
            for d in docs
        ]  # fmt: skip
        request = json.dumps({"fields": FIELDS, "docs": shown}, ensure_ascii=False)
        try:
            self._output = self._process.communicate(request.encode("utf-8", "surrogatepass"))
        except OSError as exc:  # node died before reading it all
            self._output = (b"", str(exc).encode())

    def result(self) -> tuple[bytes, int]:
        self._talk.join()
        out, err = self._output
        size, _, data = out.partition(b"\n")
        if self._process.returncode != 0 or not size.isdigit():
            lines = err.decode("utf-8", "replace").strip().splitlines() or ["no output"]
            reason = next((line for line in lines if "Error" in line), lines[-1])
            raise MlblogError(error("search", None, f"building the search index failed: {reason}"))
        return data, int(size)

    def cancel(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._talk.join()


def build_search_index(docs: Sequence[SearchDoc], lunr_dir: Path) -> tuple[bytes, int]:
    """The index JSON and its gzipped size, made now."""
    return IndexBuild(docs, lunr_dir).result()
