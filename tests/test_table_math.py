"""Table tests for splitting a GFM row while keeping `\\|` inside math."""

from __future__ import annotations

import pytest

from mlblog.render.table_math import split_row


@pytest.mark.parametrize(
    ("row", "cells"),
    [
        ("| a | b |", ["a", "b"]),
        ("a | b", ["a", "b"]),
        (r"| $\|x\|_2$ | y |", [r"$\|x\|_2$", "y"]),
        (r"| a \| b | c |", ["a | b", "c"]),
        (r"| $a$ \| $b$ |", ["$a$ | $b$"]),
        (r"| \$ \| x |", [r"\$ | x"]),
        (r"| `code` | $\{x\}$ |", ["`code`", r"$\{x\}$"]),
    ],
)
def test_split_row(row: str, cells: list[str]) -> None:
    assert split_row(row) == cells
