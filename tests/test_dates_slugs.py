"""Table tests for front-matter dates and slugs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from mlblog.content.dates import InvalidDate, parse_date
from mlblog.content.slugs import heading_id, slugify, split_jekyll_name

SHANGHAI = ZoneInfo("Asia/Shanghai")
PLUS8 = timezone(timedelta(hours=8))

DATES = [
    ("2024-05-10", datetime(2024, 5, 10, tzinfo=SHANGHAI)),
    ("2024-05-10 22:21:49", datetime(2024, 5, 10, 22, 21, 49, tzinfo=SHANGHAI)),
    ("2024-05-10 22:21", datetime(2024, 5, 10, 22, 21, tzinfo=SHANGHAI)),
    ("2020-05-10 22:21:49 +0800", datetime(2020, 5, 10, 22, 21, 49, tzinfo=PLUS8)),
    ("2025-01-12T08:00:00+08:00", datetime(2025, 1, 12, 8, tzinfo=PLUS8)),
    ("2025-01-12T00:00:00Z", datetime(2025, 1, 12, tzinfo=UTC)),
    (
        "2025-01-12T00:00:00.123456-05:00",
        datetime(2025, 1, 12, 0, 0, 0, 123456, tzinfo=timezone(timedelta(hours=-5))),
    ),
    ("2024-5-1", datetime(2024, 5, 1, tzinfo=SHANGHAI)),
    # Hexo posts write slashes; Jekyll and Hexo read English month names
    ("2019/07/13 20:46:25", datetime(2019, 7, 13, 20, 46, 25, tzinfo=SHANGHAI)),
    ("2019/7/3", datetime(2019, 7, 3, tzinfo=SHANGHAI)),
    ("May 2, 2024", datetime(2024, 5, 2, tzinfo=SHANGHAI)),
    ("2 May 2024", datetime(2024, 5, 2, tzinfo=SHANGHAI)),
    ("September 3rd, 2021 10:30", datetime(2021, 9, 3, 10, 30, tzinfo=SHANGHAI)),
    ("Sept. 3, 2021", datetime(2021, 9, 3, tzinfo=SHANGHAI)),
    ("Jan 5 2020 08:00:00 +0000", datetime(2020, 1, 5, 8, tzinfo=UTC)),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_date_formats(text: str, expected: datetime) -> None:
    parsed = parse_date(text, SHANGHAI)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


def test_date_without_offset_takes_site_timezone() -> None:
    in_shanghai = parse_date("2024-05-10 08:00", SHANGHAI)
    in_utc = parse_date("2024-05-10 08:00", UTC)
    assert in_utc - in_shanghai == timedelta(hours=8)


INVALID = [
    "2024-13-01", "yesterday", "2024-02-30", "10/05/2024", "", "2019/07-13",
    "Mayo 2, 2024", "May 32, 2024", "May 2, 2024 at noon",
]  # fmt: skip


@pytest.mark.parametrize("text", INVALID)
def test_invalid_dates(text: str) -> None:
    with pytest.raises(InvalidDate, match="invalid date"):
        parse_date(text, SHANGHAI)


def test_a_list_is_no_date() -> None:
    with pytest.raises(InvalidDate, match=r"^date must be one date such as 2024-05-10, not a list"):
        parse_date(["2024-01-01"], SHANGHAI)


SLUGS = [
    ("Hello World", "hello-world"),
    ("LoRA 微调", "lora-微调"),
    ("  注意力 机制  ", "注意力-机制"),
    ("torch.nn.functional", "torch-nn-functional"),
    ("all_reduce", "all-reduce"),
    ("../../etc", "etc"),
    ("/abs", "abs"),
    ("C++ & Python？", "c-python"),
    ("con", "con-"),
    ("!!!", ""),
    ("Ｆｕｌｌ ｗｉｄｔｈ", "full-width"),
]


@pytest.mark.parametrize(("text", "expected"), SLUGS)
def test_slugify(text: str, expected: str) -> None:
    assert slugify(text) == expected


HEADINGS = [
    ("1. 前言", "1-前言"),
    ("Why FlashAttention?", "why-flashattention"),
    ("KV cache 的显存", "kv-cache-的显存"),
    ("a_b-c", "a_b-c"),
]


@pytest.mark.parametrize(("text", "expected"), HEADINGS)
def test_heading_ids(text: str, expected: str) -> None:
    assert heading_id(text) == expected


def test_jekyll_file_names() -> None:
    assert split_jekyll_name("2024-01-02-lora") == ("2024-01-02", "lora")
    assert split_jekyll_name("lora") == (None, "lora")
    assert split_jekyll_name("2024-lora") == (None, "2024-lora")
