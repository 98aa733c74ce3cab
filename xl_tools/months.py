"""Months as the tool counts them: named in headers and periods, and the financial year.

A month is the first day of it, as a `datetime.date`. The financial year runs from April
to March, as councils report it. Pure functions: reading, computing and writing all use
them.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

FINANCIAL_YEAR_START = 4  # April
WINDOW = 12

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        datetime.date(2000, number, 1).strftime("%B").lower(),
        datetime.date(2000, number, 1).strftime("%b").lower(),
    )
}
_MONTHS["sept"] = 9
_NAMED = re.compile(r"(?P<month>[a-z]+)\.?[\s\-/'’]*(?P<year>\d{4}|\d{2})")
_NUMBERED = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})")


def parse_month(value: object) -> datetime.date | None:
    """The month a header or period names, as its first day; None where it names none.

    Dates (a header cell holding a date) give their month; text may read ``Nov-23``,
    ``Nov 23``, ``November 2023``, ``Sept 2023`` or ``2023-11``.

    >>> parse_month("Nov-23"), parse_month(" November 2023 ")
    (datetime.date(2023, 11, 1), datetime.date(2023, 11, 1))
    >>> parse_month(datetime.datetime(2024, 3, 31)), parse_month("2024-04")
    (datetime.date(2024, 3, 1), datetime.date(2024, 4, 1))
    >>> parse_month("Value"), parse_month("Q3 2023/24"), parse_month("2023-13")
    (None, None, None)
    """
    if isinstance(value, datetime.date):
        return datetime.date(value.year, value.month, 1)
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if numbered := _NUMBERED.fullmatch(text):
        month = int(numbered["month"])
        return datetime.date(int(numbered["year"]), month, 1) if 1 <= month <= 12 else None
    named = _NAMED.fullmatch(text)
    if named is None or named["month"] not in _MONTHS:
        return None
    year = int(named["year"])
    return datetime.date(year + 2000 if year < 100 else year, _MONTHS[named["month"]], 1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    """The month `count` months after `month` (before, where negative).

    >>> add_months(datetime.date(2023, 11, 1), 2), add_months(datetime.date(2023, 1, 1), -1)
    (datetime.date(2024, 1, 1), datetime.date(2022, 12, 1))
    """
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(first: datetime.date, last: datetime.date) -> int:
    """How many months `last` lies after `first`.

    >>> months_between(datetime.date(2023, 4, 1), datetime.date(2023, 11, 1))
    7
    """
    return (last.year - first.year) * 12 + last.month - first.month


def financial_year_start(month: datetime.date) -> datetime.date:
    """The April that starts the financial year a month belongs to.

    >>> march, april = datetime.date(2024, 3, 1), datetime.date(2024, 4, 1)
    >>> financial_year_start(march), financial_year_start(april)
    (datetime.date(2023, 4, 1), datetime.date(2024, 4, 1))
    """
    year = month.year if month.month >= FINANCIAL_YEAR_START else month.year - 1
    return datetime.date(year, FINANCIAL_YEAR_START, 1)


def period_name(month: datetime.date) -> str:
    """A month as the reporting period reads: ``December 2023``.

    >>> period_name(datetime.date(2023, 12, 1))
    'December 2023'
    """
    return month.strftime("%B %Y")


# Every measure of a workbook asks for the same reporting month's months.
@lru_cache(maxsize=64)
def window_months(month: datetime.date) -> tuple[datetime.date, ...]:
    """The twelve months up to and including `month`, oldest first.

    >>> [m.month for m in window_months(datetime.date(2023, 11, 1))][:3]
    [12, 1, 2]
    """
    return tuple(add_months(month, offset) for offset in range(1 - WINDOW, 1))
