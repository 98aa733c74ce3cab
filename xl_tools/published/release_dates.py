"""When DfE publishes each year's figures, and so which year a report in a given month uses."""

from __future__ import annotations

import datetime

from xl_tools.published.figures import PublishedFigures
from xl_tools.published.indicators import Collection, Indicator

# The month of the year DfE publishes a collection's figures for the year ending 31 March:
# CIN census late October, CLA and care leavers mid November. The workforce census at
# 30 September of year Y-1 (our year Y) comes out in February of year Y.
_MONTH = {
    Collection.CIN_CENSUS: 10,
    Collection.CLA_RETURN: 11,
    Collection.CARE_LEAVERS: 11,
    Collection.CSWW_CENSUS: 2,
}


def publication(indicator: Indicator, year: int) -> datetime.date:
    """The first of the month DfE publishes an indicator's figures for a year.

    >>> from xl_tools.published.recognition import indicator
    >>> publication(indicator("cin_rate"), 2023), publication(indicator("caseload"), 2025)
    (datetime.date(2023, 10, 1), datetime.date(2025, 2, 1))
    """
    return datetime.date(year, _MONTH[Collection(indicator.collection)], 1)


def default_year(
    indicator: Indicator, month: datetime.date, figures: PublishedFigures
) -> int | None:
    """The newest year out by the reporting month that the figures hold; None if none is.

    Args:
        indicator: The indicator.
        month: The reporting month (any day of it).
        figures: The figures, whose years are the candidates.
    """
    out = [
        year
        for year in figures.years(indicator.key)
        if publication(indicator, year) <= datetime.date(month.year, month.month, 1)
    ]
    return max(out, default=None)
