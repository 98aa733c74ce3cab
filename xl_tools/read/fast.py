"""Read the sheets of a workbook already open for writing, so that a build loads it once.

A build must open the whole workbook with openpyxl to write into it. Where no cell holds a
formula, the values that load gives are exactly the values Excel saved, which is all the
reader (`xl_tools.read.xlsx`) would take from a second, read-only load; so the same
`SheetCells` are made from it and the second load is saved. A workbook with any formula
needs the saved results of its formulas, which only a values-only load gives: for it
`sheets_from_book` answers None and the reader's own load is used.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from xl_tools.read.cells import GENERAL, SheetCells

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA = "f"  # openpyxl's data type of a formula cell (plain, array or data table)


def sheets_from_book(book: Workbook) -> tuple[SheetCells, ...] | None:
    """The worksheets of a workbook loaded with its formulas, where it has none.

    Args:
        book: A workbook from ``openpyxl.load_workbook(path)`` (not values-only).

    Returns:
        Every worksheet in workbook order (chart sheets have no cells and are left out),
        read as `xl_tools.read.load_sheets` reads them; None where any cell holds a
        formula, whose saved result this load does not have.

    >>> from openpyxl import Workbook
    >>> book = Workbook()
    >>> book.active.append(["Measure", "Value"])
    >>> book.active.append(["Referrals", 0.22])
    >>> book.active["B2"].number_format = "0%"
    >>> (sheet,) = sheets_from_book(book)
    >>> sheet.value(2, 2), sheet.number_format(2, 2)
    (0.22, '0%')
    >>> book.active["C2"] = "=B2*100"
    >>> sheets_from_book(book) is None
    True
    """
    sheets = []
    for worksheet in book.worksheets:
        sheet = _sheet_cells(worksheet)
        if sheet is None:
            return None
        sheets.append(sheet)
    return tuple(sheets)


def _sheet_cells(worksheet: Worksheet) -> SheetCells | None:
    # From the cells the sheet holds, without making the blank ones between them as
    # ``iter_rows`` would: the workbook is saved afterwards, and must be saved as loaded.
    cells = worksheet._cells  # not public in openpyxl (pinned <3.2 in pyproject)
    # The sheet's extent from the cells' keys, as openpyxl's `max_row` and `max_column`
    # find it, but in one pass rather than one each.
    height = max((row for row, _ in cells), default=0)
    width = max((column for _, column in cells), default=0)
    values: list[list[object]] = [[None] * width for _ in range(height)]
    formats: list[list[str]] = [[GENERAL] * width for _ in values]
    number_format = _number_formats(worksheet.parent)
    for (row, column), cell in cells.items():
        if cell.data_type == FORMULA:
            return None
        values[row - 1][column - 1] = cell._value  # `value` itself, past a property
        if cell._style is not None:
            formats[row - 1][column - 1] = number_format(cell._style.numFmtId) or GENERAL
    last = _last_filled_row(values)
    hidden = worksheet.sheet_state != "visible"
    return SheetCells(
        worksheet.title,
        tuple(map(tuple, values[:last])),
        tuple(map(tuple, formats[:last])),
        hidden=hidden,
    )


def _number_formats(book: Workbook) -> Callable[[int], str]:
    """A cell's number format by its format number, as openpyxl's `Cell.number_format`.

    Looked up once a format rather than once a cell: most cells share a few formats.

    >>> from openpyxl import Workbook
    >>> book = Workbook()
    >>> book.active["A1"].number_format = "0.0%"
    >>> number_format = _number_formats(book)
    >>> number_format(book.active["A1"]._style.numFmtId), number_format(9), number_format(0)
    ('0.0%', '0%', 'General')
    """
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    @cache
    def number_format(number: int) -> str:
        if number < BUILTIN_FORMATS_MAX_SIZE:
            return BUILTIN_FORMATS.get(number, GENERAL)
        return book._number_formats[number - BUILTIN_FORMATS_MAX_SIZE]

    return number_format


def _last_filled_row(values: list[list[object]]) -> int:
    for index in range(len(values), 0, -1):
        if any(value is not None for value in values[index - 1]):
            return index
    return 0
