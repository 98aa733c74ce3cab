"""Monthly history: the trend over a year, the year to date, last year's figure.

A measure's history is a tuple of ``(month, figure)`` pairs, a month being the first day
of it as a `datetime.date`. The financial year runs from April to March, as councils
report it. Pure functions: no Excel, no files.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence
from functools import lru_cache

from xl_tools.compute.direction import direction_of_travel
from xl_tools.compute.rounding import finite_or_missing, is_missing
from xl_tools.model import Direction, Polarity, Trend, Unit
from xl_tools.months import (
    WINDOW,
    add_months,
    financial_year_start,
    months_between,
    parse_month,
    window_months,
)

History = Sequence[tuple[datetime.date, float]]


def reporting_month(period: str | None, histories: Iterable[History]) -> datetime.date | None:
    """The month reported on: the period's month, else the latest month with a figure.

    One month for the whole table: the latest with a figure for any measure, as reading
    takes it to fill blank values, so that every measure's year ends in the same month.

    >>> from datetime import date
    >>> histories = [((date(2023, 10, 1), 22.0),), ((date(2023, 11, 1), 24.0),)]
    >>> reporting_month("November 2023", ()), reporting_month(None, histories)
    (datetime.date(2023, 11, 1), datetime.date(2023, 11, 1))
    >>> reporting_month(None, [()]) is None
    True
    """
    named = parse_month(period)
    if named is not None:
        return named
    months = (month for history in histories for month, figure in history if not is_missing(figure))
    return max(months, default=None)


def summarise_history(
    history: History,
    month: datetime.date | None,
    value: float,
    unit: Unit | None,
    polarity: Polarity,
) -> dict[str, object]:
    """The history-based columns of one measure (`HISTORY_COMPUTED_COLUMNS`).

    This period's value wins over the history's figure for the reporting month, and the
    year's trend runs to this period's value: a measure with none this period (no figure,
    or "measure being developed") has no trend, whatever its month column holds.

    Args:
        history: The measure's monthly figures.
        month: The reporting month, or None where it is not known (nothing is worked out).
        value: This period's value, NaN where there is none.
        unit: The measure's unit: a year to date is a total for a count and an average of
            the months for a percentage, rate or average.
        polarity: Which way is good, for the trend.

    Returns:
        ``last_12_months`` (12 floats), ``twelve_month_start`` and ``twelve_month_span``
        (the first figure of those months and how many months before this one it is),
        ``twelve_month_direction`` and ``twelve_month_trend``, ``year_to_date`` and
        ``same_month_last_year``; NaN or None where the history does not allow them.

    >>> from datetime import date
    >>> history = ((date(2023, 4, 1), 47.0), (date(2023, 10, 1), 50.0))
    >>> summary = summarise_history(
    ...     history, date(2023, 11, 1), 45.0, Unit.PERCENT, Polarity.LOWER_BETTER)
    >>> summary["twelve_month_start"], summary["twelve_month_span"], summary["twelve_month_trend"]
    (47.0, 7.0, <Trend.IMPROVING: 'improving'>)
    >>> math.isnan(summary["year_to_date"])
    True
    """
    figures = {m: float(f) for m, f in history if not is_missing(f)}
    if month is None:
        return _no_summary()
    if not is_missing(value):
        figures[month] = float(value)
    months = window_months(month)
    last_12 = tuple(figures.get(m, math.nan) for m in months)
    first = next((m for m in months if m in figures), None)
    direction: Direction | None = None
    trend: Trend | None = None
    start = span = math.nan
    if first is not None and first != month and not is_missing(value):
        start, span = figures[first], float(months_between(first, month))
        direction, trend = direction_of_travel(float(value), start, polarity)
    return {
        "last_12_months": last_12,
        "twelve_month_start": start,
        "twelve_month_span": span,
        "twelve_month_direction": direction,
        "twelve_month_trend": trend,
        "year_to_date": year_to_date(figures, month, unit),
        "same_month_last_year": figures.get(add_months(month, -12), math.nan),
    }


def year_to_date(
    figures: dict[datetime.date, float], month: datetime.date, unit: Unit | None
) -> float:
    """The financial year to date: the total of a count's months, else their average.

    A count of a month's events (referrals) adds up over the year; a percentage, rate or
    average of each month does not, so its months are averaged. Only a complete year to
    date is given: a month without a figure would make a total too low and an average
    of fewer months than it claims.

    >>> from datetime import date
    >>> figures = {date(2023, 4, 1): 10.0, date(2023, 5, 1): 20.0}
    >>> year_to_date(figures, date(2023, 5, 1), Unit.COUNT)
    30.0
    >>> year_to_date(figures, date(2023, 5, 1), Unit.PERCENT)
    15.0
    >>> year_to_date(figures, date(2023, 6, 1), Unit.PERCENT)
    nan
    """
    months = _year_months(month)
    if unit is None or any(m not in figures for m in months):
        return math.nan
    total = finite_or_missing(sum(figures[m] for m in months))
    return total if unit is Unit.COUNT else total / len(months)


@lru_cache(maxsize=64)
def _year_months(month: datetime.date) -> tuple[datetime.date, ...]:
    """The months of the financial year up to and including `month`."""
    start = financial_year_start(month)
    return tuple(add_months(start, n) for n in range(months_between(start, month) + 1))


def _no_summary() -> dict[str, object]:
    return {
        "last_12_months": (math.nan,) * WINDOW,
        "twelve_month_start": math.nan,
        "twelve_month_span": math.nan,
        "twelve_month_direction": None,
        "twelve_month_trend": None,
        "year_to_date": math.nan,
        "same_month_last_year": math.nan,
    }
