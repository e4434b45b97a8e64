"""The KaTeX engine answers each formula of a batch with that formula's own result."""

from __future__ import annotations

import multiprocessing
import subprocess
import threading
import time

import pytest

from mlblog.cache import Cache
from mlblog.render import math as math_engine
from mlblog.render.markdown import MarkdownRenderer
from mlblog.render.math import KatexEngine, MathItem, MathResult
from mlblog.render.result import Placeholders, RenderSettings

COMMENT_AT_END = (
    "% comment has no terminating newline; LaTeX would fail because of commenting the end "
    "of math mode (e.g. $)"
)
MIXED = [
    MathItem(r"\text{损失函数} = \sum_i \ell_i", False),  # multi-byte UTF-8 in the HTML
    MathItem(r"\frac{1}{", False),  # an error: no HTML at all
    MathItem(r"损失 = L % 注", True),  # HTML and a warning (Chinese in math mode gets none)
    MathItem(r"\mathbb{E}_{x \sim p}[f(x)]", True),
    MathItem("", False),
    MathItem(r"a \bmod p", False),  # repaired MathML
]


def test_batch_results_line_up_with_formulas(katex_engine: KatexEngine) -> None:
    with KatexEngine(katex_engine.katex_dir) as engine:
        batch = engine.render(MIXED)
        after = engine.render([MathItem("y^2", False)])  # the stream is still in step
    with KatexEngine(katex_engine.katex_dir) as engine:
        alone = [engine.render([item])[0] for item in MIXED]
    assert batch == alone
    text, broken, warned, expectation, empty, mod = batch
    assert text.html is not None and text.html.count("损失函数") == 3  # MathML, TeX, HTML
    assert broken.html is None and broken.error and "expected '}'" in broken.error
    assert warned.html and warned.html.startswith('<span class="katex-display">')
    assert warned.warnings == (COMMENT_AT_END,)
    assert "损" in warned.html
    assert expectation.html and r"\mathbb{E}_{x \sim p}[f(x)]" in expectation.html
    assert empty.html and empty.html.startswith('<span class="katex">') and not empty.error
    assert mod.html and "mod" in mod.html and '<mo lspace="0.22em"><mrow>' not in mod.html
    assert after[0].html and "y^2" in after[0].html and after[0].html.endswith("</span>")


def test_links_are_typeset_and_what_katex_refuses_is_warned(katex_engine: KatexEngine) -> None:
    """\\href and \\url to the web are links; a command KaTeX refuses shows as red text,
    and so gets a warning instead of passing silently."""
    with KatexEngine(katex_engine.katex_dir) as engine:
        link, url, image, script = engine.render([
            MathItem(r"\href{https://arxiv.org/abs/1706.03762}{\text{paper}}", False),
            MathItem(r"\url{https://a.example/}", False),
            MathItem(r"\includegraphics{a.png}", False),
            MathItem(r"\href{javascript:alert(1)}{x}", False),
        ])  # fmt: skip
    assert link.html and '<a href="https://arxiv.org/abs/1706.03762"' in link.html
    assert not link.warnings and not url.warnings
    assert url.html and '<a href="https://a.example/"' in url.html
    assert image.warnings == (r"\includegraphics is not supported (shown as red text)",)
    assert script.html and "javascript" not in script.html.split("<annotation")[0]
    assert script.warnings and script.warnings[0].startswith(
        r'\href to "javascript:alert(1)" is refused'
    )


