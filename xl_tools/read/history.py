"""Month columns of a measures table: each measure's monthly history (DESIGN 3.1, 4.5).

A month column is found by its header: a date cell, or text naming a month such as
``Nov-23``, ``Nov 2023`` or ``November 2023``. Its cells are read like the Value column.
Where a measure's Value is blank, the reporting month's column gives it; where Previous is
blank, the month before's column does, so that direction of travel comes from the history.

The reporting month is the one the reporting period names. Where the period names none
(there is no period, or it reads "Q3 2023/24"), it is the latest month with a figure for
any measure, with a warning that says so: computing ends every measure's year in that same
month (`xl_tools.compute.history.reporting_month`).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from xl_tools.errors import Problem, ProblemCode, Severity
from xl_tools.model import HISTORY_COLUMN, Unit
from xl_tools.months import add_months, parse_month
from xl_tools.read.cells import GENERAL, SheetCells
from xl_tools.read.headers import HeaderRow
from xl_tools.read.values import (
    MAX_FIGURE,
    Doubt,
    Figure,
    Unreadable,
    is_percent_format,
    parse_figure,
    percent_doubt,
    points,
)
from xl_tools.references import cell_address

Month = datetime.date
_NO_SAVED_RESULT_HINT = "open and save the file in Excel, or type the figure"
_CHOOSE_PERIOD = (
    'fill in "Reporting period" (such as November 2023), or give --period, '
    "to report on another month"
)


def month_columns(sheet: SheetCells, header: HeaderRow) -> dict[int, Month]:
    """The month each month column holds, by column, among the headers no field claims.

    A month headed twice is read from its first column only.

    >>> sheet = SheetCells("M", (("Measure", "Value", "Nov-23", "Notes", "Dec 2023"),))
    >>> from xl_tools.read.headers import header_lookup, read_header_row
    >>> month_columns(sheet, read_header_row(sheet, 1, header_lookup()))
    {3: datetime.date(2023, 11, 1), 5: datetime.date(2023, 12, 1)}
    """
    found: dict[int, Month] = {}
    for column, _ in header.ignored:
        month = parse_month(sheet.value(header.row, column))
        if month is not None and month not in found.values():
            found[column] = month
    return found


@dataclass(frozen=True)
class MonthlyHistory:
    """The month columns' figures of every measure, and the problems met reading them.

    Attributes:
        histories: One tuple of (month, figure) pairs a measure, oldest first; None where
            the table has no month columns.
        problems: Every month cell that cannot be read.
        month: The month reported on: the period's, or where it names none, the latest
            with a figure; None where there is neither.
    """

    histories: tuple[tuple[tuple[Month, float], ...], ...] | None
    problems: tuple[Problem, ...] = ()
    month: Month | None = None

    def attach(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The measures table with the history as its `HISTORY_COLUMN`, where there is one."""
        if self.histories is None:
            return frame
        frame = frame.copy()
        frame[HISTORY_COLUMN] = pd.Series(self.histories, index=frame.index, dtype=object)
        return frame


def read_history(
    sheet: SheetCells,
    header: HeaderRow,
    records: Sequence[dict[str, object]],
    rows: Sequence[int],
    *,
    period: str | None,
    source: str,
) -> MonthlyHistory:
    """Read each measure's month columns, filling its blank value and previous from them.

    Args:
        sheet: The measures sheet.
        header: Its header row.
        records: The measures read, by `INPUT_COLUMNS`; a blank ``value`` (with no
            no-figure marker) or ``previous`` is filled in place from the month columns.
        rows: The sheet row of each record.
        period: The reporting period, naming the month whose column is this period's value.
        source: The file name, for messages.

    Returns:
        The histories and the cells that could not be read.
    """
    columns = month_columns(sheet, header)
    if not columns:
        return MonthlyHistory(None)
    ordered = sorted(columns.items(), key=lambda item: item[1])
    histories = []
    problems: list[Problem] = []
    for record, row in zip(records, rows, strict=True):
        percent = record["unit"] is Unit.PERCENT
        figures: list[tuple[Month, float]] = []
        for column, when in ordered:
            figure = _figure(sheet, row, column, percent)
            if isinstance(figure, float):
                figures.append((when, figure))
                if percent and not 0 <= figure <= 100:
                    where = _Where(sheet, row, column, source, f"{when:%b-%y} column")
                    problems.append(_doubted(where, figure, str(record["measure"])))
            elif figure is not None:
                where = _Where(sheet, row, column, source, f"{when:%b-%y} column")
                problems.append(_problem(where, figure, str(record["measure"])))
        histories.append(tuple(figures))
    month = parse_month(period)
    if month is None:
        month = max((when for figures in histories for when, _ in figures), default=None)
        if month is not None:
            column = next(c for c, when in columns.items() if when == month)
            problems.append(_taken_as_period(sheet, header.row, column, month, period, source))
    if month is not None:
        for record, history in zip(records, histories, strict=True):
            _fill(record, dict(history), month)
    return MonthlyHistory(tuple(histories), tuple(problems), month)


