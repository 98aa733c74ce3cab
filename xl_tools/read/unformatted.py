"""Percentages read where no number format can be: as typed, or refused where ambiguous.

A percentage is a fraction in a cell formatted with ``%`` (0.22 shown as 22%), a plain
number (22 means 22%), or text (DESIGN 3.3). Only the format tells the first two apart,
and xlwings' remote engine (xlwings Server) and a synchronous xlwings Lite script cannot
read formats. There a percentage is read as typed, which the officer is told once; a
number below 1 in a percentage's figure cell could be either (22% shown as a percentage,
or 0.22% typed), so it is refused, each column's such cells named in one line, rather
than read a hundred times too small.
"""

from __future__ import annotations

from collections.abc import Sequence

from xl_tools.errors import Problem, ProblemCode, Severity
from xl_tools.model import MeasuresWorkbook, Unit
from xl_tools.months import parse_month
from xl_tools.read.cells import SheetCells
from xl_tools.read.measures import UNIT_FIGURES
from xl_tools.references import cell_address, range_address

READ_AS_TYPED = (
    "number formats could not be read: percentages are read as typed, 22 as 22%; desktop "
    "Excel and the xlwings Lite script read them"
)
FIX = (
    "type percentages in points (22) or as text (22%), or use desktop Excel or the xlwings "
    "Lite script, which read formats"
)


def unformatted_percentages(measures: MeasuresWorkbook, table: SheetCells) -> list[Problem]:
    """What reading the measures' percentages without number formats leaves in doubt.

    Args:
        measures: The measures as read, without formats.
        table: The measures sheet as read.

    Returns:
        A warning that percentages were read as typed, where some percentage is a number,
        and an error a column where one of them is below 1 (and not 0), naming its cells;
        nothing where no percentage is a number.

    >>> import pandas as pd
    >>> from xl_tools.model import Layout, Settings
    >>> table = SheetCells("M", (("Measure", "Value"), ("% a", 0.38), ("% b", 22)))
    >>> layout = Layout("M", 1, {"measure": 1, "value": 2}, (2, 3), 2)
    >>> frame = pd.DataFrame({"measure": ["% a", "% b"], "unit": [Unit.PERCENT] * 2})
    >>> warning, error = unformatted_percentages(
    ...     MeasuresWorkbook(frame, Settings(), layout, source="m.xlsx"), table)
    >>> error.cell, error.found
    ('B2', 0.38)
    >>> "38% if its cell is formatted as a percentage, 0.38% if not" in error.message
    True
    >>> "the column also holds 22 at B3, in points" in error.message
    True
    """
    layout = measures.layout
    rows = [
        (row, str(name))
        for row, unit, name in zip(
            layout.rows, measures.frame["unit"], measures.frame["measure"], strict=True
        )
        if unit is Unit.PERCENT
    ]
    problems = []
    typed_any = False
    for column in _figure_columns(table, measures):
        numbers = [
            (row, name, value)
            for row, name in rows
            if (value := _number(table, row, column)) is not None
        ]
        typed_any = typed_any or bool(numbers)
        doubtful = [entry for entry in numbers if abs(entry[2]) < 1]
        if doubtful:
            doubtful += [entry for entry in numbers if abs(entry[2]) == 1]
            typed = [entry for entry in numbers if abs(entry[2]) > 1]
            problems.append(_ambiguous(measures, table, column, sorted(doubtful), typed))
    if not typed_any:
        return []
    warning = Problem(
        ProblemCode.NO_NUMBER_FORMATS,
        READ_AS_TYPED,
        file=measures.source,
        sheet=layout.sheet,
        severity=Severity.WARNING,
    )
    return [warning, *problems]


def _figure_columns(table: SheetCells, measures: MeasuresWorkbook) -> list[int]:
    """The columns of figures in the measures' own units: the fields', then the months'."""
    layout = measures.layout
    fields = [layout.columns[field] for field in UNIT_FIGURES if field in layout.columns]
    claimed = set(layout.columns.values())
    months = [
        column
        for column in range(1, layout.last_column + 1)
        if column not in claimed and parse_month(table.value(layout.header_row, column))
    ]
    return [*fields, *months]


def _number(table: SheetCells, row: int, column: int) -> float | None:
    """A cell's number, None where it holds none (or 0, which reads alike either way)."""
    value = table.value(row, column)
    if isinstance(value, bool) or not isinstance(value, int | float) or value == 0:
        return None
    return float(value)


def _ambiguous(
    measures: MeasuresWorkbook,
    table: SheetCells,
    column: int,
    doubtful: Sequence[tuple[int, str, float]],
    typed: Sequence[tuple[int, str, float]],
) -> Problem:
    """One column's percentages that could be fractions, at the first of them."""
    (row, name, value), *others = doubtful
    message = (
        f'is a percentage below 1 ({_header(table, measures, column)} of "{name}"): '
        f"{_plain(value * 100)}% if its cell is formatted as a percentage, {_plain(value)}% "
        "if not, and number formats cannot be read here"
    )
    if others:
        message += f"; so are {_cells([r for r, _, _ in others], column)}"
    if typed:
        at, _, points = typed[0]
        message += (
            f"; the column also holds {_plain(points)} at {cell_address(at, column)}, in points"
        )
    return Problem(
        ProblemCode.AMBIGUOUS_PERCENTAGE,
        f"{message}: {FIX}",
        file=measures.source,
        sheet=measures.layout.sheet,
        cell=cell_address(row, column),
        found=table.value(row, column),
    )


def _header(table: SheetCells, measures: MeasuresWorkbook, column: int) -> str:
    """A column's header as the officer reads it: a month column's as ``Apr-23``."""
    header = table.value(measures.layout.header_row, column)
    month = None if isinstance(header, str) else parse_month(header)
    return f"{month:%b-%y}" if month is not None else " ".join(str(header).split())


def _cells(rows: Sequence[int], column: int) -> str:
    """Rows of one column as Excel writes a list of them, runs as ranges.

    >>> _cells([4, 5, 6, 9, 11, 12], 6)
    'F4:F6, F9, F11:F12'
    """
    runs: list[list[int]] = []
    for row in sorted(rows):
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return ", ".join(
        cell_address(first, column) if first == last else range_address(first, column, last, column)
        for first, last in runs
    )


def _plain(number: float) -> str:
    """A figure as a message shows it, without float noise.

    >>> _plain(0.38 * 100), _plain(0.225), _plain(22.0)
    ('38', '0.225', '22')
    """
    return f"{round(number, 10):g}"