def test_stored_formulas_come_back_as_typeset(
    katex_engine: KatexEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The persistent cache gives back every kind of result (HTML alone, an error, HTML
    with warnings) without node, including rows stored as pickles by earlier versions."""
    store = Cache(None)
    with KatexEngine(katex_engine.katex_dir, store=store) as engine:
        typeset = engine.render(MIXED)
    store.flush()  # as a render worker does after each batch of documents
    legacy = MathItem(r"\alpha_{\text{old}}", False)
    old = MathResult(html='<span class="katex">stored by an earlier version</span>')
    with KatexEngine(katex_engine.katex_dir, store=store) as engine:
        store.put("formula", engine._store_key(legacy), old)  # pickled, as it used to be
        store.flush()
        monkeypatch.setattr(engine, "_start", lambda: pytest.fail("node was asked"))
        assert engine.render([*MIXED, legacy]) == [*typeset, old]


def test_an_engine_that_does_not_look_up_still_stores_what_it_typesets(
    katex_engine: KatexEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The render workers of a first build never look in the store (it held nothing when
    they began), yet keep each formula there for the next build."""
    store = Cache(None)
    with KatexEngine(katex_engine.katex_dir) as engine:
        expected = engine.render(MIXED)
    planted = MathResult(html='<span class="katex">planted</span>')
    with KatexEngine(katex_engine.katex_dir, store=store, look_up=False) as engine:
        store.put("formula", engine._store_key(MIXED[0]), planted)
        store.flush()
        assert engine.render(MIXED) == expected  # typeset, not read
        store.flush()
    with KatexEngine(katex_engine.katex_dir, store=store) as engine:
        monkeypatch.setattr(engine, "_start", lambda: pytest.fail("node was asked"))
        assert engine.render(MIXED) == expected


def test_requests_in_flight_are_answered_in_order_even_if_collected_out_of_order(
    katex_engine: KatexEngine,
) -> None:
    """A render worker asks for the next document's formulas before it takes this one's;
    whatever order results are taken in, and even when some are never taken, each
    request gets its own."""
    with KatexEngine(katex_engine.katex_dir) as engine:
        expected = {item: engine.render([item])[0] for item in MIXED}
    with KatexEngine(katex_engine.katex_dir) as engine:
        first = engine.submit(MIXED[:3])
        second = engine.submit(MIXED[3:])
        assert second() == [expected[item] for item in MIXED[3:]]
        assert first() == [expected[item] for item in MIXED[:3]]
        engine.submit([MathItem("z_1", False)])  # never collected
        last = engine.submit([MathItem(r"\frac{1}{", False), MathItem("z_2", False)])
        broken, z2 = last()
        assert broken == expected[MathItem(r"\frac{1}{", False)]
        assert z2.html and "z_2" in z2.html and "z_1" not in z2.html


@pytest.mark.parametrize("threaded", [False, True], ids=["posix", "windows-writer-thread"])
def test_a_large_request_behind_a_large_answer_does_not_hang(
    katex_engine: KatexEngine, threaded: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two requests in flight, each larger than a pipe holds (64 KB), with answers of
    megabytes: both are written and read without either side waiting for the other,
    whether the engine writes the requests itself or (as on Windows) a thread does."""
    monkeypatch.setattr(math_engine, "_BLOCKING_ANSWERS", threaded)
    many = [MathItem(rf"x_{{{n}}} + \sqrt{{y_{{{n}}}}}", False) for n in range(3000)]
    more = [MathItem(rf"w_{{{n}}} = \frac{{a_{{{n}}}}}{{b}}", True) for n in range(3000)]
    outcome: list[list[MathResult]] = []

    def run() -> None:
        with KatexEngine(katex_engine.katex_dir) as engine:
            first, second = engine.submit(many), engine.submit(more)
            outcome.extend((first(), second()))

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive(), "the engine waits for ever"
    assert all(r.html and f"x_{{{n}}}" in r.html for n, r in enumerate(outcome[0]))
    assert all(r.html and f"w_{{{n}}}" in r.html for n, r in enumerate(outcome[1]))


def test_documents_rendered_together_come_out_as_rendered_one_by_one(
    katex_engine: KatexEngine,
) -> None:
    """render_many asks for the next document's formulas before it finishes this one;
    the results, warnings and their lines are each document's own."""
    docs = [
        "# A\n\n$x^2$ and $\\frac{1}{$\n",
        "No math here.\n",
        "$$ 损失 = L % 注 $$\n\nThen $x^2$ again, and $y_1$.\n",  # the comment eats the end
        "- $\\sum_i a_i$\n- $y_1$\n",
    ]
    settings = RenderSettings(Placeholders("[代码]", "[Math]", "[公式]"))
    with KatexEngine(katex_engine.katex_dir) as engine:
        together = list(
            MarkdownRenderer(engine).render_many([(d, None, settings, None, "") for d in docs])
        )
    alone = []
    for doc in docs:
        with KatexEngine(katex_engine.katex_dir) as engine:
            alone.append(MarkdownRenderer(engine).render(doc, None, settings))
    assert together == alone
    assert together[0].warnings and together[0].warnings[0][0] == 3  # the broken formula's line
    assert together[2].warnings[0][0] == 1 and "katex" in together[3].html


def test_a_node_that_dies_fails_what_waits_and_the_next_request_starts_anew(
    katex_engine: KatexEngine,
) -> None:
    with KatexEngine(katex_engine.katex_dir) as engine:
        first = engine.submit([MathItem("a_1", False)])
        second = engine.submit([MathItem("a_2", False)])
        assert engine._process is not None
        engine._process.kill()  # node crashes with two requests in flight
        with pytest.raises(RuntimeError, match="stopped unexpectedly"):
            first()
        with pytest.raises(RuntimeError, match="stopped unexpectedly"):
            second()
        (again,) = engine.render([MathItem("a_3", False)])
        assert again.html and "a_3" in again.html and "a_2" not in again.html


def test_a_node_ends_when_its_engine_closes_though_a_forked_process_holds_its_stdin(
    katex_engine: KatexEngine,
) -> None:
    """A process the build forks while node runs (the output writer, a render pool in
    `serve`) holds node's stdin open too: closing the pipe ended nothing, and `close`
    waited 10 s and then failed. Node is told to end instead."""
    engine = KatexEngine(katex_engine.katex_dir)
    (result,) = engine.render([MathItem("x^2", False)])
    assert result.html and "<msup>" in result.html
    node = engine._process
    holder = multiprocessing.get_context("fork").Process(target=time.sleep, args=(60,))
    holder.start()
    try:
        engine.close()
        assert isinstance(node, subprocess.Popen) and node.returncode == 0
    finally:
        holder.kill()
        holder.join()
