"""When git last changed each source file: the `updated` of posts and pages that give none,
for a site that asks (site.yaml `updated_from_git: true`, as Hugo's `enableGitInfo`).

File times cannot say it (a clone re-dates every file); the history can. The whole log
of content/ is read in one `git log` and parsed once, and kept while HEAD stays the same:
a rebuild asks git only for HEAD.
"""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from mlblog.config import CONFIG_FILE
from mlblog.diagnostics import Diagnostic, warning

log = logging.getLogger(__name__)

KEY = "updated_from_git"
_COMMIT = "\x01"  # starts each commit's date in the log; no file name holds it
_NO_DATES = "posts and pages show only the `updated` their front matter gives"


def parse_log(output: str) -> dict[str, datetime]:
    """Site-relative path → date of the newest commit that changed it, from
    `git log -z --format=%x01%aI --name-only` (newest commit first)."""
    found: dict[str, str] = {}
    when = ""
    for item in output.split("\0"):
        item = item.lstrip("\n")  # -z still ends each commit's header with a newline
        if item.startswith(_COMMIT):
            when = item[1:]
        elif item and when:
            found.setdefault(item, when)
    parsed: dict[str, datetime] = {}
    for text in set(found.values()):  # few commits, many files: each date parsed once
        try:
            parsed[text] = datetime.fromisoformat(text)
        except ValueError:
            log.debug("git date %r not understood", text)
    return {path: parsed[text] for path, text in found.items() if text in parsed}


class GitDates:
    """The dates of one site folder's files, kept between builds by HEAD, and the problems
    that stopped them, each reported once."""

    def __init__(self, site_dir: Path) -> None:
        self._site_dir = site_dir
        self._head = ""
        self._dates: Mapping[str, datetime] = {}
        self._warned: set[str] = set()
        self.logs_read = 0  # `git log` runs so far (tests check that rebuilds reuse it)

    def read(self) -> tuple[Mapping[str, datetime], list[Diagnostic]]:
        """Every committed source file's date, and a warning the first time none can be had."""
        head = self._git("rev-parse", "--is-shallow-repository", "HEAD")
        if isinstance(head, Diagnostic):
            return {}, self._once(head)
        answer, _, sha = head.strip().partition("\n")
        if not sha:  # a repository with no commit yet: every file is uncommitted
            return {}, []
        if answer.strip() == "true":
            return {}, self._once(
                warning(CONFIG_FILE, None, f"{KEY}: the repository is a shallow clone, where "
                        "every file seems changed by its newest commit; fetch the whole history "
                        "(in GitHub Actions, give actions/checkout `fetch-depth: 0`); until "
                        f"then {_NO_DATES}")
            )  # fmt: skip
        if sha != self._head:
            output = self._git(
                "-c", "core.quotepath=off", "log", "-z", f"--format={_COMMIT}%aI",
                "--name-only", "--relative", "--", "content",
            )  # fmt: skip
            if isinstance(output, Diagnostic):
                return {}, self._once(output)
            self.logs_read += 1
            self._head, self._dates = sha, parse_log(output)
        return self._dates, []

    def _git(self, *args: str) -> str | Diagnostic:
        """git's output, run in the site folder (paths then come relative to it)."""
        env = {**os.environ, "LC_ALL": "C"}  # messages in English, to tell them apart
        try:
            done = subprocess.run(
                ["git", *args], cwd=self._site_dir, env=env, capture_output=True, check=False
            )
        except OSError as exc:  # FileNotFoundError: git is not installed
            return warning(CONFIG_FILE, None, f"{KEY}: cannot run git ({exc.strerror}); "
                           f"{_NO_DATES}")  # fmt: skip
        stderr = done.stderr.decode("utf-8", "replace")
        if done.returncode == 0:
            return done.stdout.decode("utf-8", "surrogateescape")
        if "not a git repository" in stderr:
            return warning(CONFIG_FILE, None, f"{KEY}: {self._site_dir} is not in a git "
                           f"repository, so no file has a commit date; {_NO_DATES}")  # fmt: skip
        if "unknown revision" in stderr or "ambiguous argument 'HEAD'" in stderr:
            return ""  # no commit yet: every file is uncommitted
        said = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit {done.returncode}"
        return warning(CONFIG_FILE, None, f"{KEY}: git says: {said}; {_NO_DATES}")

    def _once(self, problem: Diagnostic) -> list[Diagnostic]:
        """serve rebuilds on every save: a problem that stays is said at the first only."""
        if problem.message in self._warned:
            return []
        self._warned.add(problem.message)
        return [problem]
