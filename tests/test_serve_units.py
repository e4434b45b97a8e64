"""Pure parts of the dev server: change classifier, debounce, reload channel, injection."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from pathlib import PurePosixPath as P

import pytest

from mlblog.serve.changed import MOST_NAMED, Outputs, changed_pages, outputs
from mlblog.serve.changes import Change, classify
from mlblog.serve.debounce import Debouncer
from mlblog.serve.reload import ReloadChannel, inject

SITE = P("/home/me/blog")
THEME = P("/venv/lib/mlblog/theme")


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/home/me/blog/site.yaml", Change.CONFIG),
        ("/home/me/blog/references.bib", Change.CONTENT),  # site.yaml's `bibliography:`
        ("/home/me/blog/notes.txt", None),
        ("/home/me/blog/content/posts/a.md", Change.CONTENT),
        ("/home/me/blog/content/posts/bundle/index.md", Change.CONTENT),
        ("/home/me/blog/content/posts/bundle/fig.png", Change.CONTENT),
        ("/home/me/blog/content/pages/about.md", Change.CONTENT),
        ("/home/me/blog/content/posts/nb.ipynb", Change.CONTENT),
        ("/home/me/blog/content/posts/nb/index.ipynb", Change.CONTENT),
        ("/home/me/blog/content/posts/.ipynb_checkpoints/nb-checkpoint.ipynb", None),
        # a `_` folder has no posts, but wiki embeds find its files (Obsidian's attachments)
        ("/home/me/blog/content/_attachments/plot.PNG", Change.CONTENT),
        ("/home/me/blog/content/_assets/papers/lora.pdf", Change.CONTENT),
        ("/home/me/blog/content/_drafts/idea.md", None),
        ("/home/me/blog/content/.obsidian/icon.png", None),
        ("/home/me/blog/content/_attachments/.plot.png.swp", None),
        ("/home/me/blog/templates/post.html", Change.TEMPLATE),
        ("/home/me/blog/templates/partials/head.html", Change.TEMPLATE),
        ("/home/me/blog/static/CNAME", Change.STATIC),
        ("/home/me/blog/static/img/logo.svg", Change.STATIC),
        ("/venv/lib/mlblog/theme/templates/base.html", Change.TEMPLATE),
        ("/venv/lib/mlblog/theme/static/assets/css/main.css", Change.STATIC),
        ("/home/me/blog/public/index.html", None),
        ("/home/me/blog/README.md", None),
        ("/home/me/blog/.git/index", None),
        ("/home/me/blog/content", None),
        ("/home/me/blog/content/posts/.a.md.swp", None),
        ("/home/me/blog/content/posts/a.md~", None),
        ("/home/me/blog/content/posts/4913", None),
        ("/home/me/blog/content/posts/#a.md#", None),  # Emacs auto-save
        ("/home/me/blog/content/posts/.#a.md", None),  # Emacs lock link
        ("/home/me/blog/content/posts/a.md___jb_tmp___", None),  # JetBrains safe write
        ("/home/me/blog/content/posts/a.md___jb_old___", None),
        ("/home/me/blog/content/posts/bundle/index.md___jb_tmp___", None),
        ("/home/me/blog/templates/post.html___jb_tmp___", None),
        ("/home/me/blog/static/css/site.css___jb_old___", None),
        ("/elsewhere/site.yaml", None),
    ],
)
def test_classify(path: str, kind: Change | None) -> None:
    assert classify(P(path), SITE, THEME) == kind


def test_debounce_collapses_a_burst_into_one_call() -> None:
    calls: list[set[str]] = []
    done = threading.Event()

    def action(items: set[str]) -> None:
        calls.append(items)
        done.set()

    debouncer: Debouncer[str] = Debouncer(0.5, action)  # wide margin: robust on a busy CI
    try:
        for kind in ["content", "content", "template", "content"]:  # a save-rename dance
            debouncer.poke(kind)
            time.sleep(0.01)
        assert done.wait(5)
        time.sleep(0.6)
        assert calls == [{"content", "template"}]
    finally:
        debouncer.stop()


def test_debounce_separate_bursts_run_separately_and_in_order() -> None:
    calls: list[set[int]] = []
    first, second = threading.Event(), threading.Event()

    def action(items: set[int]) -> None:
        calls.append(items)
        (first if len(calls) == 1 else second).set()

    debouncer: Debouncer[int] = Debouncer(0.05, action)
    try:
        debouncer.poke(1)
        assert first.wait(5)
        debouncer.poke(2)
        assert second.wait(5)
        assert calls == [{1}, {2}]
    finally:
        debouncer.stop()


def test_debounce_prepares_first_and_survives_a_failed_preparation() -> None:
    """serve's head start (loading the renderer) runs before the first rebuild, and a
    failure in it never stops rebuilds: the rebuild meets the problem and reports it."""
    order: list[str] = []
    done = threading.Event()

    def prepare() -> None:
        time.sleep(0.2)  # still preparing when the first change arrives
        order.append("prepare")
        raise OSError("node could not start")

    def action(items: set[str]) -> None:
        order.append("rebuild")
        done.set()

    debouncer: Debouncer[str] = Debouncer(0.05, action, prepare=prepare)
    try:
        debouncer.poke("content")
        assert done.wait(5)
        assert order == ["prepare", "rebuild"]
    finally:
        debouncer.stop()


def test_channel_versions_and_errors() -> None:
    channel = ReloadChannel()
    first = channel.state
    channel.failed("content/posts/a.md:3: invalid date")
    failed = channel.state
    assert failed.version == first.version and failed.error
    channel.built()
    fixed = channel.state
    assert fixed.version != first.version and fixed.error is None
    assert channel.wait(fixed, timeout=0.05) is None  # nothing new
    threading.Timer(0.05, channel.built).start()
    assert channel.wait(fixed, timeout=5) is not None


PAGE_A, PAGE_B = b"<p>a</p>", b"<p>b</p>"
BEFORE = Outputs(
    {"index.html": b"home", "posts/a/index.html": PAGE_A, "posts/b/index.html": PAGE_B,
     "atom.xml": b"<feed/>", "assets/css/pygments.css": b".k{}"},
    {"katex/fonts/f.woff2": (1, 10, 4), "about/index.html": (2, 10, 9)},
)  # fmt: skip


def _after(
    files: dict[str, bytes | None], copies: dict[str, tuple[int, int, int] | None]
) -> Outputs:
    """BEFORE with these files replaced (None: removed)."""
    new_files = {**BEFORE.files, **files}
    new_copies = {**BEFORE.copies, **copies}
    return Outputs(
        {n: b for n, b in new_files.items() if b is not None},
        {n: c for n, c in new_copies.items() if n not in copies or copies[n] is not None},
    )


@pytest.mark.parametrize(
    ("files", "copies", "pages"),
    [
        ({}, {}, set()),  # a save that changed nothing shown: no tab reloads
        ({"posts/a/index.html": b"<p>a, edited</p>"}, {}, {"posts/a/index.html"}),
        # the post's page and the listing that shows its excerpt; the feed reloads nothing
        ({"posts/a/index.html": b"<p>a2</p>", "index.html": b"home2", "atom.xml": b"<f/>"}, {},
         {"posts/a/index.html", "index.html"}),
        ({"posts/a/index.html": None}, {}, {"posts/a/index.html"}),  # deleted: to its 404
        ({"posts/c/index.html": b"c"}, {}, {"posts/c/index.html"}),  # made: its 404 tab
        ({"robots.txt": b"x", "CNAME": b"x"}, {}, set()),
        # the search page shows the index: its tab reloads to new results, no other does
        ({"search.json": b"{}", "atom.xml": b"<f/>"}, {}, {"search/index.html", "search.json"}),
        ({}, {"search.json": (5, 10, 2)}, {"search/index.html", "search.json"}),  # static/
        ({}, {"about/index.html": (2, 11, 9)}, {"about/index.html"}),  # static/about.html
        ({"assets/css/pygments.css": b".k{color:red}"}, {}, None),  # every page loads it
        ({}, {"katex/fonts/f.woff2": (3, 11, 4)}, None),  # a font saved over
        ({}, {"img/new.png": (4, 10, 1)}, None),
    ],
)  # fmt: skip
def test_changed_pages(
    files: dict[str, bytes | None],
    copies: dict[str, tuple[int, int, int] | None],
    pages: set[str] | None,
) -> None:
    found = changed_pages(BEFORE, _after(files, copies))
    assert found == (None if pages is None else frozenset(pages))


def test_changed_pages_of_a_first_build_or_a_large_one_are_every_page() -> None:
    assert changed_pages(outputs({}, {}), BEFORE) is None  # the waiting page, or nothing
    many: dict[str, bytes | None] = {f"posts/{n}/index.html": b"new" for n in range(MOST_NAMED + 1)}
    assert changed_pages(BEFORE, _after(many, {})) is None
    assert changed_pages(BEFORE, _after(dict(list(many.items())[:MOST_NAMED]), {}))


def test_a_new_search_index_made_on_request_reloads_the_search_page() -> None:
    """serve makes search.json when a page asks; the builder keeps the object that makes it
    while no post's searched text changed: a new one means new results."""
    made, remade = object(), object()
    before = outputs(dict(BEFORE.files), {}, {"search.json": made})
    assert (
        changed_pages(before, outputs(dict(BEFORE.files), {}, {"search.json": made})) == frozenset()
    )
    found = changed_pages(before, outputs(dict(BEFORE.files), {}, {"search.json": remade}))
    assert found == frozenset({"search/index.html", "search.json"})


