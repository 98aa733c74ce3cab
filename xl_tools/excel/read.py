"""Read an open workbook's sheets into `SheetCells` through xlwings, whole ranges at a time,
and its measures from them.

Values come from one read of each sheet's used range. Number formats come where the
engine can give them: desktop Excel answers ``Range.number_format`` at once, xlwings Lite
only through ``await Range.get_number_format()``, and xlwings' remote engine not at all.
A format is asked for a whole column first; only a column whose cells differ is asked
cell by cell, and then only for cells holding a number, the one place a format changes
how a value reads (a fraction shown as ``22%``, DESIGN 3.3). Where no formats can be had,
the snapshot carries none: percentages are read as typed, and one that could be a
fraction shown as a percentage is refused (`read_measures`). Formulas, which Excel does
not send with the values, are read in Lite on request (`read_formulas`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from xl_tools.errors import Problem, Severity
from xl_tools.read.cells import GENERAL, SheetCells

if TYPE_CHECKING:
    import xlwings as xw

    from xl_tools.model import MeasuresWorkbook

# A sheet's number formats from A1, shaped like its values.
FormatGrid = tuple[tuple[str, ...], ...]


def read_sheets(
    book: xw.Book, number_formats: Mapping[str, FormatGrid] | None = None
) -> tuple[SheetCells, ...]:
    """Snapshot every sheet of an open workbook, values and (where known) number formats.

    Args:
        book: The open workbook.
        number_formats: Each sheet's formats, by sheet name, where the caller has read
            them already (xlwings Lite, see `read_number_formats`). Without them they are
            read from the book where the engine can answer synchronously (desktop Excel).

    Returns:
        One snapshot a sheet, in the workbook's order.
    """
    sheets = []
    for sheet in book.sheets:
        used = sheet.used_range
        values = _values_from_a1(used)
        if number_formats is not None:
            formats = number_formats.get(sheet.name, ())
        else:
            formats = _desktop_formats(sheet, used, values)
        sheets.append(SheetCells(sheet.name, values, formats))
    return tuple(sheets)


def read_measures(
    book: xw.Book,
    number_formats: Mapping[str, FormatGrid] | None,
    *,
    population_needed: bool,
    figures: bool = True,
) -> tuple[MeasuresWorkbook, tuple[SheetCells, ...]]:
    """The open workbook's measures, and its sheets as read.

    Where no number format can be read (xlwings Server, a synchronous Lite script), a
    percentage is read as typed, with a warning, and one that could be a fraction shown as
    a percentage stops the job (`xl_tools.read.unformatted`), so that no figure comes out
    a hundred times too small.

    Args:
        book: The open workbook.
        number_formats: As for `read_sheets`.
        population_needed: Whether a rate per 10,000 with no count needs the child
            population, as it does to be computed; filling comparators does not.
        figures: Whether the job uses the workbook's figures, and so needs them read right.
    """
    from xl_tools.errors import MeasuresTableError
    from xl_tools.read.table import interpret
    from xl_tools.read.unformatted import unformatted_percentages

    sheets = read_sheets(book, number_formats)
    measures = interpret(sheets, source=book.name, population_needed=population_needed)
    if figures and number_formats is None and not can_read_formats(book):
        table = next(sheet for sheet in sheets if sheet.name == measures.layout.sheet)
        found = unformatted_percentages(measures, table)
        if any(problem.severity is Severity.ERROR for problem in found):
            raise MeasuresTableError([*found, *measures.problems])
        measures = _with_problems(measures, found)
    return measures, sheets


def _with_problems(measures: MeasuresWorkbook, problems: Sequence[Problem]) -> MeasuresWorkbook:
    import dataclasses

    return dataclasses.replace(measures, problems=(*problems, *measures.problems))


def can_read_formats(book: xw.Book) -> bool:
    """Whether the engine answers number formats at once, as `read_sheets` reads them.

    Desktop Excel does; xlwings' remote engine and Lite's synchronous API do not (Lite's
    formats come through `read_number_formats` instead).
    """
    try:
        book.sheets[0].range("A1").number_format  # noqa: B018 (asked for its error alone)
    except NotImplementedError:
        return False
    return True


async def read_number_formats(book: xw.Book, *, blanks: bool = False) -> dict[str, FormatGrid]:
    """Read every sheet's number formats in xlwings Lite, where only the async getter works.

    Args:
        book: The workbook the Lite script was given.
        blanks: Read the formats of blank cells too, where their column's cells differ:
            next month's figures go into cells blank today, in the form their format
            shows (New month). Such columns are then asked a row at a time (a measure's
            cells share its unit's format), a row whose cells differ in halves.

    Returns:
        Each sheet's formats by sheet name, ready for `read_sheets`.
    """
    found = {}
    for sheet in book.sheets:
        used = sheet.used_range
        values = _values_from_a1(used)
        columns = [await column.get_number_format() for column in used.columns]
        if blanks:
            cells = await _every_cell(sheet, used, columns)
        else:
            cells = {
                (row, column): await sheet.range((row, column)).get_number_format()
                for row, column in _cells_to_ask(values, used.column, columns)
            }
        found[sheet.name] = _format_grid(values, used.column, columns, cells)
    return found


async def _every_cell(
    sheet: xw.Sheet, used: xw.Range, columns: Sequence[str | None]
) -> dict[tuple[int, int], str | None]:
    """The format of every cell of the columns whose cells do not share one.

    A row's cells usually share a format (a measure's unit), so each row of each run of
    such neighbouring columns is asked at once, and halved only where it is mixed.
    """
    cells: dict[tuple[int, int], str | None] = {}
    mixed = [used.column + index for index, code in enumerate(columns) if code is None]
    for first, last in _runs_of(mixed):
        for row in range(used.row, used.row + used.shape[0]):
            await _halves(sheet, row, first, last, cells)
    return cells


async def _halves(
    sheet: xw.Sheet, row: int, first: int, last: int, cells: dict[tuple[int, int], str | None]
) -> None:
    """Ask columns `first` to `last` of a row for their format, halving them until they share
    one."""
    code = await sheet.range((row, first), (row, last)).get_number_format()
    if code is not None or first == last:
        cells.update(((row, column), code) for column in range(first, last + 1))
        return
    middle = (first + last) // 2
    await _halves(sheet, row, first, middle, cells)
    await _halves(sheet, row, middle + 1, last, cells)


def _runs_of(numbers: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive numbers as (first, last) runs.

    >>> _runs_of([3, 4, 5, 8])
    [(3, 5), (8, 8)]
    """
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return [(first, last) for first, last in runs]


