"""A seeded generator of realistic ML-notes sites: `python -m bench.generate DIR N`.

Posts mix Chinese and English prose with headings, lists, tables, 1–4 code blocks,
inline and display math at the density of real notes (~17 formulas a post, about two in
three of them the post's own, as in the demo posts), categories, tags and a few drafts.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

CATEGORIES = ["Python", "Large Model", "Deep Learning", "Math", "杂七杂八", "Systems"]
TAGS = ["PyTorch", "注意力", "显存", "分布式", "优化器", "概率", "线性代数", "CUDA",
        "推理", "训练", "数值稳定", "LoRA", "Transformer", "JAX", "numpy"]  # fmt: skip
ZH = [
    "注意力",
    "梯度",
    "显存",
    "张量",
    "参数",
    "模型",
    "训练",
    "推理",
    "损失函数",
    "优化器",
    "批大小",
    "学习率",
    "反向传播",
    "前向计算",
    "矩阵乘法",
    "归一化",
    "分布式",
    "通信",
    "精度",
    "缓存",
    "序列长度",
    "权重",
    "激活值",
    "采样",
    "概率分布",
    "期望",
    "方差",
]
ZH_GLUE = ["的", "在", "会", "可以", "需要", "通过", "由于", "因此", "其中", "对于", "把", "和"]
EN = [
    "the",
    "gradient",
    "memory",
    "tensor",
    "model",
    "batch",
    "kernel",
    "attention",
    "layer",
    "we",
    "compute",
    "store",
    "each",
    "step",
    "cost",
    "scales",
    "with",
    "sequence",
    "length",
    "a",
    "of",
    "in",
    "is",
    "this",
    "that",
    "when",
    "training",
    "inference",
    "cache",
    "all-reduce",
    "torch.nn.functional",
    "FlashAttention",
    "LoRA",
    "optimizer",
    "precision",
    "softmax",
]
INLINE = [
    r"O(N^2)",
    r"\mathbf{x} \in \mathbb{R}^d",
    r"W = W_0 + BA",
    r"\|x\|_2",
    r"p(y \mid x)",
    r"\sigma(z) = 1/(1+e^{-z})",
    r"d_k",
    r"\beta_1 = 0.9",
    r"\nabla_\theta L",
    r"QK^\top",
]
DISPLAY = [
    r"\operatorname{Attention}(Q,K,V)"
    r" = \operatorname{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V",
    r"\hat m_t = \frac{m_t}{1-\beta_1^t}, \quad \hat v_t = \frac{v_t}{1-\beta_2^t}",
    "\\begin{aligned}\nL &= -\\sum_i y_i \\log p_i \\\\\n&= H(y, p)\n\\end{aligned}",
    r"\mathbb{E}_{x \sim p}[f(x)] = \int f(x)\, p(x)\, dx",
    r"y = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} \odot \gamma + \beta",
]
# Real notes repeat a small vocabulary of formulas across posts (single letters, O(N^2)),
# but most of a post's formulas are its own: in the demo posts 73 % of formula
# occurrences are unique to their post. A post-specific formula is one of these shapes
# with its own symbols, indices and numbers, so KaTeX's per-formula cache does not make
# math free in the bench.
SHARED_SHARE = 0.27
LOWER = ["x", "y", "z", "h", "w", "q", "k", "v", "a", "g", r"\theta", r"\alpha", r"\mu", r"\phi"]
UPPER = ["W", "Q", "K", "V", "X", "H", "A", "B", "M", "S"]
INDEX = ["i", "j", "t", "l", "n", "s"]
BOUND = ["N", "T", "B", "L", "M", "d"]
INLINE_SHAPES = [
    "{a}_{{{i}}} = {b}^{{({n})}}",
    r"\sum_{{{i}=1}}^{{{N}}} {a}_{{{i}}} {b}_{{{i}}}",
    r"\mathbb{{E}}[{a}_{{{i}}}] \approx {f}",
    "O({N}^{{{k}}} d_{{{n}}})",
    r"\frac{{{a}}}{{\sqrt{{d_{{{n}}}}}}}",
    r"{A} \in \mathbb{{R}}^{{{n} \times {m}}}",
    r"\|{a} - {b}\|_{{{k}}}",
    r"\nabla_{{{a}}} \mathcal{{L}}_{{{n}}}",
    r"{a}_{{{i}}} \sim \mathcal{{N}}(0, {f})",
    r"{A}{B}^\top \in \mathbb{{R}}^{{{N} \times {n}}}",
]
DISPLAY_SHAPES = [
    r"\mathcal{{L}}_{{{n}}} = -\sum_{{{i}=1}}^{{{N}}} {a}_{{{i}}} \log {b}_{{{i}}}"
    r" + {f} \|{c}\|_2^2",
    r"\operatorname{{softmax}}\left(\frac{{{A}_{{{n}}} {B}^\top}}{{\sqrt{{{m}}}}}\right) {C}",
    "\\begin{{aligned}}\n{a}_{{{i}+1}} &= {a}_{{{i}}} - {f} \\nabla {b}_{{{i}}} \\\\\n"
    "&= {a}_{{{i}}} (1 - {f} \\cdot {n})\n\\end{{aligned}}",
    r"\mathbb{{E}}_{{{a} \sim p}}[{b}({a})] = \int {b}({a})\, p({a})\, d{a} + {f}",
    r"{A}_{{{n}}} = W_0 + \frac{{{m}}}{{{N}}} {B} {C}",
]


def formula(rng: random.Random, display: bool) -> str:
    """One formula: now and then one of the shared vocabulary, mostly the post's own."""
    if rng.random() < SHARED_SHARE:
        return rng.choice(DISPLAY if display else INLINE)
    a, b, c = rng.sample(LOWER, 3)
    upper = rng.sample(UPPER, 3)
    return rng.choice(DISPLAY_SHAPES if display else INLINE_SHAPES).format(
        a=a, b=b, c=c, A=upper[0], B=upper[1], C=upper[2], i=rng.choice(INDEX),
        N=rng.choice(BOUND), n=rng.randint(1, 4096), m=rng.randint(1, 4096),
        k=rng.randint(2, 4), f=f"{rng.randint(1, 999) / 1000:g}",
    )  # fmt: skip


