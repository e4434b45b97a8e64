"""The KaTeX engine answers each formula of a batch with that formula's own result."""

from __future__ import annotations

import pytest

from mlblog.cache import Cache
from mlblog.render.math import KatexEngine, MathItem, MathResult

MIXED = [
    MathItem(r"\text{损失函数} = \sum_i \ell_i", False),  # multi-byte UTF-8 in the HTML
    MathItem(r"\frac{1}{", False),  # an error: no HTML at all
    MathItem("损失", True),  # HTML and warnings
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
    assert warned.warnings == (
        'Unicode text character "损" used in math mode',
        'Unicode text character "失" used in math mode',
    )
    assert expectation.html and r"\mathbb{E}_{x \sim p}[f(x)]" in expectation.html
    assert empty.html and empty.html.startswith('<span class="katex">') and not empty.error
    assert mod.html and "mod" in mod.html and '<mo lspace="0.22em"><mrow>' not in mod.html
    assert after[0].html and "y^2" in after[0].html and after[0].html.endswith("</span>")


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
