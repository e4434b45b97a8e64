"""Edit-to-reload latency of `mlblog serve`: file write → SSE state event.

    python -m bench.reload_latency [N=1000] [EDITS=15]

Generates an N-post site, starts the dev server, edits one post at a time and
reports the median and worst time from the write to the event open pages receive,
for edits below the excerpt (one page changes), of the excerpt (listings change too)
and edits that add formulas no build has typeset yet.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from bench.generate import generate
from serving import EventStream, ServeProcess

KINDS = ("body", "opening", "formula")
DESCRIPTIONS = {
    "body": "an edit below the excerpt",
    "opening": "an edit of the excerpt",
    "formula": "an edit adding new formulas",
}


def _edit(text: str, edit: int, kind: str) -> str:
    """Append a paragraph, change the first paragraph (which changes the excerpt), or
    append a paragraph with an inline and a display formula seen nowhere before."""
    if kind == "body":
        return text + f"\nEdited paragraph {edit}.\n"
    if kind == "formula":
        return text + (
            f"\nWith step size $\\eta_{{{edit}}} = 10^{{-{edit}}}$ the update becomes\n\n"
            f"$$\n\\theta_{{t+1}} = \\theta_t - \\eta_{{{edit}}} \\nabla_\\theta "
            f"\\mathcal{{L}}_{{{edit}}}(\\theta_t)\n$$\n"
        )
    front, _, body = text.partition("\n---\n")
    return f"{front}\n---\nOpening sentence {edit} changes the excerpt. {body}"


def measure(count: int, edits: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        site = generate(Path(tmp) / "site", count)
        started = time.perf_counter()
        server = ServeProcess(site)
        print(
            f"first build of {count} posts and server start: {time.perf_counter() - started:.1f} s"
        )
        events = EventStream(server.origin)
        events.next(timeout=60)
        latencies: dict[str, list[float]] = {kind: [] for kind in KINDS}
        try:
            for edit in range(edits * len(KINDS)):
                kind = KINDS[edit % len(KINDS)]
                post = site / "content" / "posts" / f"note-{(edit * 37) % count:05d}.md"
                text = _edit(post.read_text(encoding="utf-8"), edit, kind)
                time.sleep(0.3)  # let the previous rebuild settle; not part of the measurement
                begin = time.perf_counter()
                post.write_text(text, encoding="utf-8")
                events.next(timeout=60)
                latencies[kind].append(time.perf_counter() - begin)
        finally:
            events.close()
            server.kill()
    return latencies


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    edits = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    for kind, latencies in measure(count, edits).items():
        ms = sorted(x * 1000 for x in latencies)
        print(
            f"write → reload event at N={count}, {DESCRIPTIONS[kind]}: "
            f"median {statistics.median(ms):.0f} ms, "
            f"min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms over {len(ms)} edits (target < 300 ms)"
        )


if __name__ == "__main__":
    main()
