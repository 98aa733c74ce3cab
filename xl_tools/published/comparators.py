"""An authority's published comparators: its statistical neighbours' average, England, region.

The SN average is taken of the neighbours with a figure that year (a suppressed or
missing neighbour is left out), as DfE's dashboard does, and the source says how many.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from enum import StrEnum

from xl_tools.compute.rounding import round_half_up
from xl_tools.published.areas import ENGLAND
from xl_tools.published.authorities import Authority
from xl_tools.published.errors import PublishedDataError
from xl_tools.published.figures import PublishedFigures
from xl_tools.published.indicators import Collection, Indicator
from xl_tools.published.neighbours import default_grouping, other_grouping


class Average(StrEnum):
    """How the neighbours' figures are averaged: the mean (as LAIT) or the median (as DfE's
    dashboard)."""

    MEAN = "mean"
    MEDIAN = "median"


@dataclass(frozen=True)
class PublishedComparators:
    """The published figures an authority's measure is set against, for one year.

    Attributes:
        statistical_neighbours: The neighbours' average; None where none has a figure.
        neighbours_used: How many neighbours had a figure.
        england: England's figure.
        region: The authority's region's figure.
        source: Where the figures come from, e.g.
            ``DfE CIN census 2022-23; SN mean of 10 (2021 groupings)``.
    """

    statistical_neighbours: float | None
    neighbours_used: int
    england: float | None
    region: float | None
    source: str


def period(indicator: Indicator, year: int) -> str:
    """The period a year's figures cover, as the source names it.

    >>> from xl_tools.published.recognition import indicator
    >>> period(indicator("cin_rate"), 2023), period(indicator("caseload"), 2023)
    ('2022-23', 'Sep 2022')
    """
    if indicator.collection == Collection.CSWW_CENSUS:
        return f"Sep {year - 1}"
    return f"{year - 1}-{year % 100:02d}"


def published_comparators(
    figures: PublishedFigures,
    indicator: Indicator,
    authority: Authority,
    year: int,
    *,
    average: Average = Average.MEAN,
    grouping: int | None = None,
) -> PublishedComparators:
    """An authority's SN average, England and region figures for an indicator and year.

    Args:
        figures: The published figures.
        indicator: The indicator.
        authority: The authority compared.
        year: The year ending 31 March (for the workforce census at 30 September T, T+1).
        average: Mean or median of the neighbours' figures, rounded half up to the
            indicator's published precision.
        grouping: 2021 or 2025; by default the one DfE used when the year's figures came
            out (`default_grouping`).

    Raises:
        PublishedDataError: The authority is not in the grouping.
    """
    if not indicator.published:
        return PublishedComparators(None, 0, None, None, indicator.reason)
    grouping = grouping or default_grouping(indicator, year)
    neighbours = figures.neighbours(authority.code, grouping)
    if neighbours is None:
        raise PublishedDataError(
            f"{authority.name} is not in DfE's {grouping} statistical neighbour groupings: "
            f"use --neighbours {other_grouping(grouping)}"
        )
    values = [
        value
        for code in neighbours
        if (value := figures.figure(indicator.key, year, code).value) is not None
    ]
    source = f"DfE {indicator.collection} {period(indicator, year)}"
    if values:
        middle = statistics.mean(values) if average is Average.MEAN else statistics.median(values)
        neighbours_figure: float | None = round_half_up(middle, indicator.places)
        source += f"; SN {average} of {len(values)} ({grouping} groupings)"
    else:
        neighbours_figure = None
        source += "; no SN figure"
    return PublishedComparators(
        statistical_neighbours=neighbours_figure,
        neighbours_used=len(values),
        england=figures.figure(indicator.key, year, ENGLAND).value,
        region=figures.figure(indicator.key, year, authority.region).value,
        source=source,
    )
