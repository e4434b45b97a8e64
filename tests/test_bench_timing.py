"""The bench's runner counts the CPU time of a tool's whole process tree."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from bench.__main__ import timed

# A child that keeps the CPU busy until it has used 0.3 s of it, whatever the machine.
BUSY = "import time\nwhile time.process_time() < 0.3: pass\n"


def test_cpu_time_includes_the_processes_a_tool_waits_for(tmp_path: Path) -> None:
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {BUSY!r}])"
    seconds, peak, cpu = timed([sys.executable, "-c", parent], tmp_path)
    assert cpu >= 0.3  # the grandchild's, as mlblog's node and workers are counted
    assert seconds > 0 and peak > 0


def test_a_failing_tool_stops_the_bench_with_its_message(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "import sys; sys.exit('pelican: no content')"]
    with pytest.raises(SystemExit, match="pelican: no content"):
        timed(command, tmp_path)
