"""Issue 6 acceptance: search in headless chromium on the demo site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from browser import serve_built, settle
from conftest import REPO
from searching import search, write_posts


@pytest.fixture(scope="module")
def demo_url() -> Iterator[str]:
    with serve_built(REPO, "https://example.github.io/ml-notes/") as url:
        yield url


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("注意力", "多头注意力、MQA 与 GQA 的区别"),
        ("梯度检查点", "梯度检查点：用计算换显存"),
        ("FlashAttention", "FlashAttention 的分块与在线 softmax"),
        ("allreduce", "Ring all-reduce: how much data does each GPU send?"),
        ("LoRA 微调", "LoRA 微调：低秩适配的原理与实现"),
        ("nn.functional", "torch.nn.functional 与 nn.Module：什么时候用哪个"),
        ("flash attention", "FlashAttention 的分块与在线 softmax"),  # camelCase parts
        ("logsumexp", "softmax 数值稳定与 log-sum-exp 技巧"),  # a compound written whole
    ],
)
def test_queries_find_their_posts(page: Page, demo_url: str, query: str, expected: str) -> None:
    titles = search(page, demo_url, query)
    assert expected in titles[:3], titles
    if query == "注意力":  # every attention post, not just one
        assert "FlashAttention 的分块与在线 softmax" in titles
    marks = page.locator("#search-page-results mark").all_inner_texts()
    marks = [m for m in marks if m != "[代码]"]  # (marked where a post was found in its code)
    # words end to end are one mark; a compound is marked as written (log-sum-exp)
    assert all(_unjoined(m) in _unjoined(query) for m in marks), marks
    assert marks or query.lower() not in expected.lower()  # marked where written as typed


@pytest.mark.parametrize("query", ["a:b^~", "title:lora", "+注意力 -softmax", "*", "~2 ^10"])
def test_query_syntax_is_text(page: Page, demo_url: str, query: str) -> None:
    search(page, demo_url, query)  # the page fixture fails on any page or console error
    status = page.locator("#search-page-results .search-status")
    expect(status).not_to_contain_text("暂时无法搜索")  # (the demo is zh-CN)


def test_no_results_state(page: Page, demo_url: str, tmp_path: Path) -> None:
    assert search(page, demo_url, "zzqqxx") == []
    expect(page.locator("#search-page-results")).to_contain_text("没有与“zzqqxx”相关的文章。")
    write_posts(tmp_path, {"a": ("Adam", "", "Adam keeps two moments.")})
    (tmp_path / "site.yaml").write_text("title: T\nlanguage: en\n", "utf-8")
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "zzqqxx") == []
        expect(page.locator("#search-page-results")).to_contain_text("No posts match “zzqqxx”.")
        assert search(page, url, "moments") == ["Adam"]
        expect(page.locator(".search-status")).to_have_text("1 result")


def test_header_box_slash_keyboard_and_lazy_index(page: Page, demo_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(demo_url + "posts/lora/")
    settle(page)
    assert not any(url.endswith("search.json") for url in requested)  # lazy
    page.keyboard.press("/")
    expect(page.locator("#site-search-input")).to_be_focused()
    page.keyboard.type("梯度检查点")
    first = page.locator("#site-search-results .search-result").first
    expect(first).to_be_visible(timeout=15_000)
    assert any(url.endswith("search.json") for url in requested)
    page.keyboard.press("ArrowDown")
    expect(first).to_be_focused()
    expect(first).not_to_have_css("outline-style", "none")  # seen, not only a faint tint
    page.keyboard.press("Enter")
    page.wait_for_url(demo_url + "posts/grad-checkpoint/")


def test_pinyin_being_composed_is_not_searched(page: Page, demo_url: str) -> None:
    """An input method composes 梯度 from t, ti, tid, tidu: those letters were searched
    ("No posts match “tid”" flickered under the box)."""
    page.goto(demo_url + "posts/lora/")
    page.click("#site-search-input")
    cdp = page.context.new_cdp_session(page)
    shown: list[str] = []
    for letters in ("t", "ti", "tid", "tidu"):
        end = len(letters)
        cdp.send(
            "Input.imeSetComposition", {"text": letters, "selectionStart": end, "selectionEnd": end}
        )
        page.wait_for_timeout(400)  # longer than the box waits before it searches
        shown.append(page.locator("#site-search-results").inner_text())
    assert shown == ["", "", "", ""]
    cdp.send("Input.insertText", {"text": "梯度"})
    first = page.locator("#site-search-results .search-result").first
    expect(first).to_be_visible(timeout=15_000)
    expect(page.locator("#site-search-input")).to_have_value("梯度")


def test_search_page_reads_query_from_url(page: Page, demo_url: str) -> None:
    page.goto(demo_url + "search/?q=KV+cache")
    expect(page.locator("#search-page-input")).to_have_value("KV cache")
    expect(page.locator(".search-result-title").first).to_contain_text("KV cache", timeout=15_000)


@pytest.mark.parametrize("width", [320, 375, 768, 1280])
def test_header_dropdown_stays_on_screen(browser: Browser, demo_url: str, width: int) -> None:
    """On a phone the header box is not at the right edge: the results, anchored to its
    right edge, ran off the left of the screen."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(demo_url + "posts/lora/")
    page.fill("#site-search-input", "optim")
    results = page.locator("#site-search-results")
    expect(results.locator(".search-result").first).to_be_visible(timeout=15_000)
    box = results.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, (box, width)
    assert box["width"] >= min(300, width - 40)  # still wide enough to read
    context.close()


