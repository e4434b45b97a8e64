"""Markdown → HTML fixtures (markdown-it-py's fixture format), one file per theme.

Math goes to a recording engine, so the expected HTML shows exactly which TeX reaches
KaTeX and in which mode: `<x-math>` inline, `<x-math display>` display. Real KaTeX
output is checked in test_build.py. Refresh after an intended change with
`.venv/bin/python tests/test_markdown_fixtures.py` and review the diff.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from conftest import PLACEHOLDERS
from mlblog.render.markdown import MarkdownRenderer
from mlblog.render.math import MathItem, MathResult
from mlblog.render.result import RenderSettings

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"


class RecordingMath:
    version = "recording"

    def render(self, items: Sequence[MathItem]) -> list[MathResult]:
        return [
            MathResult(f"<x-math{' display' if i.display else ''}>{escape(i.tex)}</x-math>")
            for i in items
        ]


def cases() -> list[object]:
    found: list[object] = []
    for path in sorted(FIXTURES.glob("*.md")):
        for line, title, source, expected in read_fixture_file(path):
            found.append(pytest.param(path, line, source, expected, id=f"{path.stem}:{title}"))
    return found


def render(path: Path, source: str) -> str:
    settings = RenderSettings(PLACEHOLDERS, html=path.stem != "html_off", base_path="/notes/")
    return MarkdownRenderer(RecordingMath()).render(source, None, settings).html


@pytest.mark.parametrize(("path", "line", "source", "expected"), cases())
def test_fixture(path: Path, line: int, source: str, expected: str) -> None:
    assert render(path, source) == expected, f"{path.name}:{line}"


def refresh() -> None:
    """Rewrite every expected block from the current output (review the diff!)."""
    for path in sorted(FIXTURES.glob("*.md")):
        blocks = [
            f"{title}\n.\n{source}.\n{render(path, source)}.\n"
            for _, title, source, _ in read_fixture_file(path)
        ]
        path.write_text("\n".join(blocks), encoding="utf-8")


if __name__ == "__main__":
    refresh()
