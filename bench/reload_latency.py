"""Edit-to-reload latency of `mlblog serve`: file write → SSE state event.

    python -m bench.reload_latency [N=1000] [EDITS=15]

Generates an N-post site, starts the dev server, edits one post at a time and
reports the median and worst time from the write to the event open pages receive,
for edits below the excerpt (one page changes) and of the excerpt (listings change too).
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


def _edit(text: str, edit: int, opening: bool) -> str:
    """Append a paragraph, or change the first paragraph (which changes the excerpt)."""
    if not opening:
        return text + f"\nEdited paragraph {edit}.\n"
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
        latencies: dict[str, list[float]] = {"body": [], "opening": []}
        try:
            for edit in range(edits * 2):
                kind = "opening" if edit % 2 else "body"
                post = site / "content" / "posts" / f"note-{(edit * 37) % count:05d}.md"
                text = _edit(post.read_text(encoding="utf-8"), edit, kind == "opening")
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
        what = "an edit below the excerpt" if kind == "body" else "an edit of the excerpt"
        print(
            f"write → reload event at N={count}, {what}: median {statistics.median(ms):.0f} ms, "
            f"min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms over {len(ms)} edits (target < 300 ms)"
        )


if __name__ == "__main__":
    main()