def test_a_word_itself_ranks_above_longer_ones_and_one_letter_is_no_prefix(
    page: Page, tmp_path: Path
) -> None:
    """ "C++" is searched as the word c, which only the post tagged C++ has: as a prefix
    it matched every post with a word in c. A whole word ranks above words it begins."""
    posts = {
        "cpp": ("C++ 模板元编程", "[C++]", "模板在编译期展开。"),
        "cut": ("Cutting the cache", "[misc]", "We cut costs and cache the cuts."),
        "lo": ("Lower bounds", "[misc]", "The lowest loss is lower than before, low enough."),
        "low": ("Low rank", "[misc]", "A low rank update."),
    }
    write_posts(tmp_path, {slug: (title, f"tags: {tags}\n", body)
                            for slug, (title, tags, body) in posts.items()})  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "C++") == ["C++ 模板元编程"]
        assert search(page, url, "low")[0] == "Low rank"  # the word itself first
        assert set(search(page, url, "low")) == {"Low rank", "Lower bounds"}


def test_partial_matches_need_most_of_the_query_and_summaries_are_found(
    page: Page, tmp_path: Path
) -> None:
    """No post has every word: those with at least half the words come, most first; one
    shared bigram (计算 of 量子计算) is no match. A summary is searched as it is shown."""
    posts = {
        "attn": ("多头注意力", "多头注意力把注意力分给几个头。", ""),
        "ddp": ("DDP 内部机制", "梯度同步的计算与通信。", ""),
        "essay": ("周末随笔", "天气不错。", "谈谈混合精度训练与量化"),
        "multi": ("Implementing MultiHeadAttention in JAX", "Heads in JAX.", ""),
        "clip": ("Clipping", "Clip the gradient norm of each batch.", ""),
    }
    write_posts(tmp_path, {slug: (title, f"summary: {summary}\n" if summary else "", body)
                            for slug, (title, body, summary) in posts.items()})  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "注意力机制") == ["多头注意力"]
        assert search(page, url, "量子计算") == []
        assert search(page, url, "混合精度") == ["周末随笔"]
        assert search(page, url, "multi head attention") == [
            "Implementing MultiHeadAttention in JAX"
        ]
        assert search(page, url, "gradients batches") == ["Clipping"]  # plurals, a second try


def test_one_chinese_character_finds_the_words_it_ends(page: Page, tmp_path: Path) -> None:
    """票 is indexed only in 投票: as a prefix alone, it found nothing."""
    write_posts(tmp_path, {
        "forest": ("随机森林", "", "多棵树最后投票。"),
        "cnn": ("CNN", "", "卷积核很小。"),
        "other": ("其他", "", "今天天气很好。"),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "票") == ["随机森林"]
        assert search(page, url, "核") == ["CNN"]
        assert search(page, url, "树") == ["随机森林"]
        assert sorted(search(page, url, "票 CNN")) == ["CNN", "随机森林"]  # half the words each


def test_marks_follow_the_search_s_own_folding_and_splitting(page: Page, tmp_path: Path) -> None:
    write_posts(tmp_path, {
        "gpu": ("GPU 显存估算", "", "用 C++ 写的 NCCL 与 CUDA 扩展；学习率 2e-4，batch 4096。"),
        "rf": ("随机森林", "", "ＦＵＬＬ width 字母也在。"),
    })  # fmt: skip

    def marks(query: str) -> list[str]:
        search(page, url, query)
        return page.locator("#search-page-results mark").all_inner_texts()

    with serve_built(tmp_path, "https://t.example/") as url:
        assert marks("ＧＰＵ") == ["GPU"]  # full-width query, half-width text
        assert marks("full") == ["ＦＵＬＬ"]  # and the other way
        assert marks("GPU显存") == ["GPU", "显存"]
        assert marks("《随机森林》") == ["随机森林"]
        assert marks("C++") == ["C"]  # not the C of NCCL and CUDA
        assert marks("2e-4") == ["2e-4"]  # one number, and not the 4 of 4096


@pytest.mark.parametrize("before", [59, 60])  # the snippet starting on either half
def test_a_snippet_never_starts_or_ends_inside_an_emoji(
    page: Page, tmp_path: Path, before: int
) -> None:
    body = "😀" * before + "，量化感知训练" + "𠀋" * 100
    write_posts(tmp_path, {"q": ("量化", "", body)})
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "量化感知") == ["量化"]
        shown = page.locator(".search-result-snippet").inner_text()
    assert "量化感知训练" in shown
    assert "\ufffd" not in shown and not any(0xD800 <= ord(c) <= 0xDFFF for c in shown)
    assert shown.startswith("…😀") and shown.endswith("𠀋…")


