"""DfE's published comparators filled into a workbook: ``xl-tools comparators`` and
``build --comparators`` (DESIGN 10).

Which measures are filled, and with what, is worked out in `xl_tools.published.filling`;
where the cells go, in `xl_tools.write.comparators`. This module opens the workbook, finds
the authority and the figures asked for, writes the cells through the package layer, and
hands a build the measures as written.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from xl_tools.errors import Problem, ProblemCode, XlToolsError
from xl_tools.months import parse_month
from xl_tools.pipeline import RunOptions, collector_paused, open_for_writing, reading_arguments

if TYPE_CHECKING:
    from xl_tools.model import MeasuresWorkbook
    from xl_tools.package import Workbook
    from xl_tools.published import Authority, PublishedFigures
    from xl_tools.published.filling import Fill, Match

COMPARATORS_SUFFIX = "-comparators"


@dataclass(frozen=True)
class ComparatorOptions:
    """What the officer asked of DfE's published comparators (DESIGN 10).

    Attributes:
        la: The authority, by DfE number or name; None for the workbook's own Authority.
        year: The year ending 31 March; None for the newest out by the reporting period.
        average: ``mean`` (as LAIT) or ``median`` (as DfE's dashboard) of the neighbours.
        neighbours: DfE's 2021 groupings or its 2025 model; None for the one DfE used.
        data: A folder of EES CSV downloads to read instead of the shipped figures.

    >>> ComparatorOptions(la="878").average
    'mean'
    """

    la: str | None = None
    year: int | None = None
    average: str = "mean"
    neighbours: int | None = None
    data: Path | None = None


NO_AUTHORITY = (
    "no authority is given for DfE's comparators: give --la with its DfE number (such as 878) "
    "or name, or fill in Authority in the Settings sheet"
)


@dataclass(frozen=True)
class Planned:
    """The published comparators a workbook's measures get.

    Attributes:
        authority: The authority they are for.
        filled: The measures filled, with the year and figures used.
        left: The measures recognised but not filled, each with why.
    """

    authority: Authority
    filled: tuple[Fill, ...] = ()
    left: tuple[Match, ...] = ()

    @property
    def name(self) -> str:
        """The authority as a line names it: ``Devon (878)``."""
        return f"{self.authority.name} ({self.authority.code})"


@dataclass(frozen=True)
class ComparatorsResult:
    """What `fill_comparators` did.

    Attributes:
        source: The workbook read.
        target: The workbook written.
        authority: The authority's name, as DfE publishes it.
        filled: The measures filled, with the year and figures used.
        left: The measures recognised but not filled, each with why.
        problems: Warnings found on the way.
    """

    source: Path
    target: Path
    authority: str
    filled: tuple[Fill, ...]
    left: tuple[Match, ...]
    problems: tuple[Problem, ...] = ()


def fill_comparators(
    path: Path,
    *,
    out: Path | None = None,
    in_place: bool = False,
    options: RunOptions,
    comparators: ComparatorOptions,
) -> ComparatorsResult:
    """Fill a workbook's Statistical neighbours, England and Region from DfE's figures.

    Each measure the catalogue recognises gets its authority's published figures for one
    year, with the year and source in a Comparator source column; nothing else in the
    workbook changes. Writes ``<stem>-comparators.xlsx`` beside the input, or `out`, or
    the input itself when `in_place`, as a build does.

    Raises:
        XlToolsError: The workbook cannot be read or written, the authority is not known,
            or the published figures cannot be read.
    """
    from xl_tools.replacing import Replacement
    from xl_tools.save import is_macro_enabled, output_path

    output_path(path, out, in_place, suffix=COMPARATORS_SUFFIX)
    with collector_paused(), open_for_writing(path) as book:
        target = output_path(
            path,
            out,
            in_place,
            macro_enabled=is_macro_enabled(book),
            suffix=COMPARATORS_SUFFIX,
        )
        with Replacement(target) as replacement:
            from xl_tools.read import interpret, worksheet_sources

            sources = worksheet_sources(book)
            reading = reading_arguments(options)
            measures = interpret(sources, source=str(path), population_needed=False, **reading)
            measures, planned = fill_into(book, measures, comparators)
            replacement.write(book.save)
    return ComparatorsResult(
        path, target, planned.name, planned.filled, planned.left, measures.problems
    )


def plan_comparators(
    measures: MeasuresWorkbook, asked: ComparatorOptions, *, no_authority: str = NO_AUTHORITY
) -> Planned:
    """The comparators each measure DfE publishes gets, for the authority asked for.

    The command line and the Excel button both plan so; each then writes the cells its
    own way.

    Args:
        measures: The workbook's measures as read.
        asked: The authority (else the workbook's Authority), year, average, grouping and
            figures asked for.
        no_authority: What to say where no authority is given, in the caller's terms.

    Raises:
        XlToolsError: No authority is given, or one DfE does not know; the published
            figures cannot be read; the authority is not in the grouping asked for.
    """
    from xl_tools.published import Average
    from xl_tools.published.filling import FillRequest, plan_fill

    figures = _published_figures(asked, measures.source)
    authority = _authority(asked, measures, figures, no_authority)
    request = FillRequest(authority, asked.year, Average(asked.average), asked.neighbours)
    records: list[dict[str, object]] = measures.frame.to_dict("records")  # type: ignore[assignment]
    try:
        fills, left = plan_fill(records, figures, request, parse_month(measures.settings.period))
    except ValueError as error:
        raise _published_error(error, measures.source) from None
    return Planned(authority, tuple(fills), tuple(left))


def fill_into(
    book: Workbook, measures: MeasuresWorkbook, asked: ComparatorOptions
) -> tuple[MeasuresWorkbook, Planned]:
    """Write the published comparators into the measures sheet; the measures as written.

    Used by `fill_comparators`, and by a build asked for the comparators too.
    """
    from xl_tools.write.comparators import plan_comparator_cells, with_columns
    from xl_tools.write.xlsx import measures_sheet, write_comparator_cells

    planned = plan_comparators(measures, asked)
    cells = plan_comparator_cells(planned.filled, measures.layout)
    write_comparator_cells(book, measures_sheet(book, measures.layout), cells, measures.layout)
    frame = measures.frame.copy()
    for fill in planned.filled:
        comparators = fill.comparators
        frame.loc[fill.match.position, "statistical_neighbours"] = _figure(
            comparators.statistical_neighbours
        )
        frame.loc[fill.match.position, "england"] = _figure(comparators.england)
        frame.loc[fill.match.position, "region"] = _figure(comparators.region)
        frame.loc[fill.match.position, "comparator_source"] = comparators.source
    filled = dataclasses.replace(measures, frame=frame, layout=with_columns(measures.layout, cells))
    return filled, planned


def _published_figures(asked: ComparatorOptions, source: str | None) -> PublishedFigures:
    """The shipped published figures, or those read from the folder asked for."""
    from xl_tools.published import read_ees, shipped

    if asked.data is None:
        return shipped()
    try:
        return read_ees(asked.data)
    except ValueError as error:
        raise _published_error(error, source) from None


def _authority(
    asked: ComparatorOptions,
    measures: MeasuresWorkbook,
    figures: PublishedFigures,
    no_authority: str,
) -> Authority:
    """The authority asked for, else the workbook's own Authority setting."""
    from xl_tools.published import find_authority

    text = asked.la or measures.settings.authority
    if not text:
        raise XlToolsError(
            Problem(ProblemCode.NO_PUBLISHED_DATA, no_authority, file=measures.source)
        )
    try:
        return find_authority(text, figures)
    except ValueError as error:
        raise _published_error(error, measures.source) from None


def _published_error(error: ValueError, source: str | None) -> XlToolsError:
    return XlToolsError(Problem(ProblemCode.NO_PUBLISHED_DATA, str(error), file=source))


def _figure(value: float | None) -> float:
    return float("nan") if value is None else float(value)
