"""Readings of polyphonic characters in ML writing that pypinyin's dictionary gets wrong
(长序列 is cháng, not zhǎng; 一行 is háng; 重采样 is chóng), for `slug: pinyin`."""

from __future__ import annotations

from functools import cache

# Phrases as pypinyin finds them (longest match first), with their readings.
READINGS = {
    "长序列": "cháng xù liè",
    "长上下文": "cháng shàng xià wén",
    "长文本": "cháng wén běn",
    "长尾": "cháng wěi",
    "长距离": "cháng jù lí",
    "长向量": "cháng xiàng liàng",
    "行向量": "háng xiàng liàng",
    "行优先": "háng yōu xiān",
    "一行": "yì háng",
    "每行": "měi háng",
    "逐行": "zhú háng",
    "按行": "àn háng",
    "单行": "dān háng",
    "多行": "duō háng",
    "空行": "kòng háng",
    "首行": "shǒu háng",
    "行数": "háng shù",
    "重参数化": "chóng cān shù huà",
    "重采样": "chóng cǎi yàng",
    "重构": "chóng gòu",
    "重排序": "chóng pái xù",
    "重写": "chóng xiě",
    "重训练": "chóng xùn liàn",
    "重计算": "chóng jì suàn",
    "重加权": "chóng jiā quán",
    "调参": "tiáo cān",
    "调优": "tiáo yōu",
    "似然": "sì rán",
}


@cache
def load_readings() -> None:
    """Teach pypinyin these phrases, once per process."""
    from pypinyin import load_phrases_dict

    load_phrases_dict(
        {phrase: [[s] for s in spelled.split()] for phrase, spelled in READINGS.items()}
    )
