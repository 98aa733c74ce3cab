"""DfE's published figures for every indicator, year and area, and how a figure is looked up.

Each row keeps the counts a figure is worked out from, as published (a number, or a
suppression code), and the figure DfE published where its file gives one. A figure is
the published one where there is one, else worked out from the counts and rounded half
up to the published precision, as DfE rounds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from xl_tools.compute.rounding import round_half_up
from xl_tools.model import Unit
from xl_tools.published.areas import Area, area_order
from xl_tools.published.catalogue import CATALOGUE
from xl_tools.published.recognition import indicator

# EES symbols for "no figure": confidential, rounds to zero (k, formerly low), low
# reliability, not available, not applicable. DfE's dashboard treats all of them as no figure.
SUPPRESSION_CODES = frozenset({"c", "k", "low", "u", "x", "z"})
# A percentage of a zero total is "not applicable" in EES's own symbols.
_NOT_APPLICABLE = "z"
_SCALE = {Unit.RATE_PER_10K: 10_000, Unit.PERCENT: 100, Unit.AVERAGE: 1, Unit.COUNT: 1}

Groupings = Mapping[int, Mapping[str, tuple[str, ...]]]


@dataclass(frozen=True)
class Figure:
    """A published figure, or the suppression code standing in its place.

    ``Figure(None, None)`` is no row at all: the area has no figure that year.
    """

    value: float | None
    code: str | None


@dataclass(frozen=True)
class FigureRow:
    """One indicator's counts for one year and area, as the published text.

    Attributes:
        indicator: The indicator's key.
        year: The year ending 31 March (for the workforce census at 30 September T, T+1).
        area: DfE LA number, region code or ``E92000001``.
        numerator: The count the figure is worked out from, or a suppression code.
        denominator: The count or population it is taken of, or a suppression code.
        published: The figure DfE published, a suppression code, or empty where DfE
            publishes counts only.
    """

    indicator: str
    year: int
    area: str
    numerator: str
    denominator: str
    published: str = ""


def number(text: str) -> float | None:
    """A published cell as a number, or None for a suppression code.

    >>> number("297.6"), number("c")
    (297.6, None)
    """
    return None if text in SUPPRESSION_CODES else float(text)


def is_figure(text: str) -> bool:
    """Whether a published cell holds a number (rather than a code or anything else).

    >>> is_figure("25"), is_figure("-3.5"), is_figure("low"), is_figure("")
    (True, True, False, False)
    """
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False


class PublishedFigures:
    """Figures for each indicator, year and area; the areas; DfE's neighbour groupings.

    Args:
        rows: One row per indicator, year and area.
        areas: Every area with figures.
        groupings: Statistical neighbours by grouping (2021, 2025): each LA's 10
            neighbours, closest first.
    """

    def __init__(self, rows: Iterable[FigureRow], areas: Iterable[Area], groupings: Groupings):
        self._rows = {(row.indicator, row.year, row.area): row for row in rows}
        self._areas = MappingProxyType({area.code: area for area in areas})
        self._groupings = MappingProxyType(
            {year: MappingProxyType(dict(grouping)) for year, grouping in groupings.items()}
        )
        years: dict[str, set[int]] = {}
        for key, year, _ in self._rows:
            years.setdefault(key, set()).add(year)
        self._years = {key: tuple(sorted(found)) for key, found in years.items()}

    def figure(self, key: str, year: int, area: str) -> Figure:
        """The figure for an indicator, year and area.

        DfE's own figure where it published one, else worked out from the counts and
        rounded half up to the indicator's precision; a suppression code where there is
        no figure; ``Figure(None, None)`` where there is no row.
        """
        indicator(key)
        row = self.row(key, year, area)
        if row is None:
            return Figure(None, None)
        if row.published:
            found = number(row.published)
            return Figure(found, None) if found is not None else Figure(None, row.published)
        return self.worked_out(key, year, area)

    def worked_out(self, key: str, year: int, area: str) -> Figure:
        """The figure worked out from the counts alone, whatever DfE published.

        Rates are the count / population x 10,000, percentages the numerator /
        denominator x 100, averages the one / the other; rounded half up to the
        indicator's precision. A code in either count is the figure's code; a zero
        denominator gives ``z`` (not applicable).
        """
        entry = indicator(key)
        row = self.row(key, year, area)
        if row is None:
            return Figure(None, None)
        for text in (row.numerator, row.denominator):
            if text in SUPPRESSION_CODES:
                return Figure(None, text)
        denominator = float(row.denominator)
        if denominator == 0:
            return Figure(None, _NOT_APPLICABLE)
        value = float(row.numerator) / denominator * _SCALE[entry.unit]
        return Figure(round_half_up(value, entry.places), None)

    def row(self, key: str, year: int, area: str) -> FigureRow | None:
        """The counts behind a figure, as published; None where there is no row."""
        return self._rows.get((key, year, area))

    def rows(self) -> Iterator[FigureRow]:
        """Every row, in catalogue order of indicators, then by year and area."""
        order = {entry.key: place for place, entry in enumerate(CATALOGUE)}
        yield from sorted(
            self._rows.values(),
            key=lambda row: (order.get(row.indicator, len(order)), row.year, area_order(row.area)),
        )

    def years(self, key: str) -> tuple[int, ...]:
        """The years with a row for the indicator, oldest first."""
        return self._years.get(key, ())

    def areas(self) -> Mapping[str, Area]:
        """Every area with figures, by code."""
        return self._areas

    def groupings(self) -> Groupings:
        """The neighbour groupings held, by the year of their model (2021, 2025)."""
        return self._groupings

    def neighbours(self, area: str, grouping: int) -> tuple[str, ...] | None:
        """An LA's 10 statistical neighbours in a grouping, closest first; None if not in it."""
        members = self._groupings.get(grouping)
        return members.get(area) if members is not None else None
