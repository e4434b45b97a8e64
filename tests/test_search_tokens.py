"""The search tokenizer (theme/static/assets/js/search-tokens.js), which both builds the
index and reads queries, against the fixture of expected tokens."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import REPO

CASES = json.loads((Path(__file__).parent / "fixtures/search/tokens.json").read_text("utf-8"))


def test_tokenizer_matches_the_fixture() -> None:
    run = subprocess.run(
        ["node", "--test", "tests/js/search-tokens.test.cjs"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert f"# pass {len(CASES) + 1}" in run.stdout