def _unjoined(text: str) -> str:
    return re.sub(r"[-._ ]", "", text.lower())


def test_words_marked_end_to_end_are_one_mark(page: Page, demo_url: str) -> None:
    """ "flash attention" marked FlashAttention as <mark>Flash</mark><mark>Attention</mark>:
    a gap showed inside the word."""
    search(page, demo_url, "flash attention")
    title = page.locator(".search-result-title", has_text="FlashAttention 的分块").first
    assert title.locator("mark").all_inner_texts() == ["FlashAttention"]
    widths = page.evaluate(
        "() => { const m = [...document.querySelectorAll('.search-result-title mark')]"
        ".find(m => m.textContent === 'FlashAttention'); const r = document.createRange();"
        " r.selectNodeContents(m); return [m.getBoundingClientRect().width,"
        " r.getBoundingClientRect().width]; }"
    )
    assert widths[0] - widths[1] < 4  # no more than its own padding


def test_plurals_of_short_words_and_acronyms_are_found(page: Page, tmp_path: Path) -> None:
    """GPUs, LLMs, CNNs found nothing: only words of four letters or more before the s,
    and not ending in -us, were tried in the singular."""
    write_posts(tmp_path, {
        "gpu": ("GPU 显存估算", "", "一张 GPU 能放下多大的模型。"),
        "llm": ("Serving an LLM", "", "An LLM server batches requests."),
        "cnn": ("CNN basics", "", "A CNN slides small kernels."),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "GPUs") == ["GPU 显存估算"]
        assert search(page, url, "LLMs") == ["Serving an LLM"]
        assert search(page, url, "cnns kernels") == ["CNN basics"]


def test_the_count_is_every_match_and_the_page_shows_them_all(page: Page, tmp_path: Path) -> None:
    """A word in 40 posts said "30 results", and the header's "All 30 results" led to a
    page of 30: the rest could not be reached."""
    posts = {f"p{n:02d}": (f"Adam note {n}", "", f"Adam, run {n}.") for n in range(40)}
    write_posts(tmp_path, posts)
    (tmp_path / "site.yaml").write_text("title: T\nlanguage: en\n", "utf-8")
    with serve_built(tmp_path, "https://t.example/") as url:
        page.goto(url)
        page.fill("#site-search-input", "adam")
        expect(page.locator("#site-search-results .search-more")).to_have_text("All 40 results")
        assert len(search(page, url, "adam")) == 30  # a first page of them
        expect(page.locator("#search-page-results .search-status")).to_have_text("40 results")
        page.click("#search-page-results .search-show-more")
        titles = page.locator("#search-page-results .search-result-title")
        expect(titles).to_have_count(40)
        assert sorted(titles.all_inner_texts()) == sorted(title for title, _, _ in posts.values())
        expect(titles.nth(30).locator("xpath=..")).to_be_focused()  # on to the first new one
        expect(page.locator("#search-page-results .search-show-more")).to_have_count(0)


def test_a_post_found_by_another_spelling_shows_where(page: Page, tmp_path: Path) -> None:
    """Found by the singular (gradients), by a compound written whole (gpt4, logsumexp) or
    by most of a Chinese word (注意力 of 注意力机制), a post showed no mark, and its
    snippet began at the start of the text, not where the match is."""
    filler = "This paragraph is about something else entirely, and it goes on for a while. " * 3
    write_posts(tmp_path, {
        "clip": ("Clipping the gradient", "", filler + "Clip each gradient norm."),
        "gpt": ("Notes on GPT-4", "", filler + "GPT-4 is large."),
        "lse": ("Stable softmax", "", filler + "Use log-sum-exp here."),
        "attn": ("多头注意力", "", "这" * 120 + "，多头注意力把注意力分给几个头。"),
    })  # fmt: skip

    def shown(query: str) -> tuple[list[str], list[str], str]:
        assert len(search(page, url, query)) == 1, query
        result = page.locator("#search-page-results .search-result")
        snippet = result.locator(".search-result-snippet")
        marks = result.locator(".search-result-title mark").all_inner_texts()
        return marks, snippet.locator("mark").all_inner_texts(), snippet.inner_text()

    with serve_built(tmp_path, "https://t.example/") as url:
        assert shown("gradients")[:2] == (["gradient"], ["gradient"])
        assert shown("gpt4")[:2] == (["GPT-4"], ["GPT-4"])
        title, marks, snippet = shown("logsumexp")
        assert title == [] and marks == ["log-sum-exp"] and "Use log-sum-exp here." in snippet
        title, marks, snippet = shown("注意力机制")
        assert title == ["注意力"] and marks == ["注意力", "注意力"], (title, marks, snippet)
        assert "多头注意力把注意力" in snippet


def test_every_word_of_the_query_weighs_the_same(page: Page, tmp_path: Path) -> None:
    """The last word of a query weighed ten times the others (to rank a word itself above
    the longer words it begins): 注意力 机制 put a post with 机制 in a heading above the
    post with 注意力 in its title, and `lora attention` a post titled Attention above
    the one titled LoRA and attention."""
    write_posts(tmp_path, {
        "mha": ("多头注意力", "", "多头注意力把注意力分给几个头。"),
        "ddp": ("DDP 原理", "", "数据并行。\n\n## 内部机制\n\n分桶同步。"),
        "both": ("LoRA and attention", "", "Adapters for the attention weights, with LoRA."),
        "attn": ("Attention, attention", "", "Attention weights explained, with LoRA."),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "注意力 机制") == ["多头注意力", "DDP 原理"]
        assert search(page, url, "lora attention") == ["LoRA and attention", "Attention, attention"]


def test_a_stop_word_being_typed_is_the_start_of_a_word(page: Page, tmp_path: Path) -> None:
    """Typing "attention" said "No posts match" at "at", and "inference" at "in": both are
    stop words, left out of the query, which was then empty."""
    write_posts(tmp_path, {
        "attn": ("Attention, briefly", "", "Queries meet keys."),
        "infer": ("Faster inference", "", "Batch the requests."),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "at") == ["Attention, briefly"]
        assert search(page, url, "In") == ["Faster inference"]
        assert search(page, url, "the") == []  # no word starts so: as before
        assert search(page, url, "a") == []  # one letter would be every post


def test_a_particle_typed_after_a_name_is_not_marked_everywhere(page: Page, tmp_path: Path) -> None:
    """ "FlashAttention的" marked every 的 of the snippet."""
    write_posts(tmp_path, {
        "fa": ("FlashAttention 笔记", "", "FlashAttention的核心是分块的计算，以及在线的 softmax。"),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "FlashAttention的") == ["FlashAttention 笔记"]
        marks = page.locator(".search-result mark").all_inner_texts()
        assert "FlashAttention" in marks and "的" not in marks, marks
        assert search(page, url, "的") == ["FlashAttention 笔记"]  # alone, it is the query
        assert "的" in page.locator(".search-result mark").all_inner_texts()


def test_a_series_name_finds_its_parts(page: Page, tmp_path: Path) -> None:
    """A reader who remembers the series, not the part, found nothing."""
    write_posts(tmp_path, {
        "one": ("Tiling", "series: Efficient Transformers\n", "Blocks of the matrix."),
        "two": ("Caching", "series: Efficient Transformers\n", "Keys kept between steps."),
        "other": ("Transformers in vision", "", "Patches as tokens."),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert sorted(search(page, url, "efficient transformers")) == ["Caching", "Tiling"]


def test_a_formula_in_a_title_reads_as_text_in_the_header_results(
    page: Page, tmp_path: Path
) -> None:
    """The post shows the title typeset; its result showed `O(n^2)` and `\\sqrt{d_k}`."""
    write_posts(tmp_path, {
        "linear": ("$O(n^2)$ attention made linear", "", "Kernels instead of softmax."),
        "scale": ('"Why divide by $\\\\sqrt{d_k}$?"', "", "The scores' variance grows."),
        "hat": ("Estimating $\\hat{y}$ attention", "", "What stays TeX."),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        page.goto(url)
        settle(page)
        page.fill("#site-search-input", "attention")
        titles = page.locator("#site-search-results .search-result-title")
        expect(titles).to_have_count(2, timeout=15_000)
        assert sorted(titles.all_inner_texts()) == [
            "Estimating \\hat{y} attention",  # no text form: its TeX, as before
            "O(n²) attention made linear",
        ]
        assert search(page, url, "divide") == ["Why divide by √dₖ?"]
        assert search(page, url, "n^2") == ["O(n²) attention made linear"]  # TeX still finds
