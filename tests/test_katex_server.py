"""Render workers share a KaTeX node, two to a node, and get what a node of their own gives."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from mlblog.render import katex_server
from mlblog.render.katex_server import shared_servers
from mlblog.render.markdown import MarkdownRenderer
from mlblog.render.math import WORKER, KatexEngine, MathItem
from mlblog.render.result import Placeholders, RenderSettings
from mlblog.render.workers import RenderPool
from test_math_engine import MIXED


def _katex_js(engine: KatexEngine) -> Path:
    return engine.katex_dir / "dist" / "katex.js"


def test_engines_sharing_a_node_get_what_their_own_node_gives(
    katex_engine: KatexEngine,
) -> None:
    with KatexEngine(katex_engine.katex_dir) as own:
        expected = own.render(MIXED)
    (node,) = shared_servers(2, WORKER, _katex_js(katex_engine))
    try:
        engines = [KatexEngine(katex_engine.katex_dir, shared=node.address) for _ in range(2)]
        got: dict[int, list[object]] = {}

        def typeset(number: int) -> None:  # both at once, as two workers ask
            got[number] = [engines[number].render([item]) for item in [*MIXED, *MIXED]]

        threads = [threading.Thread(target=typeset, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for engine in engines:
            engine.close()
        assert got[0] == got[1] == [[result] for result in [*expected, *expected]]
    finally:
        node.close()
    assert not os.path.exists(node.address)


def test_a_node_for_every_two_workers() -> None:
    katex_js = Path("katex.js")  # (started nodes that find no KaTeX end with the test)
    for workers, nodes in ((1, 0), (2, 1), (3, 2), (8, 4)):
        servers = shared_servers(workers, WORKER, katex_js)
        try:
            assert len(servers) == nodes
        finally:
            for server in servers:
                server.close()


def test_an_engine_whose_node_is_gone_starts_its_own(
    katex_engine: KatexEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(katex_server, "_CONNECT_FOR", 0.05)
    gone = str(tmp_path / "no.sock")
    with KatexEngine(katex_engine.katex_dir, shared=gone) as engine:
        (result,) = engine.render([MathItem("x^2", False)])
    assert result.html and "<msup>" in result.html


def test_a_shared_node_that_stops_fails_the_request_and_the_next_gets_a_node_of_its_own(
    katex_engine: KatexEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Requests go to a shared node from the worker's own thread (no writer thread, as a
    node of its own needs): a node that has gone fails what was asked of it with the
    usual message, not a broken pipe, and the next request starts a node of its own."""
    (node,) = shared_servers(2, WORKER, _katex_js(katex_engine))
    try:
        with KatexEngine(katex_engine.katex_dir, shared=node.address) as engine:
            threads = threading.active_count()
            (first,) = engine.render([MathItem("x^2", False)])
            assert first.html and "<msup>" in first.html
            assert threading.active_count() == threads, threading.enumerate()
            monkeypatch.setattr(katex_server, "_CONNECT_FOR", 0.05)  # (it is gone for good)
            node._process.kill()
            node._process.wait()
            with pytest.raises(RuntimeError, match="stopped unexpectedly"):
                engine.render([MathItem("y^2", False)])
            (after,) = engine.render([MathItem("z^2", False)])
            assert after.html and "<msup>" in after.html
    finally:
        node.close()


def test_an_engine_on_a_shared_node_connects_at_its_first_request(
    katex_engine: KatexEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not when its worker starts: a worker that starts after every formula is typeset
    (on a small site the others typeset them all) has nothing to ask, and its node has
    gone. It waited 10 s for it, and then started a node of its own."""
    monkeypatch.setattr(katex_server, "_CONNECT_FOR", 0.05)
    engine = KatexEngine(katex_engine.katex_dir, shared=str(tmp_path / "gone.sock"))
    try:
        engine.start()
        assert engine._process is None
    finally:
        engine.close()


def _katex_processes() -> list[tuple[bool, str]]:
    """The KaTeX nodes under this test's process: whether each is its child (the shared
    ones, and the session's engine), or a worker's, and its command line."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
                commands[int(entry.name)] = (entry / "cmdline").read_bytes().decode()
            except OSError:
                continue
            parents[int(entry.name)] = int(status.split("PPid:")[1].split()[0])

    def ours(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 1)
            if pid == os.getpid():
                return True
        return False

    return [
        (parents[pid] == os.getpid(), command)
        for pid, command in commands.items()
        if "katex_worker.js" in command and ours(pid)
    ]


def test_a_pool_s_workers_share_their_nodes(katex_engine: KatexEngine) -> None:
    """Four workers typeset on two nodes, which end, their sockets removed, once all is
    typeset."""
    settings = RenderSettings(Placeholders("[代码]", "[Math]", "[公式]"))
    docs = [f"$x_{{{n}}}$ and\n\n$$\ny^{{{n}}}\n$$\n" for n in range(40)]
    with KatexEngine(katex_engine.katex_dir) as own:
        renderer = MarkdownRenderer(own)
        expected = [renderer.render(doc, None, settings) for doc in docs]
    pool = RenderPool(4, katex_engine.katex_dir, ())
    nodes = list(pool._nodes)
    try:
        results = pool.render([(doc, None, settings, None, "") for doc in docs])
        first = next(results)
        running = _katex_processes()
        assert [child for child, _ in running if not child] == []  # no worker has its own
        assert sum(child and "--listen" in command for child, command in running) == 2
        assert [first, *results] == expected
        # all typeset: the nodes are gone before the workers template the pages
        assert not any("--listen" in command for _, command in _katex_processes())
        # ended when told to, not killed after waiting for them (the workers, forked
        # after the nodes started, hold their stdin open: closing it ended nothing)
        assert [node._process.returncode for node in nodes] == [0, 0]
    finally:
        pool.close()
    assert all(not os.path.exists(node.address) for node in nodes)
