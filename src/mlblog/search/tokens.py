"""The search tokenizer. `theme/static/assets/js/search-tokens.js` is its exact mirror;
tests/fixtures/search/tokens.json is checked against both so they cannot drift.

- Latin letters and digits form words, lower-cased; words joined by `.`, `_` or `-`
  with nothing between (`all-reduce`, `torch.nn.functional`) also give each adjacent
  pair joined (`allreduce`, `torchnn`, `nnfunctional`), and three or more the whole
  (`log-sum-exp` → `logsumexp`), so every spelling finds them.
- A camelCase word of parts of three letters or more is such a compound too
  (`FlashAttention` → `flash`, `attention`, `flashattention`); `LoRA` and `AdamW` stay
  whole.
- A run of CJK characters gives its overlapping bigrams (`注意力` → `注意`, `意力`);
  a lone CJK character is itself.
- Greek letters (with tonos too) are word letters, as ML notes write them in names
  (`μP`, `β-VAE`); the micro sign is μ and a final ς is σ, so each spelling finds the other.
- Full-width ASCII counts as ASCII, and a CJK radical standing for an ideograph (a PDF's
  `⼒` for `力`) as that ideograph. English stop words are dropped; nothing is stemmed.
- Character classes are explicit code-point ranges, never `\\w` or Unicode properties:
  Python and browsers ship different Unicode versions.
"""

from __future__ import annotations

import re
from itertools import pairwise

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "s",  # of "token's": split at the apostrophe, it would match as a word
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
    ]
)
JOINERS = frozenset("._-")
# (first, last) code points, inclusive
WORD_RANGES = (
    (0x30, 0x39),  # digits
    (0x41, 0x5A),
    (0x61, 0x7A),
    (0xB5, 0xB5),  # micro sign, folded to μ
    (0xC0, 0xD6),
    (0xD8, 0xF6),
    (0xF8, 0x24F),  # Latin-1 and Extended-A/B letters
    (0x370, 0x373),  # Greek (the letters of its block, which fold into one another):
    (0x376, 0x377),  # archaic letters,
    (0x37B, 0x37D),  # the small forms of Ͻ Ͼ Ͽ,
    (0x37F, 0x37F),
    (0x386, 0x386),  # Ά
    (0x388, 0x38A),  # Έ Ή Ί
    (0x38C, 0x38C),  # Ό
    (0x38E, 0x3A1),  # Ύ Ώ ΐ Α…Ρ
    (0x3A3, 0x3F5),  # Σ…ω, with tonos and dialytika, and the symbol forms ϑ ϕ ϵ
    (0x3F7, 0x3FF),  # (0x3F6 is a math sign)
)
CJK_RANGES = (
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x2A6DF),  # CJK extension B
)
WORD, CJK, JOIN, OTHER = range(4)


def _class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges)


# Runs of one kind, found by a regex made of the explicit ranges above.
_WORD_CLASS, _CJK_CLASS = _class(WORD_RANGES), _class(CJK_RANGES)
_RUN = re.compile(
    f"([{_WORD_CLASS}]+)|([{_CJK_CLASS}]+)|([._-]+)|([^{_WORD_CLASS}{_CJK_CLASS}._-]+)"
)
# Full-width ASCII becomes ASCII; ASCII, Latin-1/Extended-A and Greek letters become lower
# case (only those, exactly as the JS `fold`: lower-casing all text would turn the Kelvin
# sign into `k` in Python but not in JS).
_FOLD = {
    code: chr(code).lower()
    for code in (*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x370, 0x400))
}
_FOLD.update({code: chr(code - 0xFEE0).lower() for code in range(0xFF01, 0xFF5F)})
_FOLD.update({0xB5: "\u03bc", 0x3C2: "\u03c3"})  # µ (a keyboard's) is μ; ς is σ at a word's end
# Text copied from a PDF (动手学深度学习's, say) has radicals for the ideographs that look
# alike: 注意⼒ is 注意力, ⽹络 网络, 常⻅ 常见. The Kangxi radicals, in order from U+2F00,
# and the simplified whole-character forms of the radicals supplement, as the ideograph.
KANGXI = (
    "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀"
    "寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋"
    "比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸"
    "缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛"
    "辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻"
    "黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠"
)
RADICALS = (  # pairs: radical, ideograph
    "⺟母⻅见⻆角⻉贝⻋车⻓长⻔门⻙韦⻚页⻛风⻜飞⻢马⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻬齐⻮齿⻰龙⻳龟"
)
_FOLD.update({0x2F00 + i: ideograph for i, ideograph in enumerate(KANGXI)})
_FOLD.update({ord(RADICALS[i]): RADICALS[i + 1] for i in range(0, len(RADICALS), 2)})


_ASCII_WORD = re.compile("[A-Za-z]{6,}")  # the shortest camelCase word of two parts of 3


def _camel_parts(word: str) -> list[str]:
    """`MultiHeadAttention` → Multi, Head, Attention; `RMSNorm` → RMS, Norm."""
    parts: list[str] = []
    start = 0
    for i in range(1, len(word)):
        before, here, after = word[i - 1], word[i], word[i + 1 : i + 2]
        if here.isupper() and (before.islower() or (before.isupper() and after.islower())):
            parts.append(word[start:i])
            start = i
    parts.append(word[start:])
    return parts


def _split_camel(match: re.Match[str]) -> str:
    parts = _camel_parts(match.group())
    return "-".join(parts) if len(parts) > 1 and min(map(len, parts)) >= 3 else match.group()


def tokenize(text: str) -> list[str]:
    """Terms for the index (repeats kept: they count as term frequency)."""
    tokens: list[str] = []
    compound: list[str] = []  # words joined by single joiners, e.g. torch . nn . functional
    pending_join = False
    text = _ASCII_WORD.sub(_split_camel, text)  # its parts joined, as `flash-attention`
    for match in _RUN.finditer(text.translate(_FOLD)):
        kind, run = (match.lastindex or OTHER + 1) - 1, match.group()
        if kind == WORD:
            if compound and not pending_join:
                _close(compound, tokens)
                compound = []
            compound.append(run)
            pending_join = False
        elif kind == JOIN and len(run) == 1 and compound and not pending_join:
            pending_join = True
        else:
            if compound:
                _close(compound, tokens)
                compound = []
            pending_join = False
            if kind == CJK:
                bigrams = [run[i : i + 2] for i in range(len(run) - 1)]
                tokens.extend(bigrams or [run])
    if compound:
        _close(compound, tokens)
    return tokens


def _close(compound: list[str], tokens: list[str]) -> None:
    """A compound's words (stop words dropped), each adjacent pair joined, and the whole
    joined when it has three words or more."""
    if len(compound) == 1:
        if compound[0] not in STOP_WORDS:
            tokens.append(compound[0])
        return
    tokens.extend(word for word in compound if word not in STOP_WORDS)
    tokens.extend(a + b for a, b in pairwise(compound))
    if len(compound) > 2:
        tokens.append("".join(compound))


def query_terms(text: str) -> list[str]:
    """Terms of a query: the same tokens, each once, in order."""
    return list(dict.fromkeys(tokenize(text)))
