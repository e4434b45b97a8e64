"""What counts as a word and how it ranks, searched in headless chromium: Greek letters,
names with a version number, one Chinese character, a pasted sentence, and marks after
a letter whose lower case is longer than itself."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from browser import serve_built
from searching import search, write_posts


def marks(page: Page, where: str = ".search-result") -> list[str]:
    return page.locator(f"#search-page-results {where} mark").all_inner_texts()


def test_greek_letters_are_word_letters(page: Page, tmp_path: Path) -> None:
    """μP found nothing (μ was a separator, leaving p), β-VAE found every VAE post and α
    was no query at all."""
    write_posts(tmp_path, {
        "mup": ("μP：超参数随宽度迁移", "", "用 μP 参数化，小模型上调好的学习率能搬到大模型。"),
        "bvae": ("β-VAE 与解耦表示", "", "β 大于 1 时 KL 项的权重更大。"),
        "vae": ("VAE 入门", "", "变分自编码器把 ELBO 拆成重构项和 KL 项。"),
        "lr": ("学习率调度", "", "学习率 α 先线性升高，再按余弦下降。"),
        "top": ("top-p 采样", "", "只在累计概率达到 p 的词里采样。"),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "μP") == ["μP：超参数随宽度迁移"]
        assert marks(page, ".search-result-title") == ["μP"]
        assert search(page, url, "µp") == ["μP：超参数随宽度迁移"]  # a keyboard's micro sign
        assert search(page, url, "β-VAE") == ["β-VAE 与解耦表示"]
        assert marks(page, ".search-result-title") == ["β-VAE"]
        assert search(page, url, "α") == ["学习率调度"]
        assert marks(page, ".search-result-snippet") == ["α"]
        assert sorted(search(page, url, "VAE")) == ["VAE 入门", "β-VAE 与解耦表示"]
        page.goto(url)  # typed key by key into the header box, each prefix searched on the way
        page.locator("#site-search-input").press_sequentially("β-VAE", delay=80)
        titles = page.locator("#site-search-results .search-result-title")
        expect(titles).to_have_text(["β-VAE 与解耦表示"], timeout=15_000)


def test_a_name_finds_its_versions_below_itself(page: Page, tmp_path: Path) -> None:
    """ResNet found ResNet50 only when no post had ResNet itself, and ranked it last; GPT
    or llama beside another word found GPT4 and llama2 only among every post with that
    other word."""
    write_posts(tmp_path, {
        "r50": ("ResNet50 的训练技巧", "", "在 CIFAR 上训练 ResNet50 的几个细节。"),
        "survey": ("图像分类综述", "", "从 AlexNet、VGG 到 ResNet 和 ViT。"),
        "res": ("ResNet 与残差连接", "", "残差连接让很深的网络也能训练。"),
        "gpt": ("GPT4 推理成本", "", "估算 GPT4 每个 token 的推理成本。"),
        "fast": ("推理加速", "", "量化与投机解码。"),
        "llama": ("llama2 微调笔记", "", "用 LoRA 微调 llama2。"),
        "lora": ("LoRA 微调原理", "", "低秩适配。"),
        "fp16": ("fp16 训练笔记", "", "用 fp16 训练时要做损失缩放。"),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        # the word itself, then the word with a number (title above text in each)
        assert search(page, url, "ResNet") == [
            "ResNet 与残差连接", "ResNet50 的训练技巧", "图像分类综述"
        ]  # fmt: skip
        version = page.locator(".search-result", has_text="ResNet50 的训练技巧")
        assert version.locator("mark").all_inner_texts() == ["ResNet", "ResNet"]
        assert search(page, url, "GPT 推理") == ["GPT4 推理成本"]
        assert marks(page, ".search-result-title") == ["GPT", "推理"]
        assert search(page, url, "llama 微调") == ["llama2 微调笔记"]
        assert search(page, url, "fp 训练") == ["fp16 训练笔记"]
        assert marks(page, ".search-result-title") == ["fp", "训练"]  # two letters, marked too


def test_one_chinese_character_ranks_a_title_above_a_stray_one(page: Page, tmp_path: Path) -> None:
    """注 ranked a post with a stray 注 (注：…) in its text above one with 注意力 in its
    title: inside a pair, the character counted a tenth."""
    write_posts(tmp_path, {
        "attn": ("注意力机制详解", "", "缩放点积的计算过程。"),
        "log": ("训练日志", "", "注：本文的实验都在单卡上完成。"),
        "adam": ("优化器", "", "Adam 的更新规则。"),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "注") == ["注意力机制详解", "训练日志"]


def test_a_pasted_sentence_finds_its_post_and_an_unrelated_one_nothing(
    page: Page, tmp_path: Path
) -> None:
    """A sentence copied from a post found nothing when its end lay past the indexed
    opening (OPENING_CHARS): its last few short phrases, and the letters the browser
    copies of a formula (𝑦y for $y$), were each a word of the query, and fewer than half
    of its words were found though most of its text was."""
    opening = (
        "束搜索是序列生成里最常用的解码方法之一。它在每一步保留若干个得分最高的部分序列，"
        "再把它们各自扩展一个词，从所有候选中重新挑出最好的几个，直到遇到结束符或达到最大"
        "长度。和贪心解码相比，它能避开一部分局部最优；和穷举相比，它的代价只随束宽线性增长。"
        "实际使用时还要处理重复、长度偏置和多样性不足等问题，下面逐个讨论。先看得分的定义："
        "一个候选的得分是它每个词的对数概率之和。束宽通常取 4 到 10，更大的束宽并不总能带来"
        "更好的结果，有时反而会让输出变得更短、更平淡，这正是下面要讨论的长度偏置的一个表现。"
        "为了便于比较，下文的例子都用同一个小模型。"
    )
    sentence = (
        "由于每一项都是负数，这个得分天然偏好短序列，所以通常会做长度归一化，例如除以"
        " $|y|^\\alpha$，其中 $\\alpha$ 取 0.6 到 1，$y$ 是序列长度，长度越长，除数越大，"
        "惩罚就被抵消。"
    )
    write_posts(tmp_path, {
        "beam": ("beam search 的长度归一化", "", f"{opening}\n\n{sentence}"),
        "walk": ("周末", "", "我们一起去公园，湖边的风景很好。"),
        "sample": ("采样", "", "温度越高，分布越平，生成的序列越多样。"),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        page.goto(url + "posts/beam/")
        copied = page.evaluate(
            "() => { const r = document.createRange();"
            " r.selectNodeContents(document.querySelectorAll('.post-body p')[1]);"
            " getSelection().removeAllRanges(); getSelection().addRange(r);"
            " return getSelection().toString(); }"
        )
        assert copied.startswith("由于每一项") and "𝑦" in copied  # with a formula's copy
        assert search(page, url, copied) == ["beam search 的长度归一化"]
        unrelated = "今天天气很好，我们一起去公园散步，然后在湖边的咖啡馆里喝了一杯茶。"
        assert search(page, url, unrelated) == []


def test_marks_after_a_dotted_capital_i_land_on_the_match(page: Page, tmp_path: Path) -> None:
    """İ lower-cases to two characters (i and a combining dot): every mark after it fell
    one character late (议笔 for 会议)."""
    write_posts(tmp_path, {
        "ist": ("İstanbul 会议笔记", "", "İzmir 和 İstanbul 两场报告都讲了 attention。"),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "会议") == ["İstanbul 会议笔记"]
        assert marks(page) == ["会议"]
        assert search(page, url, "attention") == ["İstanbul 会议笔记"]
        assert marks(page) == ["attention"]
        assert search(page, url, "İstanbul") == ["İstanbul 会议笔记"]
        assert marks(page) == ["İstanbul", "İstanbul"]


def test_a_plural_also_finds_posts_that_say_the_word_once(page: Page, tmp_path: Path) -> None:
    """ "Transformers" found only the posts that say transformers: the singular was tried
    only when no post had the plural, so a post titled Transformer never came."""
    write_posts(tmp_path, {
        "lib": ("Transformers library tips", "", "The library wraps pretrained models."),
        "attn": ("Transformer 里的注意力", "", "每个位置加权汇总其他位置。"),
        "cnn": ("CNN 入门", "", "卷积核很小，注意力不在这里。"),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        found = search(page, url, "Transformers")
        assert sorted(found) == ["Transformer 里的注意力", "Transformers library tips"]
        assert sorted(marks(page, ".search-result-title")) == ["Transformer", "Transformers"]
        assert search(page, url, "transformers 注意力") == ["Transformer 里的注意力"]
        assert marks(page, ".search-result-title") == ["Transformer", "注意力"]


def test_a_word_typed_one_letter_wrong_still_finds_its_post(page: Page, tmp_path: Path) -> None:
    """ "attenton" or "optimzer" said no post matched: only the word as written was looked
    up. A long word one letter off is now tried once nothing matches it as typed, and the
    word found is marked."""
    write_posts(tmp_path, {
        "attn": ("Attention, briefly", "", "Queries meet keys."),
        "opt": ("Optimizer state", "", "Adam keeps two moments per weight."),
        "lora": ("LoRA", "", "Low-rank adapters."),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "attenton") == ["Attention, briefly"]
        assert marks(page, ".search-result-title") == ["Attention"]
        assert search(page, url, "optimzer moments") == ["Optimizer state"]
        assert marks(page) == ["Optimizer", "moments"]
        assert search(page, url, "attention") == ["Attention, briefly"]  # as before
        assert search(page, url, "lorb") == []  # a short word has too many neighbours


def test_a_word_finds_its_plural_at_full_weight(page: Page, tmp_path: Path) -> None:
    """ "transformer" ranked a post merely tagged Transformer above the one titled
    Transformers (the plural counted only as a longer word, a tenth), and "transformer
    注意力" missed a post titled Transformers 与注意力 (a word before the last matched only
    itself)."""
    write_posts(tmp_path, {
        "lib": ("Transformers library tips", "", "Each block has an MLP."),
        "attn": ("缩放点积", "tags: [Transformer]\n", "每个位置加权汇总。"),
        "both": ("Transformers 与注意力", "", "多头注意力的实现。"),
        "cnn": ("CNN 入门", "", "卷积核很小，注意力不在这里。"),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        found = search(page, url, "transformer")
        assert sorted(found[:2]) == ["Transformers library tips", "Transformers 与注意力"]
        assert found[2:] == ["缩放点积"]
        assert search(page, url, "transformer 注意力") == ["Transformers 与注意力"]
        assert marks(page, ".search-result-title") == ["Transformers", "注意力"]


def test_a_lone_letter_is_not_half_of_a_query(page: Page, tmp_path: Path) -> None:
    """ "QK^T" listed every post with a T in it: no post had qk, and the letter alone was
    half of the query's words, enough to be shown."""
    write_posts(tmp_path, {
        "warm": ("Warmup", "", "Warm up for T steps, then decay."),
        "adam": ("Adam", "", "Two moments per weight."),
    })  # fmt: skip
    with serve_built(tmp_path, "https://t.example/") as url:
        assert search(page, url, "QK^T") == []
        assert search(page, url, "warmup z") == ["Warmup"]  # the word is half, as before
        assert search(page, url, "T") == ["Warmup"]  # and the letter alone is the query
