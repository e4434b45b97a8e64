"""Front-matter dates in the spellings Hexo, Hugo and Jekyll write."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

# 2024-05-10, and 2024/05/10 as many Hexo posts have it (JavaScript's Date reads both)
_DATE = re.compile(
    r"""^(?P<y>\d{4})(?P<sep>[-/])(?P<mo>\d{1,2})(?P=sep)(?P<d>\d{1,2})
    (?:[T\s]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<frac>\d+))?)?)?
    \s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?$""",
    re.VERBOSE | re.IGNORECASE,
)


# "May 2, 2024" and "2 May 2024", as Jekyll (Ruby's Time.parse) and Hexo read them; a
# time may follow. Only English month names: 05/02/2024 stays an error, being May 2 to
# an American and 5 February to most of the world.
_SPELLED = re.compile(
    r"""^(?:(?P<m1>[a-z]{3,9})\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{4})
    |(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m2>[a-z]{3,9})\.?,?\s+(?P<y2>\d{4}))
    (?P<rest>(?:,?\s.*)?)$""",
    re.VERBOSE | re.IGNORECASE,
)
_MONTHS = {
    spelling: number
    for number, name in enumerate(("january", "february", "march", "april", "may", "june",
                                   "july", "august", "september", "october", "november",
                                   "december"), 1)
    for spelling in (name, name[:3])
} | {"sept": 9}  # fmt: skip


class InvalidDate(ValueError):
    pass


class Written(datetime):
    """A date as a page shows it: equal to another only at the same instant in the same
    offset. (Python's aware datetimes are equal at one instant whatever their offsets,
    so `serve`, which compares pages' data, kept 08:00 +08:00 after it became 00:00 Z.)"""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, datetime):
            return NotImplemented
        return super().__eq__(other) and self.utcoffset() == other.utcoffset()

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = datetime.__hash__  # equal ones are one instant: the same hash


def written(when: datetime) -> Written:
    return Written(when.year, when.month, when.day, when.hour, when.minute, when.second,
                   when.microsecond, when.tzinfo, fold=when.fold)  # fmt: skip


def parse_date(value: object, tz: tzinfo) -> datetime:
    """An aware datetime; a value without offset is taken in the site's time zone."""
    return written(_parse(value, tz))


def _parse(value: object, tz: tzinfo) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=tz)
    if isinstance(value, list | dict | tuple):  # `date: [2024-01-01]`
        raise InvalidDate("date must be one date such as 2024-05-10, not a list or mapping")
    text = str(value).strip()
    match = _DATE.match(_numeric(text))
    if not match:
        raise InvalidDate(f'invalid date "{text}" (use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS)')
    g = match.groupdict()
    micro = int((g["frac"] or "0")[:6].ljust(6, "0"))
    try:
        naive = datetime(
            int(g["y"]), int(g["mo"]), int(g["d"]),
            int(g["h"] or 0), int(g["mi"] or 0), int(g["s"] or 0), micro,
        )  # fmt: skip
    except ValueError as exc:  # a real-looking date that the calendar does not have
        raise InvalidDate(f'invalid date "{text}" ({exc}; use a real date)') from None
    if g["tz"] is None:
        return naive.replace(tzinfo=tz)
    return naive.replace(tzinfo=_offset(g["tz"]))


def _numeric(text: str) -> str:
    """A date spelled with its month's English name, as YYYY-MM-DD and what followed it;
    any other text as it is."""
    found = _SPELLED.match(text)
    if not found:
        return text
    month = _MONTHS.get((found["m1"] or found["m2"]).lower())
    if month is None:  # "Ma", "Mayo": no month
        return text
    year, day = found["y1"] or found["y2"], found["d1"] or found["d2"]
    return f"{year}-{month}-{day}{found['rest'].lstrip(',')}"


def _offset(spec: str) -> tzinfo:
    if spec.upper() == "Z":
        return UTC
    sign = -1 if spec[0] == "-" else 1
    digits = spec[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
