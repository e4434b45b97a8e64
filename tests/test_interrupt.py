"""Ctrl-C during `mlblog build`: one line, exit 130, the output folder as it was."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest
from bench.generate import generate

from mlblog import interrupts
from test_broken_input import snapshot

MLBLOG = Path(sys.executable).parent / "mlblog"


def _interrupted_build(site: Path, after: float) -> tuple[int, str]:
    """`mlblog build --no-cache` on a terminal, Ctrl-C typed `after` seconds in: the
    terminal sends SIGINT to the build and every process it started."""
    pid, terminal = pty.fork()
    if pid == 0:  # the child: the build, in the site folder
        os.chdir(site)
        os.execv(MLBLOG, [str(MLBLOG), "build", "--no-cache"])
    output = b""
    typed = False
    started = time.monotonic()
    while True:
        if not typed and time.monotonic() - started >= after:
            os.write(terminal, b"\x03")
            typed = True
        ready, _, _ = select.select([terminal], [], [], 0.05)
        if ready:
            try:
                data = os.read(terminal, 4096)
            except OSError:  # the build ended and closed the terminal
                break
            if not data:
                break
            output += data
        assert time.monotonic() - started < 60, output.decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace")


def test_ctrl_c_while_rendering_leaves_the_output_and_prints_one_line(tmp_path: Path) -> None:
    site = generate(tmp_path / "site", 300, seed=11)
    assert os.system(f"cd {site} && {MLBLOG} build >/dev/null") == 0
    for post in (site / "content/posts").glob("*.md"):  # every page would change
        post.write_text(post.read_text("utf-8") + "\nEdited.\n", "utf-8")
    before = snapshot(site / "public")

    code, output = _interrupted_build(site, after=1.0)  # a cold build of 300 posts: ~3 s

    assert code == 130, output
    assert "Traceback" not in output and "Error" not in output, output
    lines = [line for line in output.replace("^C", "").splitlines() if line.strip()]
    assert lines == ["build interrupted: the output folder is as the last finished build left it"]
    assert snapshot(site / "public") == before


def test_ctrl_c_while_writing_takes_effect_once_the_folder_is_whole() -> None:
    with pytest.raises(KeyboardInterrupt), interrupts.deferred():
        os.kill(os.getpid(), signal.SIGINT)  # during the write: remembered
        written = True  # the body goes on to its end
    assert written
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_second_ctrl_c_while_writing_stops_at_once() -> None:
    reached = False
    with pytest.raises(KeyboardInterrupt), interrupts.deferred():
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGINT)
        reached = True
    assert not reached