async def read_formulas(book: xw.Book) -> dict[str, frozenset[tuple[int, int]]]:
    """The cells holding a formula on every sheet, read in xlwings Lite.

    Excel sends a formula's result, not the formula, with the workbook, and Lite reads
    formulas only through the async getter (desktop Excel's buttons work on the file).

    Args:
        book: The workbook the Lite script was given.

    Returns:
        Each sheet's formula cells, (row, column) from 1, by sheet name.
    """
    found = {}
    for sheet in book.sheets:
        used = sheet.used_range
        texts = await used.options(ndim=2).get_formula()
        found[sheet.name] = frozenset(
            (used.row + row, used.column + column)
            for row, line in enumerate(texts)
            for column, text in enumerate(line)
            if isinstance(text, str) and text.startswith("=")
        )
    return found


def _desktop_formats(sheet: xw.Sheet, used: xw.Range, values: tuple) -> FormatGrid:
    try:
        columns = [column.number_format for column in used.columns]
    except NotImplementedError:
        # The remote engine and Lite's synchronous API cannot read formats.
        return ()
    cells = {
        (row, column): sheet.range((row, column)).number_format
        for row, column in _cells_to_ask(values, used.column, columns)
    }
    return _format_grid(values, used.column, columns, cells)


def _values_from_a1(used: xw.Range) -> tuple[tuple[object, ...], ...]:
    """The used range's values, padded with blanks so that they start at A1."""
    rows = used.options(ndim=2).value
    left = [None] * (used.column - 1)
    top: list[tuple[object, ...]] = [()] * (used.row - 1)
    return tuple(top + [tuple(left + list(row)) for row in rows])


def _cells_to_ask(
    values: Sequence[Sequence[object]], first_column: int, columns: Sequence[str | None]
) -> list[tuple[int, int]]:
    """The numeric cells of the columns whose cells do not share one format (1-based).

    >>> _cells_to_ask([["Measure", "Value"], ["Rate", 439.0], ["%", 0.22]], 2, [None])
    [(2, 2), (3, 2)]
    """
    mixed = {first_column + index for index, code in enumerate(columns) if code is None}
    return [
        (row, column)
        for row, cells in enumerate(values, start=1)
        for column, value in enumerate(cells, start=1)
        if column in mixed and _is_number(value)
    ]


def _format_grid(
    values: Sequence[Sequence[object]],
    first_column: int,
    columns: Sequence[str | None],
    cells: Mapping[tuple[int, int], str | None],
) -> FormatGrid:
    """The format of every cell: its own where asked, else its column's, else General.

    >>> _format_grid([["a", 0.2]], 1, ["General", None], {(1, 2): "0%"})
    (('General', '0%'),)
    """
    grid = []
    for row, cells_of_row in enumerate(values, start=1):
        line = []
        for column in range(1, len(cells_of_row) + 1):
            index = column - first_column
            shared = columns[index] if 0 <= index < len(columns) else None
            line.append(cells.get((row, column)) or shared or GENERAL)
        grid.append(tuple(line))
    return tuple(grid)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