def test_a_copied_file_saved_over_is_seen(tmp_path: Path) -> None:
    font = tmp_path / "f.woff2"
    font.write_bytes(b"wOF2")
    before = outputs({"index.html": b"x"}, {"f.woff2": font})
    assert changed_pages(before, outputs({"index.html": b"x"}, {"f.woff2": font})) == frozenset()
    font.write_bytes(b"wOF2 and more")
    assert changed_pages(before, outputs({"index.html": b"x"}, {"f.woff2": font})) is None


def test_states_recall_what_recent_builds_changed() -> None:
    import json

    channel = ReloadChannel()
    channel.built()  # the first build: every page
    channel.built(frozenset({"posts/a/index.html", "index.html"}))
    channel.failed("content/posts/a.md:3: invalid date")
    state = json.loads(channel.state.as_json())
    assert state["version"].endswith("-2") and state["error"]
    assert state["changes"] == {"1": None, "2": ["index.html", "posts/a/index.html"]}
    for _ in range(40):
        channel.built(frozenset())
    assert len(json.loads(channel.state.as_json())["changes"]) == 20  # older: pages reload


def test_inject_before_last_body_end() -> None:
    html = b"<html><body><pre></body></pre></BODY></html>"
    out = inject(html, "v1")
    assert out.endswith(b'data-version="v1"></script></BODY></html>')
    assert inject(b"<p>fragment", "v").startswith(b"<p>fragment<script")
    named = inject(b"<body></body>", "v", 'posts/"q"/index.html')
    assert b'data-page="posts/&quot;q&quot;/index.html"' in named


