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
import tempfile
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


class _Git:
    """One git command running in the site folder (paths then come relative to it), its
    output going to a file: a long log never waits for the build to read a pipe."""

    def __init__(self, site_dir: Path, *args: str) -> None:
        env = {**os.environ, "LC_ALL": "C"}  # messages in English, to tell them apart
        # Closed by close(), once git is done: they outlive this call.
        self._out = tempfile.TemporaryFile()  # noqa: SIM115
        self._err = tempfile.TemporaryFile()  # noqa: SIM115
        self._site_dir = site_dir
        self._process: subprocess.Popen[bytes] | None = None
        self._problem: Diagnostic | None = None
        try:
            self._process = subprocess.Popen(
                ["git", *args], cwd=site_dir, env=env, stdout=self._out, stderr=self._err
            )
        except OSError as exc:  # FileNotFoundError: git is not installed
            self._problem = warning(CONFIG_FILE, None, f"{KEY}: cannot run git "
                                    f"({exc.strerror}); {_NO_DATES}")  # fmt: skip

    def result(self) -> str | Diagnostic:
        """What git wrote ("" in a repository with no commit yet), or why there is nothing."""
        try:
            if self._process is None:
                assert self._problem is not None
                return self._problem
            code = self._process.wait()
            self._out.seek(0)
            self._err.seek(0)
            stderr = self._err.read().decode("utf-8", "replace")
            if code == 0:
                return self._out.read().decode("utf-8", "surrogateescape")
        finally:
            self.close()
        if "not a git repository" in stderr:
            return warning(CONFIG_FILE, None, f"{KEY}: {self._site_dir} is not in a git "
                           f"repository, so no file has a commit date; {_NO_DATES}")  # fmt: skip
        if "unknown revision" in stderr or "ambiguous argument 'HEAD'" in stderr:
            return ""
        said = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit {code}"
        return warning(CONFIG_FILE, None, f"{KEY}: git says: {said}; {_NO_DATES}")

    def close(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._out.close()
        self._err.close()


class GitDates:
    """The dates of one site folder's files, kept between builds by HEAD, and the problems
    that stopped them, each reported once."""

    def __init__(self, site_dir: Path) -> None:
        self._site_dir = site_dir
        self._head = ""
        self._dates: Mapping[str, datetime] = {}
        self._warned: set[str] = set()
        # What start() found for read(): the log it started, or why there are no dates
        self._started: tuple[str, _Git] | Diagnostic | None = None
        self._asked = False  # start() ran for this build
        self.logs_read = 0  # `git log` runs so far (tests check that rebuilds reuse it)

    def start(self) -> None:
        """Asks git for HEAD, and starts reading the log if HEAD moved: the build reads its
        sources meanwhile (a log of a thousand commits takes git about a second)."""
        self.close()  # one a failed build started and never read
        self._asked = True
        head = _Git(self._site_dir, "rev-parse", "--is-shallow-repository", "HEAD").result()
        if isinstance(head, Diagnostic):
            self._started = head
            return
        answer, _, sha = head.strip().partition("\n")
        if not sha:  # a repository with no commit yet: every file is uncommitted
            self._head, self._dates = "", {}
        elif answer.strip() == "true":
            self._started = warning(CONFIG_FILE, None, f"{KEY}: the repository is a shallow "
                "clone, where every file seems changed by its newest commit; fetch the whole "
                "history (in GitHub Actions, give actions/checkout `fetch-depth: 0`); until "
                f"then {_NO_DATES}")  # fmt: skip
        elif sha != self._head:
            log = _Git(
                self._site_dir, "-c", "core.quotepath=off", "log", "-z",
                f"--format={_COMMIT}%aI", "--name-only", "--relative", "--", "content",
            )  # fmt: skip
            self._started = (sha, log)

    def read(self) -> tuple[Mapping[str, datetime], list[Diagnostic]]:
        """Every committed source file's date, and a warning the first time none can be had."""
        if not self._asked:
            self.start()
        started, self._started, self._asked = self._started, None, False
        if isinstance(started, Diagnostic):
            return {}, self._once(started)
        if started is not None:
            sha, log = started
            output = log.result()
            if isinstance(output, Diagnostic):
                return {}, self._once(output)
            self.logs_read += 1
            self._head, self._dates = sha, parse_log(output)
        return self._dates, []

    def close(self) -> None:
        started, self._started, self._asked = self._started, None, False
        if isinstance(started, tuple):
            started[1].close()

    def _once(self, problem: Diagnostic) -> list[Diagnostic]:
        """serve rebuilds on every save: a problem that stays is said at the first only."""
        if problem.message in self._warned:
            return []
        self._warned.add(problem.message)
        return [problem]
