"""Which of a workbook's measures get DfE's published comparators, and why the others do not.

A measure the catalogue recognises is filled with its authority's published figures for
one year, unless: DfE publishes no such figure; the workbook gives it another unit; or
DfE counts it over the year while the workbook's figure is for the month (a rate or number
of events: DESIGN 10). A percentage or an average of the month's events is the same kind of
figure as the year's, and is filled.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from xl_tools.model import UNIT_WORDS, Unit
from xl_tools.published.authorities import Authority
from xl_tools.published.comparators import (
    Average,
    PublishedComparators,
    period,
    published_comparators,
)
from xl_tools.published.figures import PublishedFigures
from xl_tools.published.indicators import Basis, Indicator
from xl_tools.published.neighbours import default_grouping, other_grouping
from xl_tools.published.recognition import recognise
from xl_tools.published.release_dates import default_year

# Units whose figure grows with the time it is counted over.
_FLOW_UNITS = frozenset({Unit.RATE_PER_10K, Unit.COUNT})
_YEAR_WORDS = re.compile(r"\b(year|yearly|annual|annually|12 months?|twelve months?)\b")


@dataclass(frozen=True)
class Match:
    """A workbook measure the catalogue recognised, and why it is left, if it is.

    Attributes:
        position: The measure's place in the table, from 0.
        measure: Its name.
        measure_id: Its ID, if it has one.
        indicator: DfE's indicator it is.
        how: How it was recognised: ``DfE measure``, ``name`` or ``ID``.
        left: Why its comparators are not filled; None where they are.
    """

    position: int
    measure: str
    measure_id: str | None
    indicator: Indicator
    how: str
    left: str | None = None

    @property
    def label(self) -> str:
        """The measure as a line names it: its ID, else its name in quotes."""
        return self.measure_id or f'"{self.measure}"'


@dataclass(frozen=True)
class FillRequest:
    """What the officer asked for.

    Attributes:
        authority: The authority whose neighbours, region and England are wanted.
        year: The year ending 31 March; None for the newest out by the reporting month.
        average: Mean (as LAIT) or median (as DfE's dashboard) of the neighbours.
        grouping: DfE's 2021 or 2025 neighbour groupings; None for the one DfE used.
    """

    authority: Authority
    year: int | None = None
    average: Average = Average.MEAN
    grouping: int | None = None


@dataclass(frozen=True)
class Fill:
    """One measure's published comparators, ready to write."""

    match: Match
    year: int
    comparators: PublishedComparators


def match_measures(records: Sequence[Mapping[str, object]]) -> list[Match]:
    """Every measure the catalogue recognises, with the reason it cannot be filled, if any.

    Args:
        records: The measures as read, keyed by `xl_tools.model.INPUT_COLUMNS`.
    """
    found = []
    for position, record in enumerate(records):
        unit = record.get("unit")
        recognition = recognise(
            measure_id=_text(record.get("id")),
            name=_text(record.get("measure")),
            dfe_measure=_text(record.get("dfe_measure")),
            unit=unit if isinstance(unit, Unit) else None,
        )
        if recognition is None:
            continue
        match = Match(
            position,
            _text(record.get("measure")) or "",
            _text(record.get("id")),
            recognition.indicator,
            recognition.how,
        )
        left = _left_because(match.indicator, record)
        found.append(match if left is None else _left(match, left))
    return found


def plan_fill(
    records: Sequence[Mapping[str, object]],
    figures: PublishedFigures,
    request: FillRequest,
    month: datetime.date | None,
) -> tuple[list[Fill], list[Match]]:
    """The comparators each recognised measure gets, and the measures left, with why.

    Args:
        records: The measures as read.
        figures: DfE's published figures.
        request: The authority, year, average and grouping asked for.
        month: The workbook's reporting month, which picks the year where none is asked
            for; None for the newest year the figures hold.

    Raises:
        PublishedDataError: The authority is not in the neighbour groupings asked for. Where
            none is asked for, DfE's grouping of the year is used, or the other where the
            authority is not in it.
    """
    fills, left = [], []
    for match in match_measures(records):
        if match.left is not None:
            left.append(match)
            continue
        year, why = _year(match.indicator, figures, request.year, month)
        if year is None:
            left.append(_left(match, why))
            continue
        comparators = published_comparators(
            figures,
            match.indicator,
            request.authority,
            year,
            average=request.average,
            grouping=request.grouping or _grouping(figures, match.indicator, request, year),
        )
        fills.append(Fill(match, year, comparators))
    return fills, left


def is_year_basis(text: str | None) -> bool:
    """Whether a Basis cell (or a measure's name) says the figure is over a year.

    >>> [is_year_basis(t) for t in ("Rolling 12 months", "Year", "Month", "Year to date", None)]
    [True, True, False, False, False]
    """
    if not text:
        return False
    words = " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())
    return "to date" not in words and _YEAR_WORDS.search(words) is not None


def _left_because(indicator: Indicator, record: Mapping[str, object]) -> str | None:
    """Why a recognised measure cannot take DfE's figure, whatever the year; None if it can."""
    if not indicator.published:
        return indicator.reason
    unit = record.get("unit")
    if isinstance(unit, Unit) and unit is not indicator.unit:
        return (
            f"its unit is {UNIT_WORDS[unit]}, and DfE publishes "
            f'"{indicator.name}" as {UNIT_WORDS[indicator.unit]}'
        )
    over_year = is_year_basis(_text(record.get("basis"))) or is_year_basis(
        _text(record.get("measure"))
    )
    if indicator.basis is Basis.YEAR and indicator.unit in _FLOW_UNITS and not over_year:
        return (
            f'DfE counts "{indicator.name}" over the year, and this figure is for the month: '
            "give it a Basis of Year or Rolling 12 months if it is over the year"
        )
    return None


def _grouping(
    figures: PublishedFigures, indicator: Indicator, request: FillRequest, year: int
) -> int:
    """DfE's grouping for the year; the other one for an authority that grouping lacks
    (Cumberland and Westmorland and Furness are only in the 2025 model)."""
    grouping = default_grouping(indicator, year)
    if figures.neighbours(request.authority.code, grouping) is None:
        return other_grouping(grouping)
    return grouping


def _year(
    indicator: Indicator,
    figures: PublishedFigures,
    asked: int | None,
    month: datetime.date | None,
) -> tuple[int | None, str]:
    """The year to fill from, or None and why none can be."""
    years = figures.years(indicator.key)
    if not years:
        return None, f"the published figures have no {indicator.collection} figures"
    if asked is not None:
        if asked in years:
            return asked, ""
        first, last = period(indicator, min(years)), period(indicator, max(years))
        return None, (
            f"the published figures have {indicator.collection} figures for {first} to "
            f"{last}, not {period(indicator, asked)}"
        )
    if month is None:
        return max(years), ""
    year = default_year(indicator, month, figures)
    if year is None:
        return None, (
            f"DfE had published no {indicator.collection} figures by "
            f"{month:%B %Y}, the reporting period"
        )
    return year, ""


def _left(match: Match, reason: str) -> Match:
    return Match(
        match.position, match.measure, match.measure_id, match.indicator, match.how, reason
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