# Like formulas, a post's code is mostly its own: each block is one of these shapes with
# its own sizes and names, so a cache of highlighted blocks gains nothing in a cold build.
CODE = [
    ("python", """import torch

x = torch.randn({n}, {m}, device="cuda")
w = torch.nn.Linear({m}, {k})
y = torch.nn.functional.gelu(w(x))
print(y.shape)
"""),
    ("python", """def {name}(model, batch, opt):
    opt.zero_grad(set_to_none=True)
    loss = model(**batch).loss * {f}
    loss.backward()
    opt.step()
    return loss.item()
"""),
    ("bash", """torchrun --nproc_per_node={g} train.py --bf16 --grad-ckpt --steps {n}
nvidia-smi --query-gpu=memory.used --format=csv
"""),
    ("yaml", """model:
  d_model: {m}
  n_heads: {g}
optim:
  lr: {f}e-4
  warmup: {n}
"""),
]  # fmt: skip
NAMES = ["step", "train_step", "update", "fit_batch", "run_step", "sgd_step"]


def code_block(rng: random.Random) -> str:
    lang, shape = rng.choice(CODE)
    code = shape.format(
        n=rng.randint(1, 4096), m=rng.choice((256, 512, 768, 1024, 4096)),
        k=rng.randint(1, 4096), g=rng.choice((1, 2, 4, 8)), name=rng.choice(NAMES),
        f=f"{rng.randint(1, 999) / 100:g}",
    )  # fmt: skip
    return f"```{lang}\n{code}```"


def _zh_sentence(rng: random.Random) -> str:
    words = [
        rng.choice(ZH) if i % 2 == 0 else rng.choice(ZH_GLUE) for i in range(rng.randint(6, 14))
    ]
    if rng.random() < 0.5:
        words.insert(rng.randint(1, len(words)), f" ${formula(rng, False)}$ ")
    return "".join(words) + "。"


def _en_sentence(rng: random.Random) -> str:
    words = [rng.choice(EN) for _ in range(rng.randint(8, 18))]
    if rng.random() < 0.4:
        words.insert(rng.randint(1, len(words)), f"${formula(rng, False)}$")
    sentence = " ".join(words)
    return sentence[0].upper() + sentence[1:] + "."


def _paragraph(rng: random.Random, chinese: bool) -> str:
    make = _zh_sentence if chinese else _en_sentence
    return ("" if chinese else " ").join(make(rng) for _ in range(rng.randint(2, 5)))


def _list_item(text: str) -> str:
    """A paragraph cut short for a list item, never inside a formula: a formula cut in two
    is a mistake of the author's, which the build warns of (render/lone_dollar.py)."""
    cut = text[:60]
    return cut[: cut.rindex("$")].rstrip() if cut.count("$") % 2 else cut


def post(rng: random.Random, index: int) -> str:
    chinese = rng.random() < 0.65
    blocks: list[str] = [_paragraph(rng, chinese)]
    codes = rng.randint(1, 4)
    for section in range(rng.randint(2, 5)):
        blocks.append(
            f"## {'第' + str(section + 1) + '节' if chinese else 'Section ' + str(section + 1)}"
        )
        blocks.append(_paragraph(rng, chinese))
        if rng.random() < 0.5:
            blocks.append(f"$$\n{formula(rng, True)}\n$$")
        if codes and rng.random() < 0.6:
            blocks.append(code_block(rng))
            codes -= 1
        if rng.random() < 0.3:
            blocks.append(
                "\n".join(f"{i + 1}. {_list_item(_paragraph(rng, chinese))}" for i in range(3))
            )
        if rng.random() < 0.15:
            blocks.append(
                "| 名称 | 公式 |\n|---|---|\n| 范数 | $\\|x\\|_2$ |\n| 复杂度 | $O(N d)$ |"
            )
        blocks.append(_paragraph(rng, chinese))
    for _ in range(codes):
        blocks.append(code_block(rng))
    year, day = 2019 + index % 7, 1 + index % 28
    month = 1 + (index // 28) % 12
    tags = rng.sample(TAGS, rng.randint(1, 4))
    draft = "draft: true\n" if rng.random() < 0.02 else ""
    title = (
        f"笔记 {index}：{rng.choice(ZH)}与{rng.choice(ZH)}"
        if chinese
        else f"Note {index}: {rng.choice(EN)} and {rng.choice(EN)}"
    )
    time = f"{index % 24:02d}:{index % 60:02d}:00"
    front = (
        f'---\ntitle: "{title}"\ndate: {year}-{month:02d}-{day:02d} {time}\n'
        f"categories: [{rng.choice(CATEGORIES)}]\ntags: [{', '.join(tags)}]\n{draft}---\n"
    )
    return front + "\n\n".join(blocks) + "\n"


def generate(root: Path, count: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    (root / "content" / "posts").mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(
        "title: Bench notes\ntagline: INCOMING TRANSMISSION\nbase_url: https://bench.example/\n"
        "timezone: Asia/Shanghai\n",
        encoding="utf-8",
    )
    for index in range(count):
        path = root / "content" / "posts" / f"note-{index:05d}.md"
        path.write_text(post(rng, index), encoding="utf-8")
    return root


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]))