def _taken_as_period(
    sheet: SheetCells, row: int, column: int, month: Month, period: str | None, source: str
) -> Problem:
    """The warning that a month column is taken as this period's, where none is named."""
    why = "no reporting period is given"
    if period is not None:
        why = f'the reporting period "{period}" names no month'
    message = (
        f"is taken as this period, being the latest month with figures, as {why}: " + _CHOOSE_PERIOD
    )
    return Problem(
        ProblemCode.BAD_SETTING,
        message,
        source,
        sheet.name,
        cell_address(row, column),
        f"{month:%b-%y}",
        Severity.WARNING,
    )


def _fill(record: dict[str, object], figures: dict[Month, float], month: Month) -> None:
    if _blank(record["value"]) and not record["no_figure"] and month in figures:
        record["value"] = figures[month]
    before = add_months(month, -1)
    if _blank(record["previous"]) and before in figures:
        record["previous"] = figures[before]


@dataclass(frozen=True)
class _Where:
    sheet: SheetCells
    row: int
    column: int
    source: str
    label: str


def _figure(sheet: SheetCells, row: int, column: int, percent: bool) -> float | Unreadable | None:
    """A month cell's figure, None where it holds none, or why it cannot be read.

    Most of a table's cells are month cells: this is kept to the reading, and the problem
    for an unreadable one (`_problem`) is made only when there is one.
    """
    if sheet.uncached and sheet.is_uncached(row, column):
        return Unreadable("is a formula with no saved result", _NO_SAVED_RESULT_HINT)
    value = sheet.value(row, column)
    if value is None:
        return None
    if type(value) is float and -MAX_FIGURE < value < MAX_FIGURE:
        # The usual month cell, read as `parse_figure` reads a number, without the detour.
        if percent and is_percent_format(sheet.number_format(row, column)):
            return points(value)
        return value
    # Only a percentage's figure depends on its cell's format: the others skip looking.
    number_format = sheet.number_format(row, column) if percent else GENERAL
    reading = parse_figure(value, number_format, percent=percent)
    if isinstance(reading, Unreadable):
        return reading
    return reading.number if isinstance(reading, Figure) else None


def _problem(where: _Where, reading: Unreadable, measure: str) -> Problem:
    """The problem of an unreadable month cell."""
    sheet, row, column = where.sheet, where.row, where.column
    value = sheet.value(row, column)
    code = ProblemCode.BAD_VALUE
    if sheet.is_uncached(row, column):
        code = ProblemCode.NO_CACHED_VALUE
    hint = reading.hint
    message = f'{reading.reason} ({where.label} of "{measure}")' + (f": {hint}" if hint else "")
    found = " ".join(value.split()) if isinstance(value, str) else value
    cell = cell_address(row, column)
    return Problem(code, message, where.source, sheet.name, cell, found)


def _doubted(where: _Where, figure: float, measure: str) -> Problem:
    """The warning of a month cell whose percentage cannot be right."""
    sheet, row, column = where.sheet, where.row, where.column
    value = sheet.value(row, column)
    doubt = percent_doubt(figure, value, sheet.number_format(row, column)) or Doubt("")
    hint = f": {doubt.hint}" if doubt.hint else ""
    message = f'{doubt.reason} ({where.label} of "{measure}")' + hint
    found = " ".join(value.split()) if isinstance(value, str) else value
    cell = cell_address(row, column)
    return Problem(
        ProblemCode.QUESTIONABLE_FIGURE,
        message,
        where.source,
        sheet.name,
        cell,
        found,
        Severity.WARNING,
    )


def _blank(figure: object) -> bool:
    return not isinstance(figure, float) or math.isnan(figure)
