"""The search tokenizer, in Python and in JS, over one shared fixture file."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import REPO
from mlblog.search.tokens import query_terms, tokenize

CASES = json.loads((Path(__file__).parent / "fixtures/search/tokens.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:30] for c in CASES])
def test_python_tokenizer(case: dict[str, object]) -> None:
    assert tokenize(str(case["text"])) == case["tokens"]


def test_query_terms_are_unique() -> None:
    assert query_terms("all-reduce all_reduce") == ["all", "reduce", "allreduce"]


def test_js_tokenizer_matches_the_same_fixture() -> None:
    run = subprocess.run(
        ["node", "--test", "tests/js/search-tokens.test.cjs"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert f"# pass {len(CASES) + 1}" in run.stdout
