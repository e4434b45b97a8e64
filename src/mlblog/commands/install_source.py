"""Where the starter workflow's `pip install` takes mlblog from: the mlblog that runs
`mlblog init`, as GitHub's runners can reach it (PEP 610's direct_url.json says how it
was installed)."""

from __future__ import annotations

import json
import re
import subprocess
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from mlblog import __version__

_SSH_REMOTE = re.compile(r"^(?:ssh://)?git@([^:/]+)[:/](.+)$")


def workflow_requirement() -> tuple[str, str]:
    """(what the workflow gives `pip install`, a note for the author or "").

    From a package index: that version. From a git URL: that URL at that commit. From a
    checkout on this machine (`pip install -e .`): its `origin` on the web, at this commit
    if it is pushed there. Otherwise the version, and a note saying why it may not install.
    """
    pinned = f"mlblog=={__version__}"
    try:
        raw = metadata.distribution("mlblog").read_text("direct_url.json")
        info = json.loads(raw) if raw else {}
    except (metadata.PackageNotFoundError, ValueError):
        return pinned, ""
    if not isinstance(info, dict) or not info:
        return pinned, ""  # installed from a package index
    url = str(info.get("url", ""))
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and url.startswith("https://"):
        commit = vcs.get("commit_id")
        return (f"mlblog @ git+{url}@{commit}" if commit else f"mlblog @ git+{url}"), ""
    if url.startswith("file://") and "dir_info" in info:
        found = _published_checkout(Path(url2pathname(urlsplit(url).path)))
        if found is not None:
            return found
    note = (
        f"the workflow installs {pinned} from PyPI, but this mlblog was installed from "
        f"{url or 'an unknown place'}: if GitHub cannot reach that version, change the "
        "`pip install` line of .github/workflows/pages.yml to where yours is published "
        '(such as "mlblog @ git+https://github.com/you/mlblog@<commit>")'
    )
    return pinned, note


def _published_checkout(folder: Path) -> tuple[str, str] | None:
    """A git checkout whose `origin` is on the web: at HEAD if HEAD is pushed there, else
    at origin's default branch (with a note)."""
    remote = _git(folder, "remote", "get-url", "origin")
    if remote is None:
        return None
    if match := _SSH_REMOTE.match(remote):
        remote = f"https://{match[1]}/{match[2]}"
    if not remote.startswith("https://"):
        return None
    commit = _git(folder, "rev-parse", "HEAD")
    pushed = commit and _git(folder, "branch", "--remotes", "--contains", commit)
    if commit and pushed:
        return f"mlblog @ git+{remote}@{commit}", ""
    note = (
        f"this mlblog's commit is not on {remote} yet: the workflow installs what its "
        "default branch holds when it runs (push your commit to build with it)"
    )
    return f"mlblog @ git+{remote}", note


def _git(folder: Path, *args: str) -> str | None:
    try:
        run = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    out = run.stdout.strip()
    return out if run.returncode == 0 and out else None