def test_tidy_between_rebuilds_frees_the_cycles_a_build_kept() -> None:
    """A build freezes what it keeps (mlblog.heap), so cyclic garbage among it waits;
    serve's tidy after each rebuild frees it, so a long session does not grow."""
    import gc
    import weakref

    from mlblog import heap

    class Node:
        other: Node | None = None

    first, second = Node(), Node()
    first.other, second.other = second, first  # a cycle: reference counts never free it
    gone = weakref.ref(first)
    try:
        heap.keep()
        del first, second
        gc.collect()
        assert gone() is not None  # frozen: collections leave it
        heap.tidy()
        assert gone() is None
    finally:
        gc.unfreeze()


def test_a_watch_read_while_it_stops_prints_nothing_after_stopped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """watchdog's inotify reader logs an error when serve stops in the middle of its read
    (then does nothing): "mlblog: InotifyEmitter.queue_events() called when the thread is
    inactive" came after "stopped", one run in a few."""
    from mlblog.serve.watcher import watch
    from mlblog.theme_files import THEME_DIR

    observer = watch(tmp_path, THEME_DIR, lambda change: None)
    observer.stop()
    observer.join()
    log = logging.getLogger("watchdog.observers.inotify")
    log.error("InotifyEmitter.queue_events() called when the thread is inactive")
    log.error("another problem")  # said, as before
    assert [record.getMessage() for record in caplog.records] == ["another problem"]
